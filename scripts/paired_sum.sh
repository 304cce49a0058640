#!/usr/bin/env bash
# Times x.sum() over N float32 values in jtorch and in PyTorch 1.13 (2 threads each), alternating ROUNDS
# times a few seconds apart, and prints each pair's ratio. The machine's memory bandwidth for large sums
# swings with its neighbours, so only such paired ratios compare the two (see BENCHMARKS.md).
#   scripts/paired_sum.sh [N] (default 16000000; ROUNDS=4; PYTHON=/usr/bin/python3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/find-jdk.sh"
N="${1:-16000000}"
ROUNDS="${ROUNDS:-4}"
PYTHON="${PYTHON:-/usr/bin/python3}"
(cd "$ROOT" && ./mvnw -q -B -pl jtorch-core -am package -DskipTests)
CP="$(ls "$ROOT"/jtorch-core/target/jtorch-core-*.jar | grep -v sources | head -1)"
for ((r = 1; r <= ROUNDS; r++)); do
    t=$(OPENBLAS_NUM_THREADS=1 "$PYTHON" - "$N" <<'PY'
import sys, time, torch
n = int(sys.argv[1]); torch.set_num_threads(2)
x = torch.rand(n)
for _ in range(50): x.sum()
us = []
for _ in range(7):
    reps = 300 if n > 2_000_000 else 5000
    t0 = time.perf_counter()
    for _ in range(reps): x.sum()
    us.append((time.perf_counter() - t0) / reps * 1e6)
print("%.1f" % sorted(us)[3])
PY
)
    j=$("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$CP" "$ROOT/scripts/paired/SumTiming.java" "$N" 2>/dev/null)
    awk -v j="$j" -v t="$t" -v n="$N" 'BEGIN { printf "sum of %d floats: jtorch %.1f us, PyTorch %.1f us: jtorch/PyTorch = %.2f\n", n, j, t, j / t }'
done
