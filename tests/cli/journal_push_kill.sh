# journal push killed with SIGKILL at random moments, again and again, while the gate keeps
# scanning, then resumed: the receiver (Debian's nginx, WebDAV PUT) ends with every record
# exactly once. Rounds: JOURNAL_PUSH_KILL_ROUNDS (default 25).
source "$(dirname "$0")/lib.sh" "$@"
source "$CLI_TEST_DIR/lib_nginx.sh"
trap 'stop_nginx; rm -rf "$WORK"' EXIT
make_authority
cred=$(cat cred.txt)
expect_exit 0 qrseal state init --state dev --root root.pub
expect_exit 0 qrseal state update --state dev --trust trust.cose
scan() { qrseal verify --state dev --checkpoint gate-k --linkable --now "$NOW" "$cred" >/dev/null; }
for _ in $(seq 1 150); do scan; done
# nginx paces the PUTs (50 ms each), so every push of the backlog is still under way when the
# kill comes, however fast the machine.
NGINX_JOURNAL_RATE=20r/s start_nginx
to="$NGINX_URL/journals/"

RANDOM=20211221
rounds=${JOURNAL_PUSH_KILL_ROUNDS:-25}
killed=0
for round in $(seq 1 "$rounds"); do
  # The binary itself, not the qrseal shell function: $! must be the process that is killed.
  "$QRSEAL" journal push --state dev --to "$to" --records-per-file 2 >"push-$round.out" 2>&1 &
  pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 250 + 5)))"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
  scan # the gate goes on working between attempts
done
# The backlog of 150 records takes 75 paced PUTs (3.75 s), more than all the rounds' waits give.
[ "$killed" -ge 3 ] || fail "only $killed of $rounds pushes were killed mid-way"
expect_exit 0 qrseal journal push --state dev --to "$to" --records-per-file 2
expect_contains "$out" "0 waiting"
total=$((150 + rounds))
python3 - "$total" <<'PY' || fail "the receiver's collection"
import glob, json, sys
total = int(sys.argv[1])
ids = [json.loads(l)["id"] for f in glob.glob("www/journals/*.jsonl") for l in open(f).read().splitlines()]
assert len(ids) == len(set(ids)), "a record delivered twice: %r" % sorted(i for i in set(ids) if ids.count(i) > 1)
assert sorted(ids) == list(range(1, total + 1)), "missing: %r" % sorted(set(range(1, total + 1)) - set(ids))
PY
# A 204 is nginx overwriting a file it had: a push killed after its PUT and before the
# acknowledgement was written, resumed with the same range under the same name.
reput=$(grep -c ' 204 ' "$WORK/nginx/access.log" || true)
echo "killed $killed of $rounds pushes ($reput range(s) sent again after a kill); $total records, each once at the receiver"
stop_nginx
pass
