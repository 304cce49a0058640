#!/usr/bin/env bash
# Records what PyTorch prints for each book program; jtorch-examples' BookProgramsTest replays them.
#   conformance/book/record.sh        (needs /usr/bin/python3 with torch 1.13 and numpy)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/../../jtorch-examples/src/test/resources/book"
mkdir -p "$OUT"
for f in "$HERE"/*.py; do
    name="$(basename "$f" .py)"
    if [[ "$name" == image_recovery ]]; then
        /usr/bin/python3 "$f" 3001 > "$OUT/$name.out"   # the first 3001 steps keep the test short
    else
        /usr/bin/python3 "$f" > "$OUT/$name.out"
    fi
    echo "recorded $name"
done
/usr/bin/python3 -c 'import torch; print("torch", torch.__version__)' > "$OUT/VERSION"
