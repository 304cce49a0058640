package dev.jtorch.examples.book;

import dev.jtorch.Tensor;

import static dev.jtorch.Torch.squeeze;
import static dev.jtorch.Torch.tensor;
import static dev.jtorch.Torch.unsqueeze;
import static dev.jtorch.examples.book.Py.print;

/** "3-min-pytorch" 3.1.1: rank and shape (conformance/book/tensor_basic.py). */
public final class TensorBasic {
    public static void main(String[] args) {
        Tensor x = tensor(new long[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
        print(x);
        print("Size:", x.size());
        print("Shape:", x.shape());
        print("랭크(차원):", x.ndimension());

        // add a dimension of size 1 in front
        x = unsqueeze(x, 0);
        print(x);
        print("Size:", x.size());
        print("Shape:", x.shape());
        print("랭크(차원):", x.ndimension());

        // drop every dimension of size 1
        x = squeeze(x);
        print(x);
        print("Size:", x.size());
        print("Shape:", x.shape());
        print("랭크(차원):", x.ndimension());

        // the same 9 elements as a vector
        x = x.view(9);
        print(x);
        print("Size:", x.size());
        print("Shape:", x.shape());
        print("랭크(차원):", x.ndimension());

        // 9 elements cannot fill a 2x4 view
        try {
            x = x.view(2, 4);
        } catch (Exception e) {
            print(e.getMessage());
        }
    }
}
