package dev.jtorch.autograd;

import dev.jtorch.Tensor;

/** The node at a leaf that requires grad: adds the incoming gradient into {@code leaf.grad()}. */
final class AccumulateGrad extends Node {
    final Tensor leaf;

    AccumulateGrad(Tensor leaf) {
        super("AccumulateGrad", new Tensor[0], 1, null, g -> new Tensor[0]);
        this.leaf = leaf;
    }

    /**
     * Backward passes on several threads may share a leaf, as PyTorch's lock allows; the lock is the leaf
     * since two threads may each have made an AccumulateGrad for it.
     */
    void accumulate(Tensor g, boolean createGraph) {
        synchronized (leaf) {
            accumulateLocked(g, createGraph);
        }
    }

    private void accumulateLocked(Tensor g, boolean createGraph) {
        for (var hook : java.util.List.copyOf(leaf.hooks())) {
            Tensor r = hook.apply(g);
            if (r != null) g = r;
        }
        Tensor old = leaf.grad();
        if (old == null) {
            // The incoming tensor may be shared with the caller (a gradient passed to backward() flows
            // through AddBackward unchanged), so the leaf keeps its own copy.
            leaf.setGrad(createGraph ? g : g.detach().clone());
        } else if (createGraph || old.requiresGrad()) {
            leaf.setGrad(old.add(g));
        } else {
            try (var s = GradMode.set(false)) {
                old.add_(g);
            }
        }
    }
}
