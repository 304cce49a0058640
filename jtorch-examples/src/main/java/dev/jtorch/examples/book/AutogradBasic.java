package dev.jtorch.examples.book;

import dev.jtorch.Tensor;

import static dev.jtorch.Torch.float32;
import static dev.jtorch.Torch.tensor;
import static dev.jtorch.examples.book.Py.print;

/** "3-min-pytorch" 3.1.3: autograd on a scalar (conformance/book/autograd_basic.py). */
public final class AutogradBasic {
    public static void main(String[] args) {
        Tensor w = tensor(1.0, float32, true);

        Tensor a = w.mul(3);
        Tensor l = a.pow(2);
        l.backward();
        print(w.grad());
        print(Py.format("l을 w로 미분한 값은 {}", w.grad()));
    }
}
