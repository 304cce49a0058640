package dev.jtorch.nn;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

/**
 * Multi-head attention with one packed input projection (in_proj_weight [3E, E], in_proj_bias) and out_proj,
 * as PyTorch's {@code nn.MultiheadAttention} when key and value have the query's embedding size (kdim and
 * vdim, add_bias_kv and add_zero_attn are not supported). Inputs are [L, N, E] ([N, L, E] with batchFirst)
 * or unbatched [L, E].
 */
public class MultiheadAttention extends Module {
    public final long embedDim, numHeads, headDim;
    public final double dropout;
    public final boolean batchFirst;
    public Parameter inProjWeight;
    public Parameter inProjBias;
    public Linear outProj;

    /** The attention output and the attention weights ([N, L, S] averaged over heads, or [N, H, L, S]; null if not asked for). */
    public record Result(Tensor output, Tensor weights) {}

    /** PyTorch's out_proj class: a Linear under another name (it only matters to quantization). */
    public static class NonDynamicallyQuantizableLinear extends Linear {
        public NonDynamicallyQuantizableLinear(long in, long out, boolean bias) { super(in, out, bias); }
    }

    public MultiheadAttention(long embedDim, long numHeads) { this(embedDim, numHeads, 0.0, true, false); }

    public MultiheadAttention(long embedDim, long numHeads, double dropout, boolean bias, boolean batchFirst) {
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.headDim = embedDim / numHeads;
        if (headDim * numHeads != embedDim) throw new IllegalArgumentException("embed_dim must be divisible by num_heads");
        inProjWeight = registerParameter("in_proj_weight", new Parameter(Torch.zeros(3 * embedDim, embedDim)));
        if (bias) inProjBias = registerParameter("in_proj_bias", new Parameter(Torch.zeros(3 * embedDim)));
        outProj = addModule("out_proj", new NonDynamicallyQuantizableLinear(embedDim, embedDim, bias));
        // PyTorch's order: out_proj's own init (at construction) first, then these
        Init.xavierUniform_(inProjWeight);
        if (bias) {
            Init.constant_(inProjBias, 0.0);
            Init.constant_(outProj.bias, 0.0);
        }
    }

    /** Self-attention of {@code x}, the output only. */
    @Override public Tensor forward(Tensor x) { return forward(x, x, x, null, false, null, true).output(); }

    public Result forward(Tensor query, Tensor key, Tensor value) { return forward(query, key, value, null, true, null, true); }

    /**
     * {@code keyPaddingMask} [N, S] and {@code attnMask} [L, S] or [N*H, L, S] are boolean (true = not allowed to
     * attend) or float (added to the scores); either may be null.
     */
    public Result forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask,
                          boolean averageAttnWeights) {
        boolean unbatched = query.dim() == 2;
        if (query.dim() != 2 && query.dim() != 3) {
            throw new IllegalArgumentException("query should be unbatched 2D or batched 3D tensor but received " + query.dim() + "-D query tensor");
        }
        if (unbatched) {
            query = query.unsqueeze(1);
            key = key.unsqueeze(1);
            value = value.unsqueeze(1);
            if (keyPaddingMask != null) keyPaddingMask = keyPaddingMask.unsqueeze(0);
        } else if (batchFirst) {
            query = query.transpose(0, 1);
            key = key.transpose(0, 1);
            value = value.transpose(0, 1);
        }
        long l = query.shapeRef()[0], n = query.shapeRef()[1], s = key.shapeRef()[0], e = embedDim, h = numHeads;
        if (query.shapeRef()[2] != e) throw new IllegalArgumentException("was expecting embedding dimension of " + e + ", but got " + query.shapeRef()[2]);
        java.util.List<Tensor> w = inProjWeight.chunk(3, 0);
        java.util.List<Tensor> b = inProjBias == null ? null : inProjBias.chunk(3, 0);
        Tensor q = F.linear(query, w.get(0), b == null ? null : b.get(0));
        Tensor k = F.linear(key, w.get(1), b == null ? null : b.get(1));
        Tensor v = F.linear(value, w.get(2), b == null ? null : b.get(2));
        Tensor mask = null;
        if (attnMask != null) {
            mask = attnMask.dtype() == DType.BOOL ? Torch.zeros(attnMask.shapeRef(), q.dtype(), q.device()).maskedFill(attnMask, Double.NEGATIVE_INFINITY) : attnMask;
            if (mask.dim() == 2) mask = mask.unsqueeze(0);
        }
        if (keyPaddingMask != null) {
            Tensor kpm = keyPaddingMask.view(n, 1, 1, s).expand(n, h, 1, s).reshape(n * h, 1, s);
            Tensor kpmF = kpm.dtype() == DType.BOOL ? Torch.zeros(kpm.shapeRef(), q.dtype(), q.device()).maskedFill(kpm, Double.NEGATIVE_INFINITY) : kpm;
            mask = mask == null ? kpmF : mask.add(kpmF);
        }
        q = q.reshape(l, n * h, headDim).transpose(0, 1);
        k = k.reshape(s, n * h, headDim).transpose(0, 1);
        v = v.reshape(s, n * h, headDim).transpose(0, 1);
        Tensor scores = q.div(Math.sqrt(headDim)).matmul(k.transpose(-2, -1));
        if (mask != null) scores = scores.add(mask);
        Tensor attn = scores.softmax(-1);
        if (dropout > 0 && training) attn = F.dropout(attn, dropout, true);
        Tensor out = attn.matmul(v).transpose(0, 1).contiguous().view(l * n, e);
        out = outProj.call(out).view(l, n, e);
        Tensor weights = null;
        if (needWeights) {
            weights = attn.view(n, h, l, s);
            if (averageAttnWeights) weights = weights.sum(1).div((double) h);
            if (unbatched) weights = weights.squeeze(0);
        }
        if (unbatched) out = out.squeeze(1);
        else if (batchFirst) out = out.transpose(0, 1);
        return new Result(out, weights);
    }
}
