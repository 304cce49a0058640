package dev.jtorch.cli;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.graphs.CpuGraph;

import static dev.jtorch.Torch.cat;
import static dev.jtorch.Torch.dist;
import static dev.jtorch.Torch.noGrad;
import static dev.jtorch.Torch.tensor;

/**
 * The book's image restoration ("3-min-pytorch", chapter 3, project 1): an image was passed through
 * {@link #weirdFunction}; gradient descent on {@code dist(weird_function(x), broken)} recovers it.
 * Written with the public tensor API only, line for line as the Python original.
 */
public final class Restoration {
    private Restoration() {}

    /** Receives the loss of every step (before the update), for progress output and the loss curve. */
    public interface StepListener {
        void step(long i, double loss);
    }

    /**
     * The book's {@code weird_function(x, n_iter)}: a 3-tap filter with zero padding, and every other
     * iteration a swap of the two halves.
     */
    public static Tensor weirdFunction(Tensor x, int nIter) {
        Tensor h = x;
        // float32 as in the book even for float64 input: a 0-d operand does not change h's dtype
        Tensor filt = tensor(new double[] {-1. / 3, 1. / 3, -1. / 3});
        for (int i = 0; i < nIter; i++) {
            Tensor zeroTensor = tensor(new double[] {1.0 * 0}).to(x.dtype());
            Tensor hL = cat(zeroTensor, h.slice(0, 0, -1, 1));                  // h[:-1]
            Tensor hR = cat(h.slice(0, 1, Long.MAX_VALUE, 1), zeroTensor);      // h[1:]
            h = filt.get(0).mul(h).add(filt.get(2).mul(hL)).add(filt.get(1).mul(hR));
            if (i % 2 == 0) {
                long half = h.shape()[0] / 2;
                h = cat(h.slice(0, half, Long.MAX_VALUE, 1), h.slice(0, 0, half, 1));
            }
        }
        return h;
    }

    public static Tensor weirdFunction(Tensor x) { return weirdFunction(x, 5); }

    /**
     * Runs {@code steps} steps of plain gradient descent with learning rate {@code lr} from {@code start}
     * towards an {@code x} with {@code weird_function(x) == broken}, exactly as the book's loop; returns
     * the last iterate.
     */
    public static Tensor restore(Tensor broken, Tensor start, long steps, double lr, StepListener listener) {
        Tensor randomTensor = start;
        for (long i = 0; i < steps; i++) {
            randomTensor.requiresGrad_(true);
            Tensor hypothesis = weirdFunction(randomTensor);
            Tensor loss = dist(hypothesis, broken);
            loss.backward();
            try (var g = noGrad()) {
                randomTensor = randomTensor.sub(randomTensor.grad().mul(lr));
            }
            if (listener != null) listener.step(i, loss.itemDouble());
        }
        return randomTensor.detach();
    }

    /**
     * The same descent as {@link #restore}, with one step captured as a {@link CpuGraph} and replayed: the
     * forward, backward and update run as recorded kernels on fixed buffers, without the op layer, autograd
     * bookkeeping or fresh memory. The update is written in place into the static {@code x}
     * ({@code x.sub_(lr * x.grad)}), which runs the same kernels on the same values as the book's
     * {@code x = x - lr * x.grad}, so the iterates are bit-for-bit those of {@link #restore}.
     */
    public static Tensor restoreCaptured(Tensor broken, Tensor start, long steps, double lr, StepListener listener) {
        if (steps <= 0) return start.detach();
        Tensor x = start.detach().clone().requiresGrad_(true);
        Tensor loss;
        try (CpuGraph graph = new CpuGraph()) {
            try (var capture = graph.capture()) {
                loss = dist(weirdFunction(x), broken);
                loss.backward();
                try (var g = noGrad()) {
                    x.sub_(x.grad().mul(lr));
                }
                x.setGrad(null);   // the next step's backward writes a fresh gradient, as for the book's new x
                // keeping only a detached loss lets the autograd graph go, so the graph may pack its intermediates
                loss = loss.detach();
            }
            if (listener != null) listener.step(0, loss.itemDouble());
            for (long i = 1; i < steps; i++) {
                graph.replay();
                if (listener != null) listener.step(i, loss.itemDouble());
            }
        }
        return x.detach();
    }

    /** Breaks a clean picture as the book's bug did: {@code weird_function(x)} without gradient. */
    public static Tensor breakImage(Tensor clean) {
        try (var g = noGrad()) {
            return weirdFunction(clean.to(clean.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32));
        }
    }
}
