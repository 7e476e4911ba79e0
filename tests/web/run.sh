#!/usr/bin/env bash
# The browser tests (docs/web.md): builds a site with the real CLI, serves it on 127.0.0.1 with a
# plain static file server, and runs each test file in headless Debian chromium.
# usage: bash tests/web/run.sh /path/to/qrseal OUTDIR
# Needs scripts/install-web-deps (chromium, node, web/node_modules). Screenshots, the exported
# journal and the figures go to OUTDIR.
set -euo pipefail
if [ $# -ne 2 ] || [ ! -x "$1" ]; then
  echo "usage: bash $0 /path/to/qrseal OUTDIR" >&2
  exit 2
fi
WEB_TEST_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$WEB_TEST_DIR/../.." && pwd)
QRSEAL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mkdir -p "$2"
OUT=$(cd "$2" && pwd)
for need in /usr/bin/chromium "$ROOT/web/node_modules/playwright-core/package.json"; do
  [ -e "$need" ] || { echo "FAIL [web]: $need is missing: run scripts/install-web-deps" >&2; exit 2; }
done
export LC_ALL=C.UTF-8 TZ=UTC

FIX=$(mktemp -d "${TMPDIR:-/tmp}/qrseal-web.XXXXXX")
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$FIX"
}
trap cleanup EXIT

# serve DIR: a static server on 127.0.0.1 (a port the kernel picks); sets PORT and SERVER_PID.
serve() {
  python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$1" >"$FIX/server.log" 2>&1 &
  SERVER_PID=$!
  PORT=
  for _ in $(seq 100); do
    PORT=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$FIX/server.log" | head -1)
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  echo "FAIL [web]: the static server did not start: $(cat "$FIX/server.log")" >&2
  exit 1
}

start=$(date +%s)
source "$WEB_TEST_DIR/fixtures.sh"
echo "[web] fixtures and site in $(($(date +%s) - start)) s: $(head -1 "$FIX/build.out")"
cp "$FIX/build.out" "$OUT/site-build.txt"
serve "$FIX/site"
node "$WEB_TEST_DIR/page.test.mjs" --url "http://127.0.0.1:$PORT/" --fixtures "$FIX" --out "$OUT"
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=

# The conformance vectors through the site's engine, in a page.
mkdir "$FIX/vec"
ln -s "$FIX/site/engine" "$FIX/vec/engine"
ln -s "$ROOT/vectors" "$FIX/vec/vectors"
cp "$ROOT/web/engine/vectors.mjs" "$FIX/vec/"
printf '<!doctype html><meta charset="utf-8"><title>qrseal vectors</title>\n' >"$FIX/vec/index.html"
serve "$FIX/vec"
node "$WEB_TEST_DIR/vectors.test.mjs" --url "http://127.0.0.1:$PORT/" --out "$OUT"
echo "[web] all browser tests passed in $(($(date +%s) - start)) s"
