# issue --batch: CSV and JSON Lines input, rejected rows with reasons, input order kept, pictures,
# the ledger, re-running a finished job, refusing a changed job; revoke by subject from the
# ledger, carrying over and pruning the previous revocation list.
source "$(dirname "$0")/lib.sh" "$@"
make_authority

cat >people.csv <<'CSV'
subject_id,status,name,id_hint,test.result,test.sampled_at,test.site
P-001,green,张三明,1234,negative,2021-12-20T06:00:00Z,XA-07
P-002,blue,李四,5678,negative,2021-12-20T06:00:00Z,XA-07
P-003,green,Alice Smith,9999,negative,2021-12-45T06:00:00Z,XA-07
P-004,yellow,王五,,,,
P-005,green,"Name, With Comma",1,negative,1639980000,XA-01
P-006,green,this-name-is-far-too-long-for-a-credential-field-x,1,negative,1639980000,X
P-007,green
P-008,red,赵六,42,positive,2021-12-20T06:00:00Z,XA-02
CSV
printf 'P-009,green,\xff\xfe,1,negative,1639980000,X\n' >>people.csv

# --- CSV: good rows issued in input order, bad rows reported with line and reason, exit 3 ------
expect_exit 3 qrseal issue --key issuer.key --iss "$ISS" --batch people.csv --out-dir out \
  --now "$IAT" --valid 48h --mask-name
expect_contains "$err" "4 issued, 5 rejected"
expect_contains "$err" "rejected.jsonl"
subjects=$(python3 -c '
import json
print(" ".join(json.loads(l)["subject_id"] for l in open("out/credentials.jsonl")))')
expect_eq "$subjects" "P-001 P-004 P-005 P-008" "subjects in credentials.jsonl"
python3 - <<'PY' || fail "rejected.jsonl"
import json
rows = [json.loads(l) for l in open("out/rejected.jsonl")]
got = [(r["line"], r["reason"]) for r in rows]
want = [
    (3, "status: 'blue' is not green, yellow or red"),
    (4, "test.sampled_at: "),
    (7, "name: has 50 bytes, more than 48"),
    (8, "row: has 2 fields, the header has 7"),
    (10, "name: is not valid UTF-8"),
]
assert len(got) == len(want), got
for (line, reason), (wline, wreason) in zip(got, want):
    assert line == wline and reason.startswith(wreason), (line, reason)
assert rows[0]["row"].startswith("P-002,blue"), rows[0]
PY
# Every line of credentials.jsonl: the fields, and a text that verifies with the claims it says.
first=$(head -1 out/credentials.jsonl)
text=$(printf '%s' "$first" | json_get text)
cti=$(printf '%s' "$first" | json_get cti)
expect_eq "$(printf '%s' "$first" | json_get iat)" 1639987200 "iat"
expect_eq "$(printf '%s' "$first" | json_get exp)" $((1639987200 + 48 * 3600)) "exp"
expect_outcome valid 0 --now "$NOW" "$text"
expect_eq "$(printf '%s' "$out" | json_get name)" "张*明" "masked name"
expect_contains "$out" "$cti" "verdict"
for n in 1 3; do
  expect_outcome valid 0 --now "$NOW" "$(sed -n ${n}p out/credentials.jsonl | json_get text)"
done
expect_outcome status_not_accepted 1 --now "$NOW" "$(sed -n 2p out/credentials.jsonl | json_get text)"
expect_eq "$(json_get status <<<"$out")" yellow "P-004's status"
expect_outcome status_not_accepted 1 --now "$NOW" "$(sed -n 4p out/credentials.jsonl | json_get text)"
expect_eq "$(json_get status <<<"$out")" red "P-008's status"

# The ledger: one row per issued credential, in a WAL-mode SQLite file next to the output.
expect_eq "$(sqlite3 out/ledger.sqlite 'SELECT count(*) FROM credentials')" 4 "ledger rows"
expect_eq "$(sqlite3 out/ledger.sqlite 'PRAGMA journal_mode')" wal "journal mode"
expect_eq "$(sqlite3 out/ledger.sqlite "SELECT lower(hex(cti)) FROM credentials WHERE subject_id='P-001'")" \
  "$cti" "ledger cti of P-001"
issuer_kid=$(sed -n 's/^kid: //p' issuer.pub)
expect_eq "$(sqlite3 out/ledger.sqlite "SELECT DISTINCT lower(hex(kid)) FROM credentials")" \
  "$issuer_kid" "ledger kid"

# --- Running the finished job again does nothing and says so; other settings are refused -------
before=$(sha256sum out/credentials.jsonl)
expect_exit 3 qrseal issue --key issuer.key --iss "$ISS" --batch people.csv --out-dir out \
  --now "$IAT" --valid 48h --mask-name
expect_contains "$err" "already complete"
expect_contains "$err" "9 rows skipped"
expect_eq "$(sha256sum out/credentials.jsonl)" "$before" "credentials.jsonl after a re-run"
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch people.csv --out-dir out \
  --now "$IAT" --valid 24h --mask-name
expect_contains "$err" "other settings"
# A directory with output but no job in the ledger given is refused, not overwritten.
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch people.csv --out-dir out \
  --ledger other.sqlite --now "$IAT"
expect_contains "$err" "knows nothing of"

# --- Bad headers and inputs stop the job before anything is issued (exit 2) --------------------
printf 'subject_id,status,test.sampled\nX,green,1\n' >badhead.csv
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch badhead.csv --out-dir bh
expect_contains "$err" "column 3 'test.sampled' is not a batch column"
printf 'subject_id,name\nX,a\n' >nostatus.csv
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch nostatus.csv --out-dir ns
expect_contains "$err" "'status' is missing"
: >empty.csv
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch empty.csv --out-dir em
expect_contains "$err" "no CSV header"
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch missing.csv --out-dir mi
expect_contains "$err" "cannot open the batch input"
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch people.csv --out-dir x \
  --claims claims.json
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch people.csv
expect_contains "$err" "--out-dir"
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch people.csv --out-dir x --exp 2030
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch people.csv --out-dir x --format gif
expect_contains "$err" "not text, png, svg or card"
echo "not a database at all, but long enough to look like a file with a header ......" >junk.db
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch people.csv --out-dir j --ledger junk.db
expect_contains "$err" "not a readable SQLite database"
sqlite3 other-app.db 'CREATE TABLE accounts(id INTEGER)'
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch people.csv --out-dir o --ledger other-app.db
expect_contains "$err" "not a qrseal ledger"

# --- JSON Lines from standard input (format found from the first byte); one shared ledger -------
cat >people.jsonl <<'JSONL'
{"subject_id": "J-1", "status": "green", "name": "钱*", "test": {"result": "negative", "sampled_at": "2021-12-20T06:00:00Z"}}

{"subject_id": "J-2", "status": "green", "exp": 1}
{"subject_id": "J-3", "status": "yellow", "vaccination": {"doses": 2, "last_dose": 1630000000}}
{"subject_id": "J-4", "status": "green"
JSONL
expect_exit 3 qrseal issue --key issuer.key --iss "$ISS" --batch - --out-dir outj \
  --ledger shared.sqlite --now "$IAT" <people.jsonl
expect_contains "$err" "2 issued, 2 rejected"
expect_eq "$(python3 -c '
import json
print(" ".join("%d:%s" % (json.loads(l)["line"], json.loads(l)["reason"][:20]) for l in open("outj/rejected.jsonl")))')" \
  "3:exp: is set by the i 5:row: not a JSON obje" "JSONL rejected rows"
expect_exit 3 qrseal issue --key issuer.key --iss "$ISS" --batch people.csv --out-dir outc \
  --ledger shared.sqlite --now "$IAT" --input-format csv --threads 1
expect_eq "$(sqlite3 shared.sqlite 'SELECT count(*) FROM batch_jobs')" 2 "jobs in the shared ledger"

# --- Threads do not change the order -------------------------------------------------------------
python3 "$QRSEAL_SOURCE_DIR/tests/bench/make_batch_input.py" 3000 >many.csv
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --batch many.csv --out-dir m1 \
  --threads 1 --chunk-rows 100 --now "$IAT"
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --batch many.csv --out-dir m2 \
  --threads 2 --chunk-rows 100 --now "$IAT"
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --batch many.csv --out-dir m3 \
  --threads 5 --chunk-rows 7 --now "$IAT"
cut -d, -f1 many.csv | tail -n +2 >want_order
for d in m1 m2 m3; do
  python3 -c '
import json, sys
for l in open(sys.argv[1]): print(json.loads(l)["subject_id"])' "$d/credentials.jsonl" >got_order
  cmp -s want_order got_order || fail "$d: credentials.jsonl is not in input order"
done
expect_eq "$(sqlite3 m2/ledger.sqlite 'SELECT count(DISTINCT cti) FROM credentials')" 3000 "distinct ctis"

# --- Pictures: PNG and SVG per person, PDF card sheets per chunk ---------------------------------
head -26 many.csv >some.csv
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --batch some.csv --out-dir pics \
  --format png --chunk-rows 10 --now "$IAT"
expect_eq "$(find pics/png -name '*.png' | wc -l)" 25 "PNG files"
expect_eq "$(find pics/png -name '.*' | wc -l)" 0 "hidden leftovers"
third=$(sed -n 3p pics/credentials.jsonl)
image=$(printf '%s' "$third" | json_get image)
expect_contains "$image" "png/chunk-000001/"
decoded=$(zbarimg --nodbus -q --raw "pics/$image")
expect_eq "$decoded" "$(printf '%s' "$third" | json_get text)" "zbarimg of a batch PNG"
expect_exit 0 qrseal verify --root root.pub --trust trust.cose --now "$NOW" --image "pics/$image"
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --batch some.csv --out-dir svgs \
  --format svg --chunk-rows 10 --now "$IAT"
expect_eq "$(find svgs/svg -name '*.svg' | wc -l)" 25 "SVG files"
expect_exit 0 qrseal issue --key issuer.key --iss "$ISS" --batch some.csv --out-dir cards \
  --format card --chunk-rows 12 --now "$IAT" --utc-offset +08:00
expect_eq "$(find cards/cards -name '*.pdf' | wc -l)" 3 "card sheets (25 cards, 12 a chunk)"
expect_eq "$(pdfinfo cards/cards/chunk-000001.pdf | sed -n 's/^Pages: *//p')" 2 "pages of 12 cards"
expect_eq "$(sed -n 13p cards/credentials.jsonl | json_get sheet)" cards/chunk-000002.pdf "sheet"
expect_eq "$(sed -n 13p cards/credentials.jsonl | json_get card)" 1 "card number"

# --- Revoke by subject from the ledger; the previous list carries over; expired entries go -------
expect_exit 0 qrseal revoke --root root.key --ledger out/ledger.sqlite --subject P-001 \
  --subject nobody --seq 1 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out r1.cose
expect_contains "$err" "1 credential(s)"
expect_contains "$err" "'nobody' has no unexpired credential"
p1=$(head -1 out/credentials.jsonl | json_get text)
p4=$(sed -n 2p out/credentials.jsonl | json_get text)
expect_outcome revoked 1 --revocations r1.cose --now "$NOW" "$p1"
expect_outcome valid 0 --accept green,yellow --revocations r1.cose --now "$NOW" "$p4"
printf '# people whose status changed\nP-004\n\n' >changed.txt
expect_exit 0 qrseal revoke --root root.key --ledger out/ledger.sqlite --subject-file changed.txt \
  --previous r1.cose --seq 2 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out r2.cose
expect_contains "$err" "2 credential(s)"
expect_contains "$err" "1 kept from the previous list, 0 dropped"
expect_outcome revoked 1 --revocations r2.cose --now "$NOW" "$p1"
expect_outcome revoked 1 --revocations r2.cose --now "$NOW" "$p4"
# After every credential has expired, the next list drops them; a cti the ledger does not know
# (revoked by --cti) is kept.
expect_exit 0 qrseal revoke --root root.key --ledger out/ledger.sqlite --previous r2.cose \
  --cti 00112233445566778899aabbccddeeff --seq 3 --issued-at 2022-01-01T00:00:00Z \
  --next-update 2022-01-08T00:00:00Z --out r3.cose
expect_contains "$err" "1 credential(s)"
expect_contains "$err" "0 kept from the previous list, 2 dropped as expired"
expect_exit 0 qrseal revoke --root root.key --ledger out/ledger.sqlite --previous r3.cose \
  --seq 4 --issued-at 2022-01-02T00:00:00Z --next-update 2022-01-09T00:00:00Z --out r4.cose
expect_contains "$err" "1 kept from the previous list"
# The previous list must be this root's and older.
expect_exit 2 qrseal revoke --root root.key --previous r3.cose --seq 3 \
  --next-update "$LIST_NEXT" --out r5.cose
expect_contains "$err" "must be greater than the previous list's 3"
expect_exit 2 qrseal revoke --root issuer.key --previous r3.cose --seq 9 \
  --next-update "$LIST_NEXT" --out r5.cose
expect_contains "$err" "list_unknown_root"
expect_exit 2 qrseal revoke --root root.key --subject P-001 --seq 9 --next-update "$LIST_NEXT" \
  --out r5.cose
expect_contains "$err" "--subject needs --ledger"

pass
