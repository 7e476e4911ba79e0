#!/usr/bin/env bash
# Batch issuance at city scale, against its floor measured in the same run:
#   1. the bare single-core crypto_sign_detached rate (BM_bare_sign, median of 5), before and
#      after the batch, averaged;
#   2. `qrseal issue --batch` of ROWS realistic rows (CJK names, tests/bench/make_batch_input.py)
#      -> credentials.jsonl + ledger, every core;
#   3. the same for PNG_ROWS rows with --format png.
# Prints the rates, the ratio to the bare rate, the CPU per row beyond the signature, and the
# time a city of 15 million would take. Usage (after scripts/bench has built build-bench):
#   tests/bench/batch_scale.sh [BUILD_DIR] [ROWS] [PNG_ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build-bench}
rows=${2:-1000000}
png_rows=${3:-20000}
qrseal=$build/qrseal
bench=$build/tests/bench/qrseal_bench
[ -x "$qrseal" ] && [ -x "$bench" ] || {
  echo "build first: scripts/bench (or cmake --build $build --target qrseal_cli qrseal_bench)" >&2
  exit 2
}
work=$(mktemp -d "${TMPDIR:-/tmp}/qrseal-batch-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT

bare_sign_us() {
  "$bench" --benchmark_filter='^BM_bare_sign$' --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true --benchmark_format=json 2>/dev/null |
    python3 -c '
import json, sys
for b in json.load(sys.stdin)["benchmarks"]:
    if b.get("aggregate_name") == "median":
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3}[b["time_unit"]]
        print("%.3f" % (b["cpu_time"] * scale))'
}

# Signatures per second with both cores signing at once (the ceiling for any 2-thread batch).
two_core_rate() {
  "$bench" --benchmark_filter='^BM_bare_sign/real_time/threads:2$' --benchmark_repetitions=3 \
    --benchmark_report_aggregates_only=true --benchmark_format=json 2>/dev/null |
    python3 -c '
import json, sys
for b in json.load(sys.stdin)["benchmarks"]:
    if b.get("aggregate_name") == "median":
        # With threads, real_time is the wall time per signature of all threads together.
        print("%.0f" % (1 / (b["real_time"] * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3}[b["time_unit"]])))'
}

"$qrseal" keygen --out "$work/issuer" --no-passphrase >/dev/null 2>&1
python3 tests/bench/make_batch_input.py "$rows" >"$work/in.csv"
head -n $((png_rows + 1)) "$work/in.csv" >"$work/in_png.csv"

before=$(bare_sign_us)
ceiling=$(two_core_rate)
# run_batch INPUT DIR FORMAT -> "seconds user+sys_seconds"
run_batch() {
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$work/time" "$qrseal" issue --key "$work/issuer.key" \
    --iss CN-610100 --batch "$1" --out-dir "$2" --format "$3" 2>"$work/log" || {
    cat "$work/log" >&2
    exit 1
  }
  end=$(date +%s.%N)
  python3 -c 'import sys; u, s = open(sys.argv[3]).read().split(); print(float(sys.argv[2]) - float(sys.argv[1]), float(u) + float(s))' \
    "$start" "$end" "$work/time"
}
read -r text_s text_cpu < <(run_batch "$work/in.csv" "$work/out" text)
after=$(bare_sign_us)
read -r png_s png_cpu < <(run_batch "$work/in_png.csv" "$work/png" png)

issued=$(wc -l <"$work/out/credentials.jsonl")
ledger_rows=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM credentials").fetchone()[0])' "$work/out/ledger.sqlite")
[ "$issued" -eq "$rows" ] && [ "$ledger_rows" -eq "$rows" ] || {
  echo "expected $rows credentials and ledger rows, got $issued and $ledger_rows" >&2
  exit 1
}
python3 - "$before" "$after" "$rows" "$text_s" "$text_cpu" "$png_rows" "$png_s" "$png_cpu" "$ceiling" \
  "$(nproc)" "$(du -k "$work/out/credentials.jsonl" | cut -f1)" "$(du -k "$work/out/ledger.sqlite" | cut -f1)" <<'PY'
import sys
before, after, rows, text_s, text_cpu, png_rows, png_s, png_cpu, ceiling, cores, jsonl_kb, ledger_kb = sys.argv[1:]
sign_us = (float(before) + float(after)) / 2
bare_rate = 1e6 / sign_us
rows, png_rows = int(rows), int(png_rows)
rate = rows / float(text_s)
cpu_us = float(text_cpu) / rows * 1e6
png_rate = png_rows / float(png_s)
print("| what | figure |")
print("|---|---:|")
print("| bare crypto_sign_detached, one core (before / after the batch) | %s / %s us = %.0f signatures/s |" % (before, after, bare_rate))
print("| batch, %d rows -> credentials.jsonl + ledger, %s cores | %.1f s = **%.0f rows/s** |" % (rows, cores, float(text_s), rate))
print("| ratio to the bare single-core sign rate (goal >= 1.4) | **%.2fx** |" % (rate / bare_rate))
print("| both cores running bare signatures at once (this VM's ceiling) | %s signatures/s = %.2fx; the batch reaches %.0f %% of it |" % (ceiling, float(ceiling) / bare_rate, 100 * rate / float(ceiling)))
print("| CPU per row (user+sys) / of which beyond the signature | %.1f us / %.1f us = %.2f of a signature (goal < 0.33) |" % (cpu_us, cpu_us - sign_us, (cpu_us - sign_us) / sign_us))
print("| 15,000,000 people at this rate (goal < 5 min) | %.1f min |" % (15e6 / rate / 60))
print("| batch with PNG pictures, %d rows | %.1f s = %.0f rows/s |" % (png_rows, float(png_s), png_rate))
print("| output size | credentials.jsonl %.0f MB, ledger %.0f MB |" % (int(jsonl_kb) / 1024, int(ledger_kb) / 1024))
PY
