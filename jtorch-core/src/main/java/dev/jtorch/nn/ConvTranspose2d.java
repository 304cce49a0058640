package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.ops.NnOps;

/** Transposed 2-d convolution; weight [in, out/groups, kh, kw]. */
public class ConvTranspose2d extends Module {
    public final long inChannels, outChannels, groups;
    public final long[] kernelSize, stride, padding, outputPadding, dilation;
    public Parameter weight;
    public Parameter bias;

    public ConvTranspose2d(long inChannels, long outChannels, long kernelSize) {
        this(inChannels, outChannels, new long[] {kernelSize}, new long[] {1}, new long[] {0}, new long[] {0}, 1, true, new long[] {1});
    }

    public ConvTranspose2d(long inChannels, long outChannels, long kernelSize, long stride) {
        this(inChannels, outChannels, new long[] {kernelSize}, new long[] {stride}, new long[] {0}, new long[] {0}, 1, true, new long[] {1});
    }

    public ConvTranspose2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] outputPadding,
                           long groups, boolean bias, long[] dilation) {
        if (groups <= 0) throw new IllegalArgumentException("groups must be a positive integer");
        if (inChannels % groups != 0) throw new IllegalArgumentException("in_channels must be divisible by groups");
        if (outChannels % groups != 0) throw new IllegalArgumentException("out_channels must be divisible by groups");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.kernelSize = F.two(kernelSize, "kernel_size");
        this.stride = F.two(stride, "stride");
        this.padding = F.two(padding, "padding");
        this.outputPadding = F.two(outputPadding, "output_padding");
        this.dilation = F.two(dilation, "dilation");
        weight = registerParameter("weight", new Parameter(Torch.zeros(inChannels, outChannels / groups, this.kernelSize[0], this.kernelSize[1])));
        this.bias = bias ? registerParameter("bias", new Parameter(Torch.zeros(outChannels))) : null;
        Init.defaultWeightAndBias(weight, this.bias);
    }

    @Override public Tensor forward(Tensor x) {
        return NnOps.convTranspose2d(x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    @Override public String extraRepr() {
        StringBuilder s = new StringBuilder(inChannels + ", " + outChannels + ", kernel_size=" + tuple(kernelSize) + ", stride=" + tuple(stride));
        if (padding[0] != 0 || padding[1] != 0) s.append(", padding=").append(tuple(padding));
        if (dilation[0] != 1 || dilation[1] != 1) s.append(", dilation=").append(tuple(dilation));
        if (outputPadding[0] != 0 || outputPadding[1] != 0) s.append(", output_padding=").append(tuple(outputPadding));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=False");
        return s.toString();
    }
}
