package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.Graph;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.UnaryOp;

/**
 * Elementwise math: for each op its dtype rule, its forward (a backend kernel through
 * {@link Elementwise}) and its gradient, written with differentiable tensor ops.
 */
public final class MathOps {
    private MathOps() {}

    /** Writes an out-of-place result into self (the in-place form of an op), with PyTorch's checks. */
    public static Tensor inPlace(Tensor self, Tensor result) {
        return InPlace.apply(self, result);
    }

    private static Tensor grad(Tensor g, Tensor input) {
        return Views.sumToSize(g, input.shapeRef());
    }

    // ------------------------------------------------------------------ arithmetic

    public static Tensor add(Tensor a, Tensor b, double alpha) {
        DType t = Elementwise.resultType(a, b);
        checkAlpha(t, alpha);
        Tensor bb = alpha == 1.0 ? b : mulRaw(b, alpha, t);
        Tensor out = Elementwise.binary(BinaryOp.ADD, a, bb, t, t);
        if (Graph.needsGrad(a, b)) {
            Graph.record("AddBackward0", out, new Tensor[] {a, b}, null, g -> new Tensor[] {
                    grad(g[0], a), grad(alpha == 1.0 ? g[0] : g[0].mul(alpha), b)});
        }
        return out;
    }

    public static Tensor sub(Tensor a, Tensor b, double alpha) {
        if (a.dtype() == DType.BOOL && b.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("Subtraction, the `-` operator, with two bool tensors is not supported. "
                    + "Use the `^` or `logical_xor()` operator instead.");
        }
        if (a.dtype() == DType.BOOL || b.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("Subtraction, the `-` operator, with a bool tensor is not supported. "
                    + "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
        }
        DType t = Elementwise.resultType(a, b);
        checkAlpha(t, alpha);
        Tensor bb = alpha == 1.0 ? b : mulRaw(b, alpha, t);
        Tensor out = Elementwise.binary(BinaryOp.SUB, a, bb, t, t);
        if (Graph.needsGrad(a, b)) {
            Graph.record("SubBackward0", out, new Tensor[] {a, b}, null, g -> new Tensor[] {
                    grad(g[0], a), grad(g[0].mul(-alpha), b)});
        }
        return out;
    }

    private static void checkAlpha(DType t, double alpha) {
        if (!t.isFloatingPoint() && alpha != Math.rint(alpha)) {
            throw new IllegalArgumentException("For integral input tensors, argument alpha must not be a floating point number.");
        }
    }

    private static Tensor mulRaw(Tensor b, double alpha, DType t) {
        Tensor s = Torch.scalarTensor(alpha, b);
        return Elementwise.binary(BinaryOp.MUL, b, s, t, t);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        DType t = Elementwise.resultType(a, b);
        Tensor out = Elementwise.binary(BinaryOp.MUL, a, b, t, t);
        if (Graph.needsGrad(a, b)) {
            // each operand is saved only if the other's gradient needs it, as PyTorch does, and a gradient
            // no input needs is not computed (PyTorch's needs_input_grad)
            boolean ga = a.requiresGrad(), gb = b.requiresGrad();
            Graph.record("MulBackward0", out, new Tensor[] {a, b}, saved(a, b), g -> new Tensor[] {
                    ga ? grad(g[0].mul(b), a) : null, gb ? grad(g[0].mul(a), b) : null});
        }
        return out;
    }

    private static Tensor[] saved(Tensor a, Tensor b) {
        return new Tensor[] {b.requiresGrad() ? a : null, a.requiresGrad() ? b : null};
    }

    /** True division: integral inputs give the default float dtype. */
    public static Tensor div(Tensor a, Tensor b) {
        DType t = Elementwise.floatType(Elementwise.resultType(a, b));
        Tensor out = Elementwise.binary(BinaryOp.DIV, a, b, t, t);
        if (Graph.needsGrad(a, b)) {
            Graph.record("DivBackward0", out, new Tensor[] {a, b}, new Tensor[] {b.requiresGrad() ? a : null, b}, g -> new Tensor[] {
                    grad(g[0].div(b), a),
                    grad(g[0].neg().mul(a).div(b.mul(b)), b)});
        }
        return out;
    }

    public static Tensor neg(Tensor x) {
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("Negation, the `-` operator, on a bool tensor is not supported. "
                    + "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
        }
        Tensor out = Elementwise.unary(UnaryOp.NEG, x, x.dtype(), x.dtype(), 0, 0);
        if (Graph.needsGrad(x)) Graph.record("NegBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {g[0].neg()});
        return out;
    }

    public static Tensor pow(Tensor x, double exponent) {
        DType t = Elementwise.resultType(x, Torch.scalarTensor(exponent, x));
        Tensor out;
        if (exponent == 2.0) out = Elementwise.unary(UnaryOp.SQUARE, x, t, t, 0, 0);
        else out = Elementwise.unary(UnaryOp.POW_SCALAR, x, t, t, exponent, 0);
        if (Graph.needsGrad(x)) {
            Graph.record("PowBackward0", out, new Tensor[] {x}, new Tensor[] {x}, g -> new Tensor[] {
                    exponent == 0.0 ? Torch.zerosLike(x) : g[0].mul(x.pow(exponent - 1).mul(exponent))});
        }
        return out;
    }

    public static Tensor pow(Tensor x, Tensor exponent) {
        DType t = Elementwise.resultType(x, exponent);
        if (exponent.isWrappedNumber() && !t.isFloatingPoint() && exponent.itemDouble() < 0) {
            throw new IllegalArgumentException("Integers to negative integer powers are not allowed.");
        }
        Tensor out;
        if (exponent.isWrappedNumber() && !(x.dim() == 0 && x.isWrappedNumber())) {
            // a scalar exponent: the unary kernels, x * x for squares
            double e = exponent.itemDouble();
            out = e == 2.0 ? Elementwise.unary(UnaryOp.SQUARE, x, t, t, 0, 0) : Elementwise.unary(UnaryOp.POW_SCALAR, x, t, t, e, 0);
        } else {
            out = Elementwise.binary(BinaryOp.POW, x, exponent, t, t);
        }
        if (exponent.isWrappedNumber() && Graph.needsGrad(x)) {
            double e = exponent.itemDouble();
            Graph.record("PowBackward0", out, new Tensor[] {x}, new Tensor[] {x}, g -> new Tensor[] {
                    e == 0.0 ? Torch.zerosLike(x) : g[0].mul(x.pow(e - 1).mul(e))});
        } else if (Graph.needsGrad(x, exponent)) {
            boolean scalarBase = x.isWrappedNumber();
            // PyTorch's masks: no gradient to x where the exponent is 0, none to the exponent where x is 0 and
            // the exponent >= 0 (the log would give nan); both formulas stay differentiable (they read out itself)
            Graph.record(scalarBase ? "PowBackward2" : "PowBackward1", out, new Tensor[] {x, exponent},
                    new Tensor[] {x, exponent, out}, g -> {
                Tensor gx = null;
                if (!scalarBase) {
                    gx = g[0].mul(exponent.mul(x.pow(exponent.sub(1.0))));
                    gx = grad(where(exponent.eq(0.0), Torch.zerosLike(gx), gx), x);
                }
                Tensor ge = g[0].mul(out.mul(x.log()));
                Tensor zero = Torch.zerosLike(ge);
                ge = where(x.eq(0.0), where(exponent.ge(Torch.scalarTensor(0.0, exponent)), zero, ge), ge);
                return new Tensor[] {gx, grad(ge, exponent)};
            });
        }
        return out;
    }

    public static Tensor square(Tensor x) {
        return pow(x, Torch.scalarTensor(2L, x));
    }

    public static Tensor exp(Tensor x) {
        DType t = Elementwise.floatType(x.dtype());
        Tensor out = Elementwise.unary(UnaryOp.EXP, x, t, t, 0, 0);
        if (Graph.needsGrad(x)) {
            // the output itself (not a detached copy) so that the gradient is differentiable again
            Graph.record("ExpBackward0", out, new Tensor[] {x}, new Tensor[] {out}, g -> new Tensor[] {g[0].mul(out)});
        }
        return out;
    }

    public static Tensor log(Tensor x) {
        DType t = Elementwise.floatType(x.dtype());
        Tensor out = Elementwise.unary(UnaryOp.LOG, x, t, t, 0, 0);
        if (Graph.needsGrad(x)) Graph.record("LogBackward0", out, new Tensor[] {x}, new Tensor[] {x}, g -> new Tensor[] {g[0].div(x)});
        return out;
    }

    public static Tensor sqrt(Tensor x) {
        DType t = Elementwise.floatType(x.dtype());
        Tensor out = Elementwise.unary(UnaryOp.SQRT, x, t, t, 0, 0);
        if (Graph.needsGrad(x)) {
            Graph.record("SqrtBackward0", out, new Tensor[] {x}, new Tensor[] {out}, g -> new Tensor[] {g[0].div(out.mul(2.0))});
        }
        return out;
    }

    public static Tensor abs(Tensor x) {
        if (x.dtype() == DType.BOOL) throw new IllegalArgumentException("\"abs_cpu\" not implemented for 'Bool'");
        Tensor out = Elementwise.unary(UnaryOp.ABS, x, x.dtype(), x.dtype(), 0, 0);
        if (Graph.needsGrad(x)) Graph.record("AbsBackward0", out, new Tensor[] {x}, new Tensor[] {x}, g -> new Tensor[] {g[0].mul(sign(x))});
        return out;
    }

    public static Tensor sign(Tensor x) {
        Tensor out = Elementwise.unary(UnaryOp.SIGN, x, x.dtype(), x.dtype(), 0, 0);
        if (Graph.needsGrad(x)) Graph.record("SignBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {Torch.zerosLike(x)});
        return out;
    }

    // ------------------------------------------------------------------ comparisons

    public static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        DType t = Elementwise.resultType(a, b);
        return Elementwise.binary(op, a, b, t, DType.BOOL);
    }

    // ------------------------------------------------------------------ selection

    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL && cond.dtype() != DType.UINT8) {
            throw new IllegalArgumentException("where expected condition to be a boolean tensor, but got a tensor with dtype "
                    + InPlace.scalarTypeName(cond.dtype()));
        }
        DType t = Elementwise.resultType(a, b);
        long[] shape = dev.jtorch.internal.Shapes.broadcast(dev.jtorch.internal.Shapes.broadcast(cond.shapeRef(), a.shapeRef()), b.shapeRef());
        Tensor c = cond.dtype() == DType.BOOL ? cond : Elementwise.castRaw(cond, DType.BOOL);
        // CPU scalars may sit beside GPU tensors: the GPU operand decides where it runs
        Tensor on = a.device().type() != dev.jtorch.Device.Type.CPU ? a : b.device().type() != dev.jtorch.Device.Type.CPU ? b : cond;
        Tensor out = Tensor.allocate(shape, t, on.device());
        Elementwise.backend(on).where(Elementwise.expandRaw(c, shape),
                Elementwise.expandRaw(a.dtype() == t ? a : Elementwise.castRaw(a, t), shape),
                Elementwise.expandRaw(b.dtype() == t ? b : Elementwise.castRaw(b, t), shape), out);
        if (Graph.needsGrad(a, b)) {
            Graph.record("WhereBackward0", out, new Tensor[] {a, b}, null, g -> {
                Tensor zero = Torch.zerosLike(g[0]);
                return new Tensor[] {grad(where(c, g[0], zero), a), grad(where(c, zero, g[0]), b)};
            });
        }
        return out;
    }
}
