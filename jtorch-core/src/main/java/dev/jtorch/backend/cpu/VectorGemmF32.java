package dev.jtorch.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 GEMM micro-kernel on the Vector API: an MR x NR tile (8 rows x two vectors) whose 16
 * accumulators stay in registers over the whole KC loop. It is one self-contained method: passing vectors
 * to a helper that the JIT does not inline boxes them (a gigabyte of garbage per GEMM and a tenth of the
 * speed). Only {@link GemmF32} calls it, and only when the incubator module is present.
 */
final class VectorGemmF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    static final int MR = 8, NR = 2 * VL;

    private VectorGemmF32() {}

    /**
     * An 8 x NR tile of C from packed A slivers ([k][8] from {@code ai}) and B rows of NR values {@code ldb} apart
     * from {@code bi} (NR for a packed B panel; the convolution passes its columns' row stride and reads them in
     * place); {@code acc} adds the tile to C instead of storing it.
     */
    static void kernel(int kc, float[] ap, int ai, float[] bp, int bi, int ldb, float[] c, int ci, int ldc, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ai += MR, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + VL);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ai]);     c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]); c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]); c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]); c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]); c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]); c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, ap[ai + 6]); c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, ap[ai + 7]); c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
        }
        if (acc) {
            c00 = c00.add(FloatVector.fromArray(S, c, ci)); c01 = c01.add(FloatVector.fromArray(S, c, ci + VL)); ci += ldc;
            c10 = c10.add(FloatVector.fromArray(S, c, ci)); c11 = c11.add(FloatVector.fromArray(S, c, ci + VL)); ci += ldc;
            c20 = c20.add(FloatVector.fromArray(S, c, ci)); c21 = c21.add(FloatVector.fromArray(S, c, ci + VL)); ci += ldc;
            c30 = c30.add(FloatVector.fromArray(S, c, ci)); c31 = c31.add(FloatVector.fromArray(S, c, ci + VL)); ci += ldc;
            c40 = c40.add(FloatVector.fromArray(S, c, ci)); c41 = c41.add(FloatVector.fromArray(S, c, ci + VL)); ci += ldc;
            c50 = c50.add(FloatVector.fromArray(S, c, ci)); c51 = c51.add(FloatVector.fromArray(S, c, ci + VL)); ci += ldc;
            c60 = c60.add(FloatVector.fromArray(S, c, ci)); c61 = c61.add(FloatVector.fromArray(S, c, ci + VL)); ci += ldc;
            c70 = c70.add(FloatVector.fromArray(S, c, ci)); c71 = c71.add(FloatVector.fromArray(S, c, ci + VL));
            ci -= 7 * ldc;
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + VL); ci += ldc;
        c10.intoArray(c, ci); c11.intoArray(c, ci + VL); ci += ldc;
        c20.intoArray(c, ci); c21.intoArray(c, ci + VL); ci += ldc;
        c30.intoArray(c, ci); c31.intoArray(c, ci + VL); ci += ldc;
        c40.intoArray(c, ci); c41.intoArray(c, ci + VL); ci += ldc;
        c50.intoArray(c, ci); c51.intoArray(c, ci + VL); ci += ldc;
        c60.intoArray(c, ci); c61.intoArray(c, ci + VL); ci += ldc;
        c70.intoArray(c, ci); c71.intoArray(c, ci + VL);
    }

    /**
     * The same 8 x NR tile with A read in place instead of packed: row r of A starts at {@code ai + r*lda} of
     * {@code a}, one broadcast per row and k, so a row-major operand that is streamed once per product (a
     * layer's weight at batch 64) costs no packing pass. Self-contained for the same reason as {@link #kernel}.
     */
    static void kernelRows(int kc, float[] a, int ai, int lda, float[] bp, int bi, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int a0 = ai, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + VL);
            FloatVector x;
            x = FloatVector.broadcast(S, a[a0 + p]); c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[a1 + p]); c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[a2 + p]); c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[a3 + p]); c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[a4 + p]); c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[a5 + p]); c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, a[a6 + p]); c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, a[a7 + p]); c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + VL); ci += ldc;
        c10.intoArray(c, ci); c11.intoArray(c, ci + VL); ci += ldc;
        c20.intoArray(c, ci); c21.intoArray(c, ci + VL); ci += ldc;
        c30.intoArray(c, ci); c31.intoArray(c, ci + VL); ci += ldc;
        c40.intoArray(c, ci); c41.intoArray(c, ci + VL); ci += ldc;
        c50.intoArray(c, ci); c51.intoArray(c, ci + VL); ci += ldc;
        c60.intoArray(c, ci); c61.intoArray(c, ci + VL); ci += ldc;
        c70.intoArray(c, ci); c71.intoArray(c, ci + VL);
    }
}
