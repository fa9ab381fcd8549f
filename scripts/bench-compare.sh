#!/usr/bin/env bash
# Benchmark: `htrules compare` on one case over all loaded jurisdictions, including loading
# and checking the rules, in a release build. Target (issue 2): <= 50 ms wall, median of runs.
# Usage: scripts/bench-compare.sh [CASE.json] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
case_file=${1:-Examples/teen-commercial-sex.json}
runs=${2:-30}
target_ms=50
swift build -c release --product htrules >/dev/null
bin=.build/release/htrules
"$bin" compare "$case_file" >/dev/null  # warm the file cache
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" compare "$case_file" >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
median_us=${sorted[$(( runs / 2 ))]}
max_us=${sorted[$(( runs - 1 ))]}
jurisdictions=$(ls Rules/*.rules | grep -vc vocabulary)
printf 'compare, %d jurisdictions, %d runs: median %d.%03d ms, max %d.%03d ms (target <= %d ms)\n' \
  "$jurisdictions" "$runs" $((median_us / 1000)) $((median_us % 1000)) $((max_us / 1000)) $((max_us % 1000)) "$target_ms"
if [ "$median_us" -le $((target_ms * 1000)) ]; then echo "PASS"; else echo "FAIL"; exit 1; fi
