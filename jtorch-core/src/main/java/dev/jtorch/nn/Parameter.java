package dev.jtorch.nn;

import dev.jtorch.Tensor;

/**
 * A tensor that is a module parameter ({@code torch.nn.Parameter}): a new leaf sharing {@code data}'s storage
 * that requires grad unless told otherwise. Results of ops on a Parameter are plain tensors.
 */
public class Parameter extends Tensor {
    public Parameter(Tensor data) { this(data, true); }

    public Parameter(Tensor data, boolean requiresGrad) {
        super(data.storage(), data.shape(), data.stride(), data.storageOffset(), data.dtype());
        requiresGrad_(requiresGrad);
    }

    @Override public String toString() { return "Parameter containing:\n" + super.toString(); }
}
