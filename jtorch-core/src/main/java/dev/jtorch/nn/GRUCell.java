package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** One GRU step with gates (r, z, n) in that order. */
public class GRUCell extends RNNCellBase {
    public GRUCell(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, true); }

    public GRUCell(long inputSize, long hiddenSize, boolean bias) { super(3, inputSize, hiddenSize, bias); }

    @Override public Tensor forward(Tensor x) { return forward(x, null); }

    /** {@code hx} null means zeros. */
    @Override public Tensor forward(Tensor x, Tensor hx) {
        checkInput(x);
        Tensor h = hx == null ? zeros(x) : hx;
        java.util.List<Tensor> gi = gatesIh(x).chunk(3, -1), gh = gatesHh(h).chunk(3, -1);
        Tensor r = gi.get(0).add(gh.get(0)).sigmoid(), z = gi.get(1).add(gh.get(1)).sigmoid();
        Tensor n = gi.get(2).add(r.mul(gh.get(2))).tanh();
        return n.sub(z.mul(n)).add(z.mul(h));
    }
}
