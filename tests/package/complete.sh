#!/usr/bin/env bash
# The installed bash completion, loaded as an interactive shell loads it (bash-completion's
# loader finds /usr/share/bash-completion/completions/qrseal on the first TAB), completes words
# of the installed qrseal. Prints each case; exits 1 on the first wrong completion.
set -uo pipefail
source /usr/share/bash-completion/bash_completion
complete -p qrseal >/dev/null 2>&1 && { echo "qrseal completion loaded before it was asked for"; exit 1; }
_completion_loader qrseal
spec=$(complete -p qrseal) || { echo "bash-completion did not load a completion for qrseal"; exit 1; }
echo "$spec"
func=$(sed -n 's/.*-F \([^ ]*\) .*/\1/p' <<<"$spec")

tab() { # tab WORD... : completes the last word as bash would after TAB
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  "$func" qrseal "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}
expect() { # expect "WANT" WORD...
  local want=$1 got
  shift
  got=$(tab "$@")
  echo "[$*<TAB>] -> $got"
  [ "$got" == "$want" ] || { echo "  expected: $want"; exit 1; }
}
expect "verify" qrseal ver
expect "trust" qrseal tru
expect "build" qrseal trust bu
expect "--root" qrseal trust build --ro
expect "--journal --json" qrseal verify --root r.pub --j
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
touch "$dir/root.pub" "$dir/root.key"
expect "$dir/root.key $dir/root.pub" qrseal verify --root "$dir/ro"
expect "$dir/root.key $dir/root.pub" qrseal inspect "$dir/"
