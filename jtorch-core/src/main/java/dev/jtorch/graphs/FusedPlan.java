package dev.jtorch.graphs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a fused chain runs within a block: its ops split into groups (maximal runs of consecutive ops of one
 * length), and groups whose ops pass a value to each other through a scratch block run as one compiled
 * vector loop ({@link GroupCompiler}) that keeps that value in a register. The other groups, and every
 * group when the Vector API is absent, are interpreted op by op as before.
 *
 * <p>A compiled group is described canonically, independent of which tensors it touches: its operands
 * are numbered in order of first use, so that groups of the same shape in different chains (the five
 * forward filters of the restore) share one compiled class, which the JIT then compiles once.
 */
final class FusedPlan {
    /** Ops [start[g], end[g]) form group g; all have length {@code ops[start[g]].n()}. */
    final int[] start, end;
    /** Per group: its compiled kernel, or null to interpret it. */
    final FusedKernel[] kernel;
    /**
     * Per compiled group: its memory operands in canonical order, each {kind, index} with kind VEC or
     * SCALAR (index into the chain's external arrays) or SCRATCH (a scratch block another group also reads).
     */
    final int[][][] operands;

    FusedPlan(FusedF32.Op[] ops, boolean f64, boolean vector) {
        List<int[]> groups = new ArrayList<>();
        for (int s = 0; s < ops.length; ) {
            int e = s + 1;
            while (e < ops.length && ops[e].n() == ops[s].n()) e++;
            groups.add(new int[] {s, e});
            s = e;
        }
        int count = groups.size();
        start = new int[count];
        end = new int[count];
        kernel = new FusedKernel[count];
        operands = new int[count][][];
        int[] groupOf = new int[ops.length];
        for (int g = 0; g < count; g++) {
            start[g] = groups.get(g)[0];
            end[g] = groups.get(g)[1];
            for (int k = start[g]; k < end[g]; k++) groupOf[k] = g;
        }
        // a scratch value read in another group than the one that writes it must stay in its block
        int scratches = 0;
        for (FusedF32.Op op : ops) for (int[] x : operandsOf(op)) if (x[0] == FusedF32.SCRATCH) scratches = Math.max(scratches, x[1] + 1);
        int[] producer = new int[scratches];
        boolean[] memory = new boolean[scratches];
        for (int k = 0; k < ops.length; k++) if (ops[k].outKind() == FusedF32.SCRATCH) producer[ops[k].out()] = k;
        for (int k = 0; k < ops.length; k++) {
            for (int[] x : inputsOf(ops[k])) if (x[0] == FusedF32.SCRATCH && groupOf[producer[x[1]]] != groupOf[k]) memory[x[1]] = true;
        }
        if (!vector) return;
        for (int g = 0; g < count; g++) {
            boolean register = false;
            for (int k = start[g]; k < end[g]; k++) register |= ops[k].outKind() == FusedF32.SCRATCH && !memory[ops[k].out()];
            if (!register) continue;   // nothing to keep in registers: the interpreter's loops are as good
            GroupCompiler.Shape shape = canonical(ops, start[g], end[g], memory, f64);
            kernel[g] = GroupCompiler.kernel(shape);
            if (kernel[g] != null) operands[g] = shape.memoryOperands();
        }
    }

    /**
     * Per compiled group (null for the others): its memory operands' arrays, taken from the chain's external
     * arrays and scratch blocks ({@code float[][]} or {@code double[][]}, the type of {@code arrays}).
     */
    Object[][] groupArrays(Object[] arrays, Object[] scratch) {
        Object[][] out = new Object[start.length][];
        for (int g = 0; g < start.length; g++) {
            int[][] mem = operands[g];
            if (mem == null) continue;
            out[g] = Arrays.copyOf(arrays, mem.length);   // keeps the component type: float[][] stays float[][]
            for (int j = 0; j < mem.length; j++) out[g][j] = mem[j][0] == FusedF32.SCRATCH ? scratch[mem[j][1]] : arrays[mem[j][1]];
        }
        return out;
    }

    /** Per compiled group: its memory operands' element offsets (0 for a scratch block). */
    int[][] groupOffsets(int[] offsets) {
        int[][] out = new int[start.length][];
        for (int g = 0; g < start.length; g++) {
            int[][] mem = operands[g];
            if (mem == null) continue;
            out[g] = new int[mem.length];
            for (int j = 0; j < mem.length; j++) out[g][j] = mem[j][0] == FusedF32.SCRATCH ? 0 : offsets[mem[j][1]];
        }
        return out;
    }

    /**
     * The group's ops with operands renumbered: memory operands (VEC, SCALAR, memory SCRATCH) by first use,
     * register values (scratch only this group reads) by first write.
     */
    private static GroupCompiler.Shape canonical(FusedF32.Op[] ops, int from, int to, boolean[] memory, boolean f64) {
        List<int[]> mem = new ArrayList<>();
        int[] regOf = new int[memory.length];
        Arrays.fill(regOf, -1);
        int regs = 0;
        int[][] code = new int[to - from][];
        for (int k = from; k < to; k++) {
            FusedF32.Op op = ops[k];
            int[][] xs = operandsOf(op);
            int[] c = new int[1 + 2 * xs.length];
            c[0] = op.code();
            for (int j = 0; j < xs.length; j++) {
                int kind = xs[j][0], index = xs[j][1];
                if (kind == FusedF32.SCRATCH && !memory[index]) {
                    if (regOf[index] < 0) regOf[index] = regs++;
                    c[1 + 2 * j] = GroupCompiler.REGISTER;
                    c[2 + 2 * j] = regOf[index];
                } else {
                    int pos = -1;
                    for (int m = 0; m < mem.size() && pos < 0; m++) if (mem.get(m)[0] == kind && mem.get(m)[1] == index) pos = m;
                    if (pos < 0) {
                        pos = mem.size();
                        mem.add(new int[] {kind, index});
                    }
                    c[1 + 2 * j] = kind;
                    c[2 + 2 * j] = pos;
                }
            }
            code[k - from] = c;
        }
        return new GroupCompiler.Shape(f64, code, regs, mem.toArray(new int[0][]));
    }

    /**
     * The chain's ops in an order that puts ops of one length next to each other where that changes no
     * value: an op moves ahead of earlier ops only if neither writes memory the other touches (common
     * elements of a storage, or the same scratch block), so every dependent pair keeps its order. Longer groups keep
     * more values in registers (the gradient of the restore's filter: an op of another length sat between
     * two halves of one group).
     */
    static FusedF32.Op[] schedule(FusedF32.Op[] ops, dev.jtorch.Tensor[] external) {
        int n = ops.length;
        boolean[][] before = new boolean[n][n];   // before[m][j]: op j must run before op m
        for (int m = 0; m < n; m++) for (int j = 0; j < m; j++) before[m][j] = conflict(ops[j], ops[m], external);
        FusedF32.Op[] out = new FusedF32.Op[n];
        boolean[] done = new boolean[n];
        for (int s = 0; s < n; s++) {
            int pick = -1;
            for (int m = 0; m < n; m++) {
                if (done[m] || !ready(m, before, done)) continue;
                if (pick < 0) pick = m;
                if (s == 0 || ops[m].n() == out[s - 1].n()) { pick = m; break; }
            }
            done[pick] = true;
            out[s] = ops[pick];
        }
        return out;
    }

    private static boolean ready(int m, boolean[][] before, boolean[] done) {
        for (int j = 0; j < m; j++) if (before[m][j] && !done[j]) return false;
        return true;
    }

    /** Whether one of two ops writes memory that the other reads or writes. */
    private static boolean conflict(FusedF32.Op x, FusedF32.Op y, dev.jtorch.Tensor[] external) {
        int[][] xs = operandsOf(x), ys = operandsOf(y);
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < ys.length; j++) {
                boolean written = i == xs.length - 1 || j == ys.length - 1;
                if (written && overlap(xs[i], x.n(), ys[j], y.n(), external)) return true;
            }
        }
        return false;
    }

    /** Whether two operands (of ops of lengths na and nb) touch a common element of one storage or scratch block. */
    private static boolean overlap(int[] a, int na, int[] b, int nb, dev.jtorch.Tensor[] external) {
        boolean sa = a[0] == FusedF32.SCRATCH, sb = b[0] == FusedF32.SCRATCH;
        if (sa || sb) return sa && sb && a[1] == b[1];
        dev.jtorch.Tensor ta = external[a[1]], tb = external[b[1]];
        if (ta.storage() != tb.storage()) return false;
        long fa = ta.storageOffset(), fb = tb.storageOffset();
        long ea = fa + (a[0] == FusedF32.SCALAR ? 1 : na), eb = fb + (b[0] == FusedF32.SCALAR ? 1 : nb);
        return fa < eb && fb < ea;
    }

    /** Operands of an op as {kind, index}: its inputs, then its output. */
    static int[][] operandsOf(FusedF32.Op op) {
        int[][] in = inputsOf(op);
        int[][] all = Arrays.copyOf(in, in.length + 1);
        all[in.length] = new int[] {op.outKind(), op.out()};
        return all;
    }

    static int[][] inputsOf(FusedF32.Op op) {
        return op.code() == FusedF32.COPY ? new int[][] {{op.aKind(), op.a()}} : new int[][] {{op.aKind(), op.a()}, {op.bKind(), op.b()}};
    }
}
