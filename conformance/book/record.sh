#!/usr/bin/env bash
# Records what PyTorch prints for each book program; jtorch-examples' BookProgramsTest replays them.
#   conformance/book/record.sh        (needs /usr/bin/python3 with torch 1.13 and numpy)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/../../jtorch-examples/src/test/resources/book"
mkdir -p "$OUT"
for f in "$HERE"/*.py; do
    name="$(basename "$f" .py)"
    if [[ "$name" == fashion_data ]]; then
        continue   # torchvision's pieces for the chapter 4-6 scripts, not a program
    elif [[ "$name" == image_recovery ]]; then
        /usr/bin/python3 "$f" 3001 > "$OUT/$name.out"   # the first 3001 steps keep the test short
    elif [[ "$name" == basic_neural_network ]]; then
        # the whole program (it is small); its model.pt is kept for the test that loads it in Java
        /usr/bin/python3 "$f" "$OUT/basic_neural_network_model.pt" > "$OUT/$name.out"
    elif [[ "$name" == neural_network || "$name" == overfitting_and_regularization || "$name" == cnn \
            || "$name" == basic_autoencoder ]]; then
        # 1 epoch of 40 batches, 200 test images, every batch's loss: BookTrainingTest's short runs
        /usr/bin/python3 "$f" 1 40 200 1 > "$OUT/$name.out" 2>/dev/null
    else
        /usr/bin/python3 "$f" > "$OUT/$name.out"
    fi
    echo "recorded $name"
done
/usr/bin/python3 -c 'import torch; print("torch", torch.__version__)' > "$OUT/VERSION"
