package dev.jtorch.autograd;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

/**
 * 10^5 forward/backward steps of a small model, run by {@link GraphMemoryTest} in a JVM with a 64 MB heap:
 * it only finishes if each step's graph (nodes, saved tensors, intermediate results) is freed.
 */
public final class GraphMemoryLoop {
    private GraphMemoryLoop() {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        double[] wv = new double[64], xv = new double[64 * 8];
        for (int i = 0; i < wv.length; i++) wv[i] = Math.sin(i) * 0.1;
        for (int i = 0; i < xv.length; i++) xv[i] = Math.cos(i);
        Tensor w = Torch.tensor(wv, DType.FLOAT32, true).view(8, 8).detach().requiresGrad_();
        Tensor b = Torch.zeros(8).requiresGrad_();
        Tensor x = Torch.tensor(xv).view(64, 8);
        Tensor target = Torch.ones(64, 8);
        double loss = 0;
        for (int step = 0; step < steps; step++) {
            Tensor h = x.matmul(w).add(b);
            Tensor l = h.sub(target).pow(2.0).mean().add(h.exp().mean().mul(1e-3));
            l.backward();
            loss = l.itemDouble();
            try (var g = Torch.noGrad()) {
                w.sub_(w.grad().mul(1e-3));
                b.sub_(b.grad().mul(1e-3));
            }
            w.grad().zero_();
            b.grad().zero_();
        }
        System.out.println("done " + steps + " steps, loss " + loss);
    }
}
