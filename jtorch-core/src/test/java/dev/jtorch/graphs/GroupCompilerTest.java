package dev.jtorch.graphs;

import dev.jtorch.DType;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compiled groups ({@link GroupCompiler}) give the interpreter's bits: random chains of add, sub, mul, div
 * and copy, with shifted reads, single values, in-place updates, ops of several lengths (so several groups,
 * and values kept in registers or passed through scratch blocks), lengths that leave masked tails and span
 * several blocks, and values that divide by zero.
 */
class GroupCompilerTest {
    private static final int[] CODES = {FusedF32.ADD, FusedF32.SUB, FusedF32.MUL, FusedF32.DIV, FusedF32.COPY};

    /** A random valid chain: inputs are only read, each output array written by one op, scratch written once before its readers. */
    private record Chain(FusedF32.Op[] ops, int n, int[] sizes, int[] offsets, boolean[] output, int scratch) {}

    private static Chain randomChain(SplittableRandom r, int block) {
        int n = block * (1 + r.nextInt(3)) + r.nextInt(block);          // several blocks, a ragged last one
        int[] lengths = {n, n, n - 1 - r.nextInt(5), Math.max(1, n / 2 + r.nextInt(7)), 1};
        List<int[]> ext = new ArrayList<>();                             // {size, offset, output?1:0}
        List<FusedF32.Op> ops = new ArrayList<>();
        List<int[]> scratch = new ArrayList<>();                         // {length}
        List<int[]> outs = new ArrayList<>();                            // {external, length}: outputs written so far
        int count = 4 + r.nextInt(14);
        for (int k = 0; k < count; k++) {
            int len = lengths[r.nextInt(lengths.length)];
            int code = CODES[r.nextInt(CODES.length)];
            int[] a = input(r, len, ext, scratch, outs), b = input(r, len, ext, scratch, outs);
            int outKind, out;
            int pick = r.nextInt(3);
            if (pick == 0 && !outs.isEmpty() && r.nextBoolean()) {
                // in place: an output written before, at the same elements (the ops must have one length)
                int[] o = outs.get(r.nextInt(outs.size()));
                if (o[1] != len) { k--; continue; }
                outKind = FusedF32.VEC;
                out = o[0];
                // an in-place op reads the array it writes only at the same elements
                if (a[0] == FusedF32.VEC && ext.get(a[1])[2] == 1) a = new int[] {FusedF32.VEC, out};
                if (b[0] == FusedF32.VEC && ext.get(b[1])[2] == 1) b = new int[] {FusedF32.VEC, out};
            } else if (pick == 1) {
                outKind = FusedF32.SCRATCH;
                out = scratch.size();
                scratch.add(new int[] {len});
            } else {
                outKind = FusedF32.VEC;
                out = ext.size();
                int off = r.nextInt(4);
                ext.add(new int[] {len + off + r.nextInt(3), off, 1});
                outs.add(new int[] {out, len});
            }
            ops.add(new FusedF32.Op(code, a[0], a[1], b[0], b[1], outKind, out, len));
        }
        int[] sizes = new int[ext.size()], offsets = new int[ext.size()];
        boolean[] output = new boolean[ext.size()];
        for (int e = 0; e < ext.size(); e++) {
            sizes[e] = ext.get(e)[0];
            offsets[e] = ext.get(e)[1];
            output[e] = ext.get(e)[2] == 1;
        }
        int chainLength = 0;
        for (FusedF32.Op op : ops) chainLength = Math.max(chainLength, op.n());
        return new Chain(ops.toArray(new FusedF32.Op[0]), chainLength, sizes, offsets, output, scratch.size());
    }

    /** An operand for an op of length len: a fresh input (maybe shifted), a single value, a scratch value of that length, or an output of that length. */
    private static int[] input(SplittableRandom r, int len, List<int[]> ext, List<int[]> scratch, List<int[]> outs) {
        int pick = r.nextInt(5);
        if (pick == 0) {
            ext.add(new int[] {1 + r.nextInt(3), r.nextInt(1 + 0), 0});
            int e = ext.size() - 1;
            ext.get(e)[1] = r.nextInt(ext.get(e)[0]);
            return new int[] {FusedF32.SCALAR, e};
        }
        if (pick == 1) {
            for (int s = scratch.size() - 1; s >= 0; s--) if (scratch.get(s)[0] == len) return new int[] {FusedF32.SCRATCH, s};
        }
        if (pick == 2) {
            for (int[] o : outs) if (o[1] == len && r.nextBoolean()) return new int[] {FusedF32.VEC, o[0]};
        }
        int off = r.nextInt(9);   // inputs are never written, so any shift keeps the chain's order
        ext.add(new int[] {len + off + r.nextInt(4), off, 0});
        return new int[] {FusedF32.VEC, ext.size() - 1};
    }

    @Test void float32GroupsMatchTheInterpreter() { groupsMatch(DType.FLOAT32, 11); }

    @Test void float64GroupsMatchTheInterpreter() { groupsMatch(DType.FLOAT64, 12); }

    /** 300 random chains, run interpreted, compiled (twice: a second run reads what the first wrote) and eagerly. */
    private static void groupsMatch(DType type, long seed0) {
        boolean f64 = type == DType.FLOAT64;
        SplittableRandom r = new SplittableRandom(seed0);
        int compiledGroups = 0;
        for (int t = 0; t < 300; t++) {
            Chain c = randomChain(r, f64 ? FusedF64.BLOCK : FusedF32.BLOCK);
            long seed = r.nextLong();
            Tensor[] interp = tensors(c, type, seed), comp = tensors(c, type, seed), eager = tensors(c, type, seed);
            for (int run = 0; run < 2; run++) {
                fused(c, interp, false).run();
                fused(c, comp, true).run();
                eager(c, eager);
            }
            compiledGroups += compiledGroupCount(c, f64);
            for (int e = 0; e < interp.length; e++) {
                Object expected = interp[e].storage().array(), actual = comp[e].storage().array();
                Object eagerValues = eager[e].storage().array();
                if (f64) {
                    assertArrayEquals((double[]) expected, (double[]) actual, "chain " + t + ", operand " + e);
                    assertArrayEquals((double[]) eagerValues, (double[]) actual, "eager, chain " + t + ", operand " + e);
                } else {
                    assertArrayEquals((float[]) expected, (float[]) actual, "chain " + t + ", operand " + e);
                    assertArrayEquals((float[]) eagerValues, (float[]) actual, "eager, chain " + t + ", operand " + e);
                }
            }
        }
        assertTrue(compiledGroups > 100, "too few groups were compiled to test anything: " + compiledGroups);
    }

    /** A group too long for the JIT to compile stays interpreted (and correct) instead of running as bytecode. */
    @Test void hugeGroupsStayInterpreted() {
        int count = 400, n = 3000;
        List<FusedF32.Op> ops = new ArrayList<>();
        ops.add(new FusedF32.Op(FusedF32.MUL, FusedF32.VEC, 0, FusedF32.SCALAR, 1, FusedF32.SCRATCH, 0, n));
        for (int k = 1; k < count; k++) {
            ops.add(new FusedF32.Op(FusedF32.ADD, FusedF32.SCRATCH, k - 1, FusedF32.VEC, 0, FusedF32.SCRATCH, k, n));
        }
        ops.add(new FusedF32.Op(FusedF32.COPY, FusedF32.SCRATCH, count - 1, 0, 0, FusedF32.VEC, 2, n));
        FusedF32.Op[] program = ops.toArray(new FusedF32.Op[0]);
        assertTrue(new FusedPlan(program, false, true).kernel[0] == null, "a 400-op group is not compiled");
        Chain c = new Chain(program, n, new int[] {n, 1, n}, new int[] {0, 0, 0}, new boolean[] {false, false, true}, count);
        Tensor[] fusedOut = tensors(c, DType.FLOAT32, 5), eagerOut = tensors(c, DType.FLOAT32, 5);
        fused(c, fusedOut, true).run();
        eager(c, eagerOut);
        assertArrayEquals((float[]) eagerOut[2].storage().array(), (float[]) fusedOut[2].storage().array());
        // a short group of the same shape is compiled
        FusedF32.Op[] shortProgram = {program[0], program[1], new FusedF32.Op(FusedF32.COPY, FusedF32.SCRATCH, 1, 0, 0, FusedF32.VEC, 2, n)};
        assertTrue(new FusedPlan(shortProgram, false, true).kernel[0] != null, "a 3-op group is compiled");
    }

    private static Runnable fused(Chain c, Tensor[] t, boolean compile) {
        return t[0].dtype() == DType.FLOAT64 ? new FusedF64(c.ops(), c.n(), t, c.scratch(), compile)
                : new FusedF32(c.ops(), c.n(), t, c.scratch(), compile);
    }

    private static int compiledGroupCount(Chain c, boolean f64) {
        FusedPlan p = new FusedPlan(c.ops(), f64, true);
        int count = 0;
        for (FusedKernel k : p.kernel) if (k != null) count++;
        return count;
    }

    /** The chain as eager kernels would run it: each op over its whole length, in the recorded order. */
    private static void eager(Chain c, Tensor[] t) {
        boolean f64 = t[0].dtype() == DType.FLOAT64;
        double[][] scratch = new double[c.scratch()][c.n()];
        for (FusedF32.Op op : c.ops()) {
            for (int i = 0; i < op.n(); i++) {
                double a = read(t, scratch, op.aKind(), op.a(), i), v;
                if (op.code() == FusedF32.COPY) {
                    v = a;
                } else {
                    double b = read(t, scratch, op.bKind(), op.b(), i);
                    v = f64 ? switch (op.code()) { case FusedF32.ADD -> a + b; case FusedF32.SUB -> a - b; case FusedF32.MUL -> a * b; default -> a / b; }
                            : switch (op.code()) {   // float operations, rounded as float kernels round
                                case FusedF32.ADD -> (float) a + (float) b;
                                case FusedF32.SUB -> (float) a - (float) b;
                                case FusedF32.MUL -> (float) a * (float) b;
                                default -> (float) a / (float) b;
                            };
                }
                if (op.outKind() == FusedF32.SCRATCH) {
                    scratch[op.out()][i] = f64 ? v : (float) v;
                } else {
                    Tensor z = t[op.out()];
                    int at = (int) z.storageOffset() + i;
                    if (f64) ((double[]) z.storage().array())[at] = v;
                    else ((float[]) z.storage().array())[at] = (float) v;
                }
            }
        }
    }

    private static double read(Tensor[] t, double[][] scratch, int kind, int x, int i) {
        if (kind == FusedF32.SCRATCH) return scratch[x][i];
        Tensor a = t[x];
        int at = (int) a.storageOffset() + (kind == FusedF32.SCALAR ? 0 : i);
        return a.dtype() == DType.FLOAT64 ? ((double[]) a.storage().array())[at] : ((float[]) a.storage().array())[at];
    }

    /** The chain's external operands over fresh storages with random values, zeros among them. */
    private static Tensor[] tensors(Chain c, DType type, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor[] t = new Tensor[c.sizes().length];
        for (int e = 0; e < t.length; e++) {
            int size = c.sizes()[e];
            Storage st = Storage.allocate(type, size);
            for (int i = 0; i < size; i++) {
                double v = r.nextInt(10) == 0 ? 0 : r.nextDouble() * 8 - 4;
                if (type == DType.FLOAT32) ((float[]) st.array())[i] = (float) v;
                else ((double[]) st.array())[i] = v;
            }
            t[e] = new Tensor(st, new long[] {size - c.offsets()[e]}, new long[] {1}, c.offsets()[e], type);
        }
        return t;
    }
}
