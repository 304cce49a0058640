package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.ArrayList;
import java.util.List;

/**
 * Shared part of {@link RNN}, {@link LSTM} and {@link GRU}: parameters weight_ih_l{k}[_reverse],
 * weight_hh_l{k}[_reverse], bias_ih_l{k}[_reverse], bias_hh_l{k}[_reverse] in PyTorch's order, all initialised
 * U(-1/sqrt(hidden), 1/sqrt(hidden)); multi-layer, batch_first, bidirectional, dropout between layers.
 *
 * <p>Python's {@code rnn(x, h0)} returns a tuple; here {@link #forward(Tensor)} returns the output sequence
 * (so that the layer fits a {@link Sequential}) and {@code forwardState} returns output and final state.
 */
public abstract class RNNBase extends Module {
    public final long inputSize, hiddenSize, numLayers;
    public final boolean bias, batchFirst, bidirectional;
    public final double dropout;
    protected final int gates;

    protected RNNBase(int gates, long inputSize, long hiddenSize, long numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        if (dropout < 0 || dropout > 1) {
            throw new IllegalArgumentException("dropout should be a number in range [0, 1] representing the probability of an element being zeroed");
        }
        if (hiddenSize <= 0) throw new IllegalArgumentException("hidden_size must be greater than zero");
        if (numLayers <= 0) throw new IllegalArgumentException("num_layers must be greater than zero");
        this.gates = gates;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.bidirectional = bidirectional;
        int dirs = bidirectional ? 2 : 1;
        for (long layer = 0; layer < numLayers; layer++) {
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + layer + (d == 1 ? "_reverse" : "");
                long in = layer == 0 ? inputSize : hiddenSize * dirs;
                registerParameter("weight_ih" + sfx, new Parameter(Torch.zeros(gates * hiddenSize, in)));
                registerParameter("weight_hh" + sfx, new Parameter(Torch.zeros(gates * hiddenSize, hiddenSize)));
                if (bias) {
                    registerParameter("bias_ih" + sfx, new Parameter(Torch.zeros(gates * hiddenSize)));
                    registerParameter("bias_hh" + sfx, new Parameter(Torch.zeros(gates * hiddenSize)));
                }
            }
        }
        double stdv = 1.0 / Math.sqrt(hiddenSize);
        for (Parameter p : parameters()) Init.uniform_(p, -stdv, stdv);
    }

    protected Parameter param(String name) { return ownParameters().get(name); }

    /** One time step of one direction of one layer: the new state(s) from the precomputed input projection. */
    protected abstract Tensor[] cell(Tensor xProj, Tensor[] state, Tensor wHh, Tensor bHh);

    @Override public Tensor forward(Tensor input) { return run(input, null)[0]; }

    /**
     * Runs the whole stack. {@code init} holds the initial states ([layers*dirs, N, H] each, or null for zeros);
     * returns {output, final state 1, final state 2 ...}.
     */
    protected Tensor[] run(Tensor input, Tensor[] init) {
        boolean unbatched = input.dim() == 2;
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(getName() + ": Expected input to be 2D or 3D, got " + input.dim() + "D instead");
        }
        Tensor x = unbatched ? input.unsqueeze(1) : batchFirst ? input.transpose(0, 1) : input; // [L, N, in]
        if (x.shapeRef()[2] != inputSize) {
            throw new IllegalArgumentException("input.size(-1) must be equal to input_size. Expected " + inputSize + ", got " + x.shapeRef()[2]);
        }
        int dirs = bidirectional ? 2 : 1;
        long seq = x.shapeRef()[0], n = x.shapeRef()[1];
        int nStates = stateCount();
        Tensor[] h0 = new Tensor[nStates];
        for (int s = 0; s < nStates; s++) {
            if (init == null || init[s] == null) {
                h0[s] = Torch.zeros(new long[] {numLayers * dirs, n, hiddenSize}, x.dtype(), x.device());
            } else {
                Tensor h = unbatched ? init[s].unsqueeze(1) : init[s];
                long[] want = {numLayers * dirs, n, hiddenSize};
                if (!java.util.Arrays.equals(h.shapeRef(), want)) {
                    throw new IllegalArgumentException("Expected hidden size " + tupleOf(want) + ", got " + dev.jtorch.internal.Shapes.str(h.shapeRef()));
                }
                h0[s] = h;
            }
        }
        List<List<Tensor>> finals = new ArrayList<>();
        for (int s = 0; s < nStates; s++) finals.add(new ArrayList<>());
        Tensor layerIn = x;
        for (long layer = 0; layer < numLayers; layer++) {
            List<Tensor> dirOut = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + layer + (d == 1 ? "_reverse" : "");
                Tensor proj = layerIn.matmul(param("weight_ih" + sfx).t());
                if (bias) proj = proj.add(param("bias_ih" + sfx));
                Tensor wHh = param("weight_hh" + sfx), bHh = bias ? param("bias_hh" + sfx) : null;
                Tensor[] state = new Tensor[nStates];
                for (int s = 0; s < nStates; s++) state[s] = h0[s].select(0, layer * dirs + d);
                Tensor[] outs = new Tensor[(int) seq];
                for (long t = 0; t < seq; t++) {
                    long ti = d == 0 ? t : seq - 1 - t;
                    state = cell(proj.select(0, ti), state, wHh, bHh);
                    outs[(int) ti] = state[0];
                }
                dirOut.add(seq == 0 ? Torch.zeros(new long[] {0, n, hiddenSize}, x.dtype(), x.device()) : Torch.stack(outs));
                for (int s = 0; s < nStates; s++) finals.get(s).add(state[s]);
            }
            layerIn = dirs == 1 ? dirOut.get(0) : Torch.cat(dirOut, 2);
            if (dropout > 0 && training && layer < numLayers - 1) layerIn = F.dropout(layerIn, dropout, true);
        }
        Tensor out = unbatched ? layerIn.squeeze(1) : batchFirst ? layerIn.transpose(0, 1) : layerIn;
        Tensor[] result = new Tensor[1 + nStates];
        result[0] = out;
        for (int s = 0; s < nStates; s++) {
            Tensor st = Torch.stack(finals.get(s));
            result[1 + s] = unbatched ? st.squeeze(1) : st;
        }
        return result;
    }

    protected int stateCount() { return 1; }

    private static String tupleOf(long[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        return sb.append(")").toString();
    }

    @Override public String extraRepr() {
        StringBuilder s = new StringBuilder(inputSize + ", " + hiddenSize);
        if (numLayers != 1) s.append(", num_layers=").append(numLayers);
        if (!bias) s.append(", bias=False");
        if (batchFirst) s.append(", batch_first=True");
        if (dropout != 0) s.append(", dropout=").append(pyFloat(dropout));
        if (bidirectional) s.append(", bidirectional=True");
        return s.toString();
    }
}
