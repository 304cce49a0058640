package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.GradMode;
import dev.jtorch.autograd.Graph;
import dev.jtorch.internal.Mem;
import dev.jtorch.internal.Shapes;

import java.lang.foreign.MemorySegment;

/**
 * Index-driven ops along a dim: gather, scatter (plain, add, reduce), index_add/index_copy, take,
 * take_along_dim, nonzero. The loops walk the index tensor element by element through strides.
 */
public final class Scatter {
    private Scatter() {}

    private static void checkIndex(Tensor index, String op) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + "(): Expected dtype int64 for index");
        }
    }

    /** Shapes agree as gather/scatter require: same rank, index no larger than self off dim (and than src). */
    private static void checkShapes(Tensor self, int dim, Tensor index, Tensor src, String op) {
        if (index.dim() != self.dim() && !(index.dim() <= 1 && self.dim() <= 1)) {
            throw new IllegalArgumentException("Index tensor must have the same number of dimensions as "
                    + (op.equals("gather") ? "input" : "self") + " tensor");
        }
        long[] is = index.shapeRef(), ss = self.shapeRef();
        for (int d = 0; d < is.length && d < ss.length; d++) {
            if (d != dim && is[d] > ss[d]) {
                throw new IllegalArgumentException("Size does not match at dimension " + d + " expected index "
                        + Shapes.str(is) + " to be smaller than self " + Shapes.str(ss) + " apart from dimension " + dim
                        + (src != null ? " and to be smaller size than src " + Shapes.str(src.shapeRef()) : ""));
            }
            if (src != null && d < src.dim() && is[d] > src.shapeRef()[d]) {
                throw new IllegalArgumentException("Size does not match at dimension " + d + " expected index "
                        + Shapes.str(is) + " to be smaller than self " + Shapes.str(ss) + " apart from dimension " + dim
                        + " and to be smaller size than src " + Shapes.str(src.shapeRef()));
            }
        }
    }

    /** Storage offset of the element at {@code pos} (a multi-index) in t, with dim {@code dim} replaced by {@code at}. */
    private static long offset(Tensor t, long[] pos, int dim, long at) {
        long off = t.storageOffset();
        long[] st = t.stridesRef();
        for (int d = 0; d < st.length; d++) off += (d == dim ? at : pos[d]) * st[d];
        return off;
    }

    private static boolean next(long[] pos, long[] shape) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (++pos[d] < shape[d]) return true;
            pos[d] = 0;
        }
        return false;
    }

    private static long wrapIndex(long v, long size, int dim) {
        // gather and scatter do not wrap negative indices
        if (v < 0 || v >= size) {
            throw new IllegalArgumentException("index " + v + " is out of bounds for dimension " + dim + " with size " + size);
        }
        return v;
    }

    public static Tensor gather(Tensor x, long dimArg, Tensor index) {
        // these kernels read host memory: on a GPU, run them on host copies (the copies carry the gradients)
        if (x.isCuda()) return gather(x.cpu(), dimArg, index.cpu()).to(x.device());
        int dim = Shapes.wrapDim(dimArg, x.dim());
        checkIndex(index, "gather");
        checkShapes(x, dim, index, null, "gather");
        Tensor out = Tensor.allocate(index.shapeRef(), x.dtype(), x.device());
        if (index.numel() > 0) {
            long[] shape = index.shapeRef(), pos = new long[shape.length];
            long size = x.dim() == 0 ? 1 : x.shapeRef()[dim];
            DType t = x.dtype();
            MemorySegment xs = x.segment(), os = out.segment(), is = index.segment();
            long o = 0;
            do {
                long iv = wrapIndex(is.getAtIndex(Mem.I64, offset(index, pos, -1, 0)), size, dim);
                long src = offset(x, pos, x.dim() == 0 ? -1 : dim, iv);
                if (t.isFloatingPoint()) Mem.setDouble(os, t, o, Mem.getDouble(xs, t, src));
                else Mem.setLong(os, t, o, Mem.getLong(xs, t, src));
                o++;
            } while (next(pos, shape));
        }
        if (Graph.needsGrad(x)) {
            long[] xshape = x.shapeRef();
            Graph.record("GatherBackward0", out, new Tensor[] {x}, new Tensor[] {index}, g -> new Tensor[] {
                    scatterAdd(Torch.zeros(xshape, g[0].dtype()), dim, index, g[0])});
        }
        return out;
    }

    /** How scatter combines: replace, or reduce into the existing value. */
    enum Mode { SET, ADD, MULTIPLY }

    /** Writes src (a tensor, or the scalar {@code value} when src is null) into a copy of self at index along dim. */
    static Tensor scatterRaw(Tensor self, int dim, Tensor index, Tensor src, double value, Mode mode) {
        Tensor out = Views.contiguousCopy(self.detach());
        if (index.numel() == 0) return out;
        long[] shape = index.shapeRef(), pos = new long[shape.length];
        long size = self.dim() == 0 ? 1 : self.shapeRef()[dim];
        DType t = self.dtype();
        MemorySegment os = out.segment(), is = index.segment();
        Tensor s = src == null ? null : (src.dtype() == t ? src : Elementwise.castRaw(src, t));
        boolean fl = t.isFloatingPoint();
        do {
            long iv = wrapIndex(is.getAtIndex(Mem.I64, offset(index, pos, -1, 0)), size, dim);
            long dst = offset(out, pos, self.dim() == 0 ? -1 : dim, iv);
            if (fl) {
                double v = s == null ? value : Mem.getDouble(s.segment(), t, offset(s, pos, -1, 0));
                double cur = Mem.getDouble(os, t, dst);
                Mem.setDouble(os, t, dst, switch (mode) { case SET -> v; case ADD -> cur + v; case MULTIPLY -> cur * v; });
            } else {
                long v = s == null ? (long) value : Mem.getLong(s.segment(), t, offset(s, pos, -1, 0));
                long cur = Mem.getLong(os, t, dst);
                Mem.setLong(os, t, dst, switch (mode) { case SET -> v; case ADD -> cur + v; case MULTIPLY -> cur * v; });
            }
        } while (next(pos, shape));
        return out;
    }

    public static Tensor scatter(Tensor self, long dimArg, Tensor index, Tensor src) {
        // these kernels read host memory: on a GPU, run them on host copies (the copies carry the gradients)
        if (self.isCuda()) return scatter(self.cpu(), dimArg, index.cpu(), src.cpu()).to(self.device());
        int dim = Shapes.wrapDim(dimArg, self.dim());
        checkIndex(index, "scatter");
        checkShapes(self, dim, index, src, "scatter");
        checkSrcDtype(self, src, "scatter");
        Tensor out = scatterRaw(self, dim, index, src, 0, Mode.SET);
        if (Graph.needsGrad(self, src)) {
            Graph.record("ScatterBackward0", out, new Tensor[] {self, src}, new Tensor[] {index}, g -> new Tensor[] {
                    scatter(g[0], dim, index, 0.0), gather(g[0], dim, index)});
        }
        return out;
    }

    private static void checkSrcDtype(Tensor self, Tensor src, String op) {
        if (src != null && src.dtype() != self.dtype()) {
            throw new IllegalArgumentException(op + "(): Expected self.dtype to be equal to src.dtype");
        }
    }

    public static Tensor scatter(Tensor self, long dimArg, Tensor index, double value) {
        // these kernels read host memory: on a GPU, run them on host copies (the copies carry the gradients)
        if (self.isCuda()) return scatter(self.cpu(), dimArg, index.cpu(), value).to(self.device());
        int dim = Shapes.wrapDim(dimArg, self.dim());
        checkIndex(index, "scatter");
        checkShapes(self, dim, index, null, "scatter");
        Tensor out = scatterRaw(self, dim, index, null, value, Mode.SET);
        if (Graph.needsGrad(self)) {
            Graph.record("ScatterBackward1", out, new Tensor[] {self}, new Tensor[] {index}, g -> new Tensor[] {
                    scatter(g[0], dim, index, 0.0)});
        }
        return out;
    }

    /** {@code scatter(dim, index, src, reduce="add"|"multiply")}: not differentiable, as in PyTorch. */
    public static Tensor scatter(Tensor self, long dimArg, Tensor index, Tensor src, String reduce) {
        // these kernels read host memory: on a GPU, run them on host copies (the copies carry the gradients)
        if (self.isCuda()) return scatter(self.cpu(), dimArg, index.cpu(), src.cpu(), reduce).to(self.device());
        int dim = Shapes.wrapDim(dimArg, self.dim());
        checkIndex(index, "scatter");
        checkShapes(self, dim, index, src, "scatter");
        checkSrcDtype(self, src, "scatter");
        Mode mode = switch (reduce) {
            case "add" -> Mode.ADD;
            case "multiply" -> Mode.MULTIPLY;
            default -> throw new IllegalArgumentException("reduce argument must be either add or multiply.");
        };
        if (Graph.needsGrad(self, src)) {
            throw new IllegalStateException("the derivative for 'scatter' with reduce is not implemented");
        }
        return scatterRaw(self, dim, index, src, 0, mode);
    }

    public static Tensor scatterAdd(Tensor self, long dimArg, Tensor index, Tensor src) {
        // these kernels read host memory: on a GPU, run them on host copies (the copies carry the gradients)
        if (self.isCuda()) return scatterAdd(self.cpu(), dimArg, index.cpu(), src.cpu()).to(self.device());
        int dim = Shapes.wrapDim(dimArg, self.dim());
        checkIndex(index, "scatter_add");
        checkShapes(self, dim, index, src, "scatter_add");
        checkSrcDtype(self, src, "scatter_add");
        Tensor out = scatterRaw(self, dim, index, src, 0, Mode.ADD);
        if (Graph.needsGrad(self, src)) {
            Graph.record("ScatterAddBackward0", out, new Tensor[] {self, src}, new Tensor[] {index}, g -> new Tensor[] {
                    g[0], gather(g[0], dim, index)});
        }
        return out;
    }

    /**
     * {@code scatter_reduce(dim, index, src, reduce, include_self)}: "sum", "prod", "mean", "amax" or "amin"
     * of the src values landing on each position (and of self's value there when includeSelf).
     */
    public static Tensor scatterReduce(Tensor self, long dimArg, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        // these kernels read host memory: on a GPU, run them on host copies (the copies carry the gradients)
        if (self.isCuda()) return scatterReduce(self.cpu(), dimArg, index.cpu(), src.cpu(), reduce, includeSelf).to(self.device());
        int dim = Shapes.wrapDim(dimArg, self.dim());
        checkIndex(index, "scatter_reduce");
        checkShapes(self, dim, index, src, "scatter_reduce");
        checkSrcDtype(self, src, "scatter_reduce");
        int kind = switch (reduce) {
            case "sum" -> 0;
            case "prod" -> 1;
            case "mean" -> 2;
            case "amax" -> 3;
            case "amin" -> 4;
            default -> throw new IllegalArgumentException("reduce argument must be either sum, prod, mean, amax or amin.");
        };
        Tensor out = Views.contiguousCopy(self.detach());
        long numel = out.numel();
        double[] acc = new double[(int) numel];
        long[] lacc = new long[(int) numel];
        long[] count = new long[(int) numel];
        boolean fl = self.isFloatingPoint();
        for (long i = 0; i < numel; i++) {
            if (fl) acc[(int) i] = out.getDouble(i);
            else lacc[(int) i] = out.getLong(i);
            count[(int) i] = includeSelf ? 1 : 0;
        }
        if (index.numel() > 0) {
            long[] shape = index.shapeRef(), pos = new long[shape.length];
            long size = self.dim() == 0 ? 1 : self.shapeRef()[dim];
            do {
                long iv = wrapIndex(index.segment().getAtIndex(Mem.I64, offset(index, pos, -1, 0)), size, dim);
                int o = (int) (offset(out, pos, self.dim() == 0 ? -1 : dim, iv) - out.storageOffset());
                long so = offset(src, pos, -1, 0);
                boolean first = count[o] == 0;
                if (fl) {
                    double v = Mem.getDouble(src.segment(), src.dtype(), so);
                    double a = acc[o];
                    acc[o] = first ? v : switch (kind) {
                        case 0, 2 -> a + v;
                        case 1 -> a * v;
                        case 3 -> Double.isNaN(a) || Double.isNaN(v) ? Double.NaN : Math.max(a, v);
                        default -> Double.isNaN(a) || Double.isNaN(v) ? Double.NaN : Math.min(a, v);
                    };
                } else {
                    long v = Mem.getLong(src.segment(), src.dtype(), so);
                    long a = lacc[o];
                    lacc[o] = first ? v : switch (kind) {
                        case 0, 2 -> a + v;
                        case 1 -> a * v;
                        case 3 -> Math.max(a, v);
                        default -> Math.min(a, v);
                    };
                }
                count[o]++;
            } while (next(pos, shape));
        }
        for (int i = 0; i < numel; i++) {
            if (kind == 2 && count[i] > 1) {
                if (fl) acc[i] /= count[i];
                else lacc[i] = Math.floorDiv(lacc[i], count[i]);
            }
            if (fl) Mem.setDouble(out.segment(), out.dtype(), i, acc[i]);
            else Mem.setLong(out.segment(), out.dtype(), i, lacc[i]);
        }
        if (Graph.needsGrad(self, src)) {
            Tensor res = out.detach();
            Graph.record("ScatterReduceBackward0", out, new Tensor[] {self, src}, new Tensor[] {self, src, index}, g -> {
                Tensor gd = g[0];
                switch (kind) {
                    case 0 -> {
                        Tensor gs = includeSelf ? gd : scatter(gd, dim, index, 0.0);
                        return new Tensor[] {gs, gather(gd, dim, index)};
                    }
                    case 2 -> {
                        Tensor n = includeSelf ? Torch.onesLike(gd) : Torch.zerosLike(gd);
                        n = scatterAdd(n, dim, index, Torch.onesLike(src).to(gd.dtype()));
                        n = Torch.where(n.eq(0L), Torch.onesLike(n), n);
                        Tensor gn = gd.div(n);
                        Tensor gs = includeSelf ? gn : scatter(gn, dim, index, 0.0);
                        return new Tensor[] {gs, gather(gn, dim, index)};
                    }
                    case 3, 4 -> {
                        // ties share the gradient evenly, as PyTorch does
                        Tensor value = gather(res, dim, index);
                        // (PyTorch counts self in the tie count even when it is excluded, then masks its share)
                        Tensor selfHit = self.eq(res).to(gd.dtype());
                        Tensor srcHit = src.eq(value).to(gd.dtype());
                        Tensor n = scatterAdd(selfHit, dim, index, srcHit);
                        Tensor share = gd.div(n);
                        Tensor gs = selfHit.mul(share);
                        return new Tensor[] {includeSelf ? gs : scatter(gs, dim, index, 0.0), srcHit.mul(gather(share, dim, index))};
                    }
                    default -> {
                        return prodBackward(gd, self, dim, index, src, includeSelf);
                    }
                }
            });
        }
        return out;
    }

    /** Gradient of the "prod" reduction: each contributor gets grad times the product of the others (zeros handled exactly). */
    private static Tensor[] prodBackward(Tensor g, Tensor self, int dim, Tensor index, Tensor src, boolean includeSelf) {
        Tensor s0 = Views.contiguousCopy(self.detach().to(DType.FLOAT64));
        long numel = s0.numel();
        double[] nonzero = new double[(int) numel];
        int[] zeros = new int[(int) numel];
        java.util.Arrays.fill(nonzero, 1.0);
        for (int i = 0; i < numel; i++) {
            if (!includeSelf) continue;
            double v = s0.getDouble(i);
            if (v == 0) zeros[i]++;
            else nonzero[i] *= v;
        }
        long[] shape = index.shapeRef(), pos = new long[shape.length];
        long size = self.dim() == 0 ? 1 : self.shapeRef()[dim];
        long n = index.numel();
        int[] target = new int[(int) n];
        double[] srcVals = new double[(int) n];
        if (n > 0) {
            int k = 0;
            do {
                long iv = wrapIndex(index.segment().getAtIndex(Mem.I64, offset(index, pos, -1, 0)), size, dim);
                int o = (int) (offset(s0, pos, self.dim() == 0 ? -1 : dim, iv) - s0.storageOffset());
                double v = Mem.getDouble(src.segment(), src.dtype(), offset(src, pos, -1, 0));
                target[k] = o;
                srcVals[k++] = v;
                if (v == 0) zeros[o]++;
                else nonzero[o] *= v;
            } while (next(pos, shape));
        }
        Tensor gc = Views.contiguousCopy(g.detach().to(DType.FLOAT64));
        double[] gself = new double[(int) numel], gsrc = new double[(int) n];
        for (int i = 0; i < numel; i++) {
            if (!includeSelf) continue;
            gself[i] = gc.getDouble(i) * others(s0.getDouble(i), nonzero[i], zeros[i]);
        }
        for (int k = 0; k < n; k++) gsrc[k] = gc.getDouble(target[k]) * others(srcVals[k], nonzero[target[k]], zeros[target[k]]);
        if (!includeSelf) {
            // positions no src reached keep self's value: gradient passes through
            boolean[] hit = new boolean[(int) numel];
            for (int t : target) hit[t] = true;
            for (int i = 0; i < numel; i++) if (!hit[i]) gself[i] = gc.getDouble(i);
        }
        Tensor a = Torch.fromArray(gself).view(self.shapeRef()).to(g.dtype()).clone();
        Tensor b = Torch.fromArray(gsrc).view(index.shapeRef()).to(g.dtype()).clone();
        Tensor gsrcFull = Torch.zeros(src.shapeRef(), g.dtype());
        // src may be larger than index: only the positions index covers contribute
        Tensor view = gsrcFull;
        for (int d = 0; d < index.dim(); d++) view = view.narrow(d, 0, index.shapeRef()[d]);
        Elementwise.backend(g).copy(b, view);
        return new Tensor[] {a, gsrcFull};
    }

    private static double others(double v, double nonzeroProduct, int zeros) {
        if (v != 0) return zeros > 0 ? 0.0 : nonzeroProduct / v;
        return zeros == 1 ? nonzeroProduct : 0.0;
    }

    // ------------------------------------------------------------------ index_add / index_copy

    private static void checkIndexVector(Tensor self, int dim, Tensor index, Tensor src, String op) {
        if (index.dim() > 1) throw new IllegalArgumentException(op + "(): Index is supposed to be a vector");
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + "(): Expected dtype int32/int64 for index");
        }
        if (src.dtype() != self.dtype()) {
            throw new IllegalArgumentException(op + "(): self (" + InPlace.scalarTypeName(self.dtype()) + ") and source ("
                    + InPlace.scalarTypeName(src.dtype()) + ") must have the same scalar type");
        }
        long n = index.numel();
        long srcN = src.dim() == 0 ? 1 : src.shapeRef()[dim];
        if (n != srcN) {
            throw new IllegalArgumentException(op + "(): Number of indices (" + n + ") should be equal to source.size(dim): ("
                    + srcN + "), for dim: " + dim);
        }
    }

    public static Tensor indexAdd(Tensor self, long dimArg, Tensor index, Tensor src, double alpha) {
        int dim = Shapes.wrapDim(dimArg, self.dim());
        checkIndexVector(self, dim, index, src, "index_add_");
        Tensor idx = index.dtype() == DType.INT64 ? index.reshape(-1) : Elementwise.castRaw(index, DType.INT64).reshape(-1);
        Tensor out = Views.contiguousCopy(self.detach());
        Tensor s;
        try (var ng = GradMode.set(false)) {
            s = alpha == 1.0 ? src.detach() : src.detach().mul(alpha);
            if (s.dtype() != self.dtype()) s = s.to(self.dtype());
        }
        Elementwise.backend(self).indexAdd(out, dim, idx, s, true);
        if (Graph.needsGrad(self, src)) {
            Graph.record("IndexAddBackward0", out, new Tensor[] {self, src}, new Tensor[] {index}, g -> new Tensor[] {
                    g[0], indexSelectRaw(g[0], dim, idx, src.shapeRef()).mul(alpha)});
        }
        return out;
    }

    public static Tensor indexCopy(Tensor self, long dimArg, Tensor index, Tensor src) {
        int dim = Shapes.wrapDim(dimArg, self.dim());
        checkIndexVector(self, dim, index, src, "index_copy_");
        Tensor idx = index.reshape(-1);
        Tensor out = Views.contiguousCopy(self.detach());
        Elementwise.backend(self).indexAdd(out, dim, idx, src.detach(), false);
        if (Graph.needsGrad(self, src)) {
            Graph.record("IndexCopyBackward0", out, new Tensor[] {self, src}, new Tensor[] {index}, g -> {
                Tensor zero = Torch.zeros(src.shapeRef(), g[0].dtype());
                Tensor gs = indexSelectRaw(g[0], dim, idx, src.shapeRef());
                return new Tensor[] {indexCopy(g[0], dim, idx, zero), gs};
            });
        }
        return out;
    }

    /** g.index_select(dim, idx) without autograd (first-order gradients only). */
    private static Tensor indexSelectRaw(Tensor g, int dim, Tensor idx, long[] shape) {
        Tensor out = Tensor.allocate(shape, g.dtype(), g.device());
        if (g.dim() == 0) {
            Elementwise.backend(g).copy(g, out);
            return out;
        }
        Elementwise.backend(g).indexSelect(g.detach(), dim, idx, out);
        return out;
    }

    // ------------------------------------------------------------------ take, take_along_dim, nonzero

    public static Tensor take(Tensor x, Tensor index) {
        checkIndex(index, "take");
        Tensor flat = x.reshape(-1);
        long n = flat.numel();
        Tensor idx = index.reshape(-1);
        for (long i = 0; i < idx.numel(); i++) {
            long v = idx.getLong(i);
            if (v < -n || v >= n) {
                throw new IndexOutOfBoundsException("out of range: tried to access index " + v + " on a tensor of " + n
                        + " elements.");
            }
        }
        if (n == 0) return Tensor.allocate(index.shapeRef(), x.dtype(), x.device());
        Tensor wrapped;
        try (var ng = GradMode.set(false)) {
            // take wraps negative indices, unlike gather
            wrapped = Torch.where(idx.lt(0L), idx.add(n), idx);
        }
        return gather(flat, 0, wrapped).view(index.shapeRef());
    }

    public static Tensor takeAlongDim(Tensor x, Tensor indices, long dimArg) {
        int dim = Shapes.wrapDim(dimArg, x.dim());
        if (indices.dim() != x.dim()) {
            throw new IllegalArgumentException("torch.take_along_dim(): input and indices should have the same number of "
                    + "dimensions, but got " + x.dim() + " dimensions for input, and " + indices.dim() + " dimensions for indices");
        }
        long[] xs = x.shape(), is = indices.shape();
        xs[dim] = 1;
        is[dim] = 1;
        long[] b = Shapes.broadcast(xs, is);
        long[] xt = b.clone(), it = b.clone();
        xt[dim] = x.shapeRef()[dim];
        it[dim] = indices.shapeRef()[dim];
        return gather(x.expand(xt), dim, indices.expand(it));
    }

    public static Tensor takeAlongDim(Tensor x, Tensor indices) {
        return take(x, indices);
    }

    /** {@code torch.nonzero}: an int64 [n, ndim] tensor of the positions of non-zero elements in row-major order. */
    public static Tensor nonzero(Tensor x) {
        // these kernels read host memory: on a GPU, run them on host copies (the copies carry the gradients)
        if (x.isCuda()) return nonzero(x.cpu()).to(x.device());
        long n = x.numel();
        int r = x.dim();
        long[] shape = x.shapeRef();
        long count = 0;
        for (long i = 0; i < n; i++) if (Mem.getBool(x.segment(), x.dtype(), x.storageIndex(i))) count++;
        Tensor out = Tensor.allocate(new long[] {count, r}, DType.INT64, x.device());
        long row = 0;
        long[] pos = new long[r];
        for (long i = 0; i < n; i++) {
            if (Mem.getBool(x.segment(), x.dtype(), x.storageIndex(i))) {
                for (int d = 0; d < r; d++) out.segment().setAtIndex(Mem.I64, row * r + d, pos[d]);
                row++;
            }
            next(pos, shape);
        }
        return out;
    }

    /** {@code torch.nonzero(x, as_tuple=True)}: one int64 vector of positions per dim. */
    public static Tensor[] nonzeroTuple(Tensor x) {
        Tensor nz = nonzero(x);
        if (x.dim() == 0) return new Tensor[] {nz.view(-1).clone()};
        Tensor[] out = new Tensor[x.dim()];
        for (int d = 0; d < out.length; d++) out[d] = nz.select(1, d).contiguous();
        return out;
    }
}
