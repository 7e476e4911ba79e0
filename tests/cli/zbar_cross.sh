# Cross-decoding with independent tools, both ways:
#  - codes we render (render/issue --png, every ECC level, module sizes 2-8 px, --png-1bit, no
#    and wide quiet zones) are read by zbar's `zbarimg` to the exact text;
#  - codes made by another generator (the `qrencode` command: PNG and PNG32, every ECC level,
#    8-bit mode, inverted colours, long EU DCC texts and non-ASCII text) are read by
#    `qrseal scan --raw` to the exact bytes.
source "$(dirname "$0")/lib.sh" "$@"
command -v zbarimg >/dev/null || fail "zbarimg is missing (scripts/install-deps installs zbar-tools)"
command -v qrencode >/dev/null || fail "qrencode is missing (scripts/install-deps installs qrencode)"
SOURCE_DIR=${QRSEAL_SOURCE_DIR:-$CLI_TEST_DIR/../..}

make_authority
cred=$(cat cred.txt)
expect_exit 0 qrseal keygen --out holder --no-passphrase
held=$(qrseal issue --key issuer.key --iss "$ISS" --claims claims.json --now "$IAT" --holder holder.pub)

# zbar_reads FILE TEXT: zbarimg finds exactly one code in FILE, holding exactly TEXT.
zbar_reads() {
  local got
  got=$(zbarimg --nodbus --raw -q "$1") || fail "zbarimg found no code in $1"
  [ "$(printf '%s\n' "$got" | wc -l)" -eq 1 ] || fail "zbarimg found more than one code in $1: $got"
  expect_eq "$got" "$2" "zbarimg's reading of $1"
}

count=0
for text in "$cred" "$held"; do
  for ecc in L M Q H; do
    for px in 2 4 8; do
      expect_exit 0 qrseal render "$text" --png "r_${ecc}_$px.png" --ecc "$ecc" --module-px "$px"
      zbar_reads "r_${ecc}_$px.png" "$text"
      count=$((count + 1))
    done
    expect_exit 0 qrseal render "$text" --png "b_$ecc.png" --png-1bit --ecc "$ecc" --module-px 3
    zbar_reads "b_$ecc.png" "$text"
    count=$((count + 1))
  done
done
expect_exit 0 qrseal render "$cred" --png q0.png --quiet-zone 1 --module-px 4
zbar_reads q0.png "$cred"
expect_exit 0 qrseal render "$cred" --png q12.png --quiet-zone 12 --module-px 5 --png-1bit
zbar_reads q12.png "$cred"
# issue --png draws the credential it prints.
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --claims claims.json --now "$IAT" --png issued.png
zbar_reads issued.png "$out"
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --claims claims.json --now "$IAT" --png issued1.png \
  --png-1bit --ecc Q
zbar_reads issued1.png "$out"
count=$((count + 4))

# scan_reads FILE TEXT: qrseal scan --raw prints exactly TEXT (one code) for FILE.
scan_reads() {
  expect_exit 0 qrseal scan --raw "$1"
  [ "$out" == "$2" ] || fail "qrseal scan --raw $1: expected '$2', got '$out'"
}

dcc=$(cat "$SOURCE_DIR/tests/data/dcc-qr/LT_2DCode_raw_2.txt")  # 1039 characters
texts=("$cred" "$held" "$dcc" "HELLO WORLD 12345" "any text: lower case, punctuation & UTF-8 — 健康码 ✓")
i=0
for text in "${texts[@]}"; do
  for ecc in L M Q H; do
    qrencode -o "e_${i}_$ecc.png" -l "$ecc" -s 3 -m 4 "$text" || fail "qrencode -l $ecc"
    scan_reads "e_${i}_$ecc.png" "$text"
    count=$((count + 1))
  done
  qrencode -o "e_${i}_8bit.png" -8 -s 2 -m 2 "$text" || fail "qrencode -8"
  scan_reads "e_${i}_8bit.png" "$text"
  qrencode -t PNG32 -o "e_${i}_32.png" -s 5 "$text" || fail "qrencode -t PNG32"
  scan_reads "e_${i}_32.png" "$text"
  # Light on dark, as a dark-mode screen shows it.
  qrencode -o "e_${i}_inv.png" -s 4 --foreground=FFFFFF --background=000000 "$text" || fail "qrencode inverted"
  scan_reads "e_${i}_inv.png" "$text"
  count=$((count + 3))
  i=$((i + 1))
done

# Several pictures in one call: one line per code, in the order given.
expect_exit 0 qrseal scan --raw r_M_4.png b_H.png
expect_eq "$out" "$held"$'\n'"$held" "scan --raw of two files"

echo "$count pictures cross-decoded"
pass
