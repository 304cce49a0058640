package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** One Elman step: {@code h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)}, act tanh or relu. */
public class RNNCell extends RNNCellBase {
    public final String nonlinearity;

    public RNNCell(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, true, "tanh"); }

    public RNNCell(long inputSize, long hiddenSize, boolean bias, String nonlinearity) {
        super(1, inputSize, hiddenSize, bias);
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) throw new IllegalArgumentException("Unknown nonlinearity: " + nonlinearity);
        this.nonlinearity = nonlinearity;
    }

    @Override public Tensor forward(Tensor x) { return forward(x, null); }

    /** {@code hx} null means zeros. */
    @Override public Tensor forward(Tensor x, Tensor hx) {
        checkInput(x);
        Tensor h = hx == null ? zeros(x) : hx;
        Tensor g = gatesIh(x).add(gatesHh(h));
        return nonlinearity.equals("tanh") ? g.tanh() : g.relu();
    }

    @Override public String extraRepr() { return super.extraRepr() + (nonlinearity.equals("tanh") ? "" : ", nonlinearity=" + nonlinearity); }
}
