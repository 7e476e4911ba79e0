# qrseal keygen: files, modes, kid, overwrite rules, passphrases (file, wrong, none without a
# terminal) and that no secret ever reaches stdout or stderr.
source "$(dirname "$0")/lib.sh" "$@"

# --- unencrypted key: files, modes, kid -------------------------------------------------------
expect_exit 0 qrseal keygen --out a --no-passphrase
kid=$out
[[ $kid =~ ^[0-9a-f]{16}$ ]] || fail "keygen printed '$kid', not a 16-hex kid"
[ -f a.key ] && [ -f a.pub ] || fail "keygen did not write a.key and a.pub"
expect_eq "$(stat -c %a a.key)" 600 "mode of a.key"
expect_eq "$(stat -c %a a.pub)" 644 "mode of a.pub"
expect_eq "$(sed -n 's/^kid: //p' a.pub)" "$kid" "kid line of a.pub"
expect_eq "$(sed -n 1p a.pub)" "qrseal-public-key/1" "first line of a.pub"
expect_eq "$(sed -n 's/^kdf: //p' a.key)" none "kdf of an unencrypted key"
expect_contains "$err" "NOT encrypted" "keygen --no-passphrase warning"
seed=$(sed -n 's/^seed: //p' a.key)
[[ $seed =~ ^[0-9a-f]{64}$ ]] || fail "no seed line in a.key"
expect_not_contains "$out$err" "$seed" "keygen output"

# The kid is the first 8 bytes of SHA-256 of the raw public key (spec section 1).
pub_hex=$(sed -n 's/^public-key: //p' a.pub)
expect_eq "$(python3 -c 'import hashlib,sys; print(hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest()[:16])' "$pub_hex")" \
  "$kid" "kid derived from the public key"

# --- overwrite rules ---------------------------------------------------------------------------
cp a.key a.key.orig
cp a.pub a.pub.orig
expect_exit 2 qrseal keygen --out a --no-passphrase
expect_contains "$err" "already exists"
expect_contains "$err" "--force"
expect_eq "$out" "" "stdout of a refused keygen"
cmp -s a.key a.key.orig && cmp -s a.pub a.pub.orig || fail "a refused keygen changed the files"

# Only the .pub exists: still refused, and no .key appears.
cp a.pub only.pub
expect_exit 2 qrseal keygen --out only --no-passphrase
[ ! -e only.key ] || fail "keygen wrote only.key although only.pub existed"
cmp -s only.pub a.pub || fail "keygen changed only.pub"

expect_exit 0 qrseal keygen --out a --no-passphrase --force
[ "$out" != "$kid" ] || fail "keygen --force printed the old kid"
expect_eq "$(sed -n 's/^kid: //p' a.pub)" "$out" "kid of the regenerated a.pub"
expect_eq "$(stat -c %a a.key)" 600 "mode of the regenerated a.key"
cmp -s a.key a.key.orig && fail "keygen --force did not replace a.key"
ls a.key.tmp.* a.pub.tmp.* >/dev/null 2>&1 && fail "keygen left temporary files behind"

# --- usage errors -------------------------------------------------------------------------------
expect_exit 2 qrseal keygen --no-passphrase
printf 'pw\n' >pw
chmod 600 pw # secret files must be 0600 (qrseal refuses others-readable ones, as ssh does)
expect_exit 2 qrseal keygen --out both --no-passphrase --passphrase-file pw
[ ! -e both.key ] || fail "keygen with exclusive options wrote a key"
expect_exit 2 qrseal keygen --out k --passphrase-file pw --kdf sensitive
expect_contains "$err" "--kdf"
expect_exit 2 qrseal keygen --out no/such/dir/k --no-passphrase
expect_contains "$err" "no/such/dir/k"
: >empty-pw
chmod 600 empty-pw
expect_exit 2 qrseal keygen --out k --passphrase-file empty-pw --kdf interactive
expect_contains "$err" "empty"
expect_exit 2 qrseal keygen --out k --passphrase-file missing-pw --kdf interactive
expect_contains "$err" "missing-pw"
[ ! -e k.key ] && [ ! -e k.pub ] || fail "a failed keygen left files"

# --- encrypted key: --passphrase-file, right and wrong ------------------------------------------
passphrase='correct horse battery staple'
printf '%s\n' "$passphrase" >good-pw
printf 'Tr0ub4dor&3\n' >bad-pw
chmod 600 good-pw bad-pw
expect_exit 0 qrseal keygen --out enc --passphrase-file good-pw --kdf interactive
enc_kid=$out
expect_eq "$(sed -n 's/^kdf: //p' enc.key)" argon2id-interactive "kdf of enc.key"
expect_eq "$(stat -c %a enc.key)" 600 "mode of enc.key"
grep -q '^seed:' enc.key && fail "enc.key stores the seed in the clear"
grep -qF "$passphrase" enc.key && fail "enc.key contains the passphrase"
expect_not_contains "$out$err" "$passphrase" "keygen output"
expect_not_contains "$err" "NOT encrypted" "keygen stderr for an encrypted key"

# Use it: sign a trust list with it as root, and export it (both need the passphrase).
expect_exit 0 qrseal trust build --root enc.key --passphrase-file good-pw --seq 1 \
  --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out t.cose
expect_contains "$err" "$enc_kid"
expect_exit 0 qrseal issue --key enc.key --passphrase-file good-pw --iss "$ISS" --now "$IAT" \
  --claims - <<<'{"status":"green"}'
expect_contains "$out" "QS1:"
expect_exit 2 qrseal issue --key enc.key --passphrase-file bad-pw --iss "$ISS" --now "$IAT" \
  --claims - <<<'{"status":"green"}'
expect_contains "$err" "passphrase"
expect_eq "$out" "" "stdout of issue with a wrong passphrase"
expect_exit 0 qrseal key export-pem --in enc.key --passphrase-file good-pw --out enc.pem
# The exported PKCS#8 holds the seed in its last 32 bytes: now we know the secret and can check
# that no command ever printed it.
enc_seed=$(sed '1d;$d' enc.pem | base64 -d | od -An -tx1 -v | tr -d ' \n' | tail -c 64)
[[ $enc_seed =~ ^[0-9a-f]{64}$ ]] || fail "could not read the seed of enc.pem"

expect_exit 2 qrseal trust build --root enc.key --passphrase-file bad-pw --seq 1 \
  --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out t2.cose
expect_contains "$err" "passphrase"
expect_not_contains "$err" "Tr0ub4dor" "stderr after a wrong passphrase"
[ ! -e t2.cose ] || fail "trust build wrote a list after a wrong passphrase"

# The passphrase is the first line of the file; a missing final newline does not matter.
printf '%s' "$passphrase" >good-pw-nonl
printf '%s\nsecond line\n' "$passphrase" >good-pw-2lines
chmod 600 good-pw-nonl good-pw-2lines
expect_exit 0 qrseal key export-pem --in enc.key --passphrase-file good-pw-nonl --out e2.pem
expect_exit 0 qrseal key export-pem --in enc.key --passphrase-file good-pw-2lines --out e3.pem
cmp -s enc.pem e2.pem && cmp -s enc.pem e3.pem || fail "the same key exported differently"

# --- no passphrase file and no terminal: a clear error, never a hang ---------------------------
# setsid -w detaches from the controlling terminal, so /dev/tty cannot be opened.
for cmd in "trust build --root enc.key --seq 1 --issued-at $LIST_ISSUED --next-update $LIST_NEXT --out t3.cose" \
  "key export-pem --in enc.key --out e4.pem" \
  "revoke --root enc.key --seq 1 --next-update $LIST_NEXT --out r.cose"; do
  # shellcheck disable=SC2086
  expect_exit 2 timeout 20 setsid -w "$QRSEAL" $cmd </dev/null
  expect_contains "$err" "no terminal"
  expect_contains "$err" "--passphrase-file"
done
[ ! -e t3.cose ] && [ ! -e e4.pem ] && [ ! -e r.cose ] || fail "a command wrote output without a passphrase"
# keygen without a passphrase option asks on the terminal too.
expect_exit 2 timeout 20 setsid -w "$QRSEAL" keygen --out tty </dev/null
expect_contains "$err" "no terminal"
[ ! -e tty.key ] || fail "keygen wrote a key without a passphrase"

# --- a key file that was tampered with --------------------------------------------------------
sed 's/^kdf: argon2id-interactive/kdf: argon2id-sensitive/' enc.key >odd.key
chmod 600 odd.key
expect_exit 2 qrseal key export-pem --in odd.key --passphrase-file good-pw --out odd.pem
expect_contains "$err" "odd.key"
expect_exit 0 qrseal key export-pem --in a.pub --out a.pub.pem --force
printf 'not a key\n' >junk.key
chmod 600 junk.key
expect_exit 2 qrseal trust build --root junk.key --seq 1 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out j.cose
expect_contains "$err" "junk.key"

# --- the secret never appears on stdout/stderr: use the keys in every command -------------------
make_authority
issuer_seed=$(sed -n 's/^seed: //p' issuer.key)
root_seed=$(sed -n 's/^seed: //p' root.key)
all=""
run_and_collect() {
  "$@" >"$WORK/.o" 2>"$WORK/.e" || true
  all+=$(cat "$WORK/.o" "$WORK/.e")
}
run_and_collect qrseal issue --key issuer.key --iss "$ISS" --claims claims.json --now "$IAT"
run_and_collect qrseal issue --key enc.key --passphrase-file good-pw --iss "$ISS" --claims claims.json
run_and_collect qrseal issue --key enc.key --passphrase-file bad-pw --iss "$ISS" --claims claims.json
run_and_collect qrseal revoke --root root.key --seq 1 --next-update "$LIST_NEXT" --out r1.cose
run_and_collect qrseal key export-pem --in root.key --out root.pem
run_and_collect qrseal key import-pem --in root.pem --out root2 --no-passphrase
run_and_collect qrseal verify --root root.pub --trust trust.cose --now "$NOW" --json "$(cat cred.txt)"
run_and_collect qrseal inspect "$(cat cred.txt)"
run_and_collect qrseal keygen --out enc --passphrase-file good-pw --kdf interactive --force
for secret in "$issuer_seed" "$root_seed" "$enc_seed" "$passphrase" Tr0ub4dor; do
  expect_not_contains "$all" "$secret" "the output of the commands using the keys"
done
# A hex seed printed upper-case would also be a leak.
expect_not_contains "$all" "${issuer_seed^^}" "the output of the commands using the keys"
expect_eq "$(stat -c %a root.pem)" 600 "mode of an exported secret PEM"

pass
