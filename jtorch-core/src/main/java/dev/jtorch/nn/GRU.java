package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Gated recurrent unit with gates (r, z, n) stacked in that order, as PyTorch. */
public class GRU extends RNNBase {
    /** Output sequence and final hidden state [layers*dirs, N, H]. */
    public record Result(Tensor output, Tensor hN) {}

    public GRU(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, 1, true, false, 0.0, false); }

    public GRU(long inputSize, long hiddenSize, long numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        super(3, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    @Override protected Tensor[] cell(Tensor xProj, Tensor[] state, Tensor wHh, Tensor bHh) {
        Tensor h = state[0];
        Tensor gh = h.matmul(wHh.t());
        if (bHh != null) gh = gh.add(bHh);
        java.util.List<Tensor> gi = xProj.chunk(3, -1), hh = gh.chunk(3, -1);
        Tensor r = gi.get(0).add(hh.get(0)).sigmoid(), z = gi.get(1).add(hh.get(1)).sigmoid();
        Tensor n = gi.get(2).add(r.mul(hh.get(2))).tanh();
        return new Tensor[] {n.sub(z.mul(n)).add(z.mul(h))};
    }

    /** {@code gru(input, h0)}; h0 may be null (zeros). */
    public Result forwardState(Tensor input, Tensor h0) {
        Tensor[] r = run(input, new Tensor[] {h0});
        return new Result(r[0], r[1]);
    }
}
