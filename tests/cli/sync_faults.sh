# qrseal publish and sync against tests/cli/fault_server.py, a mirror that misbehaves on purpose
# on 127.0.0.1: every row of the fault table in docs/operations.md ("Mirrors and their faults").
# For each fault: sync exits 1, its line names the fault, the state directory is byte for byte
# unchanged, and the device still verifies (and still refuses the revoked credential).
source "$(dirname "$0")/lib.sh" "$@"
make_authority
cred=$(cat cred.txt)
cti=$(qrseal inspect "$cred" | json_get claims.cti)
cred2=$(issue_json '{"status":"green","name":"李*"}')
cti2=$(qrseal inspect "$cred2" | json_get claims.cti)

# The authority's lists, three generations: old (seq 1), mid (seq 2, what the device holds when
# the faults are played) and new (seq 3, which a good mirror would give). cred is revoked from
# seq 1 on, cred2 only in seq 3.
for seq in 2 3; do
  qrseal trust build --root root.key --entry "issuer.pub,$ISS,2021-01-01T00:00:00Z,2030-01-01T00:00:00Z" \
    --seq $seq --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out trust$seq.cose 2>/dev/null
done
cp trust.cose trust1.cose
for seq in 1 2; do
  qrseal revoke --root root.key --cti "$cti" --seq $seq --issued-at "$LIST_ISSUED" \
    --next-update "$LIST_NEXT" --out rev$seq.cose 2>/dev/null
done
qrseal revoke --root root.key --cti "$cti" --cti "$cti2" --seq 3 --issued-at "$LIST_ISSUED" \
  --next-update "$LIST_NEXT" --out rev3.cose 2>/dev/null

# --- publish ---------------------------------------------------------------------------------
mkdir srv
expect_exit 0 qrseal publish --root root.pub --trust trust1.cose --revocations rev1.cose --out srv/old
expect_contains "$out" "trust list seq 1"
expect_exit 0 qrseal publish --root root.pub --trust trust2.cose --revocations rev2.cose --out srv/mid
expect_exit 0 qrseal publish --root root.pub --trust trust3.cose --revocations rev3.cose --out srv/new
index=$(cat srv/new/qrseal-mirror.txt)
expect_contains "$index" "qrseal-mirror 1"
expect_contains "$index" "trust 3 $(stat -c %s trust3.cose) $(sha256sum trust3.cose | cut -c1-64) trust-3-"
expect_contains "$index" "revocations 3 $(stat -c %s rev3.cose)"
# publish refuses a list the roots do not verify (a mirror no device would take).
qrseal keygen --out stranger --no-passphrase >/dev/null 2>&1
expect_exit 2 qrseal publish --root stranger.pub --trust trust.cose --out srv/x
expect_contains "$err" "does not verify against the roots"
[ ! -e srv/x ] || fail "publish wrote a mirror of a list it refused"

# Fault data sets: a list with a broken signature (the index matches its bytes, so only the
# signature check can catch it), an older mirror, and an index that is garbage.
mkdir srv/badsig srv/garbage srv/missing srv/mismatch
cp srv/new/qrseal-mirror.txt srv/missing/
cp srv/new/qrseal-mirror.txt srv/mismatch/
python3 - <<'PY'
import hashlib, os
new = "srv/new"
for line in open(os.path.join(new, "qrseal-mirror.txt")).read().splitlines()[1:]:
    kind, seq, size, sha, name = line.split(" ")
    data = bytearray(open(os.path.join(new, name), "rb").read())
    data[-1] ^= 1  # the last byte of the signature
    # mismatch: the same flipped bytes under the index of the genuine list
    open(os.path.join("srv/mismatch", name), "wb").write(data)
    open(os.path.join("srv/badsig", name), "wb").write(data)
    with open("srv/badsig/qrseal-mirror.txt", "a") as out:
        if out.tell() == 0:
            out.write("qrseal-mirror 1\n")
        out.write(f"{kind} {seq} {size} {hashlib.sha256(data).hexdigest()} {name}\n")
open("srv/garbage/qrseal-mirror.txt", "wb").write(b"<html>\x00\xff mirror down for maintenance</html>\n")
PY

"$PYTHON" "$CLI_TEST_DIR/fault_server.py" --root srv --port-file port --log requests.log \
  --lifetime 240 >server.out 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do [ -s port ] && break; sleep 0.05; done
[ -s port ] || fail "the fault server did not start"
base="http://127.0.0.1:$(cat port)"
# A port nothing listens on: bind one, then free it.
refused_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# The device: holds trust seq 2 and revocations seq 2 from a good first sync.
expect_exit 0 qrseal state init --state dev --root root.pub
expect_exit 0 qrseal sync --state dev --from "$base/ok/mid"
expect_contains "$out" "trust list: accepted, seq 2 held, from $base/ok/mid"
expect_contains "$out" "revocation list: accepted, seq 2 held"
expect_exit 0 qrseal state show --state dev
expect_eq "$(json_get revocation_list.seq <<<"$out")" 2 "revocation seq after the first sync"

# What sync may change: the lists and its cache (verify --state moves the clock mark on, which is
# the verification working, not the sync).
snapshot() { (cd dev && sha256sum roots trust.cose revoked.cose mirror-cache journal.key); }
before=$(snapshot)

# fast limits so that stalls and trickles are given up in about a second
fast=(--connect-timeout 1s --timeout 2s --low-speed-time 1s --low-speed 64)

# fault_row NAME URL CODE [sync options...]: sync fails with CODE named, the state is unchanged,
# and the device still verifies.
fault_row() {
  local name=$1 url=$2 code=$3
  shift 3
  local t0=$SECONDS
  expect_exit 1 qrseal sync --state dev --from "$url" "${fast[@]}" "$@"
  sync_out=$out
  expect_contains "$out" "trust list: failed, seq 2 held" "$name"
  expect_contains "$out" ": $code: " "$name"
  expect_eq "$(snapshot)" "$before" "state directory after '$name'"
  [ $((SECONDS - t0)) -le 10 ] || fail "$name took $((SECONDS - t0)) s"
  expect_exit 0 qrseal verify --state dev --now "$NOW" "$cred2"
  expect_exit 1 qrseal verify --state dev --now "$NOW" --json "$cred"
  check_outcome revoked
  echo "fault ok: $name -> $code"
}

fault_row "connection refused" "http://127.0.0.1:$refused_port/new" net_refused
expect_contains "$sync_out" "connection refused"
fault_row "stall" "$base/stall/new" net_timeout
expect_contains "$sync_out" "stalled: no answer"
fault_row "slow trickle" "$base/trickle/new" net_timeout
expect_contains "$sync_out" "too slow"
fault_row "truncated body" "$base/truncate/new" net_truncated
expect_contains "$sync_out" "truncated"
fault_row "wrong signature" "$base/ok/badsig" list_bad_signature
fault_row "rollback to an older seq" "$base/ok/old" list_rollback
fault_row "HTTP 500" "$base/500/new" net_http_status
expect_contains "$sync_out" "HTTP 500 (server error)"
fault_row "redirect loop" "$base/loop/new" net_redirects
expect_contains "$sync_out" "redirects"
fault_row "garbage index" "$base/ok/garbage" mirror_index_malformed
expect_contains "$sync_out" "is this URL a qrseal mirror?"
# Oversized: a body larger than the index says (the cap is the announced size), and a list
# larger than --max-bytes (not even downloaded).
fault_row "oversized body" "$base/big/new" net_too_large
fault_row "list over --max-bytes" "$base/ok/new" net_too_large --max-bytes 100
expect_contains "$sync_out" "more than the cap of 100"
fault_row "list not matching the index" "$base/ok/mismatch" mirror_list_mismatch
expect_contains "$sync_out" "is not the one the index names"
# An index whose list file is missing: HTTP 404 names it.
fault_row "missing list file" "$base/ok/missing" net_http_status

# --- mirrors in order: the faulty ones are passed over, a good one gives the lists --------------
expect_exit 0 qrseal sync --state dev "${fast[@]}" --from "http://127.0.0.1:$refused_port/" \
  --from "$base/500/new" --from "$base/ok/new" --json
expect_eq "$(json_get ok <<<"$out")" true "ok with a good third mirror"
expect_eq "$(json_get lists.0.action <<<"$out")" accepted "trust from the third mirror"
expect_eq "$(json_get lists.0.held_seq <<<"$out")" 3 "trust seq"
expect_eq "$(json_get lists.0.mirror <<<"$out")" "$base/ok/new" "mirror that gave the trust list"
expect_eq "$(json_get lists.0.faults.0.code <<<"$out")" net_refused "first mirror's fault"
expect_eq "$(json_get lists.0.faults.1.code <<<"$out")" net_http_status "second mirror's fault"
expect_eq "$(json_get lists.1.held_seq <<<"$out")" 3 "revocation seq"
expect_exit 1 qrseal verify --state dev --now "$NOW" --json "$cred2"
check_outcome revoked

# --- nothing changed: one conditional request, answered 304 ---------------------------------
expect_exit 0 qrseal sync --state dev --from "$base/ok/new" --json
expect_eq "$(json_get requests <<<"$out")" 1 "requests when nothing changed"
expect_eq "$(json_get lists.0.action <<<"$out")" unchanged "trust when nothing changed"
expect_contains "$(json_get lists.0.message <<<"$out")" "not modified"
tail -1 requests.log | grep -q '^GET /ok/new/qrseal-mirror.txt 304$' || fail "no 304: $(tail -2 requests.log)"
# An index the server answers in the second it was written: its validators may survive a change
# in that second (nginx's ETag is mtime and size), so they are not kept and the next sync asks
# again unconditionally instead of trusting a 304.
expect_exit 0 qrseal state init --state fresh-dev --root root.pub
expect_exit 0 qrseal sync --state fresh-dev --from "$base/fresh/new"
expect_exit 0 qrseal sync --state fresh-dev --from "$base/fresh/new" --json
expect_eq "$(json_get lists.0.action <<<"$out")" unchanged "trust from a fresh index, again"
tail -1 requests.log | grep -q '^GET /fresh/new/qrseal-mirror.txt 200$' ||
  fail "a weak validator was used: $(tail -2 requests.log)"
# An older mirror after a newer one: rollback refused, the device keeps seq 3, exit 1.
expect_exit 1 qrseal sync --state dev --from "$base/ok/mid"
expect_contains "$out" "rollback refused"
expect_exit 0 qrseal state show --state dev
expect_eq "$(json_get trust_list.seq <<<"$out")" 3 "trust seq after an older mirror"

# --- a mirror on a USB stick: a folder, read through file:// ------------------------------------
expect_exit 0 qrseal state init --state usb-dev --root root.pub
expect_exit 0 qrseal sync --state usb-dev --from "file://$WORK/srv/new"
expect_contains "$out" "trust list: accepted, seq 3 held, from file://$WORK/srv/new"
expect_exit 1 qrseal sync --state usb-dev --from "file://$WORK/srv/nowhere"
expect_contains "$out" "no such file"

# --- usage -------------------------------------------------------------------------------------
expect_exit 2 qrseal sync --state dev --from "$base/ok/new" --timeout 0s
expect_contains "$err" "--timeout"
expect_exit 2 qrseal sync --state nowhere --from "$base/ok/new"
expect_contains "$err" "not a state directory"
expect_exit 1 qrseal sync --state dev --from "ftp://127.0.0.1/x" "${fast[@]}"
expect_contains "$out" "net_error"

kill "$server"
wait "$server" 2>/dev/null || true
pass
