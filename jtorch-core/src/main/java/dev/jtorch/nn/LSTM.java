package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Long short-term memory with gates (i, f, g, o) stacked in that order in the weights, as PyTorch. */
public class LSTM extends RNNBase {
    /** Output sequence and final hidden and cell states [layers*dirs, N, H]. */
    public record Result(Tensor output, Tensor hN, Tensor cN) {}

    public LSTM(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, 1, true, false, 0.0, false); }

    public LSTM(long inputSize, long hiddenSize, long numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        super(4, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    @Override protected int stateCount() { return 2; }

    @Override protected Tensor[] cell(Tensor xProj, Tensor[] state, Tensor wHh, Tensor bHh) {
        Tensor g = xProj.add(state[0].matmul(wHh.t()));
        if (bHh != null) g = g.add(bHh);
        java.util.List<Tensor> ch = g.chunk(4, -1);
        Tensor i = ch.get(0).sigmoid(), f = ch.get(1).sigmoid(), c = ch.get(2).tanh(), o = ch.get(3).sigmoid();
        Tensor cNew = f.mul(state[1]).add(i.mul(c));
        return new Tensor[] {o.mul(cNew.tanh()), cNew};
    }

    /** {@code lstm(input, (h0, c0))}; both may be null (zeros). */
    public Result forwardState(Tensor input, Tensor h0, Tensor c0) {
        Tensor[] r = run(input, new Tensor[] {h0, c0});
        return new Result(r[0], r[1], r[2]);
    }
}
