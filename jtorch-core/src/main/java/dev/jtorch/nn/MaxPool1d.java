package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** 1-d max pooling over [N, C, L] (stride defaults to the kernel size). */
public class MaxPool1d extends Module {
    public final long kernelSize, stride, padding, dilation;
    public final boolean ceilMode;

    public MaxPool1d(long kernelSize) { this(kernelSize, kernelSize, 0, 1); }

    public MaxPool1d(long kernelSize, long stride, long padding, long dilation) { this(kernelSize, stride, padding, dilation, false); }

    public MaxPool1d(long kernelSize, long stride, long padding, long dilation, boolean ceilMode) {
        this.ceilMode = ceilMode;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
    }

    @Override public Tensor forward(Tensor x) { return F.maxPool1d(x, kernelSize, stride, padding, dilation, ceilMode); }

    @Override public String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation + ", ceil_mode=" + (ceilMode ? "True" : "False");
    }
}
