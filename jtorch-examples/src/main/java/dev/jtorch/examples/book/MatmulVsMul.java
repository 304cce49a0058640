package dev.jtorch.examples.book;

import dev.jtorch.Tensor;

import static dev.jtorch.Torch.matmul;
import static dev.jtorch.Torch.mm;
import static dev.jtorch.Torch.tensor;
import static dev.jtorch.examples.book.Py.print;

/** Seed note, snippet 4: {@code @} (matmul) against {@code *} (mul) (conformance/book/matmul_vs_mul.py). */
public final class MatmulVsMul {
    public static void main(String[] args) {
        Tensor a = tensor(new double[][] {{1., 2.}, {3., 4.}});
        Tensor b = tensor(new double[][] {{5., 6.}, {7., 8.}});
        print(a.matmul(b));   // a @ b
        print(a.mul(b));      // a * b
        print(matmul(a, b));
        print(mm(a, b));
        Tensor v = tensor(1., 1.);
        print(a.matmul(v));
        print(a.mul(v));
        print(a.mul(2));
    }
}
