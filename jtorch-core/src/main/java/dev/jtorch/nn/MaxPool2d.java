package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** 2-d max pooling (stride defaults to the kernel size). */
public class MaxPool2d extends Module {
    public final long[] kernelSize, stride, padding, dilation;
    public final boolean ceilMode;

    public MaxPool2d(long... kernelSize) { this(kernelSize, kernelSize, new long[] {0}, new long[] {1}); }

    public MaxPool2d(long kernelSize, long stride, long padding) {
        this(new long[] {kernelSize}, new long[] {stride}, new long[] {padding}, new long[] {1});
    }

    public MaxPool2d(long[] kernelSize, long[] stride, long[] padding, long[] dilation) { this(kernelSize, stride, padding, dilation, false); }

    /** {@code stride} null means the kernel size. */
    public MaxPool2d(long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        this.ceilMode = ceilMode;
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
    }

    @Override public Tensor forward(Tensor x) { return F.maxPool2d(x, kernelSize, stride, padding, dilation, ceilMode); }

    static String arg(long[] v) { return v.length == 1 ? Long.toString(v[0]) : tuple(v); }

    @Override public String extraRepr() {
        return "kernel_size=" + arg(kernelSize) + ", stride=" + arg(stride) + ", padding=" + arg(padding) + ", dilation=" + arg(dilation)
                + ", ceil_mode=" + (ceilMode ? "True" : "False");
    }
}
