package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Elman RNN: {@code h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)} with act tanh or relu. */
public class RNN extends RNNBase {
    public final String nonlinearity;

    /** Output sequence and final hidden state [layers*dirs, N, H]. */
    public record Result(Tensor output, Tensor hN) {}

    public RNN(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, 1, "tanh", true, false, 0.0, false); }

    public RNN(long inputSize, long hiddenSize, long numLayers, String nonlinearity, boolean bias, boolean batchFirst, double dropout,
               boolean bidirectional) {
        super(1, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) throw new IllegalArgumentException("Unknown nonlinearity '" + nonlinearity + "'");
        this.nonlinearity = nonlinearity;
    }

    @Override protected Tensor[] cell(Tensor xProj, Tensor[] state, Tensor wHh, Tensor bHh) {
        Tensor g = xProj.add(state[0].matmul(wHh.t()));
        if (bHh != null) g = g.add(bHh);
        return new Tensor[] {nonlinearity.equals("tanh") ? g.tanh() : g.relu()};
    }

    /** {@code rnn(input, h0)}; h0 may be null (zeros). */
    public Result forwardState(Tensor input, Tensor h0) {
        Tensor[] r = run(input, new Tensor[] {h0});
        return new Result(r[0], r[1]);
    }
}
