# A handheld that runs all day, through the CLI: the state directory (init, lists, override
# flags), key updates by scanning a QT1 sheet, the clock high-water mark, staleness, the lines for
# people in Chinese and English with the bell, and the offline scan journal (keyed and linkable
# references, samples by id and by tube code, export, stats) resolved against the authority's
# ledger.
source "$(dirname "$0")/lib.sh" "$@"
make_authority
cred=$(cat cred.txt)

# --- state init / show ---------------------------------------------------------------------------
expect_exit 0 qrseal state init --state dev --root root.pub
expect_contains "$err" "$(sed -n 's/^kid: //p' root.pub)"
expect_eq "$(stat -c %a dev)" 700 "mode of the state directory"
expect_eq "$(stat -c %a dev/journal.key)" 600 "mode of the journal key"
expect_exit 2 qrseal state init --state dev --root root.pub
expect_contains "$err" "already holds a state"
expect_exit 2 qrseal state show --state nowhere
expect_contains "$err" "not a state directory"

# A new device holds no trust list: every credential is unknown_key until it gets one.
expect_exit 1 qrseal verify --state dev --now "$NOW" --json "$cred"
check_outcome unknown_key
expect_exit 0 qrseal state update --state dev --trust trust.cose
expect_contains "$out" "trust list trust.cose: list_accepted"
expect_exit 0 qrseal verify --state dev --now "$NOW" "$cred"
expect_exit 0 qrseal state update --state dev --trust trust.cose
expect_contains "$out" "list_unchanged"

# --- key update by QR: a QT1 sheet scanned replaces the stored list only if newer and signed ----
qrseal keygen --out issuer2 --no-passphrase >/dev/null 2>&1
qrseal trust build --root root.key --entry "issuer.pub,$ISS,2021-01-01T00:00:00Z,2030-01-01T00:00:00Z" \
  --entry "issuer2.pub,$ISS,2021-01-01T00:00:00Z,2030-01-01T00:00:00Z" --seq 2 \
  --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out trust2.cose 2>/dev/null
expect_exit 0 qrseal trust render trust2.cose --png sheet.png
zbarimg --nodbus -q --raw sheet.png >sheet.txt
expect_eq "$(cat sheet.txt)" "$(qrseal trust text trust2.cose)" "zbarimg of the key-update sheet"
cred2=$(echo '{"status":"green","name":"王*"}' | qrseal issue --key issuer2.key --iss "$ISS" \
  --claims - --now "$IAT" --valid 48h)
expect_outcome unknown_key 1 --now "$NOW" "$cred2"
expect_exit 0 qrseal scan --state dev --now "$NOW" --lang en sheet.png
expect_contains "$out" "key update: trust list seq 2 accepted (list_accepted)"
expect_exit 0 qrseal state show --state dev
expect_eq "$(json_get trust_list.seq <<<"$out")" 2 "trust list seq after the sheet"
expect_exit 0 qrseal verify --state dev --now "$NOW" "$cred2"
expect_exit 0 qrseal scan --state dev --now "$NOW" --json sheet.png
expect_eq "$(json_get key_update <<<"$out")" list_unchanged "the same sheet again"
# An older sheet is refused (rollback), and so is one signed by a stranger root.
qrseal trust render trust.cose --png old_sheet.png 2>/dev/null
expect_exit 1 qrseal scan --state dev --now "$NOW" --json old_sheet.png
expect_eq "$(json_get key_update <<<"$out")" list_rollback "an older sheet"
qrseal keygen --out stranger --no-passphrase >/dev/null 2>&1
qrseal trust build --root stranger.key --entry "issuer.pub,$ISS,0,2000000000" --seq 9 \
  --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out forged.cose 2>/dev/null
qrseal trust render forged.cose --png forged.png 2>/dev/null
expect_exit 1 qrseal scan --state dev --now "$NOW" --lang zh forged.png
expect_contains "$out" "不是本机信任的根密钥签发，已拒绝 (list_unknown_root)"
expect_exit 0 qrseal state show --state dev
expect_eq "$(json_get trust_list.seq <<<"$out")" 2 "seq after refused sheets"
# verify --state takes a QT1 text too; plain verify treats it as what it is not: a credential.
expect_exit 0 qrseal verify --state dev --now "$NOW" "$(cat sheet.txt)"
expect_contains "$out" "list_unchanged"

# Flags override the state for one run without changing it.
expect_exit 1 qrseal verify --state dev --trust trust.cose --now "$NOW" --json "$cred2"
check_outcome unknown_key
expect_exit 0 qrseal state show --state dev
expect_eq "$(json_get trust_list.seq <<<"$out")" 2 "seq after an override run"

# --- clock high-water mark and staleness (a device of its own, so its clock stays its own) -------
qrseal state init --state clk --root root.pub 2>/dev/null
qrseal state update --state clk --trust trust.cose >/dev/null
expect_exit 0 qrseal verify --state clk --now 2021-12-21T09:00:00Z "$cred"
expect_exit 0 qrseal state show --state clk
expect_eq "$(json_get clock_high_water <<<"$out")" 2021-12-21T09:00:00Z "high-water mark"
# The clock set back a day: the verdict says clock_behind, or rejects with --reject-clock-behind.
expect_exit 0 qrseal verify --state clk --now "$NOW" --json "$cred"
expect_warnings clock_behind
expect_exit 1 qrseal verify --state clk --now "$NOW" --reject-clock-behind --json "$cred"
check_outcome clock_behind
# Lists past next_update + max_stale: lists_too_stale instead of a silent pass.
expect_exit 1 qrseal verify --state clk --now 2021-12-30T09:00:00Z --max-stale 24h --json "$cred"
check_outcome expired
late=$(issue_json '{"status":"green"}' --now 2021-12-29T08:00:00Z --valid 72h)
expect_exit 1 qrseal verify --state clk --now 2021-12-30T09:00:00Z --max-stale 24h --json "$late"
check_outcome lists_too_stale
expect_exit 0 qrseal verify --state clk --now 2021-12-30T09:00:00Z --json "$late"
expect_warnings trust_list_stale

# --- lines for people ---------------------------------------------------------------------------
qrseal render "$cred" --png person.png 2>/dev/null
expired=$(issue_json '{"status":"green","name":"李*","id_hint":"0042"}' --now 2021-12-10T08:00:00Z --valid 48h)
qrseal render "$expired" --png expired.png 2>/dev/null
expect_exit 0 qrseal scan --state dev --now 2021-12-21T10:00:00Z --lang zh person.png
expect_contains "$out" "✔ 通过  张*明  证件尾号 1234  绿码  核酸阴性"
expect_exit 1 qrseal scan --state dev --now 2021-12-21T10:00:00Z --lang zh expired.png
expect_contains "$out" "✘ 拒绝  李*  证件尾号 0042  绿码  原因：已过期"
expect_exit 1 qrseal scan --state dev --now 2021-12-21T10:00:00Z --lang en expired.png
expect_contains "$out" "✘ REJECT  李*  ID 0042  green  reason: expired"
LC_ALL=zh_CN.UTF-8 expect_exit 0 qrseal scan --state dev --now 2021-12-21T10:00:00Z person.png
expect_contains "$out" "✔ 通过"
expect_exit 0 qrseal scan --state dev --now 2021-12-21T10:00:00Z --beep person.png
expect_eq "$(printf '%s' "$err" | tr -cd '\a' | wc -c)" 1 "bells for a pass"
expect_exit 1 qrseal scan --state dev --now 2021-12-21T10:00:00Z --beep expired.png
expect_eq "$(printf '%s' "$err" | tr -cd '\a' | wc -c)" 3 "bells for a reject"
expect_exit 2 qrseal scan --state dev --lang fr person.png
expect_contains "$err" "not zh or en"

# --- the offline scan journal: keyed by default, never the name ----------------------------------
for i in 1 2 3; do
  expect_exit 0 qrseal scan --state dev --checkpoint bus-7 --now "2021-12-21T10:0$i:00Z" person.png
done
expect_exit 1 qrseal scan --state dev --checkpoint bus-7 --now 2021-12-21T11:00:00Z expired.png
expect_exit 0 qrseal journal export dev/journal.db
expect_eq "$(printf '%s\n' "$out" | wc -l)" 4 "journal records"
expect_contains "$err" "4 record(s) exported"
first=$(printf '%s\n' "$out" | head -1)
expect_eq "$(json_get ref_form <<<"$first")" keyed "reference form"
expect_eq "$(json_get checkpoint <<<"$first")" bus-7 "checkpoint"
expect_eq "$(json_get kid <<<"$first")" "$(sed -n 's/^kid: //p' issuer.pub)" "kid"
ref=$(json_get credential <<<"$first")
expect_eq "$(printf '%s\n' "$out" | sed -n 2p | json_get credential)" "$ref" "same person, same reference"
expect_not_contains "$(cat dev/journal.db*)" "张" "journal database"
cti_prefix=$(python3 -c 'import hashlib,sys; print(hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest()[:16])' \
  "$(qrseal inspect "$cred" | json_get claims.cti)")
expect_not_contains "$out" "$cti_prefix" "keyed export"
# Another device's keyed references for the same person differ: doors cannot be joined.
qrseal state init --state dev2 --root root.pub 2>/dev/null
qrseal state update --state dev2 --trust trust.cose >/dev/null
expect_exit 0 qrseal scan --state dev2 --checkpoint bus-9 --now 2021-12-21T10:00:00Z person.png
expect_exit 0 qrseal journal export dev2/journal.db
expect_not_contains "$out" "$ref" "another device's journal"
expect_exit 0 qrseal journal stats dev/journal.db
expect_contains "$out" "2021-12-21T10:00:00Z  valid"
expect_contains "$out" "total                 all                   4"
expect_exit 0 qrseal journal stats dev/journal.db --json --since 2021-12-21T11:00:00Z
expect_eq "$out" '{"hour":"2021-12-21T11:00:00Z","outcome":"expired","count":1}' "stats since"
expect_exit 0 qrseal journal export dev/journal.db --format csv --since 2021-12-21T10:02:00Z
expect_eq "$(printf '%s\n' "$out" | head -1)" "id,time,checkpoint,outcome,warnings,kid,ref_form,credential,sample_id" "CSV header"
expect_eq "$(printf '%s\n' "$out" | wc -l)" 4 "CSV lines since 10:02"
expect_exit 2 qrseal journal export missing.db
expect_exit 2 qrseal scan --state dev --journal j.db --now "$NOW" person.png
expect_contains "$err" "--checkpoint"
expect_exit 2 qrseal scan --root root.pub --trust trust.cose --journal j.db --checkpoint x person.png
expect_contains "$err" "--linkable"

# --- test-sample desk: linkable references, samples by id and by tube code; the authority
#     resolves them with its ledger ------------------------------------------------------------
cat >round.csv <<'CSV'
subject_id,status,name,id_hint
610103000000000001,green,张*明,1234
610103000000000002,green,李*,5678
CSV
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --batch round.csv --out-dir round --now "$IAT" --valid 48h
p1=$(sed -n 1p round/credentials.jsonl | json_get text)
p2=$(sed -n 2p round/credentials.jsonl | json_get text)
qrseal render "$p1" --png p1.png 2>/dev/null
qrseal render "$p2" --png p2.png 2>/dev/null
qrencode -o tube1.png -s 6 "TUBE-0001"
qrencode -o tube2.png -s 6 "TUBE-0002"
expect_exit 0 qrseal verify --state dev --checkpoint desk-3 --linkable --sample-id TUBE-0000 \
  --now "$NOW" "$p2"
# Person, then tube, at a sample desk: the tube is linked to the person before it. A tube with
# nobody before it is not linked.
expect_exit 1 qrseal scan --state dev --checkpoint desk-3 --linkable --sample-desk --now "$NOW" \
  --lang en p1.png tube1.png tube2.png p2.png
expect_contains "$out" "sample TUBE-0001 linked to the person before"
expect_contains "$out" "sample TUBE-0002 not linked"
expect_exit 0 qrseal journal export dev/journal.db --since "$NOW" --out desk.jsonl
expect_eq "$(stat -c %a desk.jsonl)" 600 "mode of an export"
expect_exit 0 qrseal ledger resolve --ledger round/ledger.sqlite desk.jsonl
expect_contains "$err" "3 record(s) resolved"
python3 - "$out" <<'PY' || fail "ledger resolve output: $out"
import json, sys
rows = [json.loads(l) for l in sys.argv[1].splitlines()]
got = sorted((r["sample_id"] or "", r["subject_id"]) for r in rows)
assert got == [("", "610103000000000002"), ("TUBE-0000", "610103000000000002"),
               ("TUBE-0001", "610103000000000001")], got
PY
qrseal journal export dev/journal.db --since "$NOW" --format csv --out desk.csv 2>/dev/null
expect_exit 0 qrseal ledger resolve --ledger round/ledger.sqlite desk.csv
expect_contains "$err" "3 record(s) resolved"
expect_exit 2 qrseal ledger resolve --ledger nowhere.sqlite desk.csv

pass
