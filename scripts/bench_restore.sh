#!/usr/bin/env bash
# Times the book's 20000-step image restoration in jtorch (float32) and in PyTorch (the book's Python loop)
# on this machine, one after the other, and prints both and their ratio.
#   scripts/bench_restore.sh [STEPS]        (default 20000; PYTHON=/usr/bin/python3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${1:-20000}"
PYTHON="${PYTHON:-/usr/bin/python3}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"

"$ROOT/bin/jtorch" restore --steps "$STEPS" --out "$OUT/jtorch" > "$OUT/jtorch.log"
j_line="$(grep '^Wall time' "$OUT/jtorch.log")"
j_loss="$(grep '^Final loss' "$OUT/jtorch.log")"
j_s="$(echo "$j_line" | awk '{print $3}')"
echo "jtorch : $j_line; $j_loss"

"$PYTHON" "$ROOT/scripts/restore_book.py" --steps "$STEPS" > "$OUT/torch.log"
p_line="$(grep '^Wall time' "$OUT/torch.log")"
p_loss="$(grep '^Final loss' "$OUT/torch.log")"
p_s="$(echo "$p_line" | awk '{print $3}')"
echo "PyTorch: $p_line; $p_loss"

awk -v j="$j_s" -v p="$p_s" -v n="$STEPS" 'BEGIN {
    printf "per step: jtorch %.0f us, PyTorch %.0f us; jtorch is %.2fx %s than PyTorch\n",
        j / n * 1e6, p / n * 1e6, (j < p ? p / j : j / p), (j < p ? "faster" : "slower") }'
