"""Shared helpers for the golden-data generators: encode tensors/scalars as JSON and record op cases
(result, error or gradients) computed by real PyTorch."""
import json
import math

import torch


class NC:
    """Marks an input to be made non-contiguous (same values, permuted strides) on both sides."""
    def __init__(self, t):
        self.t = t


def make_nc(t):
    # same recipe as the Java test: dims >= 2 -> transpose(0,-1).contiguous().transpose(0,-1);
    # 1-d -> every other element of a [n, 2] tensor
    if t.dim() >= 2:
        return t.transpose(0, -1).contiguous().transpose(0, -1)
    if t.dim() == 1:
        return torch.stack([t, t], 1).select(1, 0)
    return t


def fnum(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def enc(x, nc=False):
    if isinstance(x, NC):
        return enc(x.t, True)
    if isinstance(x, torch.Tensor):
        t = x.detach()
        data = t.reshape(-1).tolist() if t.dtype not in (torch.float16, torch.bfloat16) else t.float().reshape(-1).tolist()
        return {"dtype": str(t.dtype)[6:], "shape": list(t.shape), "data": [fnum(v) for v in data], "nc": nc}
    if isinstance(x, torch.dtype):
        return {"dtypeval": str(x)[6:]}
    if isinstance(x, bool):
        return {"scalar": x, "kind": "bool"}
    if isinstance(x, int):
        return {"scalar": x, "kind": "int"}
    if isinstance(x, float):
        return {"scalar": fnum(x), "kind": "float"}
    if x is None:
        return None
    if isinstance(x, (list, tuple)):
        return {"list": [enc(v) for v in x]}
    if isinstance(x, str):
        return {"str": x}
    raise TypeError(type(x))


def enc_arg(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, torch.dtype):
        return str(v)[6:]
    if isinstance(v, (list, tuple)):
        return [enc_arg(x) for x in v]
    return fnum(v)


def materialize(x):
    if isinstance(x, NC):
        return make_nc(x.t.clone())
    if isinstance(x, torch.Tensor):
        return x.clone()
    return x


ETYPES = {RuntimeError: "RuntimeError", ValueError: "RuntimeError", IndexError: "IndexError",
          ZeroDivisionError: "ZeroDivisionError", TypeError: "TypeError"}


class Recorder:
    def __init__(self, ops):
        self.ops = ops
        self.cases = []

    def case(self, op, inputs, args=None, grad=False, tag=None):
        args = args or {}
        ins = [materialize(x) for x in inputs]
        rec = {"op": op, "in": [enc(x) for x in inputs], "args": {k: enc_arg(v) for k, v in args.items()}}
        if tag:
            rec["tag"] = tag
        fn = self.ops[op]
        try:
            if grad:
                leaves = []
                for i, x in enumerate(ins):
                    if isinstance(x, torch.Tensor) and x.dtype.is_floating_point:
                        # keep non-contiguity: requires_grad on a detached view of the same layout
                        x = x.detach().requires_grad_(True)
                        ins[i] = x
                        leaves.append(x)
                out = fn(ins, args)
            else:
                with torch.no_grad():
                    out = fn(ins, args)
        except Exception as e:  # noqa: BLE001 - every torch error becomes an expected-error case
            rec["error"] = str(e).split("\n")[0]
            rec["etype"] = ETYPES.get(type(e), type(e).__name__)
            self.cases.append(rec)
            return
        rec["out"] = enc_out(out)
        if grad:
            first = out[0] if isinstance(out, (tuple, list)) else out
            if first.requires_grad:
                n = first.numel()
                gout = (torch.arange(n, dtype=torch.float64) * 0.37 % 1.0 - 0.4).to(first.dtype).reshape(first.shape)
                gs = torch.autograd.grad(first, leaves, gout, allow_unused=True)
                rec["gout"] = enc(gout)
                gi = iter(gs)
                rec["grads"] = [enc(next(gi)) if isinstance(x, torch.Tensor) and x.dtype.is_floating_point else None
                                for x in ins]
        self.cases.append(rec)

    def write(self, path):
        with open(path, "w") as f:
            for c in self.cases:
                f.write(json.dumps(c, allow_nan=False) + "\n")
        print(path, len(self.cases))


def enc_out(out):
    if isinstance(out, (tuple, list)):
        return {"list": [enc_out(o) for o in out]}
    if isinstance(out, torch.Tensor):
        return enc(out)
    if isinstance(out, torch.dtype):
        return {"dtypeval": str(out)[6:]}
    return enc(out)
