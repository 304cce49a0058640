package dev.jtorch.backend;

/**
 * Special functions Java's Math lacks, in double precision: erf, erfc, erfinv, lgamma, digamma and
 * trigamma. Written from the series, continued fractions and asymptotic expansions themselves rather
 * than fitted polynomials, so that the results are within a few ulps of the correctly rounded values
 * (PyTorch's own are libm's or Cephes', also within a few ulps).
 */
public final class Special {
    private Special() {}

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double LOG_SQRT_2PI = 0.9189385332046728;

    /** erf through a series of positive terms, so that nothing cancels: erf x = 2/sqrt(pi) e^(-x^2) sum x (2x^2)^n / (2n+1)!!. */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax >= 6.0) return Math.copySign(1.0, x);
        if (ax > 2.5) return Math.copySign(1.0 - erfcLarge(ax), x);
        double x2 = 2.0 * x * x;
        double term = x, sum = x;
        for (int n = 1; n < 200; n++) {
            term *= x2 / (2 * n + 1);
            sum += term;
            if (Math.abs(term) <= Math.abs(sum) * 1e-17) break;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
    }

    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 1.5) return 1.0 - erf(x);
        if (x > 27.3) return 0.0;
        return erfcLarge(x);
    }

    /** erfc for x &gt;= 1.5 from its continued fraction, evaluated by the modified Lentz method. */
    private static double erfcLarge(double x) {
        // erfc x = e^(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 5000; n++) {
            double a = n * 0.5;
            d = x + a * d;
            if (d == 0) d = tiny;
            c = x + a / c;
            if (c == 0) c = tiny;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) break;
        }
        return Math.exp(-x * x) / (f * 1.7724538509055160273);
    }

    /** The inverse of erf: a rough start refined by Newton's method on erf, or on erfc near +-1 where erf is flat. */
    public static double erfinv(double y) {
        if (Double.isNaN(y) || y < -1 || y > 1) return Double.NaN;
        if (y == 1) return Double.POSITIVE_INFINITY;
        if (y == -1) return Double.NEGATIVE_INFINITY;
        if (y == 0) return y;
        double ay = Math.abs(y);
        // start: the inverse of the approximation erf x ~ sign(x) sqrt(1 - exp(-x^2 (4/pi + a x^2)/(1 + a x^2)))
        double a = 0.147;
        double ln = Math.log((1 - ay) * (1 + ay));
        double t = 2 / (Math.PI * a) + ln / 2;
        double x = Math.sqrt(Math.sqrt(t * t - ln / a) - t);
        boolean tail = ay > 0.5;
        double q = 1 - ay; // exact for ay > 0.5
        for (int i = 0; i < 100; i++) {
            double f = tail ? q - erfc(x) : erf(x) - ay;
            double fp = TWO_OVER_SQRT_PI * Math.exp(-x * x);
            double dx = f / fp;
            // Halley's correction: f'' / f' = -2x
            dx = dx / (1 + x * dx);
            x -= dx;
            if (Math.abs(dx) <= 1e-17 * Math.abs(x)) break;
        }
        return Math.copySign(x, y);
    }

    /** log|Gamma(x)| as C's lgamma: Stirling's series above 15, the recurrence below, reflection for x &lt; 0.5. */
    public static double lgamma(double x) {
        if (Double.isNaN(x)) return x;
        if (Double.isInfinite(x)) return Double.POSITIVE_INFINITY;
        if (x <= 0 && x == Math.rint(x)) return Double.POSITIVE_INFINITY;
        if (x < 0.5) {
            // Gamma(x) Gamma(1-x) = pi / sin(pi x)
            double s = Math.abs(sinPi(x));
            return Math.log(Math.PI / s) - lgamma(1 - x);
        }
        if (x == 1 || x == 2) return 0.0;
        if (x < 15) {
            // lgamma x = lgamma(x + n) - log(x (x+1) ... (x+n-1)), keeping the product in range
            double prod = 1;
            double z = x;
            while (z < 15) {
                prod *= z;
                z += 1;
            }
            return stirling(z) - Math.log(prod);
        }
        return stirling(x);
    }

    /** Stirling's series with Bernoulli-number coefficients B_2k / (2k (2k-1) x^(2k-1)). */
    private static double stirling(double x) {
        if (x > 1e17) return x * (Math.log(x) - 1);
        double z = 1.0 / (x * x);
        double series = (1.0 / 12 + z * (-1.0 / 360 + z * (1.0 / 1260 + z * (-1.0 / 1680 + z * (1.0 / 1188
                + z * (-691.0 / 360360 + z * (1.0 / 156 + z * (-3617.0 / 122400)))))))) / x;
        return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + series;
    }

    /** sin(pi x) with the argument reduced exactly first, so that integers give exact zeros. */
    static double sinPi(double x) {
        double r = x % 2.0; // exact
        if (r < 0) r += 2.0;
        if (r == 0 || r == 1) return 0.0;
        if (r == 0.5) return 1.0;
        if (r == 1.5) return -1.0;
        return Math.sin(Math.PI * r);
    }

    /** tan(pi x) with exact argument reduction. */
    static double tanPi(double x) {
        double r = x % 1.0;
        if (r < 0) r += 1.0;
        if (r == 0) return 0.0;
        if (r == 0.5) return Double.POSITIVE_INFINITY;
        return Math.tan(Math.PI * r);
    }

    /** The digamma function psi = Gamma'/Gamma, with PyTorch's conventions at the poles. */
    public static double digamma(double x) {
        if (Double.isNaN(x)) return x;
        if (x == 0) return Math.copySign(Double.POSITIVE_INFINITY, -x);
        if (x == Double.POSITIVE_INFINITY) return x;
        if (x < 0) {
            if (x == Math.rint(x)) return Double.NaN;
            // psi(1 - x) - psi(x) = pi cot(pi x)
            return digamma(1 - x) - Math.PI / tanPi(x);
        }
        double result = 0;
        while (x < 10) {
            result -= 1 / x;
            x += 1;
        }
        if (x > 1e17) return result + Math.log(x);
        double z = 1.0 / (x * x);
        // psi x ~ log x - 1/(2x) - sum B_2k / (2k x^(2k))
        double series = z * (1.0 / 12 + z * (-1.0 / 120 + z * (1.0 / 252 + z * (-1.0 / 240 + z * (1.0 / 132
                + z * (-691.0 / 32760 + z * (1.0 / 12)))))));
        return result + Math.log(x) - 0.5 / x - series;
    }

    /** The trigamma function psi', for the gradient of digamma. */
    public static double trigamma(double x) {
        if (Double.isNaN(x)) return x;
        if (x <= 0 && x == Math.rint(x)) return Double.POSITIVE_INFINITY;
        if (x < 0) {
            // psi'(1 - x) + psi'(x) = pi^2 / sin^2(pi x)
            double s = sinPi(x);
            return Math.PI * Math.PI / (s * s) - trigamma(1 - x);
        }
        double result = 0;
        while (x < 10) {
            result += 1 / (x * x);
            x += 1;
        }
        double z = 1.0 / (x * x);
        // psi' x ~ 1/x + 1/(2x^2) + sum B_2k / x^(2k+1)
        double series = z * (1.0 / 6 + z * (-1.0 / 30 + z * (1.0 / 42 + z * (-1.0 / 30 + z * (5.0 / 66
                + z * (-691.0 / 2730 + z * (7.0 / 6)))))));
        return result + 1 / x + z / 2 + series / x;
    }
}
