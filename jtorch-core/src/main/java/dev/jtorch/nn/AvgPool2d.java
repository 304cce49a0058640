package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** 2-d average pooling (stride defaults to the kernel size). */
public class AvgPool2d extends Module {
    public final long[] kernelSize, stride, padding;
    public final boolean ceilMode, countIncludePad;
    public final Long divisorOverride;

    public AvgPool2d(long... kernelSize) { this(kernelSize, kernelSize, new long[] {0}, true); }

    public AvgPool2d(long[] kernelSize, long[] stride, long[] padding, boolean countIncludePad) {
        this(kernelSize, stride, padding, false, countIncludePad, null);
    }

    /** {@code stride} null means the kernel size; {@code divisorOverride} null means the window size. */
    public AvgPool2d(long[] kernelSize, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad, Long divisorOverride) {
        this.ceilMode = ceilMode;
        this.divisorOverride = divisorOverride;
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.countIncludePad = countIncludePad;
    }

    @Override public Tensor forward(Tensor x) { return F.avgPool2d(x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride); }

    @Override public String extraRepr() {
        return "kernel_size=" + MaxPool2d.arg(kernelSize) + ", stride=" + MaxPool2d.arg(stride) + ", padding=" + MaxPool2d.arg(padding);
    }
}
