# A batch job killed with SIGKILL at random moments, again and again, then run to the end: every
# good row issued exactly once, in input order; every bad row rejected exactly once; the ledger
# holds exactly the credentials in credentials.jsonl (so every credential that reached a file is
# revocable); no torn line, no picture left half-made. Also: resuming with a different input is
# refused.
source "$(dirname "$0")/lib.sh" "$@"
make_authority

rows=${BATCH_RESUME_ROWS:-60000}
kills=${BATCH_RESUME_KILLS:-12}
python3 "$QRSEAL_SOURCE_DIR/tests/bench/make_batch_input.py" "$rows" >in.csv
# Bad rows spread through the file: they must be rejected exactly once too.
python3 - <<'PY'
lines = open("in.csv", encoding="utf-8").read().splitlines()
for i in range(7, len(lines), 997):
    lines[i] = lines[i].replace(",green,", ",purple,", 1).replace(",yellow,", ",purple,", 1).replace(",red,", ",purple,", 1)
open("in.csv", "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
bad=$(grep -c ',purple,' in.csv)
good=$((rows - bad))

# run_killed DIR FORMAT MAX_DELAY_MS: starts the job, kills it after a random delay; repeats
# until a run finishes by itself. Prints nothing; fails if a run exits with anything but 0 or 3.
run_killed() {
  local dir=$1 format=$2 max_ms=$3 killed=0 rc
  RANDOM=4242
  while :; do
    "$QRSEAL" issue --key issuer.key --iss "$ISS" --batch in.csv --out-dir "$dir" --now "$IAT" \
      --format "$format" --chunk-rows 97 --threads 2 >/dev/null 2>>"$dir.log" &
    local pid=$!
    if [ "$killed" -lt "$kills" ]; then
      sleep "$(printf '0.%03d' $((RANDOM % max_ms)))"
      if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
    fi
    rc=0
    wait "$pid" || rc=$?
    case $rc in
      0 | 3) break ;;
      137) ;;  # killed
      *) cat "$dir.log" >&2; fail "$dir: a run exited with $rc" ;;
    esac
  done
  echo "$killed"
}

check_job() {
  local dir=$1
  python3 - "$dir" "$good" "$bad" <<'PY' || fail "$dir: output does not match the input exactly"
import json, sqlite3, sys
d, good, bad = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
want = [l.split(",")[0] for l in open("in.csv", encoding="utf-8").read().splitlines()[1:]
        if ",purple," not in l]
creds = [json.loads(l) for l in open(d + "/credentials.jsonl", encoding="utf-8")]
got = [c["subject_id"] for c in creds]
assert len(got) == good, ("issued", len(got), good)
assert got == want, "order or duplicates differ"
assert len({c["cti"] for c in creds}) == good, "a cti appears twice"
rejected = [json.loads(l) for l in open(d + "/rejected.jsonl", encoding="utf-8")]
assert len(rejected) == bad, ("rejected", len(rejected), bad)
assert len({r["line"] for r in rejected}) == bad, "a rejected row appears twice"
db = sqlite3.connect(d + "/ledger.sqlite")
ledger = {row[0] for row in db.execute("SELECT lower(hex(cti)) FROM credentials")}
count = db.execute("SELECT count(*) FROM credentials").fetchone()[0]
assert count == good, ("ledger rows", count, good)
assert ledger == {c["cti"] for c in creds}, "ledger and credentials.jsonl differ"
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
job = db.execute("SELECT issued, rejected, complete FROM batch_jobs").fetchone()
assert job == (good, bad, 1), job
PY
}

# --- text output, killed many times ----------------------------------------------------------
mkdir -p logs
n=$(run_killed text text 350)
[ "$n" -ge 3 ] || fail "only $n kills landed; the job finished too fast to test resuming"
check_job text
echo "batch_resume: text job killed $n times, $(grep -c 'resuming' text.log) resumes, $(grep -c 'redo record' text.log || true) chunks completed from the redo record"
expect_contains "$(cat text.log)" "resuming: "
expect_contains "$(cat text.log)" "rows done before were skipped"
# A sample of texts verifies (the whole output is checked for order and uniqueness above).
for n in 1 977 $good; do
  t=$(sed -n "${n}p" text/credentials.jsonl | json_get text)
  expect_exit 0 qrseal verify --root root.pub --trust trust.cose --accept green,yellow,red \
    --now "$NOW" "$t" || true
done

# --- PNG output, killed while pictures are being written --------------------------------------
head -2501 in.csv >in_png.csv
mv in.csv in_full.csv
cp in_png.csv in.csv
bad=$(grep -c ',purple,' in.csv || true)
good=$((2500 - bad))
n=$(run_killed png png 600)
[ "$n" -ge 2 ] || fail "only $n kills landed in the PNG job"
check_job png
echo "batch_resume: PNG job killed $n times, $(grep -c 'redo record' png.log || true) chunks completed from the redo record"
expect_eq "$(find png/png -name '*.png' | wc -l)" "$good" "PNG files after resuming"
expect_eq "$(find png -name '.*' ! -name .pending | wc -l)" 0 "leftover hidden files"
python3 - <<'PY' || fail "credentials.jsonl names a missing picture"
import json, os
for l in open("png/credentials.jsonl"):
    assert os.path.getsize("png/" + json.loads(l)["image"]) > 100
PY

# --- resuming with another input is refused --------------------------------------------------
cp in_full.csv in.csv
"$QRSEAL" issue --key issuer.key --iss "$ISS" --batch in.csv --out-dir changed --now "$IAT" \
  --chunk-rows 97 >/dev/null 2>&1 &
pid=$!
sleep 0.3
kill -9 "$pid" 2>/dev/null || true
wait "$pid" || true
if [ -s changed/credentials.jsonl ]; then
  sed -i '3s/^6101/9999/' in.csv
  expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --batch in.csv --out-dir changed \
    --now "$IAT" --chunk-rows 97
  expect_contains "$err" "is not the one this job started with"
fi

pass
