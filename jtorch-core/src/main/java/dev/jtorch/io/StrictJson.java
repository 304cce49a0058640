package dev.jtorch.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON parser for file headers (safetensors): objects (LinkedHashMap, duplicate keys refused),
 * arrays (List), strings, integers (Long; fractions and exponents refused), true, false and null. Nesting is
 * bounded, so a hostile header cannot overflow the stack.
 */
final class StrictJson {
    private static final int MAX_DEPTH = 32;

    private final String s;
    private final String where;
    private int i;

    private StrictJson(String s, String where) {
        this.s = s;
        this.where = where;
    }

    static Object parse(String text, String where) throws CheckpointFormatException {
        StrictJson p = new StrictJson(text, where);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.i != text.length()) throw p.error("unexpected text after the JSON value");
        return v;
    }

    private CheckpointFormatException error(String message) {
        return new CheckpointFormatException(where + ": invalid JSON header: " + message + " at character " + i);
    }

    private void ws() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
            i++;
        }
    }

    private Object value(int depth) throws CheckpointFormatException {
        if (depth > MAX_DEPTH) throw error("nested more than " + MAX_DEPTH + " levels");
        if (i >= s.length()) throw error("unexpected end");
        char c = s.charAt(i);
        switch (c) {
            case '{' -> {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (peek('}')) return m;
                while (true) {
                    ws();
                    if (i >= s.length() || s.charAt(i) != '"') throw error("expected a string key");
                    String k = string();
                    ws();
                    expect(':');
                    ws();
                    Object v = value(depth + 1);
                    if (m.containsKey(k)) throw error("duplicate key \"" + k + "\"");
                    m.put(k, v);
                    ws();
                    if (peek('}')) return m;
                    expect(',');
                }
            }
            case '[' -> {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (peek(']')) return l;
                while (true) {
                    ws();
                    l.add(value(depth + 1));
                    ws();
                    if (peek(']')) return l;
                    expect(',');
                }
            }
            case '"' -> { return string(); }
            case 't' -> { literal("true"); return Boolean.TRUE; }
            case 'f' -> { literal("false"); return Boolean.FALSE; }
            case 'n' -> { literal("null"); return null; }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected character '" + c + "'");
            }
        }
    }

    private boolean peek(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws CheckpointFormatException {
        if (!peek(c)) throw error("expected '" + c + "'");
    }

    private void literal(String word) throws CheckpointFormatException {
        if (!s.startsWith(word, i)) throw error("invalid literal");
        i += word.length();
    }

    private Long number() throws CheckpointFormatException {
        int start = i;
        if (s.charAt(i) == '-') i++;
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        if (i == digits) throw error("a number without digits");
        if (s.charAt(digits) == '0' && i - digits > 1) throw error("a number with a leading zero");
        if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            throw error("a non-integer number (only integers are expected in this header)");
        }
        try {
            return Long.parseLong(s.substring(start, i));
        } catch (NumberFormatException e) {
            throw error("integer " + s.substring(start, i) + " does not fit in 64 bits");
        }
    }

    private String string() throws CheckpointFormatException {
        i++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) throw error("unterminated string");
            char c = s.charAt(i++);
            if (c == '"') return sb.toString();
            if (c < 0x20) throw error("a control character inside a string");
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= s.length()) throw error("unterminated escape");
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) throw error("truncated \\u escape");
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(s.charAt(i++), 16);
                        if (d < 0) throw error("invalid \\u escape");
                        v = v * 16 + d;
                    }
                    sb.append((char) v);
                }
                default -> throw error("invalid escape \\" + e);
            }
        }
    }

    /** JSON text for a string (for writing headers). */
    static String quote(String v) {
        StringBuilder sb = new StringBuilder("\"");
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
