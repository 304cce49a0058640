package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.IndexSymbol;
import dev.jtorch.Slice;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the text between Python's subscript brackets: integers, slices {@code a:b:c}, {@code None},
 * {@code ...}, {@code True}/{@code False} and (nested) lists of integers or booleans, which become
 * index tensors as Python lists do. A top-level comma makes a tuple, which PyTorch treats differently
 * from a lone index ({@code x[0]} versus {@code x[0,]} on a 0-d tensor).
 */
final class IndexParser {
    record Parsed(Object[] items, boolean tuple) {}

    private final String s;
    private int pos;

    private IndexParser(String s) { this.s = s; }

    static Parsed parse(String text) {
        IndexParser p = new IndexParser(text);
        List<Object> items = new ArrayList<>();
        boolean tuple = false;
        p.skip();
        if (p.pos == p.s.length()) throw p.error("empty index");
        while (true) {
            items.add(p.item());
            p.skip();
            if (p.pos == p.s.length()) break;
            p.expect(',');
            tuple = true;
            p.skip();
            if (p.pos == p.s.length()) break; // trailing comma: "0," is a one-element tuple
        }
        // NumPy's heuristic, kept by PyTorch: a lone short list holding a list is read as a tuple
        if (!tuple && items.get(0) instanceof List<?> l && l.size() < 32 && l.stream().anyMatch(e -> e instanceof List<?>)) {
            items = new ArrayList<>(l);
            tuple = true;
        }
        Object[] out = items.toArray();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof List<?> list) {
                Tensor t = Torch.tensor(list);
                out[i] = t.numel() == 0 ? t.to(DType.INT64) : t; // an empty list indexes as int64, as in PyTorch
            }
        }
        return new Parsed(out, tuple);
    }

    private Object item() {
        if (s.startsWith("...", pos)) {
            pos += 3;
            return IndexSymbol.ELLIPSIS;
        }
        if (peek() == '[') return list();
        String word = word();
        if (word != null) {
            return switch (word) {
                case "None" -> IndexSymbol.NEWAXIS;
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                default -> throw error("name '" + word + "' is not defined");
            };
        }
        Long start = integer();
        skip();
        if (peek() != ':') {
            if (start == null) throw error("invalid syntax");
            return start;
        }
        pos++;
        skip();
        Long stop = integer();
        skip();
        Long step = null;
        if (peek() == ':') {
            pos++;
            skip();
            step = integer();
        }
        return new Slice(start, stop, step);
    }

    /** A Python list literal as nested Java lists of Long and Boolean. */
    private List<Object> list() {
        expect('[');
        List<Object> out = new ArrayList<>();
        skip();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            skip();
            if (peek() == '[') {
                out.add(list());
            } else {
                String word = word();
                if ("True".equals(word) || "False".equals(word)) {
                    out.add(Boolean.valueOf(word.equals("True")));
                } else if (word != null) {
                    throw error("name '" + word + "' is not defined");
                } else {
                    Long v = integer();
                    if (v == null) throw error("invalid syntax");
                    out.add(v);
                }
            }
            skip();
            if (peek() == ']') {
                pos++;
                return out;
            }
            expect(',');
            skip();
            if (peek() == ']') { // trailing comma
                pos++;
                return out;
            }
        }
    }

    private String word() {
        int start = pos;
        while (pos < s.length() && Character.isLetter(s.charAt(pos))) pos++;
        return pos == start ? null : s.substring(start, pos);
    }

    private Long integer() {
        int start = pos;
        if (peek() == '-' || peek() == '+') pos++;
        skip();
        int digits = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
        if (pos == digits) {
            pos = start;
            return null;
        }
        String num = s.substring(start, pos).replace(" ", "");
        try {
            return Long.parseLong(num.startsWith("+") ? num.substring(1) : num);
        } catch (NumberFormatException e) {
            throw error("integer out of range: " + num);
        }
    }

    private char peek() { return pos < s.length() ? s.charAt(pos) : '\0'; }

    private void skip() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    private void expect(char c) {
        if (peek() != c) throw error("invalid syntax");
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("invalid index '" + s + "': " + what + " at position " + pos);
    }
}
