#!/usr/bin/env bash
# Instructions per call of FUNCTION inside one benchmark, counted by callgrind (repeatable whatever
# else the machine runs, unlike a timed ratio): two runs of different lengths, and
# (Ir2 - Ir1) / (calls2 - calls1), so one-time costs (first call, lazy init) drop out. For
# comparing two builds of the same benchmark (before and after a change), see performance.md.
# usage: tests/bench/callgrind_per_call.sh BENCH_BINARY BENCH_NAME FUNCTION_SUBSTRING [BENCH_FUNCTION]
bin=$1; name=$2; fn=$3; bfn=${4:-$name}
one() {
  local out; out=$(mktemp ${TMPDIR:-/tmp}/qrseal-cg.XXXXXX)
  valgrind --tool=callgrind --callgrind-out-file=$out --toggle-collect="*${bfn}*" "$bin" \
    --benchmark_filter="^${name}\$" --benchmark_min_time=$1 >/dev/null 2>&1
  callgrind_annotate --inclusive=yes --tree=calling $out 2>/dev/null | python3 -c '
import sys,re
fn=sys.argv[1]; ir=0; calls=0
for line in sys.stdin:
    m=re.match(r"\s*([\d,]+) \([^)]*\)\s+=>\s+(.*)\((\d+)x\)\s*$", line)
    if m and fn in m.group(2):
        ir+=int(m.group(1).replace(",","")); calls+=int(m.group(3))
print(ir, calls)' "$fn"
  rm -f $out
}
read -r ir1 c1 < <(one 0.002)
read -r ir2 c2 < <(one 0.05)
python3 -c "print(f'{\"$name\":22s} {\"$fn\":32s} calls {$c1}/{$c2}  marginal Ir/call {($ir2-$ir1)/max($c2-$c1,1):12,.0f}  (avg {$ir2/max($c2,1):12,.0f})')"
