package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Resizes [N, C, H, W] to a size or by a scale factor, mode "nearest" or "bilinear". */
public class Upsample extends Module {
    public final long[] size;
    public final double[] scaleFactor;
    public final String mode;
    public final boolean alignCorners;

    /** By a scale factor (one for both dims, or one per dim). */
    public Upsample(double[] scaleFactor, String mode, boolean alignCorners) {
        this.size = null;
        this.scaleFactor = scaleFactor.clone();
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    public Upsample(double scaleFactor) { this(new double[] {scaleFactor}, "nearest", false); }

    /** To a size (one for both dims, or (H, W)). */
    public Upsample(long[] size, String mode, boolean alignCorners) {
        this.size = size.clone();
        this.scaleFactor = null;
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    @Override public Tensor forward(Tensor x) {
        return size != null ? F.interpolate(x, size, mode, alignCorners) : F.interpolate(x, scaleFactor, mode, alignCorners);
    }

    @Override public String extraRepr() {
        String info;
        if (scaleFactor != null) {
            info = "scale_factor=" + (scaleFactor.length == 1 ? pyFloat(scaleFactor[0]) : "(" + pyFloat(scaleFactor[0]) + ", " + pyFloat(scaleFactor[1]) + ")");
        } else {
            info = "size=" + (size.length == 1 ? Long.toString(size[0]) : tuple(size));
        }
        return info + ", mode=" + mode;
    }
}
