package dev.jtorch.autograd;

import dev.jtorch.Tensor;

/** How ops record themselves: called by each op after its forward, only when {@link #needsGrad} says so. */
public final class Graph {
    private Graph() {}

    public static boolean needsGrad(Tensor a) {
        return a.requiresGrad() && GradMode.isEnabled();
    }

    public static boolean needsGrad(Tensor a, Tensor b) {
        return (a.requiresGrad() || b.requiresGrad()) && GradMode.isEnabled();
    }

    public static boolean needsGrad(Tensor... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /**
     * Makes {@code out} the output of a new node {@code name} over {@code inputs}. {@code saved} lists the
     * tensors the formula reads, so that an in-place change to one of them is caught at backward.
     */
    public static Tensor record(String name, Tensor out, Tensor[] inputs, Tensor[] saved, Backward fn) {
        Node node = new Node(name, inputs, 1, saved, fn);
        node.markSavedOutput(out, 0);
        out.setHistory(node, 0);
        return out;
    }

    /** As {@link #record(String, Tensor, Tensor[], Tensor[], Backward)} for ops with several outputs. */
    public static Tensor[] recordMulti(String name, Tensor[] outs, Tensor[] inputs, Tensor[] saved, Backward fn) {
        Node node = new Node(name, inputs, outs.length, saved, fn);
        node.setOutputs(outs);
        for (int i = 0; i < outs.length; i++) node.markSavedOutput(outs[i], i);
        for (int i = 0; i < outs.length; i++) {
            if (outs[i] != null) outs[i].setHistory(node, i);
        }
        return outs;
    }

    /**
     * After an in-place write of {@code value} (null: a constant) into {@code view}, a view of {@code base}:
     * the base's new history is a CopySlices node whose gradient goes to the old base outside the written
     * region and to {@code value} inside it; the view becomes an as_strided view of the new base.
     */
    public static void rebaseView(Tensor view, Tensor base, Tensor value) {
        if (!base.isContiguous()) {
            throw new UnsupportedOperationException("in-place write to a view of a non-contiguous base tensor is not "
                    + "supported by autograd; clone() the base first");
        }
        long[] size = view.shape(), strides = view.stride();
        long rel = view.storageOffset() - base.storageOffset();
        Tensor keep = dev.jtorch.Torch.ones(base.shapeRef(), base.dtype());
        Tensor region = new Tensor(keep.storage(), size, strides, rel, base.dtype());
        dev.jtorch.backend.Backend.of(keep.device()).fill(region, 0.0);
        Tensor[] inputs = {base, value};
        Node node = new Node("CopySlices", inputs, 1, null, g -> {
            Tensor gc = g[0].contiguous();
            return new Tensor[] {g[0].mul(keep), value == null ? null : gc.asStrided(size, strides, gc.storageOffset() + rel)};
        });
        base.setHistory(node, 0);
        view.setHistory(base.asStrided(size, strides, view.storageOffset()).gradFn(), 0);
    }
}
