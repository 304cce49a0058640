#!/usr/bin/env bash
# Builds jtorch-bench, runs its JMH benchmarks, runs the same workloads in PyTorch (2 threads, with
# OpenBLAS's default thread count and with OPENBLAS_NUM_THREADS=1, keeping the better per workload), and
# prints one table of jtorch/PyTorch time ratios (also with 1 PyTorch thread; the best PyTorch run counts). With --write it also rewrites BENCHMARKS.md.
# Extra arguments go to JMH (e.g. "-f 1" for a quicker, noisier run).
# A full run takes about 10 minutes on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bin/find-jdk.sh"
cd "$root"
write=0
if [ "${1:-}" = "--write" ]; then write=1; shift; fi
out=${BENCH_OUT:-$root/jtorch-bench/target/results}
mkdir -p "$out"
python=${PYTHON:-/usr/bin/python3}

./mvnw -q -B package -DskipTests -pl jtorch-bench -am
rm -f "$out"/jmh-*.json "$out"/torch-*.json

# Debian's PyTorch calls whatever libblas.so.3 the alternatives system points at; with only the reference
# BLAS installed its sgemm runs at a few GFLOP/s. Issue 6 compares against OpenBLAS, so when Debian's
# libopenblas0-pthread is installed its libblas is preloaded for the PyTorch runs (the system default stays).
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
torch_preload=
if [ -f "$openblas" ]; then
  torch_preload="$openblas"
else
  echo "warning: $openblas not found (apt-get install libopenblas0-pthread): PyTorch will use the system BLAS" >&2
fi

# Each workload runs in jtorch (JMH) and right after in PyTorch, so both see about the same load on a shared
# machine. PyTorch runs three ways and the report keeps the fastest: 2 intra-op threads with OpenBLAS's
# default threads, the same with OPENBLAS_NUM_THREADS=1, and 1 thread (on an oversubscribed machine
# OpenMP's 2-thread barriers can cost milliseconds per op).
workloads=(
  "ElementwiseBench.add$|n=1000000|add n=1000000"
  "ElementwiseBench.mul$|n=1000000|mul n=1000000"
  "ElementwiseBench.exp$|n=1000000|exp n=1000000"
  "ElementwiseBench.sum$|n=1000000|sum n=1000000"
  "ElementwiseBench.add$|n=16000000|add n=16000000"
  "ElementwiseBench.mul$|n=16000000|mul n=16000000"
  "ElementwiseBench.exp$|n=16000000|exp n=16000000"
  "ElementwiseBench.sum$|n=16000000|sum n=16000000"
  "SmallOpBench.oneElementAdd$||one-element add"
  "SmallOpBench.graphBackward$||3-op graph + backward"
  "GemmBench.sgemm$|size=256|sgemm 256"
  "GemmBench.dgemm$|size=256|dgemm 256"
  "GemmBench.sgemm$|size=1024|sgemm 1024"
  "GemmBench.dgemm$|size=1024|dgemm 1024"
  "GemmBench.sgemm$|size=2048|sgemm 2048"
  "GemmBench.dgemm$|size=2048|dgemm 2048"
  "BmmBench.bmm$||bmm 64x128x128"
  "ElementwiseBench.addOut$|n=1000000|add out= n=1000000"
  "ElementwiseBench.mulOut$|n=1000000|mul out= n=1000000"
  "ElementwiseBench.expOut$|n=1000000|exp out= n=1000000"
  "ElementwiseBench.sumOut$|n=1000000|sum out= n=1000000"
  "SoftmaxBench.softmax$|shape=256x1024|softmax 256x1024"
  "SoftmaxBench.logSoftmax$|shape=256x1024|log_softmax 256x1024"
  "SoftmaxBench.logsumexp$|shape=256x1024|logsumexp 256x1024"
  "SoftmaxBench.softmax$|shape=4096x64|softmax 4096x64"
  "SoftmaxBench.logSoftmax$|shape=4096x64|log_softmax 4096x64"
  "SoftmaxBench.logsumexp$|shape=4096x64|logsumexp 4096x64"
  "TrainingBench.cnnStep$||CNN training step (batch 64)"
  "TrainingBench.mlpStep$||MLP training step (batch 64)"
)
: > "$out/jmh.log"
i=0
for w in "${workloads[@]}"; do
  IFS='|' read -r regex param key <<< "$w"
  i=$((i + 1))
  echo "== $key"
  "$JAVA_HOME/bin/java" -jar jtorch-bench/target/benchmarks.jar "$regex" ${param:+-p "$param"} \
      -rf json -rff "$out/jmh-$i.json" "$@" 2>&1 | grep -v "^WARNING: Using incubator modules" >> "$out/jmh.log"
  LD_PRELOAD=$torch_preload "$python" scripts/bench_torch.py "$key" > "$out/torch-t2-openblas-default-$i.json"
  LD_PRELOAD=$torch_preload OPENBLAS_NUM_THREADS=1 "$python" scripts/bench_torch.py "$key" > "$out/torch-t2-openblas-1-$i.json"
  LD_PRELOAD=$torch_preload BENCH_THREADS=1 OPENBLAS_NUM_THREADS=1 "$python" scripts/bench_torch.py "$key" \
      > "$out/torch-t1-openblas-1-$i.json"
done
"$python" scripts/bench_report.py "$out" | tee "$out/table.md"

if [ "$write" = 1 ]; then
  torch_version=$("$python" -c 'import torch; print(torch.__version__)')
  jdk=$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p)
  cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
  flags=$(grep -o -w -E 'avx512f|avx2|fma' /proc/cpuinfo | sort -u | tr '\n' ' ')
  {
    echo "## Kernels: jtorch against PyTorch on the same machine, same session"
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) cores, $cpu ($flags), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- JDK: $jdk; JMH 1.37, 2 forks x 6 one-second iterations after 4 warm-up iterations; the median iteration is quoted"
    blas=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["_meta"]["blas"])' "$out/torch-t1-openblas-1-1.json")
    echo "- PyTorch: $torch_version (Debian python3-torch), BLAS: $blas; run three ways: torch.set_num_threads(2) with OpenBLAS's default threads, the same with OPENBLAS_NUM_THREADS=1, and torch.set_num_threads(1) with OPENBLAS_NUM_THREADS=1; the fastest per workload is quoted (median of 7 batches)"
    echo "- Reproduce: \`scripts/bench.sh --write\` (extra arguments go to JMH, e.g. \`-f 1\` for a quicker run); each workload runs in jtorch and then at once in PyTorch"
    echo
    echo "Ratios are jtorch time / PyTorch time: below 1 jtorch is faster. Elementwise ops allocate a fresh output"
    echo "each call, in both. The machine was shared with other jobs while these ran: expect run-to-run noise of"
    echo "tens of percent, most in the multi-threaded rows."
    echo
    cat "$out/table.md"
    if [ -f "$root/BENCHMARKS.notes.md" ]; then echo; cat "$root/BENCHMARKS.notes.md"; fi
  } > "$out/kernels.md"
  # only the kernels block of BENCHMARKS.md is rewritten; the other sections come from other scripts
  "$python" - "$out/kernels.md" BENCHMARKS.md <<'PY'
import re, sys
block = open(sys.argv[1]).read().strip()
doc = open(sys.argv[2]).read()
begin = doc.index("<!-- kernels:begin")
begin = doc.index("-->", begin) + 3
end = doc.index("<!-- kernels:end -->")
open(sys.argv[2], "w").write(doc[:begin] + "\n" + block + "\n" + doc[end:])
PY
  echo "wrote the kernels section of BENCHMARKS.md"
fi
