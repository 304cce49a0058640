"""Golden data for torch.nn (modules, functional losses, init, repr, state dicts), from real PyTorch 1.13.

Run from the repository root: /usr/bin/python3 conformance/gen_nn.py
Writes jtorch-core/src/test/resources/golden/nn.jsonl, replayed by dev.jtorch.nn.NnConformanceTest.

Case kinds:
  init     - torch.manual_seed(seed); module = spec  -> its state_dict (checks Java's seeded init)
  forward  - module from spec with the given state_dict, inputs, train/eval, seed before the call
             -> output, gradients of inputs and parameters for a fixed output weighting, state_dict after
  repr     - spec -> repr(module), state_dict keys and shapes
  error    - forward that raises -> message
A spec is {"type": class name, "kw": constructor keyword arguments with PyTorch's names}.
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from golden_lib import enc, enc_arg  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "jtorch-core", "src", "test", "resources", "golden")
cases = []


def build(spec):
    t, kw = spec["type"], dict(spec.get("kw", {}))
    for k in ("weight", "pos_weight"):
        if k in kw and kw[k] is not None:
            kw[k] = torch.tensor(kw[k], dtype=torch.float32)
    for k, v in list(kw.items()):
        if isinstance(v, list) and k not in ("modules", "weight", "pos_weight"):
            kw[k] = tuple(v)  # as a Python user writes them (the repr shows tuples)
    if t == "Sequential":
        return nn.Sequential(*[build(s) for s in kw["modules"]])
    if t == "Net":
        return Net()
    if t == "CNN":
        return CNN()
    if t == "TransformerEncoder":
        norm = nn.LayerNorm(kw["layer"]["kw"]["d_model"]) if kw.get("norm") else None
        return nn.TransformerEncoder(build(kw["layer"]), kw["num_layers"], norm=norm)
    return getattr(nn, t)(**kw)


class Net(nn.Module):
    """The book's chapter-3 network."""
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(2, 5)
        self.fc2 = nn.Linear(5, 1)

    def forward(self, x):
        return torch.sigmoid(self.fc2(torch.relu(self.fc1(x))))


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(4, 6, 3)
        self.drop = nn.Dropout(0.25)
        self.fc = nn.Linear(6 * 2 * 2, 3)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn1(self.conv1(x))))
        x = self.pool(torch.relu(self.conv2(x)))
        return self.fc(self.drop(torch.flatten(x, 1)))


def encode_sd(sd):
    return [[k, enc(v)] for k, v in sd.items()]


def gout_for(out):
    n = out.numel()
    return (torch.arange(n, dtype=torch.float64) * 0.37 % 1.0 - 0.4).to(out.dtype).reshape(out.shape)


def init_case(spec, seed=0):
    torch.manual_seed(seed)
    m = build(spec)
    cases.append({"kind": "init", "spec": spec, "seed": seed, "state": encode_sd(m.state_dict())})


def repr_case(spec):
    m = build(spec)
    cases.append({"kind": "repr", "spec": spec, "repr": repr(m),
                  "keys": [[k, list(v.shape)] for k, v in m.state_dict().items()],
                  "params": [k for k, _ in m.named_parameters()]})


def forward_case(spec, inputs, train=True, dtype=torch.float32, seed=7, grad=True, target=None, tag=None):
    """inputs: tensors (float ones get gradients); target: a non-differentiable second argument."""
    torch.manual_seed(100)
    m = build(spec)
    with torch.no_grad():
        for p in m.parameters():  # make parameters less regular than the init so that bugs show
            p.add_(torch.randn(p.shape) * 0.1)
    m = m.to(dtype)
    m.train(train)
    sd_before = {k: v.clone() for k, v in m.state_dict().items()}
    ins = [x.to(dtype).clone().requires_grad_(grad) if x.dtype.is_floating_point else x for x in inputs]
    args = ins + ([target] if target is not None else [])
    rec = {"kind": "forward", "spec": spec, "dtype": str(dtype)[6:], "train": train, "seed": seed,
           "state": encode_sd(sd_before), "inputs": [enc(x) for x in args], "ninputs": len(ins)}
    if tag:
        rec["tag"] = tag
    torch.manual_seed(seed)
    try:
        out = m(*args)
    except Exception as e:  # noqa: BLE001
        rec["kind"] = "error"
        rec["error"] = str(e).split("\n")[0]
        cases.append(rec)
        return
    rec["out"] = enc(out)
    if grad and out.requires_grad:
        g = gout_for(out)
        leaves = [x for x in ins if x.dtype.is_floating_point] + [p for _, p in m.named_parameters()]
        grads = torch.autograd.grad(out, leaves, g, allow_unused=True)
        rec["gout"] = enc(g)
        rec["grads"] = [enc(x) if x is not None else None for x in grads]
        rec["param_names"] = [k for k, _ in m.named_parameters()]
    rec["state_after"] = encode_sd(m.state_dict())
    cases.append(rec)


def randn(*shape, seed=None):
    if seed is not None:
        torch.manual_seed(seed)
    return torch.randn(*shape, dtype=torch.float64)


def S(t, **kw):
    return {"type": t, "kw": kw}


def main():
    torch.manual_seed(0)
    # ---------------------------------------------------------------- seeded init (PyTorch's default initialisation)
    for spec in [S("Linear", in_features=2, out_features=5), S("Linear", in_features=7, out_features=3, bias=False),
                 S("Conv2d", in_channels=3, out_channels=4, kernel_size=3),
                 S("Conv2d", in_channels=4, out_channels=6, kernel_size=[3, 2], groups=2),
                 S("Conv1d", in_channels=2, out_channels=3, kernel_size=4),
                 S("ConvTranspose2d", in_channels=2, out_channels=3, kernel_size=3),
                 S("Bilinear", in1_features=3, in2_features=2, out_features=4),
                 S("Embedding", num_embeddings=6, embedding_dim=3),
                 S("Embedding", num_embeddings=6, embedding_dim=3, padding_idx=2),
                 S("BatchNorm2d", num_features=3), S("LayerNorm", normalized_shape=[4]), S("GroupNorm", num_groups=2, num_channels=4),
                 S("Net"), S("CNN"),
                 S("Sequential", modules=[S("Linear", in_features=4, out_features=3), S("ReLU"), S("Linear", in_features=3, out_features=2)])]:
        for seed in (0, 42):
            init_case(spec, seed)

    # ---------------------------------------------------------------- repr and state_dict keys
    for spec in [S("Linear", in_features=2, out_features=5), S("Linear", in_features=2, out_features=5, bias=False),
                 S("Bilinear", in1_features=2, in2_features=3, out_features=4),
                 S("Conv2d", in_channels=1, out_channels=2, kernel_size=3),
                 S("Conv2d", in_channels=1, out_channels=2, kernel_size=[3, 2], stride=2, padding=1, dilation=2, bias=False),
                 S("Conv2d", in_channels=2, out_channels=2, kernel_size=3, padding="same", groups=2),
                 S("Conv2d", in_channels=1, out_channels=2, kernel_size=3, padding=1, padding_mode="reflect"),
                 S("Conv2d", in_channels=1, out_channels=2, kernel_size=3, padding="same", padding_mode="circular", bias=False),
                 S("Conv1d", in_channels=1, out_channels=2, kernel_size=3),
                 S("Conv1d", in_channels=2, out_channels=4, kernel_size=3, stride=2, padding=1, dilation=2, groups=2, bias=False),
                 S("ConvTranspose2d", in_channels=1, out_channels=2, kernel_size=3),
                 S("ConvTranspose2d", in_channels=2, out_channels=4, kernel_size=3, stride=2, padding=1, output_padding=1, groups=2, bias=False, dilation=1),
                 S("MaxPool2d", kernel_size=2), S("MaxPool2d", kernel_size=[2, 3]), S("MaxPool2d", kernel_size=2, stride=1, padding=1),
                 S("MaxPool1d", kernel_size=2), S("AvgPool2d", kernel_size=2), S("AvgPool2d", kernel_size=2, stride=1, padding=1),
                 S("AdaptiveAvgPool2d", output_size=[1, 1]), S("AdaptiveAvgPool2d", output_size=3),
                 S("BatchNorm2d", num_features=3), S("BatchNorm1d", num_features=3),
                 S("BatchNorm2d", num_features=3, affine=False, track_running_stats=False, momentum=None),
                 S("LayerNorm", normalized_shape=[4]), S("LayerNorm", normalized_shape=[2, 3], elementwise_affine=False),
                 S("GroupNorm", num_groups=2, num_channels=4), S("Dropout"), S("Dropout", p=0.3), S("Dropout2d", p=0.3),
                 S("Embedding", num_embeddings=10, embedding_dim=3), S("Embedding", num_embeddings=10, embedding_dim=3, padding_idx=0),
                 S("ReLU"), S("LeakyReLU"), S("LeakyReLU", negative_slope=0.2), S("ELU"), S("ELU", alpha=0.5), S("GELU"),
                 S("GELU", approximate="tanh"), S("SiLU"), S("Sigmoid"), S("Tanh"), S("Softmax", dim=1), S("LogSoftmax", dim=1),
                 S("Softplus"), S("Softplus", beta=2, threshold=10), S("Softplus", beta=0.5, threshold=10),
                 S("Softmax"), S("LogSoftmax"), S("ReLU6"), S("Hardtanh"), S("Hardtanh", min_val=-2.0, max_val=3.0), S("SELU"), S("Mish"),
                 S("Hardswish"), S("Hardsigmoid"), S("LogSigmoid"), S("PReLU"), S("PReLU", num_parameters=3, init=0.1),
                 S("Upsample", scale_factor=2), S("Upsample", size=(3, 4), mode="bilinear", align_corners=True),
                 S("Upsample", scale_factor=1.5, mode="bilinear"), S("Identity"), S("Flatten"), S("Flatten", start_dim=0, end_dim=2), S("Unflatten", dim=1, unflattened_size=[2, 3]),
                 S("MSELoss"), S("L1Loss"), S("SmoothL1Loss"), S("BCELoss"), S("BCEWithLogitsLoss"), S("CrossEntropyLoss"),
                 S("CrossEntropyLoss", weight=[1.0, 2.0, 0.5]), S("NLLLoss"), S("KLDivLoss"),
                 S("Net"), S("CNN"),
                 S("Sequential", modules=[S("Linear", in_features=2, out_features=3),
                                          S("Sequential", modules=[S("ReLU"), S("Dropout")])])]:
        repr_case(spec)

    # ---------------------------------------------------------------- forward / backward of layers
    for dt in (torch.float32, torch.float64):
        forward_case(S("Linear", in_features=3, out_features=4), [randn(5, 3, seed=1)], dtype=dt)
        forward_case(S("Linear", in_features=3, out_features=4, bias=False), [randn(2, 5, 3, seed=2)], dtype=dt)
        forward_case(S("Linear", in_features=3, out_features=2), [randn(3, seed=3)], dtype=dt)
        forward_case(S("Bilinear", in1_features=3, in2_features=2, out_features=4), [randn(5, 3, seed=4), randn(5, 2, seed=5)], dtype=dt)
        forward_case(S("Conv2d", in_channels=2, out_channels=3, kernel_size=3), [randn(2, 2, 5, 6, seed=6)], dtype=dt)
        forward_case(S("Conv2d", in_channels=2, out_channels=4, kernel_size=[3, 2], stride=[2, 1], padding=[1, 2], dilation=[1, 2]),
                     [randn(2, 2, 7, 6, seed=7)], dtype=dt)
        forward_case(S("Conv2d", in_channels=4, out_channels=6, kernel_size=3, groups=2, bias=False), [randn(1, 4, 5, 5, seed=8)], dtype=dt)
        forward_case(S("Conv2d", in_channels=2, out_channels=3, kernel_size=[4, 3], padding="same", dilation=[1, 2]),
                     [randn(2, 2, 6, 7, seed=9)], dtype=dt)
        forward_case(S("Conv2d", in_channels=2, out_channels=3, kernel_size=3, padding="valid"), [randn(2, 5, 5, seed=10)], dtype=dt)
        for mode in ("reflect", "replicate", "circular"):
            forward_case(S("Conv2d", in_channels=2, out_channels=3, kernel_size=3, padding=[1, 2], padding_mode=mode), [randn(2, 2, 5, 6, seed=10)], dtype=dt)
            forward_case(S("Conv2d", in_channels=2, out_channels=2, kernel_size=[2, 3], padding="same", padding_mode=mode, bias=False),
                         [randn(1, 2, 4, 5, seed=10)], dtype=dt)
        forward_case(S("Conv1d", in_channels=2, out_channels=3, kernel_size=3, stride=2, padding=1), [randn(2, 2, 9, seed=11)], dtype=dt)
        forward_case(S("Conv1d", in_channels=4, out_channels=2, kernel_size=2, padding="same", dilation=3, groups=2), [randn(3, 4, 8, seed=12)], dtype=dt)
        forward_case(S("ConvTranspose2d", in_channels=2, out_channels=3, kernel_size=3), [randn(2, 2, 4, 5, seed=13)], dtype=dt)
        forward_case(S("ConvTranspose2d", in_channels=4, out_channels=2, kernel_size=[3, 2], stride=2, padding=1, output_padding=1, groups=2),
                     [randn(1, 4, 3, 4, seed=14)], dtype=dt)
        forward_case(S("ConvTranspose2d", in_channels=2, out_channels=2, kernel_size=3, stride=[1, 2], padding=2, dilation=2),
                     [randn(2, 2, 5, 5, seed=15)], dtype=dt)
        forward_case(S("MaxPool2d", kernel_size=2), [randn(2, 3, 6, 5, seed=16)], dtype=dt)
        forward_case(S("MaxPool2d", kernel_size=3, stride=2, padding=1), [randn(2, 2, 7, 7, seed=17)], dtype=dt)
        forward_case(S("MaxPool2d", kernel_size=[2, 3], stride=1, dilation=2), [randn(1, 2, 6, 8, seed=18)], dtype=dt)
        forward_case(S("MaxPool1d", kernel_size=3, stride=2, padding=1), [randn(2, 3, 9, seed=19)], dtype=dt)
        forward_case(S("AvgPool2d", kernel_size=2), [randn(2, 3, 6, 5, seed=20)], dtype=dt)
        forward_case(S("AvgPool2d", kernel_size=3, stride=2, padding=1), [randn(2, 2, 7, 7, seed=21)], dtype=dt)
        forward_case(S("AvgPool2d", kernel_size=3, stride=2, padding=1, count_include_pad=False), [randn(2, 2, 7, 7, seed=22)], dtype=dt)
        forward_case(S("MaxPool2d", kernel_size=3, stride=2, ceil_mode=True), [randn(2, 2, 8, 6, seed=40)], dtype=dt)
        forward_case(S("MaxPool2d", kernel_size=[3, 2], stride=[2, 3], padding=1, ceil_mode=True), [randn(1, 2, 6, 7, seed=41)], dtype=dt)
        forward_case(S("MaxPool1d", kernel_size=2, stride=2, ceil_mode=True), [randn(2, 3, 7, seed=42)], dtype=dt)
        forward_case(S("AvgPool2d", kernel_size=3, stride=2, ceil_mode=True), [randn(2, 2, 8, 6, seed=43)], dtype=dt)
        forward_case(S("AvgPool2d", kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), [randn(1, 2, 6, 7, seed=44)], dtype=dt)
        forward_case(S("AvgPool2d", kernel_size=3, stride=2, padding=1, ceil_mode=True), [randn(1, 2, 6, 7, seed=44)], dtype=dt)
        forward_case(S("AvgPool2d", kernel_size=2, padding=1, divisor_override=3), [randn(1, 2, 5, 5, seed=45)], dtype=dt)
        forward_case(S("AdaptiveAvgPool2d", output_size=[1, 1]), [randn(2, 3, 5, 4, seed=23)], dtype=dt)
        for kw in [dict(scale_factor=2.0), dict(scale_factor=1.5), dict(size=(7, 3)), dict(scale_factor=(2.0, 0.5)),
                   dict(scale_factor=2.0, mode="bilinear"), dict(scale_factor=1.7, mode="bilinear"), dict(size=(7, 3), mode="bilinear"),
                   dict(size=(7, 3), mode="bilinear", align_corners=True), dict(scale_factor=3.0, mode="bilinear", align_corners=True),
                   dict(size=(1, 5), mode="bilinear", align_corners=True)]:
            forward_case(S("Upsample", **kw), [randn(2, 2, 4, 5, seed=49)], dtype=dt)
        forward_case(S("AdaptiveAvgPool2d", output_size=[3, 2]), [randn(2, 3, 7, 5, seed=24)], dtype=dt)
        forward_case(S("AdaptiveAvgPool2d", output_size=2), [randn(2, 8, 6, seed=25)], dtype=dt)
        for train in (True, False):
            forward_case(S("BatchNorm2d", num_features=3), [randn(4, 3, 2, 3, seed=26)], dtype=dt, train=train)
            forward_case(S("BatchNorm1d", num_features=3), [randn(5, 3, seed=27)], dtype=dt, train=train)
            forward_case(S("BatchNorm1d", num_features=3, momentum=None), [randn(5, 3, 4, seed=28)], dtype=dt, train=train)
            forward_case(S("BatchNorm2d", num_features=2, affine=False, track_running_stats=False), [randn(3, 2, 2, 2, seed=29)], dtype=dt, train=train)
        forward_case(S("LayerNorm", normalized_shape=[4]), [randn(3, 4, seed=30)], dtype=dt)
        forward_case(S("LayerNorm", normalized_shape=[2, 3], elementwise_affine=False), [randn(4, 2, 3, seed=31)], dtype=dt)
        forward_case(S("GroupNorm", num_groups=2, num_channels=4), [randn(3, 4, 2, 3, seed=32)], dtype=dt)
        forward_case(S("Embedding", num_embeddings=6, embedding_dim=3), [torch.tensor([[1, 2, 4], [4, 0, 1]])], dtype=dt)
        forward_case(S("Embedding", num_embeddings=6, embedding_dim=3, padding_idx=1), [torch.tensor([1, 2, 1, 5])], dtype=dt)
        for act in [S("ReLU"), S("LeakyReLU", negative_slope=0.2), S("ELU", alpha=0.7), S("GELU"), S("GELU", approximate="tanh"),
                    S("SiLU"), S("Sigmoid"), S("Tanh"), S("Softmax", dim=1), S("LogSoftmax", dim=0), S("Softplus"),
                    S("Softplus", beta=2, threshold=1), S("ReLU6"), S("Hardtanh", min_val=-0.5, max_val=1.5), S("SELU"), S("Mish"),
                    S("Hardswish"), S("Hardsigmoid"), S("LogSigmoid"), S("PReLU"), S("PReLU", num_parameters=4, init=0.1), S("Identity"), S("Flatten"), S("Unflatten", dim=1, unflattened_size=[2, 2])]:
            forward_case(act, [randn(3, 4, seed=33) * 2], dtype=dt)
        for d in (1, 2, 3, 4):
            forward_case(S("Softmax"), [randn(*([3] * d), seed=39)], dtype=dt)
            forward_case(S("LogSoftmax"), [randn(*([2] * d), seed=39)], dtype=dt)
        for p in (0.0, 0.3, 1.0):
            forward_case(S("Dropout", p=p), [randn(4, 5, seed=34)], dtype=dt, seed=11)
        forward_case(S("Dropout", p=0.5), [randn(4, 5, seed=34)], dtype=dt, train=False)
        forward_case(S("Dropout2d", p=0.4), [randn(3, 4, 2, 2, seed=35)], dtype=dt, seed=12)
        forward_case(S("Dropout2d", p=0.4), [randn(4, 2, 2, seed=35)], dtype=dt, seed=13)
        forward_case(S("Net"), [randn(6, 2, seed=36)], dtype=dt)
        forward_case(S("CNN"), [randn(3, 1, 12, 12, seed=37)], dtype=dt, seed=5)
        forward_case(S("CNN"), [randn(3, 1, 12, 12, seed=37)], dtype=dt, train=False)
        forward_case(S("Sequential", modules=[S("Linear", in_features=4, out_features=3), S("ReLU"), S("Linear", in_features=3, out_features=2)]),
                     [randn(2, 4, seed=38)], dtype=dt)

    # ---------------------------------------------------------------- losses
    torch.manual_seed(3)
    x = torch.randn(4, 3, dtype=torch.float64)
    y = torch.randn(4, 3, dtype=torch.float64)
    prob = torch.rand(4, 3, dtype=torch.float64) * 0.98 + 0.01
    tgt01 = (torch.rand(4, 3) > 0.5).double()
    cls = torch.tensor([0, 2, 1, 2])
    cls_ign = torch.tensor([0, -100, 1, 2])
    soft = torch.softmax(torch.randn(4, 3, dtype=torch.float64), 1)
    x4 = torch.randn(2, 3, 2, 2, dtype=torch.float64)
    cls4 = torch.randint(0, 3, (2, 2, 2))
    for dt in (torch.float32, torch.float64):
        for red in ("mean", "sum", "none"):
            forward_case(S("MSELoss", reduction=red), [x], target=y.to(dt), dtype=dt)
            forward_case(S("L1Loss", reduction=red), [x], target=y.to(dt), dtype=dt)
            forward_case(S("SmoothL1Loss", reduction=red), [x], target=y.to(dt), dtype=dt)
            forward_case(S("SmoothL1Loss", reduction=red, beta=0.5), [x], target=y.to(dt), dtype=dt)
            forward_case(S("HuberLoss", reduction=red), [x], target=y.to(dt), dtype=dt)
            forward_case(S("HuberLoss", reduction=red, delta=0.7), [x * 2], target=y.to(dt), dtype=dt)
            forward_case(S("BCELoss", reduction=red), [prob], target=tgt01.to(dt), dtype=dt)
            forward_case(S("BCELoss", reduction=red, weight=[0.5, 1.0, 2.0]), [prob], target=prob.flip(0).to(dt), dtype=dt)
            forward_case(S("BCEWithLogitsLoss", reduction=red), [x * 3], target=tgt01.to(dt), dtype=dt)
            forward_case(S("BCEWithLogitsLoss", reduction=red, pos_weight=[1.0, 3.0, 0.5]), [x * 3], target=prob.to(dt), dtype=dt)
            forward_case(S("CrossEntropyLoss", reduction=red), [x], target=cls, dtype=dt)
            forward_case(S("CrossEntropyLoss", reduction=red, weight=[1.0, 2.0, 0.5]), [x], target=cls_ign, dtype=dt)
            forward_case(S("CrossEntropyLoss", reduction=red, label_smoothing=0.2), [x], target=cls_ign, dtype=dt)
            forward_case(S("CrossEntropyLoss", reduction=red, label_smoothing=0.1, weight=[1.0, 2.0, 0.5]), [x], target=cls_ign, dtype=dt)
            forward_case(S("CrossEntropyLoss", reduction=red, ignore_index=2), [x4], target=cls4, dtype=dt)
            forward_case(S("CrossEntropyLoss", reduction=red), [x], target=soft.to(dt), dtype=dt)
            forward_case(S("CrossEntropyLoss", reduction=red, label_smoothing=0.3, weight=[1.0, 2.0, 0.5]), [x], target=soft.to(dt), dtype=dt)
            forward_case(S("CrossEntropyLoss", reduction=red), [x[0]], target=torch.tensor(1), dtype=dt)
            forward_case(S("NLLLoss", reduction=red), [torch.log_softmax(x, 1)], target=cls, dtype=dt)
            forward_case(S("NLLLoss", reduction=red, weight=[1.0, 2.0, 0.5], ignore_index=1), [torch.log_softmax(x, 1)], target=cls, dtype=dt)
            forward_case(S("KLDivLoss", reduction=red), [torch.log_softmax(x, 1)], target=soft.to(dt), dtype=dt)
            forward_case(S("KLDivLoss", reduction=red, log_target=True), [torch.log_softmax(x, 1)], target=soft.log().to(dt), dtype=dt)
        forward_case(S("KLDivLoss", reduction="batchmean"), [torch.log_softmax(x, 1)], target=soft.to(dt), dtype=dt)
    # other dtypes of pooling
    forward_case(S("MaxPool2d", kernel_size=2), [randn(2, 3, 4, 4, seed=46)], dtype=torch.bfloat16, grad=False)
    forward_case(S("AvgPool2d", kernel_size=2, padding=1), [randn(2, 3, 4, 4, seed=46)], dtype=torch.bfloat16, grad=False)
    forward_case(S("AvgPool2d", kernel_size=2, padding=1), [(randn(2, 3, 4, 4, seed=47) * 10).long()], grad=False)
    forward_case(S("AvgPool2d", kernel_size=3, stride=2, padding=1, count_include_pad=False), [(randn(1, 2, 5, 5, seed=48) * 10).long()], grad=False)
    forward_case(S("MaxPool2d", kernel_size=2), [randn(2, 3, 4, 4, seed=46)], dtype=torch.float16, grad=False, tag="half")
    forward_case(S("MaxPool2d", kernel_size=2), [(randn(2, 3, 4, 4, seed=46) * 10).long()], grad=False, tag="long")
    forward_case(S("AvgPool2d", kernel_size=2), [randn(2, 3, 4, 4, seed=46)], dtype=torch.float16, grad=False, tag="half")
    # errors
    forward_case(S("CrossEntropyLoss"), [x], target=torch.tensor([0, 3, 1, 2]), tag="oob")
    forward_case(S("BCELoss"), [x], target=tgt01.float(), tag="range")
    forward_case(S("BCELoss"), [prob[:, :1]], target=tgt01[:, 0].float(), tag="shape")
    forward_case(S("Linear", in_features=3, out_features=4), [randn(5, 2, seed=1)], tag="mm")
    forward_case(S("Conv2d", in_channels=2, out_channels=3, kernel_size=3), [randn(1, 3, 5, 5, seed=1)], tag="channels")
    forward_case(S("BatchNorm1d", num_features=3), [randn(1, 3, seed=1)], tag="one-value")

    rnns()
    attention()
    training()
    misc()
    with open(os.path.join(OUT, "nn.jsonl"), "w") as f:
        for c in cases:
            f.write(__import__("json").dumps(c, allow_nan=False) + "\n")
    print("nn.jsonl", len(cases))


def rnn_case(spec, x, states, train=False, dtype=torch.float32, seed=3):
    torch.manual_seed(100)
    m = build(spec)
    with torch.no_grad():
        for p in m.parameters():
            p.add_(torch.randn(p.shape) * 0.1)
    m = m.to(dtype)
    m.train(train)
    x = x.to(dtype).clone().requires_grad_(True)
    st = [s_.to(dtype).clone().requires_grad_(True) for s_ in states]
    rec = {"kind": "rnn", "spec": spec, "dtype": str(dtype)[6:], "train": train, "seed": seed,
           "state": encode_sd(m.state_dict()), "x": enc(x), "states": [enc(s_) for s_ in st]}
    torch.manual_seed(seed)
    if spec["type"] == "LSTMCell":
        h, c = m(x, tuple(st) if st else None)
        outs = [h, c]
    elif spec["type"] == "LSTM":
        out, (h, c) = m(x, tuple(st) if st else None)
        outs = [out, h, c]
    else:
        out, h = m(x, st[0] if st else None)
        outs = [out, h]
    rec["outs"] = [enc(o) for o in outs]
    gouts = [gout_for(o) for o in outs]
    loss = sum((o * g).sum() for o, g in zip(outs, gouts))
    leaves = [x] + st + [p for _, p in m.named_parameters()]
    grads = torch.autograd.grad(loss, leaves, allow_unused=True)
    rec["gouts"] = [enc(g) for g in gouts]
    rec["grads"] = [enc(g) if g is not None else None for g in grads]
    rec["param_names"] = [k for k, _ in m.named_parameters()]
    cases.append(rec)


def rnns():
    for spec in [S("RNNCell", input_size=3, hidden_size=4), S("LSTMCell", input_size=3, hidden_size=4), S("GRUCell", input_size=2, hidden_size=3),
                 S("RNN", input_size=3, hidden_size=4), S("LSTM", input_size=3, hidden_size=4, num_layers=2),
                 S("GRU", input_size=2, hidden_size=3, bidirectional=True)]:
        init_case(spec, 0)
    for spec in [S("RNN", input_size=2, hidden_size=3), S("RNN", input_size=2, hidden_size=3, nonlinearity="relu", num_layers=2, bias=False),
                 S("LSTM", input_size=2, hidden_size=3, num_layers=2, batch_first=True, bidirectional=True),
                 S("LSTM", input_size=2, hidden_size=3, dropout=0.5, num_layers=2), S("GRU", input_size=2, hidden_size=3, batch_first=True),
                 S("RNNCell", input_size=2, hidden_size=3, nonlinearity="relu", bias=False), S("LSTMCell", input_size=2, hidden_size=3),
                 S("GRUCell", input_size=2, hidden_size=3, bias=False), S("HuberLoss")]:
        repr_case(spec)
    L, N, I, H = 5, 3, 2, 4
    for dt in (torch.float32, torch.float64):
        torch.manual_seed(21)
        x = torch.randn(L, N, I, dtype=torch.float64)
        xb = torch.randn(N, L, I, dtype=torch.float64)
        xu = torch.randn(L, I, dtype=torch.float64)
        h1 = torch.randn(1, N, H, dtype=torch.float64)
        h4 = torch.randn(4, N, H, dtype=torch.float64)
        c4 = torch.randn(4, N, H, dtype=torch.float64)
        rnn_case(S("RNN", input_size=I, hidden_size=H), x, [], dtype=dt)
        rnn_case(S("RNN", input_size=I, hidden_size=H), x, [h1], dtype=dt)
        rnn_case(S("RNN", input_size=I, hidden_size=H, nonlinearity="relu", num_layers=2, bidirectional=True, bias=False), x, [h4], dtype=dt)
        rnn_case(S("RNN", input_size=I, hidden_size=H), xu, [h1[:, 0]], dtype=dt)
        rnn_case(S("LSTM", input_size=I, hidden_size=H), x, [], dtype=dt)
        rnn_case(S("LSTM", input_size=I, hidden_size=H, num_layers=2, bidirectional=True), x, [h4, c4], dtype=dt)
        rnn_case(S("LSTM", input_size=I, hidden_size=H, num_layers=2, bidirectional=True, batch_first=True), xb, [h4, c4], dtype=dt)
        rnn_case(S("LSTM", input_size=I, hidden_size=H, num_layers=2, dropout=0.4), x, [], dtype=dt, train=True, seed=8)
        rnn_case(S("GRU", input_size=I, hidden_size=H), x, [h1], dtype=dt)
        rnn_case(S("GRU", input_size=I, hidden_size=H, num_layers=4, batch_first=True), xb, [h4], dtype=dt)
        rnn_case(S("GRU", input_size=I, hidden_size=H, num_layers=2, bidirectional=True), xu, [h4[:, 0]], dtype=dt)
        hc = torch.randn(N, H, dtype=torch.float64)
        cc = torch.randn(N, H, dtype=torch.float64)
        forward_case(S("RNNCell", input_size=I, hidden_size=H), [x[0]], dtype=dt)
        forward_case(S("RNNCell", input_size=I, hidden_size=H, nonlinearity="relu", bias=False), [x[0], hc], dtype=dt)
        forward_case(S("GRUCell", input_size=I, hidden_size=H), [x[0], hc], dtype=dt)
        forward_case(S("GRUCell", input_size=I, hidden_size=H), [x[0, 0]], dtype=dt)
        rnn_case(S("LSTMCell", input_size=I, hidden_size=H), x[0], [hc, cc], dtype=dt)
        rnn_case(S("LSTMCell", input_size=I, hidden_size=H, bias=False), x[0, 0], [], dtype=dt)


def mha_case(spec, q, k, v, kpm=None, mask=None, need_weights=True, average=True, train=False, dtype=torch.float32, seed=4):
    torch.manual_seed(100)
    m = build(spec)
    with torch.no_grad():
        for p in m.parameters():
            p.add_(torch.randn(p.shape) * 0.1)
    m = m.to(dtype)
    m.train(train)
    same = k is None
    q = q.to(dtype).clone().requires_grad_(True)
    leaves = [q]
    if not same:
        k = k.to(dtype).clone().requires_grad_(True)
        v = v.to(dtype).clone().requires_grad_(True)
        leaves += [k, v]
    if mask is not None and mask.dtype.is_floating_point:
        mask = mask.to(dtype)
    rec = {"kind": "mha", "spec": spec, "dtype": str(dtype)[6:], "train": train, "seed": seed, "state": encode_sd(m.state_dict()),
           "inputs": [enc(x) for x in leaves], "kpm": enc(kpm) if kpm is not None else None,
           "mask": enc(mask) if mask is not None else None, "need_weights": need_weights, "average": average}
    torch.manual_seed(seed)
    out, w = m(q, q if same else k, q if same else v, key_padding_mask=kpm, need_weights=need_weights, attn_mask=mask,
               average_attn_weights=average)
    outs = [out] + ([w] if need_weights else [])
    rec["outs"] = [enc(o) for o in outs]
    gouts = [gout_for(o) for o in outs]
    loss = sum((o * g).sum() for o, g in zip(outs, gouts))
    grads = torch.autograd.grad(loss, leaves + [p for _, p in m.named_parameters()], allow_unused=True)
    rec["gouts"] = [enc(g) for g in gouts]
    rec["grads"] = [enc(g) if g is not None else None for g in grads]
    rec["param_names"] = [k_ for k_, _ in m.named_parameters()]
    cases.append(rec)


def attention():
    init_case(S("MultiheadAttention", embed_dim=4, num_heads=2), 0)
    init_case(S("TransformerEncoderLayer", d_model=4, nhead=2, dim_feedforward=8), 0)
    repr_case(S("MultiheadAttention", embed_dim=4, num_heads=2))
    repr_case(S("TransformerEncoderLayer", d_model=4, nhead=2, dim_feedforward=8))
    for seed in (0, 1):
        init_case(S("TransformerEncoder", layer=S("TransformerEncoderLayer", d_model=4, nhead=2, dim_feedforward=8), num_layers=3, norm=True), seed)
    repr_case(S("TransformerEncoder", layer=S("TransformerEncoderLayer", d_model=4, nhead=2, dim_feedforward=8), num_layers=2))
    L, S_, N, E = 3, 4, 2, 6
    for dt in (torch.float32, torch.float64):
        torch.manual_seed(31)
        q = torch.randn(L, N, E, dtype=torch.float64)
        k = torch.randn(S_, N, E, dtype=torch.float64)
        v = torch.randn(S_, N, E, dtype=torch.float64)
        kpm = torch.tensor([[False, False, True, False], [False, True, False, False]])
        bmask = torch.tensor([[False, True, False, False], [False, False, False, True], [True, False, False, False]])
        fmask = torch.randn(L, S_, dtype=torch.float64)
        mha = S("MultiheadAttention", embed_dim=E, num_heads=3)
        mha_case(mha, q, k, v, dtype=dt)
        mha_case(mha, q, None, None, dtype=dt)
        mha_case(mha, q, k, v, kpm=kpm, dtype=dt)
        mha_case(mha, q, k, v, mask=bmask, average=False, dtype=dt)
        mha_case(mha, q, k, v, mask=fmask, kpm=kpm, need_weights=False, dtype=dt)
        mha_case(S("MultiheadAttention", embed_dim=E, num_heads=2, batch_first=True, bias=False), q.transpose(0, 1), k.transpose(0, 1),
                 v.transpose(0, 1), dtype=dt)
        mha_case(mha, q[:, 0], k[:, 0], v[:, 0], dtype=dt)
        mha_case(S("MultiheadAttention", embed_dim=E, num_heads=2, dropout=0.3), q, k, v, train=True, dtype=dt)
        for kw in [dict(), dict(norm_first=True, activation="gelu"), dict(batch_first=True)]:
            forward_case(S("TransformerEncoderLayer", d_model=E, nhead=2, dim_feedforward=8, **kw), [q], dtype=dt, train=False)
        forward_case(S("TransformerEncoderLayer", d_model=E, nhead=3, dim_feedforward=5, dropout=0.2), [q], dtype=dt, train=True, seed=17)
        enc_spec = S("TransformerEncoder", layer=S("TransformerEncoderLayer", d_model=E, nhead=2, dim_feedforward=8), num_layers=2, norm=True)
        forward_case(enc_spec, [q], dtype=dt, train=False)
        forward_case(enc_spec, [q], dtype=dt, train=True, seed=19)


def training():
    """Plain SGD loops (p -= lr * grad) on seeded models: losses per step and the final state_dict."""
    def run(spec, x, y, loss_fn, steps, lr, seed):
        torch.manual_seed(seed)
        m = build(spec)
        m.train()
        losses = []
        for _ in range(steps):
            m.zero_grad()
            loss = loss_fn(m(x), y)
            loss.backward()
            with torch.no_grad():
                for p in m.parameters():
                    p.sub_(p.grad * lr)
            losses.append(loss.item())
        cases.append({"kind": "train", "spec": spec, "seed": seed, "steps": steps, "lr": lr, "loss": loss_fn.__class__.__name__,
                      "x": enc(x), "y": enc(y), "losses": losses, "state_after": encode_sd(m.state_dict())})
    torch.manual_seed(50)
    # make_blobs-like data: two Gaussian clusters
    x = torch.cat([torch.randn(40, 2) * 0.6 + torch.tensor([1.5, 1.0]), torch.randn(40, 2) * 0.6 - torch.tensor([1.0, 1.5])])
    y = torch.cat([torch.ones(40, 1), torch.zeros(40, 1)])
    run(S("Net"), x, y, nn.BCELoss(), 60, 0.5, 0)
    xi = torch.randn(16, 1, 12, 12)
    yi = torch.randint(0, 3, (16,))
    run(S("CNN"), xi, yi, nn.CrossEntropyLoss(), 8, 0.05, 1)


def load_error(spec, edit, strict=True):
    m = build(spec)
    sd = m.state_dict()
    sd = edit(dict(sd))
    rec = {"kind": "load", "spec": spec, "strict": strict, "state": encode_sd(sd)}
    try:
        r = m.load_state_dict(sd, strict=strict)
        rec["result"] = repr(r)
    except Exception as e:  # noqa: BLE001
        rec["error"] = str(e)
    cases.append(rec)


def misc():
    def drop(*keys):
        def f(sd):
            for k in keys:
                del sd[k]
            return sd
        return f

    def add(key, shape):
        def f(sd):
            sd[key] = torch.zeros(shape)
            return sd
        return f

    def resize(key, shape):
        def f(sd):
            sd[key] = torch.zeros(shape)
            return sd
        return f
    load_error(S("Net"), drop("fc1.bias"))
    load_error(S("Net"), drop("fc1.bias", "fc2.weight"))
    load_error(S("Net"), add("fc3.weight", [2]))
    load_error(S("Net"), lambda sd: add("extra", [1])(drop("fc2.bias")(sd)))
    load_error(S("Net"), resize("fc1.weight", [5, 3]))
    load_error(S("Net"), lambda sd: resize("fc2.bias", [2])(drop("fc1.bias")(sd)))
    load_error(S("Net"), lambda sd: add("extra", [1])(drop("fc2.bias")(sd)), strict=False)
    load_error(S("Net"), lambda sd: sd)
    load_error(S("CNN"), drop("bn1.num_batches_tracked", "bn1.running_var"))

    # Parameter repr
    for seed in (0, 3):
        torch.manual_seed(seed)
        lin = nn.Linear(2, 3)
        cases.append({"kind": "param_repr", "seed": seed, "weight": repr(lin.weight), "bias": repr(lin.bias)})

    # init functions on fresh tensors, after a seed
    for fn, shape, kw in [("xavier_uniform_", [4, 3], {}), ("xavier_uniform_", [5, 2, 3, 3], {"gain": 2.0}),
                          ("xavier_normal_", [4, 3], {}), ("kaiming_uniform_", [6, 4], {}),
                          ("kaiming_uniform_", [3, 2, 2], {"a": 0.5, "mode": "fan_out", "nonlinearity": "leaky_relu"}),
                          ("kaiming_normal_", [6, 4], {}), ("kaiming_normal_", [6, 4], {"mode": "fan_out", "nonlinearity": "relu"}),
                          ("uniform_", [3, 3], {"a": -2.0, "b": 5.0}), ("normal_", [7], {"mean": 1.0, "std": 0.5}),
                          ("trunc_normal_", [50], {}), ("trunc_normal_", [4, 5], {"mean": 0.5, "std": 2.0, "a": -1.0, "b": 3.0}),
                          ("constant_", [2, 2], {"val": 0.3}), ("zeros_", [2, 3], {}), ("ones_", [2, 3], {})]:
        torch.manual_seed(5)
        t = torch.empty(shape)
        getattr(nn.init, fn)(t, **kw)
        cases.append({"kind": "init_fn", "fn": fn, "shape": shape, "kw": kw, "out": enc(t)})
    for nl, param in [("linear", None), ("sigmoid", None), ("tanh", None), ("relu", None), ("leaky_relu", None), ("leaky_relu", 0.2),
                      ("selu", None), ("conv2d", None)]:
        cases.append({"kind": "gain", "nonlinearity": nl, "param": param, "out": nn.init.calculate_gain(nl, param)})

    # gradient clipping
    torch.manual_seed(9)
    for max_norm, norm_type in [(1.0, 2.0), (100.0, 2.0), (0.5, 1.0), (0.3, float("inf")), (2.0, 3.0)]:
        ps = [torch.randn(3, 2, requires_grad=True), torch.randn(4, requires_grad=True)]
        for p in ps:
            p.grad = torch.randn(p.shape)
        grads = [enc(p.grad) for p in ps]
        total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
        cases.append({"kind": "clip_norm", "grads": grads, "max_norm": max_norm, "norm_type": "inf" if math.isinf(norm_type) else norm_type,
                      "total": enc(total), "after": [enc(p.grad) for p in ps]})
    ps = [torch.randn(3, 2, requires_grad=True)]
    ps[0].grad = torch.randn(3, 2)
    g0 = enc(ps[0].grad)
    torch.nn.utils.clip_grad_value_(ps, 0.5)
    cases.append({"kind": "clip_value", "grads": [g0], "clip": 0.5, "after": [enc(ps[0].grad)]})

    # binary cross entropy with a target that requires grad
    torch.manual_seed(12)
    xb = torch.rand(3, 4, dtype=torch.float64) * 0.9 + 0.05
    tb = torch.rand(3, 4, dtype=torch.float64)
    wb = torch.rand(4, dtype=torch.float64) + 0.5
    for red in ("mean", "sum", "none"):
        for w in (None, wb):
            xx = xb.clone().requires_grad_(True)
            tt = tb.clone().requires_grad_(True)
            out = F.binary_cross_entropy(xx, tt, w.expand(3, 4) if w is not None else None, reduction=red)
            g = gout_for(out)
            out.backward(g)
            cases.append({"kind": "functional", "fn": "bce_target", "args": [], "reduction": red, "weight": enc(w) if w is not None else None,
                          "in": enc(xb), "target": enc(tb), "out": enc(out), "gout": enc(g), "grad": enc(xx.grad), "grad_target": enc(tt.grad)})

    # parameters as a vector, padded sequences
    torch.manual_seed(14)
    net = Net()
    vec = torch.nn.utils.parameters_to_vector(net.parameters())
    torch.manual_seed(15)
    new = torch.randn(vec.shape)
    torch.nn.utils.vector_to_parameters(new, net.parameters())
    cases.append({"kind": "param_vector", "seed": 14, "vector": enc(vec), "new": enc(new), "state_after": encode_sd(net.state_dict())})
    seqs = [torch.randn(3, 2, dtype=torch.float64), torch.randn(5, 2, dtype=torch.float64), torch.randn(1, 2, dtype=torch.float64)]
    for bf, pv in [(False, 0.0), (True, -1.5)]:
        ss = [q.clone().requires_grad_(True) for q in seqs]
        out = torch.nn.utils.rnn.pad_sequence(ss, batch_first=bf, padding_value=pv)
        g = gout_for(out)
        out.backward(g)
        cases.append({"kind": "pad_sequence", "seqs": [enc(q) for q in seqs], "batch_first": bf, "value": pv, "out": enc(out), "gout": enc(g),
                      "grads": [enc(q.grad) for q in ss]})

    # functional forms not covered by modules
    torch.manual_seed(11)
    x = torch.randn(2, 3, 4, 5, dtype=torch.float64)
    for pad, val in [((1, 2), 0.0), ((1, 1, 2, 0), 1.5), ((0, 0, 0, 0, 1, 1), -1.0), ((-1, 2, 1, -2), 0.0)]:
        xx = x.clone().requires_grad_(True)
        out = F.pad(xx, pad, value=val)
        g = gout_for(out)
        out.backward(g)
        cases.append({"kind": "functional", "fn": "pad", "args": list(pad), "value": val, "in": enc(x), "out": enc(out), "gout": enc(g), "grad": enc(xx.grad)})
    pad_modes = [("reflect", (2, 3, 5), (2, 1)), ("replicate", (2, 3, 5), (3, 0)), ("circular", (2, 3, 5), (2, 4)),
                 ("reflect", (2, 3, 4, 5), (1, 2, 3, 0)), ("replicate", (3, 4, 5), (2, 2, 1, 1)),
                 ("circular", (1, 2, 4, 5), (1, 2, 3, 1)), ("reflect", (1, 2, 3, 4, 5), (1, 1, 2, 0, 1, 2)),
                 ("replicate", (2, 3, 3, 4), (2, 1, 0, 4)), ("reflect", (1, 1, 3, 3), (3, 3, 0, 0)),
                 ("reflect", (1, 1, 3, 3), (1, 1)), ("circular", (1, 1, 3, 3), (4, 0, 0, 0)), ("foo", (1, 1, 3, 3), (1, 1, 1, 1))]
    for mode, shape, pad in pad_modes:
        torch.manual_seed(len(cases))
        xin = torch.randn(*shape, dtype=torch.float64)
        xx = xin.clone().requires_grad_(True)
        rec = {"kind": "functional", "fn": "pad_mode", "args": list(pad), "mode": mode, "in": enc(xin)}
        try:
            out = F.pad(xx, pad, mode=mode)
        except Exception as e:  # noqa: BLE001
            rec["error"] = str(e)
            rec["etype"] = type(e).__name__
            cases.append(rec)
            continue
        g = gout_for(out)
        out.backward(g)
        rec.update({"out": enc(out), "gout": enc(g), "grad": enc(xx.grad)})
        cases.append(rec)
    torch.manual_seed(13)
    a = torch.randn(3, 4, 2, dtype=torch.float64)
    b = torch.randn(3, 4, 2, dtype=torch.float64)
    for fn, kw in [("normalize", {}), ("normalize", {"p": 1.0, "dim": 2, "eps": 0.5}), ("cosine_similarity", {}),
                   ("cosine_similarity", {"dim": 2, "eps": 1e-8}), ("cosine_similarity", {"dim": 0, "eps": 3.0})]:
        aa = a.clone().requires_grad_(True)
        bb = b.clone().requires_grad_(True)
        out = F.normalize(aa, **kw) if fn == "normalize" else F.cosine_similarity(aa, bb, **kw)
        g = gout_for(out)
        out.backward(g)
        cases.append({"kind": "functional", "fn": fn, "args": [], "kw": kw, "in": enc(a), "other": enc(b), "out": enc(out), "gout": enc(g),
                      "grad": enc(aa.grad), "grad_other": enc(bb.grad) if bb.grad is not None else None})
    for t, n in [(torch.tensor([0, 2, 1, 2]), -1), (torch.tensor([[0, 1], [3, 1]]), 5), (torch.tensor([0, 5]), 3), (torch.tensor([-1, 0]), 3)]:
        rec = {"kind": "functional", "fn": "one_hot", "args": [n], "in": enc(t)}
        try:
            rec["out"] = enc(F.one_hot(t, n))
        except Exception as e:  # noqa: BLE001
            rec["error"] = str(e)
        cases.append(rec)
    ties = torch.tensor([[1.0, 3.0, 3.0, 0.0, float("nan")], [3.0, 2.0, 1.0, float("nan"), 5.0], [-1.0, -1.0, 7.0, 7.0, 2.0],
                         [float("-inf"), float("-inf"), 0.0, 0.0, 0.0]], dtype=torch.float64).view(1, 1, 4, 5)
    for xin in (x, ties):
        for k, s_, p_, d_ in [(2, 2, 0, 1), (3, 2, 1, 1), (2, 1, 1, 2)]:
            out, idx = F.max_pool2d(xin, k, s_, p_, d_, return_indices=True)
            cases.append({"kind": "functional", "fn": "max_pool2d_with_indices", "args": [k, s_, p_, d_], "in": enc(xin), "out": enc(out),
                          "indices": enc(idx)})


if __name__ == "__main__":
    main()
