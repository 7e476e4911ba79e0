# qrseal journal push against tests/cli/fault_server.py: after each fault (HTTP 500, a lost
# acknowledgement, a reset mid-upload, a stall, nobody listening) the next push resumes, and the
# receiver's collection ends with every record exactly once. Then `ledger resolve` on the folder.
source "$(dirname "$0")/lib.sh" "$@"
make_authority
cred=$(cat cred.txt)
expect_exit 0 qrseal state init --state dev --root root.pub
expect_exit 0 qrseal state update --state dev --trust trust.cose
for i in $(seq 1 7); do
  expect_exit 0 qrseal verify --state dev --checkpoint door-1 --linkable --sample-id "S$i" --now "$NOW" "$cred"
done

mkdir srv
"$PYTHON" "$CLI_TEST_DIR/fault_server.py" --root srv --port-file port --log requests.log \
  --lifetime 240 >server.out 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do [ -s port ] && break; sleep 0.05; done
[ -s port ] || fail "the fault server did not start"
base="http://127.0.0.1:$(cat port)"
fast=(--connect-timeout 1s --timeout 2s --low-speed-time 1s --records-per-file 3)

# Faults: each leaves the records waiting and names itself. The collection is srv/c; the fault
# modes store (or not) into the same folder, as one receiver that misbehaves would.
push_fault() { # push_fault MODE CODE
  expect_exit 1 qrseal journal push --state dev --to "$base/$1/c" "${fast[@]}" --json
  expect_eq "$(json_get fault.code <<<"$out")" "$2" "fault of mode $1"
  expect_eq "$(json_get files <<<"$out")" 0 "files acknowledged in mode $1"
  echo "push fault ok: $1 -> $2"
}
# The progress is kept per URL, so each mode's URL starts afresh; what counts is that srv/c
# never holds a record twice.
push_fault 500 net_http_status
push_fault lostack net_http_status
push_fault reset net_error
push_fault stall net_timeout
refused_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
expect_exit 1 qrseal journal push --state dev --to "http://127.0.0.1:$refused_port/c" "${fast[@]}"
expect_contains "$out" "net_refused"
expect_contains "$out" "7 waiting"
# lostack stored the first file although it answered 500: the same name comes again below.
ls srv/c/*.jsonl >/dev/null 2>&1 || fail "lostack stored nothing"

# The real push, twice through a lost acknowledgement on the same URL (the resumed range must be
# the same file), then to the end.
expect_exit 1 qrseal journal push --state dev --to "$base/lostack/c" "${fast[@]}"
expect_exit 1 qrseal journal push --state dev --to "$base/lostack/c" "${fast[@]}"
expect_eq "$(ls srv/c | wc -l)" 1 "files after two lost acknowledgements of the same range"
# New records while a range is pending do not change that range.
expect_exit 0 qrseal verify --state dev --checkpoint door-1 --linkable --sample-id S8 --now "$NOW" "$cred"
expect_exit 0 qrseal journal push --state dev --to "$base/ok/c" "${fast[@]}"
expect_contains "$out" "8 record(s) in 3 file(s) acknowledged; acknowledged up to id 8; 0 waiting"
python3 - <<'PY' || fail "the collection: $(ls srv/c)"
import glob, json
ids = [json.loads(l)["id"] for f in glob.glob("srv/c/*.jsonl") for l in open(f).read().splitlines()]
assert sorted(ids) == list(range(1, 9)), ids
PY
expect_exit 0 qrseal journal push --state dev --to "$base/ok/c" --json
expect_eq "$(json_get requests <<<"$out")" 0 "requests with nothing waiting"

# The authority reads the folder (its files in name order).
printf 'subject_id,status\n610103000000000009,green\n' >round.csv
qrseal issue --key issuer.key --iss "$ISS" --batch round.csv --out-dir round --now "$IAT" \
  --valid 48h >/dev/null 2>&1 || fail "batch issue"
expect_exit 0 qrseal ledger resolve --ledger round/ledger.sqlite srv/c
expect_contains "$err" "0 record(s) resolved, 8 not in this ledger"
# A record twice (a copied file) is counted once and said so.
cp srv/c/"$(ls srv/c | head -1)" srv/c/zz-copy.jsonl
expect_exit 0 qrseal ledger resolve --ledger round/ledger.sqlite srv/c
expect_contains "$err" "3 repeated record(s) counted once"

# usage
expect_exit 2 qrseal journal push --state dev --to "$base/ok/c" --records-per-file 0
expect_contains "$err" "at least one record"
expect_exit 2 qrseal journal push --state nowhere --to "$base/ok/c"
kill "$server"
wait "$server" 2>/dev/null || true
pass
