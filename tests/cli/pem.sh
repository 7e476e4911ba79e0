# OpenSSL interoperability: keys made by `openssl genpkey -algorithm ed25519` are imported,
# used to issue and to sign lists, and exported back byte for byte; OpenSSL reads our PEMs.
source "$(dirname "$0")/lib.sh" "$@"
command -v openssl >/dev/null || fail "openssl is not installed (scripts/install-deps installs it)"

# --- import: an issuing key and a root key made by OpenSSL --------------------------------------
openssl genpkey -algorithm ed25519 -out issuer.pem 2>/dev/null
openssl pkey -in issuer.pem -pubout -out issuer.pub.pem 2>/dev/null
openssl genpkey -algorithm ed25519 -out root.pem 2>/dev/null
openssl pkey -in root.pem -pubout -out root.pub.pem 2>/dev/null

expect_exit 0 qrseal key import-pem --in issuer.pem --out imp --no-passphrase
imp_kid=$out
[[ $imp_kid =~ ^[0-9a-f]{16}$ ]] || fail "import-pem printed '$imp_kid', not a kid"
expect_eq "$(stat -c %a imp.key)" 600 "mode of imp.key"
expect_eq "$(sed -n 's/^kid: //p' imp.pub)" "$imp_kid" "kid of imp.pub"
expect_contains "$err" "NOT encrypted"

# The public half alone gives the same .pub and kid.
expect_exit 0 qrseal key import-pem --in issuer.pub.pem --out imppub
expect_eq "$out" "$imp_kid" "kid of the imported public PEM"
[ ! -e imppub.key ] || fail "importing a public PEM wrote a .key"
cmp -s imp.pub imppub.pub || fail "the .pub from the PKCS#8 and from the SPKI PEM differ"

# The kid is SHA-256 of the raw key (the last 32 bytes of OpenSSL's 44-byte SPKI DER).
raw=$(openssl pkey -pubin -in issuer.pub.pem -outform DER 2>/dev/null | od -An -tx1 -v | tr -d ' \n' | tail -c 64)
expect_eq "$(sed -n 's/^public-key: //p' imp.pub)" "$raw" "public key of imp.pub"

# Imported with a passphrase.
printf 'a passphrase\n' >pw
chmod 600 pw # secret files must be 0600, as ssh wants them
expect_exit 0 qrseal key import-pem --in issuer.pem --out impenc --passphrase-file pw --kdf interactive
expect_eq "$out" "$imp_kid" "kid of the encrypted import"
expect_eq "$(sed -n 's/^kdf: //p' impenc.key)" argon2id-interactive "kdf of impenc.key"
# Overwrite rules as for keygen.
cp imp.key imp.key.orig
expect_exit 2 qrseal key import-pem --in root.pem --out imp --no-passphrase
expect_contains "$err" "already exists"
cmp -s imp.key imp.key.orig || fail "a refused import changed imp.key"
expect_exit 2 qrseal key import-pem --in issuer.pub.pem --out imppub
expect_exit 0 qrseal key import-pem --in issuer.pub.pem --out imppub --force

# --- use: OpenSSL root PEM signs the trust list, the imported issuer issues, verify pins the PEM --
# (a root key signs lists and is pinned with --root; an issuing key is an --entry of the list)
expect_exit 0 qrseal trust build --root root.pem \
  --entry "issuer.pub.pem,$ISS,2021-01-01T00:00:00Z,2030-01-01T00:00:00Z" \
  --seq 1 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out trust.cose
expect_exit 0 qrseal issue --key imp.key --iss "$ISS" --now "$IAT" --claims - <<<'{"status":"green","name":"A*"}'
cred=$out
expect_exit 0 qrseal verify --root root.pub.pem --trust trust.cose --now "$NOW" --json "$cred"
expect_eq "$(json_get outcome <<<"$out")" valid "outcome with OpenSSL-made keys"
expect_eq "$(json_get kid <<<"$out")" "$imp_kid" "kid in the verdict"
# The same with the encrypted import, the PEM itself as issuing key, and the root as .pub.
expect_exit 0 qrseal issue --key impenc.key --passphrase-file pw --iss "$ISS" --now "$IAT" \
  --claims - <<<'{"status":"green"}'
expect_exit 0 qrseal verify --root root.pub.pem --trust trust.cose --now "$NOW" "$out"
expect_exit 0 qrseal issue --key issuer.pem --iss "$ISS" --now "$IAT" --claims - <<<'{"status":"green"}'
expect_exit 0 qrseal verify --root root.pub.pem --trust trust.cose --now "$NOW" "$out"
expect_exit 0 qrseal key import-pem --in root.pub.pem --out rootpub
expect_exit 0 qrseal verify --root rootpub.pub --trust trust.cose --now "$NOW" "$cred"
# Pinning another key as root refuses the list (list_unknown_root); pinning the issuing key as a
# root makes the list name a pinned root as an issuing key (list_malformed, spec section 3).
openssl genpkey -algorithm ed25519 2>/dev/null | openssl pkey -pubout -out other.pub.pem 2>/dev/null
expect_exit 2 qrseal verify --root other.pub.pem --trust trust.cose --now "$NOW" "$cred"
expect_contains "$err" "list_unknown_root"
expect_exit 2 qrseal verify --root issuer.pub.pem --trust trust.cose --now "$NOW" "$cred"
expect_contains "$err" "list_malformed"
# A list that names the root as an issuing key is refused when it is built.
expect_exit 2 qrseal trust build --root root.pem --entry "root.pub.pem,$ISS,0,2000000000" \
  --seq 2 --next-update "$LIST_NEXT" --out bad.cose
[ ! -e bad.cose ] || fail "trust build wrote a list naming the root as an issuing key"

# --- export: byte for byte what OpenSSL wrote ----------------------------------------------------
expect_exit 0 qrseal key export-pem --in imp.pub --out ours.pub.pem
cmp issuer.pub.pem ours.pub.pem || fail "exported SPKI differs from OpenSSL's"
expect_eq "$(stat -c %a ours.pub.pem)" 644 "mode of an exported public PEM"
expect_exit 0 qrseal key export-pem --in imp.key --out ours.pem
cmp issuer.pem ours.pem || fail "exported PKCS#8 differs from OpenSSL's"
expect_eq "$(stat -c %a ours.pem)" 600 "mode of an exported secret PEM"
expect_contains "$err" "UNENCRYPTED"
expect_exit 0 qrseal key export-pem --in impenc.key --passphrase-file pw --out ours2.pem
cmp issuer.pem ours2.pem || fail "exported PKCS#8 of the encrypted import differs"
# export refuses to overwrite without --force.
expect_exit 2 qrseal key export-pem --in imp.key --out ours.pem
expect_exit 0 qrseal key export-pem --in imp.key --out ours.pem --force

# --- OpenSSL reads what we export, for keys we generated ----------------------------------------
expect_exit 0 qrseal keygen --out gen --no-passphrase
expect_exit 0 qrseal key export-pem --in gen.key --out gen.pem
expect_exit 0 qrseal key export-pem --in gen.pub --out gen.pub.pem
openssl pkey -in gen.pem -pubout -out gen.ossl.pub.pem 2>/dev/null || fail "openssl cannot read our PKCS#8"
cmp gen.pub.pem gen.ossl.pub.pem || fail "openssl derives another public key from our PKCS#8"
openssl pkey -pubin -in gen.pub.pem -noout 2>/dev/null || fail "openssl cannot read our SPKI"
expect_eq "$(openssl pkey -in gen.pem -text -noout 2>/dev/null | head -1)" "ED25519 Private-Key:" "openssl's view of our key"
# A signature OpenSSL makes with our exported key verifies with our public key (via OpenSSL).
printf 'message' >msg
openssl pkeyutl -sign -inkey gen.pem -rawin -in msg -out msg.sig 2>/dev/null
openssl pkeyutl -verify -pubin -inkey gen.pub.pem -rawin -in msg -sigfile msg.sig >/dev/null 2>&1 ||
  fail "openssl does not verify with our exported public key"

# --- PEMs qrseal refuses ------------------------------------------------------------------------
openssl genpkey -algorithm ed448 -out ed448.pem 2>/dev/null
expect_exit 2 qrseal key import-pem --in ed448.pem --out e448 --no-passphrase
expect_contains "$err" "ed448.pem"
openssl genpkey -algorithm ed25519 -aes-128-cbc -pass pass:x -out encpk.pem 2>/dev/null
expect_exit 2 qrseal key import-pem --in encpk.pem --out encpk --no-passphrase
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.pem 2>/dev/null
expect_exit 2 qrseal key import-pem --in p256.pem --out p256 --no-passphrase
expect_exit 2 qrseal trust build --root p256.pem --seq 1 --next-update "$LIST_NEXT" --out x.cose
printf -- '-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n' >broken.pem
expect_exit 2 qrseal key import-pem --in broken.pem --out broken
expect_exit 2 qrseal verify --root broken.pem --trust trust.cose "$cred"
expect_contains "$err" "broken.pem"
for f in e448.* encpk.* p256.* broken.*; do
  [ -e "$f" ] || continue # the pattern itself when nothing matches
  [[ $f == *.pem ]] || fail "a refused import wrote $f"
done

pass
