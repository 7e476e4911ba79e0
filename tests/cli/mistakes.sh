# Operator mistakes that used to do silent harm (issue 17), each typed as an operator would:
#   1. revoke without --previous un-revoked everyone;
#   2. re-running a finished batch with another or a longer input did nothing, and left .pending;
#   3. one future time locked a handheld's clock mark for good;
#   4. issue signed what every verifier would refuse (iss typo, key window, validity, root key);
#   6. a sample desk without --linkable wrote records the authority can never resolve;
#   7. a GBK batch file was rejected row by row; a person twice in a round was issued twice;
#   9. scanning a QT1 sheet without --state said "accepted" as if stored.
source "$(dirname "$0")/lib.sh" "$@"
make_authority

verify_json() { qrseal verify --root root.pub --trust trust.cose --revocations revoked.cose --json --now "$NOW" "$@"; }
cti_of() { qrseal inspect "$1" | json_get claims.cti; }

# --- 1. revoke carries the list it replaces ------------------------------------------------------
a=$(issue_json '{"status":"green","name":"A"}' --valid 48h)
b=$(issue_json '{"status":"green","name":"B"}' --valid 48h)
expect_exit 0 qrseal revoke --root root.key --cti "$(cti_of "$a")" --seq 1 \
  --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out revoked.cose
# The operator forgets --previous: A must stay revoked.
expect_exit 0 qrseal revoke --root root.key --cti "$(cti_of "$b")" --seq 2 \
  --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out revoked.cose
expect_contains "$err" "1 kept from the previous list, 0 dropped as expired; it replaces 'revoked.cose' (seq 1)"
expect_exit 1 verify_json "$a"
check_outcome revoked
expect_exit 1 verify_json "$b"
check_outcome revoked
# The same seq again would be a rollback: refused, the file unchanged.
cp revoked.cose before.cose
expect_exit 2 qrseal revoke --root root.key --seq 2 --issued-at "$LIST_ISSUED" \
  --next-update "$LIST_NEXT" --out revoked.cose
expect_contains "$err" "must be greater than the previous list's 2 ('revoked.cose')"
cmp -s before.cose revoked.cose || fail "a refused revoke changed the list"
# Un-revoking takes a flag that names the credential, or one that drops everything.
expect_exit 0 qrseal revoke --root root.key --unrevoke "$(cti_of "$b")" --seq 3 \
  --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out revoked.cose
expect_contains "$err" "1 un-revoked by --unrevoke"
expect_exit 1 verify_json "$a"
check_outcome revoked
expect_exit 0 verify_json "$b"
expect_exit 2 qrseal revoke --root root.key --unrevoke "$(cti_of "$b")" --seq 4 \
  --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out revoked.cose
expect_contains "$err" "not on the list being replaced"
expect_exit 0 qrseal revoke --root root.key --drop-all-previous --seq 4 \
  --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out revoked.cose
expect_exit 0 verify_json "$a"
# --out holding something else (a trust list) is refused, not overwritten.
cp trust.cose keep.cose
expect_exit 2 qrseal revoke --root root.key --seq 5 --issued-at "$LIST_ISSUED" \
  --next-update "$LIST_NEXT" --out keep.cose
expect_contains "$err" "not a revocation list of this root"
cmp -s trust.cose keep.cose || fail "revoke overwrote a trust list"

# --- 2. a finished batch run again with another or a longer input --------------------------------
printf 'subject_id,status,name\nS-1,green,One\nS-2,green,Two\n' >round.csv
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --batch round.csv --out-dir round \
  --now "$IAT" --valid 48h
[ ! -e round/.pending ] || fail "a finished job left round/.pending behind"
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --batch round.csv --out-dir round \
  --now "$IAT" --valid 48h
expect_contains "$err" "already complete with the same input"
printf 'subject_id,status,name\nX-1,green,Other\n' >other.csv
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch other.csv --out-dir round \
  --now "$IAT" --valid 48h
expect_contains "$err" "holds a finished job whose input was not 'other.csv'"
expect_contains "$err" "new --out-dir"
printf 'S-3,green,Three\n' >>round.csv
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --batch round.csv --out-dir round \
  --now "$IAT" --valid 48h
expect_contains "$err" "1 issued, 0 rejected"
subjects=$(python3 -c 'import json; print(" ".join(json.loads(l)["subject_id"] for l in open("round/credentials.jsonl")))')
expect_eq "$subjects" "S-1 S-2 S-3" "subjects after the round grew"
[ ! -e round/.pending ] || fail "the grown job left round/.pending behind"

# --- 7. encodings and repeated people ------------------------------------------------------------
printf 'subject_id,status,name\nG-1,green,\xd5\xc5\xc8\xfd\nG-2,green,\xc0\xee\xcb\xc4\n' >gbk.csv
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch gbk.csv --out-dir gbk \
  --now "$IAT" --valid 48h
expect_contains "$err" "gbk.csv line 2 is not UTF-8"
expect_contains "$err" "iconv -f GBK -t UTF-8"
[ ! -s gbk/credentials.jsonl ] || fail "a GBK file issued credentials"
printf 'subject_id,status,name\nD-1,green,张三\nD-2,green,李四\nD-1,green,张三\n' >dup.csv
expect_exit 3 qrseal issue --key issuer.key --iss "$ISS" --batch dup.csv --out-dir dup \
  --now "$IAT" --valid 48h --chunk-rows 1
expect_contains "$(cat dup/rejected.jsonl)" "subject_id 'D-1' appears twice in this round: issued from line 2"
expect_eq "$(wc -l <dup/credentials.jsonl)" 2 "credentials of a round with a repeated person"

# --- 4. issue checks what verifiers will accept ----------------------------------------------------
expect_exit 2 qrseal issue --key issuer.key --iss CN-61010 --claims - \
  --now "$IAT" --trust trust.cose <<<'{"status":"green"}'
expect_contains "$err" "not for iss 'CN-61010'"
expect_exit 2 issue_json '{"status":"green"}' --trust trust.cose --now 2031-01-01T00:00:00Z
expect_contains "$err" "outside the window"
expect_exit 2 qrseal issue --key root.key --iss "$ISS" --claims - \
  --now "$IAT" --trust trust.cose <<<'{"status":"green"}'
expect_contains "$err" "sign trust lists with it, issue with an issuer key"
qrseal trust build --root root.key --entry "issuer.pub,$ISS,2021-01-01T00:00:00Z,2030-01-01T00:00:00Z" \
  --seq 2 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --policy-max-validity 72h \
  --out capped.cose 2>/dev/null
expect_exit 2 issue_json '{"status":"green"}' --trust capped.cose --valid 30d
expect_contains "$err" "above the trust list's max_validity"
expect_exit 2 issue_json '{"status":"green"}' --trust revoked.cose
expect_contains "$err" "is a revocation list, not a trust list"
expect_exit 0 issue_json '{"status":"green"}' --trust capped.cose --trust-root root.pub --valid 48h
expect_not_contains "$err" "cannot check"
expect_exit 0 issue_json '{"status":"green"}' --valid 48h
expect_contains "$err" "cannot check"
expect_exit 2 qrseal issue --key issuer.key --iss CN-61010 --batch round.csv --out-dir typo \
  --now "$IAT" --valid 48h --trust trust.cose
expect_contains "$err" "refusing to sign"
[ ! -e typo/credentials.jsonl ] || fail "a refused batch made an output directory"

# --- 3. the clock mark and one wrong time -----------------------------------------------------------
qrseal state init --state clk --root root.pub 2>/dev/null
qrseal state update --state clk --trust trust.cose >/dev/null
expect_exit 1 qrseal verify --state clk --now 2031-06-01T00:00:00Z --json "$(cat cred.txt)"
expect_contains "$err" "far past the lists' next update"
expect_exit 0 qrseal state show --state clk
expect_not_contains "$out" "clock_high_water" "state after an implausible time"
expect_exit 0 qrseal verify --state clk --now "$NOW" --json "$(cat cred.txt)"
expect_warnings
# A future time within the plausible bound does raise it; reset-clock is the way back.
expect_exit 0 qrseal verify --state clk --now 2021-12-21T20:00:00Z --json "$(cat cred.txt)"
expect_exit 1 qrseal verify --state clk --now "$NOW" --reject-clock-behind --json "$(cat cred.txt)"
check_outcome clock_behind
expect_exit 0 qrseal state reset-clock --state clk --now "$NOW"
expect_contains "$err" "2021-12-21T20:00:00Z set to 2021-12-20T09:00:00Z"
expect_exit 0 qrseal verify --state clk --now "$NOW" --reject-clock-behind --json "$(cat cred.txt)"
expect_exit 0 qrseal state show --state clk
expect_eq "$(json_get clock_resets.0.time <<<"$out")" 2021-12-20T09:00:00Z "journaled reset"

# --- 6. a sample desk always journals the resolvable form ------------------------------------------
qrseal state init --state desk --root root.pub 2>/dev/null
qrseal state update --state desk --trust trust.cose >/dev/null
p1=$(sed -n 1p round/credentials.jsonl | json_get text)
p2=$(sed -n 2p round/credentials.jsonl | json_get text)
qrseal render "$p1" --png p1.png 2>/dev/null
qrseal render "$p2" --png p2.png 2>/dev/null
qrencode -o tube.png -s 6 "TUBE-0001"
expect_exit 0 qrseal scan --state desk --checkpoint desk-1 --sample-desk --now "$NOW" --lang en \
  p1.png tube.png
expect_contains "$out" "sample TUBE-0001 linked"
expect_exit 0 qrseal journal export desk/journal.db --out desk.jsonl
expect_eq "$(head -1 desk.jsonl | json_get ref_form)" linkable "a sample desk's reference form"
expect_exit 0 qrseal ledger resolve --ledger round/ledger.sqlite desk.jsonl
expect_contains "$out" "S-1"
# The same tube label for a second person: linked, with a warning.
expect_exit 0 qrseal scan --state desk --checkpoint desk-1 --sample-desk --now "$NOW" --lang en \
  p2.png tube.png
expect_contains "$out" "already linked to another person"
expect_contains "$err" "sample 'TUBE-0001' is already linked to record 1"

# --- 9. a QT1 sheet scanned without --state is for that run only -----------------------------------
qrseal trust render capped.cose --png sheet.png 2>/dev/null
expect_exit 0 qrseal scan --root root.pub --trust trust.cose --now "$NOW" --lang en sheet.png
expect_contains "$out" "for this run only, not stored"
pass
