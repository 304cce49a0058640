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
            case EQ, NE, LT, LE, GT, GE -> true;
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
