package dev.jtorch.graphs;

import dev.jtorch.Storage;
import dev.jtorch.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/** The state of one capture in progress: the tape of kernel calls and the storages the graph owns. */
final class Session {
    final RecordingBackend recorder = new RecordingBackend(this);
    int kernelDepth;
    final List<Call> tape = new ArrayList<>();
    /** Every storage allocated during capture (the graph's pool); true once a kernel has touched it. */
    final IdentityHashMap<Storage, Boolean> pool = new IdentityHashMap<>();
    /** Pool storages whose content before their first kernel use came from the host; restored before each replay. */
    final List<Storage> restoreTargets = new ArrayList<>();
    final List<Object> restoreSources = new ArrayList<>();

    boolean isHostConstant(Storage s) {
        Boolean touched = pool.get(s);
        return touched != null && !touched;
    }

    void allocated(Storage s) { pool.put(s, Boolean.FALSE); }

    /**
     * Bookkeeping before a kernel runs: a pool storage seen by a kernel for the first time keeps what the host
     * put there (zeros from allocation, a constant's values) unless this kernel overwrites all of it; that
     * content is snapshotted so that replays start from it, as the eager program did.
     */
    void beforeKernel(Tensor[] fullOutputs, Tensor... others) {
        for (Tensor t : fullOutputs) if (t != null) firstUse(t, covers(t, fullOutputs, others));
        for (Tensor t : others) if (t != null) firstUse(t, false);
    }

    private void firstUse(Tensor t, boolean overwritten) {
        Storage s = t.storage();
        Boolean touched = pool.get(s);
        if (touched == null || touched) return;
        pool.put(s, Boolean.TRUE);
        if (!overwritten) {
            restoreTargets.add(s);
            restoreSources.add(copyOf(s));
        }
    }

    /** True if {@code t} spans its whole storage and no other operand of the call shares that storage. */
    private static boolean covers(Tensor t, Tensor[] outs, Tensor[] others) {
        Storage s = t.storage();
        if (!t.isContiguous() || t.storageOffset() != 0 || t.numel() * t.dtype().itemSize() != s.byteSize()) return false;
        for (Tensor o : others) if (o != null && o.storage() == s) return false;
        for (Tensor o : outs) if (o != null && o != t && o.storage() == s) return false;
        return true;
    }

    private Object copyOf(Storage s) {
        kernelDepth++;
        try {
            Object a = s.array();
            if (a == null) {
                MemorySegment seg = s.segment();
                MemorySegment copy = java.lang.foreign.Arena.ofAuto().allocate(seg.byteSize(), 8);
                copy.copyFrom(seg);
                return copy;
            }
            return switch (a) {
                case float[] f -> f.clone();
                case double[] d -> d.clone();
                case long[] l -> l.clone();
                case int[] i -> i.clone();
                case short[] h -> h.clone();
                case byte[] b -> b.clone();
                default -> throw new IllegalStateException();
            };
        } finally {
            kernelDepth--;
        }
    }

    void record(Call c) {
        kernelDepth++;
        try {
            c.run();
        } finally {
            kernelDepth--;
        }
        tape.add(c);
    }
}
