package dev.jtorch.examples.book;

import dev.jtorch.Tensor;

import static dev.jtorch.Torch.float32;
import static dev.jtorch.Torch.tensor;
import static dev.jtorch.examples.book.Py.print;

/** Seed note, snippet 5: l = (3w)^2 + (2x)^2 at w = 4, x = 3; dl/dw = 72, dl/dx = 24 (conformance/book/gradients.py). */
public final class Gradients {
    public static void main(String[] args) {
        Tensor w = tensor(4.0, float32, true);
        Tensor x = tensor(3.0, float32, true);
        Tensor l = w.mul(3).pow(2).add(x.mul(2).pow(2));   // (3 * w) ** 2 + (2 * x) ** 2
        l.backward();
        print("l:", l.itemDouble());
        print("w의 기울기:", w.grad().itemDouble());
        print("x의 기울기:", x.grad().itemDouble());
        print(w.grad(), x.grad());
    }
}
