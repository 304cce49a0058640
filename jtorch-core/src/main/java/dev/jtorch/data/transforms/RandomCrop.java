package dev.jtorch.data.transforms;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.data.WorkerInfo;

import java.util.Arrays;

/**
 * A crop of the given size at a random position ({@code torchvision.transforms.RandomCrop}), after
 * optional padding. As torchvision: the image is padded first ({@code padding}, then, with
 * {@code padIfNeeded}, the width and then the height up to the crop size); the position is
 * {@code torch.randint(0, h - th + 1, (1,))} then {@code torch.randint(0, w - tw + 1, (1,))}, and no
 * number is drawn when the image already has the crop size. The result is a view of the (padded) image.
 */
public final class RandomCrop implements Transform {
    private final int th, tw;
    private final int[] padding; // left, top, right, bottom, or null
    private final boolean padIfNeeded;
    private final double fill;
    private final String paddingMode;

    /** A size x size crop without padding. */
    public RandomCrop(int size) { this(new int[] {size}, null, false, 0, "constant"); }

    /** A size x size crop of the image padded by {@code padding} zeros on every side. */
    public RandomCrop(int size, int padding) { this(new int[] {size}, new int[] {padding}, false, 0, "constant"); }

    /**
     * @param size {s} or {h, w}
     * @param padding null, {all sides}, {left/right, top/bottom} or {left, top, right, bottom}
     * @param padIfNeeded pad an image smaller than the crop
     * @param fill the value of constant padding
     * @param paddingMode "constant", "edge", "reflect" or "symmetric"
     */
    public RandomCrop(int[] size, int[] padding, boolean padIfNeeded, double fill, String paddingMode) {
        if (size.length == 1) { th = size[0]; tw = size[0]; }
        else if (size.length == 2) { th = size[0]; tw = size[1]; }
        else throw new IllegalArgumentException("Please provide only two dimensions (h, w) for size.");
        if (th <= 0 || tw <= 0) throw new IllegalArgumentException("crop size must be positive, got " + Arrays.toString(size));
        if (padding != null) {
            this.padding = switch (padding.length) {
                case 1 -> new int[] {padding[0], padding[0], padding[0], padding[0]};
                case 2 -> new int[] {padding[0], padding[1], padding[0], padding[1]};
                case 4 -> padding.clone();
                default -> throw new IllegalArgumentException(
                        "Padding must be an int or a 1, 2, or 4 element tuple, not a " + padding.length + " element tuple");
            };
        } else {
            this.padding = null;
        }
        if (!Arrays.asList("constant", "edge", "reflect", "symmetric").contains(paddingMode)) {
            throw new IllegalArgumentException("Padding mode should be either constant, edge, reflect or symmetric");
        }
        this.padIfNeeded = padIfNeeded;
        this.fill = fill;
        this.paddingMode = paddingMode;
    }

    @Override
    public Tensor apply(Tensor img) {
        ImageOps.checkImage(img);
        if (padding != null) img = ImageOps.pad(img, padding[0], padding[1], padding[2], padding[3], fill, paddingMode);
        long height = img.size(-2), width = img.size(-1);
        if (padIfNeeded && width < tw) img = ImageOps.pad(img, (int) (tw - width), 0, (int) (tw - width), 0, fill, paddingMode);
        if (padIfNeeded && height < th) img = ImageOps.pad(img, 0, (int) (th - height), 0, (int) (th - height), fill, paddingMode);
        long[] p = getParams(img, th, tw);
        return ImageOps.crop(img, p[0], p[1], p[2], p[3]);
    }

    /** {@code RandomCrop.get_params}: {top, left, th, tw} for a crop of th x tw. */
    public static long[] getParams(Tensor img, int th, int tw) {
        ImageOps.checkImage(img);
        long h = img.size(-2), w = img.size(-1);
        if (h < th || w < tw) {
            throw new IllegalArgumentException("Required crop size (" + th + ", " + tw + ") is larger than input image size ("
                    + h + ", " + w + ")");
        }
        if (w == tw && h == th) return new long[] {0, 0, h, w};
        Generator g = WorkerInfo.generator();
        long i = Torch.randint(0, h - th + 1, new long[] {1}, DType.INT64, g).itemLong();
        long j = Torch.randint(0, w - tw + 1, new long[] {1}, DType.INT64, g).itemLong();
        return new long[] {i, j, th, tw};
    }

    @Override
    public String toString() {
        return "RandomCrop(size=(" + th + ", " + tw + "), padding=" + (padding == null ? "None" : Arrays.toString(padding)) + ")";
    }
}
