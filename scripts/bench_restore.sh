#!/usr/bin/env bash
# Times the book's 20000-step image restoration in jtorch and in PyTorch (the book's Python loop)
# on this machine, one after the other, and prints both and their ratio.
#   scripts/bench_restore.sh [STEPS]        (default 20000; PYTHON=/usr/bin/python3)
#   JTORCH_ARGS=--eager scripts/bench_restore.sh   times jtorch's op-by-op loop instead of the captured graph
#   JTORCH_ARGS='--dtype float64' scripts/bench_restore.sh   both sides in float64 (the dtype given to jtorch
#   in JTORCH_ARGS, or DTYPE=float64, is passed to both programs)
#   ROUNDS=5 scripts/bench_restore.sh      five alternating rounds (jtorch, then PyTorch), then the medians:
#   single runs on a shared machine move by 10-30%
# Both figures are for the loop alone ("Wall time" as each program reports it); the CPU seconds of each
# whole process (user + sys, JIT and GC threads included) are printed too, as they are steadier than wall
# time when other work shares the machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${1:-20000}"
PYTHON="${PYTHON:-/usr/bin/python3}"
DTYPE="${DTYPE:-$(echo " ${JTORCH_ARGS:-} " | sed -n 's/.* --dtype[ =]\([a-z0-9]*\) .*/\1/p')}"
DTYPE="${DTYPE:-float32}"
J_DTYPE=(--dtype "$DTYPE")
[[ " ${JTORCH_ARGS:-} " == *" --dtype"* ]] && J_DTYPE=()   # given already (picocli refuses an option twice)
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg), $DTYPE"
"$ROOT/bin/jtorch" restore --steps 1 --quiet --out "$OUT/warm"   # builds the jar if needed, outside the timing

ROUNDS="${ROUNDS:-1}"
: > "$OUT/rounds"
for ((r = 1; r <= ROUNDS; r++)); do
    /usr/bin/time -f "%U %S" -o "$OUT/jtorch.cpu" "$ROOT/bin/jtorch" restore ${JTORCH_ARGS:-} "${J_DTYPE[@]}" --steps "$STEPS" --out "$OUT/jtorch" > "$OUT/jtorch.log"
    j_line="$(grep '^Wall time' "$OUT/jtorch.log")"
    j_s="$(echo "$j_line" | awk '{print $3}')"
    j_cpu="$(awk '{print $1 + $2}' "$OUT/jtorch.cpu")"
    echo "jtorch : $j_line; $(grep '^Final loss' "$OUT/jtorch.log"); process CPU ${j_cpu} s"

    /usr/bin/time -f "%U %S" -o "$OUT/torch.cpu" "$PYTHON" "$ROOT/scripts/restore_book.py" --dtype "$DTYPE" --steps "$STEPS" > "$OUT/torch.log"
    p_line="$(grep '^Wall time' "$OUT/torch.log")"
    p_s="$(echo "$p_line" | awk '{print $3}')"
    p_cpu="$(awk '{print $1 + $2}' "$OUT/torch.cpu")"
    echo "PyTorch: $p_line; $(grep '^Final loss' "$OUT/torch.log"); process CPU ${p_cpu} s"

    awk -v j="$j_s" -v p="$p_s" -v jc="$j_cpu" -v pc="$p_cpu" -v n="$STEPS" 'BEGIN {
        printf "loop wall time per step: jtorch %.0f us, PyTorch %.0f us: PyTorch/jtorch = %.2f\n", j / n * 1e6, p / n * 1e6, p / j
        printf "process CPU time: jtorch %.2f s, PyTorch %.2f s: PyTorch/jtorch = %.2f\n", jc, pc, pc / jc }'
    echo "$j_s $p_s" >> "$OUT/rounds"
done

if ((ROUNDS > 1)); then
    # medians over the rounds: of each side's loop time, and of the per-round ratios
    sort -n -k1 "$OUT/rounds" | awk '{j[NR] = $1} END {print j[int((NR + 1) / 2)]}' > "$OUT/j.med"
    sort -n -k2 "$OUT/rounds" | awk '{p[NR] = $2} END {print p[int((NR + 1) / 2)]}' > "$OUT/p.med"
    awk '{print $2 / $1}' "$OUT/rounds" | sort -n | awk '{r[NR] = $1} END {printf "%.2f %.2f %.2f\n", r[1], r[int((NR + 1) / 2)], r[NR]}' > "$OUT/ratio"
    read -r r_min r_med r_max < "$OUT/ratio"
    echo "over $ROUNDS rounds: median loop jtorch $(cat "$OUT/j.med") s, PyTorch $(cat "$OUT/p.med") s; PyTorch/jtorch median $r_med (range $r_min-$r_max)"
fi
