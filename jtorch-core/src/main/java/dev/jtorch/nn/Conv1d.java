package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

/** 1-d convolution over [N, C, L] with zero padding (a size, or "same" / "valid"). */
public class Conv1d extends Module {
    public final long inChannels, outChannels, kernelSize, stride, padding, dilation, groups;
    public final String paddingString;
    public Parameter weight;
    public Parameter bias;

    public Conv1d(long inChannels, long outChannels, long kernelSize) { this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true); }

    public Conv1d(long inChannels, long outChannels, long kernelSize, long stride, long padding, long dilation, long groups, boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias);
    }

    public Conv1d(long inChannels, long outChannels, long kernelSize, long stride, String padding, long dilation, long groups, boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, 0, padding, dilation, groups, bias);
    }

    private Conv1d(long inChannels, long outChannels, long kernelSize, long stride, long padding, String paddingMode, long dilation,
                   long groups, boolean bias) {
        if (groups <= 0) throw new IllegalArgumentException("groups must be a positive integer");
        if (inChannels % groups != 0) throw new IllegalArgumentException("in_channels must be divisible by groups");
        if (outChannels % groups != 0) throw new IllegalArgumentException("out_channels must be divisible by groups");
        if (paddingMode != null && paddingMode.equals("same") && stride != 1) {
            throw new IllegalArgumentException("padding='same' is not supported for strided convolutions");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.paddingString = paddingMode;
        this.dilation = dilation;
        this.groups = groups;
        weight = registerParameter("weight", new Parameter(Torch.zeros(outChannels, inChannels / groups, kernelSize)));
        this.bias = bias ? registerParameter("bias", new Parameter(Torch.zeros(outChannels))) : null;
        Init.defaultWeightAndBias(weight, this.bias);
    }

    @Override public Tensor forward(Tensor x) {
        if (paddingString != null) return F.conv1d(x, weight, bias, stride, paddingString, dilation, groups);
        return F.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }

    @Override public String extraRepr() {
        StringBuilder s = new StringBuilder(inChannels + ", " + outChannels + ", kernel_size=" + tuple(kernelSize) + ", stride=" + tuple(stride));
        if (paddingString != null) s.append(", padding=").append(paddingString);
        else if (padding != 0) s.append(", padding=").append(tuple(padding));
        if (dilation != 1) s.append(", dilation=").append(tuple(dilation));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=False");
        return s.toString();
    }
}
