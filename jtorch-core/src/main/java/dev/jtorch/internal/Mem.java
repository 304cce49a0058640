package dev.jtorch.internal;

import dev.jtorch.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Element access by dtype for the slow, general paths (printing, casts, generic kernels). Hot kernels
 * access segments directly with the layouts below.
 */
public final class Mem {
    private Mem() {}

    public static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    public static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    public static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    public static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    public static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /** Reads element {@code i} (in elements, not bytes) as a double. */
    public static double getDouble(MemorySegment s, DType t, long i) {
        return switch (t) {
            case FLOAT32 -> s.getAtIndex(F32, i);
            case FLOAT64 -> s.getAtIndex(F64, i);
            case INT64 -> s.getAtIndex(I64, i);
            case INT32 -> s.getAtIndex(I32, i);
            case INT16 -> s.getAtIndex(I16, i);
            case INT8 -> s.getAtIndex(I8, i);
            case UINT8 -> s.getAtIndex(I8, i) & 0xFF;
            case BOOL -> s.getAtIndex(I8, i) != 0 ? 1.0 : 0.0;
            case FLOAT16 -> Float.float16ToFloat(s.getAtIndex(I16, i));
            case BFLOAT16 -> bf16ToFloat(s.getAtIndex(I16, i));
        };
    }

    /** Reads element {@code i} as a long; floating values truncate toward zero like a C cast. */
    public static long getLong(MemorySegment s, DType t, long i) {
        return switch (t) {
            case INT64 -> s.getAtIndex(I64, i);
            case INT32 -> s.getAtIndex(I32, i);
            case INT16 -> s.getAtIndex(I16, i);
            case INT8 -> s.getAtIndex(I8, i);
            case UINT8 -> s.getAtIndex(I8, i) & 0xFF;
            case BOOL -> s.getAtIndex(I8, i) != 0 ? 1 : 0;
            default -> doubleToLong(getDouble(s, t, i));
        };
    }

    public static boolean getBool(MemorySegment s, DType t, long i) {
        return switch (t) {
            case BOOL, UINT8, INT8 -> s.getAtIndex(I8, i) != 0;
            case INT16 -> s.getAtIndex(I16, i) != 0;
            case INT32 -> s.getAtIndex(I32, i) != 0;
            case INT64 -> s.getAtIndex(I64, i) != 0;
            default -> getDouble(s, t, i) != 0.0; // NaN is true, as in PyTorch
        };
    }

    /** Writes a double, converting like PyTorch's casts (truncation toward zero, bool = non-zero). */
    public static void setDouble(MemorySegment s, DType t, long i, double v) {
        switch (t) {
            case FLOAT32 -> s.setAtIndex(F32, i, (float) v);
            case FLOAT64 -> s.setAtIndex(F64, i, v);
            case FLOAT16 -> s.setAtIndex(I16, i, Float.floatToFloat16((float) v));
            case BFLOAT16 -> s.setAtIndex(I16, i, floatToBf16((float) v));
            case BOOL -> s.setAtIndex(I8, i, (byte) (v != 0.0 ? 1 : 0));
            default -> setLong(s, t, i, doubleToLong(v));
        }
    }

    /** Writes a long, wrapping to the element width like a C cast. */
    public static void setLong(MemorySegment s, DType t, long i, long v) {
        switch (t) {
            case INT64 -> s.setAtIndex(I64, i, v);
            case INT32 -> s.setAtIndex(I32, i, (int) v);
            case INT16 -> s.setAtIndex(I16, i, (short) v);
            case INT8, UINT8 -> s.setAtIndex(I8, i, (byte) v);
            case BOOL -> s.setAtIndex(I8, i, (byte) (v != 0 ? 1 : 0));
            case FLOAT32 -> s.setAtIndex(F32, i, (float) v);
            case FLOAT64 -> s.setAtIndex(F64, i, (double) v);
            case FLOAT16 -> s.setAtIndex(I16, i, Float.floatToFloat16((float) v));
            case BFLOAT16 -> s.setAtIndex(I16, i, floatToBf16((float) v));
        }
    }

    /**
     * C's double-to-int64 conversion as x86 performs it: truncation, with NaN and out-of-range values
     * giving Long.MIN_VALUE (Java's cast would saturate instead).
     */
    public static long doubleToLong(double v) {
        if (Double.isNaN(v) || v >= 0x1p63 || v < -0x1p63) return Long.MIN_VALUE;
        return (long) v;
    }

    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Round-to-nearest-even, NaN kept quiet, as c10::BFloat16 does. */
    public static short floatToBf16(float f) {
        if (Float.isNaN(f)) return (short) 0x7FC0;
        int bits = Float.floatToRawIntBits(f);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
