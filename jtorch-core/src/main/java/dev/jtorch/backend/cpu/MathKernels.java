package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.backend.ScanOp;
import dev.jtorch.internal.Mem;

import java.lang.foreign.MemorySegment;

/** Row kernels of the math issue: scans and sorting over contiguous {@code [rows, n]} tensors. */
final class MathKernels {
    private MathKernels() {}

    static void scan(ScanOp op, Tensor x, Tensor out, Tensor indices) {
        long rows = x.shapeRef()[0], n = x.shapeRef()[1];
        DType xt = x.dtype(), ot = out.dtype();
        MemorySegment xs = x.segment(), os = out.segment();
        MemorySegment is = indices == null ? null : indices.segment();
        long xo = x.storageOffset(), oo = out.storageOffset(), io = indices == null ? 0 : indices.storageOffset();
        boolean floating = xt.isFloatingPoint() || ot.isFloatingPoint();
        for (long r = 0; r < rows; r++) {
            long base = r * n;
            if (floating) {
                double acc = 0;
                long best = 0;
                for (long j = 0; j < n; j++) {
                    double v = Mem.getDouble(xs, xt, xo + base + j);
                    if (j == 0) {
                        acc = v;
                    } else {
                        switch (op) {
                            case CUMSUM -> acc += v;
                            case CUMPROD -> acc *= v;
                            case CUMMAX -> { if (Double.isNaN(acc)) break; if (v >= acc || Double.isNaN(v)) { acc = v; best = j; } }
                            case CUMMIN -> { if (Double.isNaN(acc)) break; if (v <= acc || Double.isNaN(v)) { acc = v; best = j; } }
                            case LOGCUMSUMEXP -> acc = logAddExp(acc, v);
                        }
                    }
                    Mem.setDouble(os, ot, oo + base + j, acc);
                    if (is != null) is.setAtIndex(Mem.I64, io + base + j, best);
                }
            } else {
                long acc = 0, best = 0;
                for (long j = 0; j < n; j++) {
                    long v = Mem.getLong(xs, xt, xo + base + j);
                    if (j == 0) {
                        acc = v;
                    } else {
                        switch (op) {
                            case CUMSUM -> acc += v;
                            case CUMPROD -> acc *= v;
                            case CUMMAX -> { if (v >= acc) { acc = v; best = j; } }
                            case CUMMIN -> { if (v <= acc) { acc = v; best = j; } }
                            case LOGCUMSUMEXP -> throw new UnsupportedOperationException("logcumsumexp on integers");
                        }
                    }
                    Mem.setLong(os, ot, oo + base + j, acc);
                    if (is != null) is.setAtIndex(Mem.I64, io + base + j, best);
                }
            }
        }
    }

    private static double logAddExp(double a, double b) {
        double m = Math.max(a, b);
        if (m == Double.NEGATIVE_INFINITY) return m;
        if (m == Double.POSITIVE_INFINITY) return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : m;
        return m + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    static void sortRows(Tensor x, Tensor values, Tensor indices, boolean descending) {
        int rows = Math.toIntExact(x.shapeRef()[0]), n = Math.toIntExact(x.shapeRef()[1]);
        DType t = x.dtype();
        MemorySegment xs = x.segment(), vs = values.segment(), is = indices.segment();
        long xo = x.storageOffset(), vo = values.storageOffset(), io = indices.storageOffset();
        int[] idx = new int[n], tmp = new int[n];
        boolean floating = t.isFloatingPoint();
        double[] dk = floating ? new double[n] : null;
        long[] lk = floating ? null : new long[n];
        for (int r = 0; r < rows; r++) {
            long base = (long) r * n;
            for (int j = 0; j < n; j++) {
                idx[j] = j;
                if (floating) dk[j] = Mem.getDouble(xs, t, xo + base + j);
                else lk[j] = Mem.getLong(xs, t, xo + base + j);
            }
            mergeSort(idx, tmp, 0, n, dk, lk, descending);
            for (int j = 0; j < n; j++) {
                if (floating) Mem.setDouble(vs, t, vo + base + j, dk[idx[j]]);
                else Mem.setLong(vs, t, vo + base + j, lk[idx[j]]);
                is.setAtIndex(Mem.I64, io + base + j, idx[j]);
            }
        }
    }

    /** True if key a must come strictly before key b. NaN is the largest value. */
    private static boolean before(int a, int b, double[] dk, long[] lk, boolean desc) {
        int c;
        if (dk != null) {
            double x = dk[a], y = dk[b];
            boolean xn = Double.isNaN(x), yn = Double.isNaN(y);
            if (xn || yn) c = xn == yn ? 0 : (xn ? 1 : -1);
            else c = x < y ? -1 : (x > y ? 1 : 0);
        } else {
            c = Long.compare(lk[a], lk[b]);
        }
        return desc ? c > 0 : c < 0;
    }

    private static void mergeSort(int[] idx, int[] tmp, int lo, int hi, double[] dk, long[] lk, boolean desc) {
        if (hi - lo < 2) return;
        if (hi - lo <= 16) {
            for (int i = lo + 1; i < hi; i++) {
                int v = idx[i], j = i - 1;
                while (j >= lo && before(v, idx[j], dk, lk, desc)) { idx[j + 1] = idx[j]; j--; }
                idx[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(idx, tmp, lo, mid, dk, lk, desc);
        mergeSort(idx, tmp, mid, hi, dk, lk, desc);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi) tmp[k++] = before(idx[j], idx[i], dk, lk, desc) ? idx[j++] : idx[i++];
        while (i < mid) tmp[k++] = idx[i++];
        while (j < hi) tmp[k++] = idx[j++];
        System.arraycopy(tmp, lo, idx, lo, hi - lo);
    }
}
