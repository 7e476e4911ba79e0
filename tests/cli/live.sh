# Live codes (QL1:): qrseal live, and the outcomes live_required, live_stale and
# live_bad_signature, their window and their place in the order of checks.
source "$(dirname "$0")/lib.sh" "$@"
make_authority
expect_exit 0 qrseal keygen --out holder --no-passphrase
expect_exit 0 qrseal keygen --out other --no-passphrase
printf 'holder passphrase\n' >pw
printf 'not it\n' >bad-pw
chmod 600 pw bad-pw # secret files must be 0600, as ssh wants them
expect_exit 0 qrseal keygen --out holder-enc --passphrase-file pw --kdf interactive

hold=$(issue_json '{"status":"green","name":"H*","id_hint":"0042"}' --holder holder.pub --no-compress)
card=$(cat cred.txt) # no cnf: a printed card
t0=1639990800        # $NOW

# --- qrseal live -----------------------------------------------------------------------------------
expect_exit 0 qrseal live --cred "$hold" --holder-key holder.key --now "$NOW"
live=$out
expect_eq "${live:0:4}" "QL1:" "prefix of a live code"
expect_exit 0 qrseal inspect "$live"
expect_eq "$(json_get prefix <<<"$out")" "QL1:" "inspect prefix"
expect_eq "$(json_get kind <<<"$out")" live "inspect kind"
expect_eq "$(json_get live.t <<<"$out")" "$t0" "live.t"
expect_eq "$(json_get claims.cnf <<<"$out")" "$(sed -n 's/^public-key: //p' holder.pub)" "cnf"
# Integer and RFC 3339 --now sign the same t; Ed25519 is deterministic, so the same text.
expect_exit 0 qrseal live --cred "$hold" --holder-key holder.key --now "$t0"
expect_eq "$out" "$live" "live code for the same t"
# --cred from stdin, and an encrypted holder key.
expect_exit 0 qrseal live --cred - --holder-key holder.key --now "$NOW" <<<"$hold"
expect_eq "$out" "$live" "live code from stdin"
hold_enc=$(issue_json '{"status":"green"}' --holder holder-enc.pub)
expect_exit 0 qrseal live --cred "$hold_enc" --holder-key holder-enc.key --passphrase-file pw --now "$NOW"
expect_outcome valid 0 --now "$NOW" --require-live "$out"
expect_exit 2 qrseal live --cred "$hold_enc" --holder-key holder-enc.key --passphrase-file bad-pw --now "$NOW"
expect_contains "$err" "passphrase"
expect_eq "$out" "" "stdout of live with a wrong passphrase"
expect_exit 2 timeout 20 setsid -w "$QRSEAL" live --cred "$hold_enc" --holder-key holder-enc.key </dev/null
expect_contains "$err" "no terminal"
# Without --now, t is the clock.
expect_exit 0 qrseal live --cred "$hold" --holder-key holder.key
[ "$(qrseal inspect "$out" | json_get live.t)" -gt 1700000000 ] || fail "live without --now did not use the clock"
# Refusals: another holder's key, a credential without cnf, a broken text, a bad --now.
expect_exit 2 qrseal live --cred "$hold" --holder-key other.key --now "$NOW"
expect_contains "$err" "cnf"
expect_exit 2 qrseal live --cred "$card" --holder-key holder.key --now "$NOW"
expect_contains "$err" "cnf"
expect_exit 2 qrseal live --cred "QS1:garbage" --holder-key holder.key --now "$NOW"
expect_exit 2 qrseal live --cred "$live" --holder-key holder.key --now "$NOW"
expect_exit 2 qrseal live --cred "$hold" --holder-key holder.key --now soon
expect_contains "$err" "--now"
expect_exit 2 qrseal live --cred "$hold" --holder-key missing.key --now "$NOW"
expect_contains "$err" "missing.key"
expect_eq "$out" "" "stdout of a refused live"
# A compressed (zlib) credential makes a live code too: the QL1 holds the raw COSE.
hold_z=$(issue_json "{\"status\":\"green\",\"name\":\"$(printf 'z%.0s' {1..48})\",\"id_hint\":\"zzzzzzzz\"}" --holder holder.pub)
expect_eq "$(qrseal inspect "$hold_z" | json_get body_form)" zlib "body form of the compressible holder credential"
expect_exit 0 qrseal live --cred "$hold_z" --holder-key holder.key --now "$NOW"
expect_outcome valid 0 --now "$NOW" "$out"

# --- valid live code, live_required ---------------------------------------------------------------
expect_outcome valid 0 --now "$NOW" "$live"
expect_eq "$(json_get kind <<<"$out")" live "kind of a live verdict"
expect_eq "$(json_get name <<<"$out")" "H*" "name in a live verdict"
expect_outcome valid 0 --now "$NOW" --require-live "$live"
expect_exit 0 qrseal verify --root root.pub --trust trust.cose --now "$NOW" "$live"
expect_contains "$out" "VALID"
expect_contains "$out" "ID 0042"
# The holder-bound credential shown as plain QS1 text.
expect_outcome valid 0 --now "$NOW" "$hold"
expect_outcome live_required 1 --now "$NOW" --require-live "$hold"
# A card without cnf is not affected.
expect_outcome valid 0 --now "$NOW" --require-live "$card"
# The same from the trust list's policy; the local flag cannot turn it off (there is none).
qrseal trust build --root root.key --entry "issuer.pub,$ISS,2021-01-01T00:00:00Z,2030-01-01T00:00:00Z" \
  --seq 2 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --policy-require-live \
  --out live-policy.cose 2>/dev/null
expect_exit 1 qrseal verify --root root.pub --trust live-policy.cose --now "$NOW" --json "$hold"
check_outcome live_required
expect_exit 0 qrseal verify --root root.pub --trust live-policy.cose --now "$NOW" --json "$live"
expect_exit 0 qrseal verify --root root.pub --trust live-policy.cose --now "$NOW" --json "$card"

# --- live_stale: |now - t| <= window (60 s by default); the clock skew does not widen it ------------
expect_outcome valid 0 --now $((t0 + 60)) "$live"
expect_outcome valid 0 --now $((t0 - 60)) "$live"
expect_outcome live_stale 1 --now $((t0 + 61)) "$live"
expect_outcome live_stale 1 --now $((t0 - 61)) "$live"
expect_outcome live_stale 1 --now $((t0 + 61)) --skew 1h "$live"
expect_outcome valid 0 --now $((t0 + 120)) --window 120s "$live"
expect_outcome live_stale 1 --now $((t0 + 121)) --window 2m "$live"
expect_outcome live_stale 1 --now $((t0 + 1)) --window 0s "$live"
expect_outcome valid 0 --now "$t0" --window 0s "$live"
# A code signed half an hour before the check (a screenshot).
expect_exit 0 qrseal live --cred "$hold" --holder-key holder.key --now 2021-12-20T08:30:00Z
screenshot=$out
expect_outcome live_stale 1 --now "$NOW" "$screenshot"
expect_eq "$(json_get name <<<"$out")" "H*" "display fields of live_stale"

# --- live_bad_signature ----------------------------------------------------------------------------
# The signature of another holder's code (other.key over its own credential at the same t).
hold_other=$(issue_json '{"status":"green"}' --holder other.pub --no-compress)
expect_exit 0 qrseal live --cred "$hold_other" --holder-key other.key --now "$NOW"
live_other=$out
expect_outcome valid 0 --now "$NOW" "$live_other"
expect_outcome live_bad_signature 1 --now "$NOW" "$(qrtext live-sig "$live" "$live_other")"
# One flipped bit of the signature.
expect_outcome live_bad_signature 1 --now "$NOW" "$(qrtext xor "$live" -1 0x80)"
# Someone else's credential inside a code signed by this holder.
expect_outcome live_bad_signature 1 --now "$NOW" "$(qrtext live-cred "$live_other" "$hold")"
# A card (no cnf) wrapped in a live code.
expect_outcome live_bad_signature 1 --now "$NOW" "$(qrtext live-cred "$live" "$card")"
# The QL1 body under another prefix, and a QS1 body under QL1:, are malformed.
expect_outcome malformed 1 --now "$NOW" "QS1:${live:4}"
expect_outcome malformed 1 --now "$NOW" "QL1:${hold:4}"

# --- order of checks -----------------------------------------------------------------------------
# live_stale is checked before the signature.
expect_outcome live_stale 1 --now $((t0 + 3600)) "$(qrtext live-sig "$live" "$live_other")"
# expired and revoked come before the live checks.
expect_outcome expired 1 --now 2021-12-24T00:00:00Z "$live"
cti=$(qrseal inspect "$hold" | json_get claims.cti)
qrseal revoke --root root.key --cti "$cti" --seq 1 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" \
  --out rev.cose 2>/dev/null
expect_outcome revoked 1 --revocations rev.cose --now "$NOW" "$live"
expect_outcome revoked 1 --revocations rev.cose --now "$NOW" --require-live "$hold"
# Policy checks come after: a valid live code of a yellow credential.
hold_y=$(issue_json '{"status":"yellow"}' --holder holder.pub)
expect_exit 0 qrseal live --cred "$hold_y" --holder-key holder.key --now "$NOW"
live_y=$out
expect_outcome status_not_accepted 1 --now "$NOW" "$live_y"
expect_outcome live_stale 1 --now $((t0 + 61)) "$live_y"
# A live code whose credential the trust list does not know.
expect_exit 0 qrseal keygen --out stranger --no-passphrase
expect_exit 0 qrseal issue --key stranger.key --iss "$ISS" --claims claims.json --now "$IAT" --holder holder.pub
expect_exit 0 qrseal live --cred "$out" --holder-key holder.key --now "$NOW"
expect_outcome unknown_key 1 --now "$NOW" "$out"

pass
