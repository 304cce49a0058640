package dev.jtorch.internal;

import dev.jtorch.DType;

/**
 * PyTorch's range check when a Python number becomes an element of a given dtype (c10's
 * {@code checked_convert}): fill_, full and full_like name the C++ type, tensor(...) its own spelling.
 */
public final class Scalars {
    private Scalars() {}

    /** The C++ type names c10 prints for fill_/full overflow errors. */
    private static String cppName(DType t) {
        return switch (t) {
            case UINT8 -> "uint8_t";
            case INT8 -> "int8_t";
            case INT16 -> "int16_t";
            case INT32 -> "int";
            case INT64 -> "int64_t";
            case FLOAT16 -> "at::Half";
            case BFLOAT16 -> "at::BFloat16";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case BOOL -> "bool";
        };
    }

    private static double max(DType t) {
        return switch (t) {
            case UINT8 -> 255;
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64 -> Long.MAX_VALUE;
            case FLOAT16 -> 65504.0;
            case BFLOAT16 -> 3.3895313892515355e38;
            case FLOAT32 -> Float.MAX_VALUE;
            default -> Double.MAX_VALUE;
        };
    }

    private static double lowest(DType t) {
        return switch (t) {
            case UINT8 -> 0;
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> -max(t);
        };
    }

    private static IllegalArgumentException overflow(String name) {
        return new IllegalArgumentException("value cannot be converted to type " + name + " without overflow");
    }

    /** A Python float: integral targets reject NaN and out-of-range values, floating ones only finite overflow. */
    public static void checkDouble(double v, DType t, String name) {
        if (t == DType.BOOL || t == DType.FLOAT64) return;
        if (t.isFloatingPoint()) {
            if (Double.isInfinite(v) || Double.isNaN(v)) return;
        } else if (Double.isNaN(v)) {
            throw overflow(name);
        }
        // compared in double, as c10 does (so 2^63 passes for int64)
        if (v < lowest(t) || v > max(t)) throw overflow(name);
    }

    /** A Python int: unsigned targets accept negatives down to -max (they wrap, two's complement). */
    public static void checkLong(long v, DType t, String name) {
        if (t == DType.BOOL || t == DType.INT64 || t == DType.FLOAT64 || t == DType.FLOAT32 || t == DType.BFLOAT16) return;
        if (t == DType.UINT8) {
            if (v > 255 || v < -255) throw overflow(name);
            return;
        }
        if (v < lowest(t) || v > max(t)) throw overflow(name);
    }

    /** fill_/full with a Java double: checked as a Python float (so -1.0 does not fit uint8). */
    public static void checkFill(double v, DType t) {
        checkDouble(v, t, cppName(t));
    }

    /** fill_/full with a Java integer: checked as a Python int (so -1 wraps to 255 in uint8). */
    public static void checkFill(long v, DType t) {
        checkLong(v, t, cppName(t));
    }

    /** tensor(...) with an explicit integral dtype checks each Python number with these names. */
    public static String creationName(DType t) {
        return switch (t) {
            case UINT8 -> "uint8";
            case INT8 -> "int8";
            case INT16 -> "int16";
            case INT32 -> "int32";
            case INT64 -> "int64";
            default -> null; // floating and bool elements are converted unchecked
        };
    }
}
