#!/usr/bin/env bash
# jtorch's CUDA check on a GPU machine. Builds nothing: it runs the cuda-tagged JUnit tests and the GPU
# benchmark from jars built elsewhere, with a carried Java runtime, and prints a summary table last.
#
# Prepare (on the build machine, from the repository root):
#   ./mvnw -B -Pgpu-check -pl jtorch-core package -DskipTests   # jars + JUnit console launcher in jtorch-core/target/gpu
#   ../shared/gpu/make-jre.sh .jre                              # a 44 MB Java 25 runtime (kept out of git)
# Carry .jre and jtorch-core/target/gpu to the GPU machine and run scripts/gpu-check.sh from the repository
# root. Full logs go to $OUT (default ./jtorch-out). Finishes within 5 minutes.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT="${OUT:-$ROOT/jtorch-out}"
export OUT   # the golden replay writes its per-case report to $OUT/cuda-golden.txt
mkdir -p "$OUT"
LIB=jtorch-core/target/gpu

if [ -x .jre/bin/java ]; then JAVA=.jre/bin/java
elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA=$JAVA_HOME/bin/java
else JAVA=java; fi
FLAGS=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector)

for f in jtorch-core-gpu.jar jtorch-core-tests.jar gson.jar junit-platform-console-standalone.jar; do
  if [ ! -f "$LIB/$f" ]; then
    echo "missing $LIB/$f: build it with ./mvnw -B -Pgpu-check -pl jtorch-core package -DskipTests and carry $LIB" >&2
    exit 2
  fi
done
CP="$LIB/jtorch-core-gpu.jar:$LIB/jtorch-core-tests.jar:$LIB/gson.jar"

start=$(date +%s)
{
  echo "date: $(date -u)"
  "$JAVA" -version 2>&1 | head -1
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
} > "$OUT/machine.txt" 2>&1

# 1. the GPU tests (device parity, allocator, no-leak loop, NVRTC compiling the generated kernels, the PyTorch
# golden cases replayed on the GPU, the MLP and a PyTorch state dict on GPU against CPU). The golden replay
# starts no case after GOLDEN_SECONDS, so the whole check keeps to 5 minutes.
# The carried runtime has no jdk.zipfs, so the launcher cannot scan a jar for tests: unpack the test jar and
# scan the directory, or (without python3) name the test classes.
SELECT=(--select-class dev.jtorch.backend.cuda.CudaParityTest --select-class dev.jtorch.backend.cuda.CudaMemoryTest
        --select-class dev.jtorch.backend.cuda.KernelSourceTest --select-class dev.jtorch.backend.cuda.CudaGoldenReplayTest
        --select-class dev.jtorch.backend.cuda.CudaTrainingTest)
if command -v python3 >/dev/null && rm -rf "$OUT/test-classes" \
   && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$LIB/jtorch-core-tests.jar" "$OUT/test-classes"; then
  CP="$LIB/jtorch-core-gpu.jar:$OUT/test-classes:$LIB/gson.jar"
  SELECT=(--scan-class-path "$OUT/test-classes")
fi
# EMULATE=1 (no GPU needed) runs the replay and model tests on EmulatedCuda: a dry run of this script and harness
EMU=(); [ "${EMULATE:-0}" = 1 ] && EMU=(-Djtorch.cuda.emulate=true)
timeout 180 "$JAVA" "${FLAGS[@]}" -Xmx6g -Djtorch.cuda.goldenSeconds="${GOLDEN_SECONDS:-90}" "${EMU[@]}" \
  -jar "$LIB/junit-platform-console-standalone.jar" execute \
  --class-path "$CP" "${SELECT[@]}" --include-tag cuda \
  --disable-banner --disable-ansi-colors --details=tree \
  > "$OUT/tests.log" 2>&1
tests_rc=$?
rm -rf "$OUT/test-classes"

# 2. jtorch's benchmark
timeout 50 "$JAVA" "${FLAGS[@]}" -Xmx6g -cp "$LIB/jtorch-core-gpu.jar" dev.jtorch.backend.cuda.CudaBench \
  > "$OUT/bench.log" 2>&1
bench_rc=$?

# 3. PyTorch on the same GPU, measured the same way, when it is installed
timeout 50 python3 - > "$OUT/pytorch.log" 2>&1 <<'PY'
import time, torch
if not torch.cuda.is_available():
    raise SystemExit("# no CUDA in PyTorch")
print("# torch\t" + torch.__version__)
n = 64 << 20
a = torch.full((n,), 1.0, device="cuda"); b = torch.full((n,), 2.0, device="cuda")
for _ in range(5): c = a + b
torch.cuda.synchronize(); t0 = time.perf_counter()
for _ in range(50): c = a + b
torch.cuda.synchronize(); s = time.perf_counter() - t0
print("add_64M_f32\t%.1f\tGB/s" % (3 * 4 * n * 50 / s / 1e9))
print("add_64M_f32_time\t%.1f\tus" % (s / 50 * 1e6))
for size in (4096, 8192):
    x = torch.randn(size, size, device="cuda"); y = torch.randn(size, size, device="cuda")
    for tf32 in (False, True):
        torch.backends.cuda.matmul.allow_tf32 = tf32
        z = x @ y; torch.cuda.synchronize()
        iters = 10 if size >= 8192 else 30
        t0 = time.perf_counter()
        for _ in range(iters): z = x @ y
        torch.cuda.synchronize(); s = time.perf_counter() - t0
        print("sgemm_%d_%s\t%.1f\tTFLOP/s" % (size, "tf32" if tf32 else "fp32", 2 * size ** 3 * iters / s / 1e12))
PY

# 4. summary (last, so it is what a caller sees)
passed=$(grep -Eo '[0-9]+ tests successful' "$OUT/tests.log" | grep -Eo '^[0-9]+' | tail -1)
failed=$(grep -Eo '[0-9]+ tests failed' "$OUT/tests.log" | grep -Eo '^[0-9]+' | tail -1)
skipped=$(grep -Eo '[0-9]+ tests skipped' "$OUT/tests.log" | grep -Eo '^[0-9]+' | tail -1)
aborted=$(grep -Eo '[0-9]+ tests aborted' "$OUT/tests.log" | grep -Eo '^[0-9]+' | tail -1)
value() { awk -F'\t' -v k="$2" '$1 == k { print $2 }' "$1" 2>/dev/null | tail -1; }
echo
gpu_line=$(sed -n 3p "$OUT/machine.txt")
echo "== jtorch GPU check: ${gpu_line:-no nvidia-smi on this machine} =="
if [ -n "$passed$failed" ]; then
  printf 'tests (tag cuda): %s passed, %s failed, %s skipped/aborted (exit %s; %s/tests.log)\n' \
    "${passed:-0}" "${failed:-0}" "$(( ${skipped:-0} + ${aborted:-0} ))" "$tests_rc" "$OUT"
else
  echo "tests: no JUnit summary (exit $tests_rc); see $OUT/tests.log:"; tail -5 "$OUT/tests.log"
fi
# the golden replay's coverage table (per file: passed, mismatch, unsupported, errors), when it ran
sed -n '/^== cuda golden replay/,/^== end of cuda golden replay ==/p' "$OUT/tests.log" | sed '$d'
no_gpu=$(grep -m1 -o 'no CUDA device: .*' "$OUT/tests.log")
[ -n "$no_gpu" ] && echo "GPU tests skipped (aborted by assumption): $no_gpu"
bench_ok=$bench_rc
if [ "$bench_rc" != 0 ] && grep -q '^# no CUDA' "$OUT/bench.log"; then
  echo "benchmark not run: $(grep -m1 '^# no CUDA' "$OUT/bench.log" | cut -c3-)"
  bench_ok=0   # no GPU here: nothing failed, nothing was measured
elif [ "$bench_rc" != 0 ]; then
  echo "benchmark failed (exit $bench_rc):"; tail -5 "$OUT/bench.log"
fi
printf '%-22s %12s %12s %8s %s\n' benchmark jtorch pytorch ratio unit
for key in add_64M_f32 add_64M_f32_time sgemm_4096_fp32 sgemm_4096_tf32 sgemm_8192_fp32 sgemm_8192_tf32; do
  j=$(value "$OUT/bench.log" "$key"); p=$(value "$OUT/pytorch.log" "$key")
  unit=$(awk -F'\t' -v k="$key" '$1 == k { print $3 }' "$OUT/bench.log" "$OUT/pytorch.log" 2>/dev/null | head -1)
  ratio=$(awk -v j="${j:-0}" -v p="${p:-0}" 'BEGIN { if (j > 0 && p > 0) printf "%.2f", j / p; else print "-" }')
  printf '%-22s %12s %12s %8s %s\n' "$key" "${j:--}" "${p:--}" "$ratio" "$unit"
done
echo "elapsed: $(( $(date +%s) - start )) s; logs in $OUT"
[ "$tests_rc" = 0 ] && [ "$bench_ok" = 0 ]
