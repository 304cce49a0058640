package dev.jtorch.backend.cpu;

import java.util.Arrays;

/**
 * 2-d convolution on float32/float64 heap arrays, one sample at a time: each sample's columns (im2col) live
 * in a per-thread scratch buffer that stays in cache, and one packed GEMM per sample and group writes the
 * output straight into its NCHW place. The whole batch's columns (conv1 of the book's CNN: 64 x 25 x 576
 * floats) are never materialised, so the step touches a few megabytes less per convolution, and the samples
 * run in parallel.
 *
 * <p>Results do not depend on the thread count: every sample's forward and input gradient are computed by one
 * thread alone, and the weight and bias gradients sum per-sample products into partial sums over fixed
 * chunks of the batch (their borders depend only on the batch size), which are then added in chunk order.
 */
public final class ConvKernels {
    private ConvKernels() {}

    /** Geometry: input [n, c, h, w], weight [o, c/groups, kh, kw], output [n, o, oh, ow]. */
    public record Shape(int n, int c, int h, int w, int o, int groups, int kh, int kw, int sh, int sw,
                        int ph, int pw, int dh, int dw, int oh, int ow) {
        int cg() { return c / groups; }
        int og() { return o / groups; }
        /** Rows of one group's columns. */
        int kg() { return cg() * kh * kw; }
        int p() { return oh * ow; }
        /** A 1x1 convolution with unit stride and no padding reads the image itself as its columns. */
        boolean pointwise() { return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0 && oh == h && ow == w; }
    }

    /** Weight and bias gradients are summed over this many fixed chunks of the batch (at most). */
    private static final int CHUNKS = 16;

    private static final ThreadLocal<Object[]> SCRATCH = ThreadLocal.withInitial(() -> new Object[4]);

    private static float[] scratchF(int slot, int size) {
        Object[] s = SCRATCH.get();
        if (!(s[slot] instanceof float[] a) || a.length < size) s[slot] = new float[size];
        return (float[]) s[slot];
    }

    private static double[] scratchD(int slot, int size) {
        Object[] s = SCRATCH.get();
        if (!(s[slot] instanceof double[] a) || a.length < size) s[slot] = new double[size];
        return (double[]) s[slot];
    }

    /**
     * out[n, o, :, :] = sum over the group's channels and the kernel of w * x, plus b[o]. Arrays are float[] or
     * double[] (all the same), contiguous from their offsets; {@code b} may be null.
     */
    public static void forward(Shape s, Object x, int xOff, Object w, int wOff, Object b, int bOff, Object out) {
        boolean f32 = x instanceof float[];
        int p = s.p(), kg = s.kg(), og = s.og(), rows = s.c * s.kh * s.kw;
        long perSample = 2L * s.o * kg * p;
        boolean inner = s.n == 1 && perSample >= 4 * Gemm.GRAIN_FLOPS;
        Parallel.forRange(s.n, Math.max(1, Gemm.GRAIN_FLOPS / Math.max(1, perSample)), 1, (start, end) -> {
            for (int n = (int) start; n < end; n++) {
                int xn = xOff + n * s.c * s.h * s.w;
                Object cols;
                int colsOff;
                if (s.pointwise()) {
                    cols = x;
                    colsOff = xn;
                } else {
                    cols = f32 ? scratchF(0, rows * p) : scratchD(0, rows * p);
                    colsOff = 0;
                    if (f32) im2col((float[]) x, xn, (float[]) cols, s);
                    else im2col((double[]) x, xn, (double[]) cols, s);
                }
                for (int g = 0; g < s.groups; g++) {
                    gemm(f32, inner, og, p, kg, w, wOff + g * og * kg, kg, 1, cols, colsOff + g * kg * p, p, 1,
                            out, (n * s.o + g * og) * p, p);
                }
                if (b != null) addBias(f32, out, n * s.o * p, b, bOff, s.o, p);
            }
        });
    }

    private static void addBias(boolean f32, Object out, int off, Object b, int bOff, int o, int p) {
        if (f32) {
            float[] c = (float[]) out, bb = (float[]) b;
            for (int i = 0; i < o; i++) {
                float v = bb[bOff + i];
                for (int j = off + i * p, e = j + p; j < e; j++) c[j] += v;
            }
        } else {
            double[] c = (double[]) out, bb = (double[]) b;
            for (int i = 0; i < o; i++) {
                double v = bb[bOff + i];
                for (int j = off + i * p, e = j + p; j < e; j++) c[j] += v;
            }
        }
    }

    /**
     * Gradients of {@link #forward} for output gradient {@code gy} [n, o, oh, ow]: {@code dx} [n, c, h, w]
     * (zero-filled, or null when not needed), {@code dw} [o, c/groups, kh, kw] and {@code db} [o] (null when
     * not needed; written, not accumulated).
     */
    public static void backward(Shape s, Object gy, int gOff, Object x, int xOff, Object w, int wOff,
                                Object dx, Object dw, Object db) {
        boolean f32 = gy instanceof float[];
        int p = s.p(), kg = s.kg(), og = s.og(), rows = s.c * s.kh * s.kw, wn = s.o * kg;
        int chunks = Math.min(s.n, CHUNKS);
        Object pw = dw == null ? null : f32 ? new float[chunks * wn] : new double[chunks * wn];
        double[] pb = db == null ? null : new double[chunks * s.o];
        long perSample = 2L * s.o * kg * p * ((dx != null ? 1 : 0) + (dw != null ? 1 : 0));
        Parallel.forRange(chunks, Math.max(1, Gemm.GRAIN_FLOPS / Math.max(1, perSample * s.n / chunks)), 1, (cs, ce) -> {
            for (int ch = (int) cs; ch < ce; ch++) {
                for (int n = s.n * ch / chunks, nEnd = s.n * (ch + 1) / chunks; n < nEnd; n++) {
                    int gn = gOff + n * s.o * p, xn = xOff + n * s.c * s.h * s.w;
                    if (pw != null) {
                        Object cols;
                        int colsOff;
                        if (s.pointwise()) {
                            cols = x;
                            colsOff = xn;
                        } else {
                            cols = f32 ? scratchF(0, rows * p) : scratchD(0, rows * p);
                            colsOff = 0;
                            if (f32) im2col((float[]) x, xn, (float[]) cols, s);
                            else im2col((double[]) x, xn, (double[]) cols, s);
                        }
                        Object tmp = f32 ? scratchF(1, wn) : scratchD(1, wn);
                        for (int g = 0; g < s.groups; g++) {
                            // dw_g += gy_g [og, p] @ cols_g^T [p, kg]
                            gemm(f32, false, og, kg, p, gy, gn + g * og * p, p, 1, cols, colsOff + g * kg * p, 1, p,
                                    tmp, g * og * kg, kg);
                        }
                        if (f32) {
                            float[] a = (float[]) pw, t = (float[]) tmp;
                            for (int i = 0, o = ch * wn; i < wn; i++) a[o + i] += t[i];
                        } else {
                            double[] a = (double[]) pw, t = (double[]) tmp;
                            for (int i = 0, o = ch * wn; i < wn; i++) a[o + i] += t[i];
                        }
                    }
                    if (pb != null) {
                        for (int o = 0; o < s.o; o++) {
                            double sum = 0;
                            int r = gn + o * p;
                            if (f32) {
                                float[] a = (float[]) gy;
                                for (int j = 0; j < p; j++) sum += a[r + j];
                            } else {
                                double[] a = (double[]) gy;
                                for (int j = 0; j < p; j++) sum += a[r + j];
                            }
                            pb[ch * s.o + o] += sum;
                        }
                    }
                    if (dx != null) {
                        int dxn = n * s.c * s.h * s.w;
                        if (s.pointwise()) {
                            for (int g = 0; g < s.groups; g++) {
                                gemm(f32, false, kg, p, og, w, wOff + g * og * kg, 1, kg, gy, gn + g * og * p, p, 1,
                                        dx, dxn + g * kg * p, p);
                            }
                        } else {
                            Object dcols = f32 ? scratchF(2, rows * p) : scratchD(2, rows * p);
                            for (int g = 0; g < s.groups; g++) {
                                // dcols_g [kg, p] = w_g^T [kg, og] @ gy_g [og, p]
                                gemm(f32, false, kg, p, og, w, wOff + g * og * kg, 1, kg, gy, gn + g * og * p, p, 1,
                                        dcols, g * kg * p, p);
                            }
                            if (f32) col2im((float[]) dcols, (float[]) dx, dxn, s);
                            else col2im((double[]) dcols, (double[]) dx, dxn, s);
                        }
                    }
                }
            }
        });
        if (pw != null) {
            if (f32) {
                float[] d = (float[]) dw, a = (float[]) pw;
                System.arraycopy(a, 0, d, 0, wn);
                for (int ch = 1; ch < chunks; ch++) for (int i = 0; i < wn; i++) d[i] += a[ch * wn + i];
            } else {
                double[] d = (double[]) dw, a = (double[]) pw;
                System.arraycopy(a, 0, d, 0, wn);
                for (int ch = 1; ch < chunks; ch++) for (int i = 0; i < wn; i++) d[i] += a[ch * wn + i];
            }
        }
        if (pb != null) {
            for (int o = 0; o < s.o; o++) {
                double sum = 0;
                for (int ch = 0; ch < chunks; ch++) sum += pb[ch * s.o + o];
                if (f32) ((float[]) db)[o] = (float) sum;
                else ((double[]) db)[o] = sum;
            }
        }
    }

    private static void gemm(boolean f32, boolean parallel, int m, int n, int k, Object a, int aOff, int aRs, int aCs,
                             Object b, int bOff, int bRs, int bCs, Object c, int cOff, int ldc) {
        boolean vector = Simd.useVector;
        if (f32) {
            GemmF32.gemm(vector, parallel, m, n, k, (float[]) a, null, aOff, aRs, aCs, (float[]) b, null, bOff, bRs, bCs, (float[]) c, cOff, ldc);
        } else {
            GemmF64.gemm(vector, parallel, m, n, k, (double[]) a, null, aOff, aRs, aCs, (double[]) b, null, bOff, bRs, bCs, (double[]) c, cOff, ldc);
        }
    }

    /** One sample [c, h, w] at {@code xOff} -> columns [c*kh*kw, oh*ow], zeros where a window reads padding. */
    static void im2col(float[] x, int xOff, float[] cols, Shape s) {
        int oh = s.oh, ow = s.ow, h = s.h, w = s.w, r = 0;
        for (int c = 0; c < s.c; c++) {
            int plane = xOff + c * h * w;
            for (int ki = 0; ki < s.kh; ki++) {
                for (int kj = 0; kj < s.kw; kj++, r++) {
                    int offH = ki * s.dh - s.ph, offW = kj * s.dw - s.pw, o = r * oh * ow;
                    // output columns [x0, x1) read inside the row
                    int x0 = Math.max(0, ceilDiv(-offW, s.sw)), x1 = Math.min(ow, ceilDiv(w - offW, s.sw));
                    x1 = Math.max(x0, x1);
                    for (int y = 0; y < oh; y++, o += ow) {
                        int iy = y * s.sh + offH;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(cols, o, o + ow, 0f);
                            continue;
                        }
                        int row = plane + iy * w + offW;
                        if (x0 > 0) Arrays.fill(cols, o, o + x0, 0f);
                        if (s.sw == 1) {
                            System.arraycopy(x, row + x0, cols, o + x0, x1 - x0);
                        } else {
                            for (int xx = x0; xx < x1; xx++) cols[o + xx] = x[row + xx * s.sw];
                        }
                        if (x1 < ow) Arrays.fill(cols, o + x1, o + ow, 0f);
                    }
                }
            }
        }
    }

    static void im2col(double[] x, int xOff, double[] cols, Shape s) {
        int oh = s.oh, ow = s.ow, h = s.h, w = s.w, r = 0;
        for (int c = 0; c < s.c; c++) {
            int plane = xOff + c * h * w;
            for (int ki = 0; ki < s.kh; ki++) {
                for (int kj = 0; kj < s.kw; kj++, r++) {
                    int offH = ki * s.dh - s.ph, offW = kj * s.dw - s.pw, o = r * oh * ow;
                    int x0 = Math.max(0, ceilDiv(-offW, s.sw)), x1 = Math.min(ow, ceilDiv(w - offW, s.sw));
                    x1 = Math.max(x0, x1);
                    for (int y = 0; y < oh; y++, o += ow) {
                        int iy = y * s.sh + offH;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(cols, o, o + ow, 0.0);
                            continue;
                        }
                        int row = plane + iy * w + offW;
                        if (x0 > 0) Arrays.fill(cols, o, o + x0, 0.0);
                        if (s.sw == 1) {
                            System.arraycopy(x, row + x0, cols, o + x0, x1 - x0);
                        } else {
                            for (int xx = x0; xx < x1; xx++) cols[o + xx] = x[row + xx * s.sw];
                        }
                        if (x1 < ow) Arrays.fill(cols, o + x1, o + ow, 0.0);
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: columns added into one sample's (zero-filled) gradient at {@code dxOff}. */
    static void col2im(float[] cols, float[] dx, int dxOff, Shape s) {
        int oh = s.oh, ow = s.ow, h = s.h, w = s.w, r = 0;
        for (int c = 0; c < s.c; c++) {
            int plane = dxOff + c * h * w;
            for (int ki = 0; ki < s.kh; ki++) {
                for (int kj = 0; kj < s.kw; kj++, r++) {
                    int offH = ki * s.dh - s.ph, offW = kj * s.dw - s.pw, o = r * oh * ow;
                    int x0 = Math.max(0, ceilDiv(-offW, s.sw)), x1 = Math.min(ow, ceilDiv(w - offW, s.sw));
                    for (int y = 0; y < oh; y++, o += ow) {
                        int iy = y * s.sh + offH;
                        if (iy < 0 || iy >= h) continue;
                        int row = plane + iy * w + offW;
                        if (s.sw == 1) {
                            for (int xx = x0; xx < x1; xx++) dx[row + xx] += cols[o + xx];
                        } else {
                            for (int xx = x0; xx < x1; xx++) dx[row + xx * s.sw] += cols[o + xx];
                        }
                    }
                }
            }
        }
    }

    static void col2im(double[] cols, double[] dx, int dxOff, Shape s) {
        int oh = s.oh, ow = s.ow, h = s.h, w = s.w, r = 0;
        for (int c = 0; c < s.c; c++) {
            int plane = dxOff + c * h * w;
            for (int ki = 0; ki < s.kh; ki++) {
                for (int kj = 0; kj < s.kw; kj++, r++) {
                    int offH = ki * s.dh - s.ph, offW = kj * s.dw - s.pw, o = r * oh * ow;
                    int x0 = Math.max(0, ceilDiv(-offW, s.sw)), x1 = Math.min(ow, ceilDiv(w - offW, s.sw));
                    for (int y = 0; y < oh; y++, o += ow) {
                        int iy = y * s.sh + offH;
                        if (iy < 0 || iy >= h) continue;
                        int row = plane + iy * w + offW;
                        if (s.sw == 1) {
                            for (int xx = x0; xx < x1; xx++) dx[row + xx] += cols[o + xx];
                        } else {
                            for (int xx = x0; xx < x1; xx++) dx[row + xx * s.sw] += cols[o + xx];
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        if (b == 1) return a;
        return a >= 0 ? (a + b - 1) / b : -(-a / b);
    }
}
