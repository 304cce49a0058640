package dev.jtorch.io;

import dev.jtorch.DType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated header of one {@code .npy} array: element type and byte order, memory order, shape, and
 * the byte offset where the data starts.
 *
 * <p>numpy stores the header as a Python dict literal and reads it with {@code ast.literal_eval}; here a
 * small strict parser accepts only what that literal can legitimately be (strings, True/False, a tuple of
 * integers, under exactly the keys {@code descr}, {@code fortran_order} and {@code shape}) and never
 * evaluates anything. Every size is checked for overflow, so a hostile header fails here with a message
 * instead of producing a huge allocation later.
 */
record NpyHeader(int major, int minor, DType dtype, ByteOrder order, boolean fortranOrder, long[] shape,
                 long dataOffset, long numel, long dataBytes) {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Bytes before the header text for version 1.0 (magic, version, 2-byte length); 2.0 and 3.0 add two. */
    private static final int PREFIX_V1 = 10;
    /** numpy aligns the data to this many bytes from the start of the file. */
    private static final int ARRAY_ALIGN = 64;
    /** numpy pads the header so a shape's growing axis can be rewritten in place (GROWTH_AXIS_MAX_DIGITS). */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Far above any header numpy writes (numpy itself refuses 10000 characters without allow_pickle). */
    static final int MAX_HEADER_BYTES = 1 << 20;

    /** Strides, in elements, of the array as stored: row-major, or column-major for fortran_order. */
    long[] strides() {
        long[] st = new long[shape.length];
        long s = 1;
        if (fortranOrder) {
            for (int i = 0; i < shape.length; i++) { st[i] = s; s *= Math.max(shape[i], 1); }
        } else {
            for (int i = shape.length - 1; i >= 0; i--) { st[i] = s; s *= Math.max(shape[i], 1); }
        }
        return st;
    }

    /**
     * Checks the header's data size against the {@code available} bytes that follow it, before anything
     * is allocated: a header declaring more data than the file holds is the classic hostile file.
     */
    void checkDataSize(long available, String name) throws NpyFormatException {
        if (available < dataBytes) {
            throw new NpyFormatException(name + ": truncated data: the header declares shape " + shapeRepr(shape)
                    + " of " + descrOf(dtype, order) + " = " + dataBytes + " bytes of data at byte " + dataOffset
                    + ", but only " + Math.max(available, 0) + " bytes follow the header");
        }
        if (available > dataBytes) {
            throw new NpyFormatException(name + ": " + available + " bytes follow the header at byte " + dataOffset
                    + ", but the header declares shape " + shapeRepr(shape) + " of " + descrOf(dtype, order)
                    + " = " + dataBytes + " bytes of data (" + (available - dataBytes) + " trailing bytes)");
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads the magic string, version, length field and header text from {@code in}, which is positioned at
     * the start of an array that occupies {@code totalSize} bytes, and validates them.
     */
    static NpyHeader read(InputStream in, long totalSize, String name) throws IOException {
        byte[] pre = new byte[8];
        int got = in.readNBytes(pre, 0, pre.length);
        if (got < 8 || !Arrays.equals(pre, 0, 6, MAGIC, 0, 6)) {
            throw new NpyFormatException(name + ": " + badMagic(pre, got));
        }
        int major = pre[6] & 0xFF, minor = pre[7] & 0xFF;
        if (minor != 0 || major < 1 || major > 3) {
            throw new NpyFormatException(name + ": unsupported .npy format version " + major + "." + minor
                    + " at byte 6 (jtorch reads 1.0, 2.0 and 3.0)");
        }
        // 1.0 has a 2-byte header length, 2.0 and 3.0 a 4-byte one, both little-endian
        byte[] len = new byte[major == 1 ? 2 : 4];
        if (in.readNBytes(len, 0, len.length) < len.length) {
            throw new NpyFormatException(name + ": truncated: the file ends inside the header length field at byte 8");
        }
        long headerLen = 0;
        for (int i = len.length - 1; i >= 0; i--) headerLen = headerLen << 8 | (len[i] & 0xFF);
        int prefix = 8 + len.length;
        if (headerLen > totalSize - prefix) {
            throw new NpyFormatException(name + ": the header length field at byte 8 declares " + headerLen
                    + " header bytes, but only " + Math.max(totalSize - prefix, 0) + " bytes follow it");
        }
        if (headerLen > MAX_HEADER_BYTES) {
            throw new NpyFormatException(name + ": the header length field at byte 8 declares " + headerLen
                    + " header bytes, above the limit of " + MAX_HEADER_BYTES);
        }
        byte[] hb = new byte[(int) headerLen];
        int hg = in.readNBytes(hb, 0, hb.length);
        if (hg < hb.length) {
            throw new NpyFormatException(name + ": truncated header: expected " + hb.length + " bytes at byte " + prefix
                    + ", found " + hg);
        }
        String text = decode(hb, major == 3, name, prefix);
        Parser p = new Parser(text, name, prefix, major == 3);
        Map<String, Object> d = p.parse();
        for (String k : new String[] {"descr", "fortran_order", "shape"}) {
            if (!d.containsKey(k)) throw new NpyFormatException(name + ": the header lacks the key '" + k + "'");
        }
        if (!(d.get("descr") instanceof String descr)) {
            throw new NpyFormatException(name + ": 'descr' must be a string, got " + d.get("descr"));
        }
        if (!(d.get("fortran_order") instanceof Boolean fortran)) {
            throw new NpyFormatException(name + ": 'fortran_order' must be True or False");
        }
        if (!(d.get("shape") instanceof long[] shape)) {
            throw new NpyFormatException(name + ": 'shape' must be a tuple of integers");
        }
        Object[] dt = parseDescr(descr, name);
        DType dtype = (DType) dt[0];
        long numel = 1, nonZero = 1, bytes;
        try {
            for (long s : shape) {
                numel = Math.multiplyExact(numel, s);
                // strides use the product of the non-zero dims, so it must fit even when numel is 0
                nonZero = Math.multiplyExact(nonZero, Math.max(s, 1));
            }
            bytes = Math.multiplyExact(numel, (long) dtype.itemSize());
            Math.multiplyExact(nonZero, (long) dtype.itemSize());
        } catch (ArithmeticException e) {
            throw new NpyFormatException(name + ": the shape " + shapeRepr(shape) + " in the header has more elements"
                    + " or bytes than fit in 64 bits");
        }
        return new NpyHeader(major, 0, dtype, (ByteOrder) dt[1], fortran, shape, prefix + headerLen, numel, bytes);
    }

    private static String badMagic(byte[] pre, int got) {
        if (got >= 2 && pre[0] == 'P' && pre[1] == 'K') {
            return "not a .npy file: it starts with a zip signature (an .npz archive? load it with loadNpz)";
        }
        if (got >= 1 && (pre[0] & 0xFF) == 0x80) {
            return "not a .npy file: it starts like a Python pickle, which jtorch never unpickles";
        }
        if (got < 6) return "not a .npy file: only " + got + " bytes, too short for the magic string \\x93NUMPY at byte 0";
        if (Arrays.equals(pre, 0, 6, MAGIC, 0, 6)) return "truncated: the file ends inside the format version at byte 6";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            int b = pre[i] & 0xFF;
            sb.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return "not a .npy file: bad magic string at byte 0: expected \\x93NUMPY, found " + sb;
    }

    private static String decode(byte[] hb, boolean utf8, String name, int prefix) throws NpyFormatException {
        if (!utf8) return new String(hb, StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(hb)).toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException(name + ": the version 3.0 header at byte " + prefix + " is not valid UTF-8");
        }
    }

    /** Maps a numpy type string such as {@code <f4} to a jtorch dtype and the byte order of the data. */
    static Object[] parseDescr(String descr, String name) throws NpyFormatException {
        String where = name + ": 'descr' " + repr(descr) + ": ";
        if (descr.equals("O") || descr.length() >= 2 && descr.charAt(1) == 'O') {
            throw new NpyFormatException(where + "object arrays hold pickled Python objects, which jtorch never loads");
        }
        if (descr.length() < 3) throw new NpyFormatException(where + "not a numpy type string");
        char o = descr.charAt(0);
        String code = descr.substring(1);
        DType t = switch (code) {
            case "b1" -> DType.BOOL;
            case "u1" -> DType.UINT8;
            case "i1" -> DType.INT8;
            case "i2" -> DType.INT16;
            case "i4" -> DType.INT32;
            case "i8" -> DType.INT64;
            case "f2" -> DType.FLOAT16;
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            case "u2", "u4", "u8" -> throw new NpyFormatException(where + "numpy's uint" + 8 * (code.charAt(1) - '0')
                    + " has no jtorch dtype (PyTorch 1.13 has none either); convert it in numpy first");
            case "c8", "c16" -> throw new NpyFormatException(where + "complex dtypes are not supported");
            default -> throw new NpyFormatException(where + "unsupported dtype (jtorch reads b1, u1, i1, i2, i4, i8, "
                    + "f2, f4 and f8)");
        };
        ByteOrder order;
        if (o == '<') order = ByteOrder.LITTLE_ENDIAN;
        else if (o == '>') order = ByteOrder.BIG_ENDIAN;
        else if (o == '|' && t.itemSize() == 1) order = ByteOrder.nativeOrder();
        else throw new NpyFormatException(where + "byte order '" + o + "' is not valid for a " + t.itemSize()
                + "-byte type (expected '<' or '>'" + (t.itemSize() == 1 ? " or '|'" : "") + ")");
        return new Object[] {t, order};
    }

    // ------------------------------------------------------------------ writing

    /** numpy's spelling of a dtype in native little-endian order; bfloat16 has none. */
    static String descrOf(DType t) {
        return switch (t) {
            case BOOL -> "|b1";
            case UINT8 -> "|u1";
            case INT8 -> "|i1";
            case INT16 -> "<i2";
            case INT32 -> "<i4";
            case INT64 -> "<i8";
            case FLOAT16 -> "<f2";
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case BFLOAT16 -> throw new IllegalArgumentException("numpy has no bfloat16 dtype, so a torch.bfloat16 tensor "
                    + "cannot be saved as .npy; convert it first, e.g. tensor.toFloat() (exact)");
        };
    }

    private static String descrOf(DType t, ByteOrder order) {
        if (t.itemSize() == 1) return descrOf(t);
        return (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + descrOf(t).substring(1);
    }

    /** Python's repr of a shape tuple: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    static String shapeRepr(long[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        return sb.append(")").toString();
    }

    /**
     * The bytes numpy 1.24's {@code np.save} writes before the data of a C-ordered array: the same dict,
     * spare space and padding, so the output is byte-identical and the data 64-byte aligned.
     */
    static byte[] encode(DType dtype, long[] shape) {
        StringBuilder h = new StringBuilder("{'descr': '").append(descrOf(dtype)).append("', 'fortran_order': False, 'shape': ")
                .append(shapeRepr(shape)).append(", }");
        if (shape.length > 0) h.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length());
        int hlen = h.length() + 1;
        int major = 1, prefix = PREFIX_V1;
        int pad = ARRAY_ALIGN - (prefix + hlen) % ARRAY_ALIGN;
        if (hlen + pad > 0xFFFF) {
            major = 2;
            prefix = PREFIX_V1 + 2;
            pad = ARRAY_ALIGN - (prefix + hlen) % ARRAY_ALIGN;
        }
        h.repeat(' ', pad).append('\n');
        byte[] text = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(prefix + text.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) out.putShort((short) text.length);
        else out.putInt(text.length);
        return out.put(text).array();
    }

    private static String repr(String s) { return "'" + s + "'"; }

    // ------------------------------------------------------------------ the dict literal

    /** A recursive-descent reader of the one literal shape numpy writes; anything else is an error. */
    private static final class Parser {
        private final String s;
        private final String name;
        private final int base;
        private final boolean utf8;
        private int pos;

        Parser(String s, String name, int base, boolean utf8) {
            this.s = s;
            this.name = name;
            this.base = base;
            this.utf8 = utf8;
        }

        Map<String, Object> parse() throws NpyFormatException {
            Map<String, Object> d = new LinkedHashMap<>();
            ws();
            expect('{', "the header must be a Python dict literal starting with '{'");
            ws();
            while (peek() != '}') {
                int keyAt = pos;
                if (peek() != '\'' && peek() != '"') throw error("expected a quoted key or '}'");
                String key = string();
                if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                    throw error(keyAt, "unexpected key " + repr(key) + " (a .npy header has only 'descr', "
                            + "'fortran_order' and 'shape')");
                }
                if (d.containsKey(key)) throw error(keyAt, "duplicate key " + repr(key));
                ws();
                expect(':', "expected ':' after the key " + repr(key));
                ws();
                d.put(key, value(key));
                ws();
                if (peek() == ',') {
                    pos++;
                    ws();
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' after the value of " + repr(key));
                }
            }
            pos++;
            ws();
            if (pos < s.length()) throw error("unexpected text after the header dict");
            return d;
        }

        private Object value(String key) throws NpyFormatException {
            char c = peek();
            if (c == '\'' || c == '"') return string();
            if (c == '(') return tuple();
            if (s.startsWith("True", pos) && !identChar(pos + 4)) { pos += 4; return Boolean.TRUE; }
            if (s.startsWith("False", pos) && !identChar(pos + 5)) { pos += 5; return Boolean.FALSE; }
            if (c == '[' && key.equals("descr")) {
                throw error("'descr' is a list: structured (record) dtypes are not supported");
            }
            throw error("expected a string, True, False or a tuple of integers as the value of " + repr(key));
        }

        private long[] tuple() throws NpyFormatException {
            pos++; // '('
            long[] dims = new long[4];
            int n = 0;
            boolean trailingComma = false;
            ws();
            while (peek() != ')') {
                int at = pos;
                long v = integer();
                if (v < 0) throw error(at, "negative dimension " + v + " in 'shape'");
                if (n == dims.length) dims = Arrays.copyOf(dims, 2 * n);
                dims[n++] = v;
                ws();
                trailingComma = false;
                if (peek() == ',') {
                    pos++;
                    trailingComma = true;
                    ws();
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in 'shape'");
                }
            }
            // Python reads "(3)" as the integer 3, not a tuple
            if (n == 1 && !trailingComma) throw error("'shape' is (" + dims[0] + "), an integer, not a tuple (write (" + dims[0] + ",))");
            pos++;
            return Arrays.copyOf(dims, n);
        }

        private long integer() throws NpyFormatException {
            int start = pos;
            boolean neg = false;
            if (peek() == '-' || peek() == '+') {
                neg = peek() == '-';
                pos++;
            }
            if (!Character.isDigit(peek()) || peek() > '9') throw error(start, "expected an integer in 'shape'");
            int digitsAt = pos;
            long v = 0;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c >= '0' && c <= '9') {
                    try {
                        v = Math.addExact(Math.multiplyExact(v, 10), c - '0');
                    } catch (ArithmeticException e) {
                        throw error(start, "dimension in 'shape' does not fit in 64 bits");
                    }
                } else if (c == '_' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1)) && pos > digitsAt) {
                    // Python allows digit separators: 1_000
                } else {
                    break;
                }
                pos++;
            }
            String digits = s.substring(digitsAt, pos).replace("_", "");
            if (digits.length() > 1 && digits.charAt(0) == '0' && v != 0) {
                throw error(start, "leading zeros in an integer are not valid Python");
            }
            // Python 2 wrote long dimensions as 3L; numpy still reads such 1.0 and 2.0 files
            if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l') && !utf8) pos++;
            if (identChar(pos)) throw error("unexpected character after an integer in 'shape'");
            return neg ? -v : v;
        }

        private String string() throws NpyFormatException {
            int start = pos;
            char q = s.charAt(pos++);
            int end = s.indexOf(q, pos);
            if (end < 0) throw error(start, "unterminated string");
            String v = s.substring(pos, end);
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '\\' || c == '\n' || c == '\r') throw error(pos + i, "escapes and line breaks are not allowed in header strings");
            }
            pos = end + 1;
            return v;
        }

        private boolean identChar(int i) {
            return i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_');
        }

        private void ws() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') break;
                pos++;
            }
        }

        private char peek() { return pos < s.length() ? s.charAt(pos) : '\0'; }

        private void expect(char c, String message) throws NpyFormatException {
            if (peek() != c) throw error(message);
            pos++;
        }

        private NpyFormatException error(String message) { return error(pos, message); }

        private NpyFormatException error(int at, String message) {
            long fileByte = base + (utf8 ? s.substring(0, Math.min(at, s.length())).getBytes(StandardCharsets.UTF_8).length : at);
            String found = at >= s.length() ? "end of header" : "'" + escape(s.charAt(at)) + "'";
            return new NpyFormatException(name + ": invalid .npy header at byte " + fileByte + " (header offset " + at
                    + ", found " + found + "): " + message + "; header: " + preview());
        }

        private String preview() {
            String t = s.strip();
            if (t.length() > 120) t = t.substring(0, 120) + "...";
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < t.length(); i++) sb.append(escape(t.charAt(i)));
            return sb.toString();
        }

        private static String escape(char c) {
            return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
        }
    }
}
