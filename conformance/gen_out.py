#!/usr/bin/env python3
"""Golden cases for the out= forms (jtorch's Torch.add(a, b, out) ...): values, dtypes, out's shape and
strides afterwards (resizing), version-counter steps, aliasing and PyTorch's errors, from real PyTorch.

Each case: op, inputs ("in"), args, the out tensor given ("outin", or "alias": index of the input that is
out), flags (requires grad on an input or on out, no_grad), then either "out" (out's value after the call),
"strides", "vdelta" (out._version steps) and "same" (the call returned out), or "error"/"etype".
Writes jtorch-core/src/test/resources/golden/out_ops.jsonl.
"""
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(__file__))
from golden_lib import ETYPES, enc, enc_arg, make_nc, NC  # noqa: E402

warnings.simplefilter("ignore")
torch.manual_seed(0)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "jtorch-core/src/test/resources/golden/out_ops.jsonl")


def call(op, ins, args, out):
    a = ins[0]
    b = ins[1] if len(ins) > 1 else None
    if op in ("add", "sub"):
        return getattr(torch, op)(a, b, alpha=args.get("alpha", 1), out=out)
    if op == "mul":
        return torch.mul(a, b, out=out)
    if op == "div":
        return torch.div(a, b, rounding_mode=args.get("mode"), out=out)
    if op in ("exp", "log", "sqrt", "neg", "abs", "sigmoid", "tanh"):
        return getattr(torch, op)(a, out=out)
    if op in ("sum", "mean"):
        kw = {}
        if "dtype" in args:
            kw["dtype"] = getattr(torch, args["dtype"])
        return getattr(torch, op)(a, tuple(args["dims"]), args["keepdim"], out=out, **kw)
    if op in ("mm", "matmul"):
        return getattr(torch, op)(a, b, out=out)
    raise KeyError(op)


cases = []


def case(op, inputs, out=None, alias=None, grad=None, out_grad=False, no_grad=False, **args):
    rec = {"op": op, "in": [enc(x) for x in inputs], "args": {k: enc_arg(v) for k, v in args.items()}}
    ins = []
    for x in inputs:
        if isinstance(x, NC):
            x = make_nc(x.t.clone())
        elif isinstance(x, torch.Tensor):
            x = x.clone()
        ins.append(x)
    if grad is not None:
        ins[grad] = ins[grad].detach().requires_grad_(True)
        rec["grad"] = grad
    if alias is not None:
        o = ins[alias]
        rec["alias"] = alias
    else:
        rec["outin"] = enc(out)
        o = make_nc(out.t.clone()) if isinstance(out, NC) else out.clone()
        if out_grad:
            o.requires_grad_(True)
            rec["out_grad"] = True
    if no_grad:
        rec["no_grad"] = True
    v0 = o._version
    try:
        if no_grad:
            with torch.no_grad():
                r = call(op, ins, args, o)
        else:
            r = call(op, ins, args, o)
    except Exception as e:  # noqa: BLE001 - PyTorch's error is the expected result
        rec["error"] = str(e).split("\n")[0]
        rec["etype"] = ETYPES.get(type(e), type(e).__name__)
        cases.append(rec)
        return
    rec["out"] = enc(o)
    rec["strides"] = list(o.stride())
    rec["vdelta"] = o._version - v0
    rec["same"] = r is o
    cases.append(rec)


def e(*shape, dtype=torch.float32):
    return torch.empty(shape, dtype=dtype)


f32, f64, i64, i32, b8 = torch.float32, torch.float64, torch.int64, torch.int32, torch.bool
x = torch.randn(3, 4)
y = torch.randn(3, 4)
pos = torch.rand(3, 4) + 0.1
xi = torch.randint(-5, 6, (3, 4))
yi = torch.randint(1, 6, (3, 4))
xd = torch.randn(2, 5, dtype=f64)

# binary: right out, empty out (resize without warning), wrong-size out (resize), dtype casts, errors
for op in ("add", "sub", "mul", "div"):
    case(op, [x, y], e(3, 4))
    case(op, [x, y], e(0))
    case(op, [x, y], torch.zeros(5))
    case(op, [x, y], e(3, 4, dtype=f64))
    case(op, [x, y], e(3, 4, dtype=i64))
    case(op, [xi, yi], e(3, 4, dtype=i64))
    case(op, [xi, yi], e(3, 4, dtype=f32))
    case(op, [xi, yi], e(3, 4, dtype=i32))
    case(op, [xi, yi], e(3, 4, dtype=b8))
    case(op, [x, torch.randn(4)], e(0))
    case(op, [torch.randn(3, 1), torch.randn(4)], e(3, 4))
    case(op, [NC(x), y], NC(torch.zeros(3, 4)))
    case(op, [x, y], NC(torch.zeros(4, 3)))
    case(op, [x, y], None, alias=0)
    case(op, [x, y], None, alias=1)
    case(op, [x, 2.5], e(3, 4))
    case(op, [xi, 2], e(3, 4, dtype=i64))
    case(op, [xi, 2.5], e(3, 4, dtype=i64))
    case(op, [xd, xd], e(2, 5))
    case(op, [x, y], e(3, 4), grad=0)
    case(op, [x, y], e(3, 4), grad=1, no_grad=True)
    case(op, [x, y], torch.zeros(3, 4), out_grad=True)
    case(op, [x, torch.randn(5)], e(3, 4))
    case(op, [torch.randn(1, 4), torch.randn(3, 4)], None, alias=0)
for op in ("add", "sub"):
    case(op, [x, y], e(3, 4), alpha=2.5)
    case(op, [xi, yi], e(3, 4, dtype=i64), alpha=3)
    case(op, [xi, yi], e(3, 4, dtype=i64), alpha=1.5)
case("sub", [torch.tensor([True, False]), torch.tensor([True, True])], e(2, dtype=b8))
case("add", [torch.tensor([True, False]), torch.tensor([True, True])], e(2, dtype=b8))
case("mul", [torch.tensor([True, False]), torch.tensor([True, True])], e(2, dtype=b8))
case("div", [xi, yi], e(3, 4), mode="floor")
case("div", [xi, yi], e(3, 4, dtype=i64), mode="trunc")
case("div", [x, y], e(0), mode="floor")
case("div", [x, y], e(3, 4, dtype=i64), mode="floor")
case("div", [torch.tensor([1, -1, 0]), torch.tensor([0, 0, 0])], e(3))
ar = torch.arange(6.)
case("add", [ar[:4], 1.0], None, alias=0)

# unary
for op in ("exp", "log", "sqrt", "sigmoid", "tanh", "neg", "abs"):
    src = pos if op in ("log", "sqrt") else x
    case(op, [src], e(3, 4))
    case(op, [src], e(0))
    case(op, [src], torch.zeros(2))
    case(op, [src], e(3, 4, dtype=f64))
    case(op, [src], e(3, 4, dtype=i64))
    case(op, [yi], e(3, 4))
    case(op, [yi], e(3, 4, dtype=i64))
    case(op, [NC(src)], e(3, 4))
    case(op, [src], NC(torch.zeros(4, 3)))
    case(op, [src], None, alias=0)
    case(op, [src], e(3, 4), grad=0)
    case(op, [src], e(3, 4), grad=0, no_grad=True)
    case(op, [src], torch.zeros(3, 4), out_grad=True)
    case(op, [xd.abs() + 0.5], e(2, 5, dtype=f64))
case("neg", [torch.tensor([True])], e(1, dtype=b8))
case("abs", [torch.tensor([True])], e(1, dtype=b8))
case("exp", [torch.tensor([True, False])], e(2))

# reductions
z = torch.randn(2, 3, 4)
for op in ("sum", "mean"):
    for dims in ([1], [0, 2], [], [-1]):
        for keepdim in (False, True):
            case(op, [z], e(0), dims=dims, keepdim=keepdim)
    case(op, [z], e(3, 4), dims=[0], keepdim=False)
    case(op, [z], torch.zeros(7), dims=[0], keepdim=False)
    case(op, [z], e(2, 4, dtype=f64), dims=[1], keepdim=False)
    case(op, [z], e(2, 4, dtype=i64), dims=[1], keepdim=False)
    case(op, [z], e(0, dtype=f64), dims=[1], keepdim=False, dtype="float64")
    case(op, [z], e(0), dims=[1], keepdim=False, dtype="float64")
    case(op, [xi], e(0), dims=[1], keepdim=False)
    case(op, [xi], e(0, dtype=i64), dims=[1], keepdim=False)
    case(op, [xi], e(0, dtype=f64), dims=[1], keepdim=False, dtype="float64")
    case(op, [NC(x)], e(0), dims=[0], keepdim=False)
    case(op, [x], NC(torch.zeros(2, 3)), dims=[1], keepdim=False)
    case(op, [z], e(0), dims=[1], keepdim=False, grad=0)
    case(op, [z], e(0), dims=[1], keepdim=False, grad=0, no_grad=True)
    case(op, [z], torch.zeros(2, 4), dims=[1], keepdim=False, out_grad=True)
    case(op, [torch.randn(1000)], e(0), dims=[0], keepdim=False)
    case(op, [torch.tensor([[0.6, 0.6], [1.5, 2.5]])], e(0, dtype=i64), dims=[1], keepdim=False)
    case(op, [torch.tensor([[True, True, False]])], e(0, dtype=i32), dims=[1], keepdim=False)
    case(op, [torch.randn(2, 3, dtype=f64)], e(0), dims=[1], keepdim=False)
    case(op, [z], e(2, 3), dims=[0, 0], keepdim=False)
    case(op, [z], e(2, 3), dims=[3], keepdim=False)

# matrix products
a, b = torch.randn(3, 4), torch.randn(4, 5)
for op in ("mm", "matmul"):
    case(op, [a, b], e(3, 5))
    case(op, [a, b], e(0))
    case(op, [a, b], torch.zeros(2))
    case(op, [a, b], e(0, dtype=f64))
    case(op, [a, b], e(0, dtype=i64))
    case(op, [a.double(), b.double()], e(0, dtype=f64))
    case(op, [torch.randint(0, 3, (3, 4)), torch.randint(0, 3, (4, 5))], e(0, dtype=i64))
    case(op, [a, b], e(0), grad=0)
    case(op, [a, b], e(0), grad=1, no_grad=True)
    case(op, [a, b], torch.zeros(3, 5), out_grad=True)
    case(op, [a, torch.randn(5, 5)], e(0))
    case(op, [a, b], NC(torch.zeros(5, 3)))
case("matmul", [torch.randn(4), torch.randn(4)], e(0))
case("matmul", [torch.randn(4), torch.randn(4)], e(0, dtype=f64))
case("matmul", [torch.randn(4), torch.randn(4)], e(0), grad=0)
case("matmul", [torch.randn(3, 4), torch.randn(4)], e(0))
case("matmul", [torch.randn(3, 4), torch.randn(4)], e(0), grad=0)
case("matmul", [torch.randn(4), torch.randn(4, 2)], e(0))
case("matmul", [torch.randn(2, 3, 4), torch.randn(4, 5)], e(0))
case("matmul", [torch.randn(2, 3, 4), torch.randn(4, 5)], e(0), grad=0)
case("matmul", [torch.randn(2, 3, 4), torch.randn(4, 5)], e(0, dtype=f64))
case("matmul", [torch.randn(2, 3, 4), torch.randn(2, 4, 5)], e(0))
case("matmul", [torch.randn(2, 3, 4), torch.randn(2, 4, 5)], e(0), grad=1)
case("matmul", [torch.randn(2, 3, 4), torch.randn(2, 4, 5)], e(0, dtype=f64))
case("mm", [torch.randn(3), b], e(0))
case("mm", [a, a], e(0))

# resize_ without growing (grown storage holds uninitialized memory in PyTorch): values, strides, version
def case_resize(t, sizes):
    o = make_nc(t.t.clone()) if isinstance(t, NC) else t.clone()
    rec = {"op": "resize_", "in": [enc(t)], "args": {"sizes": list(sizes)}}
    v0 = o._version
    r = o.resize_(sizes)
    rec.update({"out": enc(o), "strides": list(o.stride()), "vdelta": o._version - v0, "same": r is o})
    cases.append(rec)


case_resize(x, (2, 5))
case_resize(x, (12,))
case_resize(x, (3, 4))
case_resize(NC(x), (3, 4))
case_resize(NC(x), (2, 2))
case_resize(x, (0,))
case_resize(xi, (2, 3))

with open(OUT, "w") as f:
    import json
    for c in cases:
        f.write(json.dumps(c, allow_nan=False) + "\n")
print(OUT, len(cases))
