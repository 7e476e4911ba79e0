# No input crashes the binary: verify and inspect over ~200 mutated texts (truncated, characters
# flipped, random Base45, bits flipped inside the decoded CBOR/COSE/zlib body, overlong texts)
# must exit 0, 1 or 2, never by a signal (exit >= 128) or a hang. The mutations are seeded, so
# a failure is reproducible: the failing text is printed.
source "$(dirname "$0")/lib.sh" "$@"
make_authority
cred=$(cat cred.txt)
expect_exit 0 qrseal keygen --out holder --no-passphrase
hold=$(issue_json '{"status":"green","test":{"result":"negative","sampled_at":1639980000},"vaccination":{"doses":2,"last_dose":1630000000}}' \
  --holder holder.pub --no-compress)
expect_exit 0 qrseal live --cred "$hold" --holder-key holder.key --now "$NOW"
live=$out
python3 -c 'import json; print(json.dumps({"status": "yellow", "name": "y" * 48, "id_hint": "y" * 8}))' >long.json
zlib_cred=$(qrseal issue --key issuer.key --iss "$ISS" --claims long.json --now "$IAT")
trust_text=$(qrseal trust text trust.cose)

mkdir mutants
qrtext mutate 20211220 200 mutants "$cred" "$hold" "$live" "$zlib_cred" "$trust_text"
count=0
for f in mutants/*.txt; do
  for cmd in "verify --root root.pub --trust trust.cose --now $NOW --json -" "inspect -"; do
    rc=0
    # shellcheck disable=SC2086
    timeout 10 "$QRSEAL" $cmd <"$f" >.out 2>.err || rc=$?
    if [ "$rc" -gt 2 ]; then
      fail "qrseal $cmd exited $rc on $f: $(head -c 5000 "$f" | od -c | head -20) stderr: $(head -c 500 .err)"
    fi
    # verify --json always prints one verdict object, even for garbage.
    if [ "${cmd:0:6}" == verify ] && [ "$rc" -ne 2 ]; then
      [[ $(cat .out) =~ ^\{\"outcome\":\"[a-z_]+\" ]] || fail "verify printed no verdict for $f: $(cat .out .err)"
    fi
    count=$((count + 1))
  done
done
expect_eq "$count" 400 "number of runs"

# The same texts as command-line arguments (those without NUL bytes), through the human line.
for f in mutants/0[0-4]*.txt; do
  text=$(cat "$f")
  rc=0
  timeout 10 "$QRSEAL" verify --root root.pub --trust trust.cose --now "$NOW" "$text" >/dev/null 2>&1 || rc=$?
  [ "$rc" -le 2 ] || fail "qrseal verify exited $rc on the argument from $f"
done

# Lists: mutated trust and revocation list files are refused (exit 2) or accepted, never a crash.
qrseal revoke --root root.key --cti "$(qrseal inspect "$cred" | json_get claims.cti)" --seq 1 \
  --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out rev.cose 2>/dev/null
python3 - <<'EOF'
import random
rng = random.Random(1220)
for name in ("trust.cose", "rev.cose"):
    data = open(name, "rb").read()
    for n in range(25):
        b = bytearray(data)
        kind = n % 3
        if kind == 0:
            b = b[:rng.randrange(len(b))]
        elif kind == 1:
            for _ in range(rng.randrange(1, 4)):
                b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        else:
            b += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 5)))
        open(f"mutants/{name}.{n:02d}", "wb").write(bytes(b))
EOF
for f in mutants/trust.cose.*; do
  rc=0
  timeout 10 "$QRSEAL" verify --root root.pub --trust "$f" --now "$NOW" "$cred" >/dev/null 2>.err || rc=$?
  [ "$rc" -le 2 ] || fail "qrseal verify exited $rc with the trust list $f"
  [ "$rc" -ne 2 ] || [[ $(cat .err) == *list_* ]] || fail "refused $f without naming the list result: $(cat .err)"
  rc=0
  timeout 10 "$QRSEAL" trust text "$f" >/dev/null 2>&1 || rc=$?
  [ "$rc" -le 2 ] || fail "qrseal trust text exited $rc with $f"
done
for f in mutants/rev.cose.*; do
  rc=0
  timeout 10 "$QRSEAL" verify --root root.pub --trust trust.cose --revocations "$f" --now "$NOW" "$cred" \
    >/dev/null 2>.err || rc=$?
  [ "$rc" -le 2 ] || fail "qrseal verify exited $rc with the revocation list $f"
done

pass
