package dev.jtorch.examples.book;

import dev.jtorch.Tensor;

import static dev.jtorch.Torch.arange;
import static dev.jtorch.Torch.float64;
import static dev.jtorch.Torch.fromArray;
import static dev.jtorch.Torch.int64;
import static dev.jtorch.Torch.linspace;
import static dev.jtorch.Torch.manualSeed;
import static dev.jtorch.Torch.ones;
import static dev.jtorch.Torch.rand;
import static dev.jtorch.Torch.randn;
import static dev.jtorch.Torch.tensor;
import static dev.jtorch.Torch.zeros;
import static dev.jtorch.examples.book.Py.print;

/** Seed note, snippet 1: tensors from lists and arrays, zeros and rand (conformance/book/tensor_creation.py). */
public final class TensorCreation {
    public static void main(String[] args) {
        Tensor a = tensor(new long[] {1, 2, 3});
        print(a, a.dtype());
        Tensor b = tensor(new double[][] {{1.5, 2.5}, {3.5, 4.5}});
        print(b, b.dtype());
        Tensor c = tensor(new boolean[] {true, false, true});
        print(c, c.dtype());
        Tensor d = fromArray(new double[] {1.0, 2.0, 3.0});
        print(d, d.dtype());
        Tensor e = tensor(new long[][] {{1, 2}, {3, 4}}, float64);
        print(e);

        Tensor z = zeros(2, 3);
        print(z);
        Tensor o = ones(new long[] {2, 2}, int64);
        print(o);
        manualSeed(0);
        Tensor r = rand(2, 3);
        print(r);
        Tensor n = randn(3);
        print(n);
        print(arange(5));
        print(linspace(0, 1, 5));
    }
}
