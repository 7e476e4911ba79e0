# qrseal inspect: every layer as JSON, no verification; an "error" object and exit 1 where
# decoding stops.
source "$(dirname "$0")/lib.sh" "$@"
make_authority
cred=$(cat cred.txt)
issuer_kid=$(sed -n 's/^kid: //p' issuer.pub)

expect_exit 0 qrseal inspect "$cred"
j=$out
python3 -c 'import json,sys; json.loads(sys.argv[1])' "$j" || fail "inspect printed invalid JSON"
expect_eq "$(json_get verified <<<"$j")" false "verified"
expect_eq "$(json_get prefix <<<"$j")" "QS1:" "prefix"
expect_eq "$(json_get kind <<<"$j")" credential "kind"
expect_eq "$(json_get length <<<"$j")" "${#cred}" "length"
expect_eq "$(json_get body_form <<<"$j")" raw "body_form"
expect_eq "$(json_get cose.protected.alg <<<"$j")" -8 "cose.protected.alg"
expect_eq "$(json_get cose.protected.kid <<<"$j")" "$issuer_kid" "cose.protected.kid"
expect_eq "$(json_get cose.unprotected <<<"$j")" "{}" "cose.unprotected"
[[ $(json_get cose.signature <<<"$j") =~ ^[0-9a-f]{128}$ ]] || fail "cose.signature is not 64 bytes of hex"
expect_eq "$(json_get cose_hex <<<"$j")" "$(qrtext body "$cred")" "cose_hex of a raw body"
expect_eq "${j/\"error\"/}" "$j" "an error object in a good inspect"
expect_eq "$(json_get claims.iss <<<"$j")" "$ISS" "claims.iss"
expect_eq "$(json_get claims.iat <<<"$j")" 1639987200 "claims.iat"
expect_eq "$(json_get claims.exp <<<"$j")" 1640160000 "claims.exp"
expect_eq "$(json_get claims.status <<<"$j")" green "claims.status"
expect_eq "$(json_get claims.name <<<"$j")" "张*明" "claims.name"
expect_eq "$(json_get claims.test.sampled_at <<<"$j")" 1639980000 "claims.test.sampled_at"
expect_eq "$(json_get claims_rfc3339.iat <<<"$j")" 2021-12-20T08:00:00Z "claims_rfc3339.iat"
expect_eq "$(json_get claims_rfc3339.test.sampled_at <<<"$j")" 2021-12-20T06:00:00Z "claims_rfc3339.test.sampled_at"

# From stdin, with or without a trailing newline.
expect_exit 0 qrseal inspect - <cred.txt
expect_eq "$out" "$j" "inspect from stdin"
printf '%s' "$cred" >nonl.txt
expect_exit 0 qrseal inspect - <nonl.txt
expect_eq "$out" "$j" "inspect from stdin without a newline"

# The claims JSON from inspect is accepted back by issue (times as integers or RFC 3339).
json_get claims_rfc3339 <<<"$j" >again.json
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --claims again.json --now "$IAT" --valid 48h
expect_exit 0 qrseal inspect "$out"
expect_eq "$(json_get claims <<<"$out")" "$(json_get claims <<<"$j")" "claims after a round trip through JSON"
expect_eq "$out" "$j" "inspect of the re-issued credential (same cti, deterministic signature)"

# A zlib body.
python3 -c 'import json; print(json.dumps({"status": "green", "name": "x" * 48, "id_hint": "x" * 8}))' >long.json
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --claims long.json --now "$IAT"
zlib_text=$out
expect_exit 0 qrseal inspect "$zlib_text"
expect_eq "$(json_get body_form <<<"$out")" zlib "body_form of a compressed credential"
[[ $(json_get cose_hex <<<"$out") == d284* ]] || fail "cose_hex of a zlib body is not the inflated COSE"

# No verification: a broken signature and an unknown alg still decode.
expect_exit 0 qrseal inspect "$(qrtext xor "$cred" -1 0x01)"
expect_eq "$(json_get claims.name <<<"$out")" "张*明" "claims of a badly signed credential"
expect_exit 0 qrseal inspect "$(qrtext xor "$cred" 5 0x01)"
expect_eq "$(json_get cose.protected.alg <<<"$out")" "not EdDSA" "alg of an ES256 header"

# QT1: a trust list as text.
expect_exit 0 qrseal inspect "$(qrseal trust text trust.cose)"
expect_eq "$(json_get kind <<<"$out")" trust_list "kind of a QT1 text"
expect_eq "$(json_get cose.protected.kid <<<"$out")" "$(sed -n 's/^kid: //p' root.pub)" "kid of a QT1 text"

# Where decoding stops: exit 1 and an "error" object with a code and a message.
inspect_error() { # TEXT-SOURCE... (args for inspect)
  expect_exit 1 qrseal inspect "$@"
  python3 -c 'import json,sys; json.loads(sys.argv[1])' "$out" || fail "inspect printed invalid JSON: $out"
  [ -n "$(json_get error.code <<<"$out")" ] || fail "no error.code in: $out"
  [ -n "$(json_get error.message <<<"$out")" ] || fail "no error.message in: $out"
  expect_eq "$(json_get verified <<<"$out")" false "verified"
}
inspect_error "garbage text"
expect_contains "$(json_get error.message <<<"$out")" "garb"
inspect_error "QS1:%%%"
inspect_error "QS1:AAAA"
inspect_error "QS1:"
inspect_error "qs1:${cred:4}"
inspect_error - </dev/null
inspect_error - <<<"garbage"
# A CBOR break deep inside: the layers above are still shown.
body=$(qrtext body "$cred")
inspect_error "$(qrtext encode QS1: "${body:0:60}")"
expect_eq "$(json_get prefix <<<"$out")" "QS1:" "prefix of a truncated credential"
# Broken claims: the COSE layer decodes, the claims do not (the payload's map is cut short).
payload_broken=$(python3 -c '
import sys
b = bytearray.fromhex(sys.argv[1])
i = b.index(bytes.fromhex("5854"))  # payload bstr header (84 bytes) in this credential
b[i + 2] = 0xa6                      # a map of 6 pairs where there are 5
print(b.hex())' "$body") || fail "unexpected credential layout"
inspect_error "$(qrtext encode QS1: "$payload_broken")"
expect_eq "$(json_get cose.protected.kid <<<"$out")" "$issuer_kid" "kid shown before the claims error"
# Usage: no text.
expect_exit 2 qrseal inspect

pass
