#!/usr/bin/python3
"""The book's image-restoration loop in PyTorch, timed: the reference for `jtorch restore`.

Same data, seed and steps as `bin/jtorch restore`: broken_image_t.npy ("3-min-pytorch" by Keon Kim, MIT),
torch.manual_seed(SEED), randn(10000) start, 20000 steps of gradient descent with lr 0.8 on
torch.dist(weird_function(x), broken). With --break PNG it breaks a clean grayscale picture first and
reports the PSNR of the restoration, as `jtorch restore --break PNG` does.

With --dtype float64 the picture and the start (randn in float64) are float64, as in `jtorch restore --dtype
float64`; the book's code is unchanged, so its float32 `filt` and zero constants are promoted to float64.

usage: restore_book.py [--steps N] [--seed S] [--lr X] [--threads T] [--dtype float32|float64] [--input FILE.npy]
                       [--break FILE.png]
"""
import argparse
import math
import os
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
BOOK_IMAGE = os.path.join(HERE, "..", "jtorch-examples", "src", "main", "resources", "dev", "jtorch", "examples",
                          "book", "broken_image_t.npy")


def weird_function(x, n_iter=5):
    h = x
    filt = torch.tensor([-1./3, 1./3, -1./3])
    for i in range(n_iter):
        zero_tensor = torch.tensor([1.0*0])
        h_l = torch.cat((zero_tensor, h[:-1]), 0)
        h_r = torch.cat((h[1:], zero_tensor), 0)
        h = filt[0] * h + filt[2] * h_l + filt[1] * h_r
        if i % 2 == 0:
            h = torch.cat((h[h.shape[0]//2:], h[:h.shape[0]//2]), 0)
    return h


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lr", type=float, default=0.8)
    ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: PyTorch's default)")
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    ap.add_argument("--input", default=BOOK_IMAGE)
    ap.add_argument("--break", dest="break_png", default=None)
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    dtype = torch.float64 if args.dtype == "float64" else torch.float32

    original = None
    if args.break_png:
        from PIL import Image
        img = Image.open(args.break_png).convert("L")
        original = torch.tensor(np.asarray(img, dtype=np.float64).reshape(-1) / 255.0, dtype=dtype)
        with torch.no_grad():
            broken_image = weird_function(original)
    else:
        broken_image = torch.from_numpy(np.load(args.input).astype(np.float32).reshape(-1)).to(dtype)

    torch.manual_seed(args.seed)
    random_tensor = torch.randn(broken_image.shape[0], dtype=dtype)
    lr = args.lr
    t0 = time.perf_counter()
    for i in range(0, args.steps):
        random_tensor.requires_grad_(True)
        hypothesis = weird_function(random_tensor)
        loss = torch.dist(hypothesis, broken_image)
        loss.backward()
        with torch.no_grad():
            random_tensor = random_tensor - lr*random_tensor.grad
        if i % 1000 == 0:
            print('Loss at {} = {}'.format(i, loss.item()))
    seconds = time.perf_counter() - t0
    print("Final loss = {}".format(loss.item()))
    print("Wall time: {:.3f} s for {} steps ({:.0f} steps/s), torch {} with {} threads, {}".format(
        seconds, args.steps, args.steps / seconds, torch.__version__, torch.get_num_threads(), args.dtype))
    if original is not None:
        mse = ((random_tensor.clamp(0, 1) - original) ** 2).mean().item()
        print("PSNR of the restoration against the original: {:.2f} dB".format(10 * math.log10(1.0 / mse)))


if __name__ == "__main__":
    main()
