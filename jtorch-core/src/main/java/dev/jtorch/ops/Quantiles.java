package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.ValuesIndices;
import dev.jtorch.autograd.GradMode;
import dev.jtorch.internal.Shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * Order statistics on sorted rows: kthvalue, nanmedian, quantile and nanquantile. Values are taken
 * from the differentiable sort with gather, so gradients flow to the selected elements.
 */
public final class Quantiles {
    private Quantiles() {}

    public static ValuesIndices kthvalue(Tensor x, long k, long dimArg, boolean keepdim) {
        int dim = Shapes.wrapDim(dimArg, x.dim());
        long n = x.dim() == 0 ? 1 : x.shapeRef()[dim];
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("kthvalue(): selected number k out of range for dimension " + dim);
        }
        ValuesIndices s = Sorting.sort(x, dim, false);
        if (x.dim() == 0) return new ValuesIndices(s.values(), s.indices());
        Tensor v = s.values().narrow(dim, k - 1, 1), i = s.indices().narrow(dim, k - 1, 1);
        return keepdim ? new ValuesIndices(v, i.contiguous()) : new ValuesIndices(v.squeeze(dim), i.squeeze(dim).contiguous());
    }

    /** The lower median of the non-NaN elements of each row (NaN for a row of NaNs). */
    public static ValuesIndices nanmedian(Tensor x, long dimArg, boolean keepdim) {
        int dim = Shapes.wrapDim(dimArg, x.dim());
        Tensor xr = x.dim() == 0 ? x.reshape(1) : x;
        int d = x.dim() == 0 ? 0 : dim;
        if (xr.shapeRef()[d] == 0) {
            throw new IndexOutOfBoundsException("nanmedian(): Expected reduction dim " + dim + " to have non-zero size.");
        }
        ValuesIndices s = Sorting.sort(xr, d, false);
        Tensor count;
        try (var ng = GradMode.set(false)) {
            count = Reductions.sum(xr.isnan().logicalNot(), new long[] {d}, true, null);
        }
        // (count - 1) / 2, and position 0 for all-NaN rows (whose value there is NaN)
        Tensor pos = Torch.where(count.eq(0L), Torch.zerosLike(count), count.sub(1L).div(2L, "floor"));
        Tensor v = Scatter.gather(s.values(), d, pos), i = Scatter.gather(s.indices(), d, pos);
        if (!keepdim || x.dim() == 0) {
            v = v.squeeze(d);
            i = i.squeeze(d);
        }
        return new ValuesIndices(v, i);
    }

    public static Tensor nanmedian(Tensor x) {
        if (x.numel() == 0) return Torch.full(new long[0], Double.NaN, x.dtype()).to(x.device());
        return nanmedian(x.reshape(-1), 0, false).values();
    }

    /**
     * {@code torch.quantile} / {@code torch.nanquantile}: q a 0-d or 1-d tensor of probabilities; dim null
     * flattens. A 1-d q adds a leading dim. interpolation: linear, lower, higher, midpoint or nearest.
     */
    public static Tensor quantile(Tensor x, Tensor q, Long dimArg, boolean keepdim, String interpolation, boolean ignoreNan) {
        String op = ignoreNan ? "nanquantile()" : "quantile()";
        if (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException(op + " input tensor must be either float or double dtype");
        }
        if (q.dim() > 1) throw new IllegalArgumentException(op + " q must be a scalar or 1D tensor");
        if (q.dtype() != x.dtype()) {
            throw new IllegalArgumentException(op + " q tensor must be same dtype as the input tensor");
        }
        if (x.numel() == 0) throw new IllegalArgumentException(op + " input tensor must be non-empty");
        double[] qs = q.detach().to(DType.FLOAT64).reshape(-1).toDoubleArray();
        for (double v : qs) {
            if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(op + " q values must be in the range [0, 1]");
        }
        if (!List.of("linear", "lower", "higher", "midpoint", "nearest").contains(interpolation)) {
            throw new IllegalArgumentException(op + " interpolation must be one of linear, lower, higher, midpoint or nearest, but got "
                    + interpolation);
        }
        Tensor in = dimArg == null ? x.reshape(-1) : (x.dim() == 0 ? x.reshape(1) : x);
        int dim = dimArg == null ? 0 : Shapes.wrapDim(dimArg, Math.max(x.dim(), 1));
        Tensor sorted = Sorting.sort(in, dim, false).values();
        long n = in.shapeRef()[dim];
        Tensor nanCount, valid;
        try (var ng = GradMode.set(false)) {
            nanCount = Reductions.sum(in.isnan(), new long[] {dim}, true, null);
            valid = ignoreNan ? nanCount.neg().add(n) : Torch.full(nanCount.shapeRef(), (double) n, DType.INT64).to(x.device());
        }
        List<Tensor> outs = new ArrayList<>();
        Tensor qflat = q.reshape(-1);
        for (int qi = 0; qi < qs.length; qi++) {
            double qv = qs[qi];
            Tensor pos, lo, hi, frac, last;
            try (var ng = GradMode.set(false)) {
                last = valid.sub(1L).clamp(0L, Long.MAX_VALUE).to(DType.FLOAT64);
                pos = last.mul(qv);
                switch (interpolation) {
                    case "lower" -> pos = pos.floor();
                    case "higher" -> pos = pos.ceil();
                    case "nearest" -> pos = pos.round();
                    default -> { }
                }
                lo = pos.floor().toLong();
                hi = pos.ceil().toLong();
                frac = interpolation.equals("midpoint") ? Torch.where(hi.gt(lo), Torch.fullLike(pos, 0.5), Torch.zerosLike(pos))
                        : pos.sub(pos.floor());
                frac = frac.to(x.dtype());
            }
            if (interpolation.equals("linear") && q.requiresGrad()) {
                // the weight as a function of q, so that q gets its gradient (vhi - vlo) * (count - 1)
                Tensor base;
                try (var ng = GradMode.set(false)) {
                    base = pos.floor().to(x.dtype());
                }
                frac = qflat.select(0, qi).mul(last.to(x.dtype())).sub(base);
            }
            Tensor vlo = Scatter.gather(sorted, dim, lo), vhi = Scatter.gather(sorted, dim, hi);
            Tensor v = vlo.lerp(vhi, frac);
            Tensor bad;
            try (var ng = GradMode.set(false)) {
                // quantile: any NaN in the row gives NaN; nanquantile: only an all-NaN row does
                bad = ignoreNan ? valid.eq(0L) : nanCount.gt(0L);
            }
            v = Torch.where(bad, Torch.full(new long[0], Double.NaN, x.dtype()), v);
            if (dimArg == null) {
                v = v.reshape();
                if (keepdim) {
                    long[] ones = new long[x.dim()];
                    java.util.Arrays.fill(ones, 1);
                    v = v.reshape(ones);
                }
            } else if (!keepdim || x.dim() == 0) {
                v = v.squeeze(dim);
            }
            outs.add(v);
        }
        return q.dim() == 0 ? outs.get(0) : Joins.stack(outs, 0);
    }
}
