#!/usr/bin/env bash
# Golden data for jtorch-cli's tests, from CPython and PyTorch 1.13 (/usr/bin/python3).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/../../jtorch-cli/src/test/resources"
mkdir -p "$OUT"
# Python's repr of floats, one "bits repr" pair per line (bits: the double's IEEE bits in hex)
/usr/bin/python3 - > "$OUT/py_repr.txt" <<'PY'
import struct, random
vals = [0.0, -0.0, 1.0, -1.5, 0.1, 1/3, 12.137223243713379, 0.021167675033211708, 1e-4, 9.999e-5, 1e-5, 123456789.0,
        1e15, 1e16, 1.5e16, 2.0**60, 5e-324, 1.7976931348623157e308, 0.8, 100.0, float('nan'), float('inf'), float('-inf')]
random.seed(5)
for _ in range(200):
    vals.append(random.uniform(-1, 1) * 10 ** random.randint(-12, 20))
    vals.append(struct.unpack('f', struct.pack('f', random.gauss(0, 1)))[0])  # float32 values widened, as loss.item() gives
for v in vals:
    print(struct.pack('>d', v).hex(), repr(v))
PY
# the book loop's first 2001 steps with seed 0, as `jtorch restore --steps 2001` must log them
/usr/bin/python3 "$HERE/../../scripts/restore_book.py" --steps 2001 | grep '^Loss at' > "$OUT/restore_seed0_2001.out"
echo "recorded $OUT/py_repr.txt and restore_seed0_2001.out"
# a small synthetic clean picture, and PyTorch's --break run on it (3000 steps, seed 0, lr 0.8)
/usr/bin/python3 - "$OUT/clean64x48.png" <<'PY'
import math, sys
from PIL import Image
im = Image.new('RGB', (64, 48))
for y in range(48):
    for x in range(64):
        im.putpixel((x, y), (int(120 + 100 * math.sin(x / 6)), int(y * 5), 60 + ((x // 8 + y // 8) % 2) * 120))
im.save(sys.argv[1])
PY
/usr/bin/python3 "$HERE/../../scripts/restore_book.py" --break "$OUT/clean64x48.png" --steps 3000 \
    | grep -E '^(Final loss|PSNR)' > "$OUT/restore_break_64x48.out"
# gray levels as PIL's convert('L') reads them, for a grayscale and a colour PNG (Images.readGray must agree)
/usr/bin/python3 - "$OUT" <<'PY'
import sys
from PIL import Image
out = sys.argv[1]
g = Image.new('L', (7, 5))
g.putdata([(i * 37) % 256 for i in range(35)])
g.save(out + '/gray7x5.png')
c = Image.new('RGB', (7, 5))
c.putdata([((i * 53) % 256, (i * 91) % 256, (i * 17) % 256) for i in range(35)])
c.save(out + '/rgb7x5.png')
with open(out + '/gray_levels.txt', 'w') as f:
    for name in ('gray7x5.png', 'rgb7x5.png'):
        f.write(name + ' ' + ' '.join(str(v) for v in Image.open(out + '/' + name).convert('L').getdata()) + '\n')
PY
