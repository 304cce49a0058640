package dev.jtorch.autograd;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.internal.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A recorded op in the backward graph (PyTorch's {@code grad_fn}): its name, the edges to the nodes of
 * its inputs, the tensors it saved and its gradient formula. Freed after backward unless the graph is
 * retained.
 */
public class Node {
    private static final String FREED = "Trying to backward through the graph a second time (or directly access "
            + "saved tensors after they have already been freed). Saved intermediate values of the graph are freed "
            + "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward "
            + "through the graph a second time or if you need to access saved tensors after calling backward.";

    private final String name;
    final Node[] nextNodes;
    final int[] nextNrs;
    private final long[][] inputShapes;
    private final DType[] inputDtypes;
    private final int numOutputs;
    private Backward fn;
    private Tensor[] saved;
    private int[] savedVersions;
    private int[] savedOutputNr;      // outputs are named after this node in errors, as PyTorch's SavedVariable does
    private List<List<UnaryOperator<Tensor>>> preHooks;
    private Tensor[] outputTemplates; // metadata-only views of the outputs of multi-output nodes
    private dev.jtorch.Device[] outputDevices; // where their zero gradients are made
    private final AnomalyMode.ForwardTrace forwardTrace; // where the node was made, kept only in anomaly mode

    Node(String name, Tensor[] inputs, int numOutputs, Tensor[] saved, Backward fn) {
        this.name = name;
        this.forwardTrace = AnomalyMode.isEnabled() ? new AnomalyMode.ForwardTrace(name) : null;
        this.numOutputs = numOutputs;
        this.fn = fn;
        int n = inputs.length;
        this.nextNodes = new Node[n];
        this.nextNrs = new int[n];
        this.inputShapes = new long[n][];
        this.inputDtypes = new DType[n];
        for (int i = 0; i < n; i++) {
            Tensor in = inputs[i];
            if (in == null) continue;
            inputShapes[i] = in.shapeRef();
            inputDtypes[i] = in.dtype();
            if (!in.requiresGrad()) continue;
            if (in.gradFn() != null) {
                nextNodes[i] = in.gradFn();
                nextNrs[i] = in.outputNr();
            } else {
                nextNodes[i] = in.gradAccumulator();
            }
        }
        if (saved != null && saved.length > 0) {
            this.saved = saved;
            this.savedVersions = new int[saved.length];
            this.savedOutputNr = new int[saved.length];
            Arrays.fill(savedOutputNr, -1);
            for (int i = 0; i < saved.length; i++) {
                if (saved[i] == null) continue;
                if (saved[i].isInference()) {
                    throw new IllegalStateException("Inference tensors cannot be saved for backward. To work around you "
                            + "can make a clone to get a normal tensor and use it in autograd.");
                }
                savedVersions[i] = saved[i].version();
            }
        }
    }

    /** Marks the saved tensors that are outputs of this node (they are saved before their history is set). */
    void markSavedOutput(Tensor out, int nr) {
        if (saved == null) return;
        for (int i = 0; i < saved.length; i++) if (saved[i] == out) savedOutputNr[i] = nr;
    }

    void setOutputs(Tensor[] outs) {
        outputTemplates = new Tensor[outs.length];
        outputDevices = new dev.jtorch.Device[outs.length];
        for (int i = 0; i < outs.length; i++) {
            if (outs[i] != null) outputTemplates[i] = new Tensor(null, outs[i].shapeRef(), outs[i].stridesRef(), 0, outs[i].dtype());
            if (outs[i] != null) outputDevices[i] = outs[i].device();
        }
    }

    Tensor zeroGradOfOutput(int k) {
        Tensor t = outputTemplates[k];
        return dev.jtorch.Torch.zeros(t.shapeRef(), t.dtype(), outputDevices[k]);
    }

    /** PyTorch's node name, e.g. {@code MulBackward0}. */
    public String name() { return name; }

    public int numInputs() { return nextNodes.length; }

    public int numOutputs() { return numOutputs; }

    /** The nodes gradients flow to next ({@code grad_fn.next_functions}); null entries for inputs that need none. */
    public List<Node> nextFunctions() { return Arrays.asList(nextNodes.clone()); }

    /** Registers a hook on the gradient of output {@code nr} (how hooks on non-leaf tensors work). */
    public RemovableHandle addPreHook(int nr, UnaryOperator<Tensor> hook) {
        if (preHooks == null) {
            preHooks = new ArrayList<>();
            for (int i = 0; i < numOutputs; i++) preHooks.add(new ArrayList<>());
        }
        List<UnaryOperator<Tensor>> list = preHooks.get(nr);
        list.add(hook);
        return () -> list.remove(hook);
    }

    Tensor runPreHooks(int nr, Tensor grad) {
        if (preHooks == null) return grad;
        for (UnaryOperator<Tensor> h : List.copyOf(preHooks.get(nr))) {
            Tensor r = h.apply(grad);
            if (r != null) grad = r;
        }
        return grad;
    }

    /** Computes the input gradients, checking saved tensors were not modified in place since. */
    Tensor[] apply(Tensor[] gradOutputs) {
        if (fn == null) throw new IllegalStateException(FREED);
        if (saved != null) {
            for (int i = 0; i < saved.length; i++) {
                Tensor s = saved[i];
                if (s != null && s.version() != savedVersions[i]) {
                    throw withForwardTrace(new IllegalStateException("one of the variables needed for gradient "
                            + "computation has been modified by an inplace operation: [" + typeName(s) + " "
                            + Shapes.str(s.shapeRef()) + "]" + owner(s, i) + " is at version " + s.version()
                            + "; expected version " + savedVersions[i] + " instead. " + (AnomalyMode.isEnabled()
                            ? "Hint: the backtrace further above shows the operation that failed to compute its "
                                    + "gradient. The variable in question was changed in there or anywhere later. Good luck!"
                            : "Hint: enable anomaly detection to find the operation that failed to compute its gradient, "
                                    + "with torch.autograd.set_detect_anomaly(True).")));
                }
            }
        }
        Tensor[] grads;
        try {
            grads = fn.apply(gradOutputs);
        } catch (RuntimeException e) {
            throw withForwardTrace(e);
        }
        if (grads.length != nextNodes.length) {
            throw new IllegalStateException("function " + name + " returned an incorrect number of gradients (expected "
                    + nextNodes.length + ", got " + grads.length + ")");
        }
        for (int i = 0; i < grads.length; i++) {
            Tensor g = grads[i];
            if (g == null || nextNodes[i] == null) continue;
            if (!Arrays.equals(g.shapeRef(), inputShapes[i])) {
                throw new IllegalStateException("Function " + name + " returned an invalid gradient at index " + i
                        + " - got " + Shapes.str(g.shapeRef()) + " but expected shape compatible with "
                        + Shapes.str(inputShapes[i]));
            }
            if (g.dtype() != inputDtypes[i]) grads[i] = g.to(inputDtypes[i]);
        }
        if (forwardTrace != null) {
            for (int i = 0; i < grads.length; i++) {
                if (grads[i] != null && grads[i].isFloatingPoint() && hasNan(grads[i])) {
                    throw withForwardTrace(new IllegalStateException("Function '" + name + "' returned nan values in its "
                            + i + "th output."));
                }
            }
        }
        return grads;
    }

    /** In anomaly mode, attaches (and prints, as PyTorch warns) the stack of the forward call that made this node. */
    private RuntimeException withForwardTrace(RuntimeException e) {
        if (forwardTrace != null) {
            System.err.println("UserWarning: " + forwardTrace.getMessage());
            forwardTrace.printStackTrace();
            e.addSuppressed(forwardTrace);
        }
        return e;
    }

    private static boolean hasNan(Tensor t) {
        for (double v : t.toDoubleArray()) if (Double.isNaN(v)) return true;
        return false;
    }

    private String owner(Tensor s, int i) {
        if (savedOutputNr[i] >= 0) return ", which is output " + savedOutputNr[i] + " of " + name + ",";
        Node fn = s.gradFn();
        return fn == null ? "" : ", which is output " + s.outputNr() + " of " + fn.name() + ",";
    }

    /**
     * Drops the formula and saved tensors so their memory can go (after a backward without retain_graph).
     * A node that saved nothing stays runnable, as in PyTorch, where only freed saved tensors make a second
     * backward fail.
     */
    void release() {
        if (saved == null) return;
        boolean any = false;
        for (Tensor t : saved) any |= t != null;
        if (!any) return;
        fn = null;
        saved = null;
    }

    static String typeName(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> "torch.FloatTensor";
            case FLOAT64 -> "torch.DoubleTensor";
            case FLOAT16 -> "torch.HalfTensor";
            case BFLOAT16 -> "torch.BFloat16Tensor";
            case INT64 -> "torch.LongTensor";
            case INT32 -> "torch.IntTensor";
            case INT16 -> "torch.ShortTensor";
            case INT8 -> "torch.CharTensor";
            case UINT8 -> "torch.ByteTensor";
            case BOOL -> "torch.BoolTensor";
        };
    }

    @Override public String toString() {
        return "<" + name + " object>";
    }
}
