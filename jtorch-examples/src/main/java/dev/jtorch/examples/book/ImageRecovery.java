package dev.jtorch.examples.book;

import dev.jtorch.Tensor;
import dev.jtorch.io.Npy;

import java.io.IOException;
import java.io.InputStream;

import static dev.jtorch.Torch.cat;
import static dev.jtorch.Torch.dist;
import static dev.jtorch.Torch.float32;
import static dev.jtorch.Torch.manualSeed;
import static dev.jtorch.Torch.noGrad;
import static dev.jtorch.Torch.randn;
import static dev.jtorch.Torch.tensor;
import static dev.jtorch.examples.book.Py.print;

/**
 * "3-min-pytorch" chapter 3, project 1: restoring a picture by gradient descent
 * (conformance/book/image_recovery.py). {@code bin/jtorch restore} is the same loop with pictures and a
 * progress bar. The first argument may shorten the 20000 steps.
 */
public final class ImageRecovery {
    static Tensor weirdFunction(Tensor x, int nIter) {
        Tensor h = x;
        Tensor filt = tensor(-1. / 3, 1. / 3, -1. / 3);
        for (int i = 0; i < nIter; i++) {
            Tensor zeroTensor = tensor(new double[] {1.0 * 0});
            Tensor hL = cat(zeroTensor, h.slice(0, 0, -1, 1));
            Tensor hR = cat(h.slice(0, 1, h.size(0), 1), zeroTensor);
            h = filt.get(0).mul(h).add(filt.get(2).mul(hL)).add(filt.get(1).mul(hR));
            if (i % 2 == 0) {
                h = cat(h.slice(0, h.size(0) / 2, h.size(0), 1), h.slice(0, 0, h.size(0) / 2, 1));
            }
        }
        return h;
    }

    static Tensor distanceLoss(Tensor hypothesis, Tensor brokenImage) {
        return dist(hypothesis, brokenImage);
    }

    public static void main(String[] args) throws IOException {
        Tensor brokenImage;
        try (InputStream in = ImageRecovery.class.getResourceAsStream("broken_image_t.npy")) {
            byte[] bytes = in.readAllBytes();
            brokenImage = Npy.read(new java.io.ByteArrayInputStream(bytes), bytes.length, "broken_image_t.npy");
        }

        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        manualSeed(0);
        Tensor randomTensor = randn(new long[] {10000}, float32);

        double lr = 0.8;
        for (int i = 0; i < steps; i++) {
            randomTensor.requiresGrad_(true);
            Tensor hypothesis = weirdFunction(randomTensor, 5);
            Tensor loss = distanceLoss(hypothesis, brokenImage);
            loss.backward();
            try (var g = noGrad()) {
                randomTensor = randomTensor.sub(randomTensor.grad().mul(lr));
            }
            if (i % 1000 == 0) {
                print(Py.format("Loss at {} = {}", i, loss.itemDouble()));
            }
        }
    }
}
