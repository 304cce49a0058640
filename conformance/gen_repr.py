#!/usr/bin/env python3
"""Golden cases for Tensor.toString(): PyTorch 1.13's repr(tensor) for many dtypes, shapes, value ranges,
print options and autograd states. Writes jtorch-core/src/test/resources/golden/repr.jsonl.

Each case stores the leaf tensor exactly (shape, dtype, flat row-major values: floats as strings, decimal
ones that round-trip in their own dtype for float32/float64, float.hex() for float16/bfloat16, or
"nan"/"inf"/"-inf"; ints as JSON ints, bools as JSON bools), then what to do to it: transform ("t" = .t(),
"step2" = [..., ::2]), requires_grad, op ("mul2" = x*2, "add1" = x+1, "neg", "sum"), the default dtype
and the print options in force while printing, and the expected repr (or the error PyTorch raised)."""
import json
import math
import os
import zlib

import numpy

import torch
from torch import _tensor_str

OUT = os.path.join(os.path.dirname(__file__), "..", "jtorch-core", "src", "test", "resources", "golden", "repr.jsonl")

DTYPES = {
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16,
    "int64": torch.int64, "int32": torch.int32, "int16": torch.int16, "int8": torch.int8,
    "uint8": torch.uint8, "bool": torch.bool,
}
FLOATS = ["float32", "float64", "float16", "bfloat16"]
INTS = ["int64", "int32", "int16", "int8", "uint8"]

cases = []
gen = torch.Generator().manual_seed(1234)


def enc(v, dtype):
    if dtype == "bool":
        return bool(v)
    if dtype in INTS:
        return int(v)
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if dtype == "float64":
        return repr(v)                    # shortest round-trip decimal: Double.parseDouble gives v back
    if dtype == "float32":
        return str(numpy.float32(v))      # shortest float32 round-trip decimal: Float.parseFloat gives v back
    return v.hex()                        # float16/bfloat16: exact hex, no double rounding through float32


def add(values, shape, dtype, *, transform=None, requires_grad=False, op=None, default_dtype="float32",
        opts=None, device=None):
    """values: anything torch.tensor accepts as float64/int64/bool data, flat; converted to dtype."""
    t = torch.tensor(values, dtype=torch.float64 if dtype in FLOATS else
                     (torch.bool if dtype == "bool" else torch.int64))
    t = t.to(DTYPES[dtype]).reshape(shape)
    flat = [enc(v, dtype) for v in (t.double() if dtype in FLOATS else t).reshape(-1).tolist()]
    x = t.clone()
    if transform == "t":
        x = x.t()
    elif transform == "step2":
        x = x[..., ::2]
    elif transform == "select1":
        x = x[1]
    elif transform == "expand":
        x = x.expand(3, *x.shape)
    if requires_grad:
        x.requires_grad_(True)
    y = x
    if op == "mul2":
        y = x * 2
    elif op == "add1":
        y = x + 1
    elif op == "neg":
        y = -x
    elif op == "sum":
        y = x.sum()
    elif op == "sum0":
        y = x.sum(0)
    elif op == "mean":
        y = x.mean()
    elif op == "sub1":
        y = x - 1
    elif op == "div2":
        y = x / 2
    elif op == "t":
        y = x.t()
    elif op == "select1":
        y = x[1]
    elif op == "reshape":
        y = x.reshape(-1)
    elif op == "clone":
        y = x.clone()
    elif op == "double":
        y = x.double()
    elif op == "expand":
        y = x.expand(2, *x.shape)
    if default_dtype != "float32":
        torch.set_default_dtype(DTYPES[default_dtype])
    if opts:
        torch.set_printoptions(**opts)
    error = None
    try:
        if device is None:
            expected = repr(y)
        else:
            # No GPU here: drive PyTorch's own printer as _str_intern does for a tensor on `device`, whose
            # first suffix is the device.
            suffixes = ["device='" + device + "'"]
            if y.dtype not in (torch.get_default_dtype(), torch.int64, torch.bool):
                suffixes.append("dtype=" + str(y.dtype))
            if y.grad_fn is not None:
                suffixes.append("grad_fn=<{}>".format(type(y.grad_fn).__name__))
            elif y.requires_grad:
                suffixes.append("requires_grad=True")
            with torch.no_grad():
                expected = _tensor_str._add_suffixes("tensor(" + _tensor_str._tensor_str(y, 7), suffixes, 7, False)
    except RuntimeError as e:
        error = str(e)
    finally:
        torch.set_printoptions(profile="default")
        torch.set_default_dtype(torch.float32)
    case = {"id": len(cases), "shape": list(shape), "dtype": dtype, "values": flat}
    if transform:
        case["transform"] = transform
    if requires_grad:
        case["requires_grad"] = True
    if op:
        case["op"] = op
    if default_dtype != "float32":
        case["default_dtype"] = default_dtype
    if opts:
        case["opts"] = {k: ("inf" if isinstance(v, float) and math.isinf(v) else v) for k, v in opts.items()}
    if device:
        case["device"] = device
    if error is None:
        case["expected"] = expected
    else:
        case["error"] = error
    cases.append(case)


def numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def randn(n, scale=1.0):
    return (torch.randn(n, generator=gen, dtype=torch.float64) * scale).tolist()


def uniform(n, lo, hi):
    return (torch.rand(n, generator=gen, dtype=torch.float64) * (hi - lo) + lo).tolist()


def randint(n, lo, hi):
    return torch.randint(lo, hi, (n,), generator=gen, dtype=torch.int64).tolist()


# ---- value families for floating dtypes
def float_families(n):
    return {
        "small": uniform(n, -1, 1),
        "unit": uniform(n, 0, 1),
        "randn": randn(n),
        "large": randn(n, 1e4),
        "mixed": [v * 10 ** int(e) for v, e in zip(randn(n), uniform(n, -6, 7))],
        "tiny": randn(n, 1e-5),
        "huge": randn(n, 1e9),
        "intvals": [float(v) for v in randint(n, -50, 50)],
        "bigints": [float(v) for v in randint(n, -10**6, 10**6)],
        "intsci": [float(v) * 1e9 for v in randint(n, 1, 9)],
        "intratio": [float(v) for v in randint(n, 1, 5)][:-1] + [5000.0],
        "negative": uniform(n, -100, -0.01),
    }


SHAPES = [(), (1,), (4,), (7,), (2, 3), (3, 1), (1, 4), (4, 5), (2, 3, 4), (2, 2, 2, 2), (1, 1, 3), (3, 2, 1, 2)]

for dtype in FLOATS:
    for shape in SHAPES:
        n = numel(shape)
        for name, vals in float_families(n).items():
            if n == 1 and name == "intratio":
                continue
            if dtype in ("float16", "bfloat16") and name in ("huge", "intsci") and dtype == "float16":
                continue  # overflows to inf in float16; covered by the nan/inf cases
            # a subset per shape keeps the file small while every family meets every dtype
            if zlib.crc32(repr((name, shape)).encode()) % 3 != 0 and shape not in ((4,), (2, 3), ()):
                continue
            add(vals, shape, dtype)

# deterministic coverage independent of hash randomisation: every family x dtype on a 1-d and a 2-d shape
for dtype in FLOATS:
    for shape in [(5,), (3, 3)]:
        for name, vals in float_families(numel(shape)).items():
            if dtype == "float16" and name in ("huge", "intsci"):
                continue
            add(vals, shape, dtype)

# special values
SPECIAL = [
    [float("nan")], [float("inf")], [float("-inf")], [float("nan"), 1.0], [float("nan"), 1.5],
    [float("inf"), -float("inf"), 1.0], [float("inf"), 2.25, float("nan")], [float("nan"), float("nan")],
    [0.0, 0.0, 0.0], [-0.0], [-0.0, 1.0], [-0.0, 1.5], [-0.0, 0.0, -0.0], [0.0, 1e-5], [-0.0, 1e10],
    [1e-5, float("nan"), -float("inf")], [123456789.0, float("inf")], [0.03125, 0.09375, 0.15625],
    [1.00005, 2.00015, 0.00025], [0.5, 1.5, 2.5], [1e8, 1.0], [1e8 + 1, 1.0], [1000.0, 1.0], [1001.0, 1.0],
    [1e-4, 1.0], [1.5e-4, 1.0], [0.1, 100.0], [0.1, 100.1], [99999.5, 0.5], [-1e-10, 1e10],
    [3.14159, -2.71828, 1e-3], [1.0, 10.0, 100.0, 1000.0], [65504.0, -65504.0], [1.0 / 3, 2.0 / 3],
    [9.99995, 0.00005], [0.99995], [12345.678], [-12345.678], [1e20], [1e-20], [-5e-7, 5e-7],
    [float("nan"), 0.0, -0.0],
]
for dtype in FLOATS:
    for vals in SPECIAL:
        add(vals, (len(vals),), dtype)
    add([float("nan")], (), dtype)
    add([-0.0], (), dtype)
    add([float("-inf")], (), dtype)
    add([2.5], (), dtype)
    add([1e-7], (), dtype)
    add([123456.0], (), dtype)

# integer dtypes
for dtype in INTS:
    lo, hi = {"int64": (-10**12, 10**12), "int32": (-2**31, 2**31 - 1), "int16": (-2**15, 2**15 - 1),
              "int8": (-128, 127), "uint8": (0, 255)}[dtype]
    for shape in [(), (1,), (6,), (2, 3), (3, 4, 2), (2, 2, 2, 2)]:
        n = numel(shape)
        add(randint(n, lo, hi), shape, dtype)
        add(randint(n, 0, 10), shape, dtype)
        if dtype != "uint8":
            add(randint(n, -9, 10), shape, dtype)
    add([lo, hi, 0], (3,), dtype)
    add(randint(30, lo, hi), (30,), dtype)       # wraps at 80 columns
    add(randint(1200, lo, hi), (1200,), dtype)   # summarised
    add(randint(1100, 0, 5), (10, 110), dtype)
add([-2**63, 2**63 - 1, 0], (3,), "int64")

# bool
for shape in [(), (1,), (5,), (2, 3), (2, 2, 3), (30,)]:
    n = numel(shape)
    add([bool(v) for v in randint(n, 0, 2)], shape, "bool")
add([True] * 4, (4,), "bool")
add([False] * 4, (2, 2), "bool")
add([bool(v) for v in randint(1500, 0, 2)], (1500,), "bool")
add([bool(v) for v in randint(1200, 0, 2)], (30, 40), "bool")

# empty tensors
for dtype in DTYPES:
    for shape in [(0,), (0, 3), (3, 0), (2, 0, 4)]:
        add([], shape, dtype)
add([], (0,), "float64", default_dtype="float64")
add([], (0, 2), "float32", default_dtype="float64")

# wide rows that wrap, summarised tensors, higher dims
for dtype in FLOATS:
    add(randn(30), (30,), dtype)
    add(uniform(25, 0, 1000), (25,), dtype)
    add(randn(40, 1e-6), (40,), dtype)
    add(randn(60), (3, 20), dtype)
    add(randn(1001), (1001,), dtype)
    add(randn(1200), (40, 30), dtype)
    add(randn(1331), (11, 11, 11), dtype)
    add(randn(1200), (3, 400), dtype)
    add(randn(1200), (400, 3), dtype)
    add(randn(2 * 3 * 7 * 25), (2, 3, 7, 25), dtype)
    add([float(v) for v in randint(2000, -100, 100)], (2000,), dtype)
    add([float(v) for v in randint(7 * 8 * 9 * 3, -5, 5)], (7, 8, 9, 3), dtype)
    add(randn(120, 1e5), (4, 30), dtype)
for n in (1000, 1001, 7, 6):
    add(randn(n), (n,), "float32")

# non-contiguous views
for dtype in ["float32", "float64", "int64", "bool", "float16"]:
    vals = randn(12) if dtype in FLOATS else ([bool(v) for v in randint(12, 0, 2)] if dtype == "bool" else randint(12, -99, 99))
    add(vals, (3, 4), dtype, transform="t")
    add(vals, (3, 4), dtype, transform="step2")
add(randn(1500), (50, 30), "float32", transform="t")

# autograd: leaves that require grad and results of ops
for dtype in FLOATS:
    add(randn(6), (2, 3), dtype, requires_grad=True)
    add([2.0], (), dtype, requires_grad=True)
    add(randn(6), (6,), dtype, requires_grad=True, op="mul2")
    add(randn(6), (3, 2), dtype, requires_grad=True, op="add1")
    add([1.0, 2.0, 3.0], (3,), dtype, requires_grad=True, op="neg")
    add([1.0, 2.0, 4.0], (3,), dtype, requires_grad=True, op="add1")
    add(randn(1200), (1200,), dtype, requires_grad=True, op="mul2")
    add([], (0,), dtype, requires_grad=True)
    add([], (0, 3), dtype, requires_grad=True, op="mul2")
for dtype in ["float32", "float64"]:
    add([1.0, 2.5, 3.0, 4.0], (2, 2), dtype, requires_grad=True, op="sum")
    add([0.5, 0.25], (2,), dtype, requires_grad=True, op="sum")
    add(randn(6), (2, 3), dtype, transform="t", requires_grad=True, op="mul2")
# views with storage offsets and zero strides, and the grad_fn names of simple ops
for dtype in ["float32", "int32", "bool", "bfloat16"]:
    vals = randn(12) if dtype in FLOATS else ([bool(v) for v in randint(12, 0, 2)] if dtype == "bool" else randint(12, -99, 99))
    add(vals, (3, 4), dtype, transform="select1")
    add(vals, (3, 4), dtype, transform="expand")
for op in ["sum0", "mean", "sub1", "div2", "t", "select1", "reshape", "clone", "expand", "double"]:
    add([1.0, 2.0, 3.0, 4.5, -6.0, 0.25], (2, 3), "float32", requires_grad=True, op=op)
    add([1.0, 2.0, 3.0, 4.5, -6.0, 0.25], (3, 2), "float64", requires_grad=True, op=op)
add([1.0, 2.0, 3.0, 4.5], (4,), "float16", requires_grad=True, op="double")
add([1.0, 2.0, 3.0, 4.5], (2, 2), "float64", transform="t", requires_grad=True, op="reshape")

# suffixes wrapping past 80 columns: rows whose last line ends near the limit
for dtype in ["float32", "float16", "float64"]:
    for n in range(6, 13):
        add(uniform(n, -9, 9), (n,), dtype, requires_grad=True)
        add(uniform(n, -9, 9), (n,), dtype, requires_grad=True, op="add1")
    for n in range(8, 13):
        add(uniform(2 * n, -9, 9), (2, n), dtype, requires_grad=True, op="mul2")
for n in range(6, 16):
    add(uniform(n, -1e5, 1e5), (n,), "bfloat16", requires_grad=True, op="mul2")

# default dtype float64
for dtype in FLOATS + ["int64", "int32", "bool"]:
    vals = randn(4) if dtype in FLOATS else ([True, False, True, True] if dtype == "bool" else [1, 2, 3, 4])
    add(vals, (4,), dtype, default_dtype="float64")
    add(vals[:1], (), dtype, default_dtype="float64")
add(randn(4), (2, 2), "float64", default_dtype="float64", requires_grad=True, op="mul2")
add(randn(4), (2, 2), "float32", default_dtype="float64", requires_grad=True, op="mul2")

# print options
OPTS = [
    {"precision": 2}, {"precision": 0}, {"precision": 8}, {"precision": 10}, {"threshold": 5},
    {"threshold": 5, "edgeitems": 1}, {"threshold": 5, "edgeitems": 2}, {"edgeitems": 1},
    {"linewidth": 40}, {"linewidth": 120}, {"linewidth": 10}, {"sci_mode": True}, {"sci_mode": False},
    {"profile": "short"}, {"profile": "full"}, {"profile": "short", "precision": 6},
    {"precision": 3, "sci_mode": True}, {"threshold": float("inf")}, {"threshold": 0},
    {"threshold": 20, "edgeitems": 0}, {"precision": 20}, {"precision": 1, "linewidth": 30, "threshold": 50},
]
for opts in OPTS:
    add(randn(12), (12,), "float32", opts=opts)
    add(randn(24), (2, 3, 4), "float64", opts=opts)
    add(randn(1100, 1e3), (1100,), "float32", opts=opts)
    add(randn(1122), (33, 34), "float32", opts=opts)
    add([1.0, 2.0, 300.0], (3,), "float32", opts=opts)
    add([1.0, 2.0, 3e9], (3,), "float32", opts=opts)
    add([1e-6, 0.5, float("nan")], (3,), "float64", opts=opts)
    add([0.0, -0.0], (2,), "float32", opts=opts)
    add(randint(30, -999, 999), (30,), "int64", opts=opts)
    add([1.5], (), "float16", opts=opts)
    add(randn(16), (16,), "float32", requires_grad=True, op="mul2", opts=opts)

# device suffix
add([1.0, 2.0], (2,), "float32", device="cuda:0")
add(randn(6), (2, 3), "float16", device="cuda:0")
add(randn(6), (2, 3), "float64", device="cuda:1", requires_grad=True)
add([1, 2, 3], (3,), "int64", device="cuda:0")
add(uniform(11, -9, 9), (11,), "float32", device="cuda:0", requires_grad=True, op="mul2")

# seeded random mixtures of all of the above: dtype, shape, value family, sprinkled special values, options
def fuzz(count, seed):
    g = torch.Generator().manual_seed(seed)

    def pick(seq):
        return seq[int(torch.randint(len(seq), (1,), generator=g))]

    specials = [0.0, -0.0, float("nan"), float("inf"), float("-inf"), 1.0, -1.0, 1e-5, 1e9]
    for _ in range(count):
        dtype = pick(list(DTYPES))
        ndim = pick([0, 1, 1, 2, 2, 3, 4])
        big = pick([False, False, False, True])
        shape = tuple(pick([1, 2, 3, 5, 8] if not big else [7, 12, 40]) for _ in range(ndim))
        while numel(shape) > 2500:  # enough to summarise, small enough to keep the file small
            shape = shape[1:] + (1,)
        n = numel(shape)
        if dtype in FLOATS:
            vals = pick(list(float_families(n).values()))
            if n > 1 and pick([True, False]):
                for i in range(0, n, pick([2, 3, 7])):
                    vals[i] = pick(specials)
        elif dtype == "bool":
            vals = [bool(v) for v in randint(n, 0, 2)]
        else:
            lo, hi = {"int64": (-10**15, 10**15), "int32": (-2**31, 2**31), "int16": (-2**15, 2**15),
                      "int8": (-128, 128), "uint8": (0, 256)}[dtype]
            vals = randint(n, pick([lo, 0, -3]), pick([hi, 10]))
        opts = None
        if pick([True, False, False]):
            opts = pick([{"precision": pick([0, 1, 2, 6])}, {"linewidth": pick([20, 50, 100])},
                         {"threshold": pick([3, 10, 100]), "edgeitems": pick([1, 2, 4])},
                         {"sci_mode": pick([True, False])}, {"profile": pick(["short", "full"])}])
        grad = dtype in FLOATS and pick([True, False])
        op = pick([None, "mul2", "add1", "neg"]) if grad and n > 0 else None
        add(vals, shape, dtype, requires_grad=grad, op=op, opts=opts,
            default_dtype=pick(["float32"] * 5 + ["float64"]))


fuzz(int(os.environ.get("REPR_FUZZ", "250")), int(os.environ.get("REPR_FUZZ_SEED", "7")))
if "REPR_OUT" in os.environ:
    OUT = os.environ["REPR_OUT"]

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    for c in cases:
        f.write(json.dumps(c) + "\n")
print(len(cases), "cases written to", os.path.normpath(OUT))
