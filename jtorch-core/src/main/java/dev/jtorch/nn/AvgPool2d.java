package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** 2-d average pooling (stride defaults to the kernel size); ceil_mode is not supported. */
public class AvgPool2d extends Module {
    public final long[] kernelSize, stride, padding;
    public final boolean countIncludePad;

    public AvgPool2d(long... kernelSize) { this(kernelSize, kernelSize, new long[] {0}, true); }

    public AvgPool2d(long[] kernelSize, long[] stride, long[] padding, boolean countIncludePad) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.countIncludePad = countIncludePad;
    }

    @Override public Tensor forward(Tensor x) { return F.avgPool2d(x, kernelSize, stride, padding, countIncludePad); }

    @Override public String extraRepr() {
        return "kernel_size=" + MaxPool2d.arg(kernelSize) + ", stride=" + MaxPool2d.arg(stride) + ", padding=" + MaxPool2d.arg(padding);
    }
}
