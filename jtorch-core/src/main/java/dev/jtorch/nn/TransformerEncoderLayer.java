package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Self-attention and a feed-forward block, each with dropout, a residual and LayerNorm (post- or pre-norm), as PyTorch. */
public class TransformerEncoderLayer extends Module {
    public MultiheadAttention selfAttn;
    public Linear linear1;
    public Dropout dropout;
    public Linear linear2;
    public final boolean normFirst;
    public LayerNorm norm1, norm2;
    public Dropout dropout1, dropout2;
    /** "relu" or "gelu". */
    public final String activation;
    private final long dModel, nhead, dimFeedforward;
    private final double dropoutP, layerNormEps;
    private final boolean batchFirst;

    public TransformerEncoderLayer(long dModel, long nhead) { this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false); }

    public TransformerEncoderLayer(long dModel, long nhead, long dimFeedforward, double dropout, String activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst) {
        if (!activation.equals("relu") && !activation.equals("gelu")) {
            throw new IllegalArgumentException("activation should be relu/gelu, not " + activation);
        }
        selfAttn = addModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, true, batchFirst));
        linear1 = addModule("linear1", new Linear(dModel, dimFeedforward));
        this.dropout = addModule("dropout", new Dropout(dropout));
        linear2 = addModule("linear2", new Linear(dimFeedforward, dModel));
        this.normFirst = normFirst;
        norm1 = addModule("norm1", new LayerNorm(new long[] {dModel}, layerNormEps, true));
        norm2 = addModule("norm2", new LayerNorm(new long[] {dModel}, layerNormEps, true));
        dropout1 = addModule("dropout1", new Dropout(dropout));
        dropout2 = addModule("dropout2", new Dropout(dropout));
        this.activation = activation;
        this.dModel = dModel;
        this.nhead = nhead;
        this.dimFeedforward = dimFeedforward;
        this.dropoutP = dropout;
        this.layerNormEps = layerNormEps;
        this.batchFirst = batchFirst;
    }

    /**
     * An independent layer with the same configuration and a copy of the current parameters (Python's
     * copy.deepcopy): the generator state is restored afterwards, so no random numbers are consumed.
     */
    public TransformerEncoderLayer copy() {
        byte[] rng = dev.jtorch.Torch.getRngState();
        TransformerEncoderLayer c;
        try {
            c = new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropoutP, activation, layerNormEps, batchFirst, normFirst);
        } finally {
            dev.jtorch.Torch.setRngState(rng);
        }
        c.loadStateDict(stateDict());
        c.train(training);
        return c;
    }

    @Override public Tensor forward(Tensor src) { return forward(src, null, null); }

    /** {@code srcMask} [L, L] and {@code srcKeyPaddingMask} [N, L] as in {@link MultiheadAttention}; either may be null. */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        Tensor x = src;
        if (normFirst) {
            x = x.add(saBlock(norm1.call(x), srcMask, srcKeyPaddingMask));
            x = x.add(ffBlock(norm2.call(x)));
        } else {
            x = norm1.call(x.add(saBlock(x, srcMask, srcKeyPaddingMask)));
            x = norm2.call(x.add(ffBlock(x)));
        }
        return x;
    }

    private Tensor saBlock(Tensor x, Tensor mask, Tensor kpm) {
        return dropout1.call(selfAttn.forward(x, x, x, kpm, false, mask, true).output());
    }

    private Tensor ffBlock(Tensor x) {
        Tensor h = linear1.call(x);
        h = activation.equals("relu") ? F.relu(h) : F.gelu(h);
        return dropout2.call(linear2.call(dropout.call(h)));
    }
}
