# Every verification outcome of spec section 5 (except the live ones: live.sh) through
# `qrseal verify --json`: the "outcome" field and the exit code (0 only for valid), the
# warnings, the trust list's policy and that local flags tighten it but never loosen it.
source "$(dirname "$0")/lib.sh" "$@"
make_authority
cred=$(cat cred.txt)

# --- valid and the display fields ------------------------------------------------------------------
expect_outcome valid 0 --now "$NOW" "$cred"
expect_warnings

# --- malformed ---------------------------------------------------------------------------------
expect_outcome malformed 1 --now "$NOW" "QX1:${cred:4}"
expect_outcome malformed 1 --now "$NOW" "qs1:${cred:4}"
expect_outcome malformed 1 --now "$NOW" "QS1:%%%"
expect_outcome malformed 1 --now "$NOW" "QS1:"
expect_outcome malformed 1 --now "$NOW" "${cred:0:${#cred}-1}"
expect_outcome malformed 1 --now "$NOW" " $cred"
expect_outcome malformed 1 --now "$NOW" "this is not a credential"
expect_outcome malformed 1 --now "$NOW" - </dev/null
expect_outcome malformed 1 --now "$NOW" "QS1:$(printf '0%.0s' {1..4293})"
# A COSE body with a trailing byte, and a body that starts with neither 0xD2 nor 0x78.
body=$(qrtext body "$cred")
expect_outcome malformed 1 --now "$NOW" "$(qrtext encode QS1: "${body}00")"
expect_outcome malformed 1 --now "$NOW" "$(qrtext encode QS1: "d3${body:2}")"
# The display fields appear only from key_not_valid on.
expect_eq "$(json_get name <<<"$out" 2>/dev/null || echo none)" none "name in a malformed verdict"

# --- unsupported_alg, unknown_key, bad_signature -------------------------------------------------
# protected header bytes: d2 84 4d a2 01 27 ... (alg -8 is 0x27; 0x26 is -7, ES256)
expect_outcome unsupported_alg 1 --now "$NOW" "$(qrtext xor "$cred" 5 0x01)"
expect_exit 0 qrseal keygen --out stranger --no-passphrase
expect_exit 0 qrseal issue --key stranger.key --iss "$ISS" --claims claims.json --now "$IAT"
expect_outcome unknown_key 1 --now "$NOW" "$out"
expect_eq "$(json_get kid <<<"$out")" "$(sed -n 's/^kid: //p' stranger.pub)" "kid of unknown_key"
expect_outcome bad_signature 1 --now "$NOW" "$(qrtext xor "$cred" -1 0x01)"
expect_eq "$(json_get name <<<"$out" 2>/dev/null || echo none)" none "name in a bad_signature verdict"
# A changed claim (inside the payload) breaks the signature too: flip a byte of the name.
expect_outcome bad_signature 1 --now "$NOW" "$(qrtext xor "$cred" -70 0x01)"

# --- key_not_valid -----------------------------------------------------------------------------
# iss other than the entry's.
expect_exit 0 qrseal issue --key issuer.key --iss CN-000000 --claims claims.json --now "$IAT"
expect_outcome key_not_valid 1 --now "$NOW" "$out"
expect_eq "$(json_get name <<<"$out")" "张*明" "display fields of key_not_valid"
# iat outside [not_before, not_after], both ends inclusive (iat = 1639987200).
window_list() { # NOT_BEFORE NOT_AFTER OUT
  qrseal trust build --root root.key --entry "issuer.pub,$ISS,$1,$2" --seq 1 \
    --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out "$3" 2>/dev/null
}
window_list 1639987200 1639987200 w-exact.cose
window_list 1609459200 1639987199 w-before.cose
window_list 1639987201 1893456000 w-after.cose
expect_exit 0 qrseal verify --root root.pub --trust w-exact.cose --now "$NOW" "$cred"
for list in w-before.cose w-after.cose; do
  expect_exit 1 qrseal verify --root root.pub --trust "$list" --now "$NOW" --json "$cred"
  expect_eq "$(json_get outcome <<<"$out")" key_not_valid "outcome with $list"
done
# exp - iat (48 h) above max_validity, locally or from the list.
expect_outcome valid 0 --now "$NOW" --max-validity 48h "$cred"
expect_outcome key_not_valid 1 --now "$NOW" --max-validity 47h "$cred"
expect_contains "$(json_get detail <<<"$out")" "max_validity"

# --- not_yet_valid, expired (now + skew < nbf; now >= exp + skew) ---------------------------------
nbf_cred=$(issue_json '{"status":"green","nbf":"2021-12-21T00:00:00Z"}')
expect_outcome not_yet_valid 1 --now "$NOW" "$nbf_cred"
expect_outcome not_yet_valid 1 --now 2021-12-20T23:54:59Z "$nbf_cred"
expect_outcome valid 0 --now 2021-12-20T23:55:00Z "$nbf_cred"
expect_outcome valid 0 --now 2021-12-20T23:59:00Z --skew 60s "$nbf_cred"
expect_outcome not_yet_valid 1 --now 2021-12-20T23:58:59Z --skew 60s "$nbf_cred"
expect_outcome expired 1 --now 2021-12-22T08:05:00Z "$cred"
expect_outcome expired 1 --now 2030-01-01T00:00:00Z "$cred"
expect_eq "$(json_get name <<<"$out")" "张*明" "display fields of expired"

# --- revoked ---------------------------------------------------------------------------------------
cti=$(qrseal inspect "$cred" | json_get claims.cti)
qrseal revoke --root root.key --cti "$cti" --seq 1 --issued-at "$LIST_ISSUED" \
  --next-update "$LIST_NEXT" --out rev.cose 2>/dev/null
expect_outcome revoked 1 --revocations rev.cose --now "$NOW" "$cred"
expect_eq "$(json_get cti <<<"$out")" "$cti" "cti of the revoked verdict"
# Order: an expired revoked credential is expired; a revoked yellow one is revoked.
expect_outcome expired 1 --revocations rev.cose --now 2021-12-23T00:00:00Z "$cred"
yellow_rev=$(issue_json '{"status":"yellow","cti":"0f0e0d0c0b0a09080706050403020100"}')
qrseal revoke --root root.key --cti 0f0e0d0c0b0a09080706050403020100 --seq 2 \
  --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out rev-y.cose 2>/dev/null
expect_outcome revoked 1 --revocations rev-y.cose --now "$NOW" "$yellow_rev"
expect_outcome valid 0 --revocations rev-y.cose --now "$NOW" "$cred"

# --- status, tests ------------------------------------------------------------------------------
yellow=$(issue_json '{"status":"yellow","name":"Y"}')
red=$(issue_json '{"status":"red"}')
expect_outcome status_not_accepted 1 --now "$NOW" "$yellow"
expect_eq "$(json_get status <<<"$out")" yellow "status in the verdict"
expect_outcome valid 0 --now "$NOW" --accept green,yellow "$yellow"
expect_outcome status_not_accepted 1 --now "$NOW" --accept green,yellow "$red"
expect_outcome valid 0 --now "$NOW" --accept red "$red"
expect_outcome status_not_accepted 1 --now "$NOW" --accept yellow "$cred"

positive=$(issue_json '{"status":"green","test":{"result":"positive","sampled_at":"2021-12-20T06:00:00Z"}}')
no_test=$(issue_json '{"status":"green"}')
old_test=$(issue_json '{"status":"green","test":{"result":"negative","sampled_at":"2021-12-19T03:00:00Z"}}') # 30 h before $NOW
# Without a test limit neither a positive test nor a missing one matters.
expect_outcome valid 0 --now "$NOW" "$positive"
expect_outcome valid 0 --now "$NOW" "$no_test"
expect_outcome test_positive 1 --now "$NOW" --max-test-age 48h "$positive"
expect_eq "$(json_get test.result <<<"$out")" positive "test.result of test_positive"
expect_outcome test_too_old 1 --now "$NOW" --max-test-age 48h "$no_test"
expect_outcome test_too_old 1 --now "$NOW" --max-test-age 24h "$old_test"
expect_outcome valid 0 --now "$NOW" --max-test-age 30h "$old_test"
expect_outcome test_too_old 1 --now "$NOW" --max-test-age 107999 "$old_test"
# A test sampled after now counts as age 0.
future_test=$(issue_json '{"status":"green","test":{"result":"negative","sampled_at":"2021-12-20T10:00:00Z"}}')
expect_outcome valid 0 --now "$NOW" --max-test-age 0s "$future_test"
# Order: status before test.
expect_outcome status_not_accepted 1 --now "$NOW" --max-test-age 1s "$yellow"

# --- stale lists: warnings, then lists_too_stale ---------------------------------------------------
# The trust list is due $LIST_NEXT (2021-12-27); give a credential valid long enough.
long=$(issue_json '{"status":"green"}' --valid 30d)
expect_outcome valid 0 --now 2021-12-27T00:00:00Z "$long"
expect_warnings
expect_outcome valid 0 --now 2021-12-27T00:00:01Z "$long"
expect_warnings trust_list_stale
expect_outcome valid 0 --now 2021-12-28T00:00:00Z --max-stale 1d "$long"
expect_warnings trust_list_stale
expect_outcome lists_too_stale 1 --now 2021-12-28T00:00:01Z --max-stale 1d "$long"
expect_warnings trust_list_stale
expect_contains "$(json_get detail <<<"$out")" "trust list"
# The revocation list is due earlier: it alone is stale, then too stale.
qrseal revoke --root root.key --seq 3 --issued-at "$LIST_ISSUED" --next-update 2021-12-21T00:00:00Z \
  --out rev-short.cose 2>/dev/null
expect_outcome valid 0 --revocations rev-short.cose --now 2021-12-22T00:00:00Z "$long"
expect_warnings revocation_list_stale
expect_outcome lists_too_stale 1 --revocations rev-short.cose --now 2021-12-22T00:00:00Z --max-stale 12h "$long"
expect_warnings revocation_list_stale
expect_contains "$(json_get detail <<<"$out")" "revocation list"
expect_outcome lists_too_stale 1 --revocations rev-short.cose --now 2021-12-29T00:00:00Z --max-stale 12h "$long"
expect_warnings trust_list_stale revocation_list_stale
# Order: the test check comes before staleness.
expect_outcome test_too_old 1 --revocations rev-short.cose --now 2021-12-29T00:00:00Z --max-stale 12h \
  --max-test-age 1h "$long"

# --- clock_behind: now + skew earlier than the latest list issued_at ($LIST_ISSUED = 1639958400) ----
early=$(issue_json '{"status":"green"}' --now 2021-12-19T00:00:00Z --valid 7d)
expect_outcome valid 0 --now $((1639958400 - 300)) "$early"
expect_warnings
expect_outcome valid 0 --now $((1639958400 - 301)) "$early"
expect_warnings clock_behind
expect_outcome clock_behind 1 --now $((1639958400 - 301)) --reject-clock-behind "$early"
expect_warnings clock_behind
expect_outcome valid 0 --now $((1639958400 - 300)) --reject-clock-behind "$early"
expect_outcome valid 0 --now $((1639958400 - 100)) --skew 100s --reject-clock-behind "$early"
expect_outcome clock_behind 1 --now $((1639958400 - 101)) --skew 100s --reject-clock-behind "$early"
# A revocation list issued later moves the mark.
qrseal revoke --root root.key --seq 4 --issued-at 2021-12-20T12:00:00Z --next-update "$LIST_NEXT" \
  --out rev-late.cose 2>/dev/null
expect_outcome clock_behind 1 --revocations rev-late.cose --now "$NOW" --reject-clock-behind "$cred"
expect_outcome valid 0 --revocations rev-late.cose --now "$NOW" "$cred"
expect_warnings clock_behind
# All three warnings at once, on any outcome.
expect_outcome expired 1 --revocations rev-late.cose --now 2030-01-01T00:00:00Z "$cred"
expect_warnings trust_list_stale revocation_list_stale
expect_outcome malformed 1 --revocations rev-short.cose --now 2021-12-29T00:00:00Z "QS1:"
expect_warnings trust_list_stale revocation_list_stale
expect_outcome malformed 1 --revocations rev-late.cose --now 2021-12-19T00:00:00Z "QS1:"
expect_warnings clock_behind

# --- the trust list's policy applies, and local flags only tighten it -----------------------------
policy_list() { # OUT policy-flags...
  local out_file=$1
  shift
  qrseal trust build --root root.key --entry "issuer.pub,$ISS,2021-01-01T00:00:00Z,2030-01-01T00:00:00Z" \
    --seq 5 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" "$@" --out "$out_file" 2>/dev/null ||
    fail "trust build $*"
}
pv() { # OUTCOME EXIT LIST verify-args...
  local want=$1 code=$2 list=$3
  shift 3
  expect_exit "$code" qrseal verify --root root.pub --trust "$list" --json "$@"
  check_outcome "$want"
}
policy_list p-yellow.cose --policy-accept green,yellow
pv valid 0 p-yellow.cose --now "$NOW" "$yellow"
pv status_not_accepted 1 p-yellow.cose --now "$NOW" "$red"
pv status_not_accepted 1 p-yellow.cose --now "$NOW" --accept green "$yellow"      # tightened
pv status_not_accepted 1 p-yellow.cose --now "$NOW" --accept green,red "$red"     # not loosened
policy_list p-green.cose --policy-accept green
pv status_not_accepted 1 p-green.cose --now "$NOW" --accept green,yellow "$yellow" # not loosened
policy_list p-test24.cose --policy-max-test-age 24h
pv test_too_old 1 p-test24.cose --now "$NOW" "$old_test"
pv test_too_old 1 p-test24.cose --now "$NOW" --max-test-age 48h "$old_test"       # not loosened
pv test_positive 1 p-test24.cose --now "$NOW" "$positive"
pv valid 0 p-test24.cose --now "$NOW" "$cred"
policy_list p-test48.cose --policy-max-test-age 48h
pv valid 0 p-test48.cose --now "$NOW" "$old_test"
pv test_too_old 1 p-test48.cose --now "$NOW" --max-test-age 24h "$old_test"       # tightened
policy_list p-validity.cose --policy-max-validity 24h
pv key_not_valid 1 p-validity.cose --now "$NOW" "$cred"
pv key_not_valid 1 p-validity.cose --now "$NOW" --max-validity 72h "$cred"         # not loosened
pv valid 0 p-validity.cose --now "$NOW" "$(issue_json '{"status":"green"}' --valid 24h)"
policy_list p-stale.cose --policy-max-stale 1d
pv valid 0 p-stale.cose --now 2021-12-28T00:00:00Z "$long"
pv lists_too_stale 1 p-stale.cose --now 2021-12-28T00:00:01Z "$long"
pv lists_too_stale 1 p-stale.cose --now 2021-12-28T00:00:01Z --max-stale 7d "$long" # not loosened
pv lists_too_stale 1 p-stale.cose --now 2021-12-27T12:00:00Z --max-stale 1h "$long" # tightened
policy_list p-all.cose --policy-accept green,yellow --policy-max-test-age 48h --policy-max-stale 2d \
  --policy-max-validity 30d --policy-require-live
pv valid 0 p-all.cose --now "$NOW" "$cred"
pv test_too_old 1 p-all.cose --now "$NOW" "$yellow"
pv valid 0 p-all.cose --now "$NOW" "$(issue_json '{"status":"yellow","test":{"result":"negative","sampled_at":"2021-12-20T06:00:00Z"}}')"
# (require-live from the list: live.sh)

pass
