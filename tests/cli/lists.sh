# trust build, trust text and revoke; every list result the verify CLI can report (exit 2, the
# result named in the message). list_rollback and list_unchanged need a held list, which the
# verify CLI does not keep; the unit tests cover them.
source "$(dirname "$0")/lib.sh" "$@"
make_authority
cred=$(cat cred.txt)

# --- trust build ----------------------------------------------------------------------------------
expect_exit 0 qrseal trust build --root root.key \
  --entry "issuer.pub,$ISS,2021-01-01T00:00:00Z,2030-01-01T00:00:00Z" \
  --seq 7 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out t7.cose
expect_eq "$out" "" "stdout of trust build"
root_kid=$(sed -n 's/^kid: //p' root.pub)
expect_contains "$err" "seq 7"
expect_contains "$err" "$root_kid"
expect_eq "$(stat -c %a t7.cose)" 644 "mode of a list file"
# The file is the raw tagged COSE_Sign1: first byte 0xD2.
expect_eq "$(od -An -tx1 -N1 t7.cose | tr -d ' ')" d2 "first byte of the list file"
expect_exit 0 qrseal verify --root root.pub --trust t7.cose --now "$NOW" "$cred"

# Integer times give the same list as RFC 3339 ones (signatures are deterministic).
expect_exit 0 qrseal trust build --root root.key --entry "issuer.pub,$ISS,1609459200,1893456000" \
  --seq 7 --issued-at 1639958400 --next-update 1640563200 --out t7int.cose
cmp t7.cose t7int.cose || fail "integer and RFC 3339 times gave different lists"
# ... and so do RFC 3339 times with an offset.
expect_exit 0 qrseal trust build --root root.key \
  --entry "issuer.pub,$ISS,2021-01-01T08:00:00+08:00,2029-12-31T19:00:00-05:00" \
  --seq 7 --issued-at 2021-12-20T08:00:00+08:00 --next-update 1640563200 --out t7off.cose
cmp t7.cose t7off.cose || fail "RFC 3339 offsets gave a different list"

# Several entries, and an empty list (no issuer: every credential is unknown_key).
expect_exit 0 qrseal keygen --out issuer2 --no-passphrase
expect_exit 0 qrseal trust build --root root.key --entry "issuer.pub,$ISS,0,2000000000" \
  --entry "issuer2.pub,CN-2,0,2000000000" --entry "issuer.pub,CN-3,0,2000000000" \
  --seq 2 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out multi.cose
expect_contains "$err" "3 entries"
expect_exit 0 qrseal verify --root root.pub --trust multi.cose --now "$NOW" "$cred"
expect_exit 0 qrseal trust build --root root.key --seq 3 --issued-at "$LIST_ISSUED" \
  --next-update "$LIST_NEXT" --out empty.cose
expect_exit 1 qrseal verify --root root.pub --trust empty.cose --now "$NOW" --json "$cred"
expect_eq "$(json_get outcome <<<"$out")" unknown_key "outcome against an empty trust list"

# --issued-at defaults to the clock: the list is not dated in 1970.
expect_exit 0 qrseal trust build --root root.key --seq 1 --next-update 2099-01-01T00:00:00Z --out now.cose
expect_exit 0 qrseal trust text now.cose
expect_exit 0 qrseal inspect "$out"
issued=$(python3 -c '
import sys
p = bytes.fromhex(sys.argv[1])
# payload map: a5 01 6c "trust-list/1" 02 <seq 01> 03 1a <4 bytes issued_at> ...
i = p.index(b"\x03\x1a", 15)
print(int.from_bytes(p[i + 2:i + 6], "big"))' "$(json_get cose.payload_hex <<<"$out")")
[ "$issued" -gt 1700000000 ] || fail "trust build without --issued-at wrote issued_at $issued"

# Usage errors: exit 2, a message naming the flag, no file written.
bad_build() {
  local what=$1
  shift
  expect_exit 2 qrseal trust build --root root.key --issued-at "$LIST_ISSUED" "$@" --out bad.cose
  expect_contains "$err" "$what"
  [ ! -e bad.cose ] || fail "trust build $* wrote a list"
}
bad_build --entry --entry "issuer.pub,$ISS,0" --seq 1 --next-update "$LIST_NEXT"
bad_build "ISS,NOT_BEFORE" --entry "issuer.pub,$ISS,0,1,2" --seq 1 --next-update "$LIST_NEXT"
bad_build "ISS must" --entry "issuer.pub,,0,1" --seq 1 --next-update "$LIST_NEXT"
bad_build "ISS must" --entry "issuer.pub,$(printf 'x%.0s' {1..33}),0,1" --seq 1 --next-update "$LIST_NEXT"
bad_build "NOT_BEFORE is after" --entry "issuer.pub,$ISS,10,9" --seq 1 --next-update "$LIST_NEXT"
bad_build "before 1970" --entry "issuer.pub,$ISS,-1,9" --seq 1 --next-update "$LIST_NEXT"
bad_build "tomorrow" --entry "issuer.pub,$ISS,tomorrow,9" --seq 1 --next-update "$LIST_NEXT"
bad_build "missing.pub" --entry "missing.pub,$ISS,0,9" --seq 1 --next-update "$LIST_NEXT"
bad_build "--next-update" --seq 1 --next-update soon
bad_build "--issued-at" --seq 1 --next-update "$LIST_NEXT" --issued-at 2021-12-20
bad_build "--policy-accept" --seq 1 --next-update "$LIST_NEXT" --policy-accept green,blue
bad_build "--policy-max-test-age" --seq 1 --next-update "$LIST_NEXT" --policy-max-test-age 2w
bad_build "--policy-max-stale" --seq 1 --next-update "$LIST_NEXT" --policy-max-stale -1h
bad_build "--policy-max-validity" --seq 1 --next-update "$LIST_NEXT" --policy-max-validity 1.5d
bad_build "root key" --entry "root.pub,$ISS,0,9" --seq 1 --next-update "$LIST_NEXT"
bad_build "seq" --next-update "$LIST_NEXT"
# --seq is decimal digits only: no sign (-1 must not wrap to 2^64-1), no hex, no octal.
for seq in -1 +5 0x10 "" " 5" 1e3 18446744073709551616; do
  bad_build "--seq" --seq "$seq" --next-update "$LIST_NEXT"
done
expect_exit 0 qrseal trust build --root root.key --seq 010 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out octal.cose
expect_contains "$err" "seq 10 "
expect_exit 0 qrseal trust build --root root.key --seq 18446744073709551615 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out max.cose
expect_contains "$err" "seq 18446744073709551615 "
expect_exit 2 qrseal trust build --root missing.key --seq 1 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out bad.cose
expect_contains "$err" "missing.key"
# An output path that cannot be written.
expect_exit 2 qrseal trust build --root root.key --seq 1 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out no/dir/t.cose
expect_contains "$err" "no/dir/t.cose"

# --- trust text: the QT1: key-update sheet ---------------------------------------------------------
expect_exit 0 qrseal trust text trust.cose
qt=$out
expect_eq "${qt:0:4}" "QT1:" "prefix of trust text"
expect_exit 0 qrseal inspect "$qt"
expect_eq "$(json_get kind <<<"$out")" trust_list "inspect kind of a QT1 text"
expect_eq "$(json_get cose.protected.kid <<<"$out")" "$root_kid" "kid of the QT1 text"
expect_eq "$(json_get cose_hex <<<"$out")" "$(od -An -tx1 -v trust.cose | tr -d ' \n')" "QT1 body"
# A key-update text is not a credential.
expect_exit 1 qrseal verify --root root.pub --trust trust.cose --now "$NOW" --json "$qt"
expect_eq "$(json_get outcome <<<"$out")" malformed "outcome of a QT1 text given as credential"
printf 'garbage' >garbage.cose
# Only a file that parses as a trust list becomes a sheet (not garbage, not a revocation list).
expect_exit 2 qrseal trust text garbage.cose
expect_contains "$err" "not a trust list"
expect_eq "$out" "" "stdout of trust text for garbage"
expect_exit 2 qrseal trust text missing.cose

# --- revoke -------------------------------------------------------------------------------------
cti=$(qrseal inspect "$cred" | json_get claims.cti)
cred2=$(issue_json '{"status":"green"}')
cti2=$(qrseal inspect "$cred2" | json_get claims.cti)
expect_exit 0 qrseal revoke --root root.key --cti "$cti" --seq 1 --issued-at "$LIST_ISSUED" \
  --next-update "$LIST_NEXT" --out rev.cose
expect_contains "$err" "1 credential"
expect_exit 2 qrseal trust text rev.cose
expect_contains "$err" "not a trust list"
expect_exit 1 qrseal verify --root root.pub --trust trust.cose --revocations rev.cose --now "$NOW" --json "$cred"
expect_eq "$(json_get outcome <<<"$out")" revoked "outcome of a revoked credential"
expect_contains "$(json_get detail <<<"$out")" "$cti"
expect_exit 0 qrseal verify --root root.pub --trust trust.cose --revocations rev.cose --now "$NOW" "$cred2"
# Upper-case hex, several --cti and a --cti-file with comments and blank lines.
printf '# revoked on 2021-12-20\n\n  %s  \r\n' "${cti2^^}" >ctis.txt
expect_exit 0 qrseal revoke --root root.key --cti "${cti^^}" --cti-file ctis.txt --seq 2 \
  --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out rev2.cose
expect_contains "$err" "2 credential"
expect_exit 1 qrseal verify --root root.pub --trust trust.cose --revocations rev2.cose --now "$NOW" "$cred"
expect_exit 1 qrseal verify --root root.pub --trust trust.cose --revocations rev2.cose --now "$NOW" "$cred2"
# The same cti twice is one entry (the blob must strictly ascend), not a broken list.
expect_exit 0 qrseal revoke --root root.key --cti "$cti" --cti "$cti" --seq 3 \
  --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out dup.cose
expect_exit 1 qrseal verify --root root.pub --trust trust.cose --revocations dup.cose --now "$NOW" "$cred"
# An empty revocation list is valid.
expect_exit 0 qrseal revoke --root root.key --seq 4 --issued-at "$LIST_ISSUED" \
  --next-update "$LIST_NEXT" --out none.cose
expect_exit 0 qrseal verify --root root.pub --trust trust.cose --revocations none.cose --now "$NOW" "$cred"
# Bad ctis.
for bad in 0011 "${cti}00" "${cti:0:31}g" "-$cti"; do
  expect_exit 2 qrseal revoke --root root.key --cti "$bad" --seq 5 --next-update "$LIST_NEXT" --out bad.cose
  expect_contains "$err" "--cti"
done
printf '%s\nnot-a-cti\n' "$cti" >badctis.txt
expect_exit 2 qrseal revoke --root root.key --cti-file badctis.txt --seq 5 --next-update "$LIST_NEXT" --out bad.cose
expect_contains "$err" "badctis.txt line 2"
expect_exit 2 qrseal revoke --root root.key --cti-file missing.txt --seq 5 --next-update "$LIST_NEXT" --out bad.cose
expect_exit 2 qrseal revoke --root root.key --seq -1 --next-update "$LIST_NEXT" --out bad.cose
expect_contains "$err" "--seq"
expect_exit 2 qrseal revoke --root root.key --seq 5 --next-update later --out bad.cose
expect_contains "$err" "--next-update"
[ ! -e bad.cose ] || fail "a failed revoke wrote a list"

# --- list results through verify: exit 2 and the result's name ------------------------------------
flip_near_end() { # copy $1 to $2 with the byte 3 from the end changed (inside the signature)
  cp "$1" "$2"
  local n
  n=$(stat -c %s "$2")
  local b
  b=$(od -An -tu1 -j $((n - 3)) -N1 "$2" | tr -d ' ')
  # shellcheck disable=SC2059  # an octal escape made on purpose
  printf "\\$(printf '%03o' $(((b + 1) % 256)))" | dd of="$2" bs=1 seek=$((n - 3)) conv=notrunc 2>/dev/null
  cmp -s "$1" "$2" && fail "flip_near_end did not change $2"
  return 0
}
expect_list_refused() { # RESULT WHICH verify-args (roots and lists)...
  local result=$1 which=$2
  shift 2
  expect_exit 2 qrseal verify --now "$NOW" "$@" "$cred"
  expect_contains "$err" "$result"
  expect_contains "$err" "$which"
  expect_eq "$out" "" "stdout when a list is refused"
}
flip_near_end trust.cose trust-badsig.cose
expect_list_refused list_bad_signature "trust list" --root root.pub --trust trust-badsig.cose
flip_near_end rev.cose rev-badsig.cose
expect_list_refused list_bad_signature "revocation list" --root root.pub --trust trust.cose --revocations rev-badsig.cose
# A list signed by another root than the pinned one.
expect_exit 0 qrseal keygen --out root2 --no-passphrase
expect_list_refused list_unknown_root "trust list" --root root2.pub --trust trust.cose
expect_exit 0 qrseal revoke --root root2.key --seq 9 --next-update "$LIST_NEXT" --out rev-other.cose
expect_list_refused list_unknown_root "revocation list" --root root.pub --trust trust.cose --revocations rev-other.cose
# Both roots pinned: either list is accepted.
expect_exit 0 qrseal verify --root root2.pub --root root.pub --trust trust.cose \
  --revocations rev-other.cose --now "$NOW" "$cred"
# Garbage, an empty file, a truncated list, and each list offered as the other kind.
printf 'this is not a COSE_Sign1 trust list\n' >garbage.cose
: >empty-file.cose
head -c 40 trust.cose >short.cose
expect_list_refused list_malformed "trust list" --root root.pub --trust garbage.cose
expect_list_refused list_malformed "trust list" --root root.pub --trust empty-file.cose
expect_list_refused list_malformed "trust list" --root root.pub --trust short.cose
expect_list_refused list_malformed "trust list" --root root.pub --trust rev.cose
expect_list_refused list_malformed "revocation list" --root root.pub --trust trust.cose --revocations trust.cose
expect_list_refused list_malformed "revocation list" --root root.pub --trust trust.cose --revocations empty-file.cose
# A list that cannot be read at all is an I/O error, also exit 2.
expect_exit 2 qrseal verify --root root.pub --trust missing.cose --now "$NOW" "$cred"
expect_contains "$err" "missing.cose"
expect_exit 2 qrseal verify --root root.pub --trust . --now "$NOW" "$cred"
expect_contains "$err" "directory"
expect_exit 2 qrseal verify --root missing.pub --trust trust.cose --now "$NOW" "$cred"
expect_contains "$err" "missing.pub"

pass
