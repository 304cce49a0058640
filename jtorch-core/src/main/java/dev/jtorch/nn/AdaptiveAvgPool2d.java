package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Average pooling to a fixed output size (one number: square). */
public class AdaptiveAvgPool2d extends Module {
    public final long[] outputSize;

    public AdaptiveAvgPool2d(long... outputSize) { this.outputSize = outputSize.clone(); }

    @Override public Tensor forward(Tensor x) { return F.adaptiveAvgPool2d(x, outputSize); }

    @Override public String extraRepr() { return "output_size=" + MaxPool2d.arg(outputSize); }
}
