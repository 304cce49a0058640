package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.ops.NnOps;

/** 2-d convolution over [N, C, H, W] with zero padding (a size, or "same" / "valid"). */
public class Conv2d extends Module {
    public final long inChannels, outChannels, groups;
    public final long[] kernelSize, stride, padding, dilation;
    /** "same" or "valid" when padding was given as a string, else null. */
    public final String paddingString;
    /** "zeros", "reflect", "replicate" or "circular". */
    public final String paddingMode;
    public Parameter weight;
    public Parameter bias;

    public Conv2d(long inChannels, long outChannels, long kernelSize) {
        this(inChannels, outChannels, new long[] {kernelSize}, new long[] {1}, new long[] {0}, new long[] {1}, 1, true);
    }

    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride, long padding) {
        this(inChannels, outChannels, new long[] {kernelSize}, new long[] {stride}, new long[] {padding}, new long[] {1}, 1, true);
    }

    public Conv2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] dilation, long groups, boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias, "zeros");
    }

    /** {@code paddingMode}: "zeros", "reflect", "replicate" or "circular". */
    public Conv2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] dilation, long groups, boolean bias,
                  String paddingMode) {
        this(inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias, paddingMode);
    }

    /** {@code padding} "same" or "valid". */
    public Conv2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, String padding, long[] dilation, long groups, boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, new long[] {0}, padding, dilation, groups, bias, "zeros");
    }

    public Conv2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, String padding, long[] dilation, long groups, boolean bias,
                  String paddingMode) {
        this(inChannels, outChannels, kernelSize, stride, new long[] {0}, padding, dilation, groups, bias, paddingMode);
    }

    private Conv2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, String paddingString,
                   long[] dilation, long groups, boolean bias, String paddingMode) {
        if (!java.util.Set.of("zeros", "reflect", "replicate", "circular").contains(paddingMode)) {
            throw new IllegalArgumentException("padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='"
                    + paddingMode + "'");
        }
        this.paddingMode = paddingMode;
        if (groups <= 0) throw new IllegalArgumentException("groups must be a positive integer");
        if (inChannels % groups != 0) throw new IllegalArgumentException("in_channels must be divisible by groups");
        if (outChannels % groups != 0) throw new IllegalArgumentException("out_channels must be divisible by groups");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.kernelSize = F.two(kernelSize, "kernel_size");
        this.stride = F.two(stride, "stride");
        this.dilation = F.two(dilation, "dilation");
        if (paddingString != null) {
            if (!paddingString.equals("same") && !paddingString.equals("valid")) {
                throw new IllegalArgumentException("Invalid padding string '" + paddingString + "', should be one of {'valid', 'same'}");
            }
            if (paddingString.equals("same") && (this.stride[0] != 1 || this.stride[1] != 1)) {
                throw new IllegalArgumentException("padding='same' is not supported for strided convolutions");
            }
        }
        this.paddingString = paddingString;
        this.padding = paddingString != null ? new long[] {0, 0} : F.two(padding, "padding");
        weight = registerParameter("weight", new Parameter(Torch.zeros(outChannels, inChannels / groups, this.kernelSize[0], this.kernelSize[1])));
        this.bias = bias ? registerParameter("bias", new Parameter(Torch.zeros(outChannels))) : null;
        Init.defaultWeightAndBias(weight, this.bias);
    }

    @Override public Tensor forward(Tensor x) {
        long[] lo = padding, hi = padding;
        if (paddingString != null) {
            long[][] lh = F.samePadding(paddingString, stride, dilation, kernelSize);
            lo = lh[0];
            hi = lh[1];
        }
        if (!paddingMode.equals("zeros")) {
            // as PyTorch: pad by the mode first, then convolve without padding
            Tensor xp = F.pad(x, new long[] {lo[1], hi[1], lo[0], hi[0]}, paddingMode);
            return NnOps.conv2d(xp, weight, bias, stride, new long[] {0, 0}, new long[] {0, 0}, dilation, groups);
        }
        return NnOps.conv2d(x, weight, bias, stride, lo, hi, dilation, groups);
    }

    @Override public String extraRepr() {
        StringBuilder s = new StringBuilder(inChannels + ", " + outChannels + ", kernel_size=" + tuple(kernelSize) + ", stride=" + tuple(stride));
        if (paddingString != null) s.append(", padding=").append(paddingString);
        else if (padding[0] != 0 || padding[1] != 0) s.append(", padding=").append(tuple(padding));
        if (dilation[0] != 1 || dilation[1] != 1) s.append(", dilation=").append(tuple(dilation));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=False");
        if (!paddingMode.equals("zeros")) s.append(", padding_mode=").append(paddingMode);
        return s.toString();
    }
}
