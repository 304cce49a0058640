package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

/**
 * {@code torch.nn.init}: in-place initialisations, run without recording gradients. Each draws from the
 * default generator exactly as PyTorch 1.13 does (one {@code uniform_} or {@code normal_} call), so seeded
 * Java and Python models start from the same values.
 */
public final class Init {
    private Init() {}

    /** The recommended gain for a nonlinearity ({@code calculate_gain}); {@code param} is leaky_relu's slope. */
    public static double calculateGain(String nonlinearity, Double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> {
                double slope = param == null ? 0.01 : param;
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
        };
    }

    public static double calculateGain(String nonlinearity) { return calculateGain(nonlinearity, null); }

    /** {fan_in, fan_out} of a weight with at least 2 dimensions. */
    public static long[] calculateFanInAndFanOut(Tensor t) {
        if (t.dim() < 2) throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
        long receptive = 1;
        for (int i = 2; i < t.dim(); i++) receptive *= t.size(i);
        return new long[] {t.size(1) * receptive, t.size(0) * receptive};
    }

    private static long fan(Tensor t, String mode) {
        long[] f = calculateFanInAndFanOut(t);
        return switch (mode) {
            case "fan_in" -> f[0];
            case "fan_out" -> f[1];
            default -> throw new IllegalArgumentException("Mode " + mode + " not supported, please use one of fan_in, fan_out");
        };
    }

    public static Tensor uniform_(Tensor t, double a, double b) {
        try (var g = Torch.noGrad()) {
            return t.uniform_(a, b);
        }
    }

    public static Tensor uniform_(Tensor t) { return uniform_(t, 0.0, 1.0); }

    public static Tensor normal_(Tensor t, double mean, double std) {
        try (var g = Torch.noGrad()) {
            return t.normal_(mean, std);
        }
    }

    public static Tensor normal_(Tensor t) { return normal_(t, 0.0, 1.0); }

    public static Tensor constant_(Tensor t, double value) {
        try (var g = Torch.noGrad()) {
            return t.fill_(value);
        }
    }

    public static Tensor zeros_(Tensor t) { return constant_(t, 0.0); }

    public static Tensor ones_(Tensor t) { return constant_(t, 1.0); }

    public static Tensor truncNormal_(Tensor t) { return truncNormal_(t, 0.0, 1.0, -2.0, 2.0); }

    /**
     * Normal values truncated to [a, b] by PyTorch's inverse-CDF method (one uniform_ draw, then erfinv), so
     * that seeded results match.
     */
    public static Tensor truncNormal_(Tensor t, double mean, double std, double a, double b) {
        double l = normCdf((a - mean) / std), u = normCdf((b - mean) / std);
        try (var g = Torch.noGrad()) {
            t.uniform_(2 * l - 1, 2 * u - 1);
            t.erfinv_();
            t.mul_(std * Math.sqrt(2.0));
            t.add_(mean);
            t.clamp_(a, b);
            return t;
        }
    }

    private static double normCdf(double x) { return (1.0 + dev.jtorch.backend.Special.erf(x / Math.sqrt(2.0))) / 2.0; }

    public static Tensor xavierUniform_(Tensor t) { return xavierUniform_(t, 1.0); }

    public static Tensor xavierUniform_(Tensor t, double gain) {
        long[] f = calculateFanInAndFanOut(t);
        double a = Math.sqrt(3.0) * gain * Math.sqrt(2.0 / (f[0] + f[1]));
        return uniform_(t, -a, a);
    }

    public static Tensor xavierNormal_(Tensor t) { return xavierNormal_(t, 1.0); }

    public static Tensor xavierNormal_(Tensor t, double gain) {
        long[] f = calculateFanInAndFanOut(t);
        return normal_(t, 0.0, gain * Math.sqrt(2.0 / (f[0] + f[1])));
    }

    public static Tensor kaimingUniform_(Tensor t) { return kaimingUniform_(t, 0.0, "fan_in", "leaky_relu"); }

    /** {@code kaiming_uniform_(t, a, mode, nonlinearity)}; an empty tensor is left as is (PyTorch warns). */
    public static Tensor kaimingUniform_(Tensor t, double a, String mode, String nonlinearity) {
        if (t.numel() == 0) return t;
        double bound = Math.sqrt(3.0) * calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode));
        return uniform_(t, -bound, bound);
    }

    public static Tensor kaimingNormal_(Tensor t) { return kaimingNormal_(t, 0.0, "fan_in", "leaky_relu"); }

    public static Tensor kaimingNormal_(Tensor t, double a, String mode, String nonlinearity) {
        if (t.numel() == 0) return t;
        return normal_(t, 0.0, calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode)));
    }

    /** PyTorch's default for Linear and Conv weights (kaiming_uniform_ with a = sqrt(5)) and biases (U(-1/sqrt(fan_in), ..)). */
    static void defaultWeightAndBias(Tensor weight, Tensor bias) {
        kaimingUniform_(weight, Math.sqrt(5), "fan_in", "leaky_relu");
        if (bias != null) {
            long fanIn = calculateFanInAndFanOut(weight)[0];
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            uniform_(bias, -bound, bound);
        }
    }
}
