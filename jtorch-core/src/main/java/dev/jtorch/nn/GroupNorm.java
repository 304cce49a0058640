package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

/** Normalisation over groups of channels of [N, C, *]. */
public class GroupNorm extends Module {
    public final long numGroups, numChannels;
    public final double eps;
    public final boolean affine;
    public Parameter weight;
    public Parameter bias;

    public GroupNorm(long numGroups, long numChannels) { this(numGroups, numChannels, 1e-5, true); }

    public GroupNorm(long numGroups, long numChannels, double eps, boolean affine) {
        if (numChannels % numGroups != 0) throw new IllegalArgumentException("num_channels must be divisible by num_groups");
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.affine = affine;
        if (affine) {
            weight = registerParameter("weight", new Parameter(Torch.ones(numChannels)));
            bias = registerParameter("bias", new Parameter(Torch.zeros(numChannels)));
        }
    }

    @Override public Tensor forward(Tensor x) { return F.groupNorm(x, numGroups, weight, bias, eps); }

    @Override public String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + pyFloat(eps) + ", affine=" + (affine ? "True" : "False");
    }
}
