package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.GradMode;
import dev.jtorch.autograd.Graph;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.UnaryOp;
import dev.jtorch.internal.Mem;
import dev.jtorch.internal.Shapes;

/**
 * Binary elementwise math beyond {@link MathOps}' basics: rounding divisions, remainders, extrema,
 * transcendental pairs, logical and bitwise ops, clamping and masked fills, each with PyTorch's dtype
 * rule and gradient.
 */
public final class BinaryOps {
    private BinaryOps() {}

    private static Tensor grad(Tensor g, Tensor input) {
        return Views.sumToSize(g, input.shapeRef());
    }

    /** A Java boolean operand as a wrapped 0-d bool tensor. */
    public static Tensor scalarBool(boolean v, Tensor like) {
        // on the host, as every Java scalar: a 0-d CPU operand is accepted next to a GPU tensor
        Tensor t = Tensor.allocate(Shapes.SCALAR, DType.BOOL, dev.jtorch.Device.CPU);
        t.segment().set(Mem.I8, 0, (byte) (v ? 1 : 0));
        return t.markWrappedNumber();
    }

    static String name(DType t) { return InPlace.scalarTypeName(t); }

    // ------------------------------------------------------------------ division family

    /** {@code torch.div(a, b, rounding_mode=mode)}: mode null is true division, else "trunc" or "floor". */
    public static Tensor div(Tensor a, Tensor b, String mode) {
        if (mode == null) return MathOps.div(a, b);
        BinaryOp op = switch (mode) {
            case "trunc" -> BinaryOp.DIV_TRUNC;
            case "floor" -> BinaryOp.DIV_FLOOR;
            default -> throw new IllegalArgumentException("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '"
                    + mode + "'");
        };
        DType t = Elementwise.resultType(a, b);
        Tensor out = Elementwise.binary(op, a, b, t, t);
        if (Graph.needsGrad(a, b)) {
            Graph.record("DivBackward1", out, new Tensor[] {a, b}, null, g -> new Tensor[] {
                    Torch.zerosLike(a), Torch.zerosLike(b)});
        }
        return out;
    }

    public static Tensor floorDivide(Tensor a, Tensor b) {
        DType t = Elementwise.resultType(a, b);
        return Elementwise.binary(BinaryOp.DIV_FLOOR, a, b, t, t);
    }

    public static Tensor remainder(Tensor a, Tensor b) {
        return modLike(BinaryOp.REMAINDER, "RemainderBackward0", "floor", a, b);
    }

    public static Tensor fmod(Tensor a, Tensor b) {
        return modLike(BinaryOp.FMOD, "FmodBackward0", "trunc", a, b);
    }

    private static Tensor modLike(BinaryOp op, String node, String mode, Tensor a, Tensor b) {
        DType t = Elementwise.resultType(a, b);
        if (t == DType.BOOL) throw new IllegalArgumentException("\"" + op.name().toLowerCase() + "_cpu\" not implemented for 'Bool'");
        Tensor out = Elementwise.binary(op, a, b, t, t);
        if (Graph.needsGrad(a, b)) {
            Graph.record(node, out, new Tensor[] {a, b}, new Tensor[] {a, b}, g -> new Tensor[] {
                    grad(g[0], a), grad(g[0].neg().mul(div(a, b, mode)), b)});
        }
        return out;
    }

    // ------------------------------------------------------------------ extrema and transcendental pairs

    public static Tensor maximum(Tensor a, Tensor b) { return extremum(BinaryOp.MAXIMUM, "MaximumBackward0", a, b); }

    public static Tensor minimum(Tensor a, Tensor b) { return extremum(BinaryOp.MINIMUM, "MinimumBackward0", a, b); }

    public static Tensor fmax(Tensor a, Tensor b) { return extremum(BinaryOp.FMAX, "FmaxBackward0", a, b); }

    public static Tensor fmin(Tensor a, Tensor b) { return extremum(BinaryOp.FMIN, "FminBackward0", a, b); }

    private static Tensor extremum(BinaryOp op, String node, Tensor a, Tensor b) {
        DType t = Elementwise.resultType(a, b);
        Tensor out = Elementwise.binary(op, a, b, t, t);
        if (Graph.needsGrad(a, b)) {
            boolean max = op == BinaryOp.MAXIMUM || op == BinaryOp.FMAX;
            Graph.record(node, out, new Tensor[] {a, b}, new Tensor[] {a, b}, g -> {
                // ties split the gradient evenly, as PyTorch does
                Tensor half = Torch.where(a.eq(b), g[0].div(2.0), g[0]);
                Tensor zero = Torch.zerosLike(half);
                Tensor ga = Torch.where(max ? a.lt(b) : a.gt(b), zero, half);
                Tensor gb = Torch.where(max ? a.gt(b) : a.lt(b), zero, half);
                return new Tensor[] {grad(ga, a), grad(gb, b)};
            });
        }
        return out;
    }

    private static DType floatResult(Tensor a, Tensor b) {
        return Elementwise.floatType(Elementwise.resultType(a, b));
    }

    public static Tensor atan2(Tensor a, Tensor b) {
        DType t = floatResult(a, b);
        Tensor out = Elementwise.binary(BinaryOp.ATAN2, a, b, t, t);
        if (Graph.needsGrad(a, b)) {
            Graph.record("Atan2Backward0", out, new Tensor[] {a, b}, new Tensor[] {a, b}, g -> {
                Tensor r = a.mul(a).add(b.mul(b));
                return new Tensor[] {grad(g[0].mul(b).div(r), a), grad(g[0].mul(a.neg()).div(r), b)};
            });
        }
        return out;
    }

    public static Tensor hypot(Tensor a, Tensor b) {
        DType t = Elementwise.resultType(a, b);
        if (!t.isFloatingPoint()) throw new IllegalArgumentException("\"hypot_cpu\" not implemented for '" + name(t) + "'");
        Tensor out = Elementwise.binary(BinaryOp.HYPOT, a, b, t, t);
        if (Graph.needsGrad(a, b)) {
            Tensor res = out.detach();
            Graph.record("HypotBackward0", out, new Tensor[] {a, b}, new Tensor[] {a, b}, g -> new Tensor[] {
                    grad(g[0].mul(a).div(res), a), grad(g[0].mul(b).div(res), b)});
        }
        return out;
    }

    public static Tensor xlogy(Tensor a, Tensor b) {
        DType t = floatResult(a, b);
        Tensor out = Elementwise.binary(BinaryOp.XLOGY, a, b, t, t);
        if (Graph.needsGrad(a, b)) {
            Graph.record("XlogyBackward0", out, new Tensor[] {a, b}, new Tensor[] {a, b}, g -> {
                Tensor ga = xlogy(g[0], b);
                Tensor zeroCase = a.eq(0.0).logicalAnd(b.le(0.0));
                ga = maskedFill(ga, zeroCase, Torch.scalarTensor(0.0, ga));
                return new Tensor[] {grad(ga, a), grad(g[0].mul(a).div(b), b)};
            });
        }
        return out;
    }

    public static Tensor copysign(Tensor a, Tensor b) {
        DType t = floatResult(a, b);
        Tensor out = Elementwise.binary(BinaryOp.COPYSIGN, a, b, t, t);
        if (Graph.needsGrad(a, b)) {
            Graph.record("CopysignBackward0", out, new Tensor[] {a, b}, new Tensor[] {a}, g -> {
                Tensor ratio = Torch.where(a.eq(0.0), Torch.zerosLike(out.detach()), out.detach().div(a));
                return new Tensor[] {grad(g[0].mul(ratio), a), grad(Torch.zerosLike(g[0]), b)};
            });
        }
        return out;
    }

    /** {@code torch.lerp(start, end, weight)}: start + weight (end - start), from the nearer end as PyTorch. */
    public static Tensor lerp(Tensor start, Tensor end, Tensor weight) {
        if (start.dtype() != end.dtype()) {
            throw new IllegalArgumentException("expected dtype " + cppName(start.dtype()) + " for `end` but got dtype " + cppName(end.dtype()));
        }
        if (!weight.isWrappedNumber() && weight.dtype() != start.dtype()) {
            throw new IllegalArgumentException("expected dtype " + cppName(start.dtype()) + " for `weight` but got dtype "
                    + cppName(weight.dtype()));
        }
        Tensor out;
        try (var ng = GradMode.set(false)) {
            Tensor w = weight.isWrappedNumber() ? Elementwise.castRaw(weight, start.dtype()) : weight;
            Tensor diff = end.sub(start);
            Tensor low = start.add(w.mul(diff));
            Tensor high = end.sub(diff.mul(Torch.scalarTensor(1.0, w).sub(w)));
            out = Torch.where(w.abs().lt(0.5), low, high);
        }
        if (Graph.needsGrad(start, end, weight)) {
            Tensor result = out;
            Graph.record(weight.isWrappedNumber() ? "LerpBackward0" : "LerpBackward1", result, new Tensor[] {start, end, weight},
                    new Tensor[] {start, end, weight}, g -> {
                if (weight.isWrappedNumber()) {
                    double w = weight.itemDouble();
                    return new Tensor[] {grad(g[0].mul(1.0 - w), start), grad(g[0].mul(w), end), null};
                }
                return new Tensor[] {
                        grad(g[0].mul(weight.neg().add(1.0)), start),
                        grad(g[0].mul(weight), end),
                        grad(g[0].mul(end.sub(start)), weight)};
            });
        }
        return out;
    }

    // ------------------------------------------------------------------ comparisons, logical, bitwise

    public static Tensor logical(BinaryOp op, Tensor a, Tensor b) {
        DType t = Elementwise.resultType(a, b);
        return Elementwise.binary(op, a, b, t, DType.BOOL);
    }

    public static Tensor logicalNot(Tensor x) {
        return Elementwise.unary(UnaryOp.LOGICAL_NOT, x, x.dtype(), DType.BOOL, 0, 0);
    }

    public static Tensor bitwise(BinaryOp op, String kernel, Tensor a, Tensor b) {
        DType t = Elementwise.resultType(a, b);
        if (t.isFloatingPoint()) throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + name(t) + "'");
        return Elementwise.binary(op, a, b, t, t);
    }

    public static Tensor bitwiseNot(Tensor x) {
        if (x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"bitwise_not_cpu\" not implemented for '" + name(x.dtype()) + "'");
        }
        if (x.dtype() == DType.BOOL) return logicalNot(x);
        return Elementwise.unary(UnaryOp.BITWISE_NOT, x, x.dtype(), x.dtype(), 0, 0);
    }

    /** {@code torch.equal}: same shape and the same values (NaN is never equal). */
    public static boolean equal(Tensor a, Tensor b) {
        if (!java.util.Arrays.equals(a.shapeRef(), b.shapeRef())) return false;
        if (a.numel() == 0) return true;
        Tensor ne;
        try (var ng = GradMode.set(false)) {
            ne = MathOps.compare(BinaryOp.EQ, a, b);
        }
        return Reductions.reduceRaw(dev.jtorch.backend.ReduceOp.ALL, ne, Reductions.dims(ne, null), false, DType.BOOL, null).itemBool();
    }

    /** {@code torch.isclose}: |a - b| &lt;= atol + rtol |b|, infinities equal to themselves. */
    public static Tensor isclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(name(a.dtype()) + " did not match " + name(b.dtype()));
        }
        if (rtol < 0) throw new IllegalArgumentException("rtol must be greater than or equal to zero, but got " + fmt(rtol));
        if (atol < 0) throw new IllegalArgumentException("atol must be greater than or equal to zero, but got " + fmt(atol));
        try (var ng = GradMode.set(false)) {
            Tensor close = a.eq(b);
            if (equalNan) close = close.logicalOr(a.isnan().logicalAnd(b.isnan()));
            if (!a.dtype().isFloatingPoint()) return close;
            DType t = a.dtype();
            Tensor ad = a.to(t), bd = b.to(t);
            Tensor diff = ad.sub(bd).abs();
            Tensor tol = bd.abs().mul(rtol).add(atol);
            Tensor finite = diff.isfinite();
            Tensor within = diff.le(tol).logicalAnd(finite);
            return close.logicalOr(within);
        }
    }

    /** A double as C++ streams print it: -1 rather than -1.0. */
    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The C++ type names some PyTorch messages use (float, long int...). */
    static String cppName(DType t) {
        return switch (t) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case FLOAT16 -> "c10::Half";
            case BFLOAT16 -> "c10::BFloat16";
            case INT64 -> "long int";
            case INT32 -> "int";
            case INT16 -> "short int";
            case INT8 -> "signed char";
            case UINT8 -> "unsigned char";
            case BOOL -> "bool";
        };
    }

    /** The in-place write-back of ops whose castability message names C++ types (clamp_). */
    public static Tensor inPlaceCpp(Tensor self, Tensor result) {
        if (!InPlace.canCast(result.dtype(), self.dtype())) {
            throw new IllegalArgumentException("result type " + name(result.dtype()) + " can't be cast to the desired output type "
                    + cppName(self.dtype()));
        }
        return InPlace.apply(self, result);
    }

    /** pow_'s own dtype check, which comes before the general one. */
    public static Tensor inPlacePow(Tensor self, Tensor result) {
        if (!InPlace.canCast(result.dtype(), self.dtype())) {
            throw new IllegalArgumentException("Found dtype " + name(self.dtype()) + " but expected " + name(result.dtype()));
        }
        return InPlace.apply(self, result);
    }

    public static boolean allclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) {
        Tensor c = isclose(a, b, rtol, atol, equalNan);
        if (c.numel() == 0) return true;
        return Reductions.reduceRaw(dev.jtorch.backend.ReduceOp.ALL, c, Reductions.dims(c, null), false, DType.BOOL, null).itemBool();
    }

    // ------------------------------------------------------------------ clamp and masked fill

    /**
     * {@code torch.clamp(x, min, max)} with 0-d or broadcastable tensor bounds; either may be null. The
     * result dtype promotes over the bounds as PyTorch does.
     */
    public static Tensor clamp(Tensor x, Tensor min, Tensor max) {
        if (min == null && max == null) {
            throw new IllegalArgumentException("torch.clamp: At least one of 'min' or 'max' must not be None");
        }
        DType t = Elementwise.resultType(x, min, max);
        if (t == DType.BOOL) throw new IllegalArgumentException("\"clamp_cpu\" not implemented for 'Bool'");
        Tensor out = x;
        try (var ng = GradMode.set(false)) {
            if (min != null) out = Elementwise.binary(BinaryOp.MAXIMUM, out, min, t, t);
            if (max != null) out = Elementwise.binary(BinaryOp.MINIMUM, out, max, t, t);
            if (out == x) out = Elementwise.castRaw(x, t);
        }
        if (Graph.needsGrad(x, min, max)) {
            Graph.record("ClampBackward1", out, new Tensor[] {x, min, max}, new Tensor[] {x, min, max}, g -> {
                Tensor zero = Torch.zerosLike(g[0]);
                Tensor in = Torch.onesLike(g[0]).toBool();
                if (min != null) in = in.logicalAnd(x.ge(min));
                if (max != null) in = in.logicalAnd(x.le(max));
                Tensor gx = Torch.where(in, g[0], zero);
                Tensor gmin = null, gmax = null;
                if (min != null && min.requiresGrad()) {
                    Tensor below = x.lt(min);
                    if (max != null) below = below.logicalAnd(min.le(max));
                    gmin = grad(Torch.where(below, g[0], zero), min);
                }
                if (max != null && max.requiresGrad()) {
                    Tensor above = x.gt(max);
                    if (min != null) above = above.logicalOr(min.gt(max));
                    gmax = grad(Torch.where(above, g[0], zero), max);
                }
                return new Tensor[] {grad(gx, x), gmin, gmax};
            });
        }
        return out;
    }

    /** clamp with Java scalar bounds (null for none); the dtype follows x unless a bound is floating and x integral. */
    public static Tensor clamp(Tensor x, Double min, Double max) {
        if (min == null && max == null) {
            throw new IllegalArgumentException("torch.clamp: At least one of 'min' or 'max' must not be None");
        }
        Tensor lo = min == null ? null : Torch.scalarTensor(min, x);
        Tensor hi = max == null ? null : Torch.scalarTensor(max, x);
        DType t = Elementwise.resultType(x, lo, hi);
        if (t == DType.BOOL) throw new IllegalArgumentException("\"clamp_cpu\" not implemented for 'Bool'");
        double a = min == null ? Double.NEGATIVE_INFINITY : min, b = max == null ? Double.POSITIVE_INFINITY : max;
        Tensor out;
        if (t.isFloatingPoint()) {
            if (Double.isNaN(a) || Double.isNaN(b)) out = Torch.fullLike(Elementwise.castRaw(x, t), Double.NaN);
            else out = Elementwise.unary(UnaryOp.CLAMP, x, t, t, a, b);
        } else {
            out = Elementwise.unary(UnaryOp.CLAMP, x, t, t, min == null ? Long.MIN_VALUE : a, max == null ? Long.MAX_VALUE : b);
        }
        if (Graph.needsGrad(x)) {
            Graph.record("ClampBackward1", out, new Tensor[] {x}, new Tensor[] {x}, g -> {
                Tensor in = x.ge(a).logicalAnd(x.le(b));
                return new Tensor[] {Torch.where(in, g[0], Torch.zerosLike(g[0]))};
            });
        }
        return out;
    }

    /** clamp with Java long bounds: integral tensors stay integral. */
    public static Tensor clamp(Tensor x, Long min, Long max) {
        if (x.dtype().isFloatingPoint()) return clamp(x, min == null ? null : (double) min, max == null ? null : (double) max);
        if (min == null && max == null) {
            throw new IllegalArgumentException("torch.clamp: At least one of 'min' or 'max' must not be None");
        }
        // a bool tensor with integral bounds promotes to int64, as result_type says
        DType t = x.dtype() == DType.BOOL ? DType.INT64 : x.dtype();
        return Elementwise.unary(UnaryOp.CLAMP, x, t, t, min == null ? Long.MIN_VALUE : min, max == null ? Long.MAX_VALUE : max);
    }

    /** {@code x.masked_fill(mask, value)}: value is a 0-d tensor (or a wrapped Java scalar) cast to x's dtype. */
    public static Tensor maskedFill(Tensor x, Tensor maskIn, Tensor value) {
        Tensor mask = maskIn;
        if (mask.dtype() == DType.UINT8) mask = Elementwise.castRaw(mask, DType.BOOL); // deprecated in PyTorch, still accepted
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("masked_fill_ only supports boolean masks, but got mask with dtype " + name(mask.dtype()));
        }
        if (value.dim() != 0) {
            throw new IllegalArgumentException("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                    + value.dim() + " dimension(s).");
        }
        long[] shape = Shapes.broadcast(x.shapeRef(), mask.shapeRef());
        Tensor v = value.dtype() == x.dtype() ? value : Elementwise.castRaw(value, x.dtype());
        Tensor out = Tensor.allocate(shape, x.dtype(), x.device());
        Elementwise.backend(x).where(Elementwise.expandRaw(mask, shape), Elementwise.expandRaw(v, shape),
                Elementwise.expandRaw(x, shape), out);
        boolean valueGrad = !value.isWrappedNumber() && value.requiresGrad();
        Tensor m = mask;
        if (Graph.needsGrad(x) || (valueGrad && GradMode.isEnabled())) {
            Graph.record("MaskedFillBackward1", out, new Tensor[] {x, valueGrad ? value : null}, null, g -> {
                Tensor zero = Torch.zerosLike(g[0]);
                Tensor gx = grad(Torch.where(m, zero, g[0]), x);
                Tensor gv = valueGrad ? Torch.where(m, g[0], zero).sum() : null;
                return new Tensor[] {gx, gv};
            });
        }
        return out;
    }
}
