package dev.jtorch.data.datasets;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.data.Dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The MNIST handwritten digits ({@code torchvision.datasets.MNIST}) read from the four standard idx files
 * in a folder: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each plain or with {@code .gz}. The files
 * are looked for in the folder itself and then in torchvision's layout {@code <folder>/<ClassName>/raw}.
 * Nothing is downloaded.
 *
 * <p>Item i is {@code [image, target]}: the image a uint8 tensor of shape [28, 28] (a view of
 * {@link #data()}) passed through {@code transform} if one is given (torchvision hands transforms a PIL
 * image instead: {@code ToTensor} gives the same result from either), the target the class as an
 * {@code Integer}, through {@code targetTransform} if given. The default collate turns a batch into
 * {@code [float or uint8 images, int64 targets]}.
 */
public class MNIST implements Dataset<List<Object>> {
    private static final String[] TRAIN = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"};
    private static final String[] TEST = {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private final Path root;
    private final boolean train;
    private final Tensor data;
    private final long[] targets;
    private final Function<? super Tensor, ?> transform;
    private final Function<? super Integer, ?> targetTransform;

    /** MNIST's training (60000 images) or test (10000) set from the idx files in {@code root}. */
    public MNIST(Path root, boolean train) {
        this(root, train, null, null);
    }

    public MNIST(Path root, boolean train, Function<? super Tensor, ?> transform) {
        this(root, train, transform, null);
    }

    /**
     * @param transform applied to each image, or null
     * @param targetTransform applied to each label, or null
     * @throws UncheckedIOException if the files are missing (with how to get them), unreadable, or not
     *     well-formed idx files of matching images and labels
     */
    public MNIST(Path root, boolean train, Function<? super Tensor, ?> transform, Function<? super Integer, ?> targetTransform) {
        this.root = root;
        this.train = train;
        this.transform = transform;
        this.targetTransform = targetTransform;
        String[] names = train ? TRAIN : TEST;
        Path images = find(names[0]);
        Path labels = find(names[1]);
        try {
            Tensor img = Idx.read(images);
            Tensor lab = Idx.read(labels);
            if (img.dtype() != DType.UINT8 || img.dim() != 3) {
                throw new IdxFormatException(images + ": expected uint8 images of shape [N, H, W], found "
                        + img.dtype() + " " + Arrays.toString(img.shape()));
            }
            if (lab.dtype() != DType.UINT8 || lab.dim() != 1) {
                throw new IdxFormatException(labels + ": expected uint8 labels of shape [N], found "
                        + lab.dtype() + " " + Arrays.toString(lab.shape()));
            }
            if (img.size(0) != lab.size(0)) {
                throw new IdxFormatException(images + " holds " + img.size(0) + " images but " + labels + " holds "
                        + lab.size(0) + " labels");
            }
            this.data = img;
            this.targets = lab.toLongArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The dataset's name in torchvision's folder layout and in messages. */
    protected String name() { return "MNIST"; }

    /** How to get the files, for the message when they are missing. */
    protected String howToGet() {
        return "download them from http://yann.lecun.com/exdb/mnist/ (or let torchvision's MNIST(root, download=True) "
                + "fetch them into root/MNIST/raw) and pass the folder";
    }

    private Path find(String base) {
        List<Path> dirs = List.of(root, root.resolve(name()).resolve("raw"));
        for (Path dir : dirs) {
            for (String n : new String[] {base, base + ".gz"}) {
                Path p = dir.resolve(n);
                if (Files.isRegularFile(p)) return p;
            }
        }
        List<String> tried = new ArrayList<>();
        for (Path dir : dirs) tried.add(dir.toString());
        String message = name() + " not found: no " + base + " or " + base + ".gz in " + String.join(" or ", tried)
                + ". To get it: " + howToGet() + ".";
        throw new UncheckedIOException(message, new NoSuchFileException(root.resolve(base).toString(), null, message));
    }

    @Override
    public List<Object> get(int index) {
        int i = index < 0 ? index + targets.length : index;
        if (i < 0 || i >= targets.length) {
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for dimension 0 with size " + targets.length);
        }
        Tensor img = data.select(0, i);
        Object image = transform != null ? transform.apply(img) : img;
        Integer t = (int) targets[i];
        Object target = targetTransform != null ? targetTransform.apply(t) : t;
        List<Object> item = new ArrayList<>(2);
        item.add(image);
        item.add(target);
        return item;
    }

    @Override
    public int size() { return targets.length; }

    /** All images, uint8 [N, 28, 28] ({@code dataset.data}). */
    public Tensor data() { return data; }

    /** All labels as int64 [N] ({@code dataset.targets}), a copy. */
    public Tensor targets() { return Torch.tensor(targets.clone()); }

    public boolean train() { return train; }

    public Path root() { return root; }

    /** The class names, index = label ({@code dataset.classes}). */
    public List<String> classes() {
        return List.of("0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven",
                "8 - eight", "9 - nine");
    }

    @Override
    public String toString() {
        return "Dataset " + getClass().getSimpleName() + "\n    Number of datapoints: " + size() + "\n    Root location: " + root
                + "\n    Split: " + (train ? "Train" : "Test") + (transform != null ? "\n    StandardTransform\nTransform: " + transform : "");
    }
}
