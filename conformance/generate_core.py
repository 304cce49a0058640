#!/usr/bin/python3
"""Golden conformance data for the jtorch tensor core, produced by real PyTorch 1.13.

Writes jtorch-core/src/test/resources/golden/core.jsonl, replayed by CoreConformanceTest. One case a line:
  id, family, op, inputs (dtype, shape, flat data of a contiguous base, plus an optional "view" recipe that
  the replayer applies first so that inputs can be non-contiguous), args (positional, op specific), and
  expected: one result {dtype, shape, strides?, data, shares?}, a list of them ("outputs"), a plain Python
  value ("value"), or an error {type, msg}.
Run with /usr/bin/python3 from the repository root (or anywhere: paths are relative to this file).
"""
import json
import math
import os
import random

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "jtorch-core", "src", "test", "resources", "golden", "core.jsonl")

DTYPES = {
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16,
    "int64": torch.int64, "int32": torch.int32, "int16": torch.int16, "int8": torch.int8, "uint8": torch.uint8,
    "bool": torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}
FLOATS = ["float32", "float64", "float16", "bfloat16"]
INTS = ["int64", "int32", "int16", "int8", "uint8"]
ALL = FLOATS + INTS + ["bool"]

FAMILY = {
    "view": "reshape", "reshape": "reshape", "flatten": "reshape", "unflatten": "reshape",
    "transpose": "dims", "permute": "dims", "t": "dims", "mT": "dims", "squeeze": "dims", "unsqueeze": "dims",
    "expand": "expand", "expandAs": "expand",
    "narrow": "slicing", "select": "slicing", "slice": "slicing", "unfold": "slicing", "asStrided": "slicing",
    "contiguous": "copy", "isContiguous": "copy", "clone": "copy",
    "to": "cast",
    "tensor": "creation", "zeros": "creation", "ones": "creation", "full": "creation", "arange": "creation",
    "linspace": "creation", "logspace": "creation", "eye": "creation", "zerosLike": "creation",
    "onesLike": "creation", "fullLike": "creation",
    "cat": "join", "stack": "join",
    "chunk": "split", "split": "split", "unbind": "split",
    "item": "scalar", "size": "scalar", "dim": "scalar", "numel": "scalar",
    "copy_": "inplace", "fill_": "inplace", "zero_": "inplace",
}

rng = random.Random(1234)
cases = []
ids = set()


# ---------------------------------------------------------------- encoding

def enc_float(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(v)


def flat_values(t):
    t = t.detach().contiguous().reshape(-1)
    name = NAMES[t.dtype]
    if name in FLOATS:
        return [enc_float(v) for v in t.to(torch.float64).tolist()]
    if name == "bool":
        return [bool(v) for v in t.tolist()]
    return [int(v) for v in t.tolist()]


def storage_ptr(t):
    return t.storage().data_ptr()


def enc_result(out, inp, with_strides, with_shares):
    r = {"dtype": NAMES[out.dtype], "shape": list(out.shape), "data": flat_values(out)}
    if with_strides:
        r["strides"] = list(out.stride())
    if with_shares and inp is not None and inp.storage().nbytes() > 0 and out.numel() > 0:
        r["shares"] = storage_ptr(out) == storage_ptr(inp)
    return r


def enc_py(v):
    if isinstance(v, torch.Size):
        return list(v)
    if isinstance(v, float):
        return enc_float(v)
    return v


# ---------------------------------------------------------------- inputs

def values(dtype, n, kind="default"):
    """Deterministic sample values exactly representable in dtype."""
    out = []
    for i in range(n):
        if dtype == "bool":
            out.append(rng.random() < 0.5)
        elif dtype == "uint8":
            out.append(rng.randint(0, 255))
        elif dtype == "int8":
            out.append(rng.randint(-128, 127))
        elif dtype == "int16":
            out.append(rng.randint(-30000, 30000) if kind == "wide" else rng.randint(-100, 100))
        elif dtype == "int32":
            out.append(rng.randint(-2**31, 2**31 - 1) if kind == "wide" else rng.randint(-1000, 1000))
        elif dtype == "int64":
            out.append(rng.randint(-2**62, 2**62) if kind == "wide" else rng.randint(-1000, 1000))
        else:
            if kind == "wide":
                v = rng.choice([rng.uniform(-1e6, 1e6), rng.uniform(-1, 1), rng.uniform(-1e-3, 1e-3) * 1e-3,
                                -0.0, 65504.0, 1e-8, 3.4e38 if dtype != "float16" else 60000.0])
            else:
                v = rng.randint(-40, 40) / 4.0 if rng.random() < 0.5 else rng.uniform(-10, 10)
            out.append(float(torch.tensor(v, dtype=torch.float64).to(DTYPES[dtype]).to(torch.float64)))
    return out


def make(shape, dtype, kind="default", data=None):
    n = 1
    for s in shape:
        n *= s
    if data is None:
        data = values(dtype, n, kind)
    return torch.tensor(data, dtype=DTYPES[dtype]).reshape(shape)


def apply_view(t, steps):
    for s in steps:
        op = s[0]
        if op == "transpose":
            t = t.transpose(s[1], s[2])
        elif op == "permute":
            t = t.permute(*s[1])
        elif op == "slice":
            t = torch.ops.aten.slice(t, s[1], s[2], s[3], s[4])
        elif op == "expand":
            t = t.expand(*s[1])
        elif op == "select":
            t = t.select(s[1], s[2])
        elif op == "t":
            t = t.t()
        else:
            raise ValueError(op)
    return t


class In:
    """An input: a contiguous base tensor plus a view recipe."""

    def __init__(self, base, steps=()):
        self.base = base
        self.steps = list(steps)

    def build(self):
        return apply_view(self.base.clone(), self.steps)

    def spec(self):
        d = {"dtype": NAMES[self.base.dtype], "shape": list(self.base.shape), "data": flat_values(self.base)}
        if self.steps:
            d["view"] = self.steps
        return d


def variants(shape, dtype, kind="default"):
    """(tag, In) pairs that all have the final `shape`: contiguous and several non-contiguous layouts."""
    out = [("c", In(make(shape, dtype, kind)))]
    r = len(shape)
    if r >= 2:
        base = list(shape)
        base[-1], base[-2] = base[-2], base[-1]
        out.append(("tr", In(make(base, dtype, kind), [["transpose", -2, -1]])))
    if r >= 1:
        base = list(shape)
        base[0] = base[0] * 2 + 1
        out.append(("st", In(make(base, dtype, kind), [["slice", 0, 1, None, 2]])))
        if shape[0] > 1:
            base = [1] + list(shape[1:])
            out.append(("ex", In(make(base, dtype, kind), [["expand", list(shape)]])))
    if r >= 3:
        # base.permute(p) has `shape` when base[p[i]] == shape[i]
        p = [1, 2, 0] + list(range(3, r))
        base = [0] * r
        for i in range(r):
            base[p[i]] = shape[i]
        out.append(("pm", In(make(base, dtype, kind), [["permute", p]])))
    return out


# ---------------------------------------------------------------- recording

def add(cid, op, inputs, args, fn, exact=True, strides=False, shares=False):
    if cid in ids:  # the same parameters reached twice (e.g. a size-0 dim makes several ranges coincide)
        return
    ids.add(cid)
    case = {"id": cid, "family": FAMILY[op], "op": op, "inputs": [i.spec() for i in inputs], "args": args}
    built = [i.build() for i in inputs]
    first = built[0] if built else None
    try:
        res = fn(*built)
    except (RuntimeError, IndexError, ValueError, TypeError) as e:
        msg = str(e)
        if isinstance(e, TypeError) and "missing" in msg:
            # Python's argument parsing (e.g. expand() with no sizes): Java's varargs have no such error
            ids.discard(cid)
            return
        case["expected"] = {"error": {"type": type(e).__name__, "msg": msg}}
        cases.append(case)
        return
    if isinstance(res, torch.Size):
        exp = {"value": list(res)}
    elif isinstance(res, torch.Tensor):
        exp = enc_result(res, first, strides, shares)
    elif isinstance(res, (list, tuple)) and res and all(isinstance(x, torch.Tensor) for x in res):
        exp = {"outputs": [enc_result(x, first, strides, shares) for x in res]}
    elif isinstance(res, (list, tuple)) and not res:
        exp = {"outputs": []}
    else:
        exp = {"value": enc_py(res)}
    if not exact:
        exp["exact"] = False
    case["expected"] = exp
    cases.append(case)


SHAPES = [[], [0], [5], [1], [2, 3], [3, 0], [1, 4], [2, 3, 4], [4, 1, 3], [2, 1, 3, 2], [2, 0, 3]]


def sname(shape):
    return "x".join(str(s) for s in shape) if shape else "scalar"


def some_dtypes(i, k=3):
    return [ALL[(i * 3 + j * 4) % len(ALL)] for j in range(k)]


def tensor_ops():
    n = 0
    for si, shape in enumerate(SHAPES):
        r = len(shape)
        numel = 1
        for s in shape:
            numel *= s
        for di, dt in enumerate(some_dtypes(si, 2)):
            # the dim-by-dim sweeps run on the first dtype only, to keep the data set small
            sweep = sorted(set([0, -1] if di == 0 else [-1])) if r else []
            for tag, inp in variants(shape, dt):
                pre = f"{sname(shape)}/{dt}/{tag}"
                V = dict(strides=True, shares=True)
                # reshape family
                targets = [[-1], [numel], [1, numel], [numel, 1]]
                if r >= 2:
                    targets.append([shape[0], -1])
                    targets.append([-1, shape[-1]])
                if r >= 3:
                    targets.append([shape[0] * shape[1]] + list(shape[2:]))
                    targets.append(list(shape[:-2]) + [shape[-2] * shape[-1]])
                if numel == 0:
                    targets += [[0, -1], [-1, 0]]
                for k, tg in enumerate(targets):
                    add(f"view/{pre}/{k}", "view", [inp], [tg], lambda x, tg=tg: x.view(*tg), **V)
                    add(f"reshape/{pre}/{k}", "reshape", [inp], [tg], lambda x, tg=tg: x.reshape(*tg), **V)
                add(f"view/{pre}/bad", "view", [inp], [[numel + 1]], lambda x: x.view(numel + 1))
                add(f"view/{pre}/two-infer", "view", [inp], [[-1, -1]], lambda x: x.view(-1, -1))
                add(f"flatten/{pre}/all", "flatten", [inp], [], lambda x: x.flatten(), **V)
                for a in range(-r, r):
                    for b in range(-r, r):
                        if (a + r) % r <= (b + r) % r and (a < 0) == (b < 0):
                            add(f"flatten/{pre}/{a}_{b}", "flatten", [inp], [a, b], lambda x, a=a, b=b: x.flatten(a, b), **V)
                if r >= 2:
                    add(f"flatten/{pre}/bad", "flatten", [inp], [1, 0], lambda x: x.flatten(1, 0))
                if r >= 1 and shape[-1] > 0:
                    add(f"unflatten/{pre}/a", "unflatten", [inp], [-1, [1, shape[-1]]], lambda x: x.unflatten(-1, (1, shape[-1])), **V)
                    add(f"unflatten/{pre}/b", "unflatten", [inp], [0, [-1, 1]], lambda x: x.unflatten(0, (-1, 1)), **V)
                if r >= 1 and shape[0] % 2 == 0 and shape[0] > 0:
                    add(f"unflatten/{pre}/c", "unflatten", [inp], [0, [2, shape[0] // 2]], lambda x: x.unflatten(0, (2, shape[0] // 2)), **V)
                if r >= 1 and shape[0] > 1:
                    add(f"unflatten/{pre}/bad", "unflatten", [inp], [0, [shape[0] + 1, 1]],
                        lambda x: x.unflatten(0, (shape[0] + 1, 1)))
                # dims
                for a in range(-max(r, 1), max(r, 1)):
                    for b in range(-max(r, 1), max(r, 1)):
                        if a < b:
                            add(f"transpose/{pre}/{a}_{b}", "transpose", [inp], [a, b], lambda x, a=a, b=b: x.transpose(a, b), **V)
                add(f"transpose/{pre}/oob", "transpose", [inp], [0, r + 1], lambda x: x.transpose(0, r + 1))
                if r >= 2:
                    perms = [list(reversed(range(r))), [r - 1] + list(range(r - 1)), [-1, 0] + list(range(1, r - 1))]
                    for k, p in enumerate(perms):
                        add(f"permute/{pre}/{k}", "permute", [inp], [p], lambda x, p=p: x.permute(*p), **V)
                    add(f"permute/{pre}/dup", "permute", [inp], [[0] * r], lambda x: x.permute(*([0] * r)))
                    add(f"permute/{pre}/short", "permute", [inp], [[0]], lambda x: x.permute(0))
                add(f"t/{pre}", "t", [inp], [], lambda x: x.t(), **V)
                add(f"mT/{pre}", "mT", [inp], [], lambda x: x.mT, **V)
                add(f"squeeze/{pre}/all", "squeeze", [inp], [], lambda x: x.squeeze(), **V)
                for d in range(-max(r, 1), max(r, 1)):
                    add(f"squeeze/{pre}/{d}", "squeeze", [inp], [d], lambda x, d=d: x.squeeze(d), **V)
                add(f"squeeze/{pre}/oob", "squeeze", [inp], [r + 1], lambda x: x.squeeze(r + 1))
                for d in range(-r - 1, r + 1):
                    add(f"unsqueeze/{pre}/{d}", "unsqueeze", [inp], [d], lambda x, d=d: x.unsqueeze(d), **V)
                add(f"unsqueeze/{pre}/oob", "unsqueeze", [inp], [r + 2], lambda x: x.unsqueeze(r + 2))
                # expand
                tgts = [[2] + list(shape), [3, 1] + list(shape), [-1] * r if r else []]
                if r >= 1:
                    tgts.append([s if s != 1 else 4 for s in shape])
                    tgts.append([2] + [-1] * r)
                for k, tg in enumerate(tgts):
                    add(f"expand/{pre}/{k}", "expand", [inp], [tg], lambda x, tg=tg: x.expand(*tg), **V)
                if r >= 1 and any(s not in (0, 1) for s in shape):
                    bad = [s + 1 if s not in (0, 1) else s for s in shape]
                    add(f"expand/{pre}/bad", "expand", [inp], [bad], lambda x, bad=bad: x.expand(*bad))
                if r >= 1:
                    add(f"expand/{pre}/fewer", "expand", [inp], [list(shape[1:])], lambda x: x.expand(*shape[1:]))
                    add(f"expand/{pre}/neglead", "expand", [inp], [[-1] + list(shape)], lambda x: x.expand(-1, *shape))
                other = In(make([2] + [s if s != 1 else 3 for s in shape], "float32"))
                add(f"expandAs/{pre}", "expandAs", [inp, other], [], lambda x, o: x.expand_as(o), **V)
                # slicing
                for d in sweep:
                    size = shape[d]
                    for (st, ln) in [(0, size), (0, 0), (size // 2, size - size // 2), (-1, 1), (1, size - 1), (0, size + 1), (size + 1, 0), (-size - 1, 0)]:
                        add(f"narrow/{pre}/{d}/{st}_{ln}", "narrow", [inp], [d, st, ln],
                            lambda x, d=d, st=st, ln=ln: x.narrow(d, st, ln), **V)
                    for idx in [0, size - 1, -1, -size, size, -size - 1]:
                        add(f"select/{pre}/{d}/{idx}", "select", [inp], [d, idx], lambda x, d=d, idx=idx: x.select(d, idx), **V)
                    for (a, b, s) in [(None, None, 1), (None, None, 2), (1, None, 2), (0, -1, 1), (-2, None, 1), (1, 100, 3), (5, 2, 1), (-100, 100, 1), (0, 0, 1), (None, None, 0)]:
                        add(f"slice/{pre}/{d}/{a}_{b}_{s}", "slice", [inp], [d, a, b, s],
                            lambda x, d=d, a=a, b=b, s=s: torch.ops.aten.slice(x, d, a, b, s), **V)
                    for (sz, stp) in [(1, 1), (2, 1), (2, 2), (size, 1), (size + 1, 1), (1, 0)]:
                        add(f"unfold/{pre}/{d}/{sz}_{stp}", "unfold", [inp], [d, sz, stp],
                            lambda x, d=d, sz=sz, stp=stp: x.unfold(d, sz, stp), **V)
                if r == 0:
                    add(f"narrow/{pre}/0d", "narrow", [inp], [0, 0, 1], lambda x: x.narrow(0, 0, 1))
                    add(f"select/{pre}/0d", "select", [inp], [0, 0], lambda x: x.select(0, 0))
                    add(f"unfold/{pre}/0d", "unfold", [inp], [0, 1, 1], lambda x: x.unfold(0, 1, 1), **V)
                add(f"narrow/{pre}/oobdim", "narrow", [inp], [r + 1, 0, 0], lambda x: x.narrow(r + 1, 0, 0))
                # as_strided against the input's own storage (offsets are absolute)
                cap = inp.base.numel()
                if cap > 0:
                    for k, (sz, sd, off) in enumerate([([cap], [1], 0), ([2, 2], [1, 1], 0), ([1], [1], cap - 1), ([2], [1], cap - 1), ([3, 2], [0, 1], 0)]):
                        add(f"asStrided/{pre}/{k}", "asStrided", [inp], [sz, sd, off],
                            lambda x, sz=sz, sd=sd, off=off: torch.as_strided(x, sz, sd, off), **V)
                # copies
                add(f"contiguous/{pre}", "contiguous", [inp], [], lambda x: x.contiguous(), **V)
                add(f"isContiguous/{pre}", "isContiguous", [inp], [], lambda x: x.is_contiguous())
                add(f"clone/{pre}", "clone", [inp], [], lambda x: x.clone(), **V)
                # scalars
                add(f"item/{pre}", "item", [inp], [], lambda x: x.item())
                add(f"size/{pre}", "size", [inp], [], lambda x: x.size())
                for d in list(range(-max(r, 1), max(r, 1))) + [r + 1]:
                    add(f"size/{pre}/{d}", "size", [inp], [d], lambda x, d=d: x.size(d))
                add(f"dim/{pre}", "dim", [inp], [], lambda x: x.dim())
                add(f"numel/{pre}", "numel", [inp], [], lambda x: x.numel())
                # split family
                if r >= 1:
                    for d in sweep:
                        for c in [1, 2, 3, 0]:
                            add(f"chunk/{pre}/{d}/{c}", "chunk", [inp], [c, d], lambda x, c=c, d=d: x.chunk(c, d), **V)
                        for s in [1, 2, 4, 0]:
                            add(f"split/{pre}/{d}/{s}", "split", [inp], [s, d], lambda x, s=s, d=d: x.split(s, d), **V)
                        sz = shape[d]
                        for k, sizes in enumerate([[sz], [0, sz], [sz // 2, sz - sz // 2], [sz + 1], [sz + 1, -1]]):
                            add(f"split/{pre}/{d}/sizes{k}", "split", [inp], [sizes, d],
                                lambda x, sizes=sizes, d=d: torch.split(x, sizes, d), **V)
                        add(f"unbind/{pre}/{d}", "unbind", [inp], [d], lambda x, d=d: x.unbind(d), **V)
                else:
                    add(f"chunk/{pre}/0d", "chunk", [inp], [2, 0], lambda x: x.chunk(2, 0))
                    add(f"split/{pre}/0d", "split", [inp], [1, 0], lambda x: x.split(1, 0))
                    add(f"unbind/{pre}/0d", "unbind", [inp], [0], lambda x: x.unbind(0))
                add(f"unbind/{pre}/oob", "unbind", [inp], [r + 1], lambda x: x.unbind(r + 1))


def cast_values(src, dst):
    """Values of src whose conversion to dst is defined behaviour in PyTorch (no float->int overflow/nan)."""
    if src == "bool":
        return [True, False, True, True, False]
    if src in INTS:
        v = values(src, 8, "wide") + values(src, 4)
        if src != "uint8":
            v += [-1, 0, 1]
        if src in ("int64", "int32", "int16"):
            v += [255, 256, -129, 128, 70000 if src != "int16" else 1000]
        if src == "int64":
            v += [2**53 + 1, -(2**63), 2**63 - 1, 16777217]
        if src == "int32":
            v += [16777217, 2**31 - 1, -(2**31)]
        return v
    # floating source
    base = [0.5, -0.5, 1.75, -2.25, 0.0, -0.0, 3.0, 100.4, -100.6, 1.0 / 3.0, 2.0 ** -20, 1e-30, 123.456]
    if dst in FLOATS or dst == "bool":
        base += ["nan", "inf", "-inf", 65504.0, 65520.0, 1e5, 3e38, 1e300, 6e-8, 1e-45, 2.0 ** -24, 1.00048828125,
                 1.001953125, 257.0]
    else:
        lo, hi = {"int64": (-2**62, 2**62), "int32": (-2**31, 2**31 - 1), "int16": (-32768, 32767),
                  "int8": (-128, 127), "uint8": (0, 255)}[dst]
        base += [lo, hi, lo + 0.9 if lo else 0.9, hi - 0.9, 127.9, 255.9, -127.9, 65504.0, -1e4, 1e9, 3e18]
    out = []
    for v in base:
        f = float(v)
        g = float(torch.tensor([f], dtype=torch.float64).to(DTYPES[src]).to(torch.float64)[0])
        if dst in INTS:
            lo, hi = {"int64": (-2**63, 2**63 - 1), "int32": (-2**31, 2**31 - 1), "int16": (-32768, 32767),
                      "int8": (-128, 127), "uint8": (0, 255)}[dst]
            if math.isnan(g) or math.isinf(g) or not (lo <= math.trunc(g) <= hi) or (dst == "uint8" and g < 0):
                continue
            if dst == "int64" and abs(g) >= 2**62:
                continue
        out.append(g)
    return out


def cast_ops():
    for src in ALL:
        for dst in ALL:
            data = cast_values(src, dst)
            base = torch.tensor(data, dtype=DTYPES[src])
            n = base.numel()
            add(f"to/{src}->{dst}/flat", "to", [In(base)], [dst], lambda x: x.to(DTYPES[dst]), strides=True, shares=True)
            # a non-contiguous 2-d view of the same values
            m = n - n % 2
            b2 = base[:m].reshape(2, m // 2).contiguous()
            add(f"to/{src}->{dst}/tr", "to", [In(b2, [["transpose", 0, 1]])], [dst], lambda x: x.to(DTYPES[dst]),
                strides=True, shares=True)
            add(f"to/{src}->{dst}/st", "to", [In(base, [["slice", 0, 1, None, 2]])], [dst], lambda x: x.to(DTYPES[dst]),
                strides=True, shares=True)
            add(f"to/{src}->{dst}/0d", "to", [In(base[1].clone())], [dst], lambda x: x.to(DTYPES[dst]),
                strides=True, shares=True)
            # an expanded (stride-0) and a permuted 3-d input: PyTorch keeps the dim order in the result
            add(f"to/{src}->{dst}/ex", "to", [In(base[:3].reshape(1, 3).clone(), [["expand", [2, 3]]])], [dst],
                lambda x: x.to(DTYPES[dst]), strides=True, shares=True)
            m4 = n - n % 4
            if m4 >= 4:
                b3 = base[:m4].reshape(2, 2, m4 // 4).contiguous()
                add(f"to/{src}->{dst}/pm", "to", [In(b3, [["permute", [2, 0, 1]]])], [dst], lambda x: x.to(DTYPES[dst]),
                    strides=True, shares=True)
            add(f"to/{src}->{dst}/empty", "to", [In(base[:0].reshape(0, 3) if False else torch.zeros(0, 3, dtype=DTYPES[src]))],
                [dst], lambda x: x.to(DTYPES[dst]), strides=True, shares=True)


def creation_ops():
    def nest(data):
        return data

    lists = [
        ("int", [1, 2, 3]), ("float", [1.5, -2.0, 3.25]), ("bool", [True, False]), ("mixed_if", [1, 2.5, -3]),
        ("mixed_bi", [True, 2, 0]), ("mixed_bf", [True, 1.5]), ("mixed_bif", [[True, 2], [3.5, 0]]),
        ("empty", []), ("empty2", [[]]), ("empty3", [[], []]), ("2d", [[1, 2, 3], [4, 5, 6]]),
        ("3d", [[[1.0, 2.0]], [[3.0, 4.0]]]), ("scalar_int", 7), ("scalar_float", -2.5), ("scalar_bool", True),
        ("big", [2**40, -2**40]), ("nan", [float("nan"), float("inf"), -float("inf")]),
        ("frac", [0.1, 0.2, 0.3, 1e-40, 1e38]), ("ragged", [[1, 2], [3]]), ("ragged2", [[1, 2], 3]),
        ("nested_empty", [[[]]]), ("neg", [-1, -128, 255, 256]),
        ("4d", [[[[1, 2]], [[3, 4]]], [[[5, 6]], [[7, 8]]]]),
    ]

    def enc_nested(d):
        if isinstance(d, list):
            return [enc_nested(x) for x in d]
        if isinstance(d, float):
            return enc_float(d)
        return d

    for name, data in lists:
        add(f"tensor/{name}/infer", "tensor", [], [enc_nested(data), None], lambda: torch.tensor(data))
        for dt in ALL:
            add(f"tensor/{name}/{dt}", "tensor", [], [enc_nested(data), dt], lambda dt=dt: torch.tensor(data, dtype=DTYPES[dt]))
    shapes = [[], [0], [3], [2, 3], [2, 0, 4], [1, 2, 3, 1]]
    for sh in shapes:
        add(f"zeros/{sname(sh)}", "zeros", [], [sh, None], lambda: torch.zeros(sh), strides=True)
        add(f"ones/{sname(sh)}", "ones", [], [sh, None], lambda: torch.ones(sh), strides=True)
        for dt in ALL:
            add(f"zeros/{sname(sh)}/{dt}", "zeros", [], [sh, dt], lambda dt=dt: torch.zeros(sh, dtype=DTYPES[dt]), strides=True)
            add(f"ones/{sname(sh)}/{dt}", "ones", [], [sh, dt], lambda dt=dt: torch.ones(sh, dtype=DTYPES[dt]), strides=True)
        for v in [2, -3, 2.5, -0.0, float("nan"), float("inf")]:
            add(f"full/{sname(sh)}/{v}", "full", [], [sh, enc_float(v) if isinstance(v, float) else v, None],
                lambda v=v: torch.full(sh, v), strides=True)
    for v in [2, -3, 2.5, 300, -1, 1e10, float("nan"), 0.75]:
        for dt in ALL:
            add(f"full/2x2/{v}/{dt}", "full", [], [[2, 2], enc_float(v) if isinstance(v, float) else v, dt],
                lambda v=v, dt=dt: torch.full([2, 2], v, dtype=DTYPES[dt]))
    add("zeros/neg", "zeros", [], [[2, -1], None], lambda: torch.zeros(2, -1))
    add("ones/neg", "ones", [], [[-3], None], lambda: torch.ones(-3))
    aranges = [[5], [0], [2, 7], [7, 2, -1], [0, 10, 3], [-5, 5, 2], [1.0, 2.5, 0.5], [0.0, 1.0, 0.1], [2.5],
               [-1.5, 1.5, 0.25], [10.0, 0.0, -1.5], [0, 1, 0], [5, 0, 1], [0.0, 1.0, -0.1], [1, 1, 1], [0, 5, 7],
               [0.0, 0.3, 0.1], [3, -3, -2]]
    for a in aranges:
        key = "_".join(str(x) for x in a)
        add(f"arange/{key}", "arange", [], [a, None], lambda a=a: torch.arange(*a),
            exact=all(isinstance(x, int) for x in a), strides=True)
        for dt in ["float64", "int32", "float32", "int64", "int16", "bfloat16", "float16", "uint8"]:
            if dt == "uint8" and any((isinstance(x, (int, float)) and x < 0) for x in a):
                continue
            add(f"arange/{key}/{dt}", "arange", [], [a, dt], lambda a=a, dt=dt: torch.arange(*a, dtype=DTYPES[dt]),
                exact=dt not in FLOATS)
    lins = [(0.0, 1.0, 5), (-1.0, 1.0, 7), (3.0, 3.0, 4), (0.0, 10.0, 1), (0.0, 10.0, 0), (1.0, 0.0, 6), (0.0, 1.0, 11),
            (-5.0, 17.0, 23), (0.0, 1.0, -1), (2.0, 100.0, 3), (0.0, 7.0, 8)]
    for (s, e, n) in lins:
        key = f"{s}_{e}_{n}"
        add(f"linspace/{key}", "linspace", [], [s, e, n, None], lambda s=s, e=e, n=n: torch.linspace(s, e, n), exact=False)
        for dt in ["float64", "float32", "int64", "int32", "float16", "bfloat16", "int16"]:
            add(f"linspace/{key}/{dt}", "linspace", [], [s, e, n, dt],
                lambda s=s, e=e, n=n, dt=dt: torch.linspace(s, e, n, dtype=DTYPES[dt]), exact=dt not in FLOATS)
        for base in [10.0, 2.0, 0.5]:
            add(f"logspace/{key}/{base}", "logspace", [], [s, e, n, base, None],
                lambda s=s, e=e, n=n, base=base: torch.logspace(s, e, n, base), exact=False)
            add(f"logspace/{key}/{base}/float64", "logspace", [], [s, e, n, base, "float64"],
                lambda s=s, e=e, n=n, base=base: torch.logspace(s, e, n, base, dtype=torch.float64), exact=False)
    for (n, m) in [(0, None), (1, None), (3, None), (2, 4), (4, 2), (0, 3), (3, 0), (-1, None), (2, -2)]:
        add(f"eye/{n}_{m}", "eye", [], [n, m, None], lambda n=n, m=m: torch.eye(n) if m is None else torch.eye(n, m), strides=True)
        for dt in ["float64", "int64", "bool", "int8", "float16"]:
            add(f"eye/{n}_{m}/{dt}", "eye", [], [n, m, dt],
                lambda n=n, m=m, dt=dt: torch.eye(n, dtype=DTYPES[dt]) if m is None else torch.eye(n, m, dtype=DTYPES[dt]))
    for si, shape in enumerate([[], [0], [3], [2, 3], [2, 3, 4]]):
        for dt in some_dtypes(si, 4):
            for tag, inp in variants(shape, dt):
                pre = f"{sname(shape)}/{dt}/{tag}"
                add(f"zerosLike/{pre}", "zerosLike", [inp], [None], lambda x: torch.zeros_like(x), strides=True, shares=True)
                add(f"zerosLike/{pre}/f64", "zerosLike", [inp], ["float64"], lambda x: torch.zeros_like(x, dtype=torch.float64), strides=True)
                add(f"onesLike/{pre}", "onesLike", [inp], [], lambda x: torch.ones_like(x), strides=True, shares=True)
                for v in [2.5, -1.0, 7.0]:
                    add(f"fullLike/{pre}/{v}", "fullLike", [inp], [v], lambda x, v=v: torch.full_like(x, v), strides=True, shares=True)


def join_ops():
    specs = [
        # (name, [shapes], dims)
        ("same", [[2, 3], [2, 3]], [0, 1, -1, -2, 2]),
        ("rows", [[1, 3], [2, 3], [3, 3]], [0, -2]),
        ("cols", [[2, 1], [2, 4]], [1, -1]),
        ("3d", [[2, 3, 4], [2, 1, 4], [2, 0, 4]], [1]),
        ("3d_same", [[2, 3, 4], [2, 3, 4]], [0, 1, 2, -1, -3]),
        ("empty1d", [[0], [2, 3], [0]], [0, 1]),
        ("allempty", [[0], [0]], [0]),
        ("zero_rows", [[0, 3], [2, 3]], [0, 1]),
        ("1d", [[3], [4], [1]], [0, -1]),
        ("mismatch", [[2, 3], [2, 4]], [0, 1]),
        ("rank", [[2, 3], [3]], [0]),
        ("scalar", [[], []], [0]),
        ("single", [[2, 2]], [0, 1]),
        ("4d", [[1, 2, 1, 2], [1, 2, 3, 2]], [2]),
    ]
    dtype_sets = [["float32"], ["int64"], ["int32", "float64"], ["uint8", "int8"], ["bool", "int16"],
                  ["float16", "bfloat16"], ["bool"], ["int64", "float32", "bool"]]
    for name, shapes, dims in specs:
        for di, dts in enumerate(dtype_sets):
            for layout in ["c", "nc"]:
                inputs = []
                for k, sh in enumerate(shapes):
                    dt = dts[k % len(dts)]
                    if layout == "nc" and len(sh) >= 2:
                        b = list(sh)
                        b[-1], b[-2] = b[-2], b[-1]
                        inputs.append(In(make(b, dt), [["transpose", -2, -1]]))
                    elif layout == "nc" and len(sh) == 1:
                        inputs.append(In(make([sh[0] * 2], dt), [["slice", 0, 0, None, 2]]))
                    else:
                        inputs.append(In(make(sh, dt)))
                for d in dims:
                    add(f"cat/{name}/{'+'.join(dts)}/{layout}/{d}", "cat", inputs, [d], lambda *xs, d=d: torch.cat(xs, d), strides=True)
                    add(f"stack/{name}/{'+'.join(dts)}/{layout}/{d}", "stack", inputs, [d], lambda *xs, d=d: torch.stack(xs, d), strides=True)
                add(f"cat/{name}/{'+'.join(dts)}/{layout}/default", "cat", inputs, [None], lambda *xs: torch.cat(xs), strides=True)
                add(f"cat/{name}/{'+'.join(dts)}/{layout}/oob", "cat", inputs, [5], lambda *xs: torch.cat(xs, 5))
                add(f"stack/{name}/{'+'.join(dts)}/{layout}/oob", "stack", inputs, [5], lambda *xs: torch.stack(xs, 5))
    add("cat/nothing", "cat", [], [0], lambda: torch.cat([], 0))
    add("stack/nothing", "stack", [], [0], lambda: torch.stack([], 0))


def inplace_ops():
    pairs = [([2, 3], [2, 3]), ([2, 3], [3]), ([2, 3], [1, 3]), ([2, 3], [2, 1]), ([2, 3], []), ([3], [2, 3]),
             ([2, 3], [4]), ([0, 3], [3]), ([2, 3, 4], [3, 1]), ([], [])]
    dts = [("float32", "float32"), ("float32", "int64"), ("int64", "float64"), ("int8", "int64"), ("uint8", "int16"),
           ("bool", "float32"), ("float16", "float64"), ("bfloat16", "float32"), ("int32", "bool"), ("float64", "bfloat16")]
    for (ds, ss) in pairs:
        for (td, sd) in dts:
            for tag, inp in variants(ds, td):
                if tag in ("pm",):
                    continue
                src = In(make(ss, sd, data=[v for v in values(sd, int(torch.tensor(ss).prod()) if ss else 1)]))
                if sd in FLOATS and td in INTS + ["uint8"]:
                    # float->int conversion must stay in range: small magnitudes
                    src = In(make(ss, sd, data=[float(rng.randint(0, 100)) + 0.5 for _ in range(int(torch.tensor(ss).prod()) if ss else 1)]))
                if sd in INTS and td == "uint8":
                    pass
                pre = f"{sname(ds)}<-{sname(ss)}/{td}<-{sd}/{tag}"
                add(f"copy_/{pre}", "copy_", [inp, src], [], lambda x, s: x.copy_(s), strides=True, shares=True)
                if len(ss) == 2 and tag == "c":
                    # a transposed source
                    tsrc = In(src.base.t().contiguous(), [["transpose", 0, 1]])
                    add(f"copy_/{pre}/srcT", "copy_", [inp, tsrc], [], lambda x, s: x.copy_(s), strides=True, shares=True)
    for si, shape in enumerate([[], [0], [4], [2, 3], [2, 1, 3]]):
        for dt in ALL:
            for tag, inp in variants(shape, dt):
                pre = f"{sname(shape)}/{dt}/{tag}"
                for v in [0, 3, -2, 2.5, -0.75, 300, 1e10, float("nan"), 1]:
                    if (math.isnan(v) or v == 1e10 or v < 0 or v == 300) and tag != "c":
                        continue
                    add(f"fill_/{pre}/{v}", "fill_", [inp], [enc_float(v) if isinstance(v, float) else v],
                        lambda x, v=v: x.fill_(v), strides=True, shares=True)
                add(f"zero_/{pre}", "zero_", [inp], [], lambda x: x.zero_(), strides=True, shares=True)


def main():
    tensor_ops()
    cast_ops()
    creation_ops()
    join_ops()
    inplace_ops()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        for c in cases:
            f.write(json.dumps(c, allow_nan=False) + "\n")
    fams = {}
    for c in cases:
        fams[c["family"]] = fams.get(c["family"], 0) + 1
    print(len(cases), "cases", fams)


if __name__ == "__main__":
    main()
