package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.ValuesIndices;
import dev.jtorch.autograd.GradMode;
import dev.jtorch.autograd.Graph;
import dev.jtorch.backend.ScanOp;
import dev.jtorch.internal.Mem;
import dev.jtorch.internal.Shapes;


/**
 * Ops that work along one dim row by row: scans (cumsum, cumprod, cummax...), sort, topk, median,
 * mode, and the histogram family (unique, bincount, histc). Each moves the dim last, runs a row kernel
 * over a contiguous {@code [rows, n]} copy and moves the dim back.
 */
public final class Sorting {
    private Sorting() {}

    /** x with {@code dim} moved last, contiguous, as {@code [rows, n]}. */
    static Tensor rows(Tensor x, int dim) {
        Tensor t = x.dim() == 0 ? x.reshape(1) : x;
        Tensor moved = t.transpose(dim, -1).detach();
        long n = t.dim() == 0 ? 1 : t.shapeRef()[dim];
        Tensor c = Views.contiguousCopy(moved);
        return c.reshape(n == 0 ? 0 : c.numel() / n, n);
    }

    /** The inverse of {@link #rows}: a [rows, n'] result back to x's layout with size n' along dim. */
    static Tensor unrows(Tensor r, Tensor x, int dim, long n) {
        if (x.dim() == 0) return r.reshape();
        long[] moved = x.shape();
        moved[dim] = moved[moved.length - 1];
        moved[moved.length - 1] = n;
        return r.reshape(moved).transpose(dim, -1).contiguous();
    }

    static int dim(Tensor x, long d) { return Shapes.wrapDim(d, x.dim()); }

    // ------------------------------------------------------------------ scans

    private static Tensor scanRaw(ScanOp op, Tensor x, int dim, DType outType, Tensor[] indices) {
        Tensor r = rows(x, dim);
        Tensor out = Tensor.allocate(r.shapeRef(), outType, x.device());
        Tensor idx = indices == null ? null : Tensor.allocate(r.shapeRef(), DType.INT64, x.device());
        if (r.numel() > 0) Elementwise.backend(x).scan(op, r, out, idx);
        long n = x.dim() == 0 ? 1 : x.shapeRef()[dim];
        if (indices != null) indices[0] = unrows(idx, x, dim, n);
        return unrows(out, x, dim, n);
    }

    public static Tensor cumsum(Tensor x, long dimArg, DType dtype) {
        int dim = dim(x, dimArg);
        DType t = dtype != null ? dtype : (x.isFloatingPoint() ? x.dtype() : DType.INT64);
        Tensor out = scanRaw(ScanOp.CUMSUM, x, dim, t, null);
        if (Graph.needsGrad(x)) {
            Graph.record("CumsumBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {reverseCumsum(g[0], dim).to(x.dtype())});
        }
        return out;
    }

    /** sum over j &gt;= i along dim, written with differentiable ops. */
    static Tensor reverseCumsum(Tensor g, int dim) {
        if (g.dim() == 0) return g;
        return Reductions.sum(g, new long[] {dim}, true, null).sub(cumsum(g, dim, null)).add(g);
    }

    public static Tensor cumprod(Tensor x, long dimArg, DType dtype) {
        int dim = dim(x, dimArg);
        DType t = dtype != null ? dtype : (x.isFloatingPoint() ? x.dtype() : DType.INT64);
        Tensor out = scanRaw(ScanOp.CUMPROD, x, dim, t, null);
        if (Graph.needsGrad(x)) {
            Tensor res = out.detach();
            Graph.record("CumprodBackward0", out, new Tensor[] {x}, new Tensor[] {x}, g -> new Tensor[] {cumprodGrad(g[0], x, res, dim)});
        }
        return out;
    }

    /** d/dx_i of sum_j g_j prod_{k&lt;=j} x_k; direct sums, so that zeros in x are handled exactly. */
    private static Tensor cumprodGrad(Tensor g, Tensor x, Tensor out, int dim) {
        boolean zeros;
        try (var ng = GradMode.set(false)) {
            zeros = x.eq(0.0).any().itemBool();
        }
        if (!zeros) return reverseCumsum(g.mul(out), dim).div(x);
        // O(n^2) per row without dividing: grad_i = sum_{j>=i} g_j prod_{k<=j, k!=i} x_k
        Tensor xr = rows(x.detach().to(DType.FLOAT64), dim), gr = rows(g.detach().to(DType.FLOAT64), dim);
        long nr = xr.shapeRef()[0], n = xr.shapeRef()[1];
        double[] xv = xr.toDoubleArray(), gv = gr.toDoubleArray(), res = new double[xv.length];
        for (int r = 0; r < nr; r++) {
            int b = (int) (r * n);
            for (int i = 0; i < n; i++) {
                double sum = 0, prefix = 1;
                for (int k = 0; k < i; k++) prefix *= xv[b + k];
                double p = prefix;
                for (int j = i; j < n; j++) {
                    if (j > i) p *= xv[b + j];
                    sum += gv[b + j] * p;
                }
                res[b + i] = sum;
            }
        }
        Tensor rr = Torch.fromArray(res).view(xr.shapeRef()).to(g.dtype()).to(g.device());
        return unrows(rr, x, dim, x.dim() == 0 ? 1 : x.shapeRef()[dim]);
    }

    public static ValuesIndices cummax(Tensor x, long dimArg, boolean max) {
        int dim = dim(x, dimArg);
        Tensor[] idx = new Tensor[1];
        Tensor out = scanRaw(max ? ScanOp.CUMMAX : ScanOp.CUMMIN, x, dim, x.dtype(), idx);
        Tensor indices = idx[0];
        if (Graph.needsGrad(x)) {
            Graph.record(max ? "CummaxBackward0" : "CumminBackward0", out, new Tensor[] {x}, new Tensor[] {indices}, g -> new Tensor[] {
                    x.dim() == 0 ? g[0] : Scatter.scatterAdd(Torch.zerosLike(g[0]), dim, indices, g[0])});
        }
        return new ValuesIndices(out, indices);
    }

    public static Tensor logcumsumexp(Tensor x, long dimArg) {
        int dim = dim(x, dimArg);
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException("\"logcumsumexp_out_cpu\" not implemented for '" + InPlace.scalarTypeName(x.dtype()) + "'");
        }
        Tensor in = x.isFloatingPoint() ? x : x.to(Torch.getDefaultDtype());
        Tensor out = scanRaw(ScanOp.LOGCUMSUMEXP, in, dim, in.dtype(), null);
        if (Graph.needsGrad(in)) {
            Tensor res = out.detach();
            Graph.record("LogcumsumexpBackward0", out, new Tensor[] {in}, new Tensor[] {in}, g -> new Tensor[] {
                    reverseCumsum(g[0].mul(res.neg().exp()), dim).mul(in.exp())});
        }
        return out;
    }

    // ------------------------------------------------------------------ sort, topk, median, mode

    public static ValuesIndices sort(Tensor x, long dimArg, boolean descending) {
        int dim = dim(x, dimArg);
        Tensor r = rows(x, dim);
        Tensor v = Tensor.allocate(r.shapeRef(), x.dtype(), x.device());
        Tensor i = Tensor.allocate(r.shapeRef(), DType.INT64, x.device());
        if (r.numel() > 0) Elementwise.backend(x).sortRows(r, v, i, descending);
        long n = x.dim() == 0 ? 1 : x.shapeRef()[dim];
        Tensor values = unrows(v, x, dim, n), indices = unrows(i, x, dim, n);
        if (Graph.needsGrad(x)) {
            Graph.record("SortBackward0", values, new Tensor[] {x}, new Tensor[] {indices}, g -> new Tensor[] {
                    Reductions2.selectBack(g[0], x, dim, indices, true)});
        }
        return new ValuesIndices(values, indices);
    }

    public static ValuesIndices topk(Tensor x, long k, long dimArg, boolean largest, boolean sorted) {
        int dim = dim(x, dimArg);
        long n = x.dim() == 0 ? 1 : x.shapeRef()[dim];
        if (k < 0 || k > n) throw new IllegalArgumentException("selected index k out of range");
        ValuesIndices s;
        try (var ng = GradMode.set(false)) {
            s = sort(x, dim, largest);
        }
        Tensor values = x.dim() == 0 ? s.values() : s.values().narrow(dim, 0, k).contiguous();
        Tensor indices = x.dim() == 0 ? s.indices() : s.indices().narrow(dim, 0, k).contiguous();
        values = values.detach();
        if (Graph.needsGrad(x)) {
            Tensor idx = indices;
            Graph.record("TopkBackward0", values, new Tensor[] {x}, new Tensor[] {idx}, g -> new Tensor[] {
                    Reductions2.selectBack(g[0], x, dim, idx, true)});
        }
        return new ValuesIndices(values, indices);
    }

    /** The lower median of all elements; NaN if any element is NaN. */
    public static Tensor median(Tensor x) {
        if (x.numel() == 0) return Torch.full(new long[0], Double.NaN, x.dtype()).to(x.device());
        ValuesIndices m = medianDim(x.reshape(-1), 0, false);
        Tensor out = m.values().detach();
        if (Graph.needsGrad(x)) {
            Tensor res = out;
            Graph.record("MedianBackward0", out, new Tensor[] {x}, new Tensor[] {x}, g -> new Tensor[] {
                    Reductions2.evenly(g[0], x, res, Reductions.dims(x, null), false)});
        }
        return out;
    }

    public static ValuesIndices medianDim(Tensor x, long dimArg, boolean keepdim) {
        // this kernel reads host memory: on a GPU, run it on a host copy (the copy carries the gradient)
        if (x.isCuda()) {
            ValuesIndices r = medianDim(x.cpu(), dimArg, keepdim);
            return new ValuesIndices(r.values().to(x.device()), r.indices().to(x.device()));
        }
        int dim = dim(x, dimArg);
        long n = x.dim() == 0 ? 1 : x.shapeRef()[dim];
        if (n == 0) {
            throw new IndexOutOfBoundsException("median(): Expected reduction dim " + dim + " to have non-zero size.");
        }
        ValuesIndices s;
        try (var ng = GradMode.set(false)) {
            s = sort(x, dim, false);
        }
        // NaN sorts last: a row with NaN has its median at its first NaN
        Tensor sv = rows(s.values(), dim), si = rows(s.indices(), dim);
        long nr = sv.shapeRef()[0];
        Tensor v = Tensor.allocate(new long[] {nr, 1}, x.dtype(), x.device());
        Tensor ix = Tensor.allocate(new long[] {nr, 1}, DType.INT64, x.device());
        for (long r = 0; r < nr; r++) {
            long pick = (n - 1) / 2;
            if (x.isFloatingPoint()) {
                for (long j = 0; j < n; j++) {
                    if (Double.isNaN(sv.getDouble(r * n + j))) { pick = j; break; }
                }
                Mem.setDouble(v.segment(), x.dtype(), r, sv.getDouble(r * n + pick));
            } else {
                Mem.setLong(v.segment(), x.dtype(), r, sv.getLong(r * n + pick));
            }
            ix.segment().setAtIndex(Mem.I64, r, si.getLong(r * n + pick));
        }
        Tensor values = unrows(v, x, dim, 1), indices = unrows(ix, x, dim, 1);
        if (!keepdim && x.dim() > 0) {
            values = values.squeeze(dim);
            indices = indices.squeeze(dim);
        }
        if (Graph.needsGrad(x)) {
            Tensor idx = indices;
            Graph.record("MedianBackward1", values, new Tensor[] {x}, new Tensor[] {idx}, g -> new Tensor[] {
                    Reductions2.selectBack(g[0], x, dim, idx, keepdim)});
        }
        return new ValuesIndices(values, indices);
    }

    /** The most frequent value along dim (the smallest among equally frequent), and its last position. */
    public static ValuesIndices mode(Tensor x, long dimArg, boolean keepdim) {
        // this kernel reads host memory: on a GPU, run it on a host copy (the copy carries the gradient)
        if (x.isCuda()) {
            ValuesIndices r = mode(x.cpu(), dimArg, keepdim);
            return new ValuesIndices(r.values().to(x.device()), r.indices().to(x.device()));
        }
        int dim = dim(x, dimArg);
        long n = x.dim() == 0 ? 1 : x.shapeRef()[dim];
        ValuesIndices s;
        try (var ng = GradMode.set(false)) {
            s = sort(x, dim, false);
        }
        Tensor sv = rows(s.values(), dim), si = rows(s.indices(), dim);
        long nr = sv.shapeRef()[0];
        Tensor v = Tensor.allocate(new long[] {nr, 1}, x.dtype(), x.device());
        Tensor ix = Tensor.allocate(new long[] {nr, 1}, DType.INT64, x.device());
        boolean fl = x.isFloatingPoint();
        for (long r = 0; r < nr; r++) {
            long bestStart = 0, bestLen = 0, start = 0;
            for (long j = 1; j <= n; j++) {
                boolean same = j < n && (fl ? sv.getDouble(r * n + j) == sv.getDouble(r * n + j - 1)
                        : sv.getLong(r * n + j) == sv.getLong(r * n + j - 1));
                if (!same) {
                    if (j - start > bestLen) { bestLen = j - start; bestStart = start; }
                    start = j;
                }
            }
            long last = -1;
            for (long j = bestStart; j < bestStart + bestLen; j++) last = Math.max(last, si.getLong(r * n + j));
            if (fl) Mem.setDouble(v.segment(), x.dtype(), r, sv.getDouble(r * n + bestStart));
            else Mem.setLong(v.segment(), x.dtype(), r, sv.getLong(r * n + bestStart));
            ix.segment().setAtIndex(Mem.I64, r, last);
        }
        Tensor values = unrows(v, x, dim, 1), indices = unrows(ix, x, dim, 1);
        if (!keepdim && x.dim() > 0) {
            values = values.squeeze(dim);
            indices = indices.squeeze(dim);
        }
        if (Graph.needsGrad(x)) {
            Tensor idx = indices;
            Graph.record("ModeBackward0", values, new Tensor[] {x}, new Tensor[] {idx}, g -> new Tensor[] {
                    Reductions2.selectBack(g[0], x, dim, idx, keepdim)});
        }
        return new ValuesIndices(values, indices);
    }

    // ------------------------------------------------------------------ histograms

    /** {@code torch.unique(sorted=True, return_inverse, return_counts)} over all elements: [values, inverse?, counts?]. */
    public static Tensor[] unique(Tensor x, boolean returnInverse, boolean returnCounts) {
        // the grouping reads values from Java: on a GPU it runs on a host copy (the output size depends on the data)
        if (x.isCuda()) {
            Tensor[] r = unique(x.cpu(), returnInverse, returnCounts);
            for (int i = 0; i < r.length; i++) if (r[i] != null) r[i] = r[i].to(x.device());
            return r;
        }
        Tensor flat = x.reshape(-1);
        ValuesIndices s;
        try (var ng = GradMode.set(false)) {
            s = sort(flat, 0, false);
        }
        int n = Math.toIntExact(flat.numel());
        boolean fl = x.isFloatingPoint();
        long[] group = new long[n];
        int groups = 0;
        long[] firstOf = new long[n];
        for (int j = 0; j < n; j++) {
            boolean same = j > 0 && (fl ? s.values().getDouble(j) == s.values().getDouble(j - 1)
                    : s.values().getLong(j) == s.values().getLong(j - 1));
            if (!same) firstOf[groups++] = j;
            group[j] = groups - 1;
        }
        Tensor values = Tensor.allocate(new long[] {groups}, x.dtype(), x.device());
        Tensor counts = Tensor.allocate(new long[] {groups}, DType.INT64, x.device());
        for (int gI = 0; gI < groups; gI++) {
            long f = firstOf[gI];
            if (fl) Mem.setDouble(values.segment(), x.dtype(), gI, s.values().getDouble(f));
            else Mem.setLong(values.segment(), x.dtype(), gI, s.values().getLong(f));
            long end = gI + 1 < groups ? firstOf[gI + 1] : n;
            counts.segment().setAtIndex(Mem.I64, gI, end - f);
        }
        Tensor inverse = Tensor.allocate(new long[] {n}, DType.INT64, x.device());
        for (int j = 0; j < n; j++) inverse.segment().setAtIndex(Mem.I64, s.indices().getLong(j), group[j]);
        int k = 1 + (returnInverse ? 1 : 0) + (returnCounts ? 1 : 0);
        Tensor[] out = new Tensor[k];
        out[0] = values;
        int p = 1;
        if (returnInverse) out[p++] = inverse.view(x.shapeRef());
        if (returnCounts) out[p] = counts;
        return out;
    }

    public static Tensor bincount(Tensor x, Tensor weights, long minlength) {
        if (x.isCuda()) return bincount(x.cpu(), weights == null ? null : weights.cpu(), minlength).to(x.device());
        if (x.dim() != 1 || x.isFloatingPoint() || x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("bincount only supports 1-d non-negative integral inputs.");
        }
        if (minlength < 0) throw new IllegalArgumentException("minlength should be >= 0");
        if (weights != null && (weights.dim() != 1 || weights.numel() != x.numel())) {
            throw new IllegalArgumentException("weights should be 1-d and have the same length as input");
        }
        long n = x.numel(), max = -1;
        for (long i = 0; i < n; i++) {
            long v = x.getLong(i);
            if (v < 0) throw new IllegalArgumentException("bincount only supports 1-d non-negative integral inputs.");
            max = Math.max(max, v);
        }
        long len = Math.max(minlength, max + 1);
        DType t = weights == null ? DType.INT64 : (weights.isFloatingPoint() ? weights.dtype() : DType.FLOAT64);
        if (weights != null && weights.dtype() == DType.FLOAT16) t = DType.FLOAT64;
        Tensor out = Tensor.allocate(new long[] {len}, t, x.device());
        for (long i = 0; i < n; i++) {
            long b = x.getLong(i);
            if (weights == null) out.segment().setAtIndex(Mem.I64, b, out.segment().getAtIndex(Mem.I64, b) + 1);
            else Mem.setDouble(out.segment(), t, b, Mem.getDouble(out.segment(), t, b) + weights.getDouble(i));
        }
        return out;
    }

    public static Tensor histc(Tensor x, long bins, double min, double max) {
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException("\"histogram_cpu\" not implemented for '" + InPlace.scalarTypeName(x.dtype()) + "'");
        }
        if (bins <= 0) throw new IllegalArgumentException("torch.histc(): bins must be > 0, but got " + bins + " for dimension 0");
        if (max < min) throw new IllegalArgumentException("torch.histc(): max must be larger than min");
        double lo = min, hi = max;
        long n = x.numel();
        if (lo == hi && n > 0) {
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
            for (long i = 0; i < n; i++) {
                double v = x.getDouble(i);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo == hi) {
            lo -= 1;
            hi += 1;
        }
        if (Double.isInfinite(lo) || Double.isInfinite(hi) || Double.isNaN(lo) || Double.isNaN(hi)) {
            throw new IllegalArgumentException("torch.histc(): range of [" + lo + ", " + hi + "] is not finite");
        }
        double[] counts = new double[(int) bins];
        for (long i = 0; i < n; i++) {
            double v = x.getDouble(i);
            if (v < lo || v > hi || Double.isNaN(v)) continue;
            long pos = (long) ((v - lo) / (hi - lo) * bins);
            if (pos == bins) pos--;
            counts[(int) pos]++;
        }
        return Torch.fromArray(counts).to(x.dtype()).clone().to(x.device());
    }
}
