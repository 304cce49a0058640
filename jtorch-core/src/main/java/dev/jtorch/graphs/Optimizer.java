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

    /** A step of the replay before memory is assigned: its operands and how to build it over tensors. */
    private record Item(Ref[] refs, java.util.function.Function<Tensor[], Runnable> build) {}

    static Runnable[] optimise(Session s) {
        IdentityHashMap<Storage, Boolean> restored = new IdentityHashMap<>();
        s.finish();
        List<Call> tape = trimOverwrittenFills(zerosAsKernels(s));
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

        List<Item> items = fuse(tape, refs, isPrivate, fixed, slots);

        // lifetimes of private storages, then buffers handed out in order and returned after last use
        int[] first = new int[slots], last = new int[slots];
        java.util.Arrays.fill(first, -1);
        for (int c = 0; c < items.size(); c++) {
            for (Ref r : items.get(c).refs()) {
                if (r == null || !isPrivate[r.slot()]) continue;
                if (first[r.slot()] < 0) first[r.slot()] = c;
                last[r.slot()] = c;
            }
        }
        Storage[] buffer = new Storage[slots];
        Map<String, ArrayDeque<Storage>> free = new HashMap<>();
        List<List<Integer>> endingAt = new ArrayList<>();
        for (int c = 0; c < items.size(); c++) endingAt.add(new ArrayList<>());
        for (int i = 0; i < slots; i++) if (isPrivate[i] && first[i] >= 0) endingAt.get(last[i]).add(i);
        Runnable[] out = new Runnable[items.size()];
        for (int c = 0; c < items.size(); c++) {
            Ref[] rs = items.get(c).refs();
            Tensor[] t = new Tensor[rs.length];
            for (int i = 0; i < t.length; i++) {
                Ref r = rs[i];
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
            out[c] = items.get(c).build().apply(t);
            for (int slot : endingAt.get(c)) {
                free.computeIfAbsent(types.get(slot) + ":" + sizes.get(slot)[0], k -> new ArrayDeque<>()).push(buffer[slot]);
            }
        }
        return out;
    }

    /**
     * The tape, where a float32/float64 pool storage whose host-made content is all zeros (a gradient buffer
     * that backward accumulates into, such as the one of a slice) is set to zero by a recorded copy of a zero
     * just before its first kernel, instead of being restored from a snapshot before every replay: the copy
     * can join a fused chain, and the storage, no longer restored, may be private and share a buffer.
     */
    private static List<Call> zerosAsKernels(Session s) {
        IdentityHashMap<Storage, DType> zeroed = new IdentityHashMap<>();
        for (int i = s.restoreTargets.size() - 1; i >= 0; i--) {
            Storage st = s.restoreTargets.get(i);
            Object src = s.restoreSources.get(i);
            DType type = null;
            if (src instanceof float[] f && st.array() instanceof float[] && allZero(f)) type = DType.FLOAT32;
            else if (src instanceof double[] d && st.array() instanceof double[] && allZero(d)) type = DType.FLOAT64;
            if (type == null || !s.pool.containsKey(st)) continue;
            zeroed.put(st, type);
            s.restoreTargets.remove(i);
            s.restoreSources.remove(i);
        }
        if (zeroed.isEmpty()) return new ArrayList<>(s.tape);
        Map<DType, Tensor> zero = new HashMap<>();
        List<Call> tape = new ArrayList<>(s.tape.size() + zeroed.size());
        for (Call c : s.tape) {
            for (Tensor x : c.t) {
                if (x == null) continue;
                DType type = zeroed.remove(x.storage());
                if (type == null) continue;
                long n = x.storage().byteSize() / type.itemSize();
                Tensor z = zero.computeIfAbsent(type, k -> new Tensor(Storage.allocate(k, 1), new long[] {1}, new long[] {0}, 0, k));
                Tensor src = new Tensor(z.storage(), new long[] {n}, new long[] {0}, 0, type);
                tape.add(new Call.Copy(new Tensor[] {src, new Tensor(x.storage(), new long[] {n}, new long[] {1}, 0, type)}));
            }
            tape.add(c);
        }
        return tape;
    }

    /**
     * The tape, where a fill of a contiguous range with one broadcast value, whose storage's next kernel
     * writes part of that range, fills only the rest, and that kernel reads the value itself where it read
     * the filled elements. The next kernel may be a copy from another storage, or a binary op whose output
     * is the part and whose inputs are that same part and something in another storage (accumulating into
     * a fresh buffer). It sees the same value in the same operand, so its result has the same bits. This is
     * the gradient of a slice (a zero buffer, then the gradient added into the slice's place), which
     * otherwise writes the whole buffer twice: the book's restore step makes 20 such buffers of 10000
     * values, of which 9999 or 5000 are then overwritten.
     */
    static List<Call> trimOverwrittenFills(List<Call> tape) {
        List<Call> out = new ArrayList<>(tape.size());
        Call[] rewritten = new Call[tape.size()];
        for (int c = 0; c < tape.size(); c++) {
            Call call = rewritten[c] != null ? rewritten[c] : tape.get(c);
            long[] fill = rewritten[c] == null && call instanceof Call.Copy && broadcast(call.t[0])
                    && call.t[0].storage() != call.t[1].storage() ? contiguousRange(call.t[1]) : null;
            int k = c + 1;
            Call next = null;
            if (fill != null) {
                Storage st = call.t[1].storage(), value = call.t[0].storage();
                while (k < tape.size() && !touches(tape.get(k), st) && !writes(tape.get(k), value)) k++;
                if (k < tape.size() && !writes(tape.get(k), value)) next = overwritePart(tape.get(k), call.t[0], call.t[1], fill);
            }
            if (next == null) {
                out.add(call);
                continue;
            }
            long[] part = contiguousRange(next.t[next.t.length - 1]);
            if (part[0] > fill[0]) out.add(fillPart(call, fill[0], part[0] - fill[0]));
            long end = part[0] + part[1], fillEnd = fill[0] + fill[1];
            if (fillEnd > end) out.add(fillPart(call, end, fillEnd - end));
            rewritten[k] = next;
        }
        return out;
    }

    /**
     * {@code next} rewritten to read the fill's value instead of the filled elements, if it writes a
     * contiguous part of the filled range [fill) of dst and reads that storage only at the same elements
     * as an input of the same geometry; else null.
     */
    private static Call overwritePart(Call next, Tensor value, Tensor dst, long[] fill) {
        Tensor o = next.t[next.t.length - 1];
        if (!next.writes[next.t.length - 1] || o.storage() != dst.storage() || o.dtype() != dst.dtype()) return null;
        long[] part = contiguousRange(o);
        if (part == null || part[0] < fill[0] || part[0] + part[1] > fill[0] + fill[1]) return null;
        if (next instanceof Call.Copy) return next.t[0].storage() == value.storage() || next.t[0].storage() == o.storage() ? null : next;
        if (!(next instanceof Call.Binary)) return null;
        Tensor[] t = next.t.clone();
        boolean same = false;
        for (int i = 0; i < 2; i++) {
            if (t[i].storage() == value.storage()) return null;
            if (t[i].storage() != o.storage()) continue;
            if (t[i].storageOffset() != o.storageOffset() || !java.util.Arrays.equals(t[i].shapeRef(), o.shapeRef())
                    || !java.util.Arrays.equals(t[i].stridesRef(), o.stridesRef())) return null;
            t[i] = new Tensor(value.storage(), o.shapeRef().clone(), new long[o.shapeRef().length], value.storageOffset(), value.dtype());
            same = true;
        }
        return same ? next.with(t) : null;
    }

    private static boolean broadcast(Tensor x) {
        for (long st : x.stridesRef()) if (st != 0) return false;
        return true;
    }

    /** The same fill over elements [offset, offset + n) of the target's storage. */
    private static Call fillPart(Call call, long offset, long n) {
        Tensor dst = call.t[1], src = call.t[0];
        Tensor part = new Tensor(dst.storage(), new long[] {n}, new long[] {1}, offset, dst.dtype());
        return new Call.Copy(new Tensor[] {new Tensor(src.storage(), new long[] {n}, new long[] {0}, src.storageOffset(), src.dtype()), part});
    }

    /** {offset, numel} of a tensor whose elements fill one contiguous range of its storage, else null. */
    private static long[] contiguousRange(Tensor x) {
        if (x.numel() == 0 || !dev.jtorch.internal.Shapes.isContiguous(x.shapeRef(), x.stridesRef())) return null;
        return new long[] {x.storageOffset(), x.numel()};
    }

    private static boolean writes(Call call, Storage st) {
        for (int i = 0; i < call.t.length; i++) if (call.writes[i] && call.t[i] != null && call.t[i].storage() == st) return true;
        return false;
    }

    private static boolean touches(Call call, Storage st) {
        for (Tensor x : call.t) if (x != null && x.storage() == st) return true;
        return false;
    }

    private static boolean allZero(float[] a) {
        for (float v : a) if (Float.floatToRawIntBits(v) != 0) return false;
        return true;
    }

    private static boolean allZero(double[] a) {
        for (double v : a) if (Double.doubleToRawLongBits(v) != 0) return false;
        return true;
    }

    // ------------------------------------------------------------------ fusion of float32/float64 elementwise chains

    private static boolean contiguous(Ref r) { return dev.jtorch.internal.Shapes.isContiguous(r.shape(), r.strides()); }

    private static boolean scalar(Ref r) {
        for (long st : r.strides()) if (st != 0) return false;
        return true;
    }

    private static long numel(Ref r) { return dev.jtorch.internal.Shapes.numel(r.shape()); }

    /** The fused opcode of a call, or -1 if it cannot join a chain. */
    private static int code(Call c, Ref[] r, boolean[] isPrivate, List<Storage> fixed) {
        int code;
        if (c instanceof Call.Binary b) {
            code = switch (b.op) {
                case ADD -> FusedF32.ADD;
                case SUB -> FusedF32.SUB;
                case MUL -> FusedF32.MUL;
                case DIV -> FusedF32.DIV;
                default -> -1;
            };
        } else if (c instanceof Call.Copy) {
            code = FusedF32.COPY;
        } else if (c instanceof Call.Unary u && u.op == dev.jtorch.backend.UnaryOp.SQUARE) {
            code = FusedF32.MUL;   // x * x: the float product rounds as the kernel's (exact in double, then to float)
        } else {
            return -1;
        }
        if (code < 0) return -1;
        Ref out = r[r.length - 1];
        if (!contiguous(out) || numel(out) == 0 || numel(out) > Integer.MAX_VALUE) return -1;
        for (int i = 0; i < r.length; i++) {
            Ref x = r[i];
            if (x.dtype() != out.dtype() || x.offset() > Integer.MAX_VALUE) return -1;
            if (x.dtype() == dev.jtorch.DType.FLOAT32) {
                if (!isPrivate[x.slot()] && !(fixed.get(x.slot()).array() instanceof float[])) return -1;
            } else if (x.dtype() == dev.jtorch.DType.FLOAT64) {
                if (!isPrivate[x.slot()] && !(fixed.get(x.slot()).array() instanceof double[])) return -1;
            } else {
                return -1;
            }
            if (i < r.length - 1 && !scalar(x) && !(contiguous(x) && java.util.Arrays.equals(x.shape(), out.shape()))) return -1;
        }
        return code;
    }

    private static List<Item> fuse(List<Call> tape, Ref[][] refs, boolean[] isPrivate, List<Storage> fixed, int slots) {
        int n = tape.size();
        int[] codes = new int[n];
        for (int c = 0; c < n; c++) codes[c] = code(tape.get(c), refs[c], isPrivate, fixed);
        // every use of each slot: to find values that live only inside one chain
        int[] writes = new int[slots], firstUse = new int[slots], lastUse = new int[slots];
        java.util.Arrays.fill(firstUse, -1);
        for (int c = 0; c < n; c++) {
            boolean[] w = tape.get(c).writes;
            for (int i = 0; i < refs[c].length; i++) {
                Ref r = refs[c][i];
                if (r == null) continue;
                if (w[i]) writes[r.slot()]++;
                if (firstUse[r.slot()] < 0) firstUse[r.slot()] = c;
                lastUse[r.slot()] = c;
            }
        }
        List<Item> items = new ArrayList<>();
        int c = 0;
        while (c < n) {
            if (codes[c] < 0) {
                Call call = tape.get(c);
                items.add(new Item(refs[c], call::with));
                c++;
                continue;
            }
            // grow a chain from c while running it block by block keeps every access to memory in order:
            // an op may touch a slot at another element offset or length than earlier ops (the shifted
            // copies of cat and their gradients), as long as no element is written in a later block than a
            // later op reads or writes it (see ordered)
            long len = 0;
            DType chainType = refs[c][refs[c].length - 1].dtype();
            Map<Integer, List<long[]>> accesses = new HashMap<>();   // slot -> {offset, length, written?1:0}
            java.util.Set<Integer> written = new java.util.HashSet<>(), scalarRead = new java.util.HashSet<>();
            int end = c;
            List<Integer> hoisted = new ArrayList<>();
            while (end < n) {
                Ref[] r = refs[end];
                if (codes[end] < 0) {
                    // a kernel over single values (the cast of a float32 constant to float64 that a mixed-dtype
                    // mul makes) that touches nothing the chain has written, and writes nothing it has read,
                    // can run before the chain instead of splitting it
                    if (!hoistable(tape.get(end), r, written, accesses, scalarRead)) break;
                    hoisted.add(end);
                    end++;
                    continue;
                }
                Ref outRef = r[r.length - 1];
                long m = numel(outRef);
                if (outRef.dtype() != chainType) break;
                boolean ok = true;
                for (int i = 0; i < r.length && ok; i++) {
                    Ref x = r[i];
                    boolean isOut = i == r.length - 1;
                    if (!isOut && scalar(x)) {
                        ok = !written.contains(x.slot());
                    } else {
                        ok = !(isOut && scalarRead.contains(x.slot())) && ordered(accesses.get(x.slot()), x.offset(), m, isOut);
                        // within one op, a slot it writes is read only at the same elements (in place)
                        if (ok && isOut) {
                            for (int k = 0; k < r.length - 1; k++) {
                                if (r[k].slot() == x.slot() && (scalar(r[k]) || r[k].offset() != x.offset())) ok = false;
                            }
                        }
                    }
                }
                if (!ok) break;
                for (int i = 0; i < r.length; i++) {
                    Ref x = r[i];
                    boolean isOut = i == r.length - 1;
                    if (!isOut && scalar(x)) scalarRead.add(x.slot());
                    else accesses.computeIfAbsent(x.slot(), k -> new ArrayList<>()).add(new long[] {x.offset(), m, isOut ? 1 : 0});
                    if (isOut) written.add(x.slot());
                }
                len = Math.max(len, m);
                end++;
            }
            // trailing hoisted calls stay after the chain, where they were
            while (!hoisted.isEmpty() && hoisted.get(hoisted.size() - 1) == end - 1) {
                hoisted.remove(hoisted.size() - 1);
                end--;
            }
            if (end == c) {
                Call call = tape.get(c);
                items.add(new Item(refs[c], call::with));
                c++;
                continue;
            }
            for (int h : hoisted) items.add(new Item(refs[h], tape.get(h)::with));
            items.add(chain(codes, c, end, refs, isPrivate, writes, firstUse, lastUse, (int) len));
            c = end;
        }
        return items;
    }

    /**
     * Whether an access to elements [off, off + n) of a slot (a write if {@code write}) keeps its order against
     * the chain's earlier accesses when the chain runs block by block. Op k touches element e while the
     * chain is at block (e - off_k) / BLOCK of its index space; ops run in order within a block. So for two
     * accesses to one element, at least one a write, the earlier op's block must not come later: its offset
     * must be at least the later op's offset wherever the two ranges overlap.
     */
    private static boolean ordered(List<long[]> earlier, long off, long n, boolean write) {
        if (earlier == null) return true;
        for (long[] a : earlier) {
            boolean overlap = a[0] < off + n && off < a[0] + a[1];
            if (overlap && (write || a[2] == 1) && a[0] < off) return false;
        }
        return true;
    }

    /**
     * Whether a call that cannot join a chain may run before the chain grown so far: a plain kernel over
     * operands of at most one element, reading no slot the chain writes and writing no slot it touches.
     */
    private static boolean hoistable(Call call, Ref[] r, java.util.Set<Integer> written, Map<Integer, List<long[]>> accesses,
                                     java.util.Set<Integer> scalarRead) {
        if (!(call instanceof Call.Copy || call instanceof Call.Fill || call instanceof Call.Unary || call instanceof Call.Binary)) return false;
        for (int i = 0; i < r.length; i++) {
            Ref x = r[i];
            if (x == null || numel(x) > 1) return false;
            if (written.contains(x.slot())) return false;
            if (call.writes[i] && (accesses.containsKey(x.slot()) || scalarRead.contains(x.slot()))) return false;
        }
        return true;
    }

    /**
     * Whether every op of [from, to) from op c on touches the slot at elements [0, n) of op c's length n, so
     * that the value can live in a scratch block indexed like the chain's block.
     */
    private static boolean sameElements(int[] codes, int c, int to, Ref[][] refs, int slot) {
        long n = numel(refs[c][refs[c].length - 1]);
        for (int k = c; k < to; k++) {
            if (codes[k] < 0) continue;
            Ref[] r = refs[k];
            for (Ref x : r) {
                if (x == null || x.slot() != slot) continue;
                if (x.offset() != 0 || scalar(x) || numel(r[r.length - 1]) != n) return false;
            }
        }
        return true;
    }

    /** Calls [from, to) as one fused item (except hoisted ones, which have no fused opcode); values written and read only inside it go to scratch. */
    private static Item chain(int[] codes, int from, int to, Ref[][] refs, boolean[] isPrivate, int[] writes, int[] firstUse,
                              int[] lastUse, int len) {
        Map<Integer, Integer> scratchOf = new HashMap<>();
        List<Ref> external = new ArrayList<>();
        List<FusedF32.Op> ops = new ArrayList<>();
        for (int c = from; c < to; c++) {
            if (codes[c] < 0) continue;   // hoisted before the chain
            Ref[] r = refs[c];
            int[] kind = new int[3], idx = new int[3];
            for (int i = 0; i < r.length; i++) {
                Ref x = r[i];
                boolean isOut = i == r.length - 1;
                int pos = isOut ? 2 : i;
                Integer sc = scratchOf.get(x.slot());
                if (sc != null) {
                    kind[pos] = FusedF32.SCRATCH;
                    idx[pos] = sc;
                } else if (isOut && isPrivate[x.slot()] && writes[x.slot()] == 1 && firstUse[x.slot()] == c
                        && lastUse[x.slot()] < to && lastUse[x.slot()] > c && x.offset() == 0
                        && sameElements(codes, c, to, refs, x.slot())) {
                    sc = scratchOf.size();
                    scratchOf.put(x.slot(), sc);
                    kind[pos] = FusedF32.SCRATCH;
                    idx[pos] = sc;
                } else {
                    kind[pos] = !isOut && scalar(x) ? FusedF32.SCALAR : FusedF32.VEC;
                    idx[pos] = external.size();
                    external.add(x);
                }
            }
            int code = codes[c];
            if (r.length == 2 && code != FusedF32.COPY) {   // a unary op as a binary one with both operands x
                kind[1] = kind[0];
                idx[1] = idx[0];
            }
            ops.add(new FusedF32.Op(code, kind[0], idx[0], kind[1], idx[1], kind[2], idx[2], (int) numel(r[r.length - 1])));
        }
        FusedF32.Op[] program = ops.toArray(new FusedF32.Op[0]);
        int scratch = scratchOf.size();
        if (refs[from][refs[from].length - 1].dtype() == DType.FLOAT64) {
            return new Item(external.toArray(new Ref[0]), t -> new FusedF64(program, len, t, scratch));
        }
        return new Item(external.toArray(new Ref[0]), t -> new FusedF32(program, len, t, scratch));
    }
}
