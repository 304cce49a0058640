package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The contiguous sum: the same bits for any thread count and whether or not C2 compiled the kernel, and an
 * error within float32 rounding of the exact sum, on both the vector and the scalar path. Lengths cover a
 * partial vector, partial 2048-element blocks, one split block, a run split over threads and a run long
 * enough for the streaming float32 kernel.
 */
class SumKernelTest {
    private static final int[] SIZES = {1, 5, 16, 127, 128, 129, 2047, 2048, 2048 + 129, 65_536, 65_537,
            524_288 + 17, 1_000_003, ArrayKernels.STREAM_ELEMENTS + 17};

    @AfterEach
    void restore() {
        Simd.useVector = Simd.VECTOR;
        Parallel.setNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    private static Tensor data(DType t, int n, long seed) {
        // a nonzero mean, so the lane sums grow and their rounding shows
        return Torch.randn(new long[] {n}, DType.FLOAT64, new Generator().manualSeed(seed)).mul(3.0).add(1.0).to(t);
    }

    private static long bits(Tensor sum) {
        return sum.dtype() == DType.FLOAT32 ? Float.floatToRawIntBits((float) sum.itemDouble())
                : Double.doubleToRawLongBits(sum.itemDouble());
    }

    @Test
    void sameBitsForAnyThreadCount() {
        for (boolean vector : new boolean[] {false, true}) {
            if (vector && !Simd.VECTOR) continue;
            Simd.useVector = vector;
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (int n : SIZES) {
                    Tensor a = data(t, n, n);
                    Parallel.setNumThreads(1);
                    long expect = bits(a.sum());
                    for (int threads : new int[] {2, 3, 5}) {
                        Parallel.setNumThreads(threads);
                        for (int rep = 0; rep < 3; rep++) {
                            assertEquals(expect, bits(a.sum()), t + " n=" + n + " threads=" + threads + " vector=" + vector);
                        }
                    }
                    // a row that starts mid-array takes the same path from another offset
                    Tensor tail = data(t, n + 3, n).narrow(0, 3, n);
                    Parallel.setNumThreads(1);
                    long tailExpect = bits(tail.sum());
                    Parallel.setNumThreads(3);
                    assertEquals(tailExpect, bits(tail.sum()), t + " offset row n=" + n);
                }
            }
        }
    }

    @Test
    void float32SumIsWithinRoundingOfTheExactSum() {
        for (boolean vector : new boolean[] {false, true}) {
            if (vector && !Simd.VECTOR) continue;
            Simd.useVector = vector;
            for (int n : SIZES) {
                Tensor a = data(DType.FLOAT32, n, 100 + n);
                float[] x = (float[]) a.storage().array();
                BigDecimal exact = BigDecimal.ZERO;
                double sumAbs = 0;
                for (float v : x) {
                    exact = exact.add(new BigDecimal(v));
                    sumAbs += Math.abs(v);
                }
                double got = a.sum().itemDouble();
                // the result is a float32: its own rounding, plus the error of lane sums of at most ~32 values
                double bound = Math.ulp((float) exact.doubleValue()) + 4e-7 * sumAbs;
                assertEquals(exact.doubleValue(), got, bound, "n=" + n + " vector=" + vector);
            }
        }
    }

    @Test
    void everyStartWithinALineSumsWithinRoundingForAnyThreadCount() {
        // the kernels first add the values before the next cache line, so each start offset splits the run
        // differently; every split must keep the error bound and the thread-count independence
        for (int i = 0; i < 16; i++) assertEquals(0, Math.floorMod(HeapLayout.FLOAT_BASE + 4 * (i + HeapLayout.floatsToLine(i)), 64));
        for (int n : new int[] {1500, 1_000_003, ArrayKernels.STREAM_ELEMENTS + 17}) {
            Tensor whole = data(DType.FLOAT32, n + 16, 300 + n);
            float[] x = (float[]) whole.storage().array();
            for (int start = 0; start < 16; start += n > 2_000_000 ? 5 : 1) {
                BigDecimal exact = BigDecimal.ZERO;
                double sumAbs = 0;
                for (int i = start; i < start + n; i++) {
                    exact = exact.add(new BigDecimal(x[i]));
                    sumAbs += Math.abs(x[i]);
                }
                Tensor row = whole.narrow(0, start, n);
                Parallel.setNumThreads(1);
                long one = bits(row.sum());
                Parallel.setNumThreads(2);
                assertEquals(one, bits(row.sum()), "n=" + n + " start=" + start);
                double bound = Math.ulp((float) exact.doubleValue()) + 4e-7 * sumAbs;
                assertEquals(exact.doubleValue(), row.sum().itemDouble(), bound, "n=" + n + " start=" + start);
            }
        }
    }

    @Test
    void vectorAndScalarPathsAgreeWithinRounding() {
        if (!Simd.VECTOR) return;
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : SIZES) {
                Tensor a = data(t, n, 200 + n);
                Simd.useVector = false;
                double scalar = a.sum().itemDouble();
                Simd.useVector = true;
                double vector = a.sum().itemDouble();
                double sumAbs = a.abs().to(DType.FLOAT64).sum().itemDouble();
                assertEquals(scalar, vector, (t == DType.FLOAT32 ? 1e-6 : 1e-14) * sumAbs, t + " n=" + n);
            }
        }
    }

    @Test
    void c1AndC2GiveTheSameBits() throws Exception {
        if (!Simd.VECTOR) return;
        // C1 does not intrinsify the Vector API: every lane operation runs its Java fallback
        List<String> fallback = child("-XX:TieredStopAtLevel=1");
        // compiled in the foreground after the warm-up, so the measured calls run C2's code
        List<String> c2 = child("-Xbatch");
        assertEquals("vector=true", fallback.get(0));
        assertEquals(fallback, c2);
    }

    /** Child JVM: the bits of float32 and float64 sums over fixed values, after {@code args[0]} warm-up calls. */
    public static void main(String[] args) {
        int warm = Integer.parseInt(args[0]);
        System.out.println("vector=" + Simd.VECTOR);
        int n = 200_003;
        float[] x = new float[n];
        double[] xd = new double[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 6 - 2);
            xd[i] = r.nextDouble() * 6 - 2;
        }
        double sink = 0;
        for (int i = 0; i < warm; i++) {
            sink += VectorKernels.sumF32(x, i % 7, 4096 + i % 131);
            sink += VectorKernels.sumF32Stream(x, i % 7, 4096 + i % 131);
            sink += VectorKernels.sumF64(xd, i % 7, 4096 + i % 131);
        }
        StringBuilder f = new StringBuilder("f32"), d = new StringBuilder("f64");
        for (int len : new int[] {1, 100, 2048 + 129, 65_536, n - 3}) {
            f.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(VectorKernels.sumF32(x, 3, len))));
            f.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(VectorKernels.sumF32Stream(x, 3, len))));
            d.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(VectorKernels.sumF64(xd, 3, len))));
        }
        System.out.println(f);
        System.out.println(d);
        if (sink == 0.123) System.out.println();
    }

    private static List<String> child(String... jvmFlags) throws Exception {
        String warm = jvmFlags[jvmFlags.length - 1].equals("-Xbatch") ? "20000" : "0";
        return ChildJvm.lines(SumKernelTest.class, List.of(jvmFlags), List.of(warm), "vector=", "f32 ", "f64 ");
    }
}
