package dev.jtorch.optim;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.internal.Mem;

import java.lang.foreign.MemorySegment;

/**
 * The fused in-place updates the optimizers need, rounded exactly like PyTorch 1.13's CPU kernels so that
 * trajectories match bit for bit in float32 and float64: {@code add_(other, alpha)} is one fused
 * multiply-add ({@code fmadd(other, alpha, self)}), {@code addcmul_} fuses its last multiply with the add
 * ({@code self + (value * t1) * t2}), {@code addcdiv_} rounds every step ({@code self + (value * t1) / t2}),
 * and scalars are first rounded to the tensor's dtype. Other dtypes fall back to composite tensor ops.
 * Callers run under no-grad and pass tensors of one shape.
 */
final class Kernels {
    private Kernels() {}

    /** {@code self.add_(other, alpha=alpha)}. */
    static Tensor addScaled_(Tensor self, Tensor other, double alpha) {
        if (!fast(self, other)) return self.add_(other, alpha);
        return run(self, other, null, alpha, Op.ADD_SCALED);
    }

    /** {@code self.add(other, alpha=alpha)} into a new tensor. */
    static Tensor addScaled(Tensor self, Tensor other, double alpha) {
        return addScaled_(self.clone(), other, alpha);
    }

    /** {@code self.addcmul_(t1, t2, value=value)}. */
    static Tensor addcmul_(Tensor self, Tensor t1, Tensor t2, double value) {
        if (!fast(self, t1, t2)) return self.add_(t1.mul(value).mul(t2));
        return run(self, t1, t2, value, Op.ADDCMUL);
    }

    /** {@code self.addcdiv_(t1, t2, value=value)}. */
    static Tensor addcdiv_(Tensor self, Tensor t1, Tensor t2, double value) {
        if (!fast(self, t1, t2)) return self.add_(t1.mul(value).div(t2));
        return run(self, t1, t2, value, Op.ADDCDIV);
    }

    /** {@code torch.maximum(self, other, out=self)}: NaN wins, as in PyTorch. */
    static Tensor maximum_(Tensor self, Tensor other) {
        if (!fast(self, other)) {
            Tensor m = self.lt(other);
            Tensor nan = other.ne(other);
            return self.copy_(dev.jtorch.Torch.where(m.toInt().add(nan.toInt()).gt(0.0), other, self));
        }
        return run(self, other, null, 0, Op.MAXIMUM);
    }

    private enum Op { ADD_SCALED, ADDCMUL, ADDCDIV, MAXIMUM }

    private static boolean fast(Tensor self, Tensor... others) {
        DType t = self.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) return false;
        if (self.isCuda()) return false;   // these loops read host memory; on a GPU the composite ops run there
        for (Tensor o : others) {
            if (o.dtype() != t || !java.util.Arrays.equals(o.shapeRef(), self.shapeRef())) return false;
        }
        return true;
    }

    /**
     * {@code add_(other, alpha)} over heap arrays (every SGD step): the same fused multiply-adds as the segment
     * loop below, in a plain array loop the JIT vectorises. False when either operand is off-heap or captured.
     */
    private static boolean addScaledArrays(Tensor out, Tensor a, double scalar, int n) {
        if (dev.jtorch.graphs.Capture.isCapturing()) return false;
        Object x = out.storage().array(), y = a.storage().array();
        int xo = Math.toIntExact(out.storageOffset()), yo = Math.toIntExact(a.storageOffset());
        if (x instanceof float[] xs && y instanceof float[] ys && out.dtype() == DType.FLOAT32) {
            float s = (float) scalar;
            dev.jtorch.backend.cpu.HeapArrays.fma(xs, xo, ys, yo, s, n);
            return true;
        }
        if (x instanceof double[] xs && y instanceof double[] ys && out.dtype() == DType.FLOAT64) {
            for (int i = 0; i < n; i++) xs[xo + i] = Math.fma(ys[yo + i], scalar, xs[xo + i]);
            return true;
        }
        return false;
    }

    private static Tensor run(Tensor self, Tensor a, Tensor b, double scalar, Op op) {
        Tensor out = self.isContiguous() ? self : self.contiguous();
        Tensor ca = a.contiguous();
        Tensor cb = b == null ? null : b.contiguous();
        int n = Math.toIntExact(self.numel());
        if (op == Op.ADD_SCALED && addScaledArrays(out, ca, scalar, n)) {
            if (out != self) self.copy_(out);
            else self.storage().bumpVersion();
            return self;
        }
        MemorySegment so = out.segment(), sa = ca.segment(), sb = cb == null ? null : cb.segment();
        long oo = out.storageOffset(), oa = ca.storageOffset(), ob = cb == null ? 0 : cb.storageOffset();
        if (self.dtype() == DType.FLOAT32) {
            float s = (float) scalar;
            switch (op) {
                case ADD_SCALED -> {
                    for (int i = 0; i < n; i++) {
                        so.setAtIndex(Mem.F32, oo + i, Math.fma(sa.getAtIndex(Mem.F32, oa + i), s, so.getAtIndex(Mem.F32, oo + i)));
                    }
                }
                case ADDCMUL -> {
                    for (int i = 0; i < n; i++) {
                        float p = s * sa.getAtIndex(Mem.F32, oa + i);
                        so.setAtIndex(Mem.F32, oo + i, Math.fma(p, sb.getAtIndex(Mem.F32, ob + i), so.getAtIndex(Mem.F32, oo + i)));
                    }
                }
                case ADDCDIV -> {
                    for (int i = 0; i < n; i++) {
                        float q = s * sa.getAtIndex(Mem.F32, oa + i) / sb.getAtIndex(Mem.F32, ob + i);
                        so.setAtIndex(Mem.F32, oo + i, so.getAtIndex(Mem.F32, oo + i) + q);
                    }
                }
                case MAXIMUM -> {
                    for (int i = 0; i < n; i++) {
                        float x = so.getAtIndex(Mem.F32, oo + i), y = sa.getAtIndex(Mem.F32, oa + i);
                        so.setAtIndex(Mem.F32, oo + i, x != x || y != y ? Float.NaN : Math.max(x, y));
                    }
                }
            }
        } else {
            switch (op) {
                case ADD_SCALED -> {
                    for (int i = 0; i < n; i++) {
                        so.setAtIndex(Mem.F64, oo + i, Math.fma(sa.getAtIndex(Mem.F64, oa + i), scalar, so.getAtIndex(Mem.F64, oo + i)));
                    }
                }
                case ADDCMUL -> {
                    for (int i = 0; i < n; i++) {
                        double p = scalar * sa.getAtIndex(Mem.F64, oa + i);
                        so.setAtIndex(Mem.F64, oo + i, Math.fma(p, sb.getAtIndex(Mem.F64, ob + i), so.getAtIndex(Mem.F64, oo + i)));
                    }
                }
                case ADDCDIV -> {
                    for (int i = 0; i < n; i++) {
                        double q = scalar * sa.getAtIndex(Mem.F64, oa + i) / sb.getAtIndex(Mem.F64, ob + i);
                        so.setAtIndex(Mem.F64, oo + i, so.getAtIndex(Mem.F64, oo + i) + q);
                    }
                }
                case MAXIMUM -> {
                    for (int i = 0; i < n; i++) {
                        double x = so.getAtIndex(Mem.F64, oo + i), y = sa.getAtIndex(Mem.F64, oa + i);
                        so.setAtIndex(Mem.F64, oo + i, x != x || y != y ? Double.NaN : Math.max(x, y));
                    }
                }
            }
        }
        if (out != self) self.copy_(out);
        else self.storage().bumpVersion();
        return self;
    }
}
