package dev.jtorch.backend.cpu;

import java.util.Arrays;

/**
 * 2-d convolution on float32/float64 heap arrays, a chunk of samples at a time: the chunk's columns (im2col)
 * live in a per-thread scratch buffer that stays in cache, one packed GEMM per chunk and group computes them,
 * and the result is copied to its NCHW place with the bias added. The whole batch's columns (conv1 of the
 * book's CNN: 64 x 25 x 576 floats) are never materialised, and the backward recomputes a chunk's columns
 * rather than keeping them. Chunks run in parallel.
 *
 * <p>Results do not depend on the thread count: the batch is cut into at most {@value #CHUNKS} chunks whose
 * borders depend only on the batch size, each chunk is computed by one thread, and the weight and bias
 * gradients are per-chunk partial sums added in chunk order.
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

    private static int chunks(int n) { return Math.min(n, CHUNKS); }

    /**
     * out[n, o, :, :] = sum over the group's channels and the kernel of w * x, plus b[o]. Arrays are float[] or
     * double[] (all the same), contiguous from their offsets; {@code b} may be null. A chunk of samples shares
     * one product per group: the columns of its samples side by side, so the weights are packed once a chunk.
     */
    public static void forward(Shape s, Object x, int xOff, Object w, int wOff, Object b, int bOff, Object out) {
        boolean f32 = x instanceof float[];
        int p = s.p(), kg = s.kg(), og = s.og(), rows = s.c * s.kh * s.kw, chunks = chunks(s.n);
        long perChunk = 2L * s.o * kg * p * s.n / chunks;
        boolean inner = chunks == 1 && perChunk >= 4 * Gemm.GRAIN_FLOPS;
        float[][] packed = f32 && Simd.useVector ? new float[s.groups][] : null;
        if (packed != null) {
            for (int g = 0; g < s.groups; g++) packed[g] = VectorConvF32.packA((float[]) w, wOff + g * og * kg, kg, 1, og, kg);
        }
        Parallel.forRange(chunks, Math.max(1, Gemm.GRAIN_FLOPS / Math.max(1, perChunk)), 1, (cs, ce) -> {
            for (int ch = (int) cs; ch < ce; ch++) {
                int n0 = s.n * ch / chunks, n1 = s.n * (ch + 1) / chunks, sp = (n1 - n0) * p;
                Object cols = f32 ? scratchF(0, rows * sp) : scratchD(0, rows * sp);
                // room for the vector kernel's rows past the last group's (it writes 8 at a time)
                Object c = f32 ? scratchF(1, (s.o + VectorConvF32Rows.PAD) * sp) : scratchD(1, s.o * sp);
                for (int n = n0; n < n1; n++) {
                    int xn = xOff + n * s.c * s.h * s.w, co = (n - n0) * p;
                    if (f32) im2col((float[]) x, xn, (float[]) cols, co, sp, s);
                    else im2col((double[]) x, xn, (double[]) cols, co, sp, s);
                }
                for (int g = 0; g < s.groups; g++) {
                    // in group order: a group's padding rows land on the next group's rows before they are computed
                    int done = packed == null ? 0 : sp / VectorConvF32Rows.NR * VectorConvF32Rows.NR;
                    if (done > 0) VectorConvF32.smallA(og, done, kg, packed[g], (float[]) cols, g * kg * sp, sp, (float[]) c, g * og * sp, sp);
                    if (done < sp) {
                        gemm(f32, inner, og, sp - done, kg, w, wOff + g * og * kg, kg, 1, cols, g * kg * sp + done, sp, 1, c, g * og * sp + done, sp);
                    }
                }
                // [o, samples * p] -> each sample's [o, p], adding the bias on the way
                for (int n = n0; n < n1; n++) {
                    for (int o = 0; o < s.o; o++) {
                        int src = o * sp + (n - n0) * p, dst = (n * s.o + o) * p;
                        if (f32) {
                            float[] cc = (float[]) c, oo = (float[]) out;
                            float v = b == null ? 0f : ((float[]) b)[bOff + o];
                            for (int j = 0; j < p; j++) oo[dst + j] = cc[src + j] + v;
                        } else {
                            double[] cc = (double[]) c, oo = (double[]) out;
                            double v = b == null ? 0.0 : ((double[]) b)[bOff + o];
                            for (int j = 0; j < p; j++) oo[dst + j] = cc[src + j] + v;
                        }
                    }
                }
            }
        });
    }

    /**
     * Gradients of {@link #forward} for output gradient {@code gy} [n, o, oh, ow]: {@code dx} [n, c, h, w]
     * (zero-filled, or null when not needed), {@code dw} [o, c/groups, kh, kw] and {@code db} [o] (null when
     * not needed; written, not accumulated).
     */
    public static void backward(Shape s, Object gy, int gOff, Object x, int xOff, Object w, int wOff,
                                Object dx, Object dw, Object db) {
        boolean f32 = gy instanceof float[];
        int p = s.p(), kg = s.kg(), og = s.og(), rows = s.c * s.kh * s.kw, wn = s.o * kg, chunks = chunks(s.n);
        Object pw = dw == null ? null : f32 ? new float[chunks * wn] : new double[chunks * wn];
        double[] pb = db == null ? null : new double[chunks * s.o];
        long perChunk = 2L * s.o * kg * p * s.n / chunks * ((dx != null ? 1 : 0) + (dw != null ? 1 : 0));
        boolean vector = f32 && Simd.useVector;
        float[][] packedT = vector && dx != null ? new float[s.groups][] : null;
        if (packedT != null) {
            for (int g = 0; g < s.groups; g++) packedT[g] = VectorConvF32.packA((float[]) w, wOff + g * og * kg, 1, kg, kg, og);
        }
        Parallel.forRange(chunks, Math.max(1, Gemm.GRAIN_FLOPS / Math.max(1, perChunk)), 1, (cs, ce) -> {
            for (int ch = (int) cs; ch < ce; ch++) {
                int n0 = s.n * ch / chunks, n1 = s.n * (ch + 1) / chunks, sp = (n1 - n0) * p;
                // the chunk's output gradient as [o, samples * p]
                Object gc = f32 ? scratchF(1, s.o * sp) : scratchD(1, s.o * sp);
                for (int n = n0; n < n1; n++) {
                    for (int o = 0; o < s.o; o++) System.arraycopy(gy, gOff + (n * s.o + o) * p, gc, o * sp + (n - n0) * p, p);
                }
                if (pw != null) {
                    Object cols = f32 ? scratchF(0, rows * sp) : scratchD(0, rows * sp);
                    for (int n = n0; n < n1; n++) {
                        int xn = xOff + n * s.c * s.h * s.w, co = (n - n0) * p;
                        if (f32) im2col((float[]) x, xn, (float[]) cols, co, sp, s);
                        else im2col((double[]) x, xn, (double[]) cols, co, sp, s);
                    }
                    if (vector && sp % VectorConvF32Rows.VL == 0) {
                        // dw_g [og, kg] = gc_g [og, sp] . cols_g [kg, sp], row by row
                        for (int g = 0; g < s.groups; g++) {
                            VectorConvF32.dots(og, kg, sp, (float[]) gc, g * og * sp, sp, (float[]) cols, g * kg * sp, sp,
                                    (float[]) pw, ch * wn + g * og * kg, kg);
                        }
                    } else {
                    Object tmp = f32 ? scratchF(2, wn) : scratchD(2, wn);
                    for (int g = 0; g < s.groups; g++) {
                        // dw_g^T [kg, og] = cols_g [kg, sp] @ gc_g^T [sp, og]: the long side stays the packed A's rows
                        gemm(f32, false, kg, og, sp, cols, g * kg * sp, sp, 1, gc, g * og * sp, 1, sp, tmp, g * kg * og, og);
                    }
                    for (int g = 0; g < s.groups; g++) {
                        for (int i = 0; i < og; i++) {
                            int d = ch * wn + (g * og + i) * kg, t = g * kg * og + i;
                            if (f32) {
                                float[] a = (float[]) pw, tt = (float[]) tmp;
                                for (int k = 0; k < kg; k++) a[d + k] = tt[t + k * og];
                            } else {
                                double[] a = (double[]) pw, tt = (double[]) tmp;
                                for (int k = 0; k < kg; k++) a[d + k] = tt[t + k * og];
                            }
                        }
                    }
                    }
                }
                if (pb != null) {
                    for (int o = 0; o < s.o; o++) {
                        double sum = 0;
                        if (f32) {
                            float[] a = (float[]) gc;
                            for (int j = o * sp, e = j + sp; j < e; j++) sum += a[j];
                        } else {
                            double[] a = (double[]) gc;
                            for (int j = o * sp, e = j + sp; j < e; j++) sum += a[j];
                        }
                        pb[ch * s.o + o] = sum;
                    }
                }
                if (dx != null) {
                    Object dcols = f32 ? scratchF(3, (rows + VectorConvF32Rows.PAD) * sp) : scratchD(3, rows * sp);
                    for (int g = 0; g < s.groups; g++) {
                        // dcols_g [kg, sp] = w_g^T [kg, og] @ gc_g [og, sp], in group order as in the forward
                        int done = packedT == null ? 0 : sp / VectorConvF32Rows.NR * VectorConvF32Rows.NR;
                        if (done > 0) VectorConvF32.smallA(kg, done, og, packedT[g], (float[]) gc, g * og * sp, sp, (float[]) dcols, g * kg * sp, sp);
                        if (done < sp) {
                            gemm(f32, false, kg, sp - done, og, w, wOff + g * og * kg, 1, kg, gc, g * og * sp + done, sp, 1, dcols, g * kg * sp + done, sp);
                        }
                    }
                    for (int n = n0; n < n1; n++) {
                        int dxn = n * s.c * s.h * s.w, co = (n - n0) * p;
                        if (f32) col2im((float[]) dcols, co, sp, (float[]) dx, dxn, s);
                        else col2im((double[]) dcols, co, sp, (double[]) dx, dxn, s);
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

    /**
     * What im2col and col2im do with one kernel tap (channel, kernel row, kernel column): its row of columns
     * starts at {@code o} (oh x ow entries), and output position (y, x) reads image element
     * {@code img + y*rowStep + x*colStep} for y in [y0, y1) and x in [x0, x1); elsewhere it reads padding.
     */
    private interface Tap {
        void run(int o, int img, int y0, int y1, int x0, int x1);
    }

    /** The taps of one sample in column-row order: the window geometry shared by im2col and col2im. */
    private static void eachTap(Shape s, int imgOff, int colsOff, int ld, Tap tap) {
        int oh = s.oh, ow = s.ow, h = s.h, w = s.w, r = 0;
        for (int c = 0; c < s.c; c++) {
            int plane = imgOff + c * h * w;
            for (int ki = 0; ki < s.kh; ki++) {
                for (int kj = 0; kj < s.kw; kj++, r++) {
                    int offH = ki * s.dh - s.ph, offW = kj * s.dw - s.pw;
                    int x0 = Math.max(0, ceilDiv(-offW, s.sw)), x1 = Math.max(x0, Math.min(ow, ceilDiv(w - offW, s.sw)));
                    int y0 = Math.max(0, ceilDiv(-offH, s.sh)), y1 = Math.max(y0, Math.min(oh, ceilDiv(h - offH, s.sh)));
                    tap.run(colsOff + r * ld, plane + offH * w + offW, y0, y1, x0, x1);
                }
            }
        }
    }

    /**
     * One sample [c, h, w] at {@code xOff} -> columns [c*kh*kw, oh*ow] at {@code colsOff} with row stride {@code ld},
     * zeros where a window reads padding.
     */
    static void im2col(float[] x, int xOff, float[] cols, int colsOff, int ld, Shape s) {
        int oh = s.oh, ow = s.ow, rowStep = s.sh * s.w, colStep = s.sw;
        eachTap(s, xOff, colsOff, ld, (o, img, y0, y1, x0, x1) -> {
            if (y0 > 0 || y1 < oh || x0 > 0 || x1 < ow) Arrays.fill(cols, o, o + oh * ow, 0f);
            if (y1 == y0 || x1 == x0) return;
            if (colStep == 1 && Simd.useVector) {
                VectorConvF32.copyRows(x, img + y0 * rowStep + x0, rowStep, cols, o + y0 * ow + x0, ow, y1 - y0, x1 - x0);
                return;
            }
            for (int y = y0; y < y1; y++) {
                int src = img + y * rowStep, dst = o + y * ow;
                if (colStep == 1) {
                    System.arraycopy(x, src + x0, cols, dst + x0, x1 - x0);
                } else {
                    for (int xx = x0; xx < x1; xx++) cols[dst + xx] = x[src + xx * colStep];
                }
            }
        });
    }

    static void im2col(double[] x, int xOff, double[] cols, int colsOff, int ld, Shape s) {
        int oh = s.oh, ow = s.ow, rowStep = s.sh * s.w, colStep = s.sw;
        eachTap(s, xOff, colsOff, ld, (o, img, y0, y1, x0, x1) -> {
            if (y0 > 0 || y1 < oh || x0 > 0 || x1 < ow) Arrays.fill(cols, o, o + oh * ow, 0.0);
            for (int y = y0; y < y1; y++) {
                int src = img + y * rowStep, dst = o + y * ow;
                if (colStep == 1) {
                    System.arraycopy(x, src + x0, cols, dst + x0, x1 - x0);
                } else {
                    for (int xx = x0; xx < x1; xx++) cols[dst + xx] = x[src + xx * colStep];
                }
            }
        });
    }

    /** The adjoint of {@link #im2col}: columns added into one sample's (zero-filled) gradient at {@code dxOff}. */
    static void col2im(float[] cols, int colsOff, int ld, float[] dx, int dxOff, Shape s) {
        int ow = s.ow, rowStep = s.sh * s.w, colStep = s.sw;
        eachTap(s, dxOff, colsOff, ld, (o, img, y0, y1, x0, x1) -> {
            if (y1 == y0 || x1 == x0) return;
            if (colStep == 1 && Simd.useVector) {
                VectorConvF32.addRows(cols, o + y0 * ow + x0, ow, dx, img + y0 * rowStep + x0, rowStep, y1 - y0, x1 - x0);
                return;
            }
            for (int y = y0; y < y1; y++) {
                int src = o + y * ow, dst = img + y * rowStep;
                for (int xx = x0; xx < x1; xx++) dx[dst + xx * colStep] += cols[src + xx];
            }
        });
    }

    static void col2im(double[] cols, int colsOff, int ld, double[] dx, int dxOff, Shape s) {
        int ow = s.ow, rowStep = s.sh * s.w, colStep = s.sw;
        eachTap(s, dxOff, colsOff, ld, (o, img, y0, y1, x0, x1) -> {
            for (int y = y0; y < y1; y++) {
                int src = o + y * ow, dst = img + y * rowStep;
                for (int xx = x0; xx < x1; xx++) dx[dst + xx * colStep] += cols[src + xx];
            }
        });
    }

    private static int ceilDiv(int a, int b) {
        if (b == 1) return a;
        return a >= 0 ? (a + b - 1) / b : -(-a / b);
    }

    /** d[i] = y[yo + i] > 0 ? g[go + i] : 0 for i < n: ReLU's gradient from its output (float32). */
    public static void reluBackward(float[] g, int go, float[] y, int yo, float[] d, int n) {
        if (Simd.useVector) {
            VectorConvF32.reluBackward(g, go, y, yo, d, n);
        } else {
            for (int i = 0; i < n; i++) d[i] = y[yo + i] > 0 ? g[go + i] : 0f;
        }
    }
}
