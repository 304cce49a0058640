package dev.jtorch.data.transforms;

import dev.jtorch.Tensor;
import dev.jtorch.internal.Mem;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/** torchvision's functional tensor operations that the transforms need (hflip, pad, crop). */
final class ImageOps {
    private ImageOps() {}

    static void checkImage(Tensor img) {
        if (img.dim() < 2) throw new IllegalArgumentException("Tensor is not a torch image.");
    }

    /** The image reversed along its last dimension, a new contiguous tensor ({@code F.hflip}). */
    static Tensor hflip(Tensor img) {
        checkImage(img);
        Tensor src = img.contiguous();
        long w = src.size(-1);
        long rows = w == 0 ? 0 : src.numel() / w;
        Tensor out = Tensor.allocate(src.shape(), src.dtype(), src.device());
        int size = src.elementSize();
        MemorySegment s = src.segment(), d = out.segment();
        long base = src.storageOffset() * size;
        for (long r = 0; r < rows; r++) {
            long rowIn = base + r * w * size, rowOut = r * w * size;
            for (long x = 0; x < w; x++) {
                MemorySegment.copy(s, rowIn + (w - 1 - x) * size, d, rowOut + x * size, size);
            }
        }
        return out;
    }

    /**
     * {@code F.pad(img, [left, top, right, bottom], fill, mode)} with mode constant, edge, reflect or
     * symmetric.
     */
    static Tensor pad(Tensor img, int left, int top, int right, int bottom, double fill, String mode) {
        checkImage(img);
        if (left < 0 || top < 0 || right < 0 || bottom < 0) {
            throw new IllegalArgumentException("padding must be non-negative, got " + Arrays.toString(new int[] {left, top, right, bottom}));
        }
        Tensor src = img.contiguous();
        long h = src.size(-2), w = src.size(-1);
        if (!mode.equals("constant") && (h == 0 || w == 0)) {
            throw new IllegalArgumentException("padding mode " + mode + " needs a non-empty image");
        }
        if (mode.equals("reflect") && (left >= w || right >= w || top >= h || bottom >= h)) {
            throw new IllegalArgumentException("Padding size should be less than the corresponding input dimension, but got: padding ("
                    + left + ", " + right + ") at dimension " + (img.dim() - 1) + " and (" + top + ", " + bottom + ") at dimension "
                    + (img.dim() - 2) + " of input " + Arrays.toString(img.shape()));
        }
        if (mode.equals("symmetric") && (left > w || right > w || top > h || bottom > h)) {
            throw new IllegalArgumentException("symmetric padding larger than the image: " + Arrays.toString(new int[] {left, top, right, bottom})
                    + " for an image of size " + Arrays.toString(img.shape()));
        }
        long oh = h + top + bottom, ow = w + left + right;
        long[] shape = src.shape();
        shape[shape.length - 2] = oh;
        shape[shape.length - 1] = ow;
        Tensor out = Tensor.allocate(shape, src.dtype(), src.device());
        long planes = 1;
        for (int k = 0; k < shape.length - 2; k++) planes *= shape[k];
        int size = src.elementSize();
        MemorySegment s = src.segment(), d = out.segment();
        long base = src.storageOffset();
        for (long p = 0; p < planes; p++) {
            for (long y = 0; y < oh; y++) {
                long outRow = (p * oh + y) * ow;
                long sy = map(y - top, h, mode);
                if (sy < 0) {
                    for (long x = 0; x < ow; x++) Mem.setDouble(d, out.dtype(), outRow + x, fill);
                    continue;
                }
                long inRow = base + (p * h + sy) * w;
                MemorySegment.copy(s, inRow * size, d, (outRow + left) * size, w * size);
                for (long x = 0; x < ow; x++) {
                    if (x >= left && x < left + w) continue;
                    long sx = map(x - left, w, mode);
                    if (sx < 0) Mem.setDouble(d, out.dtype(), outRow + x, fill);
                    else MemorySegment.copy(s, (inRow + sx) * size, d, (outRow + x) * size, size);
                }
            }
        }
        return out;
    }

    /** The source index for padded index i of a dimension of size n, or -1 for the fill value. */
    private static long map(long i, long n, String mode) {
        if (i >= 0 && i < n) return i;
        return switch (mode) {
            case "constant" -> -1;
            case "edge" -> i < 0 ? 0 : n - 1;
            case "reflect" -> i < 0 ? -i : 2 * (n - 1) - i;
            case "symmetric" -> i < 0 ? -i - 1 : 2 * n - 1 - i;
            default -> throw new IllegalArgumentException("Padding mode should be either constant, edge, reflect or symmetric");
        };
    }

    /** The view {@code img[..., top:top+height, left:left+width]} ({@code F.crop} inside the image). */
    static Tensor crop(Tensor img, long top, long left, long height, long width) {
        return img.narrow(-2, top, height).narrow(-1, left, width);
    }
}
