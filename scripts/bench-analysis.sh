#!/usr/bin/env bash
# Benchmarks for the heterogeneity analyses (issue 4), release build, wall time, median of runs:
#   htrules diff --all over every loaded jurisdiction   target <= 2 s
#   htrules questions on one case                         target <= 200 ms
# Usage: scripts/bench-analysis.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
swift build -c release --product htrules >/dev/null
bin=.build/release/htrules
status=0
median_ms() {  # runs a command $runs times, prints the median wall time in ms
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}
check() {  # name, target ms, command...
  local name=$1 target=$2
  shift 2
  local ms
  ms=$(median_ms "$@")
  if [ "$ms" -le "$target" ]; then verdict=PASS; else verdict=FAIL; status=1; fi
  printf '%-40s median %5d ms  (target <= %d ms)  %s\n' "$name" "$ms" "$target" "$verdict"
}
jurisdictions=$(ls Rules/*.rules | grep -vc vocabulary)
echo "$jurisdictions jurisdictions, $(nproc) cores, $runs runs each"
check "diff --all (both offense kinds)" 2000 "$bin" diff --all --as-of 2025-06-01
check "questions (adult labor example)" 200 "$bin" questions Examples/adult-labor-unknowns.json
check "questions (teen example)" 200 "$bin" questions Examples/teen-commercial-sex.json
exit $status
