package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** One LSTM step with gates (i, f, g, o) in that order. */
public class LSTMCell extends RNNCellBase {
    /** The new hidden and cell states. */
    public record Result(Tensor h, Tensor c) {}

    public LSTMCell(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, true); }

    public LSTMCell(long inputSize, long hiddenSize, boolean bias) { super(4, inputSize, hiddenSize, bias); }

    /** The new hidden state from zero states. */
    @Override public Tensor forward(Tensor x) { return forwardState(x, null, null).h(); }

    /** {@code lstm_cell(x, (h, c))}; null states mean zeros. */
    public Result forwardState(Tensor x, Tensor h, Tensor c) {
        checkInput(x);
        Tensor h0 = h == null ? zeros(x) : h, c0 = c == null ? zeros(x) : c;
        java.util.List<Tensor> g = gatesIh(x).add(gatesHh(h0)).chunk(4, -1);
        Tensor i = g.get(0).sigmoid(), f = g.get(1).sigmoid(), gg = g.get(2).tanh(), o = g.get(3).sigmoid();
        Tensor c1 = f.mul(c0).add(i.mul(gg));
        return new Result(o.mul(c1.tanh()), c1);
    }
}
