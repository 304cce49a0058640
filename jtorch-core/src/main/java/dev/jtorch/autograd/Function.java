package dev.jtorch.autograd;

import dev.jtorch.Tensor;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code torch.autograd.Function}: a custom op with a hand-written gradient. Subclass it, implement
 * {@link #forward} and {@link #backward}, and call {@link #apply}:
 *
 * <pre>{@code
 * class MyExp extends Torch.autograd.Function {
 *     protected Object forward(Ctx ctx, Tensor... in) {
 *         Tensor r = in[0].exp();
 *         ctx.saveForBackward(r);
 *         return r;
 *     }
 *     protected Object backward(Ctx ctx, Tensor... grad) {
 *         return grad[0].mul(ctx.savedTensors()[0]);
 *     }
 * }
 * Tensor y = new MyExp().apply(x);   // y.gradFn().name() is "MyExpBackward"
 * }</pre>
 *
 * As in PyTorch, forward runs with grad mode off; backward runs with grad mode on only under
 * {@code create_graph}, so a backward written with tensor ops is itself differentiable. Outputs no gradient
 * reached arrive in backward as zeros.
 */
public abstract class Function {
    protected Function() {}

    /** Computes the outputs: a Tensor, or a Tensor[] for several. Non-tensor arguments go in fields or the ctx. */
    protected abstract Object forward(Ctx ctx, Tensor... inputs);

    /**
     * The gradients of the inputs given those of the outputs: a Tensor for one input, else a Tensor[] with one
     * entry per input (null where an input gets none).
     */
    protected abstract Object backward(Ctx ctx, Tensor... gradOutputs);

    /** The grad_fn name; PyTorch's is the class name followed by {@code Backward}. */
    protected String name() {
        return getClass().getSimpleName() + "Backward";
    }

    /** Runs the function on inputs and returns its single output. */
    public final Tensor apply(Tensor... inputs) {
        Tensor[] outs = applyAll(inputs);
        if (outs.length != 1) {
            throw new IllegalArgumentException(name() + ": forward returned " + outs.length + " outputs; use applyAll");
        }
        return outs[0];
    }

    /** Runs the function on inputs and returns all of its outputs. */
    public final Tensor[] applyAll(Tensor... inputs) {
        boolean[] needs = new boolean[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            needs[i] = inputs[i] != null && inputs[i].requiresGrad() && GradMode.isEnabled();
            any |= needs[i];
        }
        Ctx ctx = new Ctx(needs);
        Object result;
        try (var g = GradMode.set(false)) {
            result = forward(ctx, inputs);
        }
        Tensor[] outs = Autograd.outputs(result).clone();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor in : inputs) if (in != null) seen.add(in);
        for (int i = 0; i < outs.length; i++) {
            // an input returned as is becomes a new tensor viewing it, so the input keeps its own history
            if (!seen.add(outs[i])) outs[i] = outs[i].detach().asViewOf(outs[i]);
        }
        if (!any) return outs;
        Graph.recordMulti(name(), outs, inputs, ctx.saved, g -> Autograd.outputs(backward(ctx, g)));
        for (Tensor o : outs) {
            if (ctx.nonDifferentiable.contains(o) || !o.dtype().isFloatingPoint()) o.setHistory(null, 0);
        }
        return outs;
    }

    /** What forward leaves for backward ({@code ctx} in PyTorch). */
    public static final class Ctx {
        private final boolean[] needsInputGrad;
        private Tensor[] saved;
        private final Set<Tensor> nonDifferentiable = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Map<String, Object> values = new HashMap<>();

        private Ctx(boolean[] needsInputGrad) {
            this.needsInputGrad = needsInputGrad;
        }

        /** {@code ctx.save_for_backward(...)}: checked against in-place changes when backward reads them. */
        public void saveForBackward(Tensor... tensors) { saved = tensors.clone(); }

        /** {@code ctx.saved_tensors}. */
        public Tensor[] savedTensors() { return saved == null ? new Tensor[0] : saved.clone(); }

        /** {@code ctx.needs_input_grad[i]}. */
        public boolean needsInputGrad(int i) { return needsInputGrad[i]; }

        /** {@code ctx.mark_non_differentiable(...)}: these outputs will not require grad. */
        public void markNonDifferentiable(Tensor... outputs) {
            Collections.addAll(nonDifferentiable, outputs);
        }

        /** Any other value for backward, as attributes set on PyTorch's ctx. */
        public void set(String key, Object value) { values.put(key, value); }

        @SuppressWarnings("unchecked")
        public <T> T get(String key) { return (T) values.get(key); }
    }
}
