package dev.jtorch.graphs;

import dev.jtorch.Tensor;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.UnaryOp;
import dev.jtorch.backend.cpu.CpuBackend;

/**
 * One recorded kernel call: the kernel and its exact operands, which are views over storages the graph
 * keeps. Operands sit in one array so that the optimiser can rebuild a call over other storages
 * ({@link #with}); {@link #writes} says which operands the kernel writes (the others it only reads).
 */
abstract class Call implements Runnable {
    static final CpuBackend CPU = CpuBackend.INSTANCE;

    final Tensor[] t;
    final boolean[] writes;

    Call(Tensor[] t, boolean[] writes) { this.t = t; this.writes = writes; }

    /** The same call over other operands of the same geometry. */
    abstract Call with(Tensor[] operands);

    /** A kernel taking its operands as an array. */
    interface Kernel {
        void run(Tensor[] t);
    }

    /** Any kernel, replayed as recorded. */
    static final class Opaque extends Call {
        private final Kernel kernel;
        Opaque(Kernel kernel, Tensor[] t, boolean[] writes) { super(t, writes); this.kernel = kernel; }
        @Override public void run() { kernel.run(t); }
        @Override Call with(Tensor[] operands) { return new Opaque(kernel, operands, writes); }
    }

    private static final boolean[] W01 = {false, true}, W001 = {false, false, true};

    /** out = op(a, b): operands a, b, out. */
    static final class Binary extends Call {
        final BinaryOp op;
        Binary(BinaryOp op, Tensor[] t) { super(t, W001); this.op = op; }
        @Override public void run() { CPU.binary(op, t[0], t[1], t[2]); }
        @Override Call with(Tensor[] operands) { return new Binary(op, operands); }
    }

    /** out = op(x, p0, p1): operands x, out. */
    static final class Unary extends Call {
        final UnaryOp op;
        final double p0, p1;
        Unary(UnaryOp op, Tensor[] t, double p0, double p1) { super(t, W01); this.op = op; this.p0 = p0; this.p1 = p1; }
        @Override public void run() { CPU.unary(op, t[0], t[1], p0, p1); }
        @Override Call with(Tensor[] operands) { return new Unary(op, operands, p0, p1); }
    }

    /** dst = src (converting dtype, src possibly broadcast): operands src, dst. */
    static final class Copy extends Call {
        Copy(Tensor[] t) { super(t, W01); }
        @Override public void run() { CPU.copy(t[0], t[1]); }
        @Override Call with(Tensor[] operands) { return new Copy(operands); }
    }

    /** dst = value: operand dst. */
    static final class Fill extends Call {
        final double value;
        Fill(Tensor[] t, double value) { super(t, new boolean[] {true}); this.value = value; }
        @Override public void run() { CPU.fill(t[0], value); }
        @Override Call with(Tensor[] operands) { return new Fill(operands, value); }
    }

    /**
     * out = cond ? a : b with a single condition value broadcast to out's shape (the zero-norm guard of norm
     * and dist gradients): the condition is read when the kernel runs and one operand copied, instead of an
     * elementwise select. Operands cond, a, b, out.
     */
    static final class WhereScalar extends Call {
        WhereScalar(Tensor[] t) { super(t, new boolean[] {false, false, false, true}); }
        @Override public void run() {
            Tensor c = t[0];
            boolean v = dev.jtorch.internal.Mem.getBool(c.segment(), c.dtype(), c.storageOffset());
            CPU.copy(v ? t[1] : t[2], t[3]);
        }
        @Override Call with(Tensor[] operands) { return new WhereScalar(operands); }
    }
}
