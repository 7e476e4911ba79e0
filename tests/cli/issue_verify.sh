# issue -> verify: the happy path, the JSON and human verdicts, issue's options and refusals,
# and the time and duration forms every command takes.
source "$(dirname "$0")/lib.sh" "$@"
make_authority
cred=$(cat cred.txt)
issuer_kid=$(sed -n 's/^kid: //p' issuer.pub)

# --- happy path ----------------------------------------------------------------------------------
expect_eq "${cred:0:4}" "QS1:" "prefix of an issued credential"
[ "$(wc -l <cred.txt)" -eq 1 ] || fail "issue printed more than one line"
expect_exit 0 qrseal verify --root root.pub --trust trust.cose --now "$NOW" --json "$cred"
json=$out
[ "$(printf '%s\n' "$json" | wc -l)" -eq 1 ] || fail "verify --json printed more than one line"
expect_eq "$(json_get outcome <<<"$json")" valid "outcome"
expect_eq "$(json_get detail <<<"$json")" valid "detail"
expect_eq "$(json_get warnings <<<"$json")" "[]" "warnings"
expect_eq "$(json_get kid <<<"$json")" "$issuer_kid" "kid"
expect_eq "$(json_get iss <<<"$json")" "$ISS" "iss"
expect_eq "$(json_get iat <<<"$json")" 1639987200 "iat"
expect_eq "$(json_get exp <<<"$json")" 1640160000 "exp (iat + 48h)"
expect_eq "$(json_get status <<<"$json")" green "status"
expect_eq "$(json_get name <<<"$json")" "张*明" "name"
expect_eq "$(json_get id_hint <<<"$json")" 1234 "id_hint"
expect_eq "$(json_get test.result <<<"$json")" negative "test.result"
expect_eq "$(json_get test.sampled_at <<<"$json")" 1639980000 "test.sampled_at"
expect_eq "$(json_get test.site <<<"$json")" XA-07 "test.site"
[[ $(json_get cti <<<"$json") =~ ^[0-9a-f]{32}$ ]] || fail "cti is not 32 hex digits"

# The human line: verdict, name, ID hint, status, test time.
expect_exit 0 qrseal verify --root root.pub --trust trust.cose --now "$NOW" "$cred"
line=$out
[ "$(printf '%s\n' "$line" | wc -l)" -eq 1 ] || fail "verify printed more than one line"
expect_eq "${line:0:5}" VALID "start of the human line"
expect_contains "$line" "张*明"
expect_contains "$line" "ID 1234"
expect_contains "$line" "green"
expect_contains "$line" "test negative 2021-12-20T06:00:00Z"
expect_exit 1 qrseal verify --root root.pub --trust trust.cose --now 2021-12-23T00:00:00Z "$cred"
line=$out
expect_eq "${line:0:8}" REJECTED "start of a rejected human line"
expect_contains "$line" "expired"
expect_contains "$line" "张*明"
expect_contains "$line" "ID 1234"
expect_contains "$line" "reason:"
expect_exit 1 qrseal verify --root root.pub --trust trust.cose --now "$NOW" "QS1:garbage"
expect_contains "$out" "REJECTED (malformed)"

# The text from stdin (a trailing newline or CRLF from a file or pipe is not part of it).
expect_exit 0 qrseal verify --root root.pub --trust trust.cose --now "$NOW" - <cred.txt
printf '%s\r\n' "$cred" >crlf.txt
expect_exit 0 qrseal verify --root root.pub --trust trust.cose --now "$NOW" - <crlf.txt
# ... but a text given as an argument is used exactly: a trailing space is part of it.
expect_exit 1 qrseal verify --root root.pub --trust trust.cose --now "$NOW" "$cred "
# Options in any order; --root last before the text takes exactly one file.
expect_exit 0 qrseal verify --trust trust.cose --now "$NOW" --json --root root.pub "$cred"
expect_exit 0 qrseal verify --now "$NOW" --trust trust.cose --root root.pub --root root.pub "$cred"
# Usage errors.
expect_exit 2 qrseal verify --root root.pub --now "$NOW" "$cred"
expect_exit 2 qrseal verify --trust trust.cose --now "$NOW" "$cred"
expect_exit 2 qrseal verify --root root.pub --trust trust.cose --now "$NOW"
expect_exit 2 qrseal verify --root root.pub --trust trust.cose --now "$NOW" --no-such-flag "$cred"
expect_exit 2 qrseal verify --root root.pub --trust trust.cose --accept green,blue "$cred"
expect_contains "$err" "--accept"

# --- issue: claims from a file and from stdin -------------------------------------------------------
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --claims - --now "$IAT" --valid 48h <claims.json
expect_exit 0 qrseal inspect "$out"
from_stdin=$(json_get claims <<<"$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("cti"); print(json.dumps(d, sort_keys=True))')
expect_exit 0 qrseal inspect "$cred"
from_file=$(json_get claims <<<"$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("cti"); print(json.dumps(d, sort_keys=True))')
expect_eq "$from_stdin" "$from_file" "claims from stdin and from the file"
# Two issues of the same claims get different random ctis.
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --claims claims.json --now "$IAT" --valid 48h
[ "$out" != "$cred" ] || fail "two credentials came out identical (cti not random?)"
cti_a=$(qrseal inspect "$out" | json_get claims.cti)
cti_b=$(qrseal inspect "$cred" | json_get claims.cti)
[ "$cti_a" != "$cti_b" ] || fail "two credentials share the cti $cti_a"

claims_of() { qrseal inspect "$1" | json_get "claims.$2"; }
# --exp and --valid, and the default validity of 72 h.
expect_exit 0 issue_json '{"status":"green"}' --exp 2021-12-25T00:00:00Z
expect_eq "$(claims_of "$out" exp)" 1640390400 "exp from --exp"
expect_exit 0 issue_json '{"status":"green"}' --exp 1640390400
expect_eq "$(claims_of "$out" exp)" 1640390400 "exp from an integer --exp"
expect_exit 0 issue_json '{"status":"green"}' --valid 30m
expect_eq "$(claims_of "$out" exp)" $((1639987200 + 1800)) "exp from --valid 30m"
expect_exit 0 issue_json '{"status":"green"}' --valid 7d
expect_eq "$(claims_of "$out" exp)" $((1639987200 + 7 * 86400)) "exp from --valid 7d"
expect_exit 0 issue_json '{"status":"green"}'
expect_eq "$(claims_of "$out" exp)" $((1639987200 + 72 * 3600)) "default exp (72h)"
expect_exit 0 issue_json '{"status":"green","exp":"2021-12-21T00:00:00Z"}'
expect_eq "$(claims_of "$out" exp)" 1640044800 "exp from the JSON"
expect_exit 2 issue_json '{"status":"green"}' --exp 2021-12-25T00:00:00Z --valid 1h
expect_eq "$out" "" "stdout of issue with --exp and --valid"
expect_exit 2 issue_json '{"status":"green"}' --exp "$IAT"
expect_contains "$err" "exp"
expect_exit 2 issue_json '{"status":"green"}' --valid 0s
# iat: --now, else the JSON's iat, else the clock.
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --claims - \
  <<<'{"status":"green","iat":"2021-12-01T00:00:00Z","exp":"2021-12-30T00:00:00Z"}'
expect_eq "$(claims_of "$out" iat)" 1638316800 "iat from the JSON"
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --claims - <<<'{"status":"green"}'
[ "$(claims_of "$out" iat)" -gt 1700000000 ] || fail "issue without --now did not use the clock"
# nbf and cti from the JSON are used exactly.
expect_exit 0 issue_json '{"status":"green","nbf":"2021-12-21T00:00:00Z","cti":"00112233445566778899AABBCCDDEEFF"}'
expect_eq "$(claims_of "$out" nbf)" 1640044800 "nbf from the JSON"
expect_eq "$(claims_of "$out" cti)" 00112233445566778899aabbccddeeff "cti from the JSON"
# vaccination, an empty name and the holder key.
expect_exit 0 issue_json '{"status":"green","name":"","vaccination":{"doses":3,"last_dose":"2021-09-01T00:00:00Z"}}'
expect_eq "$(claims_of "$out" vaccination.last_dose)" 1630454400 "vaccination.last_dose"
expect_eq "$(claims_of "$out" name)" "" "empty name"
expect_exit 0 qrseal keygen --out holder --no-passphrase
expect_exit 0 issue_json '{"status":"green"}' --holder holder.pub
expect_eq "$(claims_of "$out" cnf)" "$(sed -n 's/^public-key: //p' holder.pub)" "cnf from --holder"
# An iss in the JSON must agree with --iss.
expect_exit 0 issue_json "{\"status\":\"green\",\"iss\":\"$ISS\"}"
expect_exit 2 issue_json '{"status":"green","iss":"CN-999999"}'
expect_contains "$err" "CN-999999"
expect_eq "$out" "" "stdout of issue with a conflicting iss"

# --no-compress: claims that compress well give a zlib body unless told not to.
python3 -c 'import json; print(json.dumps({"status": "green", "name": "x" * 48, "id_hint": "x" * 8,
  "test": {"result": "negative", "sampled_at": 1639980000, "site": "x" * 16}}))' >long.json
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --claims long.json --now "$IAT"
zlib_text=$out
expect_eq "$(qrseal inspect "$zlib_text" | json_get body_form)" zlib "body form of compressible claims"
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --claims long.json --now "$IAT" --no-compress
raw_text=$out
expect_eq "$(qrseal inspect "$raw_text" | json_get body_form)" raw "body form with --no-compress"
[ ${#zlib_text} -lt ${#raw_text} ] || fail "the zlib form is not shorter than the raw one"
expect_exit 0 qrseal verify --root root.pub --trust trust.cose --now "$NOW" "$zlib_text"
expect_exit 0 qrseal verify --root root.pub --trust trust.cose --now "$NOW" "$raw_text"
# Ordinary claims do not compress: raw either way.
expect_eq "$(qrseal inspect "$cred" | json_get body_form)" raw "body form of ordinary claims"

# Claims issue refuses: exit 2 and nothing on stdout.
name48=$(printf 'x%.0s' {1..48})
expect_exit 0 issue_json "{\"status\":\"green\",\"name\":\"$name48\"}"
expect_exit 0 issue_json '{"status":"green","name":"张张张张张张张张张张张张张张张张"}' # 48 bytes
refuse() {
  local what=$1 json=$2
  shift 2
  expect_exit 2 issue_json "$json" "$@"
  expect_eq "$out" "" "stdout of issue with $json"
  expect_contains "$err" "$what" "stderr of issue with $json"
}
refuse "JSON" '{"status":"green"'
refuse "JSON" ''
refuse "object" '[1,2]'
refuse "nmae" '{"status":"green","nmae":"x"}'
refuse "name" "{\"status\":\"green\",\"name\":\"x$name48\"}"
refuse "name" '{"status":"green","name":"张张张张张张张张张张张张张张张张x"}'
refuse "id_hint" '{"status":"green","id_hint":"123456789"}'
refuse "site" '{"status":"green","test":{"result":"negative","sampled_at":1,"site":"12345678901234567"}}'
refuse "status" '{"status":"purple"}'
refuse "status" '{"name":"x"}'
refuse "test" '{"status":"green","test":{"result":"negative"}}'
refuse "result" '{"status":"green","test":{"result":"maybe","sampled_at":1}}'
refuse "cti" '{"status":"green","cti":"0011"}'
refuse "iss" '{"status":"green"}' --iss ""
refuse "iss" '{"status":"green"}' --iss "$(printf 'x%.0s' {1..33})"
printf '{"status":"green","name":"\xff"}\n' >bad-utf8.json
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --claims bad-utf8.json
expect_eq "$out" "" "stdout of issue with invalid UTF-8"
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --claims missing.json
expect_contains "$err" "missing.json"
expect_exit 2 qrseal issue --key missing.key --iss "$ISS" --claims claims.json
expect_contains "$err" "missing.key"
expect_exit 2 issue_json '{"status":"green"}' --holder missing.pub
expect_contains "$err" "missing.pub"
# A root key can sign a credential, but verifiers never trust it for one.
expect_exit 0 qrseal issue --key root.key --iss "$ISS" --claims claims.json --now "$IAT"
expect_exit 1 qrseal verify --root root.pub --trust trust.cose --now "$NOW" --json "$out"
expect_eq "$(json_get outcome <<<"$out")" unknown_key "outcome of a credential signed by the root"

# --- times: RFC 3339 and integers, the same instant the same verdict ------------------------------
# exp = 1640160000; expired once now >= exp + skew (300 s by default).
for t in 1640160299 2021-12-22T08:04:59Z 2021-12-22T16:04:59+08:00 2021-12-22t08:04:59z; do
  expect_exit 0 qrseal verify --root root.pub --trust trust.cose --now "$t" "$cred"
done
for t in 1640160300 2021-12-22T08:05:00Z 2021-12-22T03:05:00-05:00; do
  expect_exit 1 qrseal verify --root root.pub --trust trust.cose --now "$t" --json "$cred"
  expect_eq "$(json_get outcome <<<"$out")" expired "outcome at $t"
done
# Durations: NNs, NNm, NNh, NNd and plain seconds, checked exactly through --skew.
for pair in 90s:90 30m:1800 48h:172800 7d:604800 120:120 0s:0; do
  d=${pair%%:*}
  secs=${pair#*:}
  expect_exit 0 qrseal verify --root root.pub --trust trust.cose --skew "$d" --now $((1640160000 + secs - 1)) "$cred"
  expect_exit 1 qrseal verify --root root.pub --trust trust.cose --skew "$d" --now $((1640160000 + secs)) "$cred"
done
# Bad forms: exit 2, a message naming the flag.
for t in 2021-12-20 "2021-12-20T09:00:00" 2021-12-20T09:00:00.5Z 2021-02-30T00:00:00Z yesterday "" 1e9 0x10 \
  " 1640000000" 99999999999999999999; do
  expect_exit 2 qrseal verify --root root.pub --trust trust.cose --now "$t" "$cred"
  expect_contains "$err" "--now"
  expect_eq "$out" "" "stdout with --now '$t'"
done
for d in 1w 48H 1.5h -5s "" 5 s 99999999999999999999d; do
  [ "$d" == 5 ] && continue # plain seconds are a valid duration
  for flag in --skew --window --max-test-age --max-stale --max-validity; do
    expect_exit 2 qrseal verify --root root.pub --trust trust.cose --now "$NOW" "$flag" "$d" "$cred"
    expect_contains "$err" "$flag"
  done
done
expect_exit 2 issue_json '{"status":"green"}' --valid 2w
expect_contains "$err" "--valid"
expect_exit 2 issue_json '{"status":"green"}' --exp tomorrow
expect_contains "$err" "--exp"
expect_exit 2 issue_json '{"status":"green"}' --exp -1
expect_contains "$err" "--exp"
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --claims claims.json --now 2021-12-20T08:00Z
expect_contains "$err" "--now"
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --claims claims.json --now -5
expect_contains "$err" "--now"

pass
