package dev.jtorch.data.datasets;

import dev.jtorch.Tensor;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Zalando's Fashion-MNIST ({@code torchvision.datasets.FashionMNIST}): 28x28 grey images of 10 kinds of
 * clothing, in the same idx files as {@link MNIST}. By default read from {@value #DEFAULT_ROOT}, where
 * Debian's {@code dataset-fashion-mnist} package installs the gzipped files.
 */
public class FashionMNIST extends MNIST {
    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final String DEFAULT_ROOT = "/usr/share/datasets/fashion-mnist";

    /** The training (train = true, 60000 images) or test set (10000) from {@value #DEFAULT_ROOT}. */
    public FashionMNIST(boolean train) {
        this(Path.of(DEFAULT_ROOT), train, null, null);
    }

    public FashionMNIST(boolean train, Function<? super Tensor, ?> transform) {
        this(Path.of(DEFAULT_ROOT), train, transform, null);
    }

    public FashionMNIST(Path root, boolean train) {
        this(root, train, null, null);
    }

    public FashionMNIST(Path root, boolean train, Function<? super Tensor, ?> transform) {
        this(root, train, transform, null);
    }

    public FashionMNIST(Path root, boolean train, Function<? super Tensor, ?> transform, Function<? super Integer, ?> targetTransform) {
        super(root, train, transform, targetTransform);
    }

    @Override
    protected String name() { return "FashionMNIST"; }

    @Override
    protected String howToGet() {
        return "on Debian or Ubuntu run 'apt-get install dataset-fashion-mnist' (it installs " + DEFAULT_ROOT
                + "), or download the four files from https://github.com/zalandoresearch/fashion-mnist and pass their folder";
    }

    @Override
    public List<String> classes() {
        return List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    }
}
