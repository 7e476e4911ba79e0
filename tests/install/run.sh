#!/usr/bin/env bash
# The installed C API works for a downstream project: installs the qrseal_c_runtime and qrseal_c
# components of a build into a temporary prefix, checks what landed there, builds the embedding examples
# (tests/install/example_*.c, which docs/embedding.md shows verbatim) once with pkg-config and
# once with CMake's find_package(qrseal), and runs both builds against fresh fixtures.
# usage: run.sh BUILD_DIR MAKE_FIXTURES   (ctest's install_consumer; CMAKE and CC may be set)
set -euo pipefail
build=$(cd "$1" && pwd)
make_fixtures=$2
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
cmake=${CMAKE:-cmake}
cc=${CC:-cc}
work=$(mktemp -d "${TMPDIR:-/tmp}/qrseal-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

fail() {
  echo "FAIL [install_consumer]: $*" >&2
  exit 1
}

# --- the install -----------------------------------------------------------------------------
for component in qrseal_c_runtime qrseal_c; do
  "$cmake" --install "$build" --prefix "$prefix" --component $component >"$work/install.log" ||
    fail "cmake --install --component $component: $(cat "$work/install.log")"
done
pc=$(find "$prefix" -name qrseal.pc)
[ -n "$pc" ] || fail "no qrseal.pc under the prefix"
[ -f "$prefix/include/qrseal/qrseal.h" ] || fail "no include/qrseal/qrseal.h"
[ "$(find "$prefix/include" -type f | wc -l)" == 1 ] ||
  fail "only qrseal.h belongs in include/: $(find "$prefix/include" -type f)"
lib=$(find "$prefix" -name 'libqrseal_c.so.*.*.*')
[ -n "$lib" ] || fail "no libqrseal_c.so.X.Y.Z under the prefix"
[ -n "$(find "$prefix" -name qrsealConfig.cmake)" ] || fail "no qrsealConfig.cmake"
[ -z "$(find "$prefix" -name 'libqrseal.a')" ] || fail "the static C++ library was installed"
# Only the C API is exported: no C++ symbol (std::, qrseal::) leaks from the library.
exported=$(nm -D --defined-only "$lib" | awk '{print $3}')
others=$(grep -v '^qrseal_' <<<"$exported" || true)
[ -z "$others" ] || fail "exported symbols other than qrseal_*: $(head -5 <<<"$others")"
grep -qx qrseal_verify_text <<<"$exported" || fail "qrseal_verify_text is not exported"

# --- docs/embedding.md shows the examples exactly --------------------------------------------
for name in example_verify example_holder example_checkpoint; do
  awk -v file="tests/install/$name.c" '
    $0 == "<!-- " file " -->" { getline; inside = 1; next }
    inside && /^```$/ { exit }
    inside { print }' "$source_dir/docs/embedding.md" >"$work/$name.doc.c"
  diff -u "$here/$name.c" "$work/$name.doc.c" >"$work/diff" ||
    fail "docs/embedding.md does not show tests/install/$name.c as it is: $(cat "$work/diff")"
done

# --- pkg-config ------------------------------------------------------------------------------
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
[ "$(pkg-config --modversion qrseal)" == "$(sed -n 's/^Version: //p' "$pc")" ] ||
  fail "pkg-config --modversion"
libdir=$(pkg-config --variable=libdir qrseal)
[ "$(cd "$libdir" && pwd)" == "$(cd "$(dirname "$lib")" && pwd)" ] ||
  fail "qrseal.pc's libdir $libdir is not where the library is"
mkdir -p "$work/pc"
for name in example_verify example_holder example_checkpoint; do
  # shellcheck disable=SC2046  # pkg-config's flags are meant to split
  "$cc" -std=c99 -Wall -Wextra -Wpedantic -Werror $(pkg-config --cflags qrseal) \
    "$here/$name.c" -o "$work/pc/$name" $(pkg-config --libs qrseal) -Wl,-rpath,"$libdir" ||
    fail "the pkg-config build of $name"
done

# --- find_package(qrseal) --------------------------------------------------------------------
"$cmake" -S "$here" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON >"$work/configure.log" 2>&1 ||
  fail "configuring the consumer: $(cat "$work/configure.log")"
grep -q "^qrseal_DIR:PATH=$prefix/" "$work/cmake/CMakeCache.txt" ||
  fail "find_package found qrseal elsewhere: $(grep '^qrseal_DIR' "$work/cmake/CMakeCache.txt")"
"$cmake" --build "$work/cmake" >"$work/build.log" 2>&1 ||
  fail "building the consumer: $(cat "$work/build.log")"

# --- both builds run, against the installed library ------------------------------------------
"$make_fixtures" "$work/fixtures"
for dir in pc cmake; do
  # (ldd's output in a variable first: grep -q closing the pipe early would fail it, pipefail)
  loaded=$(ldd "$work/$dir/example_verify")
  grep -q "libqrseal_c.so.* => $prefix/" <<<"$loaded" ||
    fail "the $dir build does not load the installed library: $loaded"
  bash "$source_dir/tests/c_api/run_examples.sh" "$work/fixtures" "$work/$dir/example_verify" \
    "$work/$dir/example_holder" "$work/$dir/example_checkpoint" >/dev/null ||
    fail "the examples built with $dir"
done
echo "PASS [install_consumer]"
