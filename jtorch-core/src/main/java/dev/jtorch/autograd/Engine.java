package dev.jtorch.autograd;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs backward: counts how many edges reach each node, then visits nodes in topological order (Kahn),
 * summing the gradients that arrive at each one before calling its formula.
 */
public final class Engine {
    private Engine() {}

    public static Node accumulateGrad(Tensor leaf) {
        return new AccumulateGrad(leaf);
    }

    /** {@code tensor.backward(gradient, retain_graph, create_graph)}. */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
        run(new Tensor[] {root}, new Tensor[] {gradient}, retainGraph, createGraph, null, false);
    }

    /** {@code torch.autograd.backward(tensors, grad_tensors, ...)}: one pass from several roots. */
    public static void backward(Tensor[] roots, Tensor[] gradients, boolean retainGraph, boolean createGraph) {
        if (gradients.length != roots.length) {
            throw new IllegalArgumentException("grad_tensors should have the same length as tensors: got "
                    + gradients.length + " and " + roots.length);
        }
        run(roots, gradients, retainGraph, createGraph, null, false);
    }

    /**
     * {@code torch.autograd.grad}: the gradients of {@code outputs} with respect to {@code inputs}, without
     * touching any {@code .grad}.
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean retainGraph,
                                boolean createGraph, boolean allowUnused) {
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad()) {
                throw new IllegalStateException("One of the differentiated Tensors does not require grad");
            }
        }
        Tensor[] result = run(outputs, gradOutputs == null ? new Tensor[outputs.length] : gradOutputs,
                retainGraph, createGraph, inputs, allowUnused);
        return result;
    }

    private static Tensor[] run(Tensor[] roots, Tensor[] rootGrads, boolean retainGraph, boolean createGraph,
                                Tensor[] inputs, boolean allowUnused) {
        Map<Node, Tensor[]> buffers = new IdentityHashMap<>();
        List<Node> rootNodes = new ArrayList<>();
        for (int i = 0; i < roots.length; i++) {
            Tensor root = roots[i];
            if (!root.requiresGrad()) {
                throw new IllegalStateException("element " + i + " of tensors does not require grad and does not have a grad_fn");
            }
            Tensor g = rootGrads[i];
            if (g == null) {
                if (root.numel() != 1) throw new IllegalStateException("grad can be implicitly created only for scalar outputs");
                g = Torch.onesLike(root);
            } else if (!java.util.Arrays.equals(g.shapeRef(), root.shapeRef())) {
                throw new IllegalStateException("Mismatch in shape: grad_output[" + i + "] has a shape of torch.Size("
                        + dev.jtorch.internal.Shapes.str(g.shapeRef()) + ") and output[" + i + "] has a shape of torch.Size("
                        + dev.jtorch.internal.Shapes.str(root.shapeRef()) + ").");
            }
            Node node = root.gradFn() != null ? root.gradFn() : root.gradAccumulator();
            int nr = root.gradFn() != null ? root.outputNr() : 0;
            addTo(buffers, node, nr, g);
            rootNodes.add(node);
        }

        // Where autograd.grad captures: the AccumulateGrad of a leaf input, or (node, output) of a non-leaf.
        Map<Node, Map<Integer, Integer>> captureAt = new IdentityHashMap<>();
        Tensor[] captured = inputs == null ? null : new Tensor[inputs.length];
        if (inputs != null) {
            for (int i = 0; i < inputs.length; i++) {
                Tensor in = inputs[i];
                Node n = in.gradFn() != null ? in.gradFn() : in.gradAccumulator();
                int nr = in.gradFn() != null ? in.outputNr() : 0;
                captureAt.computeIfAbsent(n, k -> new HashMap<>()).put(nr, i);
            }
        }

        Map<Node, Integer> deps = countDependencies(rootNodes);
        // autograd.grad runs only the nodes on a path to an input, as PyTorch does: the rest keep their
        // saved tensors, and their hooks do not run
        java.util.Set<Node> needed = inputs == null ? null : neededNodes(rootNodes, deps, captureAt.keySet());
        ArrayDeque<Node> ready = new ArrayDeque<>();
        for (Node n : rootNodes) if (deps.getOrDefault(n, 0) == 0 && !ready.contains(n)) ready.add(n);

        try (var mode = GradMode.set(createGraph)) {
            while (!ready.isEmpty()) {
                Node node = ready.poll();
                Tensor[] grads = buffers.remove(node);
                if (grads == null) grads = new Tensor[node.numOutputs()];
                // captured before the node's hooks run, as PyTorch 1.13 does
                Map<Integer, Integer> cap = captureAt.get(node);
                if (cap != null) {
                    for (var e : cap.entrySet()) captured[e.getValue()] = grads[e.getKey()];
                }
                if (needed != null && !needed.contains(node)) continue;
                for (int k = 0; k < grads.length; k++) {
                    if (grads[k] != null) grads[k] = node.runPreHooks(k, grads[k]);
                }
                if (node instanceof AccumulateGrad acc) {
                    if (inputs == null && grads[0] != null) acc.accumulate(grads[0], createGraph);
                    continue;
                }
                boolean any = false;
                for (Tensor g : grads) any |= g != null;
                Tensor[] inGrads = null;
                if (any) {
                    // multi-output formulas get zeros for outputs no gradient reached, so they need no null checks
                    for (int k = 0; k < grads.length; k++) {
                        if (grads[k] == null) grads[k] = node.zeroGradOfOutput(k);
                    }
                    inGrads = node.apply(grads);
                }
                if (!retainGraph) node.release();
                for (int i = 0; i < node.nextNodes.length; i++) {
                    Node next = node.nextNodes[i];
                    if (next == null) continue;
                    if (inGrads != null && inGrads[i] != null) addTo(buffers, next, node.nextNrs[i], inGrads[i]);
                    int left = deps.merge(next, -1, Integer::sum);
                    if (left == 0) ready.add(next);
                }
            }
        }

        if (captured != null) {
            for (int i = 0; i < captured.length; i++) {
                if (captured[i] == null && !allowUnused) {
                    throw new IllegalStateException("One of the differentiated Tensors appears to not have been used in the "
                            + "graph. Set allow_unused=True if this is the desired behavior.");
                }
            }
        }
        return captured;
    }

    private static void addTo(Map<Node, Tensor[]> buffers, Node node, int nr, Tensor g) {
        Tensor[] buf = buffers.computeIfAbsent(node, n -> new Tensor[n.numOutputs()]);
        buf[nr] = buf[nr] == null ? g : buf[nr].add(g);
    }

    /** The nodes from which some capture node is reachable: a reverse sweep over a topological order. */
    private static java.util.Set<Node> neededNodes(List<Node> roots, Map<Node, Integer> deps, java.util.Set<Node> captures) {
        Map<Node, Integer> left = new IdentityHashMap<>(deps);
        List<Node> order = new ArrayList<>();
        ArrayDeque<Node> queue = new ArrayDeque<>();
        java.util.Set<Node> queued = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node r : roots) if (left.getOrDefault(r, 0) == 0 && queued.add(r)) queue.add(r);
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            order.add(n);
            for (Node next : n.nextNodes) {
                if (next != null && left.merge(next, -1, Integer::sum) == 0) queue.add(next);
            }
        }
        java.util.Set<Node> needed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = order.size() - 1; i >= 0; i--) {
            Node n = order.get(i);
            for (Node next : n.nextNodes) {
                if (next != null && (captures.contains(next) || needed.contains(next))) {
                    needed.add(n);
                    break;
                }
            }
        }
        return needed;
    }

    private static Map<Node, Integer> countDependencies(List<Node> roots) {
        Map<Node, Integer> deps = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node r : roots) if (seen.add(r)) stack.push(r);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Node next : n.nextNodes) {
                if (next == null) continue;
                deps.merge(next, 1, Integer::sum);
                if (seen.add(next)) stack.push(next);
            }
        }
        return deps;
    }
}
