"""Golden forward/backward cases for the convolution and pooling kernels at the book's CNN shapes, from real
PyTorch 1.13 (same record format as gen_nn.py's "forward" cases).

Run from the repository root: /usr/bin/python3 conformance/gen_nn_conv.py
Writes jtorch-core/src/test/resources/golden/nn_conv.jsonl, replayed by dev.jtorch.nn.NnConformanceTest.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
import gen_nn  # noqa: E402
from gen_nn import S, forward_case, randn  # noqa: E402


def main():
    torch.manual_seed(0)
    book_cnn = S("Sequential", modules=[
        S("Conv2d", in_channels=1, out_channels=10, kernel_size=5), S("MaxPool2d", kernel_size=2), S("ReLU"),
        S("Conv2d", in_channels=10, out_channels=20, kernel_size=5), S("MaxPool2d", kernel_size=2), S("ReLU"),
        S("Flatten"), S("Linear", in_features=320, out_features=50), S("ReLU"), S("Linear", in_features=50, out_features=10)])
    for dt in (torch.float32, torch.float64):
        # the book's layers at (reduced) batch sizes, and the whole network's forward and backward
        forward_case(S("Conv2d", in_channels=1, out_channels=10, kernel_size=5), [randn(2, 1, 28, 28, seed=20)], dtype=dt)
        forward_case(S("Conv2d", in_channels=10, out_channels=20, kernel_size=5), [randn(2, 10, 12, 12, seed=21)], dtype=dt)
        forward_case(S("MaxPool2d", kernel_size=2), [randn(2, 3, 24, 24, seed=22)], dtype=dt)
        forward_case(book_cnn, [randn(2, 1, 28, 28, seed=23)], dtype=dt)
        # 1x1 convolutions read the image as its columns; with a stride they do not
        forward_case(S("Conv2d", in_channels=3, out_channels=4, kernel_size=1), [randn(2, 3, 5, 6, seed=24)], dtype=dt)
        forward_case(S("Conv2d", in_channels=4, out_channels=6, kernel_size=1, groups=2, bias=False), [randn(3, 4, 4, 5, seed=25)], dtype=dt)
        forward_case(S("Conv2d", in_channels=3, out_channels=2, kernel_size=1, stride=2), [randn(2, 3, 5, 6, seed=26)], dtype=dt)
        # strides, dilations, paddings wider than the kernel reach, groups, an even 'same' kernel (padding after > before)
        forward_case(S("Conv2d", in_channels=2, out_channels=3, kernel_size=3, stride=[2, 3], padding=[2, 3], dilation=2),
                     [randn(2, 2, 7, 9, seed=27)], dtype=dt)
        forward_case(S("Conv2d", in_channels=6, out_channels=9, kernel_size=[2, 3], groups=3, stride=[1, 2], padding=1),
                     [randn(3, 6, 6, 7, seed=28)], dtype=dt)
        forward_case(S("Conv2d", in_channels=2, out_channels=2, kernel_size=[4, 2], padding="same"), [randn(2, 2, 5, 6, seed=29)], dtype=dt)
        forward_case(S("Conv2d", in_channels=3, out_channels=5, kernel_size=3, padding=1), [randn(1, 3, 6, 6, seed=30)], dtype=dt)
        forward_case(S("MaxPool2d", kernel_size=3, stride=2, padding=1), [randn(2, 3, 9, 8, seed=31)], dtype=dt)
    # ties, signed zeros, infinities and NaNs through the 2x2 fast path, both dtypes
    nan, inf = float("nan"), float("inf")
    ties = torch.tensor([[1.0, 3.0, 3.0, 0.0, nan, 1.0], [3.0, 2.0, 1.0, nan, 5.0, nan], [-1.0, -1.0, 7.0, 7.0, 2.0, 2.0],
                         [-inf, -inf, 0.0, -0.0, -0.0, 0.0], [nan, nan, 4.0, 4.0, inf, 1.0], [1.0, nan, 4.0, 4.0, 1.0, inf]],
                        dtype=torch.float64).view(1, 1, 6, 6)
    for dt in (torch.float32, torch.float64):
        xin = ties.to(dt)
        out, idx = torch.nn.functional.max_pool2d(xin, 2, 2, 0, 1, return_indices=True)
        gen_nn.cases.append({"kind": "functional", "fn": "max_pool2d_with_indices", "args": [2, 2, 0, 1], "in": gen_nn.enc(xin),
                             "out": gen_nn.enc(out), "indices": gen_nn.enc(idx)})
    for c in gen_nn.cases:
        # float32 sums of 250 products (conv2, and the network's layers after it) and weight gradients summed over
        # batch x output pixels (thousands of products) differ from PyTorch's by their rounding, and by more on
        # another kernel path (the GPU replay): PyTorch's own error against float64 is about 1e-6 there, so
        # compare like torch.allclose(rtol, atol)
        if c.get("dtype") == "float32" and c.get("spec") and c["spec"]["type"] in ("Sequential", "Conv2d"):
            c["tol"] = [1e-5, 1e-5]
    with open(os.path.join(gen_nn.OUT, "nn_conv.jsonl"), "w") as f:
        for c in gen_nn.cases:
            f.write(json.dumps(c) + "\n")
    print("nn_conv.jsonl", len(gen_nn.cases))


if __name__ == "__main__":
    main()
