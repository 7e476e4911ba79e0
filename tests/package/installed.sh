#!/usr/bin/env bash
# The Debian packages as a user gets them (scripts/test runs this after scripts/package):
# `apt-get install ./...deb` on this machine, then with the installed files only
#   - /usr/bin/qrseal belongs to the qrseal package and prints the package's version;
#   - the demo (scripts/demo) runs with /usr/bin/qrseal;
#   - `qrseal web build` writes the checkpoint page from /usr/share/qrseal/web;
#   - the C examples (tests/install) build against libqrseal-dev with find_package(qrseal) and
#     with pkg-config, load /usr's libqrseal_c.so.0 and pass tests/c_api/run_examples.sh;
#   - the C++ example (tests/install/cpp) builds with find_package(qrseal) -> qrseal::qrseal,
#     issues and verifies a credential, and the installed qrseal decodes it;
#   - `man -w qrseal` (and each group's page) finds the installed page;
#   - bash completion, loaded the way bash-completion loads it, completes `qrseal ver<TAB>`;
# and finally purges the three packages and checks that nothing of them is left.
#   usage: installed.sh DEB_DIR MAKE_FIXTURES     (MAKE_FIXTURES: a build's c_api_make_fixtures)
set -euo pipefail
debs=$(cd "$1" && pwd)
make_fixtures=$2
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
packages=(qrseal libqrseal-c0 libqrseal-dev)
work=$(mktemp -d "${TMPDIR:-/tmp}/qrseal-package.XXXXXX")
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
purge() {
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "${packages[@]}" >"$work/purge.log" 2>&1 || true
  rm -rf "$work"
}
trap purge EXIT
fail() {
  echo "FAIL [package_installed]: $*" >&2
  exit 1
}
step() { echo "== package_installed: $*"; }

step "apt-get install ${packages[*]}"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "$debs"/qrseal_*.deb "$debs"/libqrseal-c0_*.deb "$debs"/libqrseal-dev_*.deb >"$work/install.log" 2>&1 ||
  fail "apt-get install: $(cat "$work/install.log")"
for p in "${packages[@]}"; do
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$p")" == installed ] || fail "$p is not installed"
done

# --- the command ----------------------------------------------------------------------------
q=$(PATH=/usr/bin:/bin command -v qrseal) || fail "no qrseal on PATH"
[ "$q" == /usr/bin/qrseal ] || fail "qrseal is $q, not /usr/bin/qrseal"
[ "$(dpkg-query -S /usr/bin/qrseal | cut -d: -f1)" == qrseal ] || fail "/usr/bin/qrseal is not the package's"
version=$(dpkg-query -W -f='${Version}' qrseal)
[ "$(/usr/bin/qrseal --version)" == "qrseal $version (format v1)" ] ||
  fail "qrseal --version says '$(/usr/bin/qrseal --version)', the package is $version"

step "the demo with /usr/bin/qrseal"
QRSEAL=/usr/bin/qrseal bash "$source_dir/scripts/demo" >"$work/demo.log" 2>&1 ||
  fail "scripts/demo with the installed qrseal: $(tail -20 "$work/demo.log")"
grep -q '^VALID' "$work/demo.log" || fail "the demo did not print a VALID verdict: $(tail -20 "$work/demo.log")"
tail -n 4 "$work/demo.log"

step "the checkpoint page from the installed assets (qrseal web build)"
[ "$(dpkg-query -S /usr/share/qrseal/web/index.html | cut -d: -f1)" == qrseal ] ||
  fail "/usr/share/qrseal/web/index.html is not the qrseal package's"
(
  cd "$work"
  /usr/bin/qrseal keygen --out web-root --no-passphrase >/dev/null 2>&1
  /usr/bin/qrseal keygen --out web-issuer --no-passphrase >/dev/null 2>&1
  /usr/bin/qrseal trust build --root web-root.key --entry "web-issuer.pub,CN-1,2021-01-01T00:00:00Z,2030-01-01T00:00:00Z" \
    --seq 1 --next-update 2030-01-01T00:00:00Z --out web-trust.cose 2>/dev/null
  /usr/bin/qrseal web build --root web-root.pub --trust web-trust.cose --out site >web.log 2>&1
) || fail "qrseal web build with the installed assets: $(cat "$work/web.log")"
for f in index.html sw.js authority.json engine/qrseal-engine.wasm vendor/zxing/zxing_reader.wasm lists/qrseal-mirror.txt; do
  [ -s "$work/site/$f" ] || fail "the site built from /usr/share/qrseal/web has no $f"
done
head -1 "$work/web.log"

# --- C consumers of libqrseal-dev -------------------------------------------------------------
step "C examples against /usr (find_package and pkg-config)"
"$make_fixtures" "$work/fixtures"
cmake -S "$source_dir/tests/install" -B "$work/c" -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON \
  >"$work/c.log" 2>&1 || fail "configuring tests/install: $(cat "$work/c.log")"
grep -q '^qrseal_DIR:PATH=/usr/lib/' "$work/c/CMakeCache.txt" ||
  fail "find_package found qrseal elsewhere: $(grep '^qrseal_DIR' "$work/c/CMakeCache.txt")"
cmake --build "$work/c" >>"$work/c.log" 2>&1 || fail "building tests/install: $(cat "$work/c.log")"
mkdir -p "$work/pc"
for name in example_verify example_holder example_checkpoint; do
  # shellcheck disable=SC2046  # pkg-config's flags are meant to split
  cc -std=c99 -Wall -Wextra -Wpedantic -Werror $(pkg-config --cflags qrseal) \
    "$source_dir/tests/install/$name.c" -o "$work/pc/$name" $(pkg-config --libs qrseal) ||
    fail "the pkg-config build of $name"
done
for dir in c pc; do
  loaded=$(ldd "$work/$dir/example_verify")
  # (/lib is /usr/lib on Debian 12, and ldd may name either.)
  grep -Eq "libqrseal_c.so.0 => (/usr)?/lib/[^ ]*-linux-gnu/libqrseal_c.so.0 " <<<"$loaded" ||
    fail "the $dir build does not load the packaged library: $loaded"
  bash "$source_dir/tests/c_api/run_examples.sh" "$work/fixtures" "$work/$dir/example_verify" \
    "$work/$dir/example_holder" "$work/$dir/example_checkpoint" >/dev/null || fail "the C examples built with $dir"
done

# --- the C++ consumer -------------------------------------------------------------------------
step "C++ example against /usr (find_package -> qrseal::qrseal)"
cmake -S "$source_dir/tests/install/cpp" -B "$work/cpp" -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON \
  >"$work/cpp.log" 2>&1 || fail "configuring tests/install/cpp: $(cat "$work/cpp.log")"
cmake --build "$work/cpp" >>"$work/cpp.log" 2>&1 || fail "building tests/install/cpp: $(cat "$work/cpp.log")"
"$work/cpp/example_issue_verify" >"$work/cpp.out" || fail "example_issue_verify: $(cat "$work/cpp.out")"
[ "$(sed -n 2p "$work/cpp.out")" == valid ] || fail "example_issue_verify said: $(cat "$work/cpp.out")"
/usr/bin/qrseal inspect "$(head -1 "$work/cpp.out")" >"$work/inspect.json" ||
  fail "qrseal inspect of the C++ example's credential: $(cat "$work/inspect.json")"

# --- man pages --------------------------------------------------------------------------------
step "man pages"
[ "$(man -w qrseal)" == /usr/share/man/man1/qrseal.1.gz ] || fail "man -w qrseal: $(man -w qrseal 2>&1)"
for group in keygen key trust revoke issue live verify inspect render scan card state journal ledger; do
  man -w "qrseal-$group" >/dev/null || fail "no man page qrseal-$group"
done
MANWIDTH=80 man -P cat qrseal-verify 2>/dev/null | grep -q -- '--trust' || fail "qrseal-verify(1) has no --trust"

# --- bash completion --------------------------------------------------------------------------
step "bash completion"
[ -f /usr/share/bash-completion/completions/qrseal ] || fail "no /usr/share/bash-completion/completions/qrseal"
bash "$here/complete.sh" >"$work/complete.log" 2>&1 || fail "completion: $(cat "$work/complete.log")"
cat "$work/complete.log"

# --- purge ------------------------------------------------------------------------------------
step "apt-get purge"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "${packages[@]}" >"$work/purge.log" 2>&1 ||
  fail "apt-get purge: $(cat "$work/purge.log")"
for f in /usr/bin/qrseal /usr/share/man/man1/qrseal.1.gz /usr/share/bash-completion/completions/qrseal \
  /usr/include/qrseal /usr/lib/x86_64-linux-gnu/cmake/qrseal; do
  [ ! -e "$f" ] || fail "$f is still there after the purge"
done
for p in "${packages[@]}"; do
  dpkg-query -W "$p" >/dev/null 2>&1 && [ "$(dpkg-query -W -f='${db:Status-Status}' "$p")" != not-installed ] &&
    fail "$p is still known to dpkg after the purge"
done
echo "PASS [package_installed]"
