package dev.jtorch.autograd;

import dev.jtorch.Tensor;

/**
 * An op's gradient formula: given the gradients of its outputs, the gradients of its inputs (an entry
 * may be null where an input gets none). Written with ordinary tensor ops, so that it is itself
 * differentiable when the engine runs with {@code createGraph}.
 */
@FunctionalInterface
public interface Backward {
    Tensor[] apply(Tensor[] gradOutputs);
}
