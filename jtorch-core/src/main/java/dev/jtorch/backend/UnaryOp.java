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
    SIGN { public double apply(double x, double a, double b) { return Double.isNaN(x) ? 0.0 : Math.signum(x); }
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
    // math: transcendental, activation, special and classification functions
    EXP2 { public double apply(double x, double a, double b) { return Math.pow(2.0, x); } },
    EXPM1 { public double apply(double x, double a, double b) { return Math.expm1(x); } },
    LOG2 { public double apply(double x, double a, double b) { return MathScalars.log2(x); } },
    LOG10 { public double apply(double x, double a, double b) { return Math.log10(x); } },
    LOG1P { public double apply(double x, double a, double b) { return Math.log1p(x); } },
    TAN { public double apply(double x, double a, double b) { return Math.tan(x); } },
    ASIN { public double apply(double x, double a, double b) { return Math.asin(x); } },
    ACOS { public double apply(double x, double a, double b) { return Math.acos(x); } },
    ATAN { public double apply(double x, double a, double b) { return Math.atan(x); } },
    SINH { public double apply(double x, double a, double b) { return Math.sinh(x); } },
    COSH { public double apply(double x, double a, double b) { return Math.cosh(x); } },
    ASINH { public double apply(double x, double a, double b) {
                double ax = Math.abs(x);
                if (ax > 1e8) return Math.copySign(Math.log(ax) + Math.log(2), x);
                return Math.copySign(Math.log1p(ax + ax * ax / (1 + Math.sqrt(1 + ax * ax))), x); } },
    ACOSH { public double apply(double x, double a, double b) {
                if (x < 1) return Double.NaN;
                if (x > 1e8) return Math.log(x) + Math.log(2);
                double t = x - 1;
                return Math.log1p(t + Math.sqrt(2 * t + t * t)); } },
    ATANH { public double apply(double x, double a, double b) { return 0.5 * Math.log1p(2 * x / (1 - x)); } },
    /** x for x &gt; 0, else slope a times x. */
    LEAKY_RELU { public double apply(double x, double a, double b) { return x > 0 ? x : x * a; } },
    /** scale b times (x for x &gt; 0, else alpha a times (e^x - 1)): elu, and selu with its constants. */
    ELU { public double apply(double x, double a, double b) { return x > 0 ? b * x : b * a * Math.expm1(x); } },
    GELU { public double apply(double x, double a, double b) { return 0.5 * x * (1 + Special.erf(x * 0.7071067811865476)); } },
    GELU_TANH { public double apply(double x, double a, double b) {
                    double inner = 0.7978845608028654 * (x + 0.044715 * x * x * x);
                    return 0.5 * x * (1 + Math.tanh(inner)); } },
    SILU { public double apply(double x, double a, double b) { return x / (1 + Math.exp(-x)); } },
    MISH { public double apply(double x, double a, double b) { return x * Math.tanh(MathScalars.softplus(x, 1, 20)); } },
    /** log(1 + e^(a x)) / a, linear above the threshold b. */
    SOFTPLUS { public double apply(double x, double a, double b) { return MathScalars.softplus(x, a, b); } },
    HARDSIGMOID { public double apply(double x, double a, double b) { return Math.min(Math.max(x + 3, 0), 6) / 6; } },
    HARDSWISH { public double apply(double x, double a, double b) { return x * Math.min(Math.max(x + 3, 0), 6) / 6; } },
    LOGSIGMOID { public double apply(double x, double a, double b) { return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))); } },
    ERF { public double apply(double x, double a, double b) { return Special.erf(x); } },
    ERFC { public double apply(double x, double a, double b) { return Special.erfc(x); } },
    ERFINV { public double apply(double x, double a, double b) { return Special.erfinv(x); } },
    LGAMMA { public double apply(double x, double a, double b) { return Special.lgamma(x); } },
    DIGAMMA { public double apply(double x, double a, double b) { return Special.digamma(x); } },
    TRIGAMMA { public double apply(double x, double a, double b) { return Special.trigamma(x); } },
    FRAC { public double apply(double x, double a, double b) { return x - (x < 0 ? Math.ceil(x) : Math.floor(x)); } },
    /** Round half to even at a decimals, as torch.round(x, decimals=a). */
    ROUND_DECIMALS { public double apply(double x, double a, double b) {
                         if (a > 0) { double p = Math.pow(10, a); return Math.rint(x * p) / p; }
                         double p = Math.pow(10, -a);
                         return Math.rint(x / p) * p; } },
    ISNAN { public double apply(double x, double a, double b) { return Double.isNaN(x) ? 1 : 0; }
            public long applyLong(long x, long a, long b) { return 0; } },
    ISINF { public double apply(double x, double a, double b) { return Double.isInfinite(x) ? 1 : 0; }
            public long applyLong(long x, long a, long b) { return 0; } },
    ISFINITE { public double apply(double x, double a, double b) { return Double.isFinite(x) ? 1 : 0; }
               public long applyLong(long x, long a, long b) { return 1; } },
    ISPOSINF { public double apply(double x, double a, double b) { return x == Double.POSITIVE_INFINITY ? 1 : 0; }
               public long applyLong(long x, long a, long b) { return 0; } },
    ISNEGINF { public double apply(double x, double a, double b) { return x == Double.NEGATIVE_INFINITY ? 1 : 0; }
               public long applyLong(long x, long a, long b) { return 0; } },
    SIGNBIT { public double apply(double x, double a, double b) { return Double.doubleToRawLongBits(x) < 0 ? 1 : 0; }
              public long applyLong(long x, long a, long b) { return x < 0 ? 1 : 0; } },
    /** NaN to a, +inf to b (-inf is a second pass through {@link #NEGINF_TO}). */
    NAN_TO_NUM { public double apply(double x, double a, double b) {
                     return Double.isNaN(x) ? a : x == Double.POSITIVE_INFINITY ? b : x; }
                 public long applyLong(long x, long a, long b) { return x; } },
    NEGINF_TO { public double apply(double x, double a, double b) { return x == Double.NEGATIVE_INFINITY ? a : x; }
                public long applyLong(long x, long a, long b) { return x; } },
    /** max(x, a), NaN kept. */
    CLAMP_MIN { public double apply(double x, double a, double b) { return Double.isNaN(x) || Double.isNaN(a) ? Double.NaN : Math.max(x, a); }
                public long applyLong(long x, long a, long b) { return Math.max(x, a); } },
    /** min(x, a), NaN kept. */
    CLAMP_MAX { public double apply(double x, double a, double b) { return Double.isNaN(x) || Double.isNaN(a) ? Double.NaN : Math.min(x, a); }
                public long applyLong(long x, long a, long b) { return Math.min(x, a); } },
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
