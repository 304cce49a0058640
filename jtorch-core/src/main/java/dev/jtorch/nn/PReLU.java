package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

/** x for x > 0, a * x otherwise, with a learnt slope (one, or one per channel of dim 1). */
public class PReLU extends Module {
    public final long numParameters;
    public Parameter weight;

    public PReLU() { this(1, 0.25); }

    public PReLU(long numParameters, double init) {
        this.numParameters = numParameters;
        weight = registerParameter("weight", new Parameter(Torch.full(new long[] {numParameters}, init)));
    }

    @Override public Tensor forward(Tensor x) { return F.prelu(x, weight); }

    @Override public String extraRepr() { return "num_parameters=" + numParameters; }
}
