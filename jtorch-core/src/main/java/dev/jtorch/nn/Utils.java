package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.ArrayList;
import java.util.List;

/** {@code torch.nn.utils}: gradient clipping, parameters as one vector, padding sequences to one length. */
public final class Utils {
    private Utils() {}

    public static Tensor clipGradNorm_(Iterable<? extends Tensor> parameters, double maxNorm) {
        return clipGradNorm_(parameters, maxNorm, 2.0, false);
    }

    /**
     * Scales the gradients in place so that their joint p-norm is at most {@code maxNorm}; returns the norm
     * before clipping (as PyTorch 1.13: coefficient max_norm / (norm + 1e-6), clamped at 1).
     */
    public static Tensor clipGradNorm_(Iterable<? extends Tensor> parameters, double maxNorm, double normType, boolean errorIfNonfinite) {
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : parameters) if (p.grad() != null) grads.add(p.grad());
        if (grads.isEmpty()) return Torch.tensor(0.0);
        try (var g = Torch.noGrad()) {
            Tensor total;
            if (Double.isInfinite(normType)) {
                List<Tensor> maxes = new ArrayList<>();
                for (Tensor gr : grads) maxes.add(gr.abs().max());
                total = maxes.size() == 1 ? maxes.get(0) : Torch.stack(maxes).max();
            } else {
                List<Tensor> norms = new ArrayList<>();
                for (Tensor gr : grads) norms.add(gr.norm(normType));
                total = Torch.stack(norms).norm(normType);
            }
            double tv = total.itemDouble();
            if (errorIfNonfinite && (Double.isNaN(tv) || Double.isInfinite(tv))) {
                throw new IllegalArgumentException("The total norm of order " + Module.pyFloat(normType) + " for gradients from `parameters` is non-finite, "
                        + "so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, "
                        + "set `error_if_nonfinite=False`");
            }
            Tensor coef = Torch.scalarTensor(maxNorm, total).div(total.add(1e-6)).clampMax(1.0);
            for (Tensor gr : grads) gr.mul_(coef.to(gr.dtype()));
            return total;
        }
    }

    /** Clamps every gradient element into [-clipValue, clipValue] in place. */
    public static void clipGradValue_(Iterable<? extends Tensor> parameters, double clipValue) {
        try (var g = Torch.noGrad()) {
            for (Tensor p : parameters) if (p.grad() != null) p.grad().clamp_(-clipValue, clipValue);
        }
    }

    /** All parameters flattened and concatenated ({@code parameters_to_vector}). */
    public static Tensor parametersToVector(Iterable<? extends Tensor> parameters) {
        List<Tensor> flat = new ArrayList<>();
        for (Tensor p : parameters) flat.add(p.reshape(-1));
        return Torch.cat(flat);
    }

    /** Copies consecutive slices of {@code vec} into the parameters, in place ({@code vector_to_parameters}). */
    public static void vectorToParameters(Tensor vec, Iterable<? extends Tensor> parameters) {
        if (vec.dim() != 1) throw new IllegalArgumentException("expected torch.Tensor, but got: " + vec.dim() + "-d tensor");
        long offset = 0;
        try (var g = Torch.noGrad()) {
            for (Tensor p : parameters) {
                long n = p.numel();
                p.copy_(vec.narrow(0, offset, n).view(p.shape()));
                offset += n;
            }
        }
    }

    /**
     * Stacks sequences [L_i, *] into [max L, B, *] (or [B, max L, *] with batchFirst), filling the tail of shorter
     * ones with {@code paddingValue} ({@code nn.utils.rnn.pad_sequence}).
     */
    public static Tensor padSequence(List<Tensor> sequences, boolean batchFirst, double paddingValue) {
        long max = 0;
        for (Tensor s : sequences) max = Math.max(max, s.size(0));
        List<Tensor> padded = new ArrayList<>();
        for (Tensor s : sequences) {
            long[] pad = new long[2 * s.dim()];
            pad[pad.length - 1] = max - s.size(0);
            padded.add(F.pad(s, pad, paddingValue));
        }
        return Torch.stack(padded, batchFirst ? 0 : 1);
    }
}
