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
            // PyTorch's layout contract: a contiguous parameter gets a contiguous grad, even when the incoming
            // one is a transposed view (a linear layer's weight gradient); zeroGrad, accumulation and the
            // optimizers then run over one flat array
            Tensor d = g.detach();
            leaf.setGrad(createGraph ? g : leaf.isContiguous() && !d.isContiguous() ? d.contiguous() : d.clone());
        } else if (createGraph || old.requiresGrad()) {
            leaf.setGrad(old.add(g));
        } else if (!addInPlace(old, g)) {
            try (var s = GradMode.set(false)) {
                old.add_(g);
            }
        }
    }

    /**
     * {@code old += g} in one loop for float32/float64 host tensors of one shape, old contiguous (every parameter of a
     * training step after {@code zeroGrad}); false leaves it to {@code add_}.
     */
    private static boolean addInPlace(Tensor old, Tensor g) {
        if (old.dtype() != g.dtype() || old.isCuda() || g.isCuda() || !old.isContiguous() || dev.jtorch.graphs.Capture.isCapturing()
                || !java.util.Arrays.equals(old.shapeRef(), g.shapeRef())) {
            return false;
        }
        // a contiguous incoming gradient, or a transposed matrix (a linear layer's weight gradient)
        boolean flat = g.isContiguous(), transposed = !flat && g.dim() == 2 && g.stridesRef()[0] == 1 && g.stridesRef()[1] == g.shapeRef()[0];
        if (!flat && !transposed) return false;
        Object a = old.storage().array(), b = g.storage().array();
        int n = Math.toIntExact(old.numel()), ao = Math.toIntExact(old.storageOffset()), bo = Math.toIntExact(g.storageOffset());
        int rows = flat ? 1 : (int) g.shapeRef()[0], cols = flat ? n : (int) g.shapeRef()[1];
        if (a instanceof float[] x && b instanceof float[] y) {
            if (flat) dev.jtorch.backend.cpu.HeapArrays.add(x, ao, y, bo, n);
            else {
                // 32 x 32 tiles: the strided side of a transpose stays in L1 (column by column it missed every line)
                for (int i0 = 0; i0 < rows; i0 += 32) {
                    for (int j0 = 0; j0 < cols; j0 += 32) {
                        for (int i = i0, ie = Math.min(rows, i0 + 32); i < ie; i++) {
                            for (int j = j0, je = Math.min(cols, j0 + 32), xi = ao + i * cols; j < je; j++) x[xi + j] += y[bo + j * rows + i];
                        }
                    }
                }
            }
            return true;
        }
        if (a instanceof double[] x && b instanceof double[] y) {
            if (flat) for (int i = 0; i < n; i++) x[ao + i] += y[bo + i];
            else {
                for (int i0 = 0; i0 < rows; i0 += 32) {
                    for (int j0 = 0; j0 < cols; j0 += 32) {
                        for (int i = i0, ie = Math.min(rows, i0 + 32); i < ie; i++) {
                            for (int j = j0, je = Math.min(cols, j0 + 32), xi = ao + i * cols; j < je; j++) x[xi + j] += y[bo + j * rows + i];
                        }
                    }
                }
            }
            return true;
        }
        return false;
    }
}
