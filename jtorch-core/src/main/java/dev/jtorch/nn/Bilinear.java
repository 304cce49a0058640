package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

/** {@code y = x1^T A x2 + b} with A [out, in1, in2]; both initialised U(-1/sqrt(in1), 1/sqrt(in1)). */
public class Bilinear extends Module {
    public final long in1Features, in2Features, outFeatures;
    public Parameter weight;
    public Parameter bias;

    public Bilinear(long in1Features, long in2Features, long outFeatures) { this(in1Features, in2Features, outFeatures, true); }

    public Bilinear(long in1Features, long in2Features, long outFeatures, boolean bias) {
        this.in1Features = in1Features;
        this.in2Features = in2Features;
        this.outFeatures = outFeatures;
        weight = registerParameter("weight", new Parameter(Torch.zeros(outFeatures, in1Features, in2Features)));
        this.bias = bias ? registerParameter("bias", new Parameter(Torch.zeros(outFeatures))) : null;
        double bound = 1 / Math.sqrt(in1Features);
        Init.uniform_(weight, -bound, bound);
        if (this.bias != null) Init.uniform_(this.bias, -bound, bound);
    }

    @Override public Tensor forward(Tensor x1, Tensor x2) { return F.bilinear(x1, x2, weight, bias); }

    @Override public String extraRepr() {
        return "in1_features=" + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures
                + ", bias=" + (bias != null ? "True" : "False");
    }
}
