package dev.jtorch.examples.book;

import dev.jtorch.DType;
import dev.jtorch.Tensor;

import java.math.BigDecimal;
import java.util.List;

/**
 * Python's {@code print} for the ported programs, so that each Java line prints what its Python line
 * printed: arguments joined by spaces, a shape as {@code torch.Size([...])}, floats as Python's
 * {@code repr}, a list of tensors as a tuple.
 */
public final class Py {
    private Py() {}

    public static void print(Object... args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(str(args[i]));
        }
        System.out.println(sb);
    }

    /** Python's {@code str(x)} for the values these programs print. */
    public static String str(Object x) {
        return switch (x) {
            case null -> "None";
            case long[] shape -> size(shape);
            case Double d -> repr(d);
            case Float f -> repr(f);
            case Boolean b -> b ? "True" : "False";
            case DType t -> t.toString();
            case List<?> list -> tuple(list);
            default -> String.valueOf(x);
        };
    }

    /** {@code torch.Size([2, 3])}. */
    public static String size(long[] shape) {
        StringBuilder sb = new StringBuilder("torch.Size([");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        return sb.append("])").toString();
    }

    /** A tuple such as torch.chunk returns: {@code (a, b)}, or {@code (a,)} for one element. */
    static String tuple(List<?> items) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < items.size(); i++) sb.append(i > 0 ? ", " : "").append(str(items.get(i)));
        return sb.append(items.size() == 1 ? ",)" : ")").toString();
    }

    /** Python's {@code repr(float)}: the shortest round-tripping digits, in Python's layout. */
    public static String repr(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        String sign = (v < 0 || (v == 0 && 1 / v < 0)) ? "-" : "";
        if (v == 0) return sign + "0.0";
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
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }

    /** Python's {@code str.format} with {} placeholders, each filled with {@link #str}. */
    public static String format(String pattern, Object... args) {
        StringBuilder sb = new StringBuilder();
        int from = 0, k = 0;
        for (int at = pattern.indexOf("{}"); at >= 0; at = pattern.indexOf("{}", from)) {
            sb.append(pattern, from, at).append(formatArg(args[k++]));
            from = at + 2;
        }
        return sb.append(pattern.substring(from)).toString();
    }

    /** {@code Tensor.__format__}: a 0-d tensor formats as its Python number, others as {@code str}. */
    private static String formatArg(Object x) {
        if (x instanceof Tensor t && t.dim() == 0) {
            if (t.isFloatingPoint()) return repr(t.itemDouble());
            if (t.dtype() == DType.BOOL) return t.itemBool() ? "True" : "False";
            return Long.toString(t.itemLong());
        }
        return str(x);
    }

    /** Python's {@code '{:.Nf}'.format(v)}: the exact binary value rounded half-even, as Python does. */
    public static String fixed(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return repr(v);
        String s = new BigDecimal(v).setScale(digits, java.math.RoundingMode.HALF_EVEN).toPlainString();
        return (v < 0 || (v == 0 && 1 / v < 0)) && !s.startsWith("-") ? "-" + s : s;
    }

    /** {@code str(OrderedDict)} of a state dict: {@code OrderedDict([('fc.weight', tensor(...)), ...])}. */
    public static String orderedDict(java.util.Map<String, Tensor> map) {
        StringBuilder sb = new StringBuilder("OrderedDict([");
        boolean first = true;
        for (var e : map.entrySet()) {
            sb.append(first ? "" : ", ").append("('").append(e.getKey()).append("', ").append(e.getValue()).append(')');
            first = false;
        }
        return sb.append("])").toString();
    }

    /** A float32 tensor's {@code item()} as Python sees it: the float widened to a double. */
    public static double item(Tensor t) {
        return t.itemDouble();
    }
}
