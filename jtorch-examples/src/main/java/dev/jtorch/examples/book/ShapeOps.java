package dev.jtorch.examples.book;

import dev.jtorch.Tensor;

import static dev.jtorch.Torch.arange;
import static dev.jtorch.Torch.tensor;
import static dev.jtorch.Torch.unsqueeze;
import static dev.jtorch.Torch.zeros;
import static dev.jtorch.examples.book.Py.print;

/** Seed note, snippet 2: reshape, view, squeeze and unsqueeze (conformance/book/shape_ops.py). */
public final class ShapeOps {
    public static void main(String[] args) {
        Tensor x = arange(12);
        print(x.reshape(3, 4));
        print(x.view(2, 2, 3));
        print(x.reshape(-1, 6));
        Tensor y = zeros(1, 3, 1, 2);
        print(y.squeeze().shape());
        print(y.squeeze(0).shape());
        print(y.unsqueeze(0).shape());
        print(unsqueeze(x, 1).shape());
        Tensor t = tensor(new long[][] {{1, 2, 3}, {4, 5, 6}});
        print(t.t());
        print(t.transpose(0, 1).isContiguous());
        print(t.flatten());
    }
}
