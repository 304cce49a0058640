package dev.jtorch.backend;

/**
 * Elementwise functions of one operand (with up to two scalar parameters). Floating dtypes compute
 * {@link #apply}, integral and bool dtypes {@link #applyLong} where the op is defined on them.
 * The op layer decides the compute dtype; these are only the scalar formulas.
 */
public enum UnaryOp {
    NEG { public double apply(double x, double a, double b) { return -x; }
          public long applyLong(long x, long a, long b) { return -x; } },
    ABS { public double apply(double x, double a, double b) { return Math.abs(x); }
          public long applyLong(long x, long a, long b) { return Math.abs(x); } },
    SIGN { public double apply(double x, double a, double b) { return Double.isNaN(x) ? x : Math.signum(x); }
           public long applyLong(long x, long a, long b) { return Long.signum(x); } },
    EXP { public double apply(double x, double a, double b) { return Math.exp(x); } },
    LOG { public double apply(double x, double a, double b) { return Math.log(x); } },
    SQRT { public double apply(double x, double a, double b) { return Math.sqrt(x); } },
    RSQRT { public double apply(double x, double a, double b) { return 1.0 / Math.sqrt(x); } },
    SQUARE { public double apply(double x, double a, double b) { return x * x; }
             public long applyLong(long x, long a, long b) { return x * x; } },
    RECIPROCAL { public double apply(double x, double a, double b) { return 1.0 / x; } },
    SIN { public double apply(double x, double a, double b) { return Math.sin(x); } },
    COS { public double apply(double x, double a, double b) { return Math.cos(x); } },
    TANH { public double apply(double x, double a, double b) { return Math.tanh(x); } },
    SIGMOID { public double apply(double x, double a, double b) { return 1.0 / (1.0 + Math.exp(-x)); } },
    RELU { public double apply(double x, double a, double b) { return x > 0 || Double.isNaN(x) ? x : 0.0; }
           public long applyLong(long x, long a, long b) { return Math.max(x, 0); } },
    /** x ** a (a scalar exponent). */
    POW_SCALAR { public double apply(double x, double a, double b) { return Math.pow(x, a); }
                 public long applyLong(long x, long a, long b) { return BinaryOp.powLong(x, a); } },
    /** a ** x (a scalar base). */
    RPOW_SCALAR { public double apply(double x, double a, double b) { return Math.pow(a, x); }
                  public long applyLong(long x, long a, long b) { return BinaryOp.powLong(a, x); } },
    /** min(max(x, a), b); NaN bounds are the op layer's business (it passes +-inf for a missing bound). */
    CLAMP { public double apply(double x, double a, double b) {
                if (Double.isNaN(x)) return x;
                return Math.min(Math.max(x, a), b); }
            public long applyLong(long x, long a, long b) { return Math.min(Math.max(x, a), b); } },
    FLOOR { public double apply(double x, double a, double b) { return Math.floor(x); }
            public long applyLong(long x, long a, long b) { return x; } },
    CEIL { public double apply(double x, double a, double b) { return Math.ceil(x); }
           public long applyLong(long x, long a, long b) { return x; } },
    TRUNC { public double apply(double x, double a, double b) { return x < 0 ? Math.ceil(x) : Math.floor(x); }
            public long applyLong(long x, long a, long b) { return x; } },
    /** Round half to even, as torch.round. */
    ROUND { public double apply(double x, double a, double b) { return Math.rint(x); }
            public long applyLong(long x, long a, long b) { return x; } },
    LOGICAL_NOT { public double apply(double x, double a, double b) { return x == 0 ? 1 : 0; }
                  public long applyLong(long x, long a, long b) { return x == 0 ? 1 : 0; } },
    BITWISE_NOT { public long applyLong(long x, long a, long b) { return ~x; } },
    // ---- further ops of the math issue are appended below this line ----
    ;

    /** The function on floating values. */
    public double apply(double x, double p0, double p1) {
        throw new UnsupportedOperationException(name().toLowerCase() + " is not defined on floating types");
    }

    /** The function on integral and bool values (the result wraps to the output's width). */
    public long applyLong(long x, long p0, long p1) {
        throw new UnsupportedOperationException(name().toLowerCase() + " is not defined on integral types");
    }
}
