package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** A stack of copies of one encoder layer (all starting from its weights, as PyTorch's deep copies), then an optional norm. */
public class TransformerEncoder extends Module {
    public ModuleList layers;
    public final long numLayers;
    public Module norm;

    public TransformerEncoder(TransformerEncoderLayer encoderLayer, long numLayers) { this(encoderLayer, numLayers, null); }

    public TransformerEncoder(TransformerEncoderLayer encoderLayer, long numLayers, Module norm) {
        this.numLayers = numLayers;
        layers = addModule("layers", new ModuleList());
        for (long i = 0; i < numLayers; i++) layers.append(encoderLayer.copy());
        this.norm = norm == null ? null : addModule("norm", norm);
    }

    @Override public Tensor forward(Tensor src) { return forward(src, null, null); }

    /** {@code mask} [L, L] and {@code srcKeyPaddingMask} [N, L], either may be null. */
    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
        Tensor out = src;
        for (Module m : layers) out = ((TransformerEncoderLayer) m).forward(out, mask, srcKeyPaddingMask);
        return norm == null ? out : norm.call(out);
    }
}
