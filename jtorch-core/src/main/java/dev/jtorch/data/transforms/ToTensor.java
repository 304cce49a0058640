package dev.jtorch.data.transforms;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.internal.Mem;

import java.lang.foreign.MemorySegment;

/**
 * An H x W or H x W x C image to a C x H x W tensor ({@code torchvision.transforms.ToTensor}): uint8
 * values become float values x / 255 in [0, 1] of the default dtype (float32), computed as PyTorch
 * does ({@code img.to(float32).div(255)}). Other dtypes are only rearranged, not scaled, as torchvision
 * does for numpy arrays that are not uint8.
 */
public final class ToTensor implements Transform {
    @Override
    public Tensor apply(Tensor pic) {
        if (pic.dim() != 2 && pic.dim() != 3) {
            throw new IllegalArgumentException("pic should be 2/3 dimensional. Got " + pic.dim() + " dimensions.");
        }
        Tensor hwc = pic.dim() == 2 ? pic.unsqueeze(2) : pic;
        Tensor chw = hwc.permute(2, 0, 1).contiguous();
        if (pic.dtype() != DType.UINT8) return chw;
        DType out = Torch.getDefaultDtype();
        int n = (int) chw.numel();
        MemorySegment src = chw.segment();
        long off = chw.storageOffset();
        if (out == DType.FLOAT32) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (src.get(Mem.I8, off + i) & 0xFF) / 255f;
            return Torch.fromArray(v, chw.shape());
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (src.get(Mem.I8, off + i) & 0xFF) / 255.0;
        return Torch.fromArray(v, chw.shape()).to(out);
    }

    @Override
    public String toString() { return "ToTensor()"; }
}
