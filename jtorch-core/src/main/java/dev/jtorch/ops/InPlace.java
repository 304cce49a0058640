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
        if (GradMode.isEnabled() && self.isLeaf() && self.requiresGrad()) {
            throw new IllegalStateException("a leaf Variable that requires grad is being used in an in-place operation.");
        }
        Tensor base = self.viewBase();
        if (GradMode.isEnabled() && base != null && base.isLeaf() && base.requiresGrad()) {
            throw new IllegalStateException("a view of a leaf Variable that requires grad is being used in an in-place operation.");
        }
    }

    /**
     * Self as an in-place op whose gradient reads self's old value should compute from it: a copy (with
     * self's history) when {@code other} needs a gradient, since the write would otherwise change the value
     * saved for backward (PyTorch's {@code original_self}).
     */
    public static Tensor original(Tensor self, Tensor other) {
        return GradMode.isEnabled() && other.requiresGrad() ? Views.contiguousCopy(self) : self;
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
        Elementwise.backend(self).copy(value, self);
        self.storage().bumpVersion();
        if (!GradMode.isEnabled()) return self;
        Tensor base = self.viewBase();
        if (base != null && (base.requiresGrad() || value.requiresGrad())) copySlices(base, self, value);
        if (value.requiresGrad()) {
            if (value.gradFn() != null) self.setHistory(value.gradFn(), value.outputNr());
            else self.setHistory(Graph.record("torch::autograd::CopyBackwards", value.detach(), new Tensor[] {value}, null,
                    g -> new Tensor[] {g[0]}).gradFn(), 0);
        } else if (self.requiresGrad()) {
            Tensor constant = value.detach();
            Graph.record("torch::autograd::CopyBackwards", constant, new Tensor[0], null, g -> new Tensor[0]);
            self.setHistory(constant.gradFn(), 0);
        }
        return self;
    }

    /**
     * Writing into a view changes its base too, so the base's history is rebased onto a CopySlices node
     * (PyTorch's name): the base's old history gets the gradient outside the view's region, and the value
     * written gets the gradient inside it. (PyTorch also regenerates the history of other views of the base
     * made before the write; here such views keep their old history.)
     */
    private static void copySlices(Tensor base, Tensor view, Tensor value) {
        long[] bShape = base.shapeRef(), bStrides = base.stridesRef(), vShape = view.shapeRef(), vStrides = view.stridesRef();
        long bOffset = base.storageOffset(), vOffset = view.storageOffset();
        boolean dense = base.isContiguous();
        Graph.record("torch::autograd::CopySlices", base, new Tensor[] {base, value}, null, g -> {
            if (dense) {
                // written with differentiable ops, so double backward works
                Tensor gc = g[0].contiguous();
                Tensor keep = Torch.onesLike(gc);
                new Tensor(keep.storage(), vShape, vStrides, vOffset - bOffset, keep.dtype()).fill_(0.0);
                return new Tensor[] {gc.mul(keep), gc.asStrided(vShape, vStrides, gc.storageOffset() + vOffset - bOffset)};
            }
            // a base with unusual strides: lay the gradient out like the base so the view's geometry applies
            Tensor gb = new Tensor(dev.jtorch.Storage.allocate(g[0].dtype(), base.storage().byteSize() / base.dtype().itemSize()),
                    bShape, bStrides, bOffset, g[0].dtype());
            Elementwise.backend(gb).copy(g[0], gb);
            Tensor region = new Tensor(gb.storage(), vShape, vStrides, vOffset, gb.dtype());
            Tensor gValue = Views.contiguousCopy(region.detach());
            Elementwise.backend(gb).fill(region, 0.0);
            return new Tensor[] {Views.contiguousCopy(gb.detach()), gValue};
        });
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
