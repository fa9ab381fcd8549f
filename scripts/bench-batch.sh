#!/usr/bin/env bash
# Benchmark: `htrules batch` on 1,000,000 generated cases dated over 2012-2026 (each row judged by
# the law of its own date) over all jurisdictions, release build, 2 cores: target <= 10 s wall and
# <= 200 MB peak RSS. Then DuckDB runs the query from `htrules sql --dialect duckdb --date-column
# date` over the same CSV (read, evaluate, write CSV) in the same run and the ratio is printed.
# Needs the duckdb package (scripts/test creates .venv-test with it). Usage: scripts/bench-batch.sh [CASES]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
swift build -c release --product htrules >/dev/null
bin=$PWD/.build/release/htrules
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" sample --count "$count" --seed 20250601 --dates 2012-01-01..2026-12-31 --output "$work/cases.csv"
echo "input: $count cases dated 2012-2026, $(du -h "$work/cases.csv" | cut -f1), $(nproc) cores"

/usr/bin/time -f "%e %M" -o "$work/time" "$bin" batch --input "$work/cases.csv" --output "$work/verdicts.csv" --as-of 2025-06-01 2>/dev/null
read -r seconds rss_kb < "$work/time"
rss_mb=$(( rss_kb / 1024 ))
status=0
# The verdicts are computed here, not in $(…) subshells, so that a FAIL sets the exit status.
verdict() { if awk "BEGIN{exit !($1)}"; then echo PASS; else echo FAIL; fi; }
time_verdict=$(verdict "$seconds <= 10")
rss_verdict=$(verdict "$rss_mb <= 200")
if [ "$time_verdict" = FAIL ] || [ "$rss_verdict" = FAIL ]; then status=1; fi
echo "htrules batch: ${seconds} s wall (target <= 10 s) $time_verdict, peak RSS ${rss_mb} MB (target <= 200 MB) $rss_verdict"
echo "  (machine load when it ran: $(cut -d' ' -f1-3 /proc/loadavg); the targets assume both cores free)"

python=.venv-test/bin/python
if ! "$python" -c "import duckdb" 2>/dev/null; then
  echo "duckdb is not installed (run scripts/test once, or pip install duckdb into .venv-test): skipping the comparison"
  exit $status
fi
"$bin" sql --dialect duckdb --as-of 2025-06-01 --date-column date > "$work/query.sql"
"$python" - "$work" <<'PY'
import sys, time, duckdb, csv
work = sys.argv[1]
with open(f"{work}/cases.csv", newline="") as f:
    header = next(csv.reader(f))
def kind(c):
    if c == "date": return "DATE"
    if c == "id" or c.endswith("mental_state"): return "VARCHAR"
    if c.endswith(".age"): return "INTEGER"
    return "BOOLEAN"
names = [c.replace(".", "_") for c in header]
types = {n: kind(c) for n, c in zip(names, header)}
query = open(f"{work}/query.sql").read().rstrip().rstrip(";")
db = duckdb.connect()
start = time.time()
db.execute(f"CREATE TABLE cases AS SELECT * FROM read_csv('{work}/cases.csv', header=true, names={names!r}, types={types!r})")
db.execute(f"COPY ({query}) TO '{work}/duckdb.csv' (HEADER)")
elapsed = time.time() - start
print(f"duckdb (read CSV, evaluate, write CSV): {elapsed:.2f} s")
open(f"{work}/duckdb.time", "w").write(f"{elapsed}")
PY
duck=$(cat "$work/duckdb.time")
awk -v h="$seconds" -v d="$duck" 'BEGIN { printf "ratio htrules/duckdb: %.2f (%s)\n", h / d, (h <= d ? "htrules is at least as fast" : "htrules is slower") }'
exit $status
