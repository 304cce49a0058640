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
    /**
     * Every storage allocated during capture (the graph's pool), with its state: NEW until a kernel touches
     * it, PENDING while kernels have only written parts of it, DONE once decided.
     */
    final IdentityHashMap<Storage, int[]> pool = new IdentityHashMap<>();
    private static final int NEW = 0, PENDING = 1, DONE = 2;
    /** Snapshots of host-made content, and which elements kernels overwrote before anything read them. */
    private final IdentityHashMap<Storage, Object> snapshots = new IdentityHashMap<>();
    private final IdentityHashMap<Storage, java.util.BitSet> written = new IdentityHashMap<>();
    /** Pool storages whose content before their first kernel use came from the host; restored before each replay. */
    final List<Storage> restoreTargets = new ArrayList<>();
    final List<Object> restoreSources = new ArrayList<>();

    boolean isHostConstant(Storage s) {
        int[] st = pool.get(s);
        return st != null && st[0] == NEW;
    }

    void allocated(Storage s) { pool.put(s, new int[] {NEW}); }

    /**
     * Bookkeeping before a kernel runs. A pool storage keeps what the host put there (zeros from allocation,
     * a constant's values) until kernels have overwritten all of it; if anything reads it before that, the
     * host-made content is snapshotted and restored before every replay, so replays start as eager execution did.
     * Writes of parts (cat writes its inputs into slices of its output) add up until they cover the storage.
     */
    void beforeKernel(Tensor[] fullOutputs, Tensor... others) {
        for (Tensor t : others) if (t != null) read(t.storage());
        for (Tensor t : fullOutputs) if (t != null) write(t, fullOutputs, others);
    }

    private void read(Storage s) {
        int[] st = pool.get(s);
        if (st == null || st[0] == DONE) return;
        if (st[0] == NEW) snapshots.put(s, copyOf(s));
        decide(s, st, false);
    }

    private void write(Tensor t, Tensor[] outs, Tensor[] others) {
        Storage s = t.storage();
        int[] st = pool.get(s);
        if (st == null || st[0] == DONE) return;
        for (Tensor o : others) if (o != null && o.storage() == s) { read(s); return; }
        for (Tensor o : outs) if (o != null && o != t && o.storage() == s) { read(s); return; }
        long items = s.byteSize() / t.dtype().itemSize();
        if (st[0] == NEW) {
            if (t.isContiguous() && t.storageOffset() == 0 && t.numel() == items) { st[0] = DONE; return; }
            snapshots.put(s, copyOf(s));
            written.put(s, new java.util.BitSet());
            st[0] = PENDING;
        }
        if (t.isContiguous() && items <= Integer.MAX_VALUE) {
            java.util.BitSet b = written.get(s);
            b.set((int) t.storageOffset(), (int) (t.storageOffset() + t.numel()));
            if (b.cardinality() == items) decide(s, st, true);
        }
    }

    private void decide(Storage s, int[] st, boolean covered) {
        if (st[0] == PENDING) {
            java.util.BitSet b = written.remove(s);
            covered |= b.cardinality() == s.byteSize() / Math.max(1, elementSize(s));
        }
        st[0] = DONE;
        Object snap = snapshots.remove(s);
        if (!covered) {
            restoreTargets.add(s);
            restoreSources.add(snap);
        }
    }

    private int elementSize(Storage s) {
        kernelDepth++;
        try {
            return switch (s.array()) {
                case float[] f -> 4;
                case double[] d -> 8;
                case long[] l -> 8;
                case int[] i -> 4;
                case short[] h -> 2;
                case null -> 1;
                default -> 1;
            };
        } finally {
            kernelDepth--;
        }
    }

    /** At the end of capture: storages only partly written by kernels keep their host-made rest. */
    void finish() {
        for (var e : pool.entrySet()) if (e.getValue()[0] == PENDING) decide(e.getKey(), e.getValue(), false);
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
