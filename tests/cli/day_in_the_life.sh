# A day in the life, end to end, with a real web server (Debian's nginx, tests/cli/lib_nginx.sh):
# the authority issues a round and publishes its lists as a mirror; three checkpoints sync from
# it and scan people (test samples at each); the authority revokes one person and publishes
# again; the gates sync (the revoked person is now refused); the gates push their journals, with
# the server down in the middle; the authority resolves every sample from the uploaded files.
# Nothing lost, nothing twice. Ends with the figures of docs/operations.md: bytes and requests
# per sync when nothing changed, and when a revocation list of 100,000 entries changed.
source "$(dirname "$0")/lib.sh" "$@"
source "$CLI_TEST_DIR/lib_nginx.sh"
trap 'stop_nginx; rm -rf "$WORK"' EXIT
make_authority

# --- the authority: a round of six people, lists, a mirror --------------------------------------
{
  echo "subject_id,status,name,id_hint"
  for i in 1 2 3 4 5 6; do echo "61010300000000000$i,green,人$i,000$i"; done
} >round.csv
qrseal issue --key issuer.key --iss "$ISS" --batch round.csv --out-dir round --now "$IAT" \
  --valid 48h 2>/dev/null || fail "batch issue"
for i in 1 2 3 4 5 6; do sed -n "${i}p" round/credentials.jsonl | json_get text >"p$i.txt"; done
qrseal revoke --root root.key --seq 1 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" \
  --out rev1.cose 2>/dev/null || fail "revoke seq 1"
mkdir -p www
expect_exit 0 qrseal publish --root root.pub --trust trust.cose --revocations rev1.cose --out www/mirror
start_nginx
mirror="$NGINX_URL/mirror"

# --- three checkpoints sync from nginx and scan two people each, with test samples ----------------
for g in 1 2 3; do
  expect_exit 0 qrseal state init --state "gate$g" --root root.pub
  expect_exit 0 qrseal sync --state "gate$g" --from "$mirror"
  expect_contains "$out" "trust list: accepted, seq 1 held, from $mirror"
  expect_contains "$out" "revocation list: accepted, seq 1 held"
done
scan() { # scan GATE PERSON SAMPLE EXIT
  expect_exit "$4" qrseal verify --state "gate$1" --checkpoint "gate-$1" --linkable \
    --sample-id "$3" --now "$NOW" --json "$(cat "p$2.txt")"
}
scan 1 1 S-1-1 0
scan 1 2 S-1-2 0
scan 2 3 S-2-3 0
scan 2 4 S-2-4 0
scan 3 5 S-3-5 0
scan 3 6 S-3-6 0

# --- the authority revokes person 2 and publishes seq 2; the gates sync and refuse them ----------
expect_exit 0 qrseal revoke --root root.key --ledger round/ledger.sqlite --subject 610103000000000002 \
  --previous rev1.cose --seq 2 --issued-at 2021-12-20T08:30:00Z --next-update "$LIST_NEXT" --out rev2.cose
expect_exit 0 qrseal publish --root root.pub --trust trust.cose --revocations rev2.cose --out www/mirror
chmod -R a+rX www/mirror
for g in 1 2 3; do
  expect_exit 0 qrseal sync --state "gate$g" --from "$mirror" --json
  expect_eq "$(json_get lists.0.action <<<"$out")" unchanged "gate$g trust list"
  expect_eq "$(json_get lists.1.action <<<"$out")" accepted "gate$g revocation list"
  expect_eq "$(json_get lists.1.held_seq <<<"$out")" 2 "gate$g revocation seq"
done
scan 1 2 S-1-2b 1
check_outcome revoked
scan 3 2 S-3-2 1
check_outcome revoked
scan 2 1 S-2-1 0

# --- the gates push their journals; the server goes down in the middle ---------------------------
collection="$NGINX_URL/journals/"
expect_exit 0 qrseal journal push --state gate1 --to "$collection" --records-per-file 1
expect_contains "$out" "3 record(s) in 3 file(s) acknowledged"
stop_nginx
expect_exit 1 qrseal journal push --state gate2 --to "$collection" --records-per-file 2 \
  --connect-timeout 1s --timeout 2s
expect_contains "$out" "net_refused"
expect_contains "$out" "3 waiting"
start_nginx
expect_exit 0 qrseal journal push --state gate2 --to "$collection" --records-per-file 2
expect_contains "$out" "3 record(s) in 2 file(s) acknowledged"
expect_exit 0 qrseal journal push --state gate3 --to "$collection"
# Pushing again sends nothing: everything is acknowledged.
expect_exit 0 qrseal journal push --state gate1 --to "$collection" --json
expect_eq "$(json_get files <<<"$out")" 0 "files pushed again"
expect_eq "$(json_get requests <<<"$out")" 0 "requests when all is acknowledged"

# --- the authority resolves every sample from the uploaded files ---------------------------------
expect_exit 0 qrseal ledger resolve --ledger round/ledger.sqlite www/journals
expect_contains "$err" "9 record(s) resolved, 0 not in this ledger"
expect_not_contains "$err" "repeated"
python3 - "$out" <<'PY' || fail "resolved samples: $out"
import glob, json, sys
rows = [json.loads(l) for l in sys.argv[1].splitlines()]
got = sorted((r["sample_id"], r["subject_id"], r["outcome"]) for r in rows)
want = sorted([("S-1-1", "610103000000000001", "valid"), ("S-1-2", "610103000000000002", "valid"),
               ("S-2-3", "610103000000000003", "valid"), ("S-2-4", "610103000000000004", "valid"),
               ("S-3-5", "610103000000000005", "valid"), ("S-3-6", "610103000000000006", "valid"),
               ("S-1-2b", "610103000000000002", "revoked"), ("S-3-2", "610103000000000002", "revoked"),
               ("S-2-1", "610103000000000001", "valid")])
assert got == want, got
# In the receiver's files themselves: every (device, id) exactly once.
seen = [(r["device"], r["id"]) for f in glob.glob("www/journals/*.jsonl")
        for r in map(json.loads, open(f).read().splitlines())]
assert len(seen) == 9 and len(set(seen)) == 9, seen
PY

# --- figures: bytes and requests per sync ----------------------------------------------------
expect_exit 0 qrseal sync --state gate1 --from "$mirror" --json
unchanged_requests=$(json_get requests <<<"$out")
unchanged_in=$(json_get bytes_in <<<"$out")
unchanged_out=$(json_get bytes_out <<<"$out")
expect_eq "$unchanged_requests" 1 "requests per sync when nothing changed"
python3 -c 'import secrets
for _ in range(100000): print(secrets.token_hex(16))' >big.txt
expect_exit 0 qrseal revoke --root root.key --cti-file big.txt --previous rev2.cose --seq 3 \
  --issued-at 2021-12-20T08:45:00Z --next-update "$LIST_NEXT" --out rev3.cose
expect_exit 0 qrseal publish --root root.pub --trust trust.cose --revocations rev3.cose --out www/mirror
chmod -R a+rX www/mirror
expect_exit 0 qrseal sync --state gate1 --from "$mirror" --json
expect_eq "$(json_get lists.1.action <<<"$out")" accepted "the big revocation list"
changed_requests=$(json_get requests <<<"$out")
changed_in=$(json_get bytes_in <<<"$out")
changed_out=$(json_get bytes_out <<<"$out")
expect_eq "$changed_requests" 2 "requests per sync when the revocation list changed"
[ "$changed_in" -gt "$(stat -c %s rev3.cose)" ] || fail "bytes in $changed_in below the list size"
echo "FIGURE sync, nothing changed: $unchanged_requests request(s), $unchanged_in bytes in, $unchanged_out bytes out"
echo "FIGURE sync, revocation list of 100,001 entries ($(stat -c %s rev3.cose) bytes) changed: $changed_requests request(s), $changed_in bytes in, $changed_out bytes out"
stop_nginx
pass
