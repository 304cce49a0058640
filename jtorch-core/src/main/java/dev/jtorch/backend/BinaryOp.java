package dev.jtorch.backend;

/**
 * Elementwise functions of two operands of one compute dtype. Comparisons return 1/0 and write a bool
 * output. Integer division by zero throws, as PyTorch raises ZeroDivisionError.
 */
public enum BinaryOp {
    ADD { public double apply(double x, double y) { return x + y; }
          public long applyLong(long x, long y) { return x + y; } },
    SUB { public double apply(double x, double y) { return x - y; }
          public long applyLong(long x, long y) { return x - y; } },
    MUL { public double apply(double x, double y) { return x * y; }
          public long applyLong(long x, long y) { return x * y; } },
    DIV { public double apply(double x, double y) { return x / y; } },
    POW { public double apply(double x, double y) { return Math.pow(x, y); }
          public long applyLong(long x, long y) { return powLong(x, y); } },
    MAXIMUM { public double apply(double x, double y) { return Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y); }
              public long applyLong(long x, long y) { return Math.max(x, y); } },
    MINIMUM { public double apply(double x, double y) { return Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y); }
              public long applyLong(long x, long y) { return Math.min(x, y); } },
    EQ { public double apply(double x, double y) { return x == y ? 1 : 0; }
         public long applyLong(long x, long y) { return x == y ? 1 : 0; } },
    NE { public double apply(double x, double y) { return x != y ? 1 : 0; }
         public long applyLong(long x, long y) { return x != y ? 1 : 0; } },
    LT { public double apply(double x, double y) { return x < y ? 1 : 0; }
         public long applyLong(long x, long y) { return x < y ? 1 : 0; } },
    LE { public double apply(double x, double y) { return x <= y ? 1 : 0; }
         public long applyLong(long x, long y) { return x <= y ? 1 : 0; } },
    GT { public double apply(double x, double y) { return x > y ? 1 : 0; }
         public long applyLong(long x, long y) { return x > y ? 1 : 0; } },
    GE { public double apply(double x, double y) { return x >= y ? 1 : 0; }
         public long applyLong(long x, long y) { return x >= y ? 1 : 0; } },
    // ---- further ops of the math issue are appended below this line ----
    // math: division family, transcendental pairs, logical and bitwise ops
    /** Division rounded toward zero ({@code rounding_mode="trunc"}). */
    DIV_TRUNC { public double apply(double x, double y) { double q = x / y; return q < 0 ? Math.ceil(q) : Math.floor(q); }
                public long applyLong(long x, long y) { return MathScalars.checkedDivisor(y) == -1 ? -x : x / y; } },
    /** Python's floor division, computed from fmod as PyTorch does so that it agrees with {@link #REMAINDER}. */
    DIV_FLOOR { public double apply(double x, double y) { return MathScalars.floorDivide(x, y); }
                public long applyLong(long x, long y) { return MathScalars.checkedDivisor(y) == -1 ? -x : Math.floorDiv(x, y); } },
    /** Python's modulus: the sign of the divisor. */
    REMAINDER { public double apply(double x, double y) {
                    double m = x % y;
                    if (m != 0 && (y < 0) != (m < 0)) m += y;
                    return m; }
                public long applyLong(long x, long y) { return MathScalars.checkedDivisor(y) == -1 ? 0 : Math.floorMod(x, y); } },
    /** C's fmod: the sign of the dividend. */
    FMOD { public double apply(double x, double y) { return x % y; }
           public long applyLong(long x, long y) { return MathScalars.checkedDivisor(y) == -1 ? 0 : x % y; } },
    ATAN2 { public double apply(double x, double y) { return Math.atan2(x, y); } },
    HYPOT { public double apply(double x, double y) { return Math.hypot(x, y); } },
    /** x * log(y) with 0 * log(0) = 0 (NaN y stays NaN). */
    XLOGY { public double apply(double x, double y) {
                if (Double.isNaN(y)) return Double.NaN;
                return x == 0 ? 0.0 : x * Math.log(y); } },
    LOGICAL_AND { public double apply(double x, double y) { return x != 0 && y != 0 ? 1 : 0; }
                  public long applyLong(long x, long y) { return x != 0 && y != 0 ? 1 : 0; } },
    LOGICAL_OR { public double apply(double x, double y) { return x != 0 || y != 0 ? 1 : 0; }
                 public long applyLong(long x, long y) { return x != 0 || y != 0 ? 1 : 0; } },
    LOGICAL_XOR { public double apply(double x, double y) { return (x != 0) != (y != 0) ? 1 : 0; }
                  public long applyLong(long x, long y) { return (x != 0) != (y != 0) ? 1 : 0; } },
    BITWISE_AND { public long applyLong(long x, long y) { return x & y; } },
    BITWISE_OR { public long applyLong(long x, long y) { return x | y; } },
    BITWISE_XOR { public long applyLong(long x, long y) { return x ^ y; } },
    /** x << y on the 64-bit value; the kernel's store wraps it to the element width. */
    LSHIFT { public double apply(double x, double y) { return x * Math.pow(2, y); }
             public long applyLong(long x, long y) { return y < 0 || y >= 64 ? 0 : x << y; } },
    /** Arithmetic x >> y; shifts past the width give the sign fill. */
    RSHIFT { public double apply(double x, double y) { return x / Math.pow(2, y); }
             public long applyLong(long x, long y) { return y < 0 || y >= 64 ? (x < 0 ? -1 : 0) : x >> y; } },
    COPYSIGN { public double apply(double x, double y) { return Math.copySign(x, y); } },
    FMAX { public double apply(double x, double y) { return Double.isNaN(x) ? y : Double.isNaN(y) ? x : Math.max(x, y); }
           public long applyLong(long x, long y) { return Math.max(x, y); } },
    FMIN { public double apply(double x, double y) { return Double.isNaN(x) ? y : Double.isNaN(y) ? x : Math.min(x, y); }
           public long applyLong(long x, long y) { return Math.min(x, y); } },
    ;

    public double apply(double x, double y) {
        throw new UnsupportedOperationException(name().toLowerCase() + " is not defined on floating types");
    }

    public long applyLong(long x, long y) {
        throw new UnsupportedOperationException(name().toLowerCase() + " is not defined on integral types");
    }

    /** True for ops whose output is bool whatever the inputs. */
    public boolean isComparison() {
        return switch (this) {
            case EQ, NE, LT, LE, GT, GE, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR -> true;
            default -> false;
        };
    }

    /** Integer power by squaring; negative exponents follow PyTorch (0 except for bases 1 and -1). */
    static long powLong(long base, long exp) {
        if (exp < 0) {
            if (base == 1) return 1;
            if (base == -1) return (exp & 1) == 0 ? 1 : -1;
            if (base == 0) throw new ArithmeticException("Integers to negative integer powers are not allowed.");
            return 0;
        }
        long result = 1;
        while (exp > 0) {
            if ((exp & 1) == 1) result *= base;
            base *= base;
            exp >>= 1;
        }
        return result;
    }
}
