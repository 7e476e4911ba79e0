#!/usr/bin/env bash
# The embedding examples (tests/install/example_*.c, shown in docs/embedding.md) against the
# C API fixtures: a phone makes a live code, a checkpoint checks it and a few other texts.
# usage: run_examples.sh FIXTURE_DIR EXAMPLE_VERIFY EXAMPLE_HOLDER [EXAMPLE_CHECKPOINT]
set -euo pipefail
fix=$1 verify=$2 holder=$3 gate=${4:-}
now=1639990800 # FIX_NOW in tests/c_api/fixtures.h
work=$(mktemp -d "${TMPDIR:-/tmp}/qrseal-examples.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8

fail() {
  echo "FAIL [c_api_examples]: $*" >&2
  exit 1
}

# check EXIT EXPECTED_LAST_LINE TEXT: example_verify's exit code and verdict line.
check() {
  local want_rc=$1 want=$2 text=$3 rc=0 out
  out=$("$verify" "$fix/root.pub" "$fix/trust1.cose" "$fix/revoked1.cose" "$now" "$text") || rc=$?
  [ "$rc" == "$want_rc" ] || fail "example_verify exited $rc, expected $want_rc; output: $out"
  local verdict
  verdict=$(tail -n 1 <<<"$out")
  [ "$verdict" == "$want" ] || fail "verdict '$verdict', expected '$want'"
  grep -q '^trust list: list_accepted: ' <<<"$out" || fail "trust list not accepted: $out"
  grep -q '^revocation list: list_accepted: ' <<<"$out" || fail "revocation list not accepted: $out"
}

check 0 "valid green 张*明 1234" "$(cat "$fix/cred.txt")"
check 1 "revoked green  " "$(cat "$fix/revoked_cred.txt")"
check 1 "malformed" "QS1:garbage"

live=$("$holder" live "$fix/holder.seed" "$(cat "$fix/holder_cred.txt")" "$now")
[ "${live:0:4}" == "QL1:" ] || fail "live code: $live"
check 0 "valid green H* " "$live"
live=$("$holder" live "$fix/holder.seed" "$(cat "$fix/holder_cred.txt")" $((now - 600)))
check 1 "live_stale green H* " "$live"

pub=$("$holder" keygen "$work/seed")
[[ $pub =~ ^[0-9a-f]{64}$ ]] || fail "keygen printed '$pub'"
[ "$(stat -c %s "$work/seed")" == 32 ] || fail "keygen seed file"
rc=0
"$holder" live "$work/seed" "$(cat "$fix/holder_cred.txt")" "$now" >/dev/null 2>"$work/err" || rc=$?
[ "$rc" == 2 ] || fail "a live code with another key: exit $rc"
grep -q bad_key "$work/err" || fail "a live code with another key: $(cat "$work/err")"
rc=0
"$verify" "$fix/missing.pub" "$fix/trust1.cose" "$fix/revoked1.cose" "$now" x >/dev/null 2>&1 ||
  rc=$?
[ "$rc" == 2 ] || fail "a missing root key: exit $rc"

# The gate loop: a new device takes its trust list from a QT1 sheet, then checks people; the state
# keeps the list and the journal counts the day, across two runs.
if [ -n "$gate" ]; then
  rc=0
  out=$("$gate" "$work/gate" "$fix/root.raw" gate-3 "$now" "$(cat "$fix/trust1.qt1")" \
    "$(cat "$fix/cred.txt")") || rc=$?
  [ "$rc" == 0 ] || fail "example_checkpoint exited $rc: $out"
  [ "$(sed -n 1p <<<"$out")" == "key update: list_accepted (stored)" ] || fail "key update: $out"
  [ "$(sed -n 2p <<<"$out")" == "PASS valid" ] || fail "first person: $out"
  [ "$(tail -n 1 <<<"$out")" == "journal: valid 1" ] || fail "journal: $out"
  rc=0
  out=$("$gate" "$work/gate" "$fix/root.raw" gate-3 "$now" "$(cat "$fix/cred.txt")" \
    "$(cat "$fix/yellow.txt")" QS1:garbage) || rc=$?
  [ "$rc" == 1 ] || fail "example_checkpoint, second run, exited $rc: $out"
  expected=$'PASS valid\nSTOP status_not_accepted\nSTOP malformed\njournal: malformed 1'
  expected+=$'\njournal: status_not_accepted 1\njournal: valid 2'
  [ "$out" == "$expected" ] || fail "second run: $out"
  rc=0
  out=$("$gate" "$work/gate" "$fix/root.raw" "" "$now" x 2>"$work/err") || rc=$?
  [ "$rc" == 1 ] && [ "$out" == "STOP malformed" ] ||
    fail "a gate that journals nothing: exit $rc: $out $(cat "$work/err")"
fi
echo "PASS [c_api_examples]"
