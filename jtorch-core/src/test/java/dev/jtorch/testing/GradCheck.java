package dev.jtorch.testing;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.List;
import java.util.function.Function;

/**
 * A float64 finite-difference gradient check, as torch.autograd.gradcheck: for a function of some
 * tensors, the gradient of sum(f(x) * w) (w a fixed weighting, so that every output element counts
 * differently) from backward() must match central differences with step 1e-6.
 */
public final class GradCheck {
    private GradCheck() {}

    public static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

    /** Throws AssertionError naming the input and element where the analytical gradient is off. */
    public static void check(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dtype() != DType.FLOAT64) throw new IllegalArgumentException("gradcheck needs float64 inputs");
            leaves[i] = inputs[i].detach().clone().requiresGrad_(true);
        }
        Tensor out = f.apply(List.of(leaves));
        Tensor w = weights(out);
        out.mul(w).sum().backward();
        for (int i = 0; i < leaves.length; i++) {
            Tensor x = inputs[i].detach().clone();
            long n = x.numel();
            for (long j = 0; j < n; j++) {
                double orig = x.getDouble(j);
                x.view(-1).select(0, j).fill_(orig + EPS);
                double plus = eval(f, inputs, i, x, w);
                x.view(-1).select(0, j).fill_(orig - EPS);
                double minus = eval(f, inputs, i, x, w);
                x.view(-1).select(0, j).fill_(orig);
                double numeric = (plus - minus) / (2 * EPS);
                double analytic = leaves[i].grad() == null ? 0.0 : leaves[i].grad().getDouble(j);
                if (!(Math.abs(numeric - analytic) <= ATOL + RTOL * Math.abs(numeric))) {
                    throw new AssertionError("gradient of input " + i + " element " + j + ": analytic " + analytic
                            + " numeric " + numeric);
                }
            }
        }
    }

    private static Tensor weights(Tensor out) {
        long n = out.numel();
        double[] w = new double[(int) n];
        for (int k = 0; k < n; k++) w[k] = 0.3 + 0.7 * ((k * 0.618034) % 1.0);
        return Torch.fromArray(w).to(out.dtype()).view(out.shape());
    }

    private static double eval(Function<List<Tensor>, Tensor> f, Tensor[] inputs, int i, Tensor xi, Tensor w) {
        try (var g = Torch.noGrad()) {
            Tensor[] args = inputs.clone();
            args[i] = xi;
            return f.apply(List.of(args)).mul(w).sum().itemDouble();
        }
    }
}
