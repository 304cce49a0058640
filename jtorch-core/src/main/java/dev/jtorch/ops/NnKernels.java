package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.Graph;
import dev.jtorch.backend.cpu.ConvKernels;

/**
 * Dedicated loops for the hot nn ops on float32/float64 (other dtypes take the composed path in
 * {@link NnOps}): im2col / col2im with implicit zero padding, and max pooling with argmax indices.
 * Each is an op with its gradient (im2col and col2im are each other's adjoint).
 */
public final class NnKernels {
    private NnKernels() {}

    static boolean supports(Tensor x) { return x.dtype() == DType.FLOAT32 || x.dtype() == DType.FLOAT64; }

    /** Geometry of a 2-d sliding window over [N, C, H, W]. */
    record Geo(long n, long c, long h, long w, long kh, long kw, long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow) {
        static Geo of(long[] xs, long kh, long kw, long[] s, long[] pLo, long[] pHi, long[] d) {
            long oh = (xs[2] + pLo[0] + pHi[0] - (d[0] * (kh - 1) + 1)) / s[0] + 1;
            long ow = (xs[3] + pLo[1] + pHi[1] - (d[1] * (kw - 1) + 1)) / s[1] + 1;
            return new Geo(xs[0], xs[1], xs[2], xs[3], kh, kw, s[0], s[1], pLo[0], pLo[1], d[0], d[1], oh, ow);
        }
    }

    /** [N, C, H, W] -> columns [C*kh*kw, N*OH*OW], so that one matrix product with [O, C*kh*kw] convolves the whole batch. */
    static Tensor im2col(Tensor x, Geo g) {
        Tensor out;
        long rows = g.c * g.kh * g.kw, p = g.oh * g.ow;
        if (x.dtype() == DType.FLOAT32) {
            float[] src = x.toFloatArray(), dst = new float[Math.toIntExact(g.n * rows * p)];
            im2colF(src, dst, g);
            out = Torch.fromArray(dst).view(rows, g.n * p);
        } else {
            double[] src = x.toDoubleArray(), dst = new double[Math.toIntExact(g.n * rows * p)];
            im2colD(src, dst, g);
            out = Torch.fromArray(dst).view(rows, g.n * p);
        }
        out = like(out, x);
        if (Graph.needsGrad(x)) Graph.record("Im2ColBackward0", out, new Tensor[] {x}, null, gr -> new Tensor[] {col2im(gr[0], g)});
        return out;
    }

    /** The adjoint of {@link #im2col}: columns summed back into [N, C, H, W]. */
    static Tensor col2im(Tensor cols, Geo g) {
        Tensor out;
        int n = Math.toIntExact(g.n * g.c * g.h * g.w);
        if (cols.dtype() == DType.FLOAT32) {
            float[] src = cols.toFloatArray(), dst = new float[n];
            col2imF(src, dst, g);
            out = Torch.fromArray(dst).view(g.n, g.c, g.h, g.w);
        } else {
            double[] src = cols.toDoubleArray(), dst = new double[n];
            col2imD(src, dst, g);
            out = Torch.fromArray(dst).view(g.n, g.c, g.h, g.w);
        }
        out = like(out, cols);
        if (Graph.needsGrad(cols)) Graph.record("Col2ImBackward0", out, new Tensor[] {cols}, null, gr -> new Tensor[] {im2col(gr[0], g)});
        return out;
    }

    /**
     * ReLU's gradient {@code g * (out > 0)} in one pass for float32/float64 CPU tensors of one shape, or null
     * (the caller then composes it from differentiable ops).
     */
    static Tensor reluBackward(Tensor g, Tensor out) {
        if (Graph.needsGrad(g) || !supports(g) || g.dtype() != out.dtype() || g.isCuda() || out.isCuda() || dev.jtorch.graphs.Capture.isCapturing()
                || !java.util.Arrays.equals(g.shapeRef(), out.shapeRef())) {
            return null;
        }
        Tensor gc = g.contiguous(), oc = out.contiguous();
        int n = Math.toIntExact(g.numel()), go = (int) offset(gc), oo = (int) offset(oc);
        Tensor res;
        if (g.dtype() == DType.FLOAT32) {
            float[] a = (float[]) array(gc), y = (float[]) array(oc), d = new float[n];
            ConvKernels.reluBackward(a, go, y, oo, d, n);
            res = Torch.fromArray(d);
        } else {
            double[] a = (double[]) array(gc), y = (double[]) array(oc), d = new double[n];
            for (int i = 0; i < n; i++) d[i] = y[oo + i] > 0 ? a[go + i] : 0.0;
            res = Torch.fromArray(d);
        }
        return res.view(g.shapeRef());
    }

    /** Whether {@link #conv2d} takes the input: float32/float64 on the CPU, every array index within an int. */
    static boolean convFast(Tensor x, Tensor w, Tensor b, Geo g) {
        if (!supports(x) || x.isCuda() || w.isCuda() || (b != null && (b.isCuda() || b.dtype() != x.dtype()))) return false;
        long rows = g.c * g.kh * g.kw, p = g.oh * g.ow;
        return x.numel() < Integer.MAX_VALUE && g.n * w.shapeRef()[0] * p < Integer.MAX_VALUE && rows * p < Integer.MAX_VALUE / 2;
    }

    /**
     * Convolution through {@link ConvKernels}: per-sample columns in cache, output written in NCHW order, and a
     * backward that recomputes each sample's columns instead of keeping the batch's.
     */
    static Tensor conv2d(Tensor x, Tensor w, Tensor b, Geo g, long groups) {
        ConvKernels.Shape s = new ConvKernels.Shape((int) g.n, (int) g.c, (int) g.h, (int) g.w, (int) w.shapeRef()[0], (int) groups,
                (int) g.kh, (int) g.kw, (int) g.sh, (int) g.sw, (int) g.ph, (int) g.pw, (int) g.dh, (int) g.dw, (int) g.oh, (int) g.ow);
        boolean f32 = x.dtype() == DType.FLOAT32;
        Tensor xc = x.contiguous(), wc = w.contiguous(), bc = b == null ? null : b.contiguous();
        int len = Math.toIntExact(g.n * s.o() * g.oh * g.ow);
        Object out = f32 ? new float[len] : new double[len];
        ConvKernels.forward(s, array(xc), (int) offset(xc), array(wc), (int) offset(wc),
                bc == null ? null : array(bc), bc == null ? 0 : (int) offset(bc), out);
        Tensor res = (f32 ? Torch.fromArray((float[]) out) : Torch.fromArray((double[]) out)).view(g.n, s.o(), g.oh, g.ow);
        if (Graph.needsGrad(x, w, b)) {
            Graph.record("ConvolutionBackward0", res, new Tensor[] {x, w, b}, new Tensor[] {x, w},
                    gr -> convBackward(gr[0], x, w, b, s, g, groups));
        }
        return res;
    }

    private static Tensor[] convBackward(Tensor gy, Tensor x, Tensor w, Tensor b, ConvKernels.Shape s, Geo g, long groups) {
        boolean nx = x.requiresGrad(), nw = w.requiresGrad(), nb = b != null && b.requiresGrad();
        if (dev.jtorch.autograd.GradMode.isEnabled() && (gy.requiresGrad() || x.requiresGrad() || w.requiresGrad())) {
            return convBackwardComposed(gy, x, w, g, groups, nx, nw, nb);
        }
        boolean f32 = gy.dtype() == DType.FLOAT32;
        Tensor gc = gy.contiguous(), xc = x.detach().contiguous(), wc = w.detach().contiguous();
        int xn = Math.toIntExact(x.numel()), wn = Math.toIntExact(w.numel());
        Object dx = nx ? (f32 ? new float[xn] : new double[xn]) : null;
        Object dw = nw ? (f32 ? new float[wn] : new double[wn]) : null;
        Object db = nb ? (f32 ? new float[s.o()] : new double[s.o()]) : null;
        ConvKernels.backward(s, array(gc), (int) offset(gc), array(xc), (int) offset(xc), array(wc), (int) offset(wc), dx, dw, db);
        return new Tensor[] {
                dx == null ? null : wrap(dx, f32).view(x.shapeRef()),
                dw == null ? null : wrap(dw, f32).view(w.shapeRef()),
                db == null ? null : wrap(db, f32)};
    }

    /** The same gradients from differentiable ops, for double backward. */
    private static Tensor[] convBackwardComposed(Tensor gy, Tensor x, Tensor w, Geo g, long groups, boolean nx, boolean nw, boolean nb) {
        long o = w.shapeRef()[0], og = o / groups, kg = (g.c / groups) * g.kh * g.kw, np = g.n * g.oh * g.ow;
        Tensor g2 = gy.permute(1, 0, 2, 3).reshape(o, np);
        Tensor dx = null, dw = null, db = null;
        if (nw) {
            Tensor cols = im2col(x, g);
            dw = (groups == 1 ? g2.mm(cols.t()) : LinAlg.bmm(g2.view(groups, og, np), cols.view(groups, kg, np).transpose(1, 2)))
                    .reshape(w.shapeRef());
        }
        if (nx) {
            Tensor dcols = groups == 1 ? w.reshape(o, kg).t().mm(g2)
                    : LinAlg.bmm(w.reshape(groups, og, kg).transpose(1, 2), g2.view(groups, og, np)).reshape(groups * kg, np);
            dx = col2im(dcols, g);
        }
        if (nb) db = gy.sum(new long[] {0, 2, 3}, false);
        return new Tensor[] {dx, dw, db};
    }

    private static Object array(Tensor t) {
        Object a = t.isCuda() ? null : t.storage().array();
        return a != null ? a : t.dtype() == DType.FLOAT32 ? t.toFloatArray() : t.toDoubleArray();
    }

    private static long offset(Tensor t) { return !t.isCuda() && t.storage().array() != null ? t.storageOffset() : 0; }

    private static Tensor wrap(Object a, boolean f32) { return f32 ? Torch.fromArray((float[]) a) : Torch.fromArray((double[]) a); }

    /**
     * For each column entry, in im2col's order (channel, kernel row, kernel column, batch, output row,
     * output column), the index of the image element it reads, or -1 where it falls in the padding. The
     * same walk serves im2col (a gather) and col2im (its adjoint, a scatter-add), in both dtypes.
     */
    private static int[] columnSources(Geo g) {
        int h = (int) g.h, w = (int) g.w, oh = (int) g.oh, ow = (int) g.ow;
        int[] map = new int[Math.toIntExact(g.c * g.kh * g.kw * g.n * g.oh * g.ow)];
        int o = 0;
        for (int c = 0; c < g.c; c++) {
            for (int ki = 0; ki < g.kh; ki++) {
                for (int kj = 0; kj < g.kw; kj++) {
                    int offH = ki * (int) g.dh - (int) g.ph, offW = kj * (int) g.dw - (int) g.pw;
                    for (int n = 0; n < g.n; n++) {
                        int plane = (n * (int) g.c + c) * h * w;
                        for (int y = 0; y < oh; y++) {
                            int iy = y * (int) g.sh + offH;
                            if (iy < 0 || iy >= h) {
                                java.util.Arrays.fill(map, o, o + ow, -1);
                                o += ow;
                                continue;
                            }
                            int row = plane + iy * w;
                            for (int x = 0; x < ow; x++) {
                                int ix = x * (int) g.sw + offW;
                                map[o++] = ix >= 0 && ix < w ? row + ix : -1;
                            }
                        }
                    }
                }
            }
        }
        return map;
    }

    private static void im2colF(float[] src, float[] dst, Geo g) {
        int[] map = columnSources(g);
        for (int i = 0; i < map.length; i++) dst[i] = map[i] >= 0 ? src[map[i]] : 0f;
    }

    private static void im2colD(double[] src, double[] dst, Geo g) {
        int[] map = columnSources(g);
        for (int i = 0; i < map.length; i++) dst[i] = map[i] >= 0 ? src[map[i]] : 0.0;
    }

    private static void col2imF(float[] src, float[] dst, Geo g) {
        int[] map = columnSources(g);
        for (int i = 0; i < map.length; i++) if (map[i] >= 0) dst[map[i]] += src[i];
    }

    private static void col2imD(double[] src, double[] dst, Geo g) {
        int[] map = columnSources(g);
        for (int i = 0; i < map.length; i++) if (map[i] >= 0) dst[map[i]] += src[i];
    }

    /**
     * Max pooling of [N, C, H, W] with implicit -inf padding: {values, indices into each H*W plane}; among equal
     * values the first in scan order, and the last NaN over any number, as PyTorch's CPU kernel.
     */
    static Tensor[] maxPool(Tensor x, Geo g) {
        int planes = Math.toIntExact(g.n * g.c), oh = (int) g.oh, ow = (int) g.ow;
        long[] idx = new long[planes * oh * ow];
        Tensor values;
        int hw = (int) (g.h * g.w), per = oh * ow;
        long grain = Math.max(1, 16384 / Math.max(1, per * g.kh * g.kw));
        if (x.dtype() == DType.FLOAT32) {
            Tensor xc = x.contiguous();
            float[] src = (float[]) array(xc), val = new float[idx.length];
            int base0 = (int) offset(xc);
            dev.jtorch.backend.cpu.Parallel.forRange(planes, grain, 1, (s, e) -> {
                for (int pl = (int) s; pl < e; pl++) {
                    int base = base0 + pl * hw;
                    if (pool2x2(g)) {
                        maxPool2x2(src, base, val, idx, pl * per, g);
                        continue;
                    }
                    for (int y = 0, o = pl * per; y < oh; y++) {
                        for (int xx = 0; xx < ow; xx++, o++) {
                            long i = argmax(src, base, g, y, xx);
                            idx[o] = i;
                            val[o] = src[base + (int) i];
                        }
                    }
                }
            });
            values = Torch.fromArray(val).view(g.n, g.c, g.oh, g.ow);
        } else {
            Tensor xc = x.contiguous();
            double[] src = (double[]) array(xc), val = new double[idx.length];
            int base0 = (int) offset(xc);
            dev.jtorch.backend.cpu.Parallel.forRange(planes, grain, 1, (s, e) -> {
                for (int pl = (int) s; pl < e; pl++) {
                    int base = base0 + pl * hw;
                    if (pool2x2(g)) {
                        maxPool2x2(src, base, val, idx, pl * per, g);
                        continue;
                    }
                    for (int y = 0, o = pl * per; y < oh; y++) {
                        for (int xx = 0; xx < ow; xx++, o++) {
                            long i = argmax(src, base, g, y, xx);
                            idx[o] = i;
                            val[o] = src[base + (int) i];
                        }
                    }
                }
            });
            values = Torch.fromArray(val).view(g.n, g.c, g.oh, g.ow);
        }
        values = like(values, x);
        Tensor indices = like(Torch.fromArray(idx).view(g.n, g.c, g.oh, g.ow), x);
        if (Graph.needsGrad(x)) {
            Graph.record("MaxPool2DWithIndicesBackward0", values, new Tensor[] {x}, new Tensor[] {indices}, gr -> new Tensor[] {
                    maxPoolBackward(gr[0], g, idx, indices)});
        }
        return new Tensor[] {values, indices};
    }

    /** The common 2x2 window with stride 2 and no padding or dilation (the book's CNN), whose windows never leave the input. */
    private static boolean pool2x2(Geo g) {
        return g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.ph == 0 && g.pw == 0 && g.dh == 1 && g.dw == 1;
    }

    /**
     * One plane of 2x2 max pooling with {@link #argmax}'s order: first maximum, every NaN replaces it. The
     * choices are bit masks, not branches: on real data each comparison is a coin toss for the branch predictor
     * (the branching loop cost 15 ns per output here, this one 4).
     */
    private static void maxPool2x2(float[] src, int base, float[] val, long[] idx, int o, Geo g) {
        int w = (int) g.w, oh = (int) g.oh, ow = (int) g.ow;
        for (int y = 0; y < oh; y++) {
            int r0 = base + 2 * y * w, r1 = r0 + w;
            for (int x = 0; x < ow; x++, o++) {
                float a = src[r0 + 2 * x], b = src[r0 + 2 * x + 1], c = src[r1 + 2 * x], d = src[r1 + 2 * x + 1];
                int best = Float.floatToRawIntBits(a), i = 0, t;
                t = -(b > Float.intBitsToFloat(best) | b != b ? 1 : 0);
                best ^= (best ^ Float.floatToRawIntBits(b)) & t;
                i ^= (i ^ 1) & t;
                t = -(c > Float.intBitsToFloat(best) | c != c ? 1 : 0);
                best ^= (best ^ Float.floatToRawIntBits(c)) & t;
                i ^= (i ^ 2) & t;
                t = -(d > Float.intBitsToFloat(best) | d != d ? 1 : 0);
                best ^= (best ^ Float.floatToRawIntBits(d)) & t;
                i ^= (i ^ 3) & t;
                val[o] = Float.intBitsToFloat(best);
                idx[o] = 2 * y * w + 2 * x + (i >> 1) * w + (i & 1);
            }
        }
    }

    private static void maxPool2x2(double[] src, int base, double[] val, long[] idx, int o, Geo g) {
        int w = (int) g.w, oh = (int) g.oh, ow = (int) g.ow;
        for (int y = 0; y < oh; y++) {
            int r0 = base + 2 * y * w, r1 = r0 + w;
            for (int x = 0; x < ow; x++, o++) {
                double a = src[r0 + 2 * x], b = src[r0 + 2 * x + 1], c = src[r1 + 2 * x], d = src[r1 + 2 * x + 1];
                long best = Double.doubleToRawLongBits(a), t;
                int i = 0;
                t = -(b > Double.longBitsToDouble(best) | b != b ? 1L : 0L);
                best ^= (best ^ Double.doubleToRawLongBits(b)) & t;
                i ^= (i ^ 1) & (int) t;
                t = -(c > Double.longBitsToDouble(best) | c != c ? 1L : 0L);
                best ^= (best ^ Double.doubleToRawLongBits(c)) & t;
                i ^= (i ^ 2) & (int) t;
                t = -(d > Double.longBitsToDouble(best) | d != d ? 1L : 0L);
                best ^= (best ^ Double.doubleToRawLongBits(d)) & t;
                i ^= (i ^ 3) & (int) t;
                val[o] = Double.longBitsToDouble(best);
                idx[o] = 2 * y * w + 2 * x + (i >> 1) * w + (i & 1);
            }
        }
    }

    /** PyTorch's scan: the first maximum, but every NaN replaces it (so the last NaN wins); each window has a cell. */
    private static long argmax(float[] src, int base, Geo g, int y, int x) {
        int h = (int) g.h, w = (int) g.w;
        float best = Float.NEGATIVE_INFINITY;
        long bi = -1;
        for (int ki = 0; ki < g.kh; ki++) {
            int iy = y * (int) g.sh - (int) g.ph + ki * (int) g.dh;
            if (iy < 0 || iy >= h) continue;
            for (int kj = 0; kj < g.kw; kj++) {
                int ix = x * (int) g.sw - (int) g.pw + kj * (int) g.dw;
                if (ix < 0 || ix >= w) continue;
                float v = src[base + iy * w + ix];
                if (v > best || Float.isNaN(v) || bi < 0) {
                    best = v;
                    bi = (long) iy * w + ix;
                }
            }
        }
        return bi;
    }

    private static long argmax(double[] src, int base, Geo g, int y, int x) {
        int h = (int) g.h, w = (int) g.w;
        double best = Double.NEGATIVE_INFINITY;
        long bi = -1;
        for (int ki = 0; ki < g.kh; ki++) {
            int iy = y * (int) g.sh - (int) g.ph + ki * (int) g.dh;
            if (iy < 0 || iy >= h) continue;
            for (int kj = 0; kj < g.kw; kj++) {
                int ix = x * (int) g.sw - (int) g.pw + kj * (int) g.dw;
                if (ix < 0 || ix >= w) continue;
                double v = src[base + iy * w + ix];
                if (v > best || Double.isNaN(v) || bi < 0) {
                    best = v;
                    bi = (long) iy * w + ix;
                }
            }
        }
        return bi;
    }

    /** Each output gradient added at its argmax; differentiable again (a gather at the same indices). */
    private static Tensor maxPoolBackward(Tensor grad, Geo g, long[] idx, Tensor indices) {
        int hw = (int) (g.h * g.w), per = (int) (g.oh * g.ow);
        Tensor out;
        int planes = (int) (g.n * g.c);
        long grain = Math.max(1, 32768 / Math.max(1, per));
        // each plane's gradient is written by one thread: the sums do not depend on the thread count
        if (grad.dtype() == DType.FLOAT32) {
            Tensor gc = grad.contiguous();
            float[] gs = (float[]) array(gc), dx = new float[planes * hw];
            int g0 = (int) offset(gc);
            dev.jtorch.backend.cpu.Parallel.forRange(planes, grain, 1, (s, e) -> {
                for (int pl = (int) s; pl < e; pl++) {
                    int d = pl * hw;
                    for (int o = pl * per, end = o + per; o < end; o++) dx[d + (int) idx[o]] += gs[g0 + o];
                }
            });
            out = Torch.fromArray(dx).view(g.n, g.c, g.h, g.w);
        } else {
            Tensor gc = grad.contiguous();
            double[] gs = gc.dtype() == DType.FLOAT64 ? (double[]) array(gc) : gc.toDoubleArray();
            double[] dx = new double[planes * hw];
            int g0 = gc.dtype() == DType.FLOAT64 ? (int) offset(gc) : 0;
            dev.jtorch.backend.cpu.Parallel.forRange(planes, grain, 1, (s, e) -> {
                for (int pl = (int) s; pl < e; pl++) {
                    int d = pl * hw;
                    for (int o = pl * per, end = o + per; o < end; o++) dx[d + (int) idx[o]] += gs[g0 + o];
                }
            });
            out = Torch.fromArray(dx).view(g.n, g.c, g.h, g.w).to(grad.dtype());
        }
        out = like(out, grad);
        if (Graph.needsGrad(grad)) {
            Graph.record("MaxPool2DWithIndicesBackwardBackward0", out, new Tensor[] {grad}, null, gg -> new Tensor[] {
                    gg[0].reshape(g.n, g.c, -1).gather(2, indices.view(g.n, g.c, -1)).view(g.n, g.c, g.oh, g.ow)});
        }
        return out;
    }

    /** Average pooling; see {@link NnOps#avgPool2d} for the divisor. */
    static Tensor avgPool(Tensor x, Geo g, boolean countIncludePad, Long divisorOverride) {
        int planes = Math.toIntExact(g.n * g.c), oh = (int) g.oh, ow = (int) g.ow;
        int[] window = new int[4 * oh * ow];
        double[] factor = new double[oh * ow];
        // the windows and divisors are the same for every plane
        for (int y = 0, o = 0; y < oh; y++) {
            for (int xx = 0; xx < ow; xx++, o++) {
                long hs = y * g.sh - g.ph, ws = xx * g.sw - g.pw;
                long he = Math.min(hs + g.kh, g.h + g.ph), we = Math.min(ws + g.kw, g.w + g.pw);
                long poolSize = (he - hs) * (we - ws);
                hs = Math.max(hs, 0);
                ws = Math.max(ws, 0);
                he = Math.min(he, g.h);
                we = Math.min(we, g.w);
                window[4 * o] = (int) hs;
                window[4 * o + 1] = (int) he;
                window[4 * o + 2] = (int) ws;
                window[4 * o + 3] = (int) we;
                factor[o] = divisorOverride != null ? divisorOverride : countIncludePad ? poolSize : (he - hs) * (we - ws);
            }
        }
        double[] src = x.toDoubleArray(), dst = new double[planes * oh * ow];
        int h = (int) g.h, w = (int) g.w;
        for (int pl = 0; pl < planes; pl++) {
            int base = pl * h * w, ob = pl * oh * ow;
            for (int o = 0; o < oh * ow; o++) {
                int hs = window[4 * o], he = window[4 * o + 1], ws = window[4 * o + 2], we = window[4 * o + 3];
                if (hs >= he || ws >= we) continue;
                double sum = 0;
                for (int iy = hs; iy < he; iy++) for (int ix = ws; ix < we; ix++) sum += src[base + iy * w + ix];
                dst[ob + o] = sum / factor[o];
            }
        }
        Tensor out = like(Torch.fromArray(dst).view(g.n, g.c, g.oh, g.ow).to(x.dtype()), x);
        if (Graph.needsGrad(x)) {
            Graph.record("AvgPool2DBackward0", out, new Tensor[] {x}, null, gr -> new Tensor[] {avgPoolBackward(gr[0], g, window, factor)});
        }
        return out;
    }

    private static Tensor avgPoolBackward(Tensor grad, Geo g, int[] window, double[] factor) {
        int planes = Math.toIntExact(g.n * g.c), oh = (int) g.oh, ow = (int) g.ow, h = (int) g.h, w = (int) g.w;
        double[] gs = grad.toDoubleArray(), dx = new double[planes * h * w];
        for (int pl = 0; pl < planes; pl++) {
            int base = pl * h * w, ob = pl * oh * ow;
            for (int o = 0; o < oh * ow; o++) {
                int hs = window[4 * o], he = window[4 * o + 1], ws = window[4 * o + 2], we = window[4 * o + 3];
                double v = gs[ob + o] / factor[o];
                for (int iy = hs; iy < he; iy++) for (int ix = ws; ix < we; ix++) dx[base + iy * w + ix] += v;
            }
        }
        Tensor out = like(Torch.fromArray(dx).view(g.n, g.c, g.h, g.w).to(grad.dtype()), grad);
        if (Graph.needsGrad(grad)) {
            // the adjoint of this linear map is the pooling itself
            Graph.record("AvgPool2DBackwardBackward0", out, new Tensor[] {grad}, null, gg -> new Tensor[] {
                    avgPoolPlain(gg[0], g, window, factor)});
        }
        return out;
    }

    private static Tensor avgPoolPlain(Tensor x, Geo g, int[] window, double[] factor) {
        int planes = Math.toIntExact(g.n * g.c), oh = (int) g.oh, ow = (int) g.ow, h = (int) g.h, w = (int) g.w;
        double[] src = x.toDoubleArray(), dst = new double[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++) {
            int base = pl * h * w, ob = pl * oh * ow;
            for (int o = 0; o < oh * ow; o++) {
                double sum = 0;
                for (int iy = window[4 * o]; iy < window[4 * o + 1]; iy++) {
                    for (int ix = window[4 * o + 2]; ix < window[4 * o + 3]; ix++) sum += src[base + iy * w + ix];
                }
                dst[ob + o] = sum / factor[o];
            }
        }
        return like(Torch.fromArray(dst).view(g.n, g.c, g.oh, g.ow).to(x.dtype()), x);
    }

    /**
     * A result computed on Java arrays, moved to the device of the input it came from: these kernels have no
     * GPU version, so a GPU input is read back, computed on the host and the result uploaded.
     */
    private static Tensor like(Tensor hostResult, Tensor input) {
        return input.device().type() == dev.jtorch.Device.Type.CPU ? hostResult : hostResult.to(input.device());
    }
}
