#!/usr/bin/env bash
# ctest vectors_up_to_date: regenerates the conformance vectors into a temporary directory and
# compares every file, byte for byte, with the committed vectors/. Fails naming each file that
# differs, is missing from vectors/, or is in vectors/ but no longer generated.
#   usage: check_up_to_date.sh /path/to/generate_vectors /path/to/vectors
set -euo pipefail
if [ $# -ne 2 ] || [ ! -x "$1" ]; then
  echo "usage: $0 GENERATOR VECTORS_DIR" >&2
  exit 2
fi
generator=$1
vectors=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qrseal-vectors.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

"$generator" "$tmp/vectors" >/dev/null
# A second run must give the same bytes: nothing may depend on the clock or a random source.
"$generator" "$tmp/again" >/dev/null

listing() { (cd "$1" && find . -type f | LC_ALL=C sort); }
listing "$tmp/vectors" >"$tmp/new.list"
listing "$tmp/again" >"$tmp/again.list"
if [ -d "$vectors" ]; then listing "$vectors" >"$tmp/old.list"; else : >"$tmp/old.list"; fi

problems=0
while IFS= read -r f; do
  if ! cmp -s "$tmp/vectors/$f" "$tmp/again/$f"; then
    echo "not deterministic: ${f#./} differs between two runs of the generator"
    problems=$((problems + 1))
  fi
done <"$tmp/new.list"
if ! cmp -s "$tmp/new.list" "$tmp/again.list"; then
  echo "not deterministic: two runs of the generator wrote different files"
  problems=$((problems + 1))
fi
while IFS= read -r f; do
  echo "missing from vectors/: ${f#./} (the generator writes it)"
  problems=$((problems + 1))
done < <(LC_ALL=C comm -23 "$tmp/new.list" "$tmp/old.list")
while IFS= read -r f; do
  echo "not generated: vectors/${f#./} (the generator no longer writes it)"
  problems=$((problems + 1))
done < <(LC_ALL=C comm -13 "$tmp/new.list" "$tmp/old.list")
while IFS= read -r f; do
  if ! cmp -s "$tmp/vectors/$f" "$vectors/$f"; then
    echo "differs: vectors/${f#./}"
    problems=$((problems + 1))
  fi
done < <(LC_ALL=C comm -12 "$tmp/new.list" "$tmp/old.list")

if [ "$problems" -ne 0 ]; then
  echo "vectors_up_to_date: $problems problem(s). If the change is intended, regenerate with"
  echo "  $generator $vectors"
  echo "and review the diff (docs/conformance.md: the schema and the cases are a stable contract)."
  exit 1
fi
echo "vectors_up_to_date: $(wc -l <"$tmp/new.list") files match"
