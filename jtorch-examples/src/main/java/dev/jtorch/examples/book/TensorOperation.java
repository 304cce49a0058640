package dev.jtorch.examples.book;

import dev.jtorch.Tensor;

import static dev.jtorch.Torch.float32;
import static dev.jtorch.Torch.manualSeed;
import static dev.jtorch.Torch.mm;
import static dev.jtorch.Torch.randn;
import static dev.jtorch.Torch.tensor;
import static dev.jtorch.examples.book.Py.print;

/** "3-min-pytorch" 3.1.2: arithmetic and the matrix product, seeded (conformance/book/tensor_operation.py). */
public final class TensorOperation {
    public static void main(String[] args) {
        manualSeed(0);
        Tensor w = randn(new long[] {5, 3}, float32);
        Tensor x = tensor(new double[][] {{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}});
        print("w size:", w.size());
        print("x size:", x.size());
        print("w:", w);
        print("x:", x);

        Tensor b = randn(new long[] {5, 2}, float32);
        print("b:", b.size());
        print("b:", b);

        Tensor wx = mm(w, x); // [5, 3] times [3, 2] gives [5, 2]
        print("wx size:", wx.size());
        print("wx:", wx);

        Tensor result = wx.add(b);
        print("result size:", result.size());
        print("result:", result);
    }
}
