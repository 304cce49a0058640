package dev.jtorch.examples.book;

import dev.jtorch.Tensor;

import java.util.List;

import static dev.jtorch.Torch.arange;
import static dev.jtorch.Torch.cat;
import static dev.jtorch.Torch.chunk;
import static dev.jtorch.Torch.split;
import static dev.jtorch.Torch.stack;
import static dev.jtorch.Torch.tensor;
import static dev.jtorch.examples.book.Py.print;

/** Seed note, snippet 3: chunk, split, cat and stack (conformance/book/join_split.py). */
public final class JoinSplit {
    public static void main(String[] args) {
        Tensor x = arange(10);
        print(chunk(x, 3));
        print(split(x, 4));
        Tensor m = tensor(new long[][] {{1, 2, 3}, {4, 5, 6}});
        List<Tensor> ab = chunk(m, 2, 0);
        Tensor a = ab.get(0), b = ab.get(1);
        print(a);
        print(b);
        print(cat(List.of(a, b), 0));
        print(cat(List.of(a, b), 1));
        print(stack(a, b));
        print(stack(List.of(a, b), 1).shape());
    }
}
