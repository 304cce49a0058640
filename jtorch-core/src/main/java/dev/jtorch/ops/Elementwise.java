package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.GradMode;
import dev.jtorch.autograd.Graph;
import dev.jtorch.backend.Backend;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.UnaryOp;
import dev.jtorch.internal.Shapes;

import java.util.Arrays;

/**
 * The shared rules of elementwise ops: PyTorch's type promotion, broadcasting, output allocation and the
 * call into the backend. Ops in {@link MathOps} add their gradients on top.
 */
public final class Elementwise {
    private Elementwise() {}

    static Backend backend(Tensor t) { return Backend.of(t.device()); }

    // ------------------------------------------------------------------ type promotion

    private static int category(DType t) { return t.kind().ordinal(); }

    /**
     * {@code torch.result_type}: dimensioned tensors decide first; a 0-d tensor only wins if its category
     * (bool &lt; integral &lt; floating) is higher; a wrapped Java scalar of a higher category gives the
     * default dtype of that category.
     */
    public static DType resultType(Tensor... operands) {
        DType dim = null, zero = null, wrapped = null;
        for (Tensor t : operands) {
            if (t == null) continue;
            if (t.isWrappedNumber()) wrapped = wrapped == null ? t.dtype() : DType.promoteTypes(wrapped, t.dtype());
            else if (t.dim() == 0) zero = zero == null ? t.dtype() : DType.promoteTypes(zero, t.dtype());
            else dim = dim == null ? t.dtype() : DType.promoteTypes(dim, t.dtype());
        }
        DType r = dim;
        if (zero != null) r = r == null ? zero : (category(zero) > category(r) ? DType.promoteTypes(r, zero) : r);
        if (wrapped != null) {
            if (r == null) {
                r = wrapped.isFloatingPoint() ? Torch.getDefaultDtype() : wrapped;
            } else if (category(wrapped) > category(r)) {
                r = wrapped.isFloatingPoint() ? Torch.getDefaultDtype() : DType.INT64;
            }
        }
        return r;
    }

    /** The floating type an op such as exp or div computes in: integral and bool inputs give the default. */
    public static DType floatType(DType t) {
        return t.isFloatingPoint() ? t : Torch.getDefaultDtype();
    }

    // ------------------------------------------------------------------ forward helpers (no autograd)

    /** Allocates the result and runs a unary kernel; {@code x} is cast to {@code computeType} first. */
    public static Tensor unary(UnaryOp op, Tensor x, DType computeType, DType outType, double p0, double p1) {
        Tensor in = x.dtype() == computeType ? x : castRaw(x, computeType);
        Tensor out = Tensor.allocate(x.shapeRef(), outType, x.device());
        backend(x).unary(op, in, out, p0, p1);
        return out;
    }

    /** Broadcasts, casts both operands to {@code computeType} and runs a binary kernel. */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b, DType computeType, DType outType) {
        checkSameDevice(a, b);
        // equal shapes (the usual case) need no broadcast array: allocate() copies the shape anyway
        long[] shape = Arrays.equals(a.shapeRef(), b.shapeRef()) ? a.shapeRef() : Shapes.broadcast(a.shapeRef(), b.shapeRef());
        Tensor ea = expandRaw(a.dtype() == computeType ? a : castRaw(a, computeType), shape);
        Tensor eb = expandRaw(b.dtype() == computeType ? b : castRaw(b, computeType), shape);
        // a CPU scalar with a GPU tensor computes on the GPU, whichever side it is on
        Tensor on = a.device().type() == dev.jtorch.Device.Type.CPU ? b : a;
        Tensor out = Tensor.allocate(shape, outType, on.device());
        backend(on).binary(op, ea, eb, out);
        return out;
    }

    static void checkSameDevice(Tensor a, Tensor b) {
        if (!a.device().equals(b.device()) && !(b.dim() == 0 && b.device().type() == dev.jtorch.Device.Type.CPU)
                && !(a.dim() == 0 && a.device().type() == dev.jtorch.Device.Type.CPU)) {
            throw new IllegalArgumentException("Expected all tensors to be on the same device, but found at least two devices, "
                    + a.device() + " and " + b.device() + "!");
        }
    }

    /** A view of {@code t} broadcast to {@code shape} (stride 0 on new or size-1 dims), outside autograd. */
    public static Tensor expandRaw(Tensor t, long[] shape) {
        long[] ts = t.shapeRef();
        if (Arrays.equals(ts, shape)) return t;
        long[] st = t.stridesRef();
        long[] strides = new long[shape.length];
        int lead = shape.length - ts.length;
        // PyTorch's inferExpandGeometry: from the last dim, so a new size-1 dim gets the stride a
        // contiguous layout would give it and the first mismatch reported is the innermost one
        for (int i = shape.length - 1; i >= 0; i--) {
            int j = i - lead;
            if (j < 0) { strides[i] = shape[i] == 1 && ts.length > 0 ? shape[i + 1] * strides[i + 1] : 0; continue; }
            if (ts[j] == shape[i]) strides[i] = st[j];
            else if (ts[j] == 1) strides[i] = 0;
            else throw new IllegalArgumentException("The expanded size of the tensor (" + shape[i]
                    + ") must match the existing size (" + ts[j] + ") at non-singleton dimension " + i
                    + ".  Target sizes: " + Shapes.str(shape) + ".  Tensor sizes: " + Shapes.str(ts));
        }
        return new Tensor(t.storage(), shape.clone(), strides, t.storageOffset(), t.dtype());
    }

    /** A converted copy, outside autograd. */
    public static Tensor castRaw(Tensor t, DType dtype) {
        Tensor out = Tensor.allocate(t.shapeRef(), dtype, t.device());
        backend(t).copy(t, out);
        return out;
    }

    // ------------------------------------------------------------------ differentiable basics

    /** {@code tensor.to(dtype)}: ToCopyBackward0 casts the gradient back. */
    public static Tensor cast(Tensor t, DType dtype) {
        Tensor out = Views.emptyLike(t, dtype);
        backend(t).copy(t, out);
        if (Graph.needsGrad(t) && dtype.isFloatingPoint()) {
            DType from = t.dtype();
            Graph.record("ToCopyBackward0", out, new Tensor[] {t}, null, g -> new Tensor[] {g[0].to(from)});
        }
        return out;
    }

    /** {@code self.copy_(src)}: src broadcast to self's shape and converted to its dtype. */
    public static Tensor copyInto(Tensor self, Tensor src) {
        long[] ss = self.shapeRef(), st = self.stridesRef();
        for (int i = 0; i < ss.length; i++) {
            if (st[i] == 0 && ss[i] > 1) {
                throw new IllegalArgumentException("unsupported operation: more than one element of the written-to tensor "
                        + "refers to a single memory location. Please clone() the tensor before performing the operation.");
            }
        }
        long[] shape = Shapes.broadcast(ss, src.shapeRef());
        if (!Arrays.equals(shape, ss)) {
            throw new IllegalArgumentException("output with shape " + Shapes.str(ss) + " doesn't match the broadcast shape "
                    + Shapes.str(shape));
        }
        Tensor expanded = Arrays.equals(src.shapeRef(), ss) ? src : src.expand(ss);
        Tensor value = expanded.dtype() == self.dtype() ? expanded : expanded.to(self.dtype());
        if (Graph.needsGrad(src, self) && self.isFloatingPoint()) {
            value = InPlace.passThrough("CopyBackwards", value.detach(), src);
        }
        return InPlace.assign(self, value);
    }

    public static Tensor fillInPlace(Tensor self, double value) {
        dev.jtorch.internal.Scalars.checkFill(value, self.dtype());
        return fillChecked(self, value);
    }

    /** {@code fill_} with a Python-int value: narrow integer types wrap (uint8 -1 is 255). */
    public static Tensor fillInPlace(Tensor self, long value) {
        dev.jtorch.internal.Scalars.checkFill(value, self.dtype());
        return fillChecked(self, (double) value);
    }

    private static Tensor fillChecked(Tensor self, double value) {
        InPlace.checkWritable(self);
        if (self.viewBase() != null && GradMode.isEnabled() && self.viewBase().requiresGrad()) {
            // filling a view of a base that requires grad must rebase the base's history (CopySlices)
            return InPlace.assign(self, Torch.full(self.shapeRef(), value, self.dtype(), self.device()));
        }
        backend(self).fill(self, value);
        self.storage().bumpVersion();
        // filling cuts the gradient path to what self held before
        InPlace.recordHistory(self, null);
        return self;
    }
}
