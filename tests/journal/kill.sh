# The journal under SIGKILL: two writers append to one journal as fast as they can while one of
# them is killed at random moments, again and again. Every record whose append returned (its id
# was printed) must be in the journal, the ids must be unique, and the database must pass
# SQLite's integrity check. Usage: bash kill.sh /path/to/journal_writer
set -euo pipefail
writer=$1
rounds=${JOURNAL_KILL_ROUNDS:-25}
work=$(mktemp -d "${TMPDIR:-/tmp}/qrseal-journal-kill.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

RANDOM=20211220
# A steady second writer: load on the same journal from another process all along.
"$writer" j.db steady 100000000 >steady.ids 2>steady.err &
steady=$!
killed=0
for round in $(seq 1 "$rounds"); do
  "$writer" j.db "victim-$round" 100000000 >"victim-$round.ids" 2>"victim-$round.err" &
  pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 400 + 20)))"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
done
kill -9 "$steady" 2>/dev/null || true
wait "$steady" 2>/dev/null || true

python3 - "$killed" <<'PY'
import glob, sqlite3, sys
db = sqlite3.connect("j.db")
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check failed"
assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
ids = {row[0]: row[1] for row in db.execute("SELECT id, checkpoint FROM records")}
acked = 0
for path in glob.glob("*.ids"):
    checkpoint = path[:-4]
    for line in open(path).read().split("\n"):
        if not line.strip():
            continue
        if not line.strip().isdigit():
            continue  # a line cut by the kill cannot have been acknowledged
        i = int(line)
        assert i in ids, "record %d acknowledged by %s is missing" % (i, checkpoint)
        assert ids[i] == checkpoint, "record %d belongs to %s, not %s" % (i, ids[i], checkpoint)
        acked += 1
print("journal kill: %s kills, %d acknowledged records all present of %d in the journal; "
      "integrity ok" % (sys.argv[1], acked, len(ids)))
assert acked > 1000, "too few records written to prove anything"
PY
