package dev.jtorch.graphs;

import dev.jtorch.Storage;

import java.lang.foreign.MemorySegment;

/**
 * A captured sequence of CPU kernels, replayed without the op layer: the CPU analogue of
 * {@code torch.cuda.CUDAGraph}. Capture runs the code once, eagerly, and records every kernel call with its
 * exact operands; {@link #replay()} runs those kernels again on the same memory, with no allocation,
 * no autograd bookkeeping and no Java objects made per op.
 *
 * <pre>{@code
 * CpuGraph g = new CpuGraph();
 * try (var c = g.capture()) {
 *     Tensor loss = step(staticInput);       // forward, backward and in-place update
 * }
 * for (...) { staticInput.copy_(next); g.replay(); }
 * }</pre>
 *
 * <p>As with CUDA graphs, inputs are static: write new data into the tensors the capture used (for example
 * with {@code copy_}) before a replay, and read results from the tensors the capture returned. Tensors made
 * during capture (the graph's pool) are owned by the graph: replays overwrite them. Values made on the host
 * during capture (constants such as {@code tensor(...)} or Java scalar operands) are frozen into the graph.
 * During capture, anything that reads tensor data on the host ({@code item()}, printing, {@code nonzero},
 * boolean-mask indexing) and random number generation throw {@link IllegalStateException}
 * ("operation not permitted when stream is capturing").
 *
 * <p>Intermediates that nothing outside the graph can reach after the capture (checked with a collection)
 * are packed into a few reused buffers, so that a replay works in cache. Keep detached results
 * ({@code loss.detach()}) rather than tensors with a {@code grad_fn}: an autograd graph keeps its inputs
 * reachable and so pins every intermediate to its own buffer (correct, but slower).
 *
 * <p>Replay runs the recorded kernels, except that chains of float32/float64 add, sub, mul, div, square and
 * copy over contiguous ranges (possibly shifted against each other, as in cat) run fused, block by block, with their private intermediates in small
 * scratch arrays ({@link FusedF32}); where ops of one length hand values to each other, they run as one
 * generated vector loop that keeps those values in registers ({@link GroupCompiler}). Every element still
 * goes through the same float operations in the same order, so results are bit-for-bit those of eager
 * execution. A {@code where} whose condition is a single broadcast value
 * (the zero-norm guard of {@code norm}/{@code dist} gradients, which eager code decides on the host) reads
 * that value when it runs and copies one operand.
 */
public final class CpuGraph implements AutoCloseable {
    private Session session;          // non-null while capturing
    private Runnable[] steps;         // the optimised tape; null before capture or after reset
    private Storage[] restoreTargets;
    private Object[] restoreSources;
    private int recordedKernels;

    public CpuGraph() {}

    /** {@code capture_begin()}: starts recording the kernels this thread runs. */
    public void captureBegin() {
        if (session != null) throw new IllegalStateException("this graph is already capturing");
        if (steps != null) throw new IllegalStateException("this graph was already captured: call reset() before capturing again");
        Session s = new Session();
        Capture.begin(s);
        session = s;
    }

    /** {@code capture_end()}: stops recording and prepares the graph for replay. */
    public void captureEnd() {
        Session s = session;
        if (s == null) throw new IllegalStateException("capture_end() called without capture_begin()");
        Capture.end(s);
        session = null;
        recordedKernels = s.tape.size();
        steps = Optimizer.optimise(s);
        restoreTargets = s.restoreTargets.toArray(new Storage[0]);
        restoreSources = s.restoreSources.toArray();
    }

    /** Starts a capture that ends when the returned scope closes (try-with-resources), like {@code torch.cuda.graph(g)}. */
    public Scope capture() {
        captureBegin();
        return new Scope();
    }

    /** The capture in progress; closing it ends the capture. */
    public final class Scope implements AutoCloseable {
        private boolean closed;
        private Scope() {}
        @Override public void close() {
            if (closed) return;
            closed = true;
            captureEnd();
        }
    }

    /** Runs the captured kernels again, in order, on the same memory. */
    public void replay() {
        if (session != null) throw new IllegalStateException("cannot replay a graph while it is being captured");
        Runnable[] st = steps;
        if (st == null) throw new IllegalStateException("replay() needs a captured graph: capture it first");
        if (Capture.current() != null) throw new IllegalStateException(Capture.NOT_PERMITTED + ": replay() inside a capture");
        Storage[] targets = restoreTargets;
        for (int i = 0; i < targets.length; i++) restore(restoreSources[i], targets[i]);
        for (Runnable r : st) r.run();
    }

    private static void restore(Object src, Storage dst) {
        Object a = dst.array();
        if (a == null) {
            dst.segment().copyFrom((MemorySegment) src);
        } else {
            System.arraycopy(src, 0, a, 0, java.lang.reflect.Array.getLength(a));
        }
    }

    /** Kernel calls recorded during capture. */
    public int recordedKernels() { return recordedKernels; }

    /** Kernel calls one replay runs, a fused chain counting as one. */
    public int replayedKernels() { return steps == null ? 0 : steps.length; }

    /** Bytes of memory the kernels of one replay touch (operands' storages, each counted once). */
    public long workingSetBytes() {
        if (steps == null) return 0;
        java.util.IdentityHashMap<Storage, Boolean> seen = new java.util.IdentityHashMap<>();
        long n = 0;
        for (Runnable r : steps) {
            dev.jtorch.Tensor[] operands = r instanceof Call c ? c.t : r instanceof FusedF64 f ? f.t : ((FusedF32) r).t;
            for (dev.jtorch.Tensor t : operands) if (t != null && seen.put(t.storage(), Boolean.TRUE) == null) n += t.storage().byteSize();
        }
        return n;
    }

    /** Drops the captured graph and its memory pool; the graph can then capture again. */
    public void reset() {
        if (session != null) throw new IllegalStateException("cannot reset a graph while it is being captured");
        steps = null;
        restoreTargets = null;
        restoreSources = null;
        recordedKernels = 0;
    }

    @Override public void close() { reset(); }
}
