#!/usr/bin/env python3
"""Golden autograd cases from PyTorch 1.13 for jtorch's AutogradConformanceTest.

Each case builds leaf tensors (optionally passed through view ops first, so ops see non-contiguous or
broadcast inputs), applies one op, then records:
  outs    - the op's outputs
  names   - the grad_fn names of the outputs
  grads   - leaf.grad after torch.autograd.backward(outs, vs) with random cotangents vs
  grads2  - second-order grads: autograd.grad(sum_j (g_j * w_j).sum(), leaves) where g = autograd.grad(outs,
            leaves, vs, create_graph=True); null where PyTorch returns None
The op names and arguments are interpreted identically by the Java test.

Usage: /usr/bin/python3 conformance/gen_autograd.py > jtorch-core/src/test/resources/golden/autograd.jsonl
"""
import json
import math
import sys

import torch

torch.manual_seed(1234)
DT = {"float32": torch.float32, "float64": torch.float64, "bool": torch.bool}


def fnum(v):
    if isinstance(v, bool):
        return v
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(repr(float(v))) if isinstance(v, float) else v


def flat(t):
    if t._is_zerotensor():  # PyTorch's lazily-zero gradients (e.g. of sign) have no storage
        t = torch.zeros(t.shape, dtype=t.dtype)
    return [fnum(v) for v in t.detach().reshape(-1).tolist()]


def apply(op, a, xs):
    """The op table, mirrored in AutogradConformanceTest.apply."""
    x = xs[0]
    if op == "add": return x + xs[1]
    if op == "add_alpha": return torch.add(x, xs[1], alpha=a[0])
    if op == "add_scalar": return x + a[0]
    if op == "sub": return x - xs[1]
    if op == "sub_alpha": return torch.sub(x, xs[1], alpha=a[0])
    if op == "rsub_scalar": return x.sub(a[0])
    if op == "mul": return x * xs[1]
    if op == "mul_scalar": return x * a[0]
    if op == "div": return x / xs[1]
    if op == "div_scalar": return x / a[0]
    if op == "neg": return -x
    if op == "pow_scalar": return x.pow(a[0])
    if op == "pow_tensor": return x.pow(xs[1])
    if op == "square": return x.square()
    if op == "exp": return x.exp()
    if op == "log": return x.log()
    if op == "sqrt": return x.sqrt()
    if op == "abs": return x.abs()
    if op == "sum": return x.sum()
    if op == "sum_dim": return x.sum(a[0], keepdim=a[1])
    if op == "sum_dims": return x.sum(a[0], keepdim=a[1])
    if op == "mean": return x.mean()
    if op == "mean_dim": return x.mean(a[0], keepdim=a[1])
    if op == "mean_dims": return x.mean(a[0], keepdim=a[1])
    if op == "dist": return torch.dist(x, xs[1], p=float(a[0]))
    if op == "matmul": return x.matmul(xs[1])
    if op == "mm": return x.mm(xs[1])
    if op == "bmm": return torch.bmm(x, xs[1])
    if op == "where": return torch.where(x, xs[1], xs[2])
    if op == "view": return x.view(a)
    if op == "reshape": return x.reshape(a)
    if op == "transpose": return x.transpose(a[0], a[1])
    if op == "t": return x.t()
    if op == "permute": return x.permute(a)
    if op == "expand": return x.expand(a)
    if op == "narrow": return x.narrow(a[0], a[1], a[2])
    if op == "select": return x.select(a[0], a[1])
    if op == "slice":
        idx = [slice(None)] * x.dim()
        idx[a[0]] = slice(a[1], a[2], a[3])
        return x[tuple(idx)]
    if op == "squeeze": return x.squeeze()
    if op == "squeeze_dim": return x.squeeze(a[0])
    if op == "unsqueeze": return x.unsqueeze(a[0])
    if op == "flatten": return x.flatten(a[0], a[1])
    if op == "unfold": return x.unfold(a[0], a[1], a[2])
    if op == "cat": return torch.cat(xs, a[0])
    if op == "stack": return torch.stack(xs, a[0])
    if op == "chunk": return x.chunk(a[0], a[1])
    if op == "split": return x.split(a[0], a[1])
    if op == "split_sizes": return x.split(a[0], a[1])
    if op == "unbind": return x.unbind(a[0])
    if op == "to_float64": return x.to(torch.float64)
    if op == "to_float32": return x.to(torch.float32)
    if op == "clone": return x.clone()
    if op == "contiguous": return x.contiguous()
    # compositions: chains that exercise accumulation, broadcasting and double backward
    if op == "mul_chain": return x * xs[1] * x
    if op == "cube": return x * x * x
    if op == "exp_mul": return (x.exp() * xs[1]).sum(1)
    if op == "poly": return x.pow(3.0) - x.mul(2.0) + 1.0
    if op == "softish": return x.exp() / x.exp().sum()
    raise ValueError(op)


CASES = []


def case(op, inputs, args=None, gradcheck=True, second=True):
    """inputs: list of (shape, dtype, kind, prep); kind picks the value range; prep a list of view ops.
    second=False: second-order values are not compared (singular points where they carry no meaning)."""
    CASES.append(dict(op=op, args=args if args is not None else [], inputs=inputs, gradcheck=gradcheck, second=second))


def inp(shape, dtype="float32", kind="normal", prep=None, grad=True):
    return dict(shape=list(shape), dtype=dtype, kind=kind, prep=prep or [], requires_grad=grad and dtype != "bool")


def make(spec):
    shape, dt = spec["shape"], DT[spec["dtype"]]
    kind = spec["kind"]
    if dt == torch.bool:
        return torch.rand(shape) > 0.5
    if kind == "normal":
        t = torch.randn(shape, dtype=torch.float64)
    elif kind == "positive":
        t = torch.rand(shape, dtype=torch.float64) * 2 + 0.5
    elif isinstance(kind, list):  # explicit values, for edge cases
        t = torch.tensor(kind, dtype=torch.float64).reshape(shape)
    elif kind == "away":  # away from 0, for abs and sign-like kinks
        t = (torch.rand(shape, dtype=torch.float64) + 0.2) * torch.where(torch.rand(shape) > 0.5, 1.0, -1.0).double()
    else:
        raise ValueError(kind)
    return t.to(dt)


def prep_apply(t, prep):
    for p in prep:
        t = apply(p["op"], p.get("args", []), [t])
    return t


def P(op, *args):
    return dict(op=op, args=list(args))


# ---------------------------------------------------------------- the table
F = "float32"
D = "float64"
for dt in (F, D):
    case("add", [inp([2, 3], dt), inp([2, 3], dt)])
    case("mul", [inp([2, 3], dt), inp([2, 3], dt)])
    case("div", [inp([2, 3], dt), inp([2, 3], dt, "away")])
    case("exp", [inp([2, 3], dt)])
    case("cube", [inp([4], dt)])
case("add", [inp([2, 3]), inp([3])])                      # broadcasting
case("add", [inp([2, 1, 3]), inp([4, 1])])
case("add", [inp([3, 2], prep=[P("t")]), inp([2, 3])])   # non-contiguous
case("add", [inp([2, 3]), inp([2, 3], grad=False)])
case("add_alpha", [inp([2, 3]), inp([3])], [2.5])
case("add_scalar", [inp([2, 3])], [1.5])
case("sub", [inp([2, 3]), inp([1, 3])])
case("sub", [inp([4, 3], prep=[P("slice", 0, 0, 4, 2)]), inp([2, 3])])
case("sub_alpha", [inp([3]), inp([2, 3])], [-0.5])
case("rsub_scalar", [inp([3])], [2.0])
case("mul", [inp([2, 3]), inp([2, 1])])
case("mul", [inp([3]), inp([])])
case("mul", [inp([2, 3], prep=[P("transpose", 0, 1)]), inp([3, 2], prep=[P("permute", 0, 1)])])
case("mul_scalar", [inp([2, 2])], [-3.0])
case("div", [inp([2, 3]), inp([3], kind="away")])
case("div", [inp([3], kind="away"), inp([2, 3], kind="away")])
case("div_scalar", [inp([2, 3])], [4.0])
case("neg", [inp([2, 3])])
case("neg", [inp([3, 2], prep=[P("t")])])
for e in (2.0, 3.0, 0.5, -1.5, 0.0, 1.0):
    case("pow_scalar", [inp([2, 3], kind="positive")], [e])
case("pow_scalar", [inp([2, 3], D, kind="positive")], [2.5])
case("pow_scalar", [inp([5], kind="normal")], [3.0])
case("pow_tensor", [inp([2, 3], kind="positive"), inp([2, 3])])
case("pow_tensor", [inp([2, 3], kind="positive"), inp([3])])
case("pow_tensor", [inp([2, 3], D, kind="positive"), inp([2, 3], D)])
case("square", [inp([2, 3])])
case("exp", [inp([3, 2], prep=[P("t")])])
case("log", [inp([2, 3], kind="positive")])
case("log", [inp([2, 3], D, kind="positive")])
case("sqrt", [inp([2, 3], kind="positive")])
case("sqrt", [inp([4, 3], kind="positive", prep=[P("slice", 0, 1, 4, 2)])])
case("abs", [inp([2, 3], kind="away")])
case("abs", [inp([2, 3], D, kind="away")])
case("sum", [inp([2, 3])])
case("sum", [inp([2, 3], prep=[P("t")])])
case("sum_dim", [inp([2, 3, 4])], [1, False])
case("sum_dim", [inp([2, 3, 4])], [-1, True])
case("sum_dims", [inp([2, 3, 4])], [[0, 2], False])
case("sum_dims", [inp([2, 3, 4])], [[0, 1], True])
case("mean", [inp([2, 3])])
case("mean", [inp([2, 3], D)])
case("mean_dim", [inp([2, 3, 4])], [0, False])
case("mean_dim", [inp([3, 4], prep=[P("t")])], [1, True])
case("mean_dims", [inp([2, 3, 4])], [[1, 2], True])
for p in (1, 2, 3, "inf"):
    case("dist", [inp([2, 3]), inp([2, 3])], [p])
    case("dist", [inp([2, 3], D), inp([3], D)], [p])
case("dist", [inp([3, 2], prep=[P("t")]), inp([2, 3])], [2])
case("matmul", [inp([3]), inp([3])])
case("matmul", [inp([2, 3]), inp([3])])
case("matmul", [inp([3]), inp([3, 2])])
case("matmul", [inp([2, 3]), inp([3, 4])])
case("matmul", [inp([2, 2, 3]), inp([3, 4])])
case("matmul", [inp([2, 1, 2, 3]), inp([3, 3, 2])])
case("matmul", [inp([3, 2], prep=[P("t")]), inp([4, 3], prep=[P("t")])])
case("matmul", [inp([2, 3], D), inp([3, 2], D)])
case("mm", [inp([2, 3]), inp([3, 4])])
case("mm", [inp([3, 2], prep=[P("t")]), inp([3, 4])])
case("bmm", [inp([2, 2, 3]), inp([2, 3, 2])])
case("bmm", [inp([2, 3, 2], prep=[P("transpose", 1, 2)]), inp([2, 3, 2])])
case("where", [inp([2, 3], "bool"), inp([2, 3]), inp([2, 3])])
case("where", [inp([2, 3], "bool"), inp([3]), inp([2, 1])])
case("where", [inp([2, 3], "bool"), inp([2, 3], D), inp([2, 3], D)])
case("view", [inp([2, 3])], [3, 2])
case("view", [inp([2, 3, 4])], [-1, 4])
case("reshape", [inp([2, 3])], [6])
case("reshape", [inp([3, 2], prep=[P("t")])], [6])       # needs a copy
case("transpose", [inp([2, 3, 4])], [0, 2])
case("t", [inp([2, 3])])
case("permute", [inp([2, 3, 4])], [2, 0, 1])
case("expand", [inp([3, 1])], [3, 4])
case("expand", [inp([3])], [2, 3])
case("expand", [inp([1, 3], prep=[P("t")])], [3, 2])
case("narrow", [inp([4, 3])], [0, 1, 2])
case("narrow", [inp([4, 3])], [1, 1, 2])
case("select", [inp([4, 3])], [0, 2])
case("select", [inp([4, 3])], [1, -1])
case("slice", [inp([6, 3])], [0, 1, 6, 2])
case("slice", [inp([3, 7])], [1, 0, 7, 3])
case("squeeze", [inp([2, 1, 3, 1])])
case("squeeze_dim", [inp([2, 1, 3])], [1])
case("unsqueeze", [inp([2, 3])], [1])
case("unsqueeze", [inp([2, 3])], [-1])
case("flatten", [inp([2, 3, 4])], [0, -1])
case("flatten", [inp([2, 3, 4])], [1, 2])
case("flatten", [inp([3, 2], prep=[P("t")])], [0, 1])
case("unfold", [inp([7])], [0, 3, 2])
case("unfold", [inp([2, 6])], [1, 3, 1])        # overlapping windows accumulate
case("cat", [inp([2, 3]), inp([1, 3])], [0])
case("cat", [inp([2, 3]), inp([2, 2])], [1])
case("cat", [inp([2, 3], D), inp([2, 3], D), inp([2, 3], D)], [-1])
case("cat", [inp([3, 2], prep=[P("t")]), inp([2, 3])], [0])
case("stack", [inp([2, 3]), inp([2, 3])], [0])
case("stack", [inp([2, 3]), inp([2, 3])], [2])
case("chunk", [inp([5, 2])], [2, 0])
case("chunk", [inp([2, 6])], [3, 1])
case("split", [inp([5, 2])], [2, 0])
case("split_sizes", [inp([2, 6])], [[1, 2, 3], 1])
case("unbind", [inp([3, 2])], [0])
case("unbind", [inp([3, 2])], [1])
case("to_float64", [inp([2, 3])])
case("to_float32", [inp([2, 3], D)], gradcheck=False)
case("clone", [inp([2, 3])])
case("clone", [inp([3, 2], prep=[P("t")])])
case("contiguous", [inp([3, 2], prep=[P("t")])])
case("mul_chain", [inp([2, 3]), inp([3])])
case("exp_mul", [inp([2, 3]), inp([2, 3])])
case("poly", [inp([2, 2], D)])
case("softish", [inp([4], D)])

# edge cases at non-differentiable or singular points: PyTorch's conventions (values only, no gradcheck)
Z = [0.0, -0.0, 1.5, -2.0]
case("abs", [inp([4], kind=Z)], gradcheck=False)
case("sqrt", [inp([3], kind=[0.0, 1.0, 4.0])], gradcheck=False)
case("log", [inp([3], kind=[0.0, 1.0, 2.0])], gradcheck=False)
for e in (0.5, 2.0, 0.0, -1.0, 1.0):
    case("pow_scalar", [inp([3], kind=[0.0, -1.0, 2.0])], [e], gradcheck=False)
case("pow_tensor", [inp([4], kind=[0.0, 0.0, 2.0, -1.0]), inp([4], kind=[0.0, 2.0, 0.0, 2.0])], gradcheck=False, second=False)
case("div", [inp([3], kind=[1.0, 0.0, -1.0]), inp([3], kind=[0.0, 0.0, 2.0])], gradcheck=False)
for p in (1, 2, 3, "inf", 0.5):  # (p=0 backward raises inside PyTorch 1.13; jtorch gives zeros)
    case("dist", [inp([3], kind=[1.0, 2.0, 3.0]), inp([3], kind=[1.0, 2.0, 3.0])], [p], gradcheck=False)
    case("dist", [inp([4], kind=[1.0, -1.0, 0.5, 0.0]), inp([4], kind=[0.0, 0.0, 0.0, 0.0])], [p], gradcheck=False)
case("where", [inp([3], "bool", kind="normal"), inp([3], kind=[1.0, 0.0, 2.0]), inp([3], kind=[0.0, 0.0, 0.0])], gradcheck=False)
case("mul_scalar", [inp([2], kind=[1.0, 2.0])], [0.0], gradcheck=False)


def run(c):
    base = [make(s) for s in c["inputs"]]
    leaves = []
    for t, s in zip(base, c["inputs"]):
        if s["requires_grad"]:
            t.requires_grad_()
        leaves.append(t)
    diff = [t for t in leaves if t.requires_grad]
    xs = [prep_apply(t, s["prep"]) for t, s in zip(leaves, c["inputs"])]
    outs = apply(c["op"], c["args"], xs)
    outs = list(outs) if isinstance(outs, (tuple, list)) else [outs]
    vs = [torch.randn_like(o) for o in outs]
    names = [o.grad_fn.name() if o.grad_fn is not None else None for o in outs]
    torch.autograd.backward(outs, vs, retain_graph=True)
    grads = [flat(t.grad) if t.grad is not None else None for t in diff]
    g1 = torch.autograd.grad(outs, diff, vs, create_graph=True, allow_unused=True)
    ws = [torch.randn_like(t) for t in diff]
    terms = [(g * w).sum() for g, w in zip(g1, ws) if g is not None and g.requires_grad]
    if terms:
        g2 = torch.autograd.grad(sum(terms), diff, allow_unused=True)
        grads2 = [flat(g) if g is not None else None for g in g2]
    else:
        grads2 = [None for _ in diff]
    c = dict(c)
    c["data"] = [flat(t) for t in base]
    c["outs"] = [dict(shape=list(o.shape), dtype=str(o.dtype).replace("torch.", ""), data=flat(o)) for o in outs]
    c["names"] = names
    c["vs"] = [flat(v) for v in vs]
    c["ws"] = [flat(w) for w in ws]
    c["grads"] = grads
    c["grads2"] = grads2
    return c


def main():
    out = sys.stdout
    for i, c in enumerate(CASES):
        r = run(c)
        r["id"] = i
        out.write(json.dumps(r) + "\n")
    print(f"{len(CASES)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
