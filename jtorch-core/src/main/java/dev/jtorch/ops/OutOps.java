package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.GradMode;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.ReduceOp;
import dev.jtorch.backend.UnaryOp;
import dev.jtorch.internal.Shapes;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * PyTorch's {@code out=} forms: the result is written into a given tensor, which is returned. PyTorch's
 * rules: no autograd (an argument that requires grad is an error while grad mode is on), the result type
 * must be castable to out's dtype (some ops want it equal), out of another shape is resized (with
 * PyTorch's deprecation warning, printed once, when it had elements), out may be one of the inputs but
 * must not partly overlap one, and out's version counter goes up once.
 *
 * <p>When out already has the result's dtype and shape, the kernel writes straight into it: no
 * allocation, which is what makes these forms fast for large tensors (a fresh Java array is zero-filled
 * by the JVM, out of cache). Otherwise the op's ordinary form computes the result, which is then cast
 * into out, as PyTorch computes in the result type and casts on the way out.
 */
public final class OutOps {
    private OutOps() {}

    private static volatile boolean resizeWarned;

    // ------------------------------------------------------------------ binary

    public static Tensor add(Tensor a, Tensor b, double alpha, Tensor out) {
        checkGrad("add", out, a, b);
        DType t = Elementwise.resultType(a, b);
        if (!t.isFloatingPoint() && alpha != Math.rint(alpha)) {
            throw new IllegalArgumentException("For integral input tensors, argument alpha must not be a floating point number.");
        }
        if (alpha != 1.0) return binaryGeneric(a, b, t, out, () -> MathOps.add(a, b, alpha));
        return binary(BinaryOp.ADD, a, b, t, out, () -> MathOps.add(a, b, 1.0));
    }

    public static Tensor sub(Tensor a, Tensor b, double alpha, Tensor out) {
        checkGrad("sub", out, a, b);
        if (a.dtype() == DType.BOOL || b.dtype() == DType.BOOL) return binaryGeneric(a, b, null, out, () -> MathOps.sub(a, b, alpha));
        DType t = Elementwise.resultType(a, b);
        if (alpha != 1.0) return binaryGeneric(a, b, t, out, () -> MathOps.sub(a, b, alpha));
        return binary(BinaryOp.SUB, a, b, t, out, () -> MathOps.sub(a, b, 1.0));
    }

    public static Tensor mul(Tensor a, Tensor b, Tensor out) {
        checkGrad("mul", out, a, b);
        return binary(BinaryOp.MUL, a, b, Elementwise.resultType(a, b), out, () -> MathOps.mul(a, b));
    }

    public static Tensor div(Tensor a, Tensor b, Tensor out) {
        checkGrad("div", out, a, b);
        DType t = Elementwise.floatType(Elementwise.resultType(a, b));
        return binary(BinaryOp.DIV, a, b, t, out, () -> MathOps.div(a, b));
    }

    /** {@code torch.div(a, b, rounding_mode=..., out=...)}: "trunc" and "floor" keep integral types. */
    public static Tensor div(Tensor a, Tensor b, String roundingMode, Tensor out) {
        checkGrad("div", out, a, b);
        DType rt = Elementwise.resultType(a, b);
        DType t = roundingMode == null ? Elementwise.floatType(rt) : rt;
        return binaryGeneric(a, b, t, out, () -> BinaryOps.div(a, b, roundingMode));
    }

    /** The kernel into out when nothing stands in the way, else {@link #binaryGeneric}. */
    private static Tensor binary(BinaryOp op, Tensor a, Tensor b, DType t, Tensor out, Supplier<Tensor> generic) {
        Elementwise.checkSameDevice(a, b);
        checkDevice(out, a, b);
        long[] shape = Arrays.equals(a.shapeRef(), b.shapeRef()) ? a.shapeRef() : Shapes.broadcast(a.shapeRef(), b.shapeRef());
        checkOverlap(out, a, b);
        checkReadWrite(out, shape, a, b);
        checkCast(t, out);
        if (!Arrays.equals(out.shapeRef(), shape) && (out.storage() == a.storage() || out.storage() == b.storage())) {
            // resizing out first would change an input
            Tensor r = generic.get();
            resize(out, shape);
            return store(r, out);
        }
        resize(out, shape);
        // a 0-d operand (a Java scalar) is converted on the spot; larger ones of another dtype take the generic path
        Tensor ca = a.dtype() == t ? a : a.dim() == 0 ? Elementwise.castRaw(a, t) : null;
        Tensor cb = b.dtype() == t ? b : b.dim() == 0 ? Elementwise.castRaw(b, t) : null;
        if (ca != null && cb != null && out.dtype() == t && writable(out, a, b)) {
            Elementwise.backend(out).binary(op, Elementwise.expandRaw(ca, shape), Elementwise.expandRaw(cb, shape), out);
            out.storage().bumpVersion();
            return out;
        }
        return store(generic.get(), out);
    }

    /** The op's ordinary form, cast into out ({@code t}: the result type, known before computing; null: unknown). */
    private static Tensor binaryGeneric(Tensor a, Tensor b, DType t, Tensor out, Supplier<Tensor> op) {
        Elementwise.checkSameDevice(a, b);
        checkDevice(out, a, b);
        long[] shape = Shapes.broadcast(a.shapeRef(), b.shapeRef());
        checkOverlap(out, a, b);
        checkReadWrite(out, shape, a, b);
        if (t != null) checkCast(t, out);
        Tensor r = op.get();
        checkCast(r.dtype(), out);
        resize(out, shape);
        return store(r, out);
    }

    // ------------------------------------------------------------------ unary

    public static Tensor exp(Tensor x, Tensor out) { return floating("exp", UnaryOp.EXP, x, out, () -> MathOps.exp(x)); }

    public static Tensor log(Tensor x, Tensor out) { return floating("log", UnaryOp.LOG, x, out, () -> MathOps.log(x)); }

    public static Tensor sqrt(Tensor x, Tensor out) { return floating("sqrt", UnaryOp.SQRT, x, out, () -> MathOps.sqrt(x)); }

    public static Tensor sigmoid(Tensor x, Tensor out) { return floating("sigmoid", UnaryOp.SIGMOID, x, out, () -> UnaryOps.sigmoid(x)); }

    public static Tensor tanh(Tensor x, Tensor out) { return floating("tanh", UnaryOp.TANH, x, out, () -> UnaryOps.tanh(x)); }

    /** neg and abs keep the input's dtype, and PyTorch wants out to have exactly that dtype. */
    public static Tensor neg(Tensor x, Tensor out) { return sameType("neg", UnaryOp.NEG, x, out, () -> MathOps.neg(x)); }

    public static Tensor abs(Tensor x, Tensor out) { return sameType("abs", UnaryOp.ABS, x, out, () -> MathOps.abs(x)); }

    /** Ops computing in the input's floating type (the default dtype for integral inputs). */
    private static Tensor floating(String name, UnaryOp op, Tensor x, Tensor out, Supplier<Tensor> generic) {
        checkGrad(name, out, x);
        checkDevice(out, x);
        checkOverlap(out, x);
        DType t = Elementwise.floatType(x.dtype());
        checkCast(t, out);
        return unary(op, x, t, out, generic);
    }

    private static Tensor sameType(String name, UnaryOp op, Tensor x, Tensor out, Supplier<Tensor> generic) {
        checkGrad(name, out, x);
        checkDevice(out, x);
        if (x.dtype() == DType.BOOL) generic.get(); // the op's own error for bool
        checkOverlap(out, x);
        if (out.dtype() != x.dtype()) {
            throw new IllegalArgumentException("Found dtype " + InPlace.scalarTypeName(out.dtype()) + " but expected "
                    + InPlace.scalarTypeName(x.dtype()));
        }
        return unary(op, x, x.dtype(), out, generic);
    }

    private static Tensor unary(UnaryOp op, Tensor x, DType t, Tensor out, Supplier<Tensor> generic) {
        if (!Arrays.equals(out.shapeRef(), x.shapeRef()) && out.storage() == x.storage()) {
            Tensor r = generic.get();
            resize(out, x.shapeRef());
            return store(r, out);
        }
        resize(out, x.shapeRef());
        if (x.dtype() == t && out.dtype() == t && writable(out, x, null)) {
            Elementwise.backend(out).unary(op, x, out, 0, 0);
            out.storage().bumpVersion();
            return out;
        }
        return store(generic.get(), out);
    }

    // ------------------------------------------------------------------ reductions

    /**
     * {@code torch.sum(x, dims, keepdim, dtype, out=out)}: without a dtype the sum runs in out's dtype (the
     * input is converted first, as PyTorch does); with one, out must have it.
     */
    public static Tensor sum(Tensor x, long[] dimList, boolean keepdim, DType dtype, Tensor out) {
        checkGrad("sum", out, x);
        checkDevice(out, x);
        checkDtype(dtype, out);
        int[] dims = Reductions.dims(x, dimList);
        DType t = out.dtype();
        if (t == x.dtype() && (t == DType.FLOAT32 || t == DType.FLOAT64) && out.storage() != x.storage()) {
            resize(out, Reductions.reducedShape(x.shapeRef(), dims, keepdim));
            reduceInto(ReduceOp.SUM, x, dims, keepdim, out);
            out.storage().bumpVersion();
            return out;
        }
        Tensor in = x.dtype() == t ? x : Elementwise.castRaw(x, t);
        Tensor r;
        try (var ng = GradMode.set(false)) {
            r = Reductions.sum(in, dimList, keepdim, t);
        }
        resize(out, r.shapeRef());
        return store(r, out);
    }

    /**
     * {@code torch.mean(x, dims, keepdim, dtype, out=out)}: the input must be floating and castable to
     * out's dtype, in which the mean is computed.
     */
    public static Tensor mean(Tensor x, long[] dimList, boolean keepdim, DType dtype, Tensor out) {
        checkGrad("mean", out, x);
        checkDevice(out, x);
        if (!x.dtype().isFloatingPoint() && dtype == null) Reductions.mean(x, dimList, keepdim); // its dtype error
        checkDtype(dtype, out);
        checkCast(dtype != null ? dtype : x.dtype(), out);
        int[] dims = Reductions.dims(x, dimList);
        DType t = out.dtype();
        if (t == x.dtype() && (t == DType.FLOAT32 || t == DType.FLOAT64) && out.storage() != x.storage()) {
            resize(out, Reductions.reducedShape(x.shapeRef(), dims, keepdim));
            long count = 1;
            for (int d : dims) count *= x.shapeRef()[d];
            reduceInto(ReduceOp.SUM, x, dims, keepdim, out);
            Tensor n = Elementwise.castRaw(Torch.scalarTensor((double) count, out), t);
            Elementwise.backend(out).binary(BinaryOp.DIV, out, Elementwise.expandRaw(n, out.shapeRef()), out);
            out.storage().bumpVersion();
            return out;
        }
        Tensor r;
        try (var ng = GradMode.set(false)) {
            r = Reductions2.mean(x, dimList, keepdim, t);
        }
        resize(out, r.shapeRef());
        return store(r, out);
    }

    /** Runs the backend reduction over {@code dims} straight into out (already of the result's shape). */
    private static void reduceInto(ReduceOp op, Tensor x, int[] dims, boolean keepdim, Tensor out) {
        int r = x.dim();
        boolean[] red = new boolean[r];
        for (int d : dims) red[d] = true;
        // the kernel contract: reduced dims last in the input, out without them
        long[] shape = new long[r], strides = new long[r];
        int j = 0;
        for (int i = 0; i < r; i++) if (!red[i]) { shape[j] = x.shapeRef()[i]; strides[j++] = x.stridesRef()[i]; }
        for (int d : dims) { shape[j] = x.shapeRef()[d]; strides[j++] = x.stridesRef()[d]; }
        Tensor in = new Tensor(x.storage(), shape, strides, x.storageOffset(), x.dtype());
        Tensor o = out;
        if (keepdim && dims.length > 0) {
            long[] os = new long[r - dims.length], ost = new long[r - dims.length];
            int k = 0;
            for (int i = 0; i < r; i++) if (!red[i]) { os[k] = out.shapeRef()[i]; ost[k++] = out.stridesRef()[i]; }
            o = new Tensor(out.storage(), os, ost, out.storageOffset(), out.dtype());
        }
        Elementwise.backend(x).reduce(op, in, dims.length, o, null);
    }

    // ------------------------------------------------------------------ matrix products

    /** {@code torch.mm(a, b, out=out)}: out must have the inputs' dtype. */
    public static Tensor mm(Tensor a, Tensor b, Tensor out) {
        checkGrad("mm", out, a, b);
        checkDevice(out, a, b);
        Tensor r = LinAlg.mm(a, b);
        checkDtype(r.dtype(), out);
        resize(out, r.shapeRef());
        return store(r, out);
    }

    /** {@code torch.matmul(a, b, out=out)}: the product PyTorch's matmul would call names the op in errors. */
    public static Tensor matmul(Tensor a, Tensor b, Tensor out) {
        int da = a.dim(), db = b.dim();
        String name = da == 1 && db == 1 ? "dot" : da == 2 && db == 1 ? "mv" : da <= 2 || db <= 2 ? "mm" : "bmm";
        checkGrad(name, out, a, b);
        checkDevice(out, a, b);
        Tensor r = LinAlg.matmul(a, b);
        if (name.equals("dot") && r.dtype() != out.dtype()) {
            throw new IllegalArgumentException("result dtype " + InPlace.scalarTypeName(out.dtype()) + " does not match input dtype "
                    + InPlace.scalarTypeName(r.dtype()));
        }
        checkDtype(r.dtype(), out);
        resize(out, r.shapeRef());
        store(r, out);
        // PyTorch writes a vector-matrix product through a second step (out's version goes up twice)
        if (da == 1 && db == 2) out.storage().bumpVersion();
        return out;
    }

    // ------------------------------------------------------------------ shared rules

    private static void checkGrad(String name, Tensor out, Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            InPlace.checkWritable(out);
            return;
        }
        boolean any = out.requiresGrad();
        for (Tensor t : inputs) any |= t.requiresGrad();
        if (any) {
            throw new IllegalStateException(name + "(): functions with out=... arguments don't support automatic differentiation, "
                    + "but one of the arguments requires grad.");
        }
        InPlace.checkWritable(out); // an inference tensor outside inference mode
    }

    private static void checkDevice(Tensor out, Tensor... inputs) {
        for (Tensor t : inputs) {
            if (!t.device().equals(out.device()) && !(t.dim() == 0 && t.device().type() == Device.Type.CPU)) {
                throw new IllegalArgumentException("Expected all tensors to be on the same device, but found at least two devices, "
                        + t.device() + " and " + out.device() + "!");
            }
        }
    }

    private static void checkCast(DType result, Tensor out) {
        if (!InPlace.canCast(result, out.dtype())) {
            throw new IllegalArgumentException("result type " + InPlace.scalarTypeName(result)
                    + " can't be cast to the desired output type " + InPlace.scalarTypeName(out.dtype()));
        }
    }

    /** Ops whose out must have exactly the result's dtype (a given {@code dtype=}, mm's). */
    private static void checkDtype(DType expected, Tensor out) {
        if (expected != null && expected != out.dtype()) {
            throw new IllegalArgumentException("Expected out tensor to have dtype " + BinaryOps.cppName(expected) + ", but got "
                    + BinaryOps.cppName(out.dtype()) + " instead");
        }
    }

    /**
     * PyTorch's memory-overlap checks, on out as given: out must not write one element twice, nor partly
     * overlap an input (the same memory range is allowed: {@code torch.add(a, b, out=a)}).
     */
    private static void checkOverlap(Tensor out, Tensor... inputs) {
        long[] s = out.shapeRef(), st = out.stridesRef();
        if (out.numel() > 1 && !Shapes.isNonOverlappingAndDense(s, st)) {
            for (int i = 0; i < s.length; i++) {
                if (st[i] == 0 && s[i] > 1) {
                    throw new IllegalArgumentException("unsupported operation: more than one element of the written-to tensor "
                            + "refers to a single memory location. Please clone() the tensor before performing the operation.");
                }
            }
        }
        for (Tensor in : inputs) {
            if (in == null || in.storage() != out.storage() || in.numel() == 0 || out.numel() == 0) continue;
            // as PyTorch, only dense layouts are compared: their memory is one range
            if (!Shapes.isNonOverlappingAndDense(in.shapeRef(), in.stridesRef()) || !Shapes.isNonOverlappingAndDense(s, st)) continue;
            long a0 = in.storageOffset(), a1 = a0 + in.numel(), b0 = out.storageOffset(), b1 = b0 + out.numel();
            if ((a0 != b0 || a1 != b1) && a0 < b1 && b0 < a1) {
                throw new IllegalArgumentException("unsupported operation: some elements of the input tensor and the written-to "
                        + "tensor refer to a single memory location. Please clone() the tensor before performing the operation.");
            }
        }
    }

    /**
     * True when a kernel may write out while reading the inputs: out shares memory with none of them, or
     * is laid out exactly as the one it shares (element i read, then written, at the same place).
     */
    private static boolean writable(Tensor out, Tensor a, Tensor b) {
        return sameOrApart(out, a) && (b == null || sameOrApart(out, b));
    }

    private static boolean sameOrApart(Tensor out, Tensor in) {
        if (in.storage() != out.storage()) return true;
        return in.storageOffset() == out.storageOffset() && Arrays.equals(in.shapeRef(), out.shapeRef())
                && Arrays.equals(in.stridesRef(), out.stridesRef());
    }

    /** PyTorch's resize_output: a no-op for the right shape, a (warned, when out had elements) resize_ otherwise. */
    private static void resize(Tensor out, long[] shape) {
        if (Arrays.equals(out.shapeRef(), shape)) return;
        if (out.numel() != 0 && !resizeWarned) {
            resizeWarned = true;
            System.err.println("UserWarning: An output with one or more elements was resized since it had shape "
                    + Shapes.str(out.shapeRef()) + ", which does not match the required output shape " + Shapes.str(shape)
                    + ". This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless "
                    + "they have zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero "
                    + "elements with t.resize_(0).");
        }
        try (var ng = GradMode.set(false)) {
            out.resize_(shape);
        }
    }

    /** An out that is itself one of the inputs cannot be resized (PyTorch's read-write operands). */
    private static void checkReadWrite(Tensor out, long[] shape, Tensor a, Tensor b) {
        if ((out == a || out == b) && !Arrays.equals(out.shapeRef(), shape)) {
            throw new IllegalArgumentException("output with shape " + Shapes.str(out.shapeRef()) + " doesn't match the broadcast shape "
                    + Shapes.str(shape));
        }
    }

    /** Casts a computed result into out (already of its shape) and bumps out's version once. */
    private static Tensor store(Tensor result, Tensor out) {
        Tensor src = result.dtype() == out.dtype() ? result : Elementwise.castRaw(result, out.dtype());
        (src.device().type() != Device.Type.CPU ? Elementwise.backend(src) : Elementwise.backend(out)).copy(src, out);
        out.storage().bumpVersion();
        return out;
    }
}
