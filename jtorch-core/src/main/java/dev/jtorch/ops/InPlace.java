package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.GradMode;
import dev.jtorch.autograd.Graph;
import dev.jtorch.internal.Shapes;

import java.util.Arrays;

/**
 * In-place ops: the op runs out of place (recording its node as usual), then its result is written into
 * self, which takes over the result's place in the graph. PyTorch's checks apply: no in-place op on a leaf
 * that requires grad, the result must fit self's shape and be castable to self's dtype.
 */
public final class InPlace {
    private InPlace() {}

    static void checkWritable(Tensor self) {
        if (self.isInference() && !GradMode.isInferenceMode()) {
            throw new IllegalStateException("Inplace update to inference tensor outside InferenceMode is not allowed."
                    + "You can make a clone to get a normal tensor before doing inplace update."
                    + "See https://github.com/pytorch/rfcs/pull/17 for more details.");
        }
        if (!GradMode.isEnabled()) return;
        if (self.isLeaf() && self.requiresGrad()) {
            throw new IllegalStateException("a leaf Variable that requires grad is being used in an in-place operation.");
        }
        Tensor base = self.viewBase();
        if (base != null && base.isLeaf() && base.requiresGrad()) {
            throw new IllegalStateException("a view of a leaf Variable that requires grad is being used in an in-place operation.");
        }
    }

    /**
     * The self operand to give the out-of-place op of {@code self.op_(other)}: a copy when the op's
     * gradient will read self (other requires grad), since the write below would change what it saved.
     */
    public static Tensor selfOperand(Tensor self, Tensor other) {
        return Graph.needsGrad(other) ? Views.contiguousCopy(self) : self;
    }

    /** As {@link #selfOperand(Tensor, Tensor)} for in-place ops whose gradient reads self (pow_, sqrt_, log_...). */
    public static Tensor selfOperand(Tensor self) {
        return Graph.needsGrad(self) ? Views.contiguousCopy(self) : self;
    }

    /** Writes {@code result} (the out-of-place result of the op) into self. */
    public static Tensor apply(Tensor self, Tensor result) {
        if (!Arrays.equals(self.shapeRef(), result.shapeRef())) {
            throw new IllegalArgumentException("output with shape " + Shapes.str(self.shapeRef())
                    + " doesn't match the broadcast shape " + Shapes.str(result.shapeRef()));
        }
        if (!canCast(result.dtype(), self.dtype())) {
            throw new IllegalArgumentException("result type " + scalarTypeName(result.dtype())
                    + " can't be cast to the desired output type " + scalarTypeName(self.dtype()));
        }
        return assign(self, result.dtype() == self.dtype() ? result : result.to(self.dtype()));
    }

    /** Copies {@code value} (self's shape and dtype) into self and moves self's history onto value's. */
    static Tensor assign(Tensor self, Tensor value) {
        checkWritable(self);
        // copy_ across devices: the GPU side's backend moves the bytes
        (value.device().type() != dev.jtorch.Device.Type.CPU ? Elementwise.backend(value) : Elementwise.backend(self)).copy(value, self);
        self.storage().bumpVersion();
        recordHistory(self, value);
        return self;
    }

    /** Moves self's place in the graph after an in-place write of {@code value} (null: a constant was written). */
    static void recordHistory(Tensor self, Tensor value) {
        if (!GradMode.isEnabled()) return;
        Tensor base = self.viewBase();
        boolean valueGrad = value != null && value.requiresGrad();
        if (base != null && (valueGrad || base.requiresGrad())) {
            // writing through a view changes the base: the base's history gets a CopySlices node
            Graph.rebaseView(self, base, valueGrad ? value : null);
            return;
        }
        if (valueGrad) {
            if (value.gradFn() != null) self.setHistory(value.gradFn(), value.outputNr());
            else self.setHistory(Graph.record("CopyBackwards", value.detach(), new Tensor[] {value}, null,
                    g -> new Tensor[] {g[0]}).gradFn(), 0);
        } else if (self.requiresGrad()) {
            Tensor constant = Tensor.allocate(self.shapeRef(), self.dtype(), self.device());
            Graph.record(value == null ? "FillBackward0" : "CopyBackwards", constant, new Tensor[0], null, g -> new Tensor[0]);
            self.setHistory(constant.gradFn(), 0);
        }
    }

    /**
     * {@code value} (already computed, outside the graph) as the output of a node named {@code name} whose
     * gradient flows to {@code input}, summed back to its shape: how copy_ and fill_ appear in the graph.
     */
    static Tensor passThrough(String name, Tensor value, Tensor input) {
        long[] shape = input.shapeRef();
        return Graph.record(name, value, new Tensor[] {input}, null, g -> new Tensor[] {Views.sumToSize(g[0], shape)});
    }

    /** PyTorch's {@code can_cast}: no float to integral or bool, no integral to bool. */
    public static boolean canCast(DType from, DType to) {
        if (from.isFloatingPoint() && !to.isFloatingPoint()) return false;
        return !(from.isIntegral() && to == DType.BOOL);
    }

    /** The C++ scalar type names PyTorch uses in messages: Float, Long, Bool... */
    public static String scalarTypeName(DType t) {
        return switch (t) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case FLOAT16 -> "Half";
            case BFLOAT16 -> "BFloat16";
            case INT64 -> "Long";
            case INT32 -> "Int";
            case INT16 -> "Short";
            case INT8 -> "Char";
            case UINT8 -> "Byte";
            case BOOL -> "Bool";
        };
    }
}
