"""Golden data for the math issue (binary, unary, reductions, linalg, indexing ops), from real PyTorch 1.13.

Run from the repository root: /usr/bin/python3 conformance/gen_math.py
Writes jtorch-core/src/test/resources/golden/math_*.jsonl, replayed by MathConformanceTest.
"""
import itertools
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from golden_lib import NC, Recorder  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "jtorch-core", "src", "test", "resources", "golden")
torch.manual_seed(1234)

DTYPES = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
          torch.float16, torch.bfloat16, torch.float32, torch.float64]


def rnd(shape, dtype=torch.float32, lo=-3.0, hi=3.0):
    if dtype == torch.bool:
        return torch.rand(shape) > 0.5
    if not dtype.is_floating_point:
        lo_i = int(lo // 1)
        hi_i = max(int(hi // 1), lo_i + 1)
        return torch.randint(lo_i, hi_i + 1, shape).to(dtype)
    return (torch.rand(shape, dtype=torch.float64) * (hi - lo) + lo).to(dtype)


def nonzero_int(shape, dtype=torch.int64, lo=-7, hi=7):
    t = torch.randint(lo, hi + 1, shape)
    t[t == 0] = 3
    return t.to(dtype)


# ---------------------------------------------------------------------------------------------- binary

def binary_ops():
    def sc(fn):
        return lambda i, a: fn(i[0], i[1], **a)
    ops = {
        "result_type": lambda i, a: torch.result_type(i[0], i[1]),
        "add": sc(torch.add), "sub": sc(torch.sub), "mul": sc(torch.mul), "div": sc(torch.div),
        "rsub": lambda i, a: torch.rsub(i[0], i[1], **a),
        "floor_divide": sc(torch.floor_divide), "remainder": sc(torch.remainder), "fmod": sc(torch.fmod),
        "pow": sc(torch.pow), "maximum": sc(torch.maximum), "minimum": sc(torch.minimum),
        "fmax": sc(torch.fmax), "fmin": sc(torch.fmin),
        "atan2": sc(torch.atan2), "hypot": sc(torch.hypot), "xlogy": sc(torch.xlogy),
        "copysign": sc(torch.copysign),
        "lerp": lambda i, a: torch.lerp(i[0], i[1], i[2]),
        "eq": sc(torch.eq), "ne": sc(torch.ne), "lt": sc(torch.lt), "le": sc(torch.le), "gt": sc(torch.gt),
        "ge": sc(torch.ge),
        "equal": lambda i, a: torch.equal(i[0], i[1]),
        "isclose": lambda i, a: torch.isclose(i[0], i[1], **a),
        "allclose": lambda i, a: torch.allclose(i[0], i[1], **a),
        "logical_and": sc(torch.logical_and), "logical_or": sc(torch.logical_or),
        "logical_xor": sc(torch.logical_xor), "logical_not": lambda i, a: torch.logical_not(i[0]),
        "bitwise_and": sc(torch.bitwise_and), "bitwise_or": sc(torch.bitwise_or),
        "bitwise_xor": sc(torch.bitwise_xor), "bitwise_not": lambda i, a: torch.bitwise_not(i[0]),
        "bitwise_left_shift": sc(torch.bitwise_left_shift), "bitwise_right_shift": sc(torch.bitwise_right_shift),
        "clamp": lambda i, a: torch.clamp(i[0], *i[1:]),
        "clamp_min": lambda i, a: torch.clamp_min(i[0], i[1]),
        "clamp_max": lambda i, a: torch.clamp_max(i[0], i[1]),
        "masked_fill": lambda i, a: i[0].masked_fill(i[1], i[2]),
        "where": lambda i, a: torch.where(i[0], i[1], i[2]),
    }
    # in-place forms: the op applied to a clone of input 0, as a method
    for name in ["add", "sub", "mul", "div", "floor_divide", "remainder", "fmod", "pow", "atan2", "hypot",
                 "xlogy", "logical_and", "bitwise_and", "clamp", "masked_fill", "lerp", "eq", "lt", "ge"]:
        def ip(i, a, name=name):
            x = i[0].clone()
            return getattr(x, name + "_")(*i[1:], **a)
        ops[name + "_"] = ip
    return ops


def gen_binary():
    r = Recorder(binary_ops())
    # type promotion: every dtype pair, dimensioned and 0-d, and Java scalars of each kind
    for da, db in itertools.product(DTYPES, DTYPES):
        for sa, sb in [((2,), (2,)), ((2,), ()), ((), (2,)), ((), ())]:
            r.case("result_type", [torch.ones(sa, dtype=da), torch.ones(sb, dtype=db)])
    for d in DTYPES:
        for s in [True, 2, 2.5]:
            r.case("result_type", [torch.ones((2,), dtype=d), s])
            r.case("result_type", [torch.ones((), dtype=d), s])

    shapes = [((3, 4), (3, 4)), ((3, 4), (4,)), ((4,), (3, 4)), ((3, 1), (1, 4)), ((2, 3, 4), (3, 1)),
              ((), (3,)), ((3,), ()), ((0, 3), (3,)), ((2, 1, 3), (4, 1))]
    arith = ["add", "sub", "mul", "div", "maximum", "minimum", "atan2", "hypot", "xlogy", "fmax", "fmin",
             "copysign", "remainder", "fmod", "pow"]
    for op in arith:
        for sa, sb in shapes:
            a = rnd(sa, torch.float32)
            b = rnd(sb, torch.float32, 0.5, 3.0) if op in ("pow", "xlogy") else rnd(sb, torch.float32)
            if op == "pow":
                a = rnd(sa, torch.float32, 0.2, 2.0)
            r.case(op, [a, b], grad=op not in ("remainder", "fmod") or True)
        # float64 with gradients, non-contiguous
        a = rnd((3, 4), torch.float64, 0.3, 2.0)
        b = rnd((4, 3), torch.float64, 0.3, 2.0).t()
        r.case(op, [NC(a), b], grad=True)
        r.case(op, [a, NC(b.contiguous())], grad=True)
        # mixed dtypes
        for da, db in [(torch.int64, torch.float32), (torch.int32, torch.int64), (torch.float32, torch.float64),
                       (torch.uint8, torch.int8), (torch.bool, torch.int64), (torch.int64, torch.int64)]:
            a = rnd((2, 3), da, 1, 5)
            b = nonzero_int((2, 3), db) if not db.is_floating_point and db != torch.bool else rnd((2, 3), db, 1, 4)
            if op == "pow" and not db.is_floating_point:
                b = rnd((2, 3), db, 0, 3)
            r.case(op, [a, b])
            r.case(op, [a.reshape(-1)[0].reshape(()), b])
    # half precision operands, alone and mixed with float32 (float16 with bfloat16 promotes to float32)
    for op in ["add", "sub", "mul", "div", "maximum", "pow", "eq", "lt"]:
        for da, db in [(torch.float16, torch.float16), (torch.bfloat16, torch.bfloat16), (torch.float16, torch.float32),
                       (torch.float16, torch.bfloat16), (torch.bfloat16, torch.int64)]:
            a = rnd((2, 3), da, 0.5, 3) if da.is_floating_point else rnd((2, 3), da, 1, 3)
            b = rnd((3,), db, 0.5, 3) if db.is_floating_point else rnd((3,), db, 1, 3)
            r.case(op, [a, b])
        if op != "maximum":
            r.case(op, [rnd((2, 3), torch.float16, 0.5, 3), 2.5])
    # int division family with negative operands, and every rounding mode
    for op in ["div", "floor_divide", "remainder", "fmod"]:
        for dt in [torch.int64, torch.int32, torch.int8, torch.float32, torch.float64]:
            a = torch.tensor([-7, -6, -1, 0, 1, 5, 7, 9], dtype=dt)
            b = torch.tensor([2, -3, 3, -2, -2, 2, -4, 4], dtype=dt)
            r.case(op, [a, b])
            r.case(op, [a, 3])
            r.case(op, [a, -2.5])
            if op == "div":
                for mode in ["trunc", "floor"]:
                    r.case(op, [a, b], {"rounding_mode": mode})
                    r.case(op, [a, -3], {"rounding_mode": mode})
        r.case(op, [torch.tensor([1, 2]), torch.tensor([0, 1])])  # ZeroDivisionError for ints
    r.case("div", [torch.tensor([1.0, -1.0, 0.0]), torch.tensor([0.0, 0.0, 0.0])])
    r.case("div", [torch.tensor([5, -5]), torch.tensor([0, 2])], {"rounding_mode": "trunc"})
    r.case("div", [torch.tensor([5.5, -5.5, 7.0]), torch.tensor([2.0, 2.0, 0.0])], {"rounding_mode": "floor"})
    r.case("div", [torch.tensor([5.0]), torch.tensor([2.0])], {"rounding_mode": "round"})
    # Java scalar operands: integral scalars keep integral tensors integral
    for op in ["add", "sub", "mul", "div", "pow", "remainder", "fmod", "floor_divide", "eq", "ne", "lt", "le",
               "gt", "ge", "maximum"]:
        for dt in [torch.int64, torch.int32, torch.uint8, torch.float32, torch.float64, torch.bool]:
            if op in ("maximum",):
                continue
            x = rnd((2, 3), dt, 1, 5)
            for s in [2, 2.5, -3]:
                if op == "sub" and dt == torch.bool:
                    continue
                r.case(op, [x, s], grad=False)
            if op in ("add", "sub", "mul", "div", "pow", "remainder"):
                r.case(op, [2.5, x] if op != "pow" else [2.0, x])
                r.case(op, [3, x])
    for dt in [torch.int64, torch.float32]:
        r.case("add", [rnd((2, 3), dt), rnd((2, 3), dt)], {"alpha": 2})
        r.case("sub", [rnd((2, 3), dt), rnd((3,), dt)], {"alpha": 3})
    r.case("add", [rnd((2, 3), torch.float64), rnd((2, 3), torch.float64)], {"alpha": 2.5}, grad=True)
    r.case("sub", [rnd((2, 3), torch.float64), rnd((3,), torch.float64)], {"alpha": -1.5}, grad=True)
    r.case("add", [rnd((2, 3), torch.int64), rnd((2, 3), torch.int64)], {"alpha": 2.5})
    r.case("rsub", [rnd((2, 3), torch.float64), rnd((2, 3), torch.float64)], grad=True)
    r.case("rsub", [rnd((2, 3), torch.int64), 5])
    r.case("rsub", [rnd((2, 3), torch.int64), 5.5])
    r.case("sub", [torch.tensor([True]), torch.tensor([False])])
    r.case("sub", [torch.tensor([True]), torch.tensor([1])])
    # errors: shapes that do not broadcast
    r.case("add", [rnd((2, 3)), rnd((2, 4))])
    r.case("mul", [rnd((3, 3)), rnd((3, 4))])
    r.case("maximum", [rnd((2, 3)), rnd((4,))])
    # pow specifics
    r.case("pow", [torch.tensor([2, 3, -2]), torch.tensor([-1, 0, 3])])
    r.case("pow", [torch.tensor([1, -1, 2]), -2])
    r.case("pow", [torch.tensor([0.0, 0.0, 2.0, -2.0], dtype=torch.float64), torch.tensor([0.0, 2.0, 0.5, 3.0], dtype=torch.float64)], grad=True)
    r.case("pow", [2.0, rnd((2, 3), torch.float64)], grad=True)
    r.case("pow", [2.0, torch.tensor([0, 1, 5])])
    r.case("pow", [2, torch.tensor([0, 1, 5])])
    for e in [0.0, 0.5, -0.5, 1.0, 2.0, 3.0, -1.0, -2.0, 1.7]:
        r.case("pow", [rnd((5,), torch.float64, 0.3, 3.0), e], grad=True)
        r.case("pow", [rnd((5,), torch.float32, 0.3, 3.0), e], grad=True)
    # comparisons of mixed types and NaN
    nanv = torch.tensor([1.0, float("nan"), float("inf"), -float("inf"), 0.0, -0.0])
    for op in ["eq", "ne", "lt", "le", "gt", "ge", "maximum", "minimum", "fmax", "fmin"]:
        r.case(op, [nanv, torch.tensor([1.0, 1.0, float("inf"), 0.0, -0.0, float("nan")])])
        r.case(op, [rnd((3, 4), torch.int64), rnd((4,), torch.float32)])
        r.case(op, [rnd((3, 4), torch.int32), rnd((3, 1), torch.int8)])
        r.case(op, [rnd((3, 4), torch.uint8, 0, 4), rnd((4,), torch.bool)])
    for op in ["eq", "lt", "ge"]:
        r.case(op, [rnd((2, 2), torch.int64), rnd((), torch.float64)])
        r.case(op, [rnd((2, 2), torch.float32), 1])
    # equal / isclose / allclose
    x = rnd((3, 4), torch.float64)
    r.case("equal", [x, x.clone()])
    r.case("equal", [x, x[:2]])
    r.case("equal", [nanv, nanv.clone()])
    r.case("equal", [torch.tensor([1, 2]), torch.tensor([1, 3])])
    y = x + torch.tensor(1e-6, dtype=torch.float64)
    for kw in [{}, {"rtol": 1e-8, "atol": 1e-9}, {"rtol": 0.0, "atol": 1e-5}, {"equal_nan": True}]:
        r.case("isclose", [x, y], kw)
        r.case("allclose", [x, y], kw)
        r.case("isclose", [nanv, torch.tensor([1.0, float("nan"), float("inf"), float("inf"), 1e-9, 0.0])], kw)
    r.case("isclose", [torch.tensor([1, 2, 3]), torch.tensor([1, 2, 4])])
    r.case("isclose", [torch.tensor([1.0]), torch.tensor([1.0], dtype=torch.float64)])
    r.case("isclose", [torch.tensor([1.0]), torch.tensor([1.0])], {"rtol": -1.0})
    # logical and bitwise
    for op in ["logical_and", "logical_or", "logical_xor"]:
        for da, db in [(torch.bool, torch.bool), (torch.int64, torch.float32), (torch.float64, torch.bool),
                       (torch.uint8, torch.int8)]:
            r.case(op, [rnd((3, 4), da, 0, 2), rnd((4,), db, 0, 2)])
    for dt in [torch.bool, torch.int64, torch.float32, torch.uint8]:
        r.case("logical_not", [rnd((2, 3), dt, -1, 1)])
    for op in ["bitwise_and", "bitwise_or", "bitwise_xor"]:
        for da, db in [(torch.int64, torch.int64), (torch.int32, torch.int8), (torch.bool, torch.bool),
                       (torch.uint8, torch.uint8), (torch.float32, torch.float32), (torch.int16, torch.bool)]:
            r.case(op, [rnd((3, 4), da, -20, 20), rnd((3, 4), db, -20, 20)])
        r.case(op, [rnd((3, 4), torch.int64, -20, 20), 6])
        r.case(op, [rnd((3,), torch.bool), True])
    for dt in [torch.int64, torch.int8, torch.uint8, torch.bool, torch.float32]:
        r.case("bitwise_not", [rnd((2, 3), dt, -10, 10)])
    for op in ["bitwise_left_shift", "bitwise_right_shift"]:
        for dt in [torch.int64, torch.int32, torch.int8, torch.uint8]:
            a = torch.tensor([1, 3, -5, 7, 100, -128], dtype=torch.int64).to(dt)
            b = torch.tensor([0, 1, 2, 3, 4, 1], dtype=dt)
            r.case(op, [a, b])
            r.case(op, [a, 2])
        r.case(op, [torch.tensor([1.0]), torch.tensor([1.0])])
    # clamp: scalar, tensor, one-sided bounds, dtype promotion and NaN
    xs = rnd((3, 4), torch.float32)
    for lo, hi in [(-1.0, 1.0), (-1.0, None), (None, 0.5), (2.0, -2.0), (-1, 1)]:
        r.case("clamp", [xs, lo, hi])
    r.case("clamp", [rnd((3, 4), torch.float64), -1.0, 1.0], grad=True)
    r.case("clamp", [rnd((3, 4), torch.float64), None, 0.5], grad=True)
    r.case("clamp", [rnd((3, 4), torch.int64), -1, 2])
    r.case("clamp", [rnd((3, 4), torch.int64), -1.5, 2.5])
    r.case("clamp", [rnd((3, 4), torch.int32), -1, None])
    r.case("clamp", [nanv, -0.5, 0.5])
    r.case("clamp", [rnd((3, 4), torch.float32), float("nan"), 0.5])
    r.case("clamp", [rnd((3, 4), torch.float32), None, None])
    r.case("clamp", [rnd((3, 4), torch.float64), rnd((4,), torch.float64, -2, 0), rnd((3, 1), torch.float64, 0, 2)], grad=True)
    r.case("clamp", [rnd((3, 4), torch.float64), rnd((4,), torch.float64, -2, 0), None], grad=True)
    r.case("clamp", [rnd((3, 4), torch.int64), rnd((4,), torch.float32, -2, 0), None])
    r.case("clamp_min", [rnd((3, 4), torch.float64), -0.5], grad=True)
    r.case("clamp_max", [rnd((3, 4), torch.float64), 0.5], grad=True)
    r.case("clamp_min", [rnd((3, 4), torch.int64), 1])
    r.case("clamp", [rnd((3, 4), torch.bool), 0, 1])
    r.case("clamp", [rnd((3, 4), torch.bool), -0.5, 0.5])
    r.case("clamp", [rnd((3, 4), torch.uint8, 0, 9), 2, 5])
    r.case("clamp", [rnd((3, 4), torch.int8, -9, 9), -3, None])
    # masked_fill
    m = rnd((3, 4), torch.bool)
    r.case("masked_fill", [rnd((3, 4), torch.float64), m, 2.5], grad=True)
    r.case("masked_fill", [rnd((3, 4), torch.float32), rnd((4,), torch.bool), -1.0])
    r.case("masked_fill", [rnd((3, 4), torch.int64), m, 7])
    r.case("masked_fill", [rnd((3, 4), torch.int64), m, 2.5])
    r.case("masked_fill", [rnd((3, 4), torch.float64), m, torch.tensor(3.0, dtype=torch.float64)], grad=True)
    r.case("masked_fill", [rnd((3, 4), torch.float32), m.to(torch.uint8), 1.0])
    r.case("masked_fill", [rnd((3, 4), torch.float32), m, torch.tensor([1.0, 2.0])])
    r.case("masked_fill", [NC(rnd((3, 4), torch.float32)), m, 0.0])
    # lerp and where
    for w in [0.3, 0.7]:
        r.case("lerp", [rnd((3, 4), torch.float64), rnd((4,), torch.float64), w], grad=True)
    r.case("lerp", [rnd((3, 4), torch.float64), rnd((3, 4), torch.float64), rnd((3, 4), torch.float64, 0, 1)], grad=True)
    r.case("lerp", [rnd((3, 4), torch.float32), rnd((3, 4), torch.float32), rnd((3, 1), torch.float32, -1, 2)])
    r.case("lerp", [rnd((3, 4), torch.float32), rnd((3, 4), torch.float64), 0.5])
    r.case("where", [m, rnd((3, 4), torch.float64), rnd((4,), torch.float64)], grad=True)
    r.case("where", [m, rnd((3, 4), torch.int64), rnd((4,), torch.float32)])
    # in-place: results written back, castability errors
    for op in ["add_", "sub_", "mul_", "div_", "floor_divide_", "remainder_", "fmod_", "pow_", "atan2_", "hypot_",
               "xlogy_"]:
        r.case(op, [rnd((3, 4), torch.float32, 0.5, 2), rnd((4,), torch.float32, 0.5, 2)])
        r.case(op, [rnd((3, 4), torch.float64, 0.5, 2), rnd((3, 4), torch.int64, 1, 3)])
        r.case(op, [rnd((3, 4), torch.int64, 1, 5), rnd((3, 4), torch.float32, 1, 3)])
        r.case(op, [rnd((4,), torch.float32, 0.5, 2), rnd((3, 4), torch.float32, 0.5, 2)])
        if op not in ("atan2_", "hypot_"):
            r.case(op, [rnd((3, 4), torch.int64, 1, 5), 2])
            r.case(op, [rnd((3, 4), torch.int64, 1, 5), 2.5])
    r.case("add_", [rnd((3, 4), torch.int32, 1, 5), rnd((3, 4), torch.int64, 1, 5)])
    r.case("add_", [rnd((3, 4), torch.bool), rnd((3, 4), torch.int64, 1, 5)])
    r.case("logical_and_", [rnd((3, 4), torch.float32), rnd((3, 4), torch.bool)])
    r.case("bitwise_and_", [rnd((3, 4), torch.int64, 0, 9), rnd((3, 4), torch.int32, 0, 9)])
    r.case("clamp_", [rnd((3, 4), torch.float32), -0.5, 0.5])
    r.case("clamp_", [rnd((3, 4), torch.int64), -0.5, 0.5])
    r.case("masked_fill_", [rnd((3, 4), torch.float32), rnd((4,), torch.bool), 9.0])
    r.case("masked_fill_", [rnd((4,), torch.float32), rnd((3, 4), torch.bool), 9.0])
    r.case("lerp_", [rnd((3, 4), torch.float32), rnd((3, 4), torch.float32), 0.25])
    for op in ["eq_", "lt_", "ge_"]:
        r.case(op, [rnd((3, 4), torch.float32), rnd((4,), torch.float32)])
        r.case(op, [rnd((3, 4), torch.int64), 1.5])
        r.case(op, [rnd((3, 4), torch.bool), rnd((3, 4), torch.bool)])
    r.write(os.path.join(OUT, "math_binary.jsonl"))

# ---------------------------------------------------------------------------------------------- unary

F = torch.nn.functional

UNARY = {
    "neg": torch.neg, "abs": torch.abs, "sign": torch.sign, "exp": torch.exp, "exp2": torch.exp2,
    "expm1": torch.expm1, "log": torch.log, "log2": torch.log2, "log10": torch.log10, "log1p": torch.log1p,
    "sqrt": torch.sqrt, "rsqrt": torch.rsqrt, "square": torch.square, "reciprocal": torch.reciprocal,
    "sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "asin": torch.asin, "acos": torch.acos,
    "atan": torch.atan, "sinh": torch.sinh, "cosh": torch.cosh, "tanh": torch.tanh, "asinh": torch.asinh,
    "acosh": torch.acosh, "atanh": torch.atanh, "sigmoid": torch.sigmoid, "relu": torch.relu, "relu6": F.relu6,
    "leaky_relu": F.leaky_relu, "elu": F.elu, "selu": F.selu, "gelu": F.gelu, "silu": F.silu, "mish": F.mish,
    "softplus": F.softplus, "hardtanh": F.hardtanh, "hardsigmoid": F.hardsigmoid, "hardswish": F.hardswish,
    "logsigmoid": F.logsigmoid, "erf": torch.erf, "erfc": torch.erfc, "erfinv": torch.erfinv,
    "lgamma": torch.lgamma, "digamma": torch.digamma, "floor": torch.floor, "ceil": torch.ceil,
    "round": torch.round, "trunc": torch.trunc, "frac": torch.frac, "isnan": torch.isnan, "isinf": torch.isinf,
    "isfinite": torch.isfinite, "isposinf": torch.isposinf, "isneginf": torch.isneginf,
    "nan_to_num": torch.nan_to_num, "signbit": torch.signbit, "logical_not": torch.logical_not,
}
# the domain each op is smooth on, for values and gradients
DOMAIN = {"log": (0.1, 5), "log2": (0.1, 5), "log10": (0.1, 5), "log1p": (-0.9, 5), "sqrt": (0.1, 5),
          "rsqrt": (0.1, 5), "reciprocal": (0.2, 4), "asin": (-0.95, 0.95), "acos": (-0.95, 0.95),
          "acosh": (1.1, 5), "atanh": (-0.95, 0.95), "erfinv": (-0.99, 0.99), "lgamma": (0.1, 8),
          "digamma": (0.1, 8), "tan": (-1.4, 1.4)}
NONDIFF = {"sign", "floor", "ceil", "round", "trunc", "isnan", "isinf", "isfinite", "isposinf", "isneginf",
           "signbit", "logical_not"}
SPECIALS = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.5, 3.0, 10.0, -10.0, 30.0, -30.0, 1e-8, 100.0,
            float("nan"), float("inf"), -float("inf")]


def unary_ops():
    ops = {}
    for name, fn in UNARY.items():
        ops[name] = lambda i, a, fn=fn: fn(i[0], **a)
        ops[name + "_"] = lambda i, a, name=name: getattr(i[0].clone(), name + "_")(**a) if hasattr(i[0], name + "_") \
            else getattr(F, name)(i[0].clone(), inplace=True, **a)
    return ops


def gen_unary():
    r = Recorder(unary_ops())
    for name in UNARY:
        lo, hi = DOMAIN.get(name, (-3, 3))
        for dt in [torch.float32, torch.float64]:
            r.case(name, [rnd((3, 4), dt, lo, hi)], grad=name not in NONDIFF)
            r.case(name, [NC(rnd((4, 3), dt, lo, hi))], grad=name not in NONDIFF)
            r.case(name, [torch.tensor(SPECIALS, dtype=dt)])
        r.case(name, [rnd((), torch.float32, lo, hi)])
        r.case(name, [rnd((0, 3), torch.float32, lo, hi)])
        r.case(name, [NC(rnd((5,), torch.float64, lo, hi))], grad=name not in NONDIFF)
        for dt in [torch.int64, torch.int32, torch.uint8, torch.bool]:
            r.case(name, [rnd((2, 3), dt, max(lo, 0) if dt == torch.uint8 else lo, hi)])
    # half precision: PyTorch computes in float32 and rounds once, as jtorch does through double
    for name in ["exp", "log", "sqrt", "sin", "tanh", "sigmoid", "relu", "gelu", "silu", "erf", "abs", "neg", "floor",
                 "round", "reciprocal", "isnan", "softplus", "hardswish", "log1p", "expm1"]:
        lo, hi = DOMAIN.get(name, (-3, 3))
        # float16: PyTorch 1.13's CPU kernels mostly lack it ("not implemented for 'Half'"); jtorch computes it
        for dt in [torch.bfloat16]:
            r.case(name, [rnd((3, 4), dt, lo, hi)])
    # wide ranges for the special functions and activations
    wide = torch.cat([torch.linspace(-20, 20, 81, dtype=torch.float64),
                      torch.tensor([1e-300, 1e-20, 1e-5, 0.999, 1.001, 1.4616321449683622, 1.9999, 2.0001, 150.5,
                                    1e10, 1e15, -0.5, -1.5, -2.5, -100.5, -3.999], dtype=torch.float64)])
    for name in ["erf", "erfc", "lgamma", "digamma", "exp", "expm1", "log1p", "sigmoid", "logsigmoid", "softplus",
                 "gelu", "silu", "mish", "elu", "selu", "tanh", "sinh", "cosh", "asinh", "atan", "hardswish",
                 "hardsigmoid", "frac", "round", "nan_to_num", "abs", "exp2", "sin", "cos"]:
        r.case(name, [wide])
        r.case(name, [wide.float()])
    p = torch.cat([torch.linspace(-0.999999, 0.999999, 101, dtype=torch.float64),
                   torch.tensor([1e-10, -1e-10, 0.9999999999, -0.9999999999, 1.0, -1.0, 1.5], dtype=torch.float64)])
    r.case("erfinv", [p])
    r.case("erfinv", [p.float()])
    pos = torch.cat([torch.logspace(-10, 10, 41, dtype=torch.float64), torch.tensor([0.0, -1.0])])
    for name in ["log", "log2", "log10", "sqrt", "rsqrt", "reciprocal", "acosh"]:
        r.case(name, [pos])
        r.case(name, [pos.float()])
    # keyword variants
    x64 = rnd((3, 4), torch.float64)
    r.case("leaky_relu", [x64], {"negative_slope": 0.2}, grad=True)
    r.case("elu", [x64], {"alpha": 0.5}, grad=True)
    r.case("gelu", [x64], {"approximate": "tanh"}, grad=True)
    r.case("gelu", [wide], {"approximate": "tanh"})
    r.case("gelu", [x64.float()], {"approximate": "tanh"})
    r.case("softplus", [x64], {"beta": 2.0, "threshold": 3.0}, grad=True)
    r.case("hardtanh", [x64], {"min_val": -0.5, "max_val": 2.0}, grad=True)
    r.case("round", [torch.tensor([1.2345, -2.5, 2.5, 0.125, 1234.5678, -0.0051], dtype=torch.float64)], {"decimals": 2})
    r.case("round", [torch.tensor([1234.5678, -2550.0, 150.0], dtype=torch.float64)], {"decimals": -2})
    r.case("round", [torch.tensor([1.2345, -2.5, 2.5, 0.125], dtype=torch.float32)], {"decimals": 1})
    r.case("round", [torch.tensor([12, 25])], {"decimals": 1})
    r.case("round", [torch.tensor([12, 25])], {"decimals": 0})
    r.case("nan_to_num", [torch.tensor(SPECIALS)], {"nan": 1.5, "posinf": 9.0, "neginf": -9.0})
    r.case("nan_to_num", [torch.tensor(SPECIALS, dtype=torch.float64)], {"nan": -1.0})
    # in-place forms
    for name in ["neg", "abs", "exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "floor", "ceil",
                 "round", "trunc", "frac", "erf", "erfinv", "reciprocal", "rsqrt", "exp2", "expm1", "log1p",
                 "sign", "square", "lgamma", "digamma", "nan_to_num", "log2", "tan", "atan"]:
        lo, hi = DOMAIN.get(name, (-3, 3))
        r.case(name + "_", [rnd((3, 4), torch.float32, lo, hi)])
        r.case(name + "_", [rnd((3, 4), torch.int64, max(lo, 1), hi)])
    r.write(os.path.join(OUT, "math_unary.jsonl"))


# ---------------------------------------------------------------------------------------------- reductions

def vi(r):
    return [r.values, r.indices]


def reduce_ops():
    def kw(fn):
        return lambda i, a: fn(i[0], **a)
    return {
        "sum": kw(torch.sum), "mean": kw(torch.mean), "nansum": kw(torch.nansum), "nanmean": kw(torch.nanmean),
        "prod": kw(torch.prod), "amax": kw(torch.amax), "amin": kw(torch.amin), "argmax": kw(torch.argmax),
        "argmin": kw(torch.argmin), "std": kw(torch.std), "var": kw(torch.var),
        "std_mean": lambda i, a: list(torch.std_mean(i[0], **a)), "var_mean": lambda i, a: list(torch.var_mean(i[0], **a)),
        "max": lambda i, a: torch.max(i[0]) if not a else vi(torch.max(i[0], **a)),
        "min": lambda i, a: torch.min(i[0]) if not a else vi(torch.min(i[0], **a)),
        "norm": kw(torch.norm), "vector_norm": kw(torch.linalg.vector_norm), "logsumexp": kw(torch.logsumexp),
        "softmax": kw(torch.softmax), "log_softmax": kw(torch.log_softmax), "cumsum": kw(torch.cumsum),
        "cumprod": kw(torch.cumprod), "cummax": lambda i, a: vi(torch.cummax(i[0], **a)),
        "cummin": lambda i, a: vi(torch.cummin(i[0], **a)), "logcumsumexp": kw(torch.logcumsumexp),
        "all": kw(torch.all), "any": kw(torch.any), "count_nonzero": kw(torch.count_nonzero),
        "median": lambda i, a: torch.median(i[0]) if not a else vi(torch.median(i[0], **a)),
        "mode": lambda i, a: vi(torch.mode(i[0], **a)), "topk": lambda i, a: vi(torch.topk(i[0], **a)),
        "sort": lambda i, a: vi(torch.sort(i[0], **a)), "argsort": kw(torch.argsort),
        "unique": lambda i, a: torch.unique(i[0], **a) if not a else list(torch.unique(i[0], **a)),
        "bincount": lambda i, a: torch.bincount(i[0], *i[1:], **a), "histc": kw(torch.histc),
        "kthvalue": lambda i, a: vi(torch.kthvalue(i[0], **a)),
        "nanmedian": lambda i, a: torch.nanmedian(i[0]) if not a else vi(torch.nanmedian(i[0], **a)),
        "quantile": lambda i, a: torch.quantile(i[0], i[1], **a), "nanquantile": lambda i, a: torch.nanquantile(i[0], i[1], **a),
    }


def distinct(shape, dtype=torch.float64):
    n = 1
    for d in shape:
        n *= d
    if not dtype.is_floating_point:
        return (torch.randperm(n) - n // 2).reshape(shape).to(dtype)
    return (torch.randperm(n).to(torch.float64) * 0.37 - n * 0.15).reshape(shape).to(dtype)


def gen_reduce():
    r = Recorder(reduce_ops())
    x3 = rnd((2, 3, 4), torch.float64)
    dimsets = [{}, {"dim": 0}, {"dim": -1}, {"dim": 1, "keepdim": True}, {"dim": [0, 2]}, {"dim": [0, 2], "keepdim": True},
               {"dim": (-1, -2)}]
    for op in ["sum", "mean", "nansum", "nanmean", "amax", "amin", "logsumexp", "std", "var", "norm", "vector_norm",
               "std_mean", "var_mean", "prod"]:
        for a in dimsets:
            if op in ("logsumexp",) and "dim" not in a:
                continue
            if op == "prod" and ("dim" in a and isinstance(a["dim"], (list, tuple))):
                continue
            if op in ("amax", "amin") and "dim" not in a:
                a = {"dim": []}
            for dt in [torch.float32, torch.float64]:
                r.case(op, [x3.to(dt)], a, grad=op not in ("std_mean", "var_mean"))
            r.case(op, [NC(x3.to(torch.float32))], a)
        r.case(op, [rnd((), torch.float64)], {} if op not in ("logsumexp", "amax", "amin") else {"dim": 0},
               grad=op not in ("std", "var", "std_mean", "var_mean"))
        for dt in [torch.int64, torch.int32, torch.bool, torch.uint8]:
            r.case(op, [rnd((3, 4), dt, 0, 5)], {"dim": 1})
            r.case(op, [rnd((3, 4), dt, 0, 5)], {"dim": 1} if op == "logsumexp" else {})
        r.case(op, [rnd((0, 3), torch.float32)], {"dim": 0} if op != "prod" else {"dim": 0})
        r.case(op, [rnd((0, 3), torch.float32)], {"dim": 1} if op != "prod" else {"dim": 1})
        r.case(op, [x3], {"dim": 5})
        r.case(op, [x3], {"dim": [1, 1]} if op not in ("prod",) else {"dim": 3})
    # dtype arguments and special values
    r.case("sum", [rnd((3, 4), torch.int32)], {"dtype": torch.float64})
    r.case("sum", [rnd((3, 4), torch.float32)], {"dim": 1, "dtype": torch.float64})
    r.case("sum", [rnd((3, 4), torch.bool)], {})
    r.case("mean", [rnd((3, 4), torch.int64)], {})
    r.case("mean", [rnd((3, 4), torch.int64)], {"dtype": torch.float32})
    r.case("prod", [rnd((3, 4), torch.float64)], {"dim": 1, "dtype": torch.float32})
    r.case("prod", [torch.tensor([[2.0, 0.0, 3.0], [0.0, 0.0, 1.5], [1.0, 2.0, 4.0]], dtype=torch.float64)], {"dim": 1}, grad=True)
    r.case("prod", [torch.tensor([[2.0, 0.0, 3.0], [1.0, 2.0, 4.0]], dtype=torch.float64)], {}, grad=True)
    sp = torch.tensor([[1.0, float("nan"), 2.0], [float("inf"), -1.0, 3.0], [-float("inf"), float("inf"), 0.0]])
    for op in ["sum", "nansum", "mean", "nanmean", "amax", "amin", "max", "min", "argmax", "argmin", "logsumexp",
               "softmax", "log_softmax", "cumsum", "cummax", "cummin", "sort", "median", "norm", "all", "any",
               "count_nonzero"]:
        a = {"dim": 1}
        r.case(op, [sp], a)
        r.case(op, [sp.double()], a)
    for v in [2.0, 1.0, 3.0, 0.0, 0.5, float("inf"), -float("inf")]:
        r.case("norm", [x3], {"p": v}, grad=v not in (0.0,))
        r.case("vector_norm", [x3], {"ord": v, "dim": 1}, grad=v not in (0.0,))
        r.case("vector_norm", [x3.float()], {"ord": v, "dim": (0, 2), "keepdim": True})
    r.case("norm", [x3], {"p": "fro", "dim": [1, 2]}, grad=True)
    r.case("vector_norm", [rnd((0, 3))], {"ord": float("inf")})
    r.case("vector_norm", [rnd((3,), torch.int64)], {})
    for c in [0, 1, 2]:
        r.case("var", [x3], {"dim": 1, "correction": c}, grad=True)
        r.case("std", [x3], {"dim": [0, 2], "correction": c, "keepdim": True}, grad=True)
    r.case("var", [x3], {"unbiased": False}, grad=True)
    r.case("std", [x3.float()], {"dim": 2, "unbiased": False})
    r.case("var", [rnd((1,), torch.float64)], {})
    # extrema with positions and ties
    d3 = distinct((2, 3, 4))
    for op in ["max", "min"]:
        r.case(op, [d3], {}, grad=True)
        r.case(op, [torch.tensor([1.0, 3.0, 3.0, 2.0], dtype=torch.float64)], {}, grad=True)
        for a in [{"dim": 0}, {"dim": 1}, {"dim": -1, "keepdim": True}]:
            r.case(op, [d3], a, grad=True)
            r.case(op, [NC(d3.float())], a)
            r.case(op, [rnd((3, 4), torch.int64, -50, 50)], a)
        r.case(op, [rnd((0, 3))], {})
        r.case(op, [rnd((0, 3))], {"dim": 0})
        r.case(op, [rnd((0, 3))], {"dim": 1})
        r.case(op, [torch.tensor([[1, 5, 5], [7, 7, 2]])], {"dim": 1})
        r.case(op, [rnd((3, 4), torch.bool)], {"dim": 1})
    r.case("amax", [torch.tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]], dtype=torch.float64)], {"dim": 1}, grad=True)
    for op in ["argmax", "argmin"]:
        r.case(op, [d3], {})
        r.case(op, [d3], {"dim": 1})
        r.case(op, [d3], {"dim": 2, "keepdim": True})
        r.case(op, [d3], {"dim": None, "keepdim": True})
        r.case(op, [torch.tensor([[1, 5, 5], [7, 7, 2]])], {"dim": 1})
        r.case(op, [rnd((0,))], {})
    # softmax family
    for op in ["softmax", "log_softmax"]:
        for a in [{"dim": 0}, {"dim": 1}, {"dim": -1}]:
            r.case(op, [x3], a, grad=True)
            r.case(op, [x3.float()], a)
            r.case(op, [NC(x3.float())], a)
        r.case(op, [rnd((3, 4), torch.int64)], {"dim": 1})
        r.case(op, [rnd((3, 4), torch.int64)], {"dim": 1, "dtype": torch.float64})
        r.case(op, [x3.float()], {"dim": 1, "dtype": torch.float64})
        r.case(op, [torch.tensor([1000.0, 0.0, -1000.0])], {"dim": 0})
    for a in [{"dim": 1}, {"dim": (0, 2)}, {"dim": 1, "keepdim": True}]:
        r.case("logsumexp", [x3], a, grad=True)
    r.case("logsumexp", [torch.tensor([1000.0, 1000.0, -float("inf")])], {"dim": 0})
    # scans
    for op in ["cumsum", "cumprod", "cummax", "cummin", "logcumsumexp"]:
        for a in [{"dim": 0}, {"dim": 1}, {"dim": -1}]:
            r.case(op, [x3], a, grad=True)
            r.case(op, [NC(x3.float())], a)
            r.case(op, [rnd((3, 4), torch.int64, -3, 3)], a)
        r.case(op, [rnd((), torch.float64)], {"dim": 0}, grad=True)
        r.case(op, [rnd((0, 3))], {"dim": 1})
        r.case(op, [rnd((3, 4), torch.bool)], {"dim": 1})
    r.case("cumsum", [rnd((3, 4), torch.int32)], {"dim": 1, "dtype": torch.float32})
    r.case("cumprod", [torch.tensor([[2.0, 0.0, 3.0, 4.0], [0.0, 1.5, 0.0, 2.0]], dtype=torch.float64)], {"dim": 1}, grad=True)
    r.case("cummax", [torch.tensor([1.0, 3.0, 3.0, 2.0, float("nan"), 5.0])], {"dim": 0})
    # all / any / count_nonzero
    for op in ["all", "any", "count_nonzero"]:
        for dt in [torch.bool, torch.float32, torch.int64, torch.uint8]:
            x = rnd((3, 4), dt, 0, 1)
            r.case(op, [x], {})
            r.case(op, [x], {"dim": 1})
            if op != "count_nonzero":
                r.case(op, [x], {"dim": 0, "keepdim": True})
        r.case(op, [rnd((0, 3), torch.bool)], {})
    r.case("count_nonzero", [rnd((2, 3, 4), torch.int64, 0, 2)], {"dim": (0, 2)})
    # median, mode, topk, sort, unique, bincount, histc
    for a in [{}, {"dim": 0}, {"dim": 1}, {"dim": -1, "keepdim": True}]:
        r.case("median", [distinct((3, 5))], a, grad=True)
        r.case("median", [distinct((4, 4)).float()], a)
    r.case("median", [rnd((3, 5), torch.int64, -100, 100)], {})
    r.case("median", [torch.tensor([3.0, float("nan"), 2.0, 1.0])], {})
    r.case("median", [rnd((0,))], {})
    r.case("median", [rnd((2, 0))], {"dim": 1})
    mx = torch.tensor([[1, 2, 2, 3, 3, 1], [5, 5, 4, 4, 0, 9], [7, 7, 7, 1, 1, 1]])
    for a in [{"dim": 1}, {"dim": 0}, {"dim": -1, "keepdim": True}]:
        r.case("mode", [mx], a)
        r.case("mode", [mx.double()], a, grad=True)
    r.case("mode", [mx.float()], {})
    for a in [{"k": 2}, {"k": 3, "dim": 0}, {"k": 1, "largest": False}, {"k": 4, "dim": -1, "largest": False},
              {"k": 0}, {"k": 9}]:
        r.case("topk", [distinct((3, 5))], a, grad=True)
        r.case("topk", [distinct((3, 5), torch.int64)], a)
    for a in [{}, {"dim": 0}, {"descending": True}, {"dim": 0, "descending": True}, {"stable": True}]:
        r.case("sort", [distinct((3, 5))], a, grad=True)
        r.case("sort", [torch.tensor([[2, 1, 2, 3, 1], [5, 5, 5, 0, 0]])], a)
        r.case("sort", [torch.tensor([[2.0, float("nan"), 1.0, 2.0, -float("inf")], [0.0, -0.5, float("nan"), 7.0, 0.0]])], a)
        r.case("argsort", [torch.tensor([[2, 1, 2, 3, 1], [5, 5, 5, 0, 0]])], a)
    r.case("sort", [NC(distinct((4, 5)).float())], {"dim": 1})
    r.case("sort", [rnd((), torch.float64)], {}, grad=True)
    r.case("sort", [rnd((4,), torch.bool)], {})
    u = torch.tensor([[3, 1, 2], [3, 1, 7], [0, 0, 2]])
    r.case("unique", [u], {})
    r.case("unique", [u], {"return_inverse": True})
    r.case("unique", [u], {"return_counts": True})
    r.case("unique", [u], {"return_inverse": True, "return_counts": True})
    r.case("unique", [torch.tensor([1.5, -2.0, 1.5, 0.0, -0.0, 3.0])], {"return_counts": True})
    r.case("unique", [rnd((5,), torch.bool)], {"return_inverse": True, "return_counts": True})
    r.case("unique", [rnd((0,), torch.int64)], {"return_counts": True})
    b = torch.tensor([1, 1, 3, 0, 7, 3, 3])
    r.case("bincount", [b], {})
    r.case("bincount", [b], {"minlength": 10})
    r.case("bincount", [b, torch.linspace(0, 1, 7)], {})
    r.case("bincount", [b, torch.linspace(0, 1, 7, dtype=torch.float64)], {"minlength": 3})
    r.case("bincount", [b.to(torch.int32)], {})
    r.case("bincount", [torch.tensor([1, -1])], {})
    r.case("bincount", [torch.tensor([], dtype=torch.int64)], {})
    h = rnd((50,), torch.float32, -2, 2)
    r.case("histc", [h], {})
    r.case("histc", [h], {"bins": 7, "min": -1, "max": 1})
    r.case("histc", [h.double()], {"bins": 4, "min": -2, "max": 2})
    r.case("histc", [torch.tensor([1.0, 1.0, 1.0])], {"bins": 3})
    r.case("histc", [torch.tensor([1, 2, 3])], {"bins": 3})
    for a in [{"k": 1}, {"k": 3, "dim": 0}, {"k": 2, "dim": 1, "keepdim": True}, {"k": 5}, {"k": 6}]:
        r.case("kthvalue", [distinct((3, 5))], a, grad=a["k"] <= 5)
        r.case("kthvalue", [distinct((3, 5), torch.int64)], a)
    nm = torch.tensor([[3.0, 1.0, 2.0, float("nan")], [4.0, 1.5, -1.0, 2.0], [float("nan")] * 4], dtype=torch.float64)
    r.case("nanmedian", [nm], {})
    r.case("nanmedian", [nm[:2]], {"dim": 1})  # (an all-NaN row's index is an nth_element detail in PyTorch)
    r.case("nanmedian", [nm[:2]], {"dim": 1, "keepdim": True}, grad=True)
    r.case("nanmedian", [distinct((3, 5))], {"dim": 0}, grad=True)
    qx = distinct((3, 6))
    for q in [torch.tensor(0.5, dtype=torch.float64), torch.tensor([0.0, 0.25, 0.6, 1.0], dtype=torch.float64)]:
        for a in [{}, {"dim": 1}, {"dim": 0, "keepdim": True}, {"dim": None, "keepdim": True}]:
            for interp in ["linear", "lower", "higher", "midpoint", "nearest"]:
                r.case("quantile", [qx, q], dict(a, interpolation=interp), grad=interp == "linear")
        r.case("quantile", [qx.float(), q.float()], {"dim": 1})
        r.case("quantile", [nm, q], {"dim": 1})
        r.case("nanquantile", [nm, q], {"dim": 1})
        r.case("nanquantile", [nm[:2], q], {"dim": 1}, grad=True)
    r.case("quantile", [qx, torch.tensor(1.5, dtype=torch.float64)], {})
    r.case("quantile", [qx.long(), torch.tensor(0.5)], {})
    r.case("quantile", [qx, torch.tensor(0.5)], {})
    r.case("quantile", [qx, torch.tensor(0.5, dtype=torch.float64)], {"interpolation": "cubic"})
    r.write(os.path.join(OUT, "math_reduce.jsonl"))


# ---------------------------------------------------------------------------------------------- indexing ops

def index_ops():
    return {
        "gather": lambda i, a: torch.gather(i[0], a["dim"], i[1]),
        "scatter": lambda i, a: torch.scatter(i[0], a["dim"], i[1], i[2], **({"reduce": a["reduce"]} if "reduce" in a else {})),
        "scatter_add": lambda i, a: torch.scatter_add(i[0], a["dim"], i[1], i[2]),
        "scatter_": lambda i, a: i[0].clone().scatter_(a["dim"], i[1], i[2], **({"reduce": a["reduce"]} if "reduce" in a else {})),
        "index_add": lambda i, a: torch.index_add(i[0], a["dim"], i[1], i[2], **({"alpha": a["alpha"]} if "alpha" in a else {})),
        "index_copy": lambda i, a: torch.index_copy(i[0], a["dim"], i[1], i[2]),
        "take": lambda i, a: torch.take(i[0], i[1]),
        "take_along_dim": lambda i, a: torch.take_along_dim(i[0], i[1], **a),
        "scatter_reduce": lambda i, a: torch.scatter_reduce(i[0], a["dim"], i[1], i[2], a["reduce"],
                                                            include_self=a.get("include_self", True)),
        "nonzero": lambda i, a: torch.nonzero(i[0]),
        "argwhere": lambda i, a: torch.argwhere(i[0]),
    }


def gen_index():
    r = Recorder(index_ops())
    x = rnd((3, 4), torch.float64)
    for dim in [0, 1, -1]:
        idx = torch.randint(0, x.shape[dim], (2, 3) if dim == 0 else (3, 2))
        if dim != 0:
            idx = torch.randint(0, 4, (3, 2))
        else:
            idx = torch.randint(0, 3, (2, 4))
        r.case("gather", [x, idx], {"dim": dim}, grad=True)
        r.case("gather", [NC(x.float()), idx], {"dim": dim})
        r.case("gather", [x.long(), idx], {"dim": dim})
        src = rnd(tuple(idx.shape), torch.float64)
        r.case("scatter", [x, idx, src], {"dim": dim}, grad=True)
        r.case("scatter", [x, idx, 2.5], {"dim": dim}, grad=True)
        r.case("scatter_add", [x, idx, src], {"dim": dim}, grad=True)
        r.case("scatter", [x, idx, src], {"dim": dim, "reduce": "add"})
        r.case("scatter", [x, idx, src], {"dim": dim, "reduce": "multiply"})
        r.case("scatter_", [x.float(), idx, src.float()], {"dim": dim})
        r.case("scatter_add", [x.long(), idx, src.long()], {"dim": dim})
    for red in ["sum", "prod", "mean", "amax", "amin"]:
        for inc in [True, False]:
            base = rnd((3, 4), torch.float64, 0.5, 2)
            idx = torch.tensor([[0, 0, 2, 2, 1], [1, 1, 1, 0, 3], [3, 0, 3, 0, 3]])
            src = rnd((3, 5), torch.float64, 0.5, 2)
            r.case("scatter_reduce", [base, idx, src], {"dim": 1, "reduce": red, "include_self": inc}, grad=True)
            r.case("scatter_reduce", [base.long() * 3, idx, (src * 3).long()], {"dim": 1, "reduce": red, "include_self": inc})
            r.case("scatter_reduce", [base.float(), idx[:2, :3], src.float()], {"dim": 1, "reduce": red, "include_self": inc})
        # ties and zeros
        tb = torch.tensor([[1.0, 2.0, 0.0], [3.0, 3.0, 1.0]], dtype=torch.float64)
        ti = torch.tensor([[0, 0, 1, 2], [1, 1, 0, 2]])
        ts = torch.tensor([[1.0, 0.0, 2.0, 5.0], [3.0, 3.0, 3.0, 0.0]], dtype=torch.float64)
        r.case("scatter_reduce", [tb, ti, ts], {"dim": 1, "reduce": red}, grad=True)
        r.case("scatter_reduce", [tb.t().contiguous(), ti.t().contiguous(), ts.t().contiguous()],
               {"dim": 0, "reduce": red, "include_self": False}, grad=True)
    r.case("scatter_reduce", [x, torch.tensor([[0, 1]]), x], {"dim": 1, "reduce": "max"})
    r.case("gather", [x, torch.tensor([[0, 5]])], {"dim": 1})
    r.case("gather", [x, torch.tensor([0, 1])], {"dim": 1})
    r.case("gather", [x, torch.tensor([[0, -1]])], {"dim": 1})
    r.case("gather", [x, torch.tensor([[0, 1]], dtype=torch.int32)], {"dim": 1})
    r.case("scatter", [x, torch.tensor([[0, 1]]), x.float()], {"dim": 1})
    r.case("scatter", [x, torch.tensor([[0, 1]]), x], {"dim": 1, "reduce": "max"})
    r.case("gather", [rnd((2, 3, 4), torch.float64), torch.randint(0, 3, (2, 2, 4))], {"dim": 1}, grad=True)
    for dim in [0, 1]:
        n = 5
        idx = torch.tensor([0, 2, 2, 1, 0]) if dim == 0 else torch.tensor([3, 0, 1, 3, 2])
        base = rnd((3, 4), torch.float64)
        src = rnd((5, 4) if dim == 0 else (3, 5), torch.float64)
        r.case("index_add", [base, idx, src], {"dim": dim}, grad=True)
        r.case("index_add", [base, idx, src], {"dim": dim, "alpha": 2.5}, grad=True)
        r.case("index_add", [base.long(), idx, src.long()], {"dim": dim})
        cidx = torch.tensor([2, 0, 1]) if dim == 0 else torch.tensor([3, 0, 1, 2])
        csrc = rnd((3, 4), torch.float64)
        r.case("index_copy", [base, cidx, csrc], {"dim": dim}, grad=True)
    r.case("index_add", [x, torch.tensor([0, 1]), rnd((3, 4), torch.float64)], {"dim": 0})
    r.case("index_add", [x, torch.tensor([0, 1]), rnd((2, 4), torch.float32)], {"dim": 0})
    r.case("take", [x, torch.tensor([[0, 11], [-1, 5]])], {}, grad=True)
    r.case("take", [NC(x), torch.tensor([0, 3, 4])], {}, grad=True)
    r.case("take", [x, torch.tensor([12])], {})
    ta = torch.argsort(x, dim=1)
    r.case("take_along_dim", [x, ta], {"dim": 1}, grad=True)
    r.case("take_along_dim", [x, torch.tensor([[0], [2], [1]])], {"dim": 1}, grad=True)
    r.case("take_along_dim", [x, torch.tensor([[0, 1, 2, 1]])], {"dim": 0})
    r.case("take_along_dim", [x, torch.tensor([0, 5])], {})
    for t in [rnd((3, 4), torch.int64, 0, 1), rnd((2, 3, 2), torch.bool), torch.tensor([0.0, 1.5, float("nan"), -0.0]),
              rnd((0, 3), torch.float32), torch.tensor(3.0), torch.tensor(0)]:
        r.case("nonzero", [t], {})
        r.case("argwhere", [t], {})
    r.write(os.path.join(OUT, "math_index.jsonl"))


# ---------------------------------------------------------------------------------------------- linalg

def canon_cols(v, u_rows=None):
    """Eigen/singular vectors are defined up to sign: make each column's largest-magnitude entry positive."""
    idx = v.abs().argmax(dim=-2, keepdim=True)
    sgn = torch.sign(torch.gather(v, -2, idx))
    sgn[sgn == 0] = 1
    return v * sgn, sgn


def linalg_ops():
    def svd(i, a):
        u, s_, vh = torch.linalg.svd(i[0], full_matrices=False)
        u2, sgn = canon_cols(u)
        return [u2, s_, vh * sgn.transpose(-2, -1)]

    def eigh(i, a):
        w, v = torch.linalg.eigh(i[0])
        return [w, canon_cols(v)[0]]
    return {
        "matmul": lambda i, a: torch.matmul(i[0], i[1]), "mm": lambda i, a: torch.mm(i[0], i[1]),
        "bmm": lambda i, a: torch.bmm(i[0], i[1]), "mv": lambda i, a: torch.mv(i[0], i[1]),
        "dot": lambda i, a: torch.dot(i[0], i[1]), "vdot": lambda i, a: torch.vdot(i[0], i[1]),
        "outer": lambda i, a: torch.outer(i[0], i[1]),
        "addmm": lambda i, a: torch.addmm(i[0], i[1], i[2], **a), "addmv": lambda i, a: torch.addmv(i[0], i[1], i[2], **a),
        "baddbmm": lambda i, a: torch.baddbmm(i[0], i[1], i[2], **a),
        "addbmm": lambda i, a: torch.addbmm(i[0], i[1], i[2], **a), "addr": lambda i, a: torch.addr(i[0], i[1], i[2], **a),
        "einsum": lambda i, a: torch.einsum(a["eq"], *i),
        "tensordot": lambda i, a: torch.tensordot(i[0], i[1], dims=a["dims"]),
        "kron": lambda i, a: torch.kron(i[0], i[1]), "trace": lambda i, a: torch.trace(i[0]),
        "tril": lambda i, a: torch.tril(i[0], **a), "triu": lambda i, a: torch.triu(i[0], **a),
        "diag": lambda i, a: torch.diag(i[0], **a), "diagonal": lambda i, a: torch.diagonal(i[0], **a),
        "diag_embed": lambda i, a: torch.diag_embed(i[0]),
        "det": lambda i, a: torch.linalg.det(i[0]), "inv": lambda i, a: torch.linalg.inv(i[0]),
        "solve": lambda i, a: torch.linalg.solve(i[0], i[1]), "cholesky": lambda i, a: torch.linalg.cholesky(i[0], **a),
        "qr": lambda i, a: list(torch.linalg.qr(i[0])), "eigh": eigh, "eigvalsh": lambda i, a: torch.linalg.eigvalsh(i[0]),
        "svd": svd, "svdvals": lambda i, a: torch.linalg.svdvals(i[0]),
        "slogdet": lambda i, a: list(torch.linalg.slogdet(i[0])), "logdet": lambda i, a: torch.logdet(i[0]),
        "pinv": lambda i, a: torch.linalg.pinv(i[0]), "matrix_norm": lambda i, a: torch.linalg.matrix_norm(i[0], **a),
        "matrix_power": lambda i, a: torch.linalg.matrix_power(i[0], a["n"]),
        "cross": lambda i, a: torch.linalg.cross(i[0], i[1], **a), "multi_dot": lambda i, a: torch.linalg.multi_dot(i),
    }


def spd(n, batch=(), dtype=torch.float64):
    a = rnd(batch + (n, n), torch.float64)
    return (a @ a.transpose(-2, -1) + n * torch.eye(n, dtype=torch.float64)).to(dtype)


def gen_linalg():
    r = Recorder(linalg_ops())
    for dt in [torch.float32, torch.float64]:
        r.case("matmul", [rnd((3, 4), dt), rnd((4, 5), dt)], grad=True)
        r.case("matmul", [rnd((2, 3, 4), dt), rnd((4,), dt)], grad=True)
        r.case("matmul", [rnd((4,), dt), rnd((2, 4, 3), dt)], grad=True)
        r.case("matmul", [rnd((2, 1, 3, 4), dt), rnd((5, 4, 2), dt)], grad=True)
        r.case("matmul", [NC(rnd((4, 3), dt)), NC(rnd((3, 4), dt))])
        r.case("mv", [rnd((3, 4), dt), rnd((4,), dt)], grad=True)
        r.case("dot", [rnd((5,), dt), rnd((5,), dt)], grad=True)
        r.case("vdot", [rnd((5,), dt), rnd((5,), dt)])
        r.case("outer", [rnd((3,), dt), rnd((4,), dt)], grad=True)
        r.case("addmm", [rnd((3, 5), dt), rnd((3, 4), dt), rnd((4, 5), dt)], grad=True)
        r.case("addmm", [rnd((5,), dt), rnd((3, 4), dt), rnd((4, 5), dt)], {"beta": 0.5, "alpha": 2.0}, grad=True)
        r.case("addmv", [rnd((3,), dt), rnd((3, 4), dt), rnd((4,), dt)], {"beta": 2.0, "alpha": -1.0}, grad=True)
        r.case("baddbmm", [rnd((2, 3, 5), dt), rnd((2, 3, 4), dt), rnd((2, 4, 5), dt)], {"beta": 0.5, "alpha": 1.5}, grad=True)
        r.case("addbmm", [rnd((3, 5), dt), rnd((2, 3, 4), dt), rnd((2, 4, 5), dt)], {"beta": 1.0, "alpha": 1.0}, grad=True)
        r.case("addr", [rnd((3, 4), dt), rnd((3,), dt), rnd((4,), dt)], {"beta": 2.0, "alpha": 0.5}, grad=True)
    r.case("addmm", [torch.full((3, 5), float("nan")), rnd((3, 4)), rnd((4, 5))], {"beta": 0.0})
    for dt in [torch.int64, torch.int32]:
        r.case("matmul", [rnd((3, 4), dt), rnd((4, 2), dt)])
        r.case("dot", [rnd((5,), dt), rnd((5,), dt)])
        r.case("mv", [rnd((3, 4), dt), rnd((4,), dt)])
    r.case("dot", [rnd((5,)), rnd((4,))])
    r.case("dot", [rnd((5,)), rnd((5,), torch.float64)])
    r.case("dot", [rnd((2, 5)), rnd((5,))])
    r.case("mm", [rnd((3, 4)), rnd((3, 4))])
    r.case("mm", [rnd((3, 4)), rnd((4, 2), torch.float64)])
    r.case("matmul", [rnd(()), rnd((3,))])
    r.case("bmm", [rnd((2, 3, 4)), rnd((3, 4, 5))])
    r.case("mv", [rnd((3, 4)), rnd((3,))])
    # einsum
    a, b, c = rnd((3, 4), torch.float64), rnd((4, 5), torch.float64), rnd((5,), torch.float64)
    sq = rnd((4, 4), torch.float64)
    b3 = rnd((2, 3, 4), torch.float64)
    for eq, ops in [("ij,jk->ik", [a, b]), ("ij,jk", [a, b]), ("ij->ji", [a]), ("ii->i", [sq]), ("ii", [sq]),
                    ("ij->", [a]), ("ij->j", [a]), ("i,i->", [c, c]), ("i,j->ij", [c, c]), ("bij,bjk->bik", [b3, rnd((2, 4, 3), torch.float64)]),
                    ("...ij,...jk->...ik", [b3, rnd((2, 4, 2), torch.float64)]), ("...j,j", [b3, rnd((4,), torch.float64)]),
                    ("ij,jk,k->i", [a, b, c]), ("iij->j", [rnd((3, 3, 2), torch.float64)]), ("ijk->kji", [b3]),
                    ("i j , j k -> i k", [a, b]), ("bii->b", [rnd((2, 3, 3), torch.float64)]), ("ba,ab->", [a.t().contiguous(), a])]:
        r.case("einsum", ops, {"eq": eq}, grad=True)
        r.case("einsum", [o.float() for o in ops], {"eq": eq})
    r.case("einsum", [a.long(), b.long()], {"eq": "ij,jk->ik"})
    r.case("einsum", [a, b], {"eq": "ij,kl->ik"})
    r.case("einsum", [a], {"eq": "ijk->i"})
    # tensordot, kron, trace, tril, triu, diag, diagonal
    r.case("tensordot", [b3, rnd((3, 4, 2), torch.float64)], {"dims": 2}, grad=True)
    r.case("tensordot", [b3, rnd((4, 3), torch.float64)], {"dims": [[1, 2], [1, 0]]}, grad=True)
    r.case("tensordot", [a, b], {"dims": 1})
    r.case("tensordot", [a, b], {"dims": 0})
    r.case("kron", [rnd((2, 3), torch.float64), rnd((3, 2), torch.float64)], grad=True)
    r.case("kron", [rnd((2,), torch.float64), rnd((2, 3), torch.float64)], grad=True)
    r.case("kron", [rnd((2, 2), torch.int64), rnd((2, 2), torch.int64)])
    for x in [a, sq, rnd((4, 3), torch.float64)]:
        r.case("trace", [x], grad=True)
        for k in [0, 1, -1, 5, -5]:
            r.case("tril", [x], {"diagonal": k}, grad=True)
            r.case("triu", [x], {"diagonal": k}, grad=True)
            if abs(k) <= 1:  # PyTorch 1.13 fails on out-of-range diagonals of matrices (numel overflow)
                r.case("diag", [x], {"diagonal": k}, grad=True)
            r.case("diagonal", [x], {"offset": k}, grad=True)
    r.case("trace", [rnd((3, 3), torch.int32)])
    r.case("trace", [c])
    r.case("tril", [b3], {"diagonal": 1})
    r.case("triu", [NC(b3.float())], {})
    r.case("tril", [c], {})
    r.case("diag", [c], {"diagonal": 1}, grad=True)
    r.case("diag", [c], {"diagonal": -2})
    r.case("diag", [rnd((3,), torch.int64)], {})
    r.case("diagonal", [b3], {"offset": 1, "dim1": 0, "dim2": 2}, grad=True)
    r.case("diagonal", [b3], {"dim1": -1, "dim2": 1})
    r.case("diag_embed", [rnd((2, 3), torch.float64)], grad=True)
    # dense linear algebra
    for dt in [torch.float32, torch.float64]:
        for n, batch in [(1, ()), (3, ()), (4, (2,)), (5, ())]:
            m = rnd(batch + (n, n), dt) + 2 * torch.eye(n, dtype=dt)
            r.case("det", [m], grad=True)
            r.case("inv", [m], grad=True)
            r.case("solve", [m, rnd(batch + (n, 2), dt)], grad=True)
            r.case("solve", [m, rnd(batch + (n,), dt)], grad=n > 1)
            s_ = spd(n, batch, dt)
            r.case("cholesky", [s_], grad=True)
            r.case("cholesky", [s_], {"upper": True})
            r.case("eigh", [s_ - 2 * n * torch.eye(n, dtype=dt)], grad=dt == torch.float64)
            r.case("eigvalsh", [s_])
        for shape in [(4, 3), (3, 4), (2, 5, 3), (3, 3)]:
            m = rnd(shape, dt)
            r.case("qr", [m], grad=dt == torch.float64 and shape[-2] >= shape[-1])
            r.case("svd", [m], grad=dt == torch.float64)
            r.case("svdvals", [m], grad=dt == torch.float64)
    for dt in [torch.float32, torch.float64]:
        g = dt == torch.float64
        m = rnd((2, 4, 4), dt) + 2 * torch.eye(4, dtype=dt)
        r.case("slogdet", [m], grad=g)
        r.case("slogdet", [-m[0]], grad=g)
        r.case("logdet", [spd(3, (), dt)], grad=g)
        r.case("logdet", [torch.tensor([[0.0, 1.0], [1.0, 0.0]], dtype=dt)])
        for shape in [(4, 3), (3, 5), (2, 3, 3)]:
            x = rnd(shape, dt) + torch.eye(shape[-2], shape[-1], dtype=dt)
            r.case("pinv", [x], grad=g)
            for ordv in ["fro", "nuc", 1, -1, 2, -2, float("inf"), -float("inf")]:
                r.case("matrix_norm", [x], {"ord": ordv}, grad=g and ordv not in (2, -2, "nuc"))
            r.case("matrix_norm", [x], {"ord": "fro", "keepdim": True})
        for k in [0, 1, 2, 3, -1, -2]:
            r.case("matrix_power", [m[0]], {"n": k}, grad=g)
        r.case("cross", [rnd((4, 3), dt), rnd((4, 3), dt)], grad=g)
        r.case("cross", [rnd((3, 2), dt), rnd((3, 2), dt)], {"dim": 0}, grad=g)
        r.case("multi_dot", [rnd((3,), dt), rnd((3, 4), dt), rnd((4, 2), dt), rnd((2,), dt)], grad=g)
        r.case("multi_dot", [rnd((2, 3), dt), rnd((3, 4), dt), rnd((4, 2), dt)], grad=g)
    r.case("cross", [rnd((4, 2)), rnd((4, 2))])
    r.case("matrix_norm", [rnd((3,))], {})
    r.case("multi_dot", [rnd((3,))])
    sing = torch.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=torch.float64)
    r.case("det", [sing])
    r.case("inv", [sing])
    r.case("solve", [sing, rnd((2,), torch.float64)])
    r.case("cholesky", [torch.tensor([[1.0, 2.0], [2.0, 1.0]], dtype=torch.float64)])
    r.case("det", [rnd((2, 3), torch.float64)])
    r.case("inv", [rnd((3, 3), torch.int64)])
    r.write(os.path.join(OUT, "math_linalg.jsonl"))



if __name__ == "__main__":
    fams = sys.argv[1:] or ["binary", "unary", "reduce", "linalg", "index"]
    for fam in fams:
        fn = globals().get("gen_" + fam)
        if fn:
            fn()
