# Issue 17 ("no silent harm"), the items on lists, keys and small messages: each mistake an
# operator makes by following the docs is refused or shown, never quietly applied.
#   5  a rotation that forgets the policy (trust build --previous, list show)
#   8  secret files others can read; ledger and credentials.jsonl written 0600
#   9  the QT1 sheet's printed label, an overdue --next-update, swapped files, a passphrase file
#      with a BOM or trailing space, "no code found" in Chinese, the clock-behind reason once,
#      --accept "" and --accept=
source "$(dirname "$0")/lib.sh" "$@"

make_authority
mode_of() { stat -c %a "$1"; }
kid_of() { sed -n 's/^kid: //p' "$1"; }
FUTURE=2031-01-01T00:00:00Z

# ---- 5. A new trust list built on the previous one keeps its policy and entries -------------
qrseal keygen --out k2 --no-passphrase >/dev/null 2>&1
expect_exit 0 qrseal trust build --root root.key \
  --entry "issuer.pub,$ISS,2021-01-01T00:00:00Z,2030-01-01T00:00:00Z" \
  --policy-accept green,yellow --policy-max-test-age 72h --policy-max-validity 72h \
  --seq 1 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out seq1.cose
yellow=$(issue_json '{"status":"yellow","test":{"result":"negative","sampled_at":"2021-12-20T06:00:00Z"}}' --valid 72h)
expect_exit 0 qrseal verify --root root.pub --trust seq1.cose --now "$NOW" --json "$yellow"
# The rotation of docs/operations.md: --previous, one new --entry, no policy flags, no --seq.
expect_exit 0 qrseal trust build --root root.key --previous seq1.cose \
  --entry "k2.pub,$ISS,2022-01-01T00:00:00Z,2022-01-31T23:59:59Z" \
  --issued-at 2021-12-20T01:00:00Z --next-update "$FUTURE" --out seq2.cose
expect_contains "$err" "trust list seq 2 with 2 entries"
expect_contains "$err" "+ kid $(kid_of k2.pub)"
expect_contains "$err" "policy       unchanged"
# Yellow holders are still accepted after the rotation, and the test-age limit still holds.
expect_exit 0 qrseal verify --root root.pub --trust seq2.cose --now "$NOW" --json "$yellow"
check_outcome valid
expect_exit 1 qrseal verify --root root.pub --trust seq2.cose --now 2021-12-23T07:00:00Z --json "$yellow"
check_outcome test_too_old

# The readable listing: seq, dates, entries (kid, iss, window), policy; no payload hex.
expect_exit 0 qrseal list show seq2.cose
expect_contains "$out" "seq          2"
expect_contains "$out" "next update  $FUTURE"
expect_contains "$out" "kid $(kid_of issuer.pub)  iss $ISS  2021-01-01T00:00:00Z .. 2030-01-01T00:00:00Z"
expect_contains "$out" "kid $(kid_of k2.pub)  iss $ISS  2022-01-01T00:00:00Z .. 2022-01-31T23:59:59Z"
expect_contains "$out" "accept        green,yellow"
expect_contains "$out" "max-test-age  72h"
expect_contains "$out" "signature NOT checked"
expect_exit 0 qrseal list show seq2.cose --previous seq1.cose --root root.pub
expect_contains "$out" "(signature verified)"
expect_contains "$out" "seq          1 -> 2"
expect_contains "$out" "+ kid $(kid_of k2.pub)"
expect_contains "$out" "policy       unchanged"
# A list that does not verify against the root given: shown, and exit 1.
expect_exit 1 qrseal list show seq2.cose --root k2.pub
expect_contains "$out" "SIGNATURE REFUSED"

# Changes on purpose: --remove-kid drops an entry, a policy flag changes only its field.
expect_exit 0 qrseal trust build --root root.key --previous seq2.cose \
  --remove-kid "$(kid_of issuer.pub)" --policy-accept green \
  --issued-at 2021-12-20T02:00:00Z --next-update "$FUTURE" --out seq3.cose
expect_exit 0 qrseal list show seq3.cose --previous seq2.cose
expect_contains "$out" "- kid $(kid_of issuer.pub)"
expect_contains "$out" "policy accept: green,yellow -> green"
expect_contains "$out" "max-test-age  72h"
expect_not_contains "$out" "policy max-test-age"
# --policy-clear starts the policy afresh (only the flags given).
expect_exit 0 qrseal trust build --root root.key --previous seq3.cose --policy-clear \
  --issued-at 2021-12-20T03:00:00Z --next-update "$FUTURE" --out seq4.cose
expect_exit 0 qrseal list show seq4.cose
expect_contains "$out" "(none: verifiers use their defaults)"

# Refused: a seq that is not higher, a kid not in the list, a previous list of another root,
# a revocation list as --previous, --remove-kid without --previous.
expect_exit 2 qrseal trust build --root root.key --previous seq2.cose --seq 2 \
  --issued-at 2021-12-20T02:00:00Z --next-update "$FUTURE" --out x.cose
expect_contains "$err" "not higher than seq 2"
expect_exit 2 qrseal trust build --root root.key --previous seq2.cose --remove-kid 0011223344556677 \
  --issued-at 2021-12-20T02:00:00Z --next-update "$FUTURE" --out x.cose
expect_contains "$err" "no entry of --previous"
qrseal keygen --out root2 --no-passphrase >/dev/null 2>&1
expect_exit 2 qrseal trust build --root root2.key --previous seq2.cose \
  --issued-at 2021-12-20T02:00:00Z --next-update "$FUTURE" --out x.cose
expect_contains "$err" "is signed by root $(kid_of root.pub), not by --root"
qrseal revoke --root root.key --cti 00112233445566778899aabbccddeeff --seq 1 \
  --issued-at "$LIST_ISSUED" --next-update "$FUTURE" --out rev1.cose 2>/dev/null
expect_exit 2 qrseal trust build --root root.key --previous rev1.cose \
  --issued-at 2021-12-20T02:00:00Z --next-update "$FUTURE" --out x.cose
expect_contains "$err" "this is a revocation list, not a trust list"
expect_exit 2 qrseal trust build --root root.key --seq 9 --remove-kid 0011223344556677 \
  --issued-at 2021-12-20T02:00:00Z --next-update "$FUTURE" --out x.cose
[ ! -e x.cose ] || fail "a refused trust build wrote x.cose"
# Without --previous over a list of the same root: built as asked, with a warning of what it drops.
cp seq2.cose over.cose
expect_exit 0 qrseal trust build --root root.key --entry "k2.pub,$ISS,2022-01-01T00:00:00Z,2022-01-31T23:59:59Z" \
  --seq 5 --issued-at 2021-12-20T04:00:00Z --next-update "$FUTURE" --out over.cose
expect_contains "$err" "built without --previous, so nothing of it was carried"
expect_contains "$err" "policy accept: green,yellow -> (not set: green only)"

# Revocation lists too: what a new list drops is listed as UN-REVOKED.
qrseal revoke --root root.key --cti 0000000000000000000000000000aaaa --seq 2 \
  --issued-at "$LIST_ISSUED" --next-update "$FUTURE" --out rev2.cose 2>/dev/null
expect_exit 0 qrseal list show rev2.cose --previous rev1.cose --root root.pub
expect_contains "$out" "revocation list"
expect_contains "$out" "revoked      1 credential(s)"
expect_contains "$out" "+1 added, -1 removed"
expect_contains "$out" "(UN-REVOKED)"
expect_exit 2 qrseal list show rev2.cose --previous seq1.cose
expect_contains "$err" "is a trust list but 'rev2.cose' is a revocation list"
expect_exit 2 qrseal list show issuer.pub
expect_contains "$err" "it looks like a qrseal public key file (.pub)"

# ---- 8. Secret files others can reach are refused; the ledger and outputs are 0600 ----------
expect_eq "$(mode_of issuer.key)" 600 "keygen's secret key mode"
chmod 644 issuer.key
expect_exit 2 issue_json '{"status":"green"}' --valid 48h
expect_contains "$err" "issuer.key' has mode 0644"
expect_contains "$err" "chmod 600 'issuer.key'"
chmod 640 root.key
expect_exit 2 qrseal trust build --root root.key --seq 9 --issued-at "$LIST_ISSUED" \
  --next-update "$FUTURE" --out x.cose
expect_contains "$err" "chmod 600 'root.key'"
chmod 600 issuer.key root.key
expect_exit 0 issue_json '{"status":"green"}' --valid 48h
# Passphrase files, and a secret PEM (as openssl writes it, then made readable).
printf 'a good passphrase\n' >pw
expect_exit 2 qrseal keygen --out enc --passphrase-file pw --kdf interactive
expect_contains "$err" "passphrase file 'pw' has mode 0644"
chmod 600 pw
expect_exit 0 qrseal keygen --out enc --passphrase-file pw --kdf interactive
expect_exit 0 qrseal key export-pem --in issuer.key --out issuer.pem
expect_eq "$(mode_of issuer.pem)" 600 "export-pem's secret PEM mode"
chmod 604 issuer.pem
expect_exit 2 qrseal key import-pem --in issuer.pem --out imported --no-passphrase
expect_contains "$err" "chmod 600 'issuer.pem'"
expect_exit 2 qrseal issue --key issuer.pem --iss "$ISS" --claims claims.json --now "$IAT" --valid 48h
expect_contains "$err" "chmod 600 'issuer.pem'"
# The ledger (and its -wal/-shm files) and credentials.jsonl hold subject ids: 0600.
printf 'subject_id,status\nP-1,green\nP-2,green\n' >people.csv
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --batch people.csv --out-dir out \
  --now "$IAT" --valid 48h --ledger ledger.sqlite
for f in ledger.sqlite out/credentials.jsonl out/rejected.jsonl; do
  expect_eq "$(mode_of "$f")" 600 "mode of $f"
done
for f in ledger.sqlite-wal ledger.sqlite-shm; do
  [ ! -e "$f" ] || expect_eq "$(mode_of "$f")" 600 "mode of $f"
done

# ---- 9. Smaller mistakes --------------------------------------------------------------------
# A trust list already overdue when signed is refused unless forced.
expect_exit 2 qrseal trust build --root root.key --seq 9 --issued-at 2021-12-20T00:00:00Z \
  --next-update 2021-12-19T00:00:00Z --out late.cose
expect_contains "$err" "overdue the moment it is published"
[ ! -e late.cose ] || fail "an overdue trust list was written"
expect_exit 0 qrseal trust build --root root.key --seq 9 --issued-at 2021-12-20T00:00:00Z \
  --next-update 2021-12-19T00:00:00Z --out late.cose --force

# Swapped files say what they are.
expect_exit 2 qrseal verify --root root.pub --trust rev1.cose --now "$NOW" "$(cat cred.txt)"
expect_contains "$err" "this is a revocation list, not a trust list"
expect_exit 2 qrseal verify --root root.pub --trust trust.cose --revocations seq1.cose --now "$NOW" "$(cat cred.txt)"
expect_contains "$err" "this is a trust list, not a revocation list"
expect_exit 2 qrseal verify --root root.pub --trust root.pub --now "$NOW" "$(cat cred.txt)"
expect_contains "$err" "it looks like a qrseal public key file (.pub)"

# A passphrase file saved with a BOM, or with a trailing space, gets a hint when it does not fit.
printf '\xef\xbb\xbfa good passphrase\n' >pw-bom
printf 'a good passphrase \n' >pw-space
chmod 600 pw-bom pw-space
expect_exit 2 qrseal key export-pem --in enc.key --passphrase-file pw-bom --out e.pem
expect_contains "$err" "wrong passphrase"
expect_contains "$err" "byte-order mark"
expect_exit 2 qrseal key export-pem --in enc.key --passphrase-file pw-space --out e.pem
expect_contains "$err" "ends in a space or tab"
expect_exit 0 qrseal key export-pem --in enc.key --passphrase-file pw --out e.pem

# "no code found" in the checkpoint's language.
python3 - <<'PY'
import struct, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
raw = b"".join(b"\x00" + b"\xff" * 64 for _ in range(64))
open("blank.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0))
                              + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
expect_exit 1 qrseal scan --root root.pub --trust trust.cose --now "$NOW" --lang zh blank.png
expect_contains "$out" "未找到二维码"
expect_exit 1 qrseal scan --root root.pub --trust trust.cose --now "$NOW" --lang en blank.png
expect_contains "$out" "no code found"

# The clock-behind reason once, not also as a warning on the same line.
qrseal render "$(cat cred.txt)" --png person.png 2>/dev/null
expect_exit 1 qrseal scan --root root.pub --trust trust.cose --now 2021-12-19T00:00:00Z \
  --reject-clock-behind --lang en person.png
[ "$(grep -o 'clock is behind' <<<"$out" | wc -l)" == 1 ] || fail "clock-behind said more than once: $out"
expect_exit 1 qrseal scan --root root.pub --trust trust.cose --now 2021-12-19T00:00:00Z \
  --reject-clock-behind --lang zh person.png
[ "$(grep -o '设备时钟落后' <<<"$out" | wc -l)" == 1 ] || fail "clock-behind said more than once: $out"

# --accept "" accepts none (as docs/cli.md says), and --accept= is the same, not the next word.
expect_exit 1 qrseal verify --root root.pub --trust trust.cose --now "$NOW" --accept "" --json "$(cat cred.txt)"
check_outcome status_not_accepted
expect_exit 1 qrseal verify --root root.pub --trust trust.cose --now "$NOW" --accept= --json "$(cat cred.txt)"
check_outcome status_not_accepted
expect_exit 0 qrseal verify --root root.pub --trust trust.cose --now "$NOW" --accept=green --json "$(cat cred.txt)"
expect_exit 2 qrseal trust build --root root.key --seq 9 --policy-accept "" \
  --issued-at "$LIST_ISSUED" --next-update "$FUTURE" --out x.cose
expect_contains "$err" "an empty list would make every verifier refuse"

# The QT1 sheet prints its seq, dates and authority under the code; the code still scans.
expect_exit 0 qrseal trust render seq2.cose --png sheet.png
expect_contains "$err" "trust list seq 2"
decoded=$(zbarimg --nodbus -q --raw sheet.png)
expect_eq "$decoded" "$(qrseal trust text seq2.cose)" "zbarimg of the labelled QT1 sheet"
expect_exit 0 qrseal trust render seq2.cose --terminal
expect_contains "$out" "authority: root kid $(kid_of root.pub)"
expect_contains "$out" "next update $(echo "$FUTURE" | cut -c1-10)"
expect_exit 0 qrseal trust render seq2.cose --png bare.png --bare
expect_eq "$(zbarimg --nodbus -q --raw bare.png)" "$(qrseal trust text seq2.cose)" "bare sheet"
python3 - <<'PY' || fail "the sheet has no text under the code"
import struct
size = lambda f: struct.unpack(">II", open(f, "rb").read()[16:24])
(lw, lh), (bw, bh) = size("sheet.png"), size("bare.png")
assert lh > bh + 40 and lw >= bw, ((lw, lh), (bw, bh))  # the same code, with lines under it
PY

pass
