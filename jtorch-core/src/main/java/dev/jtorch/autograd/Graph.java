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
        out.setHistory(node, 0);
        return out;
    }

    /** As {@link #record(String, Tensor, Tensor[], Tensor[], Backward)} for ops with several outputs. */
    public static Tensor[] recordMulti(String name, Tensor[] outs, Tensor[] inputs, Tensor[] saved, Backward fn) {
        Node node = new Node(name, inputs, outs.length, saved, fn);
        node.setOutputs(outs);
        for (int i = 0; i < outs.length; i++) {
            if (outs[i] != null) outs[i].setHistory(node, i);
        }
        return outs;
    }
}
