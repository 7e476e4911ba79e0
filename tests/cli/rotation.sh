# The issuing-key rotation of docs/operations.md, walked end to end with fixed dates:
#   Dec  1  trust list seq 1: K1 (signs Dec 1 - Dec 31)
#   Jan  1  trust list seq 2: K1 still listed (its credentials live until Jan 3), K2 from Jan 1
#   Jan  4  trust list seq 3: K1 removed (every credential it signed has expired)
# Old credentials keep verifying inside K1's window; K2's verify once the verifier has seq 2; a
# credential K1 signs after its not_after gets key_not_valid; removing a key ends its credentials.
source "$(dirname "$0")/lib.sh" "$@"

qrseal keygen --out root --no-passphrase >/dev/null 2>&1
qrseal keygen --out k1 --no-passphrase >/dev/null 2>&1
qrseal keygen --out k2 --no-passphrase >/dev/null 2>&1
K1_FROM=2021-12-01T00:00:00Z K1_UNTIL=2021-12-31T23:59:59Z
K2_FROM=2022-01-01T00:00:00Z K2_UNTIL=2022-01-31T23:59:59Z

expect_exit 0 qrseal trust build --root root.key --entry "k1.pub,$ISS,$K1_FROM,$K1_UNTIL" \
  --seq 1 --issued-at 2021-12-01T00:00:00Z --next-update 2022-01-02T00:00:00Z \
  --policy-max-validity 72h --out seq1.cose
expect_exit 0 qrseal trust build --root root.key --entry "k1.pub,$ISS,$K1_FROM,$K1_UNTIL" \
  --entry "k2.pub,$ISS,$K2_FROM,$K2_UNTIL" \
  --seq 2 --issued-at 2021-12-31T12:00:00Z --next-update 2022-02-01T00:00:00Z \
  --policy-max-validity 72h --out seq2.cose
expect_exit 0 qrseal trust build --root root.key --entry "k2.pub,$ISS,$K2_FROM,$K2_UNTIL" \
  --seq 3 --issued-at 2022-01-04T00:00:00Z --next-update 2022-02-01T00:00:00Z \
  --policy-max-validity 72h --out seq3.cose

echo '{"status": "green", "name": "张*明"}' >claims.json
issue() {  # KEY NOW -> text
  qrseal issue --key "$1.key" --iss "$ISS" --claims claims.json --now "$2" --valid 72h
}
check() {  # OUTCOME LIST NOW TEXT
  expect_exit "$([ "$1" == valid ] && echo 0 || echo 1)" \
    qrseal verify --root root.pub --trust "$2" --now "$3" --json "$4"
  check_outcome "$1"
}

old=$(issue k1 2021-12-20T08:00:00Z)          # inside K1's window
last_old=$(issue k1 2021-12-31T22:00:00Z)     # K1's last day; valid until Jan 3 22:00
new=$(issue k2 2022-01-01T08:00:00Z)          # K2 after the rotation
late_old=$(issue k1 2022-01-01T09:00:00Z)     # K1 used after its not_after
early_new=$(issue k2 2021-12-30T08:00:00Z)    # K2 used before its not_before

# Before the rotation, with seq 1.
check valid seq1.cose 2021-12-20T09:00:00Z "$old"
# A verifier that missed the update (still on seq 1) does not know K2 yet: unknown_key, and the
# old key's credentials still work. It recovers as soon as it takes seq 2.
check unknown_key seq1.cose 2022-01-01T09:00:00Z "$new"
check valid seq1.cose 2022-01-01T09:00:00Z "$last_old"
# After the update (seq 2): both keys' credentials inside their windows verify.
check valid seq2.cose 2021-12-20T09:00:00Z "$old"
check valid seq2.cose 2022-01-02T09:00:00Z "$last_old"
check valid seq2.cose 2022-01-01T09:00:00Z "$new"
# K1 signing after its not_after, or K2 before its not_before: key_not_valid.
check key_not_valid seq2.cose 2022-01-01T10:00:00Z "$late_old"
check key_not_valid seq2.cose 2021-12-30T09:00:00Z "$early_new"
# Once K1's credentials have expired it is removed (seq 3); K2's go on. Removing a key ends
# every credential it signed: the emergency step when a key leaks.
check expired seq2.cose 2022-01-04T00:00:00Z "$last_old"
check unknown_key seq3.cose 2022-01-03T09:00:00Z "$last_old"
check valid seq3.cose 2022-01-04T07:00:00Z "$new"

# The trust lists themselves: seq 2 holds both kids, seq 3 only K2's (kids in the payload bytes).
expect_exit 0 qrseal inspect "$(qrseal trust text seq2.cose)"
payload2=$(json_get cose.payload_hex <<<"$out")
expect_contains "$payload2" "$(sed -n 's/^kid: //p' k1.pub)" "seq 2 payload"
expect_contains "$payload2" "$(sed -n 's/^kid: //p' k2.pub)" "seq 2 payload"
expect_exit 0 qrseal inspect "$(qrseal trust text seq3.cose)"
payload3=$(json_get cose.payload_hex <<<"$out")
expect_not_contains "$payload3" "$(sed -n 's/^kid: //p' k1.pub)" "seq 3 payload"
expect_contains "$payload3" "$(sed -n 's/^kid: //p' k2.pub)" "seq 3 payload"

pass
