package dev.jtorch.cli;

import java.math.BigDecimal;

/** Python's {@code repr(float)}, so that log lines read exactly like the book's {@code print} output. */
final class PyFormat {
    private PyFormat() {}

    /** The shortest decimal that reads back to {@code v}, in Python's layout ({@code 0.0001}, {@code 1e-05}, {@code 1e+16}). */
    static String repr(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        String sign = (v < 0 || (v == 0 && 1 / v < 0)) ? "-" : "";
        if (v == 0) return sign + "0.0";
        // Double.toString gives the shortest round-tripping digits (JDK 19+), as Python's repr does
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        // Java writes at least two digits (4.9E-324); Python one when one reads back (5e-324)
        BigDecimal one = bd.round(new java.math.MathContext(1, java.math.RoundingMode.HALF_EVEN));
        if (bd.precision() == 2 && one.doubleValue() == Math.abs(v)) bd = one.stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - 1 - bd.scale();
        if (exp >= -4 && exp < 16) {
            String plain = bd.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String e = String.format("%02d", Math.abs(exp));
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + e;
    }
}
