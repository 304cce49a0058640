package dev.jtorch.data.transforms;

import dev.jtorch.Tensor;
import dev.jtorch.data.WorkerInfo;

/**
 * Mirrors an image left to right with probability p ({@code torchvision.transforms.RandomHorizontalFlip}).
 * Like torchvision it draws {@code torch.rand(1)} (one float from 24 bits of a 32-bit draw) on every call
 * and flips when that is below p (compared in float32, as the tensor comparison does).
 */
public final class RandomHorizontalFlip implements Transform {
    private final double p;

    public RandomHorizontalFlip() { this(0.5); }

    public RandomHorizontalFlip(double p) { this.p = p; }

    @Override
    public Tensor apply(Tensor img) {
        if (WorkerInfo.generator().nextFloat() < (float) p) return ImageOps.hflip(img);
        return img;
    }

    @Override
    public String toString() { return "RandomHorizontalFlip(p=" + p + ")"; }
}
