package dev.jtorch.io;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * A restricted pickle reader, the Java counterpart of PyTorch's {@code torch.load(weights_only=True)}
 * unpickler: it understands the binary opcodes of protocols 2 to 5 that checkpoints use, and resolves a
 * {@code GLOBAL} only through a {@link Globals} table the caller supplies. Nothing named in the file is ever
 * looked up reflectively or executed; any other global, and the opcodes that instantiate arbitrary classes
 * ({@code INST}, {@code OBJ}, {@code NEWOBJ}, extension registry), are refused with a clear message.
 *
 * <p>Python values become: None - null, bool - Boolean, int - Long (BigInteger beyond 64 bits), float -
 * Double, str - String, bytes - byte[], list - ArrayList, tuple - an immutable List, dict - LinkedHashMap
 * (insertion order, as Python's), set - LinkedHashSet.
 *
 * <p>The reader trusts no length: every string, byte run and integer is checked against the bytes left
 * before anything is allocated, and the number of objects it creates is bounded, so a hostile pickle ends in
 * a {@link CheckpointFormatException} naming the source and byte offset, never in an OutOfMemoryError.
 */
final class Unpickler {
    /** A Python callable a global resolves to; it receives the REDUCE argument tuple. */
    interface PyCallable {
        Object call(List<Object> args, Unpickler u) throws CheckpointFormatException;
    }

    /** Resolves {@code module.name}, or returns null to refuse it. */
    interface Globals {
        Object resolve(String module, String name);
    }

    /** Maps a persistent id (the BINPERSID operand) to an object. */
    interface PersistentLoader {
        Object load(Object pid, Unpickler u) throws IOException;
    }

    /** A Python tuple: an immutable list, distinguishable from a list while unpickling. */
    static final class Tuple extends AbstractList<Object> implements RandomAccess {
        private final Object[] items;

        Tuple(Object[] items) { this.items = items; }

        @Override public Object get(int index) { return items[index]; }

        @Override public int size() { return items.length; }
    }

    // A budget in units of about 24 bytes of Java heap: a pushed value costs 1, a memo entry 4, a new container
    // 8. Real checkpoints use a few dozen units per tensor (100k+ tensors fit); a hostile pickle cannot make
    // the reader hold more than about 200 MB.
    static final long MAX_OBJECTS = 8_000_000L;
    static final int MAX_LONG_BYTES = 256;

    private static final Object MARK_OBJ = new Object();

    private final InputStream in;
    private final long limit;
    private final String where;
    private final Globals globals;
    private final PersistentLoader persistentLoader;
    private long pos;
    private long objects;
    private final ArrayList<Object> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markCount;
    private final HashMap<Long, Object> memo = new HashMap<>();
    private long opPos;

    /**
     * Reads from {@code in}, of which at most {@code limit} bytes belong to the pickle stream(s); {@code where}
     * names the source in messages.
     */
    Unpickler(InputStream in, long limit, String where, Globals globals, PersistentLoader persistentLoader) {
        this.in = in;
        this.limit = limit;
        this.where = where;
        this.globals = globals;
        this.persistentLoader = persistentLoader;
    }

    /** Bytes consumed so far. */
    long position() { return pos; }

    String where() { return where; }

    /** An error at the current opcode. */
    CheckpointFormatException error(String message) {
        return new CheckpointFormatException(where + ": " + message + " (pickle opcode at byte " + opPos + ")");
    }

    /** Reads one pickle (up to and including its STOP) and returns its value. */
    Object load() throws IOException {
        stack.clear();
        memo.clear();
        markCount = 0;
        while (true) {
            opPos = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto < 2 || proto > 5) throw error("unsupported pickle protocol " + proto);
                }
                case 0x95 -> { // FRAME: a length hint only
                    long n = i64();
                    if (n < 0 || n > limit - pos) throw error("frame of " + n + " bytes runs past the end of the data");
                }
                case '.' -> { // STOP
                    if (stack.size() != 1 || markCount != 0) throw error("STOP with " + stack.size() + " objects on the stack");
                    return stack.removeLast();
                }
                case '(' -> pushMark();
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) i32());
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (u8() | (u8() << 8)));
                case 0x8a -> push(longBytes(u8()));
                case 0x8b -> {
                    int n = i32();
                    if (n < 0) throw error("negative LONG4 length " + n);
                    push(longBytes(n));
                }
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(i64())));
                case 'X' -> push(utf8(u32()));
                case 0x8c -> push(utf8(u8()));
                case 0x8d -> push(utf8(i64()));
                case 'T' -> { // BINSTRING (py2 str): latin-1 text, as Python 3 reads it with encoding='latin1'
                    int n = i32();
                    if (n < 0) throw error("negative BINSTRING length " + n);
                    push(new String(bytes(n), StandardCharsets.ISO_8859_1));
                }
                case 'U' -> push(new String(bytes(u8()), StandardCharsets.ISO_8859_1));
                case 'B' -> push(bytes(u32()));
                case 'C' -> push(bytes(u8()));
                case 0x8e -> push(bytes(i64()));
                case 0x96 -> push(bytes(i64())); // BYTEARRAY8
                case ']' -> pushContainer(new ArrayList<>());
                case '}' -> pushContainer(new LinkedHashMap<>());
                case ')' -> pushContainer(new Tuple(new Object[0]));
                case 0x8f -> pushContainer(new LinkedHashSet<>());
                case 'l' -> pushContainer(new ArrayList<>(popToMark()));
                case 't' -> pushContainer(new Tuple(popToMark().toArray()));
                case 0x85 -> pushContainer(new Tuple(popN(1)));
                case 0x86 -> pushContainer(new Tuple(popN(2)));
                case 0x87 -> pushContainer(new Tuple(popN(3)));
                case 'd' -> {
                    List<Object> items = popToMark();
                    Map<Object, Object> d = new LinkedHashMap<>();
                    putItems(d, items);
                    pushContainer(d);
                }
                case 0x91 -> { // FROZENSET
                    Set<Object> s = new LinkedHashSet<>();
                    for (Object o : popToMark()) s.add(key(o));
                    pushContainer(s);
                }
                case 'a' -> {
                    Object v = pop();
                    list(peek()).add(v);
                    count(1);
                }
                case 'e' -> {
                    List<Object> items = popToMark();
                    list(peek()).addAll(items);
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    map(peek()).put(key(k), v);
                    count(1);
                }
                case 'u' -> {
                    List<Object> items = popToMark();
                    putItems(map(peek()), items);
                }
                case 0x90 -> { // ADDITEMS
                    List<Object> items = popToMark();
                    Object target = peek();
                    if (!(target instanceof Set<?>)) throw error("ADDITEMS on " + typeName(target) + ", not a set");
                    @SuppressWarnings("unchecked") Set<Object> s = (Set<Object>) target;
                    for (Object o : items) s.add(key(o));
                }
                case 'q' -> memoPut(u8());
                case 'r' -> memoPut(u32());
                case 0x94 -> memoPut(memo.size());
                case 'h' -> push(memoGet(u8()));
                case 'j' -> push(memoGet(u32()));
                case 'c' -> {
                    String module = line();
                    String name = line();
                    push(global(module, name));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error("STACK_GLOBAL needs two strings, got " + typeName(module) + " and " + typeName(name));
                    }
                    push(global(m, n));
                }
                case 'R' -> {
                    Object args = pop();
                    Object fn = pop();
                    if (!(fn instanceof PyCallable c)) throw error("REDUCE on " + typeName(fn) + ", which is not callable");
                    if (!(args instanceof Tuple t)) throw error("REDUCE arguments are " + typeName(args) + ", not a tuple");
                    push(c.call(t, this));
                }
                case 'Q' -> {
                    Object pid = pop();
                    if (persistentLoader == null) throw error("persistent id without a loader");
                    push(persistentLoader.load(pid, this));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    Object target = peek();
                    // OrderedDict state is its __dict__ (the state_dict's _metadata): nothing a Java map can hold
                    if (!(target instanceof LinkedHashMap<?, ?>) || !(state == null || state instanceof Map<?, ?>)) {
                        throw error("BUILD (setting the state of a " + typeName(target) + " from a " + typeName(state)
                                + ") is not allowed");
                    }
                }
                default -> {
                    String name = switch (op) {
                        case 'i' -> "INST";
                        case 'o' -> "OBJ";
                        case 0x81 -> "NEWOBJ";
                        case 0x92 -> "NEWOBJ_EX";
                        case 0x82, 0x83, 0x84 -> "EXT";
                        case 'P' -> "PERSID (text)";
                        case 0x97, 0x98 -> "out-of-band buffer";
                        default -> null;
                    };
                    throw error(name != null ? "Weights only load failed: unsupported pickle opcode " + name
                            : String.format("unknown or unsupported pickle opcode 0x%02x", op));
                }
            }
        }
    }

    // ------------------------------------------------------------------ globals

    private Object global(String module, String name) throws CheckpointFormatException {
        // protocol 2 spells builtins the Python 2 way; Python's unpickler maps it back (fix_imports)
        if (module.equals("__builtin__")) module = "builtins";
        Object g = globals.resolve(module, name);
        if (g == null) {
            String hint = module.equals("__main__") || module.startsWith("torch.nn.modules")
                    ? " (a whole pickled nn.Module? save model.state_dict() instead and load it into the Java module)" : "";
            throw error("Weights only load failed: unsupported class " + module + "." + name
                    + ": the restricted loader rebuilds only tensors, storages, OrderedDict and plain containers, and executes nothing" + hint);
        }
        return g;
    }

    // ------------------------------------------------------------------ stack

    private void push(Object o) throws CheckpointFormatException {
        count(1);
        stack.add(o);
    }

    private void pushContainer(Object o) throws CheckpointFormatException {
        count(7);
        push(o);
    }

    private void count(long n) throws CheckpointFormatException {
        objects += n;
        if (objects > MAX_OBJECTS) throw error("the pickle creates more objects than the loader allows (a budget of " + MAX_OBJECTS + " units)");
    }

    private Object pop() throws CheckpointFormatException {
        int floor = markCount > 0 ? marks[markCount - 1] : 0;
        if (stack.size() <= floor) throw error("pickle stack underflow");
        return stack.removeLast();
    }

    private Object peek() throws CheckpointFormatException {
        int floor = markCount > 0 ? marks[markCount - 1] : 0;
        if (stack.size() <= floor) throw error("pickle stack underflow");
        return stack.getLast();
    }

    private Object[] popN(int n) throws CheckpointFormatException {
        Object[] out = new Object[n];
        for (int i = n - 1; i >= 0; i--) out[i] = pop();
        return out;
    }

    private void pushMark() throws CheckpointFormatException {
        count(1);
        if (markCount == marks.length) marks = Arrays.copyOf(marks, marks.length * 2);
        marks[markCount++] = stack.size();
    }

    private void popMark() throws CheckpointFormatException {
        if (markCount == 0) throw error("POP_MARK without a MARK");
        int m = marks[--markCount];
        stack.subList(m, stack.size()).clear();
    }

    private List<Object> popToMark() throws CheckpointFormatException {
        if (markCount == 0) throw error("no MARK on the stack");
        int m = marks[--markCount];
        List<Object> tail = stack.subList(m, stack.size());
        List<Object> items = new ArrayList<>(tail);
        tail.clear();
        return items;
    }

    private void memoPut(long index) throws CheckpointFormatException {
        count(4);
        memo.put(index, peek());
    }

    private Object memoGet(long index) throws CheckpointFormatException {
        Object v = memo.get(index);
        if (v == null && !memo.containsKey(index)) throw error("memo key " + index + " was never stored");
        return v;
    }

    // ------------------------------------------------------------------ containers

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) throws CheckpointFormatException {
        if (o instanceof ArrayList<?> l) return (List<Object>) l;
        throw error("APPEND to " + typeName(o) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(Object o) throws CheckpointFormatException {
        if (o instanceof LinkedHashMap<?, ?> m) return (Map<Object, Object>) m;
        throw error("SETITEM on " + typeName(o) + ", not a dict");
    }

    private void putItems(Map<Object, Object> d, List<Object> items) throws CheckpointFormatException {
        if ((items.size() & 1) != 0) throw error("odd number of items (" + items.size() + ") for a dict");
        for (int i = 0; i < items.size(); i += 2) d.put(key(items.get(i)), items.get(i + 1));
    }

    /**
     * Keys must be immutable values whose hashCode is cheap and non-recursive: a list (or a self-referencing
     * structure) as a key would be a TypeError in Python and a stack overflow here.
     */
    private Object key(Object k) throws CheckpointFormatException {
        if (k == null || k instanceof String || k instanceof Long || k instanceof Double || k instanceof Boolean
                || k instanceof BigInteger) {
            return k;
        }
        if (k instanceof Tuple t) {
            for (Object o : t) {
                if (!(o == null || o instanceof String || o instanceof Long || o instanceof Double
                        || o instanceof Boolean || o instanceof BigInteger)) {
                    throw error("unsupported dict key: a tuple holding a " + typeName(o));
                }
            }
            return k;
        }
        throw error("unhashable or unsupported dict key of type " + typeName(k));
    }

    static String typeName(Object o) {
        if (o == null) return "None";
        if (o instanceof Tuple) return "tuple";
        if (o instanceof List<?>) return "list";
        if (o instanceof Map<?, ?>) return "dict";
        if (o instanceof Set<?>) return "set";
        if (o instanceof String) return "str";
        if (o instanceof Long || o instanceof BigInteger) return "int";
        if (o instanceof Double) return "float";
        if (o instanceof Boolean) return "bool";
        if (o instanceof byte[]) return "bytes";
        return o.getClass().getSimpleName();
    }

    // ------------------------------------------------------------------ reading

    private void need(long n) throws CheckpointFormatException {
        if (n < 0 || n > limit - pos) {
            throw error("a length of " + n + " bytes runs past the end of the data (" + (limit - pos) + " bytes left)");
        }
    }

    private int u8() throws IOException {
        need(1);
        int b = in.read();
        if (b < 0) throw error("truncated pickle");
        pos++;
        return b;
    }

    private int i32() throws IOException {
        byte[] b = bytes(4);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    private long u32() throws IOException { return i32() & 0xFFFFFFFFL; }

    private long i64() throws IOException {
        byte[] b = bytes(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[i] & 0xFF);
        return v;
    }

    byte[] bytes(long n) throws IOException {
        need(n);
        if (n > Integer.MAX_VALUE - 16) throw error("a string of " + n + " bytes is too long");
        byte[] b = in.readNBytes((int) n);
        if (b.length < n) throw error("truncated pickle: " + n + " bytes expected, " + b.length + " present");
        pos += n;
        count(n / 64);
        return b;
    }

    private String utf8(long n) throws IOException {
        byte[] b = bytes(n);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw error("invalid UTF-8 in a string");
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = u8();
            if (c == '\n') return sb.toString();
            if (sb.length() >= 256) throw error("GLOBAL name longer than 256 characters");
            if (c < 0x20 || c > 0x7e) throw error("GLOBAL name holds a non-printable byte");
            sb.append((char) c);
        }
    }

    private Object longBytes(int n) throws IOException {
        if (n > MAX_LONG_BYTES) throw error("integer of " + n + " bytes is too large");
        byte[] b = bytes(n);
        if (n == 0) return 0L;
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) be[i] = b[n - 1 - i];
        BigInteger v = new BigInteger(be); // two's complement, as LONG1/LONG4 are
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }
}
