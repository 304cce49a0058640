package dev.jtorch.backend.cuda;

import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.backend.Backend;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.ReduceOp;
import dev.jtorch.backend.UnaryOp;
import dev.jtorch.backend.cpu.CpuBackend;
import dev.jtorch.ops.Elementwise;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Device parity: every kernel of the backend interface runs on the CPU and on the GPU over the same inputs
 * (contiguous, transposed and broadcast views) and the results must agree within the dtype's tolerance.
 * Skipped, with the reason, where no GPU is present.
 */
@Tag("cuda")
class CudaParityTest {
    static final Device CUDA = Device.of("cuda:0");

    @BeforeEach void needsGpu() {
        assumeTrue(Torch.cuda.isAvailable(), "no CUDA device: " + Torch.cuda.unavailableReason());
    }

    static Backend gpu() { return Backend.of(CUDA); }

    static final DType[] TYPES = {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16, DType.INT64, DType.INT32,
            DType.INT16, DType.INT8, DType.UINT8, DType.BOOL};

    /** Deterministic CPU values of {@code t}: normal floats, small integers, both booleans. */
    static Tensor sample(DType t, long seed, long... shape) {
        dev.jtorch.Generator g = new dev.jtorch.Generator(seed);
        if (t.isFloatingPoint()) return Torch.randn(shape, DType.FLOAT64, g).mul(2.0).to(t);
        if (t == DType.BOOL) return Torch.randint(0, 2, shape, DType.INT64, g).to(t);
        if (t == DType.UINT8) return Torch.randint(0, 11, shape, DType.INT64, g).to(t);
        return Torch.randint(-5, 6, shape, DType.INT64, g).to(t);
    }

    static double tolerance(DType t) {
        return switch (t) {
            case FLOAT64 -> 1e-12;
            case FLOAT32 -> 2e-5;
            case FLOAT16 -> 2e-3;
            case BFLOAT16 -> 1.6e-2;
            default -> 0;
        };
    }

    static void assertClose(Tensor expected, Tensor actualOnGpu, String what) {
        assertTrue(actualOnGpu.isCuda(), what + ": result not on the GPU");
        assertArrayEquals(expected.shape(), actualOnGpu.shape(), what);
        assertEquals(expected.dtype(), actualOnGpu.dtype(), what);
        double[] e = expected.toDoubleArray(), a = actualOnGpu.cpu().toDoubleArray();
        double tol = tolerance(expected.dtype());
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) && Double.isNaN(a[i])) continue;
            if (e[i] == a[i]) continue;
            if (Math.abs(e[i] - a[i]) > tol * (1 + Math.abs(e[i]))) {
                fail(what + ": element " + i + " expected " + e[i] + " but the GPU gave " + a[i]);
            }
        }
    }

    /** The same view of a CPU base and of its GPU copy. */
    record Case(String name, Tensor cpu, Tensor gpu) {}

    static List<Case> views(DType t, long seed) {
        List<Case> cs = new ArrayList<>();
        Tensor base = sample(t, seed, 5, 6);
        Tensor baseGpu = base.to(CUDA);
        cs.add(new Case("contiguous", base, baseGpu));
        UnaryOperator<Tensor> tr = x -> x.t();
        cs.add(new Case("transposed", tr.apply(base), tr.apply(baseGpu)));
        UnaryOperator<Tensor> sl = x -> x.slice(1, 1, 6, 2);
        cs.add(new Case("sliced", sl.apply(base), sl.apply(baseGpu)));
        return cs;
    }

    // ------------------------------------------------------------------ elementwise

    @Test void unaryKernelsMatchCpu() {
        int compared = 0;
        for (DType t : TYPES) {
            for (UnaryOp op : UnaryOp.values()) {
                double p0 = op == UnaryOp.CLAMP ? -1 : 2.0, p1 = op == UnaryOp.CLAMP ? 1.5 : 0;
                for (Case c : views(t, 11)) {
                    DType outType = op == UnaryOp.LOGICAL_NOT ? DType.BOOL : t;
                    Tensor expected = Tensor.allocate(c.cpu().shapeRef(), outType, Device.CPU);
                    try {
                        CpuBackend.INSTANCE.unary(op, c.cpu(), expected, p0, p1);
                    } catch (UnsupportedOperationException e) {
                        Tensor out = Tensor.allocate(c.gpu().shapeRef(), outType, CUDA);
                        assertThrows(UnsupportedOperationException.class, () -> gpu().unary(op, c.gpu(), out, p0, p1), op + " " + t);
                        continue;
                    }
                    Tensor out = Tensor.allocate(c.gpu().shapeRef(), outType, CUDA);
                    gpu().unary(op, c.gpu(), out, p0, p1);
                    assertClose(expected, out, op + " " + t + " " + c.name());
                    compared++;
                }
            }
        }
        assertTrue(compared > 300, "compared " + compared);
    }

    @Test void binaryKernelsMatchCpuWithBroadcasting() {
        int compared = 0;
        for (DType t : TYPES) {
            for (BinaryOp op : BinaryOp.values()) {
                Tensor a = sample(t, 1, 4, 1, 5);
                Tensor b = op == BinaryOp.POW && !t.isFloatingPoint() ? Torch.randint(0, 4, new long[] {3, 1}, DType.INT64, new dev.jtorch.Generator(2)).to(t)
                        : sample(t, 2, 3, 1);
                long[] shape = {4, 3, 5};
                DType outType = op.isComparison() ? DType.BOOL : t;
                Tensor ea = Elementwise.expandRaw(a, shape), eb = Elementwise.expandRaw(b, shape);
                Tensor expected = Tensor.allocate(shape, outType, Device.CPU);
                Tensor ga = Elementwise.expandRaw(a.to(CUDA), shape), gb = Elementwise.expandRaw(b.to(CUDA), shape);
                Tensor out = Tensor.allocate(shape, outType, CUDA);
                try {
                    CpuBackend.INSTANCE.binary(op, ea, eb, expected);
                } catch (UnsupportedOperationException | ArithmeticException e) {
                    assertThrows(e.getClass(), () -> gpu().binary(op, ga, gb, out), op + " " + t);
                    continue;
                }
                gpu().binary(op, ga, gb, out);
                assertClose(expected, out, op + " " + t);
                // the transposed operand path as well
                Tensor x = sample(t, 3, 5, 6), y = sample(t, 4, 6, 5);
                if (op == BinaryOp.POW && !t.isFloatingPoint()) y = Torch.randint(0, 4, new long[] {6, 5}, DType.INT64, new dev.jtorch.Generator(5)).to(t);
                Tensor e2 = Tensor.allocate(new long[] {6, 5}, outType, Device.CPU);
                CpuBackend.INSTANCE.binary(op, x.t(), y, e2);
                Tensor o2 = Tensor.allocate(new long[] {6, 5}, outType, CUDA);
                gpu().binary(op, x.to(CUDA).t(), y.to(CUDA), o2);
                assertClose(e2, o2, op + " " + t + " transposed");
                compared++;
            }
        }
        assertTrue(compared > 60, "compared " + compared);
    }

    @Test void castsMatchCpu() {
        for (DType from : TYPES) {
            Tensor x = sample(from, 7, 3, 4);
            for (DType to : TYPES) {
                assertClose(x.to(to), x.to(CUDA).to(to), "cast " + from + " -> " + to);
                assertClose(x.t().to(to), x.to(CUDA).t().to(to), "strided cast " + from + " -> " + to);
            }
        }
    }

    @Test void copiesAcrossDevicesKeepValuesAndViews() {
        Tensor x = sample(DType.FLOAT32, 3, 4, 5);
        Tensor g = x.cuda();
        assertEquals(CUDA, g.device());
        assertArrayEquals(x.toFloatArray(), g.toFloatArray());
        // copy_ from the host into a strided GPU view, with broadcasting and a cast
        Tensor target = Torch.zeros(new long[] {5, 4}, DType.FLOAT64, CUDA);
        target.t().copy_(Torch.tensor(new double[] {1, 2, 3, 4, 5}));
        Tensor expected = Torch.zeros(new long[] {5, 4}, DType.FLOAT64);
        expected.t().copy_(Torch.tensor(new double[] {1, 2, 3, 4, 5}));
        assertClose(expected, target, "copy_ into a transposed GPU view");
        // and back into a strided host view
        Tensor host = Torch.zeros(new long[] {5, 4});
        host.t().copy_(g);
        assertArrayEquals(x.t().contiguous().toFloatArray(), host.t().contiguous().toFloatArray());
    }

    @Test void fillWhereAndCreation() {
        for (DType t : TYPES) {
            Tensor f = Torch.full(new long[] {3, 2}, t == DType.BOOL ? 1 : 3, t, CUDA);
            assertClose(Torch.full(new long[] {3, 2}, t == DType.BOOL ? 1 : 3, t), f, "full " + t);
            Tensor cond = sample(DType.BOOL, 9, 5, 6);
            Tensor a = sample(t, 10, 5, 6), b = sample(t, 11, 6, 5).t();
            Tensor expected = Tensor.allocate(new long[] {5, 6}, t, Device.CPU);
            CpuBackend.INSTANCE.where(cond, a, b, expected);
            Tensor out = Tensor.allocate(new long[] {5, 6}, t, CUDA);
            gpu().where(cond.to(CUDA), a.to(CUDA), b.to(CUDA).t().contiguous().t(), out);
            assertClose(expected, out, "where " + t);
        }
        assertClose(Torch.zeros(new long[] {2, 3}), Torch.zeros(new long[] {2, 3}, CUDA), "zeros");
        assertClose(Torch.ones(new long[] {2, 3}), Torch.ones(new long[] {2, 3}, CUDA), "ones");
        Torch.cuda.manualSeed(3);
        float[] r1 = Torch.rand(new long[] {100}, CUDA).toFloatArray();
        Torch.cuda.manualSeed(3);
        float[] r2 = Torch.rand(new long[] {100}, CUDA).toFloatArray();
        assertArrayEquals(r1, r2);
        for (float v : r1) assertTrue(v >= 0 && v < 1);
        Tensor n = Torch.zeros(new long[] {1000}, CUDA).normal_(0, 1);
        assertTrue(Math.abs(n.mean().itemDouble()) < 0.2);
    }

    // ------------------------------------------------------------------ reductions

    @Test void reductionsMatchCpu() {
        int compared = 0;
        for (DType t : TYPES) {
            Tensor base = sample(t, 21, 6, 7, 9);
            Tensor baseGpu = base.to(CUDA);
            for (ReduceOp op : ReduceOp.values()) {
                for (int reduced = 1; reduced <= 3; reduced++) {
                    for (boolean permuted : new boolean[] {false, true}) {
                        Tensor x = permuted ? base.permute(2, 0, 1) : base;
                        Tensor xg = permuted ? baseGpu.permute(2, 0, 1) : baseGpu;
                        long[] outShape = java.util.Arrays.copyOf(x.shapeRef(), 3 - reduced);
                        DType outType = switch (op) {
                            case ARGMAX, ARGMIN -> DType.INT64;
                            case ALL, ANY -> DType.BOOL;
                            case SUM, PROD -> t.isFloatingPoint() ? t : DType.INT64;
                            default -> t;
                        };
                        boolean indexed = op == ReduceOp.MAX || op == ReduceOp.MIN;
                        Tensor expected = Tensor.allocate(outShape, outType, Device.CPU);
                        Tensor idx = indexed ? Tensor.allocate(outShape, DType.INT64, Device.CPU) : null;
                        try {
                            CpuBackend.INSTANCE.reduce(op, x, reduced, expected, idx);
                        } catch (UnsupportedOperationException e) {
                            continue;
                        }
                        Tensor out = Tensor.allocate(outShape, outType, CUDA);
                        Tensor idxGpu = indexed ? Tensor.allocate(outShape, DType.INT64, CUDA) : null;
                        gpu().reduce(op, xg, reduced, out, idxGpu);
                        String what = op + " " + t + " over " + reduced + (permuted ? " permuted" : "");
                        if (op == ReduceOp.PROD && t.isFloatingPoint()) {
                            // products of 63 normals span many magnitudes: compare relative to each value
                            assertClose(expected.abs().add(1e-30).log(), out.abs().add(1e-30).log(), what);
                        } else {
                            assertClose(expected, out, what);
                        }
                        if (indexed) assertClose(idx, idxGpu, what + " indices");
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 200, "compared " + compared);
    }

    @Test void longReductionsUseSeveralBlocksAndStayExact() {
        Tensor ones = Torch.ones(new long[] {10_000_000}, CUDA);
        assertEquals(1e7, ones.sum().itemDouble());
        Tensor x = sample(DType.FLOAT64, 5, 3_000_001);
        assertClose(x.sum(), x.to(CUDA).sum(), "float64 sum of 3M");
        Tensor expected = Tensor.allocate(new long[0], DType.INT64, Device.CPU);
        CpuBackend.INSTANCE.reduce(ReduceOp.ARGMAX, x, 1, expected, null);
        Tensor out = Tensor.allocate(new long[0], DType.INT64, CUDA);
        gpu().reduce(ReduceOp.ARGMAX, x.to(CUDA), 1, out, null);
        assertEquals(expected.itemLong(), out.itemLong());
        Tensor x3 = sample(DType.FLOAT32, 6, 3, 1000, 1000);
        assertClose(x3.sum(1), x3.cuda().sum(1), "sum over the middle dim");
        assertClose(x3.sum(new long[] {0, 2}, false), x3.cuda().sum(new long[] {0, 2}, false), "sum over the outer dims");
    }

    @Test void maxFindsTheFirstNanAndTheFirstOfTies() {
        Tensor x = Torch.tensor(new float[] {1, 5, 5, Float.NaN, 2, Float.NaN});
        for (ReduceOp op : new ReduceOp[] {ReduceOp.ARGMAX, ReduceOp.ARGMIN}) {
            Tensor e = Tensor.allocate(new long[0], DType.INT64, Device.CPU);
            CpuBackend.INSTANCE.reduce(op, x, 1, e, null);
            Tensor g = Tensor.allocate(new long[0], DType.INT64, CUDA);
            gpu().reduce(op, x.to(CUDA), 1, g, null);
            assertEquals(e.itemLong(), g.itemLong(), op.toString());
        }
        Tensor ties = Torch.tensor(new long[] {3, 7, 7, 1, 7});
        Tensor e = Tensor.allocate(new long[0], DType.INT64, Device.CPU);
        CpuBackend.INSTANCE.reduce(ReduceOp.ARGMAX, ties, 1, e, null);
        Tensor g = Tensor.allocate(new long[0], DType.INT64, CUDA);
        gpu().reduce(ReduceOp.ARGMAX, ties.to(CUDA), 1, g, null);
        assertEquals(1, g.itemLong());
        assertEquals(e.itemLong(), g.itemLong());
    }

    // ------------------------------------------------------------------ matmul

    @Test void matmulMatchesCpu() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.FLOAT16}) {
            Tensor a = sample(t, 31, 2, 17, 33), b = sample(t, 32, 2, 33, 9);
            assertClose(a.matmul(b), a.to(CUDA).matmul(b.to(CUDA)), "bmm " + t);
            Tensor m = sample(t, 33, 33, 17), n = sample(t, 34, 9, 33);
            // transposed operands reach cuBLAS as OP_T without a copy
            assertClose(m.t().matmul(n.t()), m.to(CUDA).t().matmul(n.to(CUDA).t()), "mm of transposes " + t);
            Tensor v = sample(t, 35, 33);
            assertClose(a.matmul(v), a.to(CUDA).matmul(v.to(CUDA)), "batched matrix-vector " + t);
            assertClose(v.matmul(b.select(0, 0)), v.to(CUDA).matmul(b.to(CUDA).select(0, 0)), "vector-matrix " + t);
            Tensor bb = sample(t, 36, 33, 9);
            assertClose(a.matmul(bb), a.to(CUDA).matmul(bb.to(CUDA)), "broadcast batch " + t);
        }
        Tensor big1 = sample(DType.FLOAT32, 40, 256, 512), big2 = sample(DType.FLOAT32, 41, 512, 128);
        Tensor expected = big1.matmul(big2);
        assertClose(expected, big1.cuda().matmul(big2.cuda()), "fp32 256x512x128");
        try {
            Torch.backends.cuda.matmul.allowTf32(true);
            Tensor tf32 = big1.cuda().matmul(big2.cuda()).cpu();
            double[] e = expected.toDoubleArray(), g = tf32.toDoubleArray();
            double err = 0, scale = 0;
            for (int i = 0; i < e.length; i++) {
                err = Math.max(err, Math.abs(e[i] - g[i]));
                scale = Math.max(scale, Math.abs(e[i]));
            }
            assertTrue(err / scale < 1e-2, "TF32 relative error " + err / scale);
        } finally {
            Torch.backends.cuda.matmul.allowTf32(false);
        }
    }

    // ------------------------------------------------------------------ indexing

    @Test void indexingMatchesCpu() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT16, DType.BOOL, DType.FLOAT16}) {
            Tensor x = sample(t, 51, 5, 6);
            Tensor idx = Torch.tensor(new long[] {4, 0, 1, 2, 2});
            assertClose(x.indexSelect(0, idx), x.to(CUDA).indexSelect(0, idx.to(CUDA)), "index_select dim 0 " + t);
            assertClose(x.indexSelect(1, idx), x.to(CUDA).indexSelect(1, idx.to(CUDA)), "index_select dim 1 " + t);
            assertClose(x.t().indexSelect(1, idx), x.to(CUDA).t().indexSelect(1, idx.to(CUDA)), "index_select of a transpose " + t);
            Tensor rows = Torch.tensor(new long[] {0, 4, 4}), cols = Torch.tensor(new long[] {1, 5, -2});
            assertClose(x.index(rows, cols), x.to(CUDA).index(rows.to(CUDA), cols.to(CUDA)), "x[rows, cols] " + t);
            Tensor mask = x.to(DType.FLOAT64).gt(0.5);
            assertClose(x.maskedSelect(mask), x.to(CUDA).maskedSelect(mask.to(CUDA)), "masked_select " + t);
            for (boolean acc : new boolean[] {false, true}) {
                Tensor values = sample(t, 52, 3);
                Tensor e = x.clone().indexPut_(new Tensor[] {rows, cols}, values, acc);
                Tensor g = x.to(CUDA).indexPut_(new Tensor[] {rows.to(CUDA), cols.to(CUDA)}, values.to(CUDA), acc);
                assertClose(e, g, "index_put_ accumulate=" + acc + " " + t);
                Tensor src = sample(t, 53, 5, 3);
                Tensor ia = Torch.tensor(new long[] {5, 0, 5});
                Tensor ex = x.clone();
                CpuBackend.INSTANCE.indexAdd(ex, 1, ia, src, acc);
                Tensor gx = x.to(CUDA);
                gpu().indexAdd(gx, 1, ia.to(CUDA), src.to(CUDA), acc);
                if (acc) assertClose(ex, gx, "index_add_ " + t);
            }
        }
        Tensor x = Torch.zeros(new long[] {3}, CUDA);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(0, Torch.tensor(new long[] {3}).cuda()));
        assertEquals("index 3 is out of bounds for dimension 0 with size 3", e.getMessage());
    }

    // ------------------------------------------------------------------ the op layer on the GPU

    @Test void opsAutogradAndScalarsAcrossDevices() {
        Tensor x = sample(DType.FLOAT64, 61, 3, 4).requiresGrad_();
        Tensor y = x.to("cuda");
        assertEquals("ToCopyBackward0", y.gradFn().name());
        Tensor z = y.mul(y).add(2.0).exp().div(y.abs().add(1.0)).sum();
        z.backward();
        Tensor x2 = x.detach().requiresGrad_();
        x2.mul(x2).add(2.0).exp().div(x2.abs().add(1.0)).sum().backward();
        assertEquals(Device.CPU, x.grad().device());
        assertClose(x2.grad(), x.grad().cuda(), "gradient through to()");
        // a leaf on the GPU gets its gradient on the GPU
        Tensor w = sample(DType.FLOAT32, 62, 4, 2).cuda().requiresGrad_();
        Tensor in = sample(DType.FLOAT32, 63, 5, 4).cuda();
        in.matmul(w).pow(2.0).mean().backward();
        Tensor wc = w.detach().cpu().requiresGrad_();
        in.cpu().matmul(wc).pow(2.0).mean().backward();
        assertClose(wc.grad(), w.grad(), "matmul/pow/mean gradient on the GPU");
        // results read back synchronously
        Tensor s = Torch.tensor(new double[] {1.5, 2.5}).cuda();
        assertEquals(4.0, s.sum().itemDouble());
        assertEquals(java.util.List.of(1.5, 2.5), s.tolist());
        assertTrue(s.toString().contains("device='cuda:0'"), s.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.add(Torch.tensor(new double[] {1, 2})));
        assertEquals("Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!", e.getMessage());
        assertClose(Torch.tensor(new double[] {3.5, 4.5}), s.add(Torch.tensor(2.0)), "0-d CPU tensors mix with GPU tensors");
        IllegalStateException hostRead = assertThrows(IllegalStateException.class, s::segment);
        assertTrue(hostRead.getMessage().startsWith("tensor is on cuda:0; call .cpu() first"), hostRead.getMessage());
    }

    @Test void mlpTrainsOnTheGpuAsOnTheCpu() {
        Torch.manualSeed(5);
        dev.jtorch.nn.Linear cpu1 = new dev.jtorch.nn.Linear(20, 16), cpu2 = new dev.jtorch.nn.Linear(16, 3);
        dev.jtorch.nn.Linear gpu1 = new dev.jtorch.nn.Linear(20, 16), gpu2 = new dev.jtorch.nn.Linear(16, 3);
        gpu1.loadStateDict(cpu1.stateDict());
        gpu2.loadStateDict(cpu2.stateDict());
        gpu1.to("cuda");
        gpu2.cuda();
        assertTrue(gpu1.parameters().get(0).isCuda());
        var optCpu = new dev.jtorch.optim.SGD(java.util.List.of(cpu1.parameters().get(0), cpu1.parameters().get(1),
                cpu2.parameters().get(0), cpu2.parameters().get(1)), 0.1, 0.9);
        var optGpu = new dev.jtorch.optim.SGD(java.util.List.of(gpu1.parameters().get(0), gpu1.parameters().get(1),
                gpu2.parameters().get(0), gpu2.parameters().get(1)), 0.1, 0.9);
        Tensor x = sample(DType.FLOAT32, 81, 32, 20), y = sample(DType.FLOAT32, 82, 32, 3);
        Tensor xg = x.cuda(), yg = y.cuda();
        for (int step = 0; step < 20; step++) {
            optCpu.zeroGrad();
            dev.jtorch.nn.F.mseLoss(cpu2.forward(dev.jtorch.nn.F.relu(cpu1.forward(x))), y).backward();
            optCpu.step();
            optGpu.zeroGrad();
            dev.jtorch.nn.F.mseLoss(gpu2.forward(dev.jtorch.nn.F.relu(gpu1.forward(xg))), yg).backward();
            optGpu.step();
        }
        for (int i = 0; i < 2; i++) {
            Tensor e = cpu1.parameters().get(i).detach(), g = gpu1.parameters().get(i).detach();
            double[] ev = e.toDoubleArray(), gv = g.toDoubleArray();
            for (int k = 0; k < ev.length; k++) assertEquals(ev[k], gv[k], 1e-4, "parameter " + i + " element " + k);
        }
        gpu1.cpu();
        assertEquals(Device.CPU, gpu1.parameters().get(0).device());
    }

    @Test void catSplitAndViewsOnTheGpu() {
        Tensor a = sample(DType.FLOAT32, 71, 2, 3), b = sample(DType.FLOAT32, 72, 4, 3);
        assertClose(Torch.cat(a, b), Torch.cat(a.cuda(), b.cuda()), "cat");
        assertClose(Torch.stack(a, a.neg()), Torch.stack(a.cuda(), a.cuda().neg()), "stack");
        List<Tensor> parts = b.cuda().split(3);
        assertClose(b.split(3).get(1), parts.get(1), "split");
        assertClose(b.t().contiguous(), b.cuda().t().contiguous(), "contiguous of a transpose");
        assertClose(b.flip(0), b.cuda().flip(0), "flip");
    }
}
