package dev.jtorch.backend.cpu;

/**
 * In-place updates over float32 heap arrays that autograd and the optimizers run on every parameter each step
 * (gradient accumulation, SGD's {@code p += -lr * g}). C2 leaves these loops scalar (the two arrays might be
 * one), so they go to the Vector API when it is present; lane by lane the result is the same bits as the
 * scalar loop.
 */
public final class HeapArrays {
    private HeapArrays() {}

    /** x[xo + i] += y[yo + i] for i < n. */
    public static void add(float[] x, int xo, float[] y, int yo, int n) {
        int i = Simd.useVector ? VectorHeapArrays.add(x, xo, y, yo, n) : 0;
        for (; i < n; i++) x[xo + i] += y[yo + i];
    }

    /** x[xo + i] = fma(y[yo + i], s, x[xo + i]) for i < n. */
    public static void fma(float[] x, int xo, float[] y, int yo, float s, int n) {
        int i = Simd.useVector ? VectorHeapArrays.fma(x, xo, y, yo, s, n) : 0;
        for (; i < n; i++) x[xo + i] = Math.fma(y[yo + i], s, x[xo + i]);
    }
}
