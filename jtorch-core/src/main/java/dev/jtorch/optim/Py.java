package dev.jtorch.optim;

import java.math.BigDecimal;
import java.util.List;

/** Python's {@code str()} of option values, for reprs that read like PyTorch's. */
final class Py {
    private Py() {}

    static String str(Object v) {
        if (v == null) return "None";
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof Double || v instanceof Float) return floatRepr(((Number) v).doubleValue());
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < l.size(); i++) sb.append(i > 0 ? ", " : "").append(str(l.get(i)));
            return sb.append(l.size() == 1 ? ",)" : ")").toString();
        }
        if (v instanceof double[] a) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < a.length; i++) sb.append(i > 0 ? ", " : "").append(floatRepr(a[i]));
            return sb.append(a.length == 1 ? ",)" : ")").toString();
        }
        return v.toString();
    }

    /** {@code repr(float)}: the shortest round-tripping digits, exponent form below 1e-4 and from 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = b.precision() - b.scale() - 1;
        if (exp >= -4 && exp < 16) {
            String s = b.toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        String digits = b.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
        sb.append(digits.charAt(0));
        if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
        sb.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) sb.append('0');
        return sb.append(a).toString();
    }
}
