#!/usr/bin/python3
"""Draws the 256x256 grayscale test picture for `jtorch restore --break` (no binary kept in git).

usage: make_break_picture.py OUT.png
"""
import math
import sys

from PIL import Image, ImageDraw

W = H = 256
img = Image.new("L", (W, H))
d = ImageDraw.Draw(img)
for y in range(H):  # sky: bright at the horizon
    d.line([(0, y), (W, y)], fill=int(40 + 150 * y / H))
d.ellipse([170, 30, 226, 86], fill=250)  # moon
for i, (x, w, h) in enumerate([(10, 40, 120), (55, 30, 160), (90, 50, 100), (145, 35, 140), (185, 60, 90)]):
    d.rectangle([x, H - h, x + w, H], fill=25 + 10 * i)  # buildings
    for wy in range(H - h + 8, H - 10, 14):  # lit windows
        for wx in range(x + 5, x + w - 6, 10):
            if (wx * 7 + wy * 3) % 5:
                d.rectangle([wx, wy, wx + 4, wy + 6], fill=220)
for k in range(60):  # a wave along the bottom
    x0 = k * W / 60
    d.line([(x0, H - 20 + 6 * math.sin(k / 3)), (x0 + W / 60, H - 20 + 6 * math.sin((k + 1) / 3))], fill=255, width=2)
d.text((12, 12), "jtorch", fill=255)
img.save(sys.argv[1])
