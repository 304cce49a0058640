package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

/** A lookup table [num_embeddings, embedding_dim] initialised N(0, 1); the padding row starts at zero and gets no gradient. */
public class Embedding extends Module {
    public final long numEmbeddings, embeddingDim;
    public final Long paddingIdx;
    public Parameter weight;

    public Embedding(long numEmbeddings, long embeddingDim) { this(numEmbeddings, embeddingDim, null); }

    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx) { this(numEmbeddings, embeddingDim, paddingIdx, null); }

    /**
     * A table holding {@code embeddings} [num, dim] (shared, not copied, as PyTorch); {@code freeze} turns off
     * its gradient. No random numbers are drawn.
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, Long paddingIdx) {
        if (embeddings.dim() != 2) throw new IllegalArgumentException("Embeddings parameter is expected to be 2-dimensional");
        Embedding e = new Embedding(embeddings.size(0), embeddings.size(1), paddingIdx, embeddings);
        e.weight.requiresGrad_(!freeze);
        return e;
    }

    public static Embedding fromPretrained(Tensor embeddings) { return fromPretrained(embeddings, true, null); }

    private Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx, Tensor weight) {
        if (paddingIdx != null) {
            if (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) throw new IllegalArgumentException("Padding_idx must be within num_embeddings");
            if (paddingIdx < 0) paddingIdx += numEmbeddings;
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx;
        if (weight != null) {
            this.weight = registerParameter("weight", new Parameter(weight));
            return;
        }
        this.weight = registerParameter("weight", new Parameter(Torch.zeros(numEmbeddings, embeddingDim)));
        Init.normal_(this.weight);
        if (paddingIdx != null) {
            try (var g = Torch.noGrad()) {
                this.weight.select(0, paddingIdx).fill_(0.0);
            }
        }
    }

    @Override public Tensor forward(Tensor x) { return paddingIdx == null ? F.embedding(x, weight) : F.embedding(x, weight, paddingIdx); }

    @Override public String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx != null ? ", padding_idx=" + paddingIdx : "");
    }
}
