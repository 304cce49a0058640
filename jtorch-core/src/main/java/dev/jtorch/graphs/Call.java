package dev.jtorch.graphs;

import dev.jtorch.Tensor;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.UnaryOp;

/**
 * One recorded kernel call: the kernel with its exact operands, which are views over storages the graph
 * keeps alive. Elementwise calls keep their operands visible so that the optimiser can fuse chains.
 */
abstract class Call implements Runnable {

    /** Any kernel, replayed as recorded. */
    static final class Opaque extends Call {
        private final Runnable kernel;
        final Tensor[] writes;
        Opaque(Runnable kernel, Tensor... writes) { this.kernel = kernel; this.writes = writes; }
        @Override public void run() { kernel.run(); }
    }

    /** out = op(a, b). */
    static final class Binary extends Call {
        final BinaryOp op;
        final Tensor a, b, out;
        Binary(BinaryOp op, Tensor a, Tensor b, Tensor out) { this.op = op; this.a = a; this.b = b; this.out = out; }
        @Override public void run() { dev.jtorch.backend.cpu.CpuBackend.INSTANCE.binary(op, a, b, out); }
    }

    /** out = op(x, p0, p1). */
    static final class Unary extends Call {
        final UnaryOp op;
        final Tensor x, out;
        final double p0, p1;
        Unary(UnaryOp op, Tensor x, Tensor out, double p0, double p1) { this.op = op; this.x = x; this.out = out; this.p0 = p0; this.p1 = p1; }
        @Override public void run() { dev.jtorch.backend.cpu.CpuBackend.INSTANCE.unary(op, x, out, p0, p1); }
    }

    /** dst = src (same or converting dtype, src possibly broadcast). */
    static final class Copy extends Call {
        final Tensor src, dst;
        Copy(Tensor src, Tensor dst) { this.src = src; this.dst = dst; }
        @Override public void run() { dev.jtorch.backend.cpu.CpuBackend.INSTANCE.copy(src, dst); }
    }

    /** dst = value. */
    static final class Fill extends Call {
        final Tensor dst;
        final double value;
        Fill(Tensor dst, double value) { this.dst = dst; this.value = value; }
        @Override public void run() { dev.jtorch.backend.cpu.CpuBackend.INSTANCE.fill(dst, value); }
    }
}
