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
        long[] size = view.shape(), strides = view.stride();
        Tensor[] inputs = {base, value};
        if (!base.isContiguous()) {
            rebaseStridedBase(view, base, value, inputs);
            return;
        }
        long rel = view.storageOffset() - base.storageOffset();
        Tensor keep = dev.jtorch.Torch.ones(base.shapeRef(), base.dtype(), base.device());
        Tensor region = new Tensor(keep.storage(), size, strides, rel, base.dtype());
        dev.jtorch.backend.Backend.of(keep.device()).fill(region, 0.0);
        Node node = new Node("CopySlices", inputs, 1, null, g -> {
            Tensor gc = g[0].contiguous();
            return new Tensor[] {g[0].mul(keep), value == null ? null : gc.asStrided(size, strides, gc.storageOffset() + rel)};
        });
        base.setHistory(node, 0);
        view.setHistory(base.asStrided(size, strides, view.storageOffset()).gradFn(), 0);
    }

    /**
     * CopySlices for a base with unusual strides: the gradient is laid out like the base's storage so the
     * view's geometry applies to it. Correct to first order; this path is not differentiable twice.
     */
    private static void rebaseStridedBase(Tensor view, Tensor base, Tensor value, Tensor[] inputs) {
        long[] bShape = base.shape(), bStrides = base.stride(), vShape = view.shape(), vStrides = view.stride();
        long bOffset = base.storageOffset(), vOffset = view.storageOffset();
        long storageNumel = base.storage().byteSize() / base.dtype().itemSize();
        Node node = new Node("CopySlices", inputs, 1, null, g -> {
            var backend = dev.jtorch.backend.Backend.of(g[0].device());
            dev.jtorch.Storage st = g[0].device().type() == dev.jtorch.Device.Type.CPU ? dev.jtorch.Storage.allocate(g[0].dtype(), storageNumel)
                    : Tensor.allocate(new long[] {storageNumel}, g[0].dtype(), g[0].device()).storage();   // on the gradient's device
            Tensor gb = new Tensor(st, bShape, bStrides, bOffset, g[0].dtype());
            backend.copy(g[0], gb);
            Tensor region = new Tensor(gb.storage(), vShape, vStrides, vOffset, gb.dtype());
            Tensor gValue = dev.jtorch.Torch.zeros(vShape, gb.dtype(), gb.device());
            backend.copy(region, gValue);
            backend.fill(region, 0.0);
            Tensor gBase = dev.jtorch.Torch.zeros(bShape, gb.dtype(), gb.device());
            backend.copy(gb, gBase);
            return new Tensor[] {gBase, value == null ? null : gValue};
        });
        base.setHistory(node, 0);
        if (value != null && value.requiresGrad() && value.gradFn() != null) view.setHistory(value.gradFn(), value.outputNr());
        else view.setHistory(record("CopyBackwards", Tensor.allocate(vShape, view.dtype(), view.device()),
                value == null ? new Tensor[0] : new Tensor[] {value}, null,
                g -> value == null ? new Tensor[0] : new Tensor[] {g[0]}).gradFn(), 0);
    }
}
