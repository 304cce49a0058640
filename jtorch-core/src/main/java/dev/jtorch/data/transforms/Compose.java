package dev.jtorch.data.transforms;

import dev.jtorch.Tensor;

import java.util.List;
import java.util.function.Function;

/** Several transforms applied in order ({@code torchvision.transforms.Compose}). */
public final class Compose implements Transform {
    private final List<Function<Tensor, Tensor>> transforms;

    @SafeVarargs
    public Compose(Function<Tensor, Tensor>... transforms) {
        this(List.of(transforms));
    }

    public Compose(List<? extends Function<Tensor, Tensor>> transforms) {
        this.transforms = List.copyOf(transforms);
    }

    @Override
    public Tensor apply(Tensor img) {
        for (Function<Tensor, Tensor> t : transforms) img = t.apply(img);
        return img;
    }

    public List<Function<Tensor, Tensor>> transforms() { return transforms; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Compose(");
        for (Function<Tensor, Tensor> t : transforms) sb.append("\n    ").append(t);
        return sb.append("\n)").toString();
    }
}
