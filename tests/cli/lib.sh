# Sourced by every tests/cli/*.sh script:  source "$(dirname "$0")/lib.sh" "$@"
# ctest runs each script as `bash script.sh /path/to/qrseal` (see tests/CMakeLists.txt).
#
# Gives: $QRSEAL (absolute path of the binary) and `qrseal` (runs it); a temporary working
# directory (the current directory, removed on exit); expect_exit, expect_contains,
# expect_not_contains, expect_eq, fail; json_get; make_authority and the fixed test times.
# shellcheck disable=SC2034  # variables here are used by the scripts that source this file
set -euo pipefail

if [ $# -lt 1 ] || [ ! -x "$1" ]; then
  echo "usage: bash $0 /path/to/qrseal (got '${1:-}')" >&2
  exit 2
fi
QRSEAL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
CLI_TEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
QRTEXT="$CLI_TEST_DIR/qrtext.py"
TEST_NAME=$(basename "$0" .sh)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/qrseal-cli-$TEST_NAME.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export LC_ALL=C.UTF-8 TZ=UTC

# python3 reads JSON and edits texts; resolve it once (a version-manager shim costs ~0.2 s a call).
PYTHON=$(python3 -c 'import sys; print(sys.executable)') || {
  echo "python3 is needed by the CLI tests (scripts/install-deps installs it)" >&2
  exit 2
}
python3() { "$PYTHON" "$@"; }

qrseal() { "$QRSEAL" "$@"; }
qrtext() { python3 "$QRTEXT" "$@"; }

fail() {
  echo "FAIL [$TEST_NAME]: $*" >&2
  exit 1
}

# expect_exit CODE cmd args...: runs the command (its stdin is the caller's), keeps its output in
# $out and $err (also the files $WORK/.out and $WORK/.err), and fails unless it exits with CODE.
out=""
err=""
expect_exit() {
  local want=$1 rc=0
  shift
  "$@" >"$WORK/.out" 2>"$WORK/.err" || rc=$?
  out=$(cat "$WORK/.out")
  err=$(cat "$WORK/.err")
  if [ "$rc" != "$want" ]; then
    {
      echo "FAIL [$TEST_NAME]: expected exit $want, got $rc from: $*"
      echo "--- stdout:"
      head -c 3000 "$WORK/.out"
      echo "--- stderr:"
      head -c 3000 "$WORK/.err"
    } >&2
    exit 1
  fi
}

# expect_contains HAYSTACK NEEDLE [WHAT]: fixed-string search.
expect_contains() {
  case "$1" in
    *"$2"*) ;;
    *) fail "${3:-text} does not contain '$2'; it is: $(printf '%s' "$1" | head -c 2000)" ;;
  esac
}

expect_not_contains() {
  case "$1" in
    *"$2"*) fail "${3:-text} contains '$2' and must not; it is: $(printf '%s' "$1" | head -c 2000)" ;;
    *) ;;
  esac
}

expect_eq() {
  [ "$1" == "$2" ] || fail "${3:-value}: expected '$2', got '$1'"
}

# json_get PATH < json: prints the value at a dotted path (a.b.c); lists and objects as JSON,
# strings bare; prints nothing and fails if the path is missing.
json_get() {
  python3 -c '
import json, sys
value = json.load(sys.stdin)
for part in sys.argv[1].split("."):
    if isinstance(value, list):
        value = value[int(part)]
    elif isinstance(value, dict) and part in value:
        value = value[part]
    else:
        sys.exit("no " + sys.argv[1] + " in the JSON")
print(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
' "$1"
}

# Fixed times, so that every verdict is reproducible (no test depends on the real clock).
LIST_ISSUED=2021-12-20T00:00:00Z # 1639958400
LIST_NEXT=2021-12-27T00:00:00Z   # 1640563200
IAT=2021-12-20T08:00:00Z         # 1639987200
NOW=2021-12-20T09:00:00Z         # 1639990800
ISS=CN-610100

# make_authority: root.{key,pub}, issuer.{key,pub} (unencrypted, to keep the tests fast),
# trust.cose (issuer valid for $ISS during 2021-2030, issued $LIST_ISSUED, next $LIST_NEXT),
# claims.json (green, with a negative test sampled at 06:00) and cred.txt issued at $IAT for 48h.
make_authority() {
  qrseal keygen --out root --no-passphrase >/dev/null 2>&1 || fail "keygen root"
  qrseal keygen --out issuer --no-passphrase >/dev/null 2>&1 || fail "keygen issuer"
  qrseal trust build --root root.key \
    --entry "issuer.pub,$ISS,2021-01-01T00:00:00Z,2030-01-01T00:00:00Z" \
    --seq 1 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" --out trust.cose 2>/dev/null ||
    fail "trust build"
  cat >claims.json <<'EOF'
{"status": "green", "name": "张*明", "id_hint": "1234",
 "test": {"result": "negative", "sampled_at": "2021-12-20T06:00:00Z", "site": "XA-07"}}
EOF
  qrseal issue --key issuer.key --iss "$ISS" --claims claims.json --now "$IAT" --valid 48h \
    >cred.txt || fail "issue"
}

# issue_json JSON [issue options...]: a credential from claims given inline, issued by
# issuer.key at $IAT unless the options give --now; prints the text.
issue_json() {
  local json=$1
  shift
  local now=(--now "$IAT")
  case " $* " in *" --now "*) now=() ;; esac
  printf '%s\n' "$json" | qrseal issue --key issuer.key --iss "$ISS" --claims - "${now[@]}" "$@"
}

# expect_outcome OUTCOME EXIT [verify options...] TEXT: verify --json against root.pub and
# trust.cose; checks the exit code and the "outcome" field. The JSON is left in $out.
expect_outcome() {
  local want_outcome=$1 want_exit=$2
  shift 2
  expect_exit "$want_exit" qrseal verify --root root.pub --trust trust.cose --json "$@"
  check_outcome "$want_outcome"
}

# check_outcome OUTCOME: the "outcome" of the verdict JSON in $out (read without python: this
# runs hundreds of times; the JSON is one compact object).
check_outcome() {
  [[ $out =~ ^\{\"outcome\":\"([a-z_]+)\" ]] || fail "no outcome in the verify output: $out"
  [ "${BASH_REMATCH[1]}" == "$1" ] ||
    fail "outcome '${BASH_REMATCH[1]}', expected '$1'; JSON: $out"
}

# expect_warnings [NAME...]: exactly these warnings, in this order, in the verdict JSON in $out.
expect_warnings() {
  [[ $out =~ \"warnings\":\[([^]]*)\] ]] || fail "no warnings in the verify output: $out"
  local got=${BASH_REMATCH[1]//\"/}
  expect_eq "${got//,/ }" "$*" "warnings"
}

pass() { echo "PASS [$TEST_NAME]"; }
