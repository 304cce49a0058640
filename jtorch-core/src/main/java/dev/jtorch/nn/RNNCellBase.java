package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

/** Shared part of the single-step cells: weight_ih, weight_hh, bias_ih, bias_hh, all U(-1/sqrt(hidden), 1/sqrt(hidden)). */
public abstract class RNNCellBase extends Module {
    public final long inputSize, hiddenSize;
    public final boolean bias;
    public Parameter weightIh, weightHh, biasIh, biasHh;

    protected RNNCellBase(int gates, long inputSize, long hiddenSize, boolean bias) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.bias = bias;
        weightIh = registerParameter("weight_ih", new Parameter(Torch.zeros(gates * hiddenSize, inputSize)));
        weightHh = registerParameter("weight_hh", new Parameter(Torch.zeros(gates * hiddenSize, hiddenSize)));
        if (bias) {
            biasIh = registerParameter("bias_ih", new Parameter(Torch.zeros(gates * hiddenSize)));
            biasHh = registerParameter("bias_hh", new Parameter(Torch.zeros(gates * hiddenSize)));
        }
        double stdv = 1.0 / Math.sqrt(hiddenSize);
        for (Parameter p : parameters()) Init.uniform_(p, -stdv, stdv);
    }

    /** [N, in] or [in]; the state defaults to zeros [N, hidden] (or [hidden]). */
    protected Tensor checkInput(Tensor x) {
        if (x.dim() != 1 && x.dim() != 2) {
            throw new IllegalArgumentException(getName() + ": Expected input to be 1D or 2D, got " + x.dim() + "D instead");
        }
        if (x.shapeRef()[x.dim() - 1] != inputSize) {
            throw new IllegalArgumentException("input has inconsistent input_size: got " + x.shapeRef()[x.dim() - 1] + " expected " + inputSize);
        }
        return x;
    }

    protected Tensor zeros(Tensor x) {
        return x.dim() == 1 ? Torch.zeros(new long[] {hiddenSize}, x.dtype(), x.device())
                : Torch.zeros(new long[] {x.shapeRef()[0], hiddenSize}, x.dtype(), x.device());
    }

    protected Tensor gatesIh(Tensor x) { return F.linear(x, weightIh, biasIh); }

    protected Tensor gatesHh(Tensor h) { return F.linear(h, weightHh, biasHh); }

    @Override public String extraRepr() { return inputSize + ", " + hiddenSize + (bias ? "" : ", bias=False"); }
}
