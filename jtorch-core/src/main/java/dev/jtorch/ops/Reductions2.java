package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.ValuesIndices;
import dev.jtorch.autograd.GradMode;
import dev.jtorch.autograd.Graph;
import dev.jtorch.backend.ReduceOp;
import dev.jtorch.backend.SoftmaxOp;
import dev.jtorch.backend.Backend;

/**
 * Reductions beyond sum/mean: products, extrema with positions, statistics, norms, log-sum-exp and
 * the all/any/count family, each with PyTorch's dtype rule and gradient. Statistics and norms of
 * float32 inputs are computed in float64 and rounded once, which is within PyTorch's own error.
 */
public final class Reductions2 {
    private Reductions2() {}

    static String name(DType t) { return InPlace.scalarTypeName(t); }

    /** The reduced result with the reduced dims kept (size 1), for broadcasting against the input. */
    static Tensor kept(Tensor r, Tensor x, int[] dims, boolean keepdim) {
        Tensor k = r;
        if (!keepdim) for (int d : dims) k = k.unsqueeze(d);
        return k;
    }

    public static Tensor mean(Tensor x, long[] dims, boolean keepdim, DType dtype) {
        Tensor in = dtype == null ? x : x.to(dtype);
        return Reductions.mean(in, dims, keepdim);
    }

    public static Tensor nansum(Tensor x, long[] dims, boolean keepdim, DType dtype) {
        Tensor z = x.isFloatingPoint() ? Torch.where(x.isnan(), Torch.zerosLike(x), x) : x;
        return Reductions.sum(z, dims, keepdim, dtype);
    }

    public static Tensor nanmean(Tensor x, long[] dims, boolean keepdim) {
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException("nanmean(): expected input to have floating point dtype but got "
                    + name(x.dtype()));
        }
        Tensor count = Reductions.sum(x.isnan().logicalNot(), dims, keepdim, null);
        return nansum(x, dims, keepdim, null).div(count);
    }

    // ------------------------------------------------------------------ prod

    public static Tensor prod(Tensor x, long[] dimList, boolean keepdim, DType dtype) {
        int[] dims = Reductions.dims(x, dimList);
        DType outType = dtype != null ? dtype : (x.isFloatingPoint() ? x.dtype() : DType.INT64);
        Tensor in = x.dtype() == outType || !outType.isFloatingPoint() ? x : Elementwise.castRaw(x, outType);
        Tensor out = Reductions.reduceRaw(ReduceOp.PROD, in, dims, keepdim, outType, null);
        if (Graph.needsGrad(x)) {
            Tensor res = out.detach();
            Graph.record(dimList == null ? "ProdBackward0" : "ProdBackward1", out, new Tensor[] {x}, new Tensor[] {x}, g -> {
                // product of the other elements: out / x where x != 0, else recomputed with that element set to 1
                Tensor gk = kept(g[0], x, dims, keepdim), rk = kept(res, x, dims, keepdim);
                Tensor zero = x.eq(0.0);
                Tensor others = rk.div(Torch.where(zero, Torch.onesLike(x), x));
                if (zero.any().itemBool()) {
                    Tensor filled = Torch.where(zero, Torch.onesLike(x), x).detach();
                    Tensor prodNoZero = Reductions.reduceRaw(ReduceOp.PROD, filled, dims, true, x.dtype(), null);
                    Tensor zeroCount = Reductions.sum(zero, dev.jtorch.internal.Shapes.toLongs(dims), true, null);
                    Tensor onlyZero = zero.logicalAnd(zeroCount.eq(1L));
                    others = Torch.where(onlyZero, prodNoZero.expand(x.shapeRef()), Torch.where(zero, Torch.zerosLike(x), others));
                }
                return new Tensor[] {gk.mul(others)};
            });
        }
        return out;
    }

    // ------------------------------------------------------------------ extrema

    /** Full max/min: NaN propagates; the gradient is shared evenly among the maximal elements. */
    public static Tensor maxAll(Tensor x, boolean max) {
        if (x.numel() == 0) {
            throw new IllegalArgumentException((max ? "max" : "min") + "(): Expected reduction dim to be specified for "
                    + "input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
        }
        int[] dims = Reductions.dims(x, null);
        Tensor out = Reductions.reduceRaw(max ? ReduceOp.MAX : ReduceOp.MIN, x, dims, false, x.dtype(), null);
        if (Graph.needsGrad(x)) {
            Tensor res = out.detach();
            Graph.record(max ? "MaxBackward1" : "MinBackward1", out, new Tensor[] {x}, new Tensor[] {x}, g -> new Tensor[] {
                    evenly(g[0], x, res, dims, false)});
        }
        return out;
    }

    /** grad / count at the elements equal to the result (NaN matching NaN), zero elsewhere. */
    static Tensor evenly(Tensor g, Tensor x, Tensor res, int[] dims, boolean keepdim) {
        Tensor rk = kept(res, x, dims, keepdim);
        Tensor hit = x.eq(rk).logicalOr(x.isnan().logicalAnd(rk.isnan()));
        Tensor count = Reductions.sum(hit, dev.jtorch.internal.Shapes.toLongs(dims), true, null);
        Tensor gk = kept(g, x, dims, keepdim);
        return Torch.where(hit, gk.div(count).expand(x.shapeRef()), Torch.zeros(x.shapeRef(), g.dtype(), g.device()));
    }

    public static ValuesIndices maxDim(Tensor x, long dimArg, boolean keepdim, boolean max) {
        int dim = dev.jtorch.internal.Shapes.wrapDim(dimArg, x.dim());
        if (x.dim() > 0 && x.shapeRef()[dim] == 0) {
            throw new IndexOutOfBoundsException((max ? "max" : "min") + "(): Expected reduction dim " + dim
                    + " to have non-zero size.");
        }
        int[] dims = x.dim() == 0 ? new int[0] : new int[] {dim};
        Tensor[] idx = new Tensor[1];
        Tensor values = Reductions.reduceRaw(max ? ReduceOp.MAX : ReduceOp.MIN, x, dims, keepdim, x.dtype(), idx);
        Tensor indices = idx[0];
        if (Graph.needsGrad(x)) {
            Graph.record(max ? "MaxBackward0" : "MinBackward0", values, new Tensor[] {x}, new Tensor[] {indices},
                    g -> new Tensor[] {selectBack(g[0], x, dim, indices, keepdim)});
        }
        return new ValuesIndices(values, indices);
    }

    /** Scatters a gradient of selected values back to the positions they came from. */
    static Tensor selectBack(Tensor g, Tensor x, int dim, Tensor indices, boolean keepdim) {
        if (x.dim() == 0) return g.reshape();
        Tensor gk = keepdim ? g : g.unsqueeze(dim);
        Tensor ik = keepdim ? indices : indices.unsqueeze(dim);
        return Scatter.scatterAdd(Torch.zeros(x.shapeRef(), g.dtype(), g.device()), dim, ik, gk);
    }

    public static Tensor amax(Tensor x, long[] dimList, boolean keepdim, boolean max) {
        int[] dims = Reductions.dims(x, dimList);
        for (int d : dims) {
            if (x.dim() > 0 && x.shapeRef()[d] == 0) {
                throw new IndexOutOfBoundsException((max ? "amax" : "amin") + "(): Expected reduction dim " + d
                        + " to have non-zero size.");
            }
        }
        if (x.numel() == 0 && x.dim() == 0) throw new IllegalArgumentException("empty");
        Tensor out = Reductions.reduceRaw(max ? ReduceOp.MAX : ReduceOp.MIN, x, dims, keepdim, x.dtype(), null);
        if (Graph.needsGrad(x)) {
            Tensor res = out.detach();
            Graph.record(max ? "AmaxBackward0" : "AminBackward0", out, new Tensor[] {x}, new Tensor[] {x}, g -> new Tensor[] {
                    evenly(g[0], x, res, dims, keepdim)});
        }
        return out;
    }

    public static Tensor argmax(Tensor x, Long dim, boolean keepdim, boolean max) {
        String op = max ? "argmax" : "argmin";
        if (dim == null) {
            if (x.numel() == 0) {
                throw new IndexOutOfBoundsException(op + "(): Expected reduction dim to be specified for input.numel() == 0.");
            }
            Tensor flat = x.reshape(-1);
            Tensor out = Reductions.reduceRaw(max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, flat, new int[] {0}, false, DType.INT64, null);
            if (keepdim) {
                long[] ones = new long[x.dim()];
                java.util.Arrays.fill(ones, 1);
                out = out.reshape(ones);
            }
            return out;
        }
        int d = dev.jtorch.internal.Shapes.wrapDim(dim, x.dim());
        if (x.dim() > 0 && x.shapeRef()[d] == 0) {
            throw new IndexOutOfBoundsException(op + "(): Expected reduction dim " + d + " to have non-zero size.");
        }
        int[] dims = x.dim() == 0 ? new int[0] : new int[] {d};
        return Reductions.reduceRaw(max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, x, dims, keepdim, DType.INT64, null);
    }

    // ------------------------------------------------------------------ statistics

    private static void checkFloat(Tensor x, String op) {
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException(op + " only support floating point and complex dtypes");
        }
    }

    /** {@code var(dims, correction, keepdim)}: two passes in float64, rounded to the input dtype. */
    public static Tensor var(Tensor x, long[] dimList, double correction, boolean keepdim) {
        checkFloat(x, "std and var");
        int[] dims = Reductions.dims(x, dimList);
        long n = 1;
        for (int d : dims) n *= x.shapeRef()[d];
        Tensor out;
        try (var ng = GradMode.set(false)) {
            Tensor xd = x.to(DType.FLOAT64);
            Tensor mean = Reductions.sum(xd, dev.jtorch.internal.Shapes.toLongs(dims), true, null).div((double) n);
            Tensor dv = xd.sub(mean);
            out = Reductions.sum(dv.mul(dv), dev.jtorch.internal.Shapes.toLongs(dims), keepdim, null).div(Math.max(0.0, n - correction)).to(x.dtype());
            if (out == xd) out = out.clone();
        }
        if (Graph.needsGrad(x)) {
            long count = n;
            Graph.record("VarBackward0", out, new Tensor[] {x}, new Tensor[] {x}, g -> {
                Tensor mean = Reductions.sum(x, dev.jtorch.internal.Shapes.toLongs(dims), true, null).div((double) count);
                return new Tensor[] {kept(g[0], x, dims, keepdim).mul(x.sub(mean)).mul(2.0 / Math.max(0.0, count - correction))};
            });
        }
        return out;
    }

    public static Tensor std(Tensor x, long[] dimList, double correction, boolean keepdim) {
        checkFloat(x, "std and var");
        int[] dims = Reductions.dims(x, dimList);
        Tensor out;
        try (var ng = GradMode.set(false)) {
            out = var(x.to(DType.FLOAT64), dimList, correction, keepdim).sqrt().to(x.dtype());
        }
        if (Graph.needsGrad(x)) {
            Tensor res = out.detach();
            long n = 1;
            for (int d : dims) n *= x.shapeRef()[d];
            long count = n;
            Graph.record("StdBackward0", out, new Tensor[] {x}, new Tensor[] {x}, g -> {
                Tensor mean = Reductions.sum(x, dev.jtorch.internal.Shapes.toLongs(dims), true, null).div((double) count);
                Tensor scale = kept(g[0].div(res), x, dims, keepdim);
                return new Tensor[] {scale.mul(x.sub(mean)).mul(1.0 / Math.max(0.0, count - correction))};
            });
        }
        return out;
    }

    // ------------------------------------------------------------------ norms

    /** {@code torch.linalg.vector_norm(x, ord, dim, keepdim)}; computed in float64 and rounded. */
    /** {@code torch.norm(x, p, dim, keepdim)}: the vector norm with torch.norm's own checks. */
    public static Tensor norm(Tensor x, double p, long[] dimList, boolean keepdim) {
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException("norm(): input dtype should be either floating point or complex. Got "
                    + name(x.dtype()) + " instead.");
        }
        if (dimList != null) {
            for (int i = 0; i < dimList.length; i++) {
                for (int j = i + 1; j < dimList.length; j++) {
                    if (dev.jtorch.internal.Shapes.wrapDim(dimList[i], x.dim()) == dev.jtorch.internal.Shapes.wrapDim(dimList[j], x.dim())) {
                        throw new IllegalArgumentException("Expected dims to be different, got "
                                + java.util.Arrays.toString(dimList).replace(" ", " ") + " instead");
                    }
                }
            }
        }
        return vectorNorm(x, p, dimList, keepdim, null);
    }

    /** {@code torch.std_mean} / {@code torch.var_mean}: [std or var, mean]. */
    public static Tensor[] statMean(Tensor x, long[] dims, double correction, boolean keepdim, boolean std) {
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException((std ? "std_mean" : "var_mean") + " only support floating point and complex dtypes");
        }
        Tensor s = std ? std(x, dims, correction, keepdim) : var(x, dims, correction, keepdim);
        return new Tensor[] {s, Reductions.mean(x, dims, keepdim)};
    }

    public static Tensor vectorNorm(Tensor x, double ord, long[] dimList, boolean keepdim, DType dtype) {
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException("linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                    + name(x.dtype()));
        }
        Tensor in = dtype == null ? x : x.to(dtype);
        int[] dims = Reductions.dims(in, dimList);
        if (in.numel() == 0 && (ord < 0 || Double.isInfinite(ord))) {
            throw new IllegalArgumentException("linalg.vector_norm cannot compute the " + fmtOrd(ord)
                    + " norm on an empty tensor because the operation does not have an identity");
        }
        Tensor out;
        long[] dl = dev.jtorch.internal.Shapes.toLongs(dims);
        try (var ng = GradMode.set(false)) {
            Tensor a = in.to(DType.FLOAT64).abs();
            Tensor r;
            if (ord == 2.0) r = Reductions.sum(a.mul(a), dl, keepdim, null).sqrt();
            else if (ord == 1.0) r = Reductions.sum(a, dl, keepdim, null);
            else if (ord == Double.POSITIVE_INFINITY) r = Reductions.reduceRaw(ReduceOp.MAX, a, dims, keepdim, DType.FLOAT64, null);
            else if (ord == Double.NEGATIVE_INFINITY) r = Reductions.reduceRaw(ReduceOp.MIN, a, dims, keepdim, DType.FLOAT64, null);
            else if (ord == 0.0) r = Reductions.sum(a.ne(0.0).to(DType.FLOAT64), dl, keepdim, null);
            else r = Reductions.sum(a.pow(ord), dl, keepdim, null).pow(1.0 / ord);
            out = r.to(in.dtype());
            if (out == r && in.dtype() == DType.FLOAT64) out = r;
        }
        if (Graph.needsGrad(in)) {
            Tensor res = out.detach();
            Graph.record("LinalgVectorNormBackward0", out, new Tensor[] {in}, new Tensor[] {in}, g -> {
                Tensor nk = kept(res, in, dims, keepdim), gk = kept(g[0], in, dims, keepdim);
                Tensor zero = Torch.zerosLike(in);
                Tensor d;
                if (ord == 0.0) d = zero;
                else if (ord == 1.0) d = in.sign();
                else if (ord == 2.0) d = Torch.where(nk.eq(0.0), zero, in.div(nk));
                else if (Double.isInfinite(ord)) {
                    Tensor hit = in.abs().eq(nk);
                    Tensor count = Reductions.sum(hit, dl, true, null);
                    d = Torch.where(hit, in.sign().div(count), zero);
                } else {
                    Tensor v = in.sign().mul(in.abs().pow(ord - 1)).div(nk.pow(ord - 1));
                    d = Torch.where(nk.eq(0.0), zero, v);
                }
                return new Tensor[] {d.mul(gk)};
            });
        }
        return out;
    }

    static String fmtOrd(double ord) {
        if (ord == Double.POSITIVE_INFINITY) return "inf";
        if (ord == Double.NEGATIVE_INFINITY) return "-inf";
        return BinaryOps.fmt(ord);
    }

    // ------------------------------------------------------------------ log-sum-exp and softmax

    public static Tensor logsumexp(Tensor x, long[] dimList, boolean keepdim) {
        Tensor in = x.isFloatingPoint() ? x : x.to(Torch.getDefaultDtype());
        int[] dims = Reductions.dims(in, dimList);
        long[] dl = dev.jtorch.internal.Shapes.toLongs(dims);
        Tensor out;
        try (var ng = GradMode.set(false)) {
            if (in.numel() == 0) {
                out = Reductions.sum(in, dl, keepdim, null).log();
            } else if ((out = lastDim(SoftmaxOp.LOGSUMEXP, in, dims, keepdim)) != null) {
                // fused over contiguous rows
            } else {
                Tensor m = Reductions.reduceRaw(ReduceOp.MAX, in, dims, true, in.dtype(), null);
                m = Torch.where(m.isinf(), Torch.zerosLike(m), m);
                Tensor s = Reductions.sum(in.sub(m).exp(), dl, true, null).log().add(m);
                out = keepdim ? s : Reductions.sum(s, dl, false, null);
            }
        }
        if (Graph.needsGrad(in)) {
            Tensor res = out.detach();
            Graph.record("LogsumexpBackward0", out, new Tensor[] {in}, new Tensor[] {in}, g -> new Tensor[] {
                    kept(g[0], in, dims, keepdim).mul(in.sub(kept(res, in, dims, keepdim)).exp())});
        }
        return out;
    }

    public static Tensor softmax(Tensor x, long dimArg, DType dtype, boolean log) {
        Tensor in = dtype == null ? x : x.to(dtype);
        if (!in.isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + (log ? "log_softmax" : "softmax") + "_lastdim_kernel_impl\" not implemented for '"
                    + name(in.dtype()) + "'");
        }
        int dim = dev.jtorch.internal.Shapes.wrapDim(dimArg, in.dim());
        int[] dims = in.dim() == 0 ? new int[0] : new int[] {dim};
        long[] dl = dev.jtorch.internal.Shapes.toLongs(dims);
        Tensor out;
        try (var ng = GradMode.set(false)) {
            if (in.numel() == 0) {
                out = in.clone();
            } else if ((out = lastDim(log ? SoftmaxOp.LOG_SOFTMAX : SoftmaxOp.SOFTMAX, in, dims, false)) != null) {
                // fused over contiguous rows
            } else {
                Tensor m = Reductions.reduceRaw(ReduceOp.MAX, in, dims, true, in.dtype(), null);
                Tensor shifted = in.sub(m);
                Tensor e = shifted.exp();
                Tensor s = Reductions.sum(e, dl, true, null);
                out = log ? shifted.sub(s.log()) : e.div(s);
            }
        }
        if (Graph.needsGrad(in)) {
            Tensor res = out.detach();
            Graph.record(log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", out, new Tensor[] {in}, null, g -> {
                if (log) return new Tensor[] {g[0].sub(res.exp().mul(Reductions.sum(g[0], dl, true, null)))};
                return new Tensor[] {res.mul(g[0].sub(Reductions.sum(g[0].mul(res), dl, true, null)))};
            });
        }
        return out;
    }

    /**
     * The backend's fused row kernel when {@code dims} is just the last dim of a contiguous floating x (the
     * result as the composition would shape it), else null.
     */
    private static Tensor lastDim(SoftmaxOp op, Tensor in, int[] dims, boolean keepdim) {
        Backend backend = Backend.of(in.device());
        if (dims.length != 1 || dims[0] != in.dim() - 1 || !in.isContiguous() || !backend.hasSoftmaxLastDim(in)) return null;
        long[] shape = in.shapeRef();
        long[] outShape = shape;
        if (op == SoftmaxOp.LOGSUMEXP) {
            outShape = keepdim ? shape.clone() : java.util.Arrays.copyOf(shape, shape.length - 1);
            if (keepdim) outShape[shape.length - 1] = 1;
        }
        Tensor out = Tensor.allocate(outShape, in.dtype(), in.device());
        backend.softmaxLastDim(op, in, out);
        return out;
    }

    // ------------------------------------------------------------------ all, any, count

    public static Tensor all(Tensor x, long[] dimList, boolean keepdim, boolean all) {
        int[] dims = Reductions.dims(x, dimList);
        DType out = x.dtype() == DType.UINT8 ? DType.UINT8 : DType.BOOL;
        return Reductions.reduceRaw(all ? ReduceOp.ALL : ReduceOp.ANY, x, dims, keepdim, out, null);
    }

    public static Tensor countNonzero(Tensor x, long[] dimList) {
        int[] dims = Reductions.dims(x, dimList);
        Tensor nz = x.ne(0L);
        return Reductions.reduceRaw(ReduceOp.SUM, nz, dims, false, DType.INT64, null);
    }
}
