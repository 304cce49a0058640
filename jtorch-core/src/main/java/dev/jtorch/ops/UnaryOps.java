package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.Graph;
import dev.jtorch.backend.UnaryOp;

/**
 * Unary elementwise math: transcendental and special functions, activations, rounding and
 * classification. Each op states its dtype rule (integral inputs promote to the default float dtype
 * where PyTorch does) and its gradient in terms of differentiable tensor ops.
 */
public final class UnaryOps {
    private UnaryOps() {}

    /** A gradient formula of a unary op: the incoming gradient, the input and the (detached) result. */
    @FunctionalInterface
    interface Grad {
        Tensor apply(Tensor g, Tensor x, Tensor out);
    }

    /** An op computed in floating point: integral and bool inputs give the default float dtype. */
    static Tensor floating(UnaryOp op, String node, Tensor x, double p0, double p1, Grad grad) {
        DType t = Elementwise.floatType(x.dtype());
        Tensor out = Elementwise.unary(op, x, t, t, p0, p1);
        return record(node, x, out, grad);
    }

    /** An op that keeps the input dtype (integral inputs stay integral). */
    static Tensor sameType(UnaryOp op, String node, Tensor x, double p0, double p1, Grad grad) {
        Tensor out = Elementwise.unary(op, x, x.dtype(), x.dtype(), p0, p1);
        return record(node, x, out, grad);
    }

    /** An op defined on floating inputs only, with PyTorch's "not implemented for" error otherwise. */
    static Tensor floatOnly(UnaryOp op, String kernel, String node, Tensor x, double p0, double p1, Grad grad) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + InPlace.scalarTypeName(x.dtype()) + "'");
        }
        return sameType(op, node, x, p0, p1, grad);
    }

    private static Tensor record(String node, Tensor x, Tensor out, Grad grad) {
        if (grad != null && Graph.needsGrad(x)) {
            Tensor res = out.detach();
            Graph.record(node, out, new Tensor[] {x}, new Tensor[] {x}, g -> new Tensor[] {grad.apply(g[0], x, res)});
        }
        return out;
    }

    private static Tensor zeros(Tensor g, Tensor x, Tensor out) { return Torch.zerosLike(g); }

    private static Tensor where(Tensor cond, Tensor a, Tensor b) { return Torch.where(cond, a, b); }

    // ------------------------------------------------------------------ exponentials and logarithms

    public static Tensor exp2(Tensor x) {
        return floating(UnaryOp.EXP2, "Exp2Backward0", x, 0, 0, (g, in, out) -> g.mul(out).mul(Math.log(2.0)));
    }

    public static Tensor expm1(Tensor x) {
        return floating(UnaryOp.EXPM1, "Expm1Backward0", x, 0, 0, (g, in, out) -> g.mul(out.add(1.0)));
    }

    public static Tensor log2(Tensor x) {
        return floating(UnaryOp.LOG2, "Log2Backward0", x, 0, 0, (g, in, out) -> g.div(in.mul(Math.log(2.0))));
    }

    public static Tensor log10(Tensor x) {
        return floating(UnaryOp.LOG10, "Log10Backward0", x, 0, 0, (g, in, out) -> g.div(in.mul(Math.log(10.0))));
    }

    public static Tensor log1p(Tensor x) {
        return floating(UnaryOp.LOG1P, "Log1PBackward0", x, 0, 0, (g, in, out) -> g.div(in.add(1.0)));
    }

    public static Tensor rsqrt(Tensor x) {
        return floating(UnaryOp.RSQRT, "RsqrtBackward0", x, 0, 0, (g, in, out) -> g.mul(out.pow(3.0)).mul(-0.5));
    }

    public static Tensor reciprocal(Tensor x) {
        return floating(UnaryOp.RECIPROCAL, "ReciprocalBackward0", x, 0, 0, (g, in, out) -> g.neg().mul(out.mul(out)));
    }

    // ------------------------------------------------------------------ trigonometric and hyperbolic

    public static Tensor sin(Tensor x) {
        return floating(UnaryOp.SIN, "SinBackward0", x, 0, 0, (g, in, out) -> g.mul(in.cos()));
    }

    public static Tensor cos(Tensor x) {
        return floating(UnaryOp.COS, "CosBackward0", x, 0, 0, (g, in, out) -> g.mul(in.sin().neg()));
    }

    public static Tensor tan(Tensor x) {
        return floating(UnaryOp.TAN, "TanBackward0", x, 0, 0, (g, in, out) -> g.mul(out.mul(out).add(1.0)));
    }

    public static Tensor asin(Tensor x) {
        return floating(UnaryOp.ASIN, "AsinBackward0", x, 0, 0,
                (g, in, out) -> g.mul(MathOps.sqrt(in.mul(in).neg().add(1.0)).reciprocal()));
    }

    public static Tensor acos(Tensor x) {
        return floating(UnaryOp.ACOS, "AcosBackward0", x, 0, 0,
                (g, in, out) -> g.mul(MathOps.sqrt(in.mul(in).neg().add(1.0)).reciprocal()).neg());
    }

    public static Tensor atan(Tensor x) {
        return floating(UnaryOp.ATAN, "AtanBackward0", x, 0, 0, (g, in, out) -> g.div(in.mul(in).add(1.0)));
    }

    public static Tensor sinh(Tensor x) {
        return floating(UnaryOp.SINH, "SinhBackward0", x, 0, 0, (g, in, out) -> g.mul(in.cosh()));
    }

    public static Tensor cosh(Tensor x) {
        return floating(UnaryOp.COSH, "CoshBackward0", x, 0, 0, (g, in, out) -> g.mul(in.sinh()));
    }

    public static Tensor tanh(Tensor x) {
        return floating(UnaryOp.TANH, "TanhBackward0", x, 0, 0, (g, in, out) -> g.mul(out.mul(out).neg().add(1.0)));
    }

    public static Tensor asinh(Tensor x) {
        return floating(UnaryOp.ASINH, "AsinhBackward0", x, 0, 0, (g, in, out) -> g.mul(in.mul(in).add(1.0).rsqrt()));
    }

    public static Tensor acosh(Tensor x) {
        return floating(UnaryOp.ACOSH, "AcoshBackward0", x, 0, 0, (g, in, out) -> g.mul(in.mul(in).sub(1.0).rsqrt()));
    }

    public static Tensor atanh(Tensor x) {
        return floating(UnaryOp.ATANH, "AtanhBackward0", x, 0, 0, (g, in, out) -> g.div(in.mul(in).neg().add(1.0)));
    }

    // ------------------------------------------------------------------ activations

    public static Tensor sigmoid(Tensor x) {
        return floating(UnaryOp.SIGMOID, "SigmoidBackward0", x, 0, 0, (g, in, out) -> g.mul(out.mul(out.neg().add(1.0))));
    }

    public static Tensor relu(Tensor x) {
        if (x.dtype() == DType.BOOL) throw new IllegalArgumentException("Boolean inputs not supported for relu");
        return sameType(UnaryOp.RELU, "ReluBackward0", x, 0, 0, (g, in, out) -> {
            Tensor fast = NnKernels.reluBackward(g, out);
            return fast != null ? fast : where(out.gt(0.0), g, Torch.zerosLike(g));
        });
    }

    public static Tensor hardtanh(Tensor x, double min, double max) {
        if (x.dtype() == DType.BOOL) throw new IllegalArgumentException("Bool inputs not supported for hardtanh");
        if (x.dtype() == DType.UINT8 && (min < 0 || max < 0)) {
            throw new IllegalArgumentException("cannot do hardtanh on an unsigned type with negative limits");
        }
        return sameType(UnaryOp.CLAMP, "HardtanhBackward0", x, min, max,
                (g, in, out) -> where(in.gt(min).logicalAnd(in.lt(max)), g, Torch.zerosLike(g)));
    }

    public static Tensor relu6(Tensor x) { return hardtanh(x, 0, 6); }

    public static Tensor leakyRelu(Tensor x, double slope) {
        return floatOnly(UnaryOp.LEAKY_RELU, "leaky_relu_cpu", "LeakyReluBackward0", x, slope, 0,
                (g, in, out) -> where(in.gt(0.0), g, g.mul(slope)));
    }

    public static Tensor elu(Tensor x, double alpha) { return elu(x, alpha, 1.0, "EluBackward0"); }

    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;

    public static Tensor selu(Tensor x) { return elu(x, SELU_ALPHA, SELU_SCALE, "EluBackward0"); }

    private static Tensor elu(Tensor x, double alpha, double scale, String node) {
        return floatOnly(UnaryOp.ELU, "elu_cpu", node, x, alpha, scale,
                (g, in, out) -> where(in.gt(0.0), g.mul(scale), g.mul(in.exp().mul(alpha * scale))));
    }

    /** {@code gelu(x, approximate)}: "none" (exact, with erf) or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) {
        boolean tanh = switch (approximate) {
            case "none" -> false;
            case "tanh" -> true;
            default -> throw new IllegalArgumentException("approximate argument must be either none or tanh.");
        };
        if (tanh) {
            return floatOnly(UnaryOp.GELU_TANH, "GeluKernelImpl", "GeluBackward0", x, 0, 0, (g, in, out) -> {
                double beta = 0.7978845608028654, kappa = 0.044715;
                Tensor x2 = in.mul(in);
                Tensor th = tanh(in.add(x2.mul(in).mul(kappa)).mul(beta));
                Tensor left = th.add(1.0).mul(0.5);
                Tensor right = in.mul(0.5).mul(th.mul(th).neg().add(1.0)).mul(x2.mul(3 * kappa).add(1.0).mul(beta));
                return g.mul(left.add(right));
            });
        }
        return floatOnly(UnaryOp.GELU, "GeluKernelImpl", "GeluBackward0", x, 0, 0, (g, in, out) -> {
            Tensor cdf = erf(in.mul(0.7071067811865476)).add(1.0).mul(0.5);
            Tensor pdf = in.mul(in).mul(-0.5).exp().mul(0.3989422804014327);
            return g.mul(cdf.add(in.mul(pdf)));
        });
    }

    public static Tensor silu(Tensor x) {
        return floatOnly(UnaryOp.SILU, "silu_cpu", "SiluBackward0", x, 0, 0, (g, in, out) -> {
            Tensor s = sigmoid(in);
            return g.mul(s.mul(in.mul(s.neg().add(1.0)).add(1.0)));
        });
    }

    public static Tensor mish(Tensor x) {
        return floatOnly(UnaryOp.MISH, "mish_cpu", "MishBackward0", x, 0, 0, (g, in, out) -> {
            Tensor t = tanh(softplus(in, 1, 20));
            return g.mul(t.add(in.mul(sigmoid(in)).mul(t.mul(t).neg().add(1.0))));
        });
    }

    public static Tensor softplus(Tensor x, double beta, double threshold) {
        return floatOnly(UnaryOp.SOFTPLUS, "softplus_cpu", "SoftplusBackward0", x, beta, threshold, (g, in, out) -> {
            Tensor z = in.mul(beta).exp();
            return where(in.mul(beta).gt(threshold), g, g.mul(z).div(z.add(1.0)));
        });
    }

    public static Tensor hardsigmoid(Tensor x) {
        return floatOnly(UnaryOp.HARDSIGMOID, "hardsigmoid_cpu", "HardsigmoidBackward0", x, 0, 0,
                (g, in, out) -> where(in.gt(-3.0).logicalAnd(in.lt(3.0)), g.mul((double) (1.0f / 6.0f)), Torch.zerosLike(g)));
    }

    public static Tensor hardswish(Tensor x) {
        return floatOnly(UnaryOp.HARDSWISH, "hardswish_cpu", "HardswishBackward0", x, 0, 0,
                (g, in, out) -> where(in.lt(-3.0), Torch.zerosLike(g),
                        where(in.le(3.0), g.mul(in.div(3.0).add(0.5)), g)));
    }

    public static Tensor logsigmoid(Tensor x) {
        return floatOnly(UnaryOp.LOGSIGMOID, "log_sigmoid_cpu", "LogSigmoidBackward0", x, 0, 0,
                (g, in, out) -> g.mul(sigmoid(in.neg())));
    }

    // ------------------------------------------------------------------ special functions

    public static Tensor erf(Tensor x) {
        return floating(UnaryOp.ERF, "ErfBackward0", x, 0, 0,
                (g, in, out) -> g.mul(in.mul(in).neg().exp().mul(1.1283791670955126)));
    }

    public static Tensor erfc(Tensor x) {
        return floating(UnaryOp.ERFC, "ErfcBackward0", x, 0, 0,
                (g, in, out) -> g.mul(in.mul(in).neg().exp().mul(-1.1283791670955126)));
    }

    public static Tensor erfinv(Tensor x) {
        return floating(UnaryOp.ERFINV, "ErfinvBackward0", x, 0, 0,
                (g, in, out) -> g.mul(out.mul(out).exp().mul(0.8862269254527580)));
    }

    public static Tensor lgamma(Tensor x) {
        return floating(UnaryOp.LGAMMA, "LgammaBackward0", x, 0, 0, (g, in, out) -> g.mul(digamma(in)));
    }

    public static Tensor digamma(Tensor x) {
        return floating(UnaryOp.DIGAMMA, "DigammaBackward0", x, 0, 0, (g, in, out) -> g.mul(trigamma(in)));
    }

    /** {@code torch.polygamma(1, x)}: only the order digamma's gradient needs. */
    static Tensor trigamma(Tensor x) {
        return floating(UnaryOp.TRIGAMMA, "PolygammaBackward0", x, 0, 0, null);
    }

    // ------------------------------------------------------------------ rounding

    private static Tensor rounding(UnaryOp op, String node, Tensor x, double p0) {
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("\"" + op.name().toLowerCase() + "_vml_cpu\" not implemented for 'Bool'");
        }
        return sameType(op, node, x, p0, 0, UnaryOps::zeros);
    }

    public static Tensor floor(Tensor x) { return rounding(UnaryOp.FLOOR, "FloorBackward0", x, 0); }

    public static Tensor ceil(Tensor x) { return rounding(UnaryOp.CEIL, "CeilBackward0", x, 0); }

    public static Tensor trunc(Tensor x) { return rounding(UnaryOp.TRUNC, "TruncBackward0", x, 0); }

    public static Tensor round(Tensor x) { return rounding(UnaryOp.ROUND, "RoundBackward0", x, 0); }

    public static Tensor round(Tensor x, long decimals) {
        if (!x.dtype().isFloatingPoint()) {
            // unlike round(x), the decimals overload has no integral kernel in PyTorch
            throw new IllegalArgumentException("\"" + (decimals == 0 ? "round_vml_cpu" : "round_cpu") + "\" not implemented for '"
                    + InPlace.scalarTypeName(x.dtype()) + "'");
        }
        if (decimals == 0) return round(x);
        return sameType(UnaryOp.ROUND_DECIMALS, "RoundBackward1", x, decimals, 0, UnaryOps::zeros);
    }

    public static Tensor frac(Tensor x) {
        return floatOnly(UnaryOp.FRAC, "frac_cpu", "FracBackward0", x, 0, 0, (g, in, out) -> g);
    }

    // ------------------------------------------------------------------ classification

    private static Tensor classify(UnaryOp op, Tensor x) {
        return Elementwise.unary(op, x, x.dtype(), DType.BOOL, 0, 0);
    }

    public static Tensor isnan(Tensor x) { return classify(UnaryOp.ISNAN, x); }

    public static Tensor isinf(Tensor x) { return classify(UnaryOp.ISINF, x); }

    public static Tensor isfinite(Tensor x) { return classify(UnaryOp.ISFINITE, x); }

    public static Tensor isposinf(Tensor x) { return classify(UnaryOp.ISPOSINF, x); }

    public static Tensor isneginf(Tensor x) { return classify(UnaryOp.ISNEGINF, x); }

    public static Tensor signbit(Tensor x) { return classify(UnaryOp.SIGNBIT, x); }

    /**
     * {@code torch.nan_to_num}: NaN to {@code nan}, infinities to the given values, or (null) to the
     * dtype's largest finite values.
     */
    public static Tensor nanToNum(Tensor x, double nan, Double posinf, Double neginf) {
        DType t = x.dtype();
        double big = switch (t) {
            case FLOAT32 -> Float.MAX_VALUE;
            case FLOAT16 -> 65504.0;
            case BFLOAT16 -> 3.3895313892515355e38;
            default -> Double.MAX_VALUE;
        };
        double pos = posinf == null ? big : posinf, neg = neginf == null ? -big : neginf;
        Tensor out = Elementwise.unary(UnaryOp.NAN_TO_NUM, x, t, t, nan, pos);
        Elementwise.backend(out).unary(UnaryOp.NEGINF_TO, out, out, neg, 0);
        return record("NanToNumBackward0", x, out, (g, in, o) -> where(in.isfinite(), g, Torch.zerosLike(g)));
    }
}
