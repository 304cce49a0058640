package dev.jtorch.graphs;

import dev.jtorch.Tensor;

/**
 * The float64 twin of {@link FusedF32} (same program, double loops). A chain of float64 elementwise kernels (add, sub, mul, div, copy) over one contiguous length, run block
 * by block: each kernel runs over a block of {@link #BLOCK} elements before the next kernel runs over the
 * same block, and values that only feed later kernels of the chain live in small scratch arrays instead of
 * memory. Each element goes through the same double operations in the same order as in the separate
 * kernels, so results are bit-for-bit the same; only the memory traffic changes.
 */
final class FusedF64 implements Runnable {
    static final int BLOCK = 512;
    /** The Vector API loops when the jdk.incubator.vector module is present, else the scalar loops below. */
    static final boolean VECTOR = vectorAvailable();

    private static boolean vectorAvailable() {
        if (Boolean.getBoolean("jtorch.noVector")) return false;
        try {
            Class.forName("jdk.incubator.vector.DoubleVector");
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, COPY = 4;
    /** Operand kinds: a contiguous external tensor, one external element broadcast, a scratch block. */
    static final int VEC = 0, SCALAR = 1, SCRATCH = 2;

    private final FusedF32.Op[] ops;
    private final int n;
    private final double[][] arrays;
    private final int[] offsets;
    private final double[][] scratch;
    final Tensor[] t;   // the external operands, for accounting
    private final FusedPlan plan;
    private final Object[][] groupArrays;   // per compiled group: its memory operands' arrays (double[][])
    private final int[][] groupOffsets;

    FusedF64(FusedF32.Op[] ops, int n, Tensor[] external, int scratchCount) {
        this(ops, n, external, scratchCount, VECTOR);
    }

    /** {@code compile}: whether groups may run as compiled vector loops (tests compare both ways). */
    FusedF64(FusedF32.Op[] ops, int n, Tensor[] external, int scratchCount, boolean compile) {
        this.ops = FusedPlan.schedule(ops, external);
        this.n = n;
        this.t = external;
        arrays = new double[external.length][];
        offsets = new int[external.length];
        for (int i = 0; i < external.length; i++) {
            arrays[i] = (double[]) external[i].storage().array();
            offsets[i] = (int) external[i].storageOffset();
        }
        scratch = new double[scratchCount][BLOCK];
        plan = new FusedPlan(this.ops, true, compile && VECTOR);
        groupArrays = plan.groupArrays(arrays, scratch);
        groupOffsets = plan.groupOffsets(offsets);
    }

    @Override public void run() {
        FusedPlan p = plan;
        for (int b = 0; b < n; b += BLOCK) {
            for (int g = 0; g < p.start.length; g++) {
                FusedKernel k = p.kernel[g];
                if (k != null) {
                    int len = Math.min(BLOCK, ops[p.start[g]].n() - b);
                    if (len > 0) k.run(groupArrays[g], groupOffsets[g], b, len);
                } else {
                    for (int o = p.start[g]; o < p.end[g]; o++) interpret(ops[o], b);
                }
            }
        }
    }

    /** Runs one op over the block that starts at chain element b. */
    private void interpret(FusedF32.Op op, int b) {
        int len = Math.min(BLOCK, op.n() - b);
        if (len <= 0) return;
        double[] z;
        int zo;
        if (op.outKind() == SCRATCH) { z = scratch[op.out()]; zo = 0; }
        else { z = arrays[op.out()]; zo = offsets[op.out()] + b; }
        if (op.code() == COPY) {
            if (op.aKind() == SCALAR) java.util.Arrays.fill(z, zo, zo + len, arrays[op.a()][offsets[op.a()]]);
            else System.arraycopy(src(op.aKind(), op.a()), off(op.aKind(), op.a(), b), z, zo, len);
            return;
        }
        if (op.aKind() == SCALAR && op.bKind() == SCALAR) {
            double p = arrays[op.a()][offsets[op.a()]], q = arrays[op.b()][offsets[op.b()]];
            double v = switch (op.code()) { case ADD -> p + q; case SUB -> p - q; case MUL -> p * q; default -> p / q; };
            java.util.Arrays.fill(z, zo, zo + len, v);
        } else if (VECTOR) {
            if (op.aKind() == SCALAR) {
                FusedF64Vector.scalarFirst(op.code(), arrays[op.a()][offsets[op.a()]], src(op.bKind(), op.b()), off(op.bKind(), op.b(), b), z, zo, len);
            } else if (op.bKind() == SCALAR) {
                FusedF64Vector.scalarSecond(op.code(), src(op.aKind(), op.a()), off(op.aKind(), op.a(), b), arrays[op.b()][offsets[op.b()]], z, zo, len);
            } else {
                FusedF64Vector.both(op.code(), src(op.aKind(), op.a()), off(op.aKind(), op.a(), b), src(op.bKind(), op.b()), off(op.bKind(), op.b(), b), z, zo, len);
            }
        } else if (op.aKind() == SCALAR) {
            scalarFirst(op.code(), arrays[op.a()][offsets[op.a()]], src(op.bKind(), op.b()), off(op.bKind(), op.b(), b), z, zo, len);
        } else if (op.bKind() == SCALAR) {
            scalarSecond(op.code(), src(op.aKind(), op.a()), off(op.aKind(), op.a(), b), arrays[op.b()][offsets[op.b()]], z, zo, len);
        } else {
            both(op.code(), src(op.aKind(), op.a()), off(op.aKind(), op.a(), b), src(op.bKind(), op.b()), off(op.bKind(), op.b(), b), z, zo, len);
        }
    }

    private double[] src(int kind, int i) { return kind == SCRATCH ? scratch[i] : arrays[i]; }

    private int off(int kind, int i, int b) { return kind == SCRATCH ? 0 : offsets[i] + b; }

    static void both(int code, double[] x, int xi, double[] y, int yi, double[] z, int zi, int n) {
        switch (code) {
            case ADD -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] + y[yi + i]; }
            case SUB -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] - y[yi + i]; }
            case MUL -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] * y[yi + i]; }
            default -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] / y[yi + i]; }
        }
    }

    static void scalarSecond(int code, double[] x, int xi, double c, double[] z, int zi, int n) {
        switch (code) {
            case ADD -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] + c; }
            case SUB -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] - c; }
            case MUL -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] * c; }
            default -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] / c; }
        }
    }

    static void scalarFirst(int code, double c, double[] y, int yi, double[] z, int zi, int n) {
        switch (code) {
            case ADD -> { for (int i = 0; i < n; i++) z[zi + i] = c + y[yi + i]; }
            case SUB -> { for (int i = 0; i < n; i++) z[zi + i] = c - y[yi + i]; }
            case MUL -> { for (int i = 0; i < n; i++) z[zi + i] = c * y[yi + i]; }
            default -> { for (int i = 0; i < n; i++) z[zi + i] = c / y[yi + i]; }
        }
    }
}
