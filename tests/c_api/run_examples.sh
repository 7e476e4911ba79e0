#!/usr/bin/env bash
# The embedding examples (tests/install/example_*.c, shown in docs/embedding.md) against the
# C API fixtures: a phone makes a live code, a checkpoint checks it and a few other texts.
# usage: run_examples.sh FIXTURE_DIR EXAMPLE_VERIFY EXAMPLE_HOLDER
set -euo pipefail
fix=$1 verify=$2 holder=$3
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
echo "PASS [c_api_examples]"
