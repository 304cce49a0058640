package dev.jtorch.nn;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

/** {@code y = x W^T + b} with W [out, in]; PyTorch's default initialisation. */
public class Linear extends Module {
    public final long inFeatures, outFeatures;
    public Parameter weight;
    public Parameter bias;

    public Linear(long inFeatures, long outFeatures) { this(inFeatures, outFeatures, true); }

    public Linear(long inFeatures, long outFeatures, boolean bias) { this(inFeatures, outFeatures, bias, Torch.getDefaultDtype()); }

    public Linear(long inFeatures, long outFeatures, boolean bias, DType dtype) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        weight = registerParameter("weight", new Parameter(Torch.zeros(new long[] {outFeatures, inFeatures}, dtype)));
        this.bias = bias ? registerParameter("bias", new Parameter(Torch.zeros(new long[] {outFeatures}, dtype))) : null;
        resetParameters();
    }

    public void resetParameters() { Init.defaultWeightAndBias(weight, bias); }

    @Override public Tensor forward(Tensor x) { return F.linear(x, weight, bias); }

    @Override public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }
}
