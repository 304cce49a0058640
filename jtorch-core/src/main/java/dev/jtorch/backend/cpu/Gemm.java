package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;

import java.lang.foreign.MemorySegment;

/**
 * Batched float32/float64 matrix products on the packed GEMM ({@link GemmF32}, {@link GemmF64}), split over
 * the shared pool by batch, rows or columns once a product is big enough to pay for the hand-off.
 */
final class Gemm {
    private Gemm() {}

    /** Below this many flops a chunk does not leave the calling thread (about 10-20 us of work). */
    static final long GRAIN_FLOPS = 2_000_000;

    /** out[b] = a[b] @ bm[b] for float32/float64 operands of any strides; false for other dtypes. */
    static boolean matmul(Tensor a, Tensor bm, Tensor out) {
        DType t = out.dtype();
        if ((t != DType.FLOAT32 && t != DType.FLOAT64) || a.dtype() != t || bm.dtype() != t) return false;
        long[] as = a.shapeRef(), bs = bm.shapeRef(), sa = a.stridesRef(), sb = bm.stridesRef(), so = out.stridesRef();
        int batch = Math.toIntExact(as[0]), m = Math.toIntExact(as[1]), k = Math.toIntExact(as[2]);
        int n = Math.toIntExact(bs[2]);
        if ((long) batch * m * n == 0) return true;
        if ((long) m * n > Integer.MAX_VALUE - 16) return false;
        Object oarr = out.storage().array();
        boolean direct = oarr != null && so[2] == 1 && so[1] == n && (batch == 1 || so[0] == (long) m * n);
        Object aarr = a.storage().array(), barr = bm.storage().array();
        MemorySegment aseg = aarr == null ? a.segment() : null, bseg = barr == null ? bm.segment() : null;
        boolean vector = Simd.useVector;
        long perBatch = 2L * m * n * k;
        Parallel.Range body;
        // whole matrices per thread when there are enough of them; otherwise split each product
        if (batch >= 2 * Parallel.getNumThreads() && direct) {
            body = (s, e) -> {
                for (int bt = (int) s; bt < e; bt++) {
                    run(vector, false, t, m, n, k, aarr, aseg, a.storageOffset() + bt * sa[0], sa[1], sa[2],
                            barr, bseg, bm.storageOffset() + bt * sb[0], sb[1], sb[2],
                            oarr, (int) (out.storageOffset() + (long) bt * m * n), n);
                }
            };
            Parallel.forRange(batch, Math.max(1, GRAIN_FLOPS / Math.max(1, perBatch)), 1, body);
            return true;
        }
        boolean split = perBatch >= 2 * GRAIN_FLOPS && Parallel.getNumThreads() > 1;
        for (int bt = 0; bt < batch; bt++) {
            Object c = direct ? oarr : (t == DType.FLOAT32 ? new float[m * n] : new double[m * n]);
            int cOff = direct ? (int) (out.storageOffset() + (long) bt * m * n) : 0;
            long aOff = a.storageOffset() + bt * sa[0], bOff = bm.storageOffset() + bt * sb[0];
            if (vector && t == DType.FLOAT32 && sb[1] == 1 && m <= SmallGemmF32.MAX_M && aarr != null && barr != null) {
                // x @ W^T with few rows: W is read in place, not repacked
                SmallGemmF32.gemm(split, m, n, k, (float[]) aarr, aOff, sa[1], sa[2], (float[]) barr, bOff, sb[2], (float[]) c, cOff, n);
            } else if (!split || m >= 256) {
                // rows: the GEMM shares each packed B panel and deals out blocks of rows
                run(vector, split, t, m, n, k, aarr, aseg, aOff, sa[1], sa[2], barr, bseg, bOff, sb[1], sb[2], c, cOff, n);
            } else {
                // few rows: split the columns, each chunk packing its own part of B
                Parallel.forRange(n, Math.max(64, GRAIN_FLOPS / Math.max(1, 2L * m * k)), 64, (s, e) ->
                        run(vector, false, t, m, (int) (e - s), k, aarr, aseg, aOff, sa[1], sa[2],
                                barr, bseg, bOff + s * sb[2], sb[1], sb[2], c, cOff + (int) s, n));
            }
            if (!direct) {
                Tensor src = new Tensor(Storage.ofArray(c), new long[] {m, n}, new long[] {n, 1}, 0, t);
                Tensor dst = new Tensor(out.storage(), new long[] {m, n}, new long[] {so[1], so[2]},
                        out.storageOffset() + bt * so[0], t);
                CpuBackend.INSTANCE.copy(src, dst);
            }
        }
        return true;
    }

    private static void run(boolean vector, boolean parallel, DType t, int m, int n, int k,
                            Object a, MemorySegment as, long aOff, long aRs, long aCs,
                            Object b, MemorySegment bs, long bOff, long bRs, long bCs,
                            Object c, int cOff, int ldc) {
        if (t == DType.FLOAT32) {
            GemmF32.gemm(vector, parallel, m, n, k, (float[]) a, as, aOff, aRs, aCs, (float[]) b, bs, bOff, bRs, bCs, (float[]) c, cOff, ldc);
        } else {
            GemmF64.gemm(vector, parallel, m, n, k, (double[]) a, as, aOff, aRs, aCs, (double[]) b, bs, bOff, bRs, bCs, (double[]) c, cOff, ldc);
        }
    }
}
