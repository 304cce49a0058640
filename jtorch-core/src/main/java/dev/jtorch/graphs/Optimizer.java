package dev.jtorch.graphs;

import dev.jtorch.DType;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a recorded tape into the calls a replay runs.
 *
 * <p>Intermediates: a storage allocated during capture that nothing outside the graph can reach once the
 * capture has ended (the caller kept no tensor over it; autograd released its saved tensors after
 * backward) is private to the graph. The optimiser finds these with weak references and a collection,
 * as PyTorch's caching allocator reuses blocks freed during a capture. Private storages are then packed
 * into as few buffers as their lifetimes allow, so that a replay cycles through a small working set that
 * stays in cache instead of streaming through every allocation of the eager step. A storage any tensor
 * outside can still see keeps its identity, so every value the caller can read after a replay is the one
 * eager execution computes.
 */
final class Optimizer {
    private Optimizer() {}

    /** A tensor operand as geometry over a storage slot. */
    private record Ref(int slot, long[] shape, long[] strides, long offset, DType dtype) {}

    static Runnable[] optimise(Session s) {
        List<Call> tape = new ArrayList<>(s.tape);
        IdentityHashMap<Storage, Boolean> restored = new IdentityHashMap<>();
        s.finish();
        for (Storage st : s.restoreTargets) restored.put(st, Boolean.TRUE);

        // slots: one per storage; candidates (pool storages without host-made content) are held weakly
        IdentityHashMap<Storage, Integer> slotOf = new IdentityHashMap<>();
        List<Storage> fixed = new ArrayList<>();              // null for candidates
        List<WeakReference<Storage>> weak = new ArrayList<>();
        List<long[]> sizes = new ArrayList<>();               // {numel} of candidates
        List<DType> types = new ArrayList<>();
        Ref[][] refs = new Ref[tape.size()][];
        for (int c = 0; c < tape.size(); c++) {
            Tensor[] t = tape.get(c).t;
            refs[c] = new Ref[t.length];
            for (int i = 0; i < t.length; i++) {
                Tensor x = t[i];
                if (x == null) continue;
                Storage st = x.storage();
                Integer slot = slotOf.get(st);
                if (slot == null) {
                    slot = fixed.size();
                    slotOf.put(st, slot);
                    boolean candidate = s.pool.containsKey(st) && !restored.containsKey(st) && st.array() != null;
                    fixed.add(candidate ? null : st);
                    weak.add(candidate ? new WeakReference<>(st) : null);
                    sizes.add(new long[] {st.byteSize() / x.dtype().itemSize()});
                    types.add(x.dtype());
                }
                refs[c][i] = new Ref(slot, x.shapeRef().clone(), x.stridesRef().clone(), x.storageOffset(), x.dtype());
                t[i] = null;                                   // drop the graph's own strong reference
            }
        }
        slotOf.clear();
        s.tape.clear();
        s.pool.clear();
        int slots = fixed.size();

        boolean[] isPrivate = new boolean[slots];
        boolean any = false;
        for (int i = 0; i < slots; i++) any |= weak.get(i) != null;
        if (any) {
            System.gc();
            for (int i = 0; i < slots; i++) {
                WeakReference<Storage> w = weak.get(i);
                if (w == null) continue;
                Storage st = w.get();
                if (st == null) isPrivate[i] = true;
                else fixed.set(i, st);                          // still visible outside: keeps its identity
            }
        }

        if (Boolean.getBoolean("jtorch.debugCapture")) {
            int np = 0, nc = 0;
            for (int i = 0; i < slots; i++) { if (isPrivate[i]) np++; if (weak.get(i) != null) nc++; }
            for (int c = 0; c < refs.length; c++) for (Ref r : refs[c]) if (r != null && weak.get(r.slot()) != null && !isPrivate[r.slot()]) System.err.println("  alive slot " + r.slot() + " at call " + c + " " + tape.get(c).getClass().getSimpleName() + " " + java.util.Arrays.toString(r.shape()));
            System.err.println("capture: " + slots + " storages, " + nc + " candidates, " + np + " private");
        }
        // lifetimes of private storages, then buffers handed out in tape order and returned after last use
        int[] first = new int[slots], last = new int[slots];
        java.util.Arrays.fill(first, -1);
        for (int c = 0; c < refs.length; c++) {
            for (Ref r : refs[c]) {
                if (r == null || !isPrivate[r.slot()]) continue;
                if (first[r.slot()] < 0) first[r.slot()] = c;
                last[r.slot()] = c;
            }
        }
        Storage[] buffer = new Storage[slots];
        Map<String, ArrayDeque<Storage>> free = new HashMap<>();
        List<List<Integer>> endingAt = new ArrayList<>();
        for (int c = 0; c < refs.length; c++) endingAt.add(new ArrayList<>());
        for (int i = 0; i < slots; i++) if (isPrivate[i]) endingAt.get(last[i]).add(i);
        Runnable[] out = new Runnable[tape.size()];
        for (int c = 0; c < refs.length; c++) {
            Tensor[] t = new Tensor[refs[c].length];
            for (int i = 0; i < t.length; i++) {
                Ref r = refs[c][i];
                if (r == null) continue;
                int slot = r.slot();
                Storage st;
                if (isPrivate[slot]) {
                    if (buffer[slot] == null) {
                        String key = types.get(slot) + ":" + sizes.get(slot)[0];
                        ArrayDeque<Storage> q = free.get(key);
                        buffer[slot] = q != null && !q.isEmpty() ? q.pop() : Storage.allocate(types.get(slot), sizes.get(slot)[0]);
                    }
                    st = buffer[slot];
                } else {
                    st = fixed.get(slot);
                }
                t[i] = new Tensor(st, r.shape(), r.strides(), r.offset(), r.dtype());
            }
            out[c] = tape.get(c).with(t);
            for (int slot : endingAt.get(c)) {
                free.computeIfAbsent(types.get(slot) + ":" + sizes.get(slot)[0], k -> new ArrayDeque<>()).push(buffer[slot]);
            }
        }
        return out;
    }
}
