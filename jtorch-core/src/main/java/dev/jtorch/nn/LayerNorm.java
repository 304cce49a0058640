package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

/** Normalisation over the trailing {@code normalizedShape} dimensions. */
public class LayerNorm extends Module {
    public final long[] normalizedShape;
    public final double eps;
    public final boolean elementwiseAffine;
    public Parameter weight;
    public Parameter bias;

    public LayerNorm(long... normalizedShape) { this(normalizedShape, 1e-5, true); }

    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        if (elementwiseAffine) {
            weight = registerParameter("weight", new Parameter(Torch.ones(normalizedShape)));
            bias = registerParameter("bias", new Parameter(Torch.zeros(normalizedShape)));
        }
    }

    @Override public Tensor forward(Tensor x) { return F.layerNorm(x, normalizedShape, weight, bias, eps); }

    @Override public String extraRepr() {
        return tuple(normalizedShape) + ", eps=" + pyFloat(eps) + ", elementwise_affine=" + (elementwiseAffine ? "True" : "False");
    }
}
