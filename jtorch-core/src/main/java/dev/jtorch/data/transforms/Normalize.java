package dev.jtorch.data.transforms;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.Arrays;

/**
 * Per-channel {@code (x - mean[c]) / std[c]} on a [..., C, H, W] float tensor
 * ({@code torchvision.transforms.Normalize}): mean and std are converted to the image's dtype first and
 * the arithmetic is done in that dtype, as torchvision does. Returns a new tensor.
 */
public final class Normalize implements Transform {
    private final double[] mean;
    private final double[] std;

    public Normalize(double[] mean, double[] std) {
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** One mean and std for every channel. */
    public Normalize(double mean, double std) {
        this(new double[] {mean}, new double[] {std});
    }

    @Override
    public Tensor apply(Tensor tensor) {
        if (!tensor.isFloatingPoint()) {
            throw new IllegalArgumentException("Input tensor should be a float tensor. Got " + tensor.dtype() + ".");
        }
        if (tensor.dim() < 3) {
            throw new IllegalArgumentException("Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = "
                    + Arrays.toString(tensor.shape()));
        }
        Tensor m = Torch.tensor(mean, tensor.dtype());
        Tensor s = Torch.tensor(std, tensor.dtype());
        for (int i = 0; i < std.length; i++) {
            if (s.getDouble(i) == 0) {
                throw new IllegalArgumentException("std evaluated to zero after conversion to " + tensor.dtype()
                        + ", leading to division by zero.");
            }
        }
        return tensor.sub(m.view(-1, 1, 1)).div(s.view(-1, 1, 1));
    }

    @Override
    public String toString() {
        return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
