package dev.jtorch.examples.book;

import dev.jtorch.Tensor;

import static dev.jtorch.Torch.float32;
import static dev.jtorch.Torch.tensor;
import static dev.jtorch.examples.book.Py.print;

/** Seed note, snippet 5: gradients of a function of two leaves (conformance/book/gradients.py). */
public final class Gradients {
    public static void main(String[] args) {
        Tensor w = tensor(1.0, float32, true);
        Tensor x = tensor(3.0, float32, true);
        Tensor a = w.mul(2).mul(x);   // 2 * w * x
        Tensor l = a.pow(2);
        l.backward();
        print("l:", l.itemDouble());
        print("w의 기울기:", w.grad().itemDouble());
        print("x의 기울기:", x.grad().itemDouble());
        print(w.grad(), x.grad());
    }
}
