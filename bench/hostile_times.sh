#!/usr/bin/env bash
# Wall time and peak RSS of `shinchoku extract` on the quadratic hostile
# inputs, one at a time: bench/hostile_times.sh [BINARY] [TIMEOUT_S]
bin=${1:-target/release/shinchoku}
limit=${2:-120}
dir=$(cd "$(dirname "$0")/.." && pwd)/../shared/corpus/hostile/pdf
for f in grid_3000x3000 grid_6000x6000 edges_noncrossing_100k circles_50k_plus_50k \
         table_140x140_cells counts_quadratic_40k glyphs_1e6_one_run participants_overflow; do
  /usr/bin/time -o /tmp/bounds_hostile_times.time -f "%e s %M KB" timeout "$limit" "$bin" extract "$dir/$f.pdf" >/dev/null 2>/tmp/bounds_hostile_times.err
  out=$(tail -1 /tmp/bounds_hostile_times.time)
  code=$(grep -o 'shinchoku: [^:]*: [a-z_]*' /tmp/bounds_hostile_times.err | awk '{print $NF}' | head -1)
  printf '%-26s %-22s %s\n' "$f" "$out" "${code:-ok}"
done
