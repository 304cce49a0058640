package dev.jtorch.backend;

/** Scalar helpers of the math issue's {@link UnaryOp} and {@link BinaryOp} constants. */
final class MathScalars {
    private MathScalars() {}

    /** Throws PyTorch's ZeroDivisionError for an integral zero divisor; returns the divisor. */
    static long checkedDivisor(long y) {
        if (y == 0) throw new ArithmeticException("ZeroDivisionError");
        return y;
    }

    /** CPython's float floor division, which PyTorch's div(rounding_mode="floor") follows. */
    static double floorDivide(double a, double b) {
        if (b == 0) return a / b;
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
        if (div == 0) return Math.copySign(0.0, a / b);
        double fl = Math.floor(div);
        if (div - fl > 0.5) fl += 1;
        return fl;
    }

    static double log2(double x) {
        // exact for powers of two, which Math.log(x) / Math.log(2) is not
        if (x > 0 && Double.isFinite(x)) {
            int e = Math.getExponent(x);
            if (e >= Double.MIN_EXPONENT && x == Math.scalb(1.0, e)) return e;
        }
        return Math.log(x) * 1.4426950408889634;
    }

    static double softplus(double x, double beta, double threshold) {
        return x * beta > threshold ? x : Math.log1p(Math.exp(x * beta)) / beta;
    }
}
