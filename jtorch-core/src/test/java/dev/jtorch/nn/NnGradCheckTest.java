package dev.jtorch.nn;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.ops.NnOps;
import dev.jtorch.testing.GradCheck;
import org.junit.jupiter.api.Test;

/** Float64 finite-difference checks of the nn ops' gradients (inputs, weights, biases). */
class NnGradCheckTest {
    private static Tensor r(long... shape) { return Torch.randn(shape, DType.FLOAT64); }

    static {
        Torch.manualSeed(123);
    }

    @Test void pad() {
        GradCheck.check(a -> F.pad(a.get(0), new long[] {1, 2, -1, 1}, 0.5), r(2, 3, 4));
    }

    @Test void conv2d() {
        GradCheck.check(a -> F.conv2d(a.get(0), a.get(1), a.get(2), new long[] {2, 1}, new long[] {1, 0}, new long[] {1, 2}, 1),
                r(2, 2, 5, 6), r(3, 2, 3, 2), r(3));
    }

    @Test void conv2dGroupsSame() {
        GradCheck.check(a -> F.conv2d(a.get(0), a.get(1), null, new long[] {1}, "same", new long[] {1}, 2), r(1, 4, 4, 4), r(2, 2, 2, 3));
    }

    @Test void conv2dBookShapes() {
        // conv1 (one input channel, 5x5) and conv2 (10 -> 20 channels) of the book's CNN, on smaller images
        GradCheck.check(a -> F.conv2d(a.get(0), a.get(1), a.get(2)), r(2, 1, 8, 8), r(3, 1, 5, 5), r(3));
        GradCheck.check(a -> F.conv2d(a.get(0), a.get(1), a.get(2)), r(2, 10, 6, 6), r(4, 10, 5, 5), r(4));
    }

    @Test void conv2dPointwiseAndStrided() {
        GradCheck.check(a -> F.conv2d(a.get(0), a.get(1), a.get(2)), r(2, 4, 3, 5), r(6, 4, 1, 1), r(6));
        GradCheck.check(a -> F.conv2d(a.get(0), a.get(1), null, new long[] {1}, new long[] {0}, new long[] {1}, 2), r(2, 4, 3, 5), r(6, 2, 1, 1));
        GradCheck.check(a -> F.conv2d(a.get(0), a.get(1), a.get(2), new long[] {2, 3}, new long[] {2, 1}, new long[] {2, 1}, 1),
                r(2, 2, 7, 8), r(3, 2, 3, 2), r(3));
    }

    @Test void conv2dDoubleBackward() {
        // the gradients' own gradients (create_graph) go through the composed im2col formula
        GradCheck.check(a -> {
            // the finite differences call this under no-grad, with inputs that do not require grad
            Tensor[] in = new Tensor[3];
            boolean outer = dev.jtorch.autograd.GradMode.isEnabled();
            dev.jtorch.autograd.GradMode.setEnabled(true);
            for (int i = 0; i < 3; i++) in[i] = a.get(i).requiresGrad() ? a.get(i) : a.get(i).detach().requiresGrad_(true);
            Tensor y = F.conv2d(in[0], in[1], in[2], new long[] {2, 1}, new long[] {1, 0}, new long[] {1, 1}, 1);
            Tensor[] g = dev.jtorch.autograd.Autograd.grad(new Tensor[] {y}, in,
                    new Tensor[] {y.mul(y)}, true);
            dev.jtorch.autograd.GradMode.setEnabled(outer);
            Tensor r = g[0].sum().add(g[1].mul(g[1]).sum()).add(g[2].sum());
            return outer ? r : r.detach();
        }, r(2, 2, 5, 4), r(3, 2, 3, 2), r(3));
    }

    @Test void conv1d() {
        GradCheck.check(a -> F.conv1d(a.get(0), a.get(1), a.get(2), 2, 1, 1, 1), r(2, 2, 7), r(3, 2, 3), r(3));
    }

    @Test void convTranspose2d() {
        GradCheck.check(a -> F.convTranspose2d(a.get(0), a.get(1), a.get(2), new long[] {2}, new long[] {1}, new long[] {1}, 2, new long[] {1}),
                r(1, 4, 3, 3), r(4, 1, 3, 2), r(2));
    }

    @Test void maxPool2d() {
        // distinct values, so that no window has a tie (the gradient is not defined at ties)
        Tensor x = Torch.randperm(2 * 2 * 6 * 6).to(DType.FLOAT64).mul(0.1).view(2, 2, 6, 6);
        GradCheck.check(a -> F.maxPool2d(a.get(0), new long[] {3}, new long[] {2}, new long[] {1}, new long[] {1}), x);
        GradCheck.check(a -> F.maxPool1d(a.get(0).view(4, 6, 6), 2, 1, 1, 2), x);
        // second order: the backward of the pooling's backward
        GradCheck.check(a -> {
            try (var s = Torch.enableGrad()) {
                Tensor xi = a.get(0).requiresGrad() ? a.get(0) : a.get(0).detach().requiresGrad_(true);
                Tensor y = F.maxPool2d(xi, new long[] {2}, new long[] {1}, new long[] {0}, new long[] {1});
                return dev.jtorch.autograd.Engine.grad(new Tensor[] {y.mul(y).sum()}, new Tensor[] {xi}, null, true, true, false)[0];
            }
        }, x.narrow(2, 0, 4).narrow(3, 0, 4));
    }

    @Test void avgPools() {
        GradCheck.check(a -> F.avgPool2d(a.get(0), new long[] {3}, new long[] {2}, new long[] {1}, false), r(2, 2, 5, 6));
        GradCheck.check(a -> F.avgPool2d(a.get(0), new long[] {3, 2}, new long[] {2}, new long[] {1}, true, false, null), r(1, 2, 6, 7));
        GradCheck.check(a -> F.avgPool2d(a.get(0), new long[] {2}, new long[] {2}, new long[] {1}, true, true, 3L), r(1, 2, 5, 5));
        // second order: the backward of the pooling's backward
        GradCheck.check(a -> {
            try (var s = Torch.enableGrad()) {
                Tensor x = a.get(0).requiresGrad() ? a.get(0) : a.get(0).detach().requiresGrad_(true);
                Tensor y = F.avgPool2d(x, new long[] {3}, new long[] {2}, new long[] {1}, true, false, null);
                return dev.jtorch.autograd.Engine.grad(new Tensor[] {y.mul(y).sum()}, new Tensor[] {x}, null, true, true, false)[0];
            }
        }, r(1, 1, 5, 5));
        GradCheck.check(a -> F.adaptiveAvgPool2d(a.get(0), 3, 2), r(1, 2, 7, 5));
    }

    @Test void batchNorm() {
        GradCheck.check(a -> F.batchNorm(a.get(0), null, null, a.get(1), a.get(2), true, 0.1, 1e-5), r(4, 3, 2, 2), r(3), r(3));
        Tensor rm = r(3), rv = r(3).abs().add(0.5);
        GradCheck.check(a -> F.batchNorm(a.get(0), rm, rv, a.get(1), a.get(2), false, 0.1, 1e-5), r(4, 3), r(3), r(3));
    }

    @Test void layerAndGroupNorm() {
        GradCheck.check(a -> F.layerNorm(a.get(0), new long[] {3, 2}, a.get(1), a.get(2), 1e-5), r(4, 3, 2), r(3, 2), r(3, 2));
        GradCheck.check(a -> F.groupNorm(a.get(0), 2, a.get(1), a.get(2), 1e-5), r(3, 4, 2, 2), r(4), r(4));
    }

    @Test void embedding() {
        Tensor idx = Torch.tensor(new long[] {1, 3, 1, 0, 3}).view(5);
        // with a padding_idx the padding row's gradient is zero by definition (golden cases cover it)
        GradCheck.check(a -> F.embedding(idx, a.get(0)), r(4, 3));
    }

    @Test void bilinearAndLinear() {
        GradCheck.check(a -> F.bilinear(a.get(0), a.get(1), a.get(2), a.get(3)), r(3, 2), r(3, 4), r(5, 2, 4), r(5));
        GradCheck.check(a -> F.linear(a.get(0), a.get(1), a.get(2)), r(3, 2), r(4, 2), r(4));
    }

    @Test void losses() {
        Tensor t = r(4, 3);
        Tensor cls = Torch.tensor(new long[] {0, 2, -100, 1});
        Tensor w = Torch.tensor(new double[] {0.5, 2.0, 1.0});
        Tensor probs = Torch.rand(new long[] {4, 3}, DType.FLOAT64).mul(0.9).add(0.05);
        Tensor t01 = Torch.rand(new long[] {4, 3}, DType.FLOAT64);
        for (String red : new String[] {"mean", "sum", "none"}) {
            GradCheck.check(a -> F.mseLoss(a.get(0), a.get(1), red), r(4, 3), t);
            GradCheck.check(a -> F.smoothL1Loss(a.get(0), t, red, 0.7), r(4, 3).mul(2));
            GradCheck.check(a -> F.l1Loss(a.get(0), t, red), r(4, 3));
            GradCheck.check(a -> F.binaryCrossEntropy(a.get(0), t01, null, red), probs);
            GradCheck.check(a -> F.binaryCrossEntropyWithLogits(a.get(0), t01, w, red, w.flip(0)), r(4, 3));
            GradCheck.check(a -> F.crossEntropy(a.get(0), cls, w, -100, red, 0.2), r(4, 3));
            GradCheck.check(a -> F.crossEntropy(a.get(0), a.get(1).softmax(1), w, -100, red, 0.1), r(4, 3), r(4, 3));
            GradCheck.check(a -> F.nllLoss(a.get(0), cls, w, -100, red), r(4, 3));
            GradCheck.check(a -> F.klDiv(a.get(0), probs, red, false), r(4, 3));
        }
    }

    @Test void dilateInputGradient() {
        GradCheck.check(a -> NnOps.convTranspose2d(a.get(0), a.get(1), null, new long[] {3, 2}, new long[] {2, 0}, new long[] {0, 1}, 1,
                new long[] {2, 1}), r(1, 2, 3, 3), r(2, 2, 2, 3));
    }

    /** Half precision takes the composed (unfold) path: it must agree with the float kernels to half's precision. */
    @Test void composedPathAgreesWithKernels() {
        Tensor x = Torch.randn(2, 4, 7, 6), w = Torch.randn(6, 2, 3, 2), b = Torch.randn(6);
        Tensor ref = F.conv2d(x, w, b, new long[] {2, 1}, new long[] {1, 2}, new long[] {1, 2}, 2);
        Tensor half = F.conv2d(x.toHalf(), w.toHalf(), b.toHalf(), new long[] {2, 1}, new long[] {1, 2}, new long[] {1, 2}, 2).toFloat();
        org.junit.jupiter.api.Assertions.assertTrue(half.allclose(ref, 2e-2, 5e-2, false), "conv2d");
    }

    @Test void padModesAndInterpolation() {
        GradCheck.check(a -> F.pad(a.get(0), new long[] {2, 1, 1, 2}, "reflect"), r(1, 2, 3, 4));
        GradCheck.check(a -> F.pad(a.get(0), new long[] {3, 0, 1, 2}, "replicate"), r(2, 3, 4));
        GradCheck.check(a -> F.pad(a.get(0), new long[] {2, 3}, "circular"), r(2, 2, 4));
        GradCheck.check(a -> F.interpolate(a.get(0), new double[] {1.7}, "bilinear", false), r(1, 2, 3, 4));
        GradCheck.check(a -> F.interpolate(a.get(0), new long[] {5, 2}, "bilinear", true), r(1, 1, 3, 4));
        GradCheck.check(a -> F.interpolate(a.get(0), new long[] {5, 7}, "nearest", false), r(1, 1, 3, 4));
    }
}
