package dev.jtorch;

import dev.jtorch.autograd.Engine;
import dev.jtorch.autograd.Node;
import dev.jtorch.autograd.RemovableHandle;
import dev.jtorch.internal.Mem;
import dev.jtorch.internal.Shapes;
import dev.jtorch.ops.Elementwise;
import dev.jtorch.ops.Joins;
import dev.jtorch.ops.LinAlg;
import dev.jtorch.ops.MathOps;
import dev.jtorch.ops.Reductions;
import dev.jtorch.ops.Views;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array with PyTorch's semantics: a view (shape, strides, offset) over a {@link Storage},
 * an element type, and the autograd state of PyTorch's {@code torch.Tensor}.
 *
 * <p>Method names are PyTorch's in camelCase; in-place methods end in an underscore. The methods here are
 * thin: each op is defined once in {@code dev.jtorch.ops} (shape and dtype rules, forward, gradient).
 */
public class Tensor {
    // not final: resize_ (and out= ops, which resize their output) replace them
    private Storage storage;
    private long[] shape;
    private long[] strides;
    private long offset;
    private final DType dtype;

    // autograd state (PyTorch's AutogradMeta)
    private boolean requiresGrad;      // meaningful for leaves; non-leaves require grad through gradFn
    private Node gradFn;
    private int outputNr;
    private Tensor grad;
    private boolean retainsGrad;
    private RemovableHandle retainGradHook;
    private Node gradAccumulator;      // AccumulateGrad for a leaf, created on first use
    private List<UnaryOperator<Tensor>> hooks;
    private Tensor viewBase;           // the tensor this one is a view of (PyTorch's _base), or null
    private boolean wrappedNumber;     // a Java scalar promoted to a 0-d tensor: it never widens a tensor's dtype

    /** Internal: a view over {@code storage}. Users create tensors through {@link Torch}. */
    public Tensor(Storage storage, long[] shape, long[] strides, long offset, DType dtype) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.dtype = dtype;
    }

    /** Internal: a new contiguous, zero-filled tensor. */
    public static Tensor allocate(long[] shape, DType dtype, Device device) {
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("Trying to create tensor with negative dimension "
                    + d + ": " + Shapes.str(shape));
        }
        Storage s = dev.jtorch.backend.Backend.of(device).allocate(dtype, Shapes.numel(shape));
        return new Tensor(s, shape.clone(), Shapes.contiguousStrides(shape), 0, dtype);
    }

    // ------------------------------------------------------------------ metadata

    public DType dtype() { return dtype; }

    public Device device() { return storage.device(); }

    public Storage storage() { return storage; }

    /** The shape as a fresh array ({@code tensor.shape}). */
    public long[] shape() { return shape.clone(); }

    /** Same as {@link #shape()}: PyTorch's {@code size()} returns a {@code torch.Size}. */
    public long[] size() { return shape.clone(); }

    public long size(long dim) { return shape[wrapDimNoScalar(dim)]; }

    public long[] stride() { return strides.clone(); }

    public long stride(long dim) { return strides[wrapDimNoScalar(dim)]; }

    private int wrapDimNoScalar(long dim) {
        if (shape.length == 0) throw new IndexOutOfBoundsException("Dimension specified as " + dim + " but tensor has no dimensions");
        return Shapes.wrapDim(dim, shape.length);
    }

    public long storageOffset() { return offset; }

    public int dim() { return shape.length; }

    public int ndimension() { return shape.length; }

    public int ndim() { return shape.length; }

    public long numel() { return Shapes.numel(shape); }

    public int elementSize() { return dtype.itemSize(); }

    public boolean isContiguous() { return Shapes.isContiguous(shape, strides); }

    public boolean isFloatingPoint() { return dtype.isFloatingPoint(); }

    /** The in-place version counter ({@code tensor._version}), shared by all views of one storage. */
    public int version() { return storage.version(); }

    /** Internal: direct access for kernels and the op layer, no copy. */
    public long[] shapeRef() { return shape; }

    /** Internal: direct access for kernels and the op layer, no copy. */
    public long[] stridesRef() { return strides; }

    /** Internal: the storage's memory. */
    public MemorySegment segment() { return storage.segment(); }

    // ------------------------------------------------------------------ autograd

    /** True if gradients flow to this tensor: a leaf marked so, or the output of a recorded op. */
    public boolean requiresGrad() { return requiresGrad || gradFn != null; }

    public Tensor requiresGrad_() { return requiresGrad_(true); }

    public Tensor requiresGrad_(boolean value) {
        if (gradFn != null) {
            if (!value) throw new IllegalStateException("you can only change requires_grad flags of leaf variables. "
                    + "If you want to use a computed variable in a subgraph that doesn't require differentiation use "
                    + "var_no_grad = var.detach().");
            return this;
        }
        if (value && !dtype.isFloatingPoint()) {
            throw new IllegalStateException("only Tensors of floating point dtype can require gradients");
        }
        if (value && isInference() && !dev.jtorch.autograd.GradMode.isInferenceMode()) {
            throw new IllegalStateException("Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.");
        }
        requiresGrad = value;
        return this;
    }

    /** A tensor is a leaf if no recorded op made it ({@code tensor.is_leaf}). */
    public boolean isLeaf() { return gradFn == null; }

    /** The node that made this tensor ({@code tensor.grad_fn}), or null for leaves. */
    public Node gradFn() { return gradFn; }

    /** Internal: which output of {@link #gradFn()} this tensor is. */
    public int outputNr() { return outputNr; }

    /** Internal: attaches this tensor to the graph as output {@code nr} of {@code node}. */
    public void setHistory(Node node, int nr) {
        boolean moveRetain = retainsGrad && node != null && node != gradFn;
        this.gradFn = node;
        this.outputNr = nr;
        if (node != null) this.requiresGrad = false;
        if (moveRetain) {
            // an in-place op gave this tensor a new producer: .grad follows it, as in PyTorch
            retainGradHook.remove();
            retainsGrad = false;
            retainGrad();
        }
    }

    /** The accumulated gradient ({@code tensor.grad}), or null. */
    public Tensor grad() { return grad; }

    /** Sets or clears ({@code null}) the gradient, as assigning {@code tensor.grad} does. */
    public void setGrad(Tensor g) {
        if (g != null) {
            if (g.dtype != dtype) throw new IllegalArgumentException("assigned grad has data of a different type");
            if (!java.util.Arrays.equals(g.shape, shape)) throw new IllegalArgumentException("assigned grad has data of a different size");
        }
        this.grad = g;
    }

    /** Keeps {@code .grad} for a non-leaf after backward ({@code tensor.retain_grad()}). */
    public void retainGrad() {
        if (!requiresGrad()) throw new IllegalStateException("can't retain_grad on Tensor that has requires_grad=False");
        if (isLeaf() || retainsGrad) return;
        retainsGrad = true;
        // an ordinary hook on the producing node, so hooks registered before it see the gradient first (as in 1.13)
        retainGradHook = gradFn.addPreHook(outputNr, g -> {
            grad = grad == null ? g.clone() : grad.add(g);
            return null;
        });
    }

    public boolean retainsGrad() { return retainsGrad; }

    /** Internal: the AccumulateGrad node of a leaf that requires grad, created once. */
    public Node gradAccumulator() {
        if (gradAccumulator == null) gradAccumulator = Engine.accumulateGrad(this);
        return gradAccumulator;
    }

    /** Registers a hook called with this tensor's gradient; it may return a replacement or null. */
    public RemovableHandle registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad()) {
            throw new IllegalStateException("cannot register a hook on a tensor that doesn't require gradient");
        }
        // a non-leaf's gradient never reaches the tensor itself: the hook runs before its node's formula
        if (gradFn != null) return gradFn.addPreHook(outputNr, hook);
        if (hooks == null) hooks = new ArrayList<>();
        hooks.add(hook);
        List<UnaryOperator<Tensor>> list = hooks;
        return () -> list.remove(hook);
    }

    /** Internal: the registered gradient hooks, possibly empty. */
    public List<UnaryOperator<Tensor>> hooks() { return hooks == null ? List.of() : hooks; }

    /** Backward from a scalar ({@code loss.backward()}). */
    public void backward() { backward(null, false, false); }

    /** Backward with an explicit gradient of this tensor's shape. */
    public void backward(Tensor gradient) { backward(gradient, false, false); }

    public void backward(Tensor gradient, boolean retainGraph) { backward(gradient, retainGraph, false); }

    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Engine.backward(this, gradient, retainGraph, createGraph);
    }

    /** A tensor sharing storage with this one but outside the graph ({@code tensor.detach()}). */
    public Tensor detach() {
        Tensor t = new Tensor(storage, shape, strides, offset, dtype);
        return t;
    }

    /** Detaches this tensor from the graph in place, making it a leaf. */
    public Tensor detach_() {
        if (viewBase != null && viewBase.requiresGrad()) {
            throw new IllegalStateException("Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.");
        }
        gradFn = null;
        outputNr = 0;
        requiresGrad = false;
        return this;
    }

    /** Internal: true for 0-d tensors made from a Java scalar operand (PyTorch's wrapped numbers). */
    public boolean isWrappedNumber() { return wrappedNumber; }

    /** Internal: marks a 0-d tensor as a wrapped Java scalar. */
    public Tensor markWrappedNumber() {
        this.wrappedNumber = true;
        return this;
    }

    /** Internal: the base of a view, or null. */
    public Tensor viewBase() { return viewBase; }

    /** Internal: marks this tensor as a view of {@code base} (of base's own base if base is a view). */
    public Tensor asViewOf(Tensor base) {
        this.viewBase = base.viewBase != null ? base.viewBase : base;
        return this;
    }

    // ------------------------------------------------------------------ views (share storage)

    public Tensor view(long... newShape) { return Views.view(this, newShape); }

    public Tensor reshape(long... newShape) { return Views.reshape(this, newShape); }

    public Tensor viewAs(Tensor other) { return view(other.shape); }

    public Tensor reshapeAs(Tensor other) { return reshape(other.shape); }

    public Tensor transpose(long dim0, long dim1) { return Views.transpose(this, dim0, dim1); }

    public Tensor swapaxes(long dim0, long dim1) { return transpose(dim0, dim1); }

    public Tensor permute(long... dims) { return Views.permute(this, dims); }

    public Tensor t() { return Views.t(this); }

    /** The matrix transpose of the last two dims ({@code tensor.mT}). */
    public Tensor mT() {
        if (dim() == 1) throw new IllegalArgumentException("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.");
        return dim() == 0 ? transpose(0, 0) : transpose(-2, -1);
    }

    public Tensor expand(long... sizes) { return Views.expand(this, sizes); }

    public Tensor expandAs(Tensor other) { return expand(other.shape); }

    public Tensor narrow(long dim, long start, long length) { return Views.narrow(this, dim, start, length); }

    public Tensor select(long dim, long index) { return Views.select(this, dim, index); }

    /** {@code tensor[..., start:end:step, ...]} on one dim; bounds clamp like Python slices. */
    public Tensor slice(long dim, long start, long end, long step) { return Views.slice(this, dim, start, end, step); }

    public Tensor squeeze() { return Views.squeeze(this); }

    public Tensor squeeze(long dim) { return Views.squeeze(this, dim); }

    public Tensor unsqueeze(long dim) { return Views.unsqueeze(this, dim); }

    public Tensor flatten() { return flatten(0, -1); }

    public Tensor flatten(long startDim, long endDim) { return Views.flatten(this, startDim, endDim); }

    public Tensor unflatten(long dim, long... sizes) { return Views.unflatten(this, dim, sizes); }

    /** Sliding windows of {@code size} along {@code dim}, {@code step} apart, as a new last dim. */
    public Tensor unfold(long dim, long size, long step) { return Views.unfold(this, dim, size, step); }

    /** A view with explicit sizes, strides and storage offset ({@code torch.as_strided}). */
    public Tensor asStrided(long[] size, long[] stride, long storageOffset) {
        return Views.asStrided(this, size, stride, storageOffset);
    }

    /** This tensor if already contiguous, else a contiguous copy. */
    public Tensor contiguous() { return isContiguous() ? this : Views.contiguousCopy(this); }

    // ------------------------------------------------------------------ copies and conversions

    public Tensor clone() { return Views.clone(this); }

    /** Converts to {@code dtype} (a copy unless the dtype already matches). */
    public Tensor to(DType dtype) { return dtype == this.dtype ? this : Elementwise.cast(this, dtype); }

    public Tensor type(DType dtype) { return to(dtype); }

    public Tensor toFloat() { return to(DType.FLOAT32); }

    public Tensor toDouble() { return to(DType.FLOAT64); }

    public Tensor toHalf() { return to(DType.FLOAT16); }

    public Tensor toBFloat16() { return to(DType.BFLOAT16); }

    public Tensor toLong() { return to(DType.INT64); }

    public Tensor toInt() { return to(DType.INT32); }

    public Tensor toShort() { return to(DType.INT16); }

    public Tensor toByte() { return to(DType.UINT8); }

    public Tensor toChar() { return to(DType.INT8); }

    public Tensor toBool() { return to(DType.BOOL); }

    /** Copies {@code src} (broadcast to this shape, any dtype) into this tensor. */
    public Tensor copy_(Tensor src) { return Elementwise.copyInto(this, src); }

    public Tensor fill_(double value) { return Elementwise.fillInPlace(this, value); }

    /** {@code fill_} with an integer, as a Python int: a narrow integer dtype wraps (uint8 -1 is 255). */
    public Tensor fill_(long value) { return Elementwise.fillInPlace(this, value); }

    public Tensor fill_(Tensor value) {
        if (value.dim() != 0) throw new IllegalArgumentException("fill_ only supports 0-dimension value tensor but got tensor with "
                + value.dim() + " dimensions.");
        return Elementwise.fillInPlace(this, value.itemDouble());
    }

    public Tensor zero_() { return fill_(0.0); }

    /** Fills with uniform values on [from, to) from the default generator ({@code uniform_}). */
    public Tensor uniform_(double from, double to) { return uniform_(from, to, null); }

    public Tensor uniform_(double from, double to, Generator gen) {
        if (from > to) throw new IllegalArgumentException("uniform_ expects to return a [from, to) range, but found from=" + from + " > to=" + to);
        return fillRandom(seg -> (gen != null ? gen : Generator.defaultGenerator()).uniform(seg, dtype, numel(), from, to));
    }

    /** Fills with normal values ({@code normal_}). */
    public Tensor normal_(double mean, double std) { return normal_(mean, std, null); }

    public Tensor normal_(double mean, double std, Generator gen) {
        if (std < 0) throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
        return fillRandom(seg -> (gen != null ? gen : Generator.defaultGenerator()).normal(seg, dtype, numel(), mean, std));
    }

    /** Fills with 0/1 drawn with probability p ({@code bernoulli_(p)}). */
    public Tensor bernoulli_(double p) { return bernoulli_(p, null); }

    public Tensor bernoulli_(double p, Generator gen) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + p);
        return fillRandom(seg -> (gen != null ? gen : Generator.defaultGenerator()).bernoulli(seg, dtype, numel(), p));
    }

    /** Runs a generator fill over contiguous memory (a temporary when this tensor is a strided view). */
    private Tensor fillRandom(java.util.function.Consumer<MemorySegment> fill) {
        if (dev.jtorch.autograd.GradMode.isEnabled() && isLeaf() && requiresGrad()) {
            throw new IllegalStateException("a leaf Variable that requires grad is being used in an in-place operation.");
        }
        if (!onHost()) {
            // values are drawn on the host (as the CPU generator gives them) and copied over
            Tensor tmp = Tensor.allocate(shape, dtype, Device.CPU);
            fill.accept(tmp.segment());
            dev.jtorch.backend.Backend.of(device()).copy(tmp, this);
            storage.bumpVersion();
        } else if (isContiguous()) {
            fill.accept(segment().asSlice(offset * dtype.itemSize()));
            storage.bumpVersion();
        } else {
            // PyTorch's TensorIterator walks memory in stride order, so values land in that order too
            Integer[] order = new Integer[shape.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            java.util.Arrays.sort(order, (a, b) -> Long.compare(strides[b], strides[a]));
            long[] ps = new long[shape.length], pst = new long[shape.length];
            for (int i = 0; i < order.length; i++) {
                ps[i] = shape[order[i]];
                pst[i] = strides[order[i]];
            }
            Tensor memoryOrder = new Tensor(storage, ps, pst, offset, dtype);
            Tensor tmp = Tensor.allocate(ps, dtype, device());
            fill.accept(tmp.segment());
            dev.jtorch.backend.Backend.of(device()).copy(tmp, memoryOrder);
            storage.bumpVersion();
        }
        return this;
    }

    // ------------------------------------------------------------------ elements out

    /** The value of a one-element tensor as a Java Number of the matching type ({@code item()}). */
    public Number item() {
        checkOneElement();
        if (!onHost()) return detach().cpu().item();
        return switch (dtype) {
            case FLOAT32, FLOAT16, BFLOAT16 -> (float) Mem.getDouble(segment(), dtype, offset);
            case FLOAT64 -> Mem.getDouble(segment(), dtype, offset);
            case BOOL -> Mem.getLong(segment(), dtype, offset);
            default -> Mem.getLong(segment(), dtype, offset);
        };
    }

    public double itemDouble() { checkOneElement(); return onHost() ? Mem.getDouble(segment(), dtype, offset) : detach().cpu().itemDouble(); }

    public float itemFloat() { return (float) itemDouble(); }

    public long itemLong() { checkOneElement(); return onHost() ? Mem.getLong(segment(), dtype, offset) : detach().cpu().itemLong(); }

    public int itemInt() { return (int) itemLong(); }

    public boolean itemBool() { checkOneElement(); return onHost() ? Mem.getBool(segment(), dtype, offset) : detach().cpu().itemBool(); }

    private void checkOneElement() {
        if (numel() != 1) throw new IllegalArgumentException("only one element tensors can be converted to Python scalars");
    }

    /** Internal: storage index (in elements) of the element at a flat row-major position. */
    public long storageIndex(long flat) {
        long idx = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            long s = shape[d];
            idx += (flat % s) * strides[d];
            flat /= s;
        }
        return idx;
    }

    /** Element at a flat row-major position as a double, for slow paths such as printing. */
    public double getDouble(long flat) {
        return onHost() ? Mem.getDouble(segment(), dtype, storageIndex(flat)) : detach().cpu().getDouble(flat);
    }

    public long getLong(long flat) { return onHost() ? Mem.getLong(segment(), dtype, storageIndex(flat)) : detach().cpu().getLong(flat); }

    public float[] toFloatArray() { return (float[]) contiguousAs(DType.FLOAT32).copyOut(); }

    public double[] toDoubleArray() { return (double[]) contiguousAs(DType.FLOAT64).copyOut(); }

    public long[] toLongArray() { return (long[]) contiguousAs(DType.INT64).copyOut(); }

    public int[] toIntArray() { return (int[]) contiguousAs(DType.INT32).copyOut(); }

    public boolean[] toBoolArray() {
        Tensor c = contiguousAs(DType.BOOL);
        boolean[] out = new boolean[Math.toIntExact(c.numel())];
        for (int i = 0; i < out.length; i++) out[i] = c.segment().get(Mem.I8, c.offset + i) != 0;
        return out;
    }

    private Tensor contiguousAs(DType t) {
        Tensor c = detach().cpu().to(t);
        return c.isContiguous() ? c : Views.contiguousCopy(c);
    }

    private Object copyOut() {
        int n = Math.toIntExact(numel());
        // an empty view may sit past the end of its storage (x[5:] of 3 elements)
        MemorySegment src = n == 0 ? segment().asSlice(0, 0) : segment().asSlice(offset * dtype.itemSize(), (long) n * dtype.itemSize());
        return switch (dtype) {
            case FLOAT32 -> src.toArray(Mem.F32);
            case FLOAT64 -> src.toArray(Mem.F64);
            case INT64 -> src.toArray(Mem.I64);
            case INT32 -> src.toArray(Mem.I32);
            default -> throw new IllegalStateException(dtype.toString());
        };
    }

    /** The elements as nested Java lists of Double/Long/Boolean ({@code tensor.tolist()}). */
    public Object tolist() {
        if (!onHost()) return detach().cpu().tolist();
        return tolist(0, offset);
    }

    private Object tolist(int d, long base) {
        if (d == shape.length) {
            return switch (dtype.kind()) {
                case FLOAT -> Mem.getDouble(segment(), dtype, base);
                case INT -> Mem.getLong(segment(), dtype, base);
                case BOOL -> Mem.getBool(segment(), dtype, base);
            };
        }
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < shape[d]; i++) out.add(tolist(d + 1, base + i * strides[d]));
        return out;
    }

    @Override public String toString() { return TensorFormatter.repr(this); }

    // ------------------------------------------------------------------ indexing

    /** {@code tensor[i, j, ...]}: selects along the leading dims. */
    public Tensor get(long... indices) {
        Tensor t = this;
        for (long i : indices) t = t.select(0, i);
        return t;
    }

    // ------------------------------------------------------------------ join and split

    public List<Tensor> chunk(long chunks, long dim) { return Joins.chunk(this, chunks, dim); }

    public List<Tensor> chunk(long chunks) { return chunk(chunks, 0); }

    public List<Tensor> split(long splitSize, long dim) { return Joins.split(this, splitSize, dim); }

    public List<Tensor> split(long splitSize) { return split(splitSize, 0); }

    public List<Tensor> split(long[] sizes, long dim) { return Joins.splitWithSizes(this, sizes, dim); }

    public List<Tensor> unbind(long dim) { return Joins.unbind(this, dim); }

    public List<Tensor> unbind() { return unbind(0); }

    // ------------------------------------------------------------------ math

    public Tensor add(Tensor other) { return MathOps.add(this, other, 1.0); }

    public Tensor add(Tensor other, double alpha) { return MathOps.add(this, other, alpha); }

    public Tensor add(double other) { return MathOps.add(this, Torch.scalarTensor(other, this), 1.0); }

    public Tensor sub(Tensor other) { return MathOps.sub(this, other, 1.0); }

    public Tensor sub(Tensor other, double alpha) { return MathOps.sub(this, other, alpha); }

    public Tensor sub(double other) { return MathOps.sub(this, Torch.scalarTensor(other, this), 1.0); }

    public Tensor mul(Tensor other) { return MathOps.mul(this, other); }

    public Tensor mul(double other) { return MathOps.mul(this, Torch.scalarTensor(other, this)); }

    public Tensor div(Tensor other) { return MathOps.div(this, other); }

    public Tensor div(double other) { return MathOps.div(this, Torch.scalarTensor(other, this)); }

    public Tensor neg() { return MathOps.neg(this); }

    public Tensor pow(double exponent) { return MathOps.pow(this, exponent); }

    public Tensor pow(Tensor exponent) { return MathOps.pow(this, exponent); }

    public Tensor exp() { return MathOps.exp(this); }

    public Tensor log() { return MathOps.log(this); }

    public Tensor sqrt() { return MathOps.sqrt(this); }

    public Tensor abs() { return MathOps.abs(this); }

    public Tensor square() { return MathOps.square(this); }

    public Tensor add_(Tensor other) { return MathOps.inPlace(this, MathOps.add(this, other, 1.0)); }

    public Tensor add_(Tensor other, double alpha) { return MathOps.inPlace(this, MathOps.add(this, other, alpha)); }

    public Tensor add_(double other) { return add_(Torch.scalarTensor(other, this)); }

    public Tensor sub_(Tensor other) { return MathOps.inPlace(this, MathOps.sub(this, other, 1.0)); }

    public Tensor sub_(double other) { return sub_(Torch.scalarTensor(other, this)); }

    public Tensor mul_(Tensor other) { return MathOps.inPlace(this, MathOps.mul(dev.jtorch.ops.InPlace.selfOperand(this, other), other)); }

    public Tensor mul_(double other) { return mul_(Torch.scalarTensor(other, this)); }

    public Tensor div_(Tensor other) { return MathOps.inPlace(this, MathOps.div(dev.jtorch.ops.InPlace.selfOperand(this, other), other)); }

    public Tensor div_(double other) { return div_(Torch.scalarTensor(other, this)); }

    public Tensor eq(Tensor other) { return MathOps.compare(dev.jtorch.backend.BinaryOp.EQ, this, other); }

    public Tensor eq(double other) { return eq(Torch.scalarTensor(other, this)); }

    public Tensor ne(Tensor other) { return MathOps.compare(dev.jtorch.backend.BinaryOp.NE, this, other); }

    public Tensor lt(Tensor other) { return MathOps.compare(dev.jtorch.backend.BinaryOp.LT, this, other); }

    public Tensor le(Tensor other) { return MathOps.compare(dev.jtorch.backend.BinaryOp.LE, this, other); }

    public Tensor gt(Tensor other) { return MathOps.compare(dev.jtorch.backend.BinaryOp.GT, this, other); }

    public Tensor ge(Tensor other) { return MathOps.compare(dev.jtorch.backend.BinaryOp.GE, this, other); }

    public Tensor gt(double other) { return gt(Torch.scalarTensor(other, this)); }

    public Tensor lt(double other) { return lt(Torch.scalarTensor(other, this)); }

    // ------------------------------------------------------------------ reductions

    public Tensor sum() { return Reductions.sum(this, null, false, null); }

    public Tensor sum(long dim) { return Reductions.sum(this, new long[] {dim}, false, null); }

    public Tensor sum(long dim, boolean keepdim) { return Reductions.sum(this, new long[] {dim}, keepdim, null); }

    public Tensor sum(long[] dims, boolean keepdim) { return Reductions.sum(this, dims, keepdim, null); }

    public Tensor mean() { return Reductions.mean(this, null, false); }

    public Tensor mean(long dim) { return Reductions.mean(this, new long[] {dim}, false); }

    public Tensor mean(long dim, boolean keepdim) { return Reductions.mean(this, new long[] {dim}, keepdim); }

    public Tensor mean(long[] dims, boolean keepdim) { return Reductions.mean(this, dims, keepdim); }

    /** The p-norm of {@code this - other} ({@code torch.dist}). */
    public Tensor dist(Tensor other) { return Reductions.dist(this, other, 2.0); }

    public Tensor dist(Tensor other, double p) { return Reductions.dist(this, other, p); }

    // ------------------------------------------------------------------ linear algebra

    /** The matrix product ({@code @} in Python). */
    public Tensor matmul(Tensor other) { return LinAlg.matmul(this, other); }

    public Tensor mm(Tensor other) { return LinAlg.mm(this, other); }

    // ================================================================== section: printing

    // ---- end of section: printing ----

    // ================================================================== section: indexing

    /**
     * Python's subscript {@code x[...]} from its source text: {@code x.get("1:, ::2, None, ...")}. Integers,
     * slices, None and {@code ...} give a view sharing storage; lists such as {@code [0, 2]} or
     * {@code [True, False]} index like tensors and give a copy.
     */
    public Tensor get(String index) { return dev.jtorch.ops.Indexing.get(this, index); }

    /**
     * {@code x[i0, i1, ...]} from objects: Long/Integer (select), {@link Slice} ({@link Torch#slice}),
     * {@link Torch#None} (or null), {@link Torch#ELLIPSIS}, Boolean, int64 or bool Tensors and Java arrays
     * or Lists (made into index tensors). A single argument is Python's lone index, several a tuple.
     */
    public Tensor index(Object... indices) { return dev.jtorch.ops.Indexing.get(this, indices); }

    /** {@code x[index] = value}: copies (broadcasting) into the view, or puts through index tensors. */
    public Tensor set(String index, Tensor value) { return dev.jtorch.ops.Indexing.set(this, index, value); }

    /** {@code x[index] = value} with a Java number, converted to this tensor's dtype first. */
    public Tensor set(String index, double value) {
        return dev.jtorch.ops.Indexing.set(this, index, dev.jtorch.ops.Indexing.scalarValue(this, value));
    }

    /** {@code x[indices] = value} with index objects as in {@link #index(Object...)}. */
    public Tensor set(Object[] indices, Tensor value) { return dev.jtorch.ops.Indexing.set(this, indices, value); }

    public Tensor set(Object[] indices, double value) {
        return dev.jtorch.ops.Indexing.set(this, indices, dev.jtorch.ops.Indexing.scalarValue(this, value));
    }

    /** {@code x.index_put_(indices, values, accumulate)}: null entries leave a dim unindexed. */
    public Tensor indexPut_(Tensor[] indices, Tensor values, boolean accumulate) {
        return dev.jtorch.ops.AdvancedIndex.indexPutInPlace(this, java.util.Arrays.asList(indices), values, accumulate);
    }

    public Tensor indexPut_(Tensor[] indices, Tensor values) { return indexPut_(indices, values, false); }

    /** {@code x.index_put(indices, values, accumulate)}: as {@link #indexPut_} on a copy. */
    public Tensor indexPut(Tensor[] indices, Tensor values, boolean accumulate) {
        return dev.jtorch.ops.AdvancedIndex.indexPut(this, java.util.Arrays.asList(indices), values, accumulate);
    }

    public Tensor indexPut(Tensor[] indices, Tensor values) { return indexPut(indices, values, false); }

    public Tensor indexSelect(long dim, Tensor index) { return dev.jtorch.ops.AdvancedIndex.indexSelect(this, dim, index); }

    /** The elements where {@code mask} (broadcast with this tensor) is true, as a 1-d tensor. */
    public Tensor maskedSelect(Tensor mask) { return dev.jtorch.ops.AdvancedIndex.maskedSelect(this, mask); }

    /** Reverses the order of elements along {@code dims} (a copy, as in PyTorch). */
    public Tensor flip(long... dims) { return dev.jtorch.ops.Rearrange.flip(this, dims); }

    /** Rolls the flattened tensor by {@code shifts} and restores the shape. */
    public Tensor roll(long shifts) { return dev.jtorch.ops.Rearrange.roll(this, new long[] {shifts}, new long[0]); }

    public Tensor roll(long shifts, long dim) { return dev.jtorch.ops.Rearrange.roll(this, new long[] {shifts}, new long[] {dim}); }

    public Tensor roll(long[] shifts, long[] dims) { return dev.jtorch.ops.Rearrange.roll(this, shifts, dims); }

    /** Repeats the tensor along each dim; extra leading sizes add dims ({@code tensor.repeat}). */
    public Tensor repeat(long... sizes) { return dev.jtorch.ops.Rearrange.repeat(this, sizes); }

    public Tensor tile(long... dims) { return dev.jtorch.ops.Rearrange.tile(this, dims); }

    // ---- end of section: indexing ----

    // ================================================================== section: math-elementwise

    private Tensor sc(double v) { return Torch.scalarTensor(v, this); }

    private Tensor sc(long v) { return Torch.scalarTensor(v, this); }

    private Tensor inplace(Tensor result) { return MathOps.inPlace(this, result); }

    // arithmetic with Java scalars: a long keeps integral tensors integral, a double promotes them to float
    public Tensor add(long other) { return MathOps.add(this, sc(other), 1.0); }

    public Tensor add(Tensor other, long alpha) { return MathOps.add(this, other, alpha); }

    public Tensor add(boolean other) { return MathOps.add(this, dev.jtorch.ops.BinaryOps.scalarBool(other, this), 1.0); }

    public Tensor sub(long other) { return MathOps.sub(this, sc(other), 1.0); }

    /** {@code other - this} ({@code torch.rsub}). */
    public Tensor rsub(Tensor other) { return MathOps.sub(other, this, 1.0); }

    public Tensor rsub(Tensor other, double alpha) { return MathOps.sub(other, this, alpha); }

    public Tensor rsub(double other) { return MathOps.sub(sc(other), this, 1.0); }

    public Tensor rsub(long other) { return MathOps.sub(sc(other), this, 1.0); }

    public Tensor mul(long other) { return MathOps.mul(this, sc(other)); }

    public Tensor mul(boolean other) { return MathOps.mul(this, dev.jtorch.ops.BinaryOps.scalarBool(other, this)); }

    public Tensor div(long other) { return MathOps.div(this, sc(other)); }

    /** {@code div(other, rounding_mode=mode)}: null, "trunc" or "floor". */
    public Tensor div(Tensor other, String roundingMode) { return dev.jtorch.ops.BinaryOps.div(this, other, roundingMode); }

    public Tensor div(double other, String roundingMode) { return dev.jtorch.ops.BinaryOps.div(this, sc(other), roundingMode); }

    public Tensor div(long other, String roundingMode) { return dev.jtorch.ops.BinaryOps.div(this, sc(other), roundingMode); }

    public Tensor divide(Tensor other) { return div(other); }

    public Tensor multiply(Tensor other) { return mul(other); }

    public Tensor subtract(Tensor other) { return sub(other); }

    public Tensor trueDivide(Tensor other) { return div(other); }

    public Tensor floorDivide(Tensor other) { return dev.jtorch.ops.BinaryOps.floorDivide(this, other); }

    public Tensor floorDivide(double other) { return dev.jtorch.ops.BinaryOps.floorDivide(this, sc(other)); }

    public Tensor floorDivide(long other) { return dev.jtorch.ops.BinaryOps.floorDivide(this, sc(other)); }

    public Tensor remainder(Tensor other) { return dev.jtorch.ops.BinaryOps.remainder(this, other); }

    public Tensor remainder(double other) { return dev.jtorch.ops.BinaryOps.remainder(this, sc(other)); }

    public Tensor remainder(long other) { return dev.jtorch.ops.BinaryOps.remainder(this, sc(other)); }

    public Tensor fmod(Tensor other) { return dev.jtorch.ops.BinaryOps.fmod(this, other); }

    public Tensor fmod(double other) { return dev.jtorch.ops.BinaryOps.fmod(this, sc(other)); }

    public Tensor fmod(long other) { return dev.jtorch.ops.BinaryOps.fmod(this, sc(other)); }

    public Tensor pow(long exponent) { return MathOps.pow(this, sc(exponent)); }

    public Tensor maximum(Tensor other) { return dev.jtorch.ops.BinaryOps.maximum(this, other); }

    public Tensor minimum(Tensor other) { return dev.jtorch.ops.BinaryOps.minimum(this, other); }

    public Tensor fmax(Tensor other) { return dev.jtorch.ops.BinaryOps.fmax(this, other); }

    public Tensor fmin(Tensor other) { return dev.jtorch.ops.BinaryOps.fmin(this, other); }

    public Tensor atan2(Tensor other) { return dev.jtorch.ops.BinaryOps.atan2(this, other); }

    public Tensor arctan2(Tensor other) { return atan2(other); }

    public Tensor hypot(Tensor other) { return dev.jtorch.ops.BinaryOps.hypot(this, other); }

    public Tensor copysign(Tensor other) { return dev.jtorch.ops.BinaryOps.copysign(this, other); }

    public Tensor copysign(double other) { return dev.jtorch.ops.BinaryOps.copysign(this, sc(other)); }

    public Tensor lerp(Tensor end, Tensor weight) { return dev.jtorch.ops.BinaryOps.lerp(this, end, weight); }

    public Tensor lerp(Tensor end, double weight) { return dev.jtorch.ops.BinaryOps.lerp(this, end, sc(weight)); }

    public Tensor xlogy(Tensor other) { return dev.jtorch.ops.BinaryOps.xlogy(this, other); }

    public Tensor xlogy(double other) { return dev.jtorch.ops.BinaryOps.xlogy(this, sc(other)); }

    // comparisons
    public Tensor eq(long other) { return eq(sc(other)); }

    public Tensor ne(double other) { return ne(sc(other)); }

    public Tensor ne(long other) { return ne(sc(other)); }

    public Tensor lt(long other) { return lt(sc(other)); }

    public Tensor le(double other) { return le(sc(other)); }

    public Tensor le(long other) { return le(sc(other)); }

    public Tensor gt(long other) { return gt(sc(other)); }

    public Tensor ge(double other) { return ge(sc(other)); }

    public Tensor ge(long other) { return ge(sc(other)); }

    public Tensor greater(Tensor other) { return gt(other); }

    public Tensor less(Tensor other) { return lt(other); }

    public Tensor greaterEqual(Tensor other) { return ge(other); }

    public Tensor lessEqual(Tensor other) { return le(other); }

    public Tensor notEqual(Tensor other) { return ne(other); }

    /** {@code torch.equal}: same shape and elements. */
    public boolean equal(Tensor other) { return dev.jtorch.ops.BinaryOps.equal(this, other); }

    public Tensor isclose(Tensor other) { return isclose(other, 1e-5, 1e-8, false); }

    public Tensor isclose(Tensor other, double rtol, double atol, boolean equalNan) {
        return dev.jtorch.ops.BinaryOps.isclose(this, other, rtol, atol, equalNan);
    }

    public boolean allclose(Tensor other) { return allclose(other, 1e-5, 1e-8, false); }

    public boolean allclose(Tensor other, double rtol, double atol, boolean equalNan) {
        return dev.jtorch.ops.BinaryOps.allclose(this, other, rtol, atol, equalNan);
    }

    // logical and bitwise
    public Tensor logicalAnd(Tensor other) { return dev.jtorch.ops.BinaryOps.logical(dev.jtorch.backend.BinaryOp.LOGICAL_AND, this, other); }

    public Tensor logicalOr(Tensor other) { return dev.jtorch.ops.BinaryOps.logical(dev.jtorch.backend.BinaryOp.LOGICAL_OR, this, other); }

    public Tensor logicalXor(Tensor other) { return dev.jtorch.ops.BinaryOps.logical(dev.jtorch.backend.BinaryOp.LOGICAL_XOR, this, other); }

    public Tensor logicalNot() { return dev.jtorch.ops.BinaryOps.logicalNot(this); }

    public Tensor bitwiseAnd(Tensor other) { return dev.jtorch.ops.BinaryOps.bitwise(dev.jtorch.backend.BinaryOp.BITWISE_AND, "bitwise_and_cpu", this, other); }

    public Tensor bitwiseAnd(long other) { return bitwiseAnd(sc(other)); }

    public Tensor bitwiseAnd(boolean other) { return bitwiseAnd(dev.jtorch.ops.BinaryOps.scalarBool(other, this)); }

    public Tensor bitwiseOr(Tensor other) { return dev.jtorch.ops.BinaryOps.bitwise(dev.jtorch.backend.BinaryOp.BITWISE_OR, "bitwise_or_cpu", this, other); }

    public Tensor bitwiseOr(long other) { return bitwiseOr(sc(other)); }

    public Tensor bitwiseOr(boolean other) { return bitwiseOr(dev.jtorch.ops.BinaryOps.scalarBool(other, this)); }

    public Tensor bitwiseXor(Tensor other) { return dev.jtorch.ops.BinaryOps.bitwise(dev.jtorch.backend.BinaryOp.BITWISE_XOR, "bitwise_xor_cpu", this, other); }

    public Tensor bitwiseXor(long other) { return bitwiseXor(sc(other)); }

    public Tensor bitwiseXor(boolean other) { return bitwiseXor(dev.jtorch.ops.BinaryOps.scalarBool(other, this)); }

    public Tensor bitwiseNot() { return dev.jtorch.ops.BinaryOps.bitwiseNot(this); }

    public Tensor bitwiseLeftShift(Tensor other) { return dev.jtorch.ops.BinaryOps.bitwise(dev.jtorch.backend.BinaryOp.LSHIFT, "lshift_cpu", this, other); }

    public Tensor bitwiseLeftShift(long other) { return bitwiseLeftShift(sc(other)); }

    public Tensor bitwiseRightShift(Tensor other) { return dev.jtorch.ops.BinaryOps.bitwise(dev.jtorch.backend.BinaryOp.RSHIFT, "rshift_cpu", this, other); }

    public Tensor bitwiseRightShift(long other) { return bitwiseRightShift(sc(other)); }

    // clamp and masked fill
    /** {@code clamp(min, max)} with Java bounds; pass null for a missing bound. */
    public Tensor clamp(Double min, Double max) { return dev.jtorch.ops.BinaryOps.clamp(this, min, max); }

    public Tensor clamp(double min, double max) { return dev.jtorch.ops.BinaryOps.clamp(this, (Double) min, (Double) max); }

    public Tensor clamp(long min, long max) { return dev.jtorch.ops.BinaryOps.clamp(this, (Long) min, (Long) max); }

    public Tensor clamp(Tensor min, Tensor max) { return dev.jtorch.ops.BinaryOps.clamp(this, min, max); }

    public Tensor clampMin(double min) { return dev.jtorch.ops.BinaryOps.clamp(this, (Double) min, null); }

    public Tensor clampMin(long min) { return dev.jtorch.ops.BinaryOps.clamp(this, (Long) min, null); }

    public Tensor clampMin(Tensor min) { return dev.jtorch.ops.BinaryOps.clamp(this, min, null); }

    public Tensor clampMax(double max) { return dev.jtorch.ops.BinaryOps.clamp(this, null, (Double) max); }

    public Tensor clampMax(long max) { return dev.jtorch.ops.BinaryOps.clamp(this, null, (Long) max); }

    public Tensor clampMax(Tensor max) { return dev.jtorch.ops.BinaryOps.clamp(this, null, max); }

    public Tensor clip(double min, double max) { return clamp(min, max); }

    public Tensor clip(Tensor min, Tensor max) { return clamp(min, max); }

    public Tensor maskedFill(Tensor mask, double value) { return dev.jtorch.ops.BinaryOps.maskedFill(this, mask, sc(value)); }

    public Tensor maskedFill(Tensor mask, long value) { return dev.jtorch.ops.BinaryOps.maskedFill(this, mask, sc(value)); }

    public Tensor maskedFill(Tensor mask, boolean value) { return dev.jtorch.ops.BinaryOps.maskedFill(this, mask, dev.jtorch.ops.BinaryOps.scalarBool(value, this)); }

    public Tensor maskedFill(Tensor mask, Tensor value) { return dev.jtorch.ops.BinaryOps.maskedFill(this, mask, value); }

    // unary
    public Tensor sign() { return MathOps.sign(this); }

    public Tensor sgn() { return sign(); }

    public Tensor exp2() { return dev.jtorch.ops.UnaryOps.exp2(this); }

    public Tensor expm1() { return dev.jtorch.ops.UnaryOps.expm1(this); }

    public Tensor log2() { return dev.jtorch.ops.UnaryOps.log2(this); }

    public Tensor log10() { return dev.jtorch.ops.UnaryOps.log10(this); }

    public Tensor log1p() { return dev.jtorch.ops.UnaryOps.log1p(this); }

    public Tensor rsqrt() { return dev.jtorch.ops.UnaryOps.rsqrt(this); }

    public Tensor reciprocal() { return dev.jtorch.ops.UnaryOps.reciprocal(this); }

    public Tensor sin() { return dev.jtorch.ops.UnaryOps.sin(this); }

    public Tensor cos() { return dev.jtorch.ops.UnaryOps.cos(this); }

    public Tensor tan() { return dev.jtorch.ops.UnaryOps.tan(this); }

    public Tensor asin() { return dev.jtorch.ops.UnaryOps.asin(this); }

    public Tensor acos() { return dev.jtorch.ops.UnaryOps.acos(this); }

    public Tensor atan() { return dev.jtorch.ops.UnaryOps.atan(this); }

    public Tensor sinh() { return dev.jtorch.ops.UnaryOps.sinh(this); }

    public Tensor cosh() { return dev.jtorch.ops.UnaryOps.cosh(this); }

    public Tensor tanh() { return dev.jtorch.ops.UnaryOps.tanh(this); }

    public Tensor asinh() { return dev.jtorch.ops.UnaryOps.asinh(this); }

    public Tensor acosh() { return dev.jtorch.ops.UnaryOps.acosh(this); }

    public Tensor atanh() { return dev.jtorch.ops.UnaryOps.atanh(this); }

    public Tensor arcsin() { return asin(); }

    public Tensor arccos() { return acos(); }

    public Tensor arctan() { return atan(); }

    public Tensor sigmoid() { return dev.jtorch.ops.UnaryOps.sigmoid(this); }

    public Tensor relu() { return dev.jtorch.ops.UnaryOps.relu(this); }

    public Tensor erf() { return dev.jtorch.ops.UnaryOps.erf(this); }

    public Tensor erfc() { return dev.jtorch.ops.UnaryOps.erfc(this); }

    public Tensor erfinv() { return dev.jtorch.ops.UnaryOps.erfinv(this); }

    public Tensor lgamma() { return dev.jtorch.ops.UnaryOps.lgamma(this); }

    public Tensor digamma() { return dev.jtorch.ops.UnaryOps.digamma(this); }

    public Tensor floor() { return dev.jtorch.ops.UnaryOps.floor(this); }

    public Tensor ceil() { return dev.jtorch.ops.UnaryOps.ceil(this); }

    public Tensor round() { return dev.jtorch.ops.UnaryOps.round(this); }

    public Tensor round(long decimals) { return dev.jtorch.ops.UnaryOps.round(this, decimals); }

    public Tensor trunc() { return dev.jtorch.ops.UnaryOps.trunc(this); }

    public Tensor fix() { return trunc(); }

    public Tensor frac() { return dev.jtorch.ops.UnaryOps.frac(this); }

    public Tensor isnan() { return dev.jtorch.ops.UnaryOps.isnan(this); }

    public Tensor isinf() { return dev.jtorch.ops.UnaryOps.isinf(this); }

    public Tensor isfinite() { return dev.jtorch.ops.UnaryOps.isfinite(this); }

    public Tensor isposinf() { return dev.jtorch.ops.UnaryOps.isposinf(this); }

    public Tensor isneginf() { return dev.jtorch.ops.UnaryOps.isneginf(this); }

    public Tensor signbit() { return dev.jtorch.ops.UnaryOps.signbit(this); }

    public Tensor nanToNum() { return dev.jtorch.ops.UnaryOps.nanToNum(this, 0.0, null, null); }

    /** {@code nan_to_num(nan, posinf, neginf)}: null infinities mean the dtype's extremes. */
    public Tensor nanToNum(double nan, Double posinf, Double neginf) { return dev.jtorch.ops.UnaryOps.nanToNum(this, nan, posinf, neginf); }

    // in-place forms: the out-of-place op, then PyTorch's castability and shape checks on writing back
    public Tensor add_(long other) { return inplace(add(other)); }

    public Tensor add_(Tensor other, long alpha) { return inplace(add(other, alpha)); }

    public Tensor sub_(Tensor other, double alpha) { return inplace(sub(other, alpha)); }

    public Tensor sub_(long other) { return inplace(sub(other)); }

    public Tensor mul_(long other) { return inplace(mul(other)); }

    public Tensor div_(long other) { return inplace(div(other)); }

    public Tensor div_(Tensor other, String roundingMode) { return inplace(div(other, roundingMode)); }

    public Tensor div_(double other, String roundingMode) { return inplace(div(other, roundingMode)); }

    public Tensor floorDivide_(Tensor other) { return inplace(floorDivide(other)); }

    public Tensor remainder_(Tensor other) { return inplace(remainder(other)); }

    public Tensor remainder_(double other) { return inplace(remainder(other)); }

    public Tensor fmod_(Tensor other) { return inplace(fmod(other)); }

    public Tensor fmod_(double other) { return inplace(fmod(other)); }

    public Tensor pow_(double exponent) { return dev.jtorch.ops.BinaryOps.inPlacePow(this, pow(exponent)); }

    public Tensor pow_(long exponent) { return dev.jtorch.ops.BinaryOps.inPlacePow(this, pow(exponent)); }

    public Tensor pow_(Tensor exponent) { return inplace(pow(exponent)); }

    public Tensor maximum_(Tensor other) { return inplace(maximum(other)); }

    public Tensor atan2_(Tensor other) { return inplace(atan2(other)); }

    public Tensor hypot_(Tensor other) { return inplace(hypot(other)); }

    public Tensor lerp_(Tensor end, Tensor weight) { return inplace(lerp(end, weight)); }

    public Tensor lerp_(Tensor end, double weight) { return inplace(lerp(end, weight)); }

    public Tensor xlogy_(Tensor other) { return inplace(xlogy(other)); }

    public Tensor clamp_(double min, double max) { return dev.jtorch.ops.BinaryOps.inPlaceCpp(this, clamp(min, max)); }

    public Tensor clamp_(Double min, Double max) { return dev.jtorch.ops.BinaryOps.inPlaceCpp(this, clamp(min, max)); }

    public Tensor clamp_(long min, long max) { return dev.jtorch.ops.BinaryOps.inPlaceCpp(this, clamp(min, max)); }

    public Tensor clamp_(Tensor min, Tensor max) { return dev.jtorch.ops.BinaryOps.inPlaceCpp(this, clamp(min, max)); }

    public Tensor clampMin_(double min) { return dev.jtorch.ops.BinaryOps.inPlaceCpp(this, clampMin(min)); }

    public Tensor clampMax_(double max) { return dev.jtorch.ops.BinaryOps.inPlaceCpp(this, clampMax(max)); }

    public Tensor clip_(double min, double max) { return clamp_(min, max); }

    public Tensor maskedFill_(Tensor mask, double value) { return inplace(maskedFill(mask, value)); }

    public Tensor maskedFill_(Tensor mask, long value) { return inplace(maskedFill(mask, value)); }

    public Tensor maskedFill_(Tensor mask, boolean value) { return inplace(maskedFill(mask, value)); }

    public Tensor maskedFill_(Tensor mask, Tensor value) { return inplace(maskedFill(mask, value)); }

    public Tensor eq_(Tensor other) { return inplace(eq(other)); }

    public Tensor eq_(double other) { return inplace(eq(other)); }

    public Tensor ne_(Tensor other) { return inplace(ne(other)); }

    public Tensor ne_(double other) { return inplace(ne(other)); }

    public Tensor lt_(Tensor other) { return inplace(lt(other)); }

    public Tensor lt_(double other) { return inplace(lt(other)); }

    public Tensor le_(Tensor other) { return inplace(le(other)); }

    public Tensor le_(double other) { return inplace(le(other)); }

    public Tensor gt_(Tensor other) { return inplace(gt(other)); }

    public Tensor gt_(double other) { return inplace(gt(other)); }

    public Tensor ge_(Tensor other) { return inplace(ge(other)); }

    public Tensor ge_(double other) { return inplace(ge(other)); }

    public Tensor logicalAnd_(Tensor other) { return inplace(logicalAnd(other)); }

    public Tensor logicalOr_(Tensor other) { return inplace(logicalOr(other)); }

    public Tensor logicalXor_(Tensor other) { return inplace(logicalXor(other)); }

    public Tensor logicalNot_() { return inplace(logicalNot()); }

    public Tensor bitwiseAnd_(Tensor other) { return inplace(bitwiseAnd(other)); }

    public Tensor bitwiseOr_(Tensor other) { return inplace(bitwiseOr(other)); }

    public Tensor bitwiseXor_(Tensor other) { return inplace(bitwiseXor(other)); }

    public Tensor bitwiseNot_() { return inplace(bitwiseNot()); }

    public Tensor neg_() { return inplace(neg()); }

    public Tensor abs_() { return inplace(abs()); }

    public Tensor sign_() { return inplace(sign()); }

    public Tensor exp_() { return inplace(exp()); }

    public Tensor exp2_() { return inplace(exp2()); }

    public Tensor expm1_() { return inplace(expm1()); }

    public Tensor log_() { return inplace(log()); }

    public Tensor log2_() { return inplace(log2()); }

    public Tensor log10_() { return inplace(log10()); }

    public Tensor log1p_() { return inplace(log1p()); }

    public Tensor sqrt_() { return inplace(sqrt()); }

    public Tensor rsqrt_() { return inplace(rsqrt()); }

    public Tensor square_() { return inplace(square()); }

    public Tensor reciprocal_() { return inplace(reciprocal()); }

    public Tensor sin_() { return inplace(sin()); }

    public Tensor cos_() { return inplace(cos()); }

    public Tensor tan_() { return inplace(tan()); }

    public Tensor asin_() { return inplace(asin()); }

    public Tensor acos_() { return inplace(acos()); }

    public Tensor atan_() { return inplace(atan()); }

    public Tensor sinh_() { return inplace(sinh()); }

    public Tensor cosh_() { return inplace(cosh()); }

    public Tensor tanh_() { return inplace(tanh()); }

    public Tensor asinh_() { return inplace(asinh()); }

    public Tensor acosh_() { return inplace(acosh()); }

    public Tensor atanh_() { return inplace(atanh()); }

    public Tensor sigmoid_() { return inplace(sigmoid()); }

    public Tensor relu_() { return inplace(relu()); }

    public Tensor erf_() { return inplace(erf()); }

    public Tensor erfc_() { return inplace(erfc()); }

    public Tensor erfinv_() { return inplace(erfinv()); }

    public Tensor lgamma_() { return inplace(lgamma()); }

    public Tensor digamma_() { return inplace(digamma()); }

    public Tensor floor_() { return inplace(floor()); }

    public Tensor ceil_() { return inplace(ceil()); }

    public Tensor round_() { return inplace(round()); }

    public Tensor round_(long decimals) { return inplace(round(decimals)); }

    public Tensor trunc_() { return inplace(trunc()); }

    public Tensor frac_() { return inplace(frac()); }

    public Tensor nanToNum_() { return inplace(nanToNum()); }

    public Tensor nanToNum_(double nan, Double posinf, Double neginf) { return inplace(nanToNum(nan, posinf, neginf)); }

    // ---- end of section: math-elementwise ----

    // ================================================================== section: math-reductions-linalg

    private static long[] dl(long d) { return new long[] {d}; }

    public Tensor sum(DType dtype) { return Reductions.sum(this, null, false, dtype); }

    public Tensor sum(long[] dims, boolean keepdim, DType dtype) { return Reductions.sum(this, dims, keepdim, dtype); }

    public Tensor mean(DType dtype) { return dev.jtorch.ops.Reductions2.mean(this, null, false, dtype); }

    public Tensor mean(long[] dims, boolean keepdim, DType dtype) { return dev.jtorch.ops.Reductions2.mean(this, dims, keepdim, dtype); }

    public Tensor nansum() { return dev.jtorch.ops.Reductions2.nansum(this, null, false, null); }

    public Tensor nansum(long[] dims, boolean keepdim) { return dev.jtorch.ops.Reductions2.nansum(this, dims, keepdim, null); }

    public Tensor nanmean() { return dev.jtorch.ops.Reductions2.nanmean(this, null, false); }

    public Tensor nanmean(long[] dims, boolean keepdim) { return dev.jtorch.ops.Reductions2.nanmean(this, dims, keepdim); }

    public Tensor prod() { return dev.jtorch.ops.Reductions2.prod(this, null, false, null); }

    public Tensor prod(long dim) { return dev.jtorch.ops.Reductions2.prod(this, dl(dim), false, null); }

    public Tensor prod(long dim, boolean keepdim) { return dev.jtorch.ops.Reductions2.prod(this, dl(dim), keepdim, null); }

    public Tensor prod(long dim, boolean keepdim, DType dtype) { return dev.jtorch.ops.Reductions2.prod(this, dl(dim), keepdim, dtype); }

    /** The largest element ({@code x.max()}); NaN if any element is NaN. */
    public Tensor max() { return dev.jtorch.ops.Reductions2.maxAll(this, true); }

    public ValuesIndices max(long dim) { return dev.jtorch.ops.Reductions2.maxDim(this, dim, false, true); }

    public ValuesIndices max(long dim, boolean keepdim) { return dev.jtorch.ops.Reductions2.maxDim(this, dim, keepdim, true); }

    /** {@code x.max(other)}: the elementwise maximum. */
    public Tensor max(Tensor other) { return maximum(other); }

    public Tensor min() { return dev.jtorch.ops.Reductions2.maxAll(this, false); }

    public ValuesIndices min(long dim) { return dev.jtorch.ops.Reductions2.maxDim(this, dim, false, false); }

    public ValuesIndices min(long dim, boolean keepdim) { return dev.jtorch.ops.Reductions2.maxDim(this, dim, keepdim, false); }

    public Tensor min(Tensor other) { return minimum(other); }

    public Tensor amax() { return dev.jtorch.ops.Reductions2.amax(this, null, false, true); }

    public Tensor amax(long[] dims, boolean keepdim) { return dev.jtorch.ops.Reductions2.amax(this, dims, keepdim, true); }

    public Tensor amax(long dim) { return dev.jtorch.ops.Reductions2.amax(this, dl(dim), false, true); }

    public Tensor amin() { return dev.jtorch.ops.Reductions2.amax(this, null, false, false); }

    public Tensor amin(long[] dims, boolean keepdim) { return dev.jtorch.ops.Reductions2.amax(this, dims, keepdim, false); }

    public Tensor amin(long dim) { return dev.jtorch.ops.Reductions2.amax(this, dl(dim), false, false); }

    public Tensor argmax() { return dev.jtorch.ops.Reductions2.argmax(this, null, false, true); }

    public Tensor argmax(long dim) { return dev.jtorch.ops.Reductions2.argmax(this, dim, false, true); }

    public Tensor argmax(long dim, boolean keepdim) { return dev.jtorch.ops.Reductions2.argmax(this, dim, keepdim, true); }

    public Tensor argmin() { return dev.jtorch.ops.Reductions2.argmax(this, null, false, false); }

    public Tensor argmin(long dim) { return dev.jtorch.ops.Reductions2.argmax(this, dim, false, false); }

    public Tensor argmin(long dim, boolean keepdim) { return dev.jtorch.ops.Reductions2.argmax(this, dim, keepdim, false); }

    /** Sample variance (Bessel's correction) of all elements. */
    public Tensor var() { return dev.jtorch.ops.Reductions2.var(this, null, 1, false); }

    public Tensor var(boolean unbiased) { return dev.jtorch.ops.Reductions2.var(this, null, unbiased ? 1 : 0, false); }

    public Tensor var(long dim) { return dev.jtorch.ops.Reductions2.var(this, dl(dim), 1, false); }

    public Tensor var(long[] dims, boolean unbiased, boolean keepdim) { return dev.jtorch.ops.Reductions2.var(this, dims, unbiased ? 1 : 0, keepdim); }

    /** {@code var(dim, correction=c, keepdim)}. */
    public Tensor var(long[] dims, double correction, boolean keepdim) { return dev.jtorch.ops.Reductions2.var(this, dims, correction, keepdim); }

    public Tensor std() { return dev.jtorch.ops.Reductions2.std(this, null, 1, false); }

    public Tensor std(boolean unbiased) { return dev.jtorch.ops.Reductions2.std(this, null, unbiased ? 1 : 0, false); }

    public Tensor std(long dim) { return dev.jtorch.ops.Reductions2.std(this, dl(dim), 1, false); }

    public Tensor std(long[] dims, boolean unbiased, boolean keepdim) { return dev.jtorch.ops.Reductions2.std(this, dims, unbiased ? 1 : 0, keepdim); }

    public Tensor std(long[] dims, double correction, boolean keepdim) { return dev.jtorch.ops.Reductions2.std(this, dims, correction, keepdim); }

    /** {@code x.norm(p)} over all elements: p = 2 is the Frobenius norm. */
    public Tensor norm() { return dev.jtorch.ops.Reductions2.norm(this, 2, null, false); }

    public Tensor norm(double p) { return dev.jtorch.ops.Reductions2.norm(this, p, null, false); }

    public Tensor norm(double p, long[] dims, boolean keepdim) { return dev.jtorch.ops.Reductions2.norm(this, p, dims, keepdim); }

    /** {@code x.norm("fro", dims, keepdim)}; "fro" and "nuc"-free string forms. */
    public Tensor norm(String p, long[] dims, boolean keepdim) {
        if (!p.equals("fro")) throw new IllegalArgumentException("only the 'fro' string norm is supported for vectors");
        return dev.jtorch.ops.Reductions2.norm(this, 2, dims, keepdim);
    }

    public Tensor logsumexp(long dim) { return dev.jtorch.ops.Reductions2.logsumexp(this, dl(dim), false); }

    public Tensor logsumexp(long[] dims, boolean keepdim) { return dev.jtorch.ops.Reductions2.logsumexp(this, dims, keepdim); }

    public Tensor softmax(long dim) { return dev.jtorch.ops.Reductions2.softmax(this, dim, null, false); }

    public Tensor softmax(long dim, DType dtype) { return dev.jtorch.ops.Reductions2.softmax(this, dim, dtype, false); }

    public Tensor logSoftmax(long dim) { return dev.jtorch.ops.Reductions2.softmax(this, dim, null, true); }

    public Tensor logSoftmax(long dim, DType dtype) { return dev.jtorch.ops.Reductions2.softmax(this, dim, dtype, true); }

    public Tensor cumsum(long dim) { return dev.jtorch.ops.Sorting.cumsum(this, dim, null); }

    public Tensor cumsum(long dim, DType dtype) { return dev.jtorch.ops.Sorting.cumsum(this, dim, dtype); }

    public Tensor cumprod(long dim) { return dev.jtorch.ops.Sorting.cumprod(this, dim, null); }

    public Tensor cumprod(long dim, DType dtype) { return dev.jtorch.ops.Sorting.cumprod(this, dim, dtype); }

    public ValuesIndices cummax(long dim) { return dev.jtorch.ops.Sorting.cummax(this, dim, true); }

    public ValuesIndices cummin(long dim) { return dev.jtorch.ops.Sorting.cummax(this, dim, false); }

    public Tensor logcumsumexp(long dim) { return dev.jtorch.ops.Sorting.logcumsumexp(this, dim); }

    public Tensor all() { return dev.jtorch.ops.Reductions2.all(this, null, false, true); }

    public Tensor all(long dim) { return dev.jtorch.ops.Reductions2.all(this, dl(dim), false, true); }

    public Tensor all(long dim, boolean keepdim) { return dev.jtorch.ops.Reductions2.all(this, dl(dim), keepdim, true); }

    public Tensor any() { return dev.jtorch.ops.Reductions2.all(this, null, false, false); }

    public Tensor any(long dim) { return dev.jtorch.ops.Reductions2.all(this, dl(dim), false, false); }

    public Tensor any(long dim, boolean keepdim) { return dev.jtorch.ops.Reductions2.all(this, dl(dim), keepdim, false); }

    public Tensor countNonzero() { return dev.jtorch.ops.Reductions2.countNonzero(this, null); }

    public Tensor countNonzero(long... dims) { return dev.jtorch.ops.Reductions2.countNonzero(this, dims); }

    public Tensor median() { return dev.jtorch.ops.Sorting.median(this); }

    public ValuesIndices median(long dim) { return dev.jtorch.ops.Sorting.medianDim(this, dim, false); }

    public ValuesIndices median(long dim, boolean keepdim) { return dev.jtorch.ops.Sorting.medianDim(this, dim, keepdim); }

    public ValuesIndices kthvalue(long k) { return dev.jtorch.ops.Quantiles.kthvalue(this, k, -1, false); }

    public ValuesIndices kthvalue(long k, long dim) { return dev.jtorch.ops.Quantiles.kthvalue(this, k, dim, false); }

    public ValuesIndices kthvalue(long k, long dim, boolean keepdim) { return dev.jtorch.ops.Quantiles.kthvalue(this, k, dim, keepdim); }

    public Tensor nanmedian() { return dev.jtorch.ops.Quantiles.nanmedian(this); }

    public ValuesIndices nanmedian(long dim) { return dev.jtorch.ops.Quantiles.nanmedian(this, dim, false); }

    public ValuesIndices nanmedian(long dim, boolean keepdim) { return dev.jtorch.ops.Quantiles.nanmedian(this, dim, keepdim); }

    /** {@code quantile(q)} over all elements, linear interpolation. */
    public Tensor quantile(double q) { return quantile(Torch.full(new long[0], q, dtype), null, false, "linear"); }

    /** {@code quantile(q, dim, keepdim, interpolation)}; q 0-d or 1-d of this dtype, dim null for all elements. */
    public Tensor quantile(Tensor q, Long dim, boolean keepdim, String interpolation) {
        return dev.jtorch.ops.Quantiles.quantile(this, q, dim, keepdim, interpolation, false);
    }

    public Tensor nanquantile(double q) { return nanquantile(Torch.full(new long[0], q, dtype), null, false, "linear"); }

    public Tensor nanquantile(Tensor q, Long dim, boolean keepdim, String interpolation) {
        return dev.jtorch.ops.Quantiles.quantile(this, q, dim, keepdim, interpolation, true);
    }

    public ValuesIndices mode() { return dev.jtorch.ops.Sorting.mode(this, -1, false); }

    public ValuesIndices mode(long dim) { return dev.jtorch.ops.Sorting.mode(this, dim, false); }

    public ValuesIndices mode(long dim, boolean keepdim) { return dev.jtorch.ops.Sorting.mode(this, dim, keepdim); }

    public ValuesIndices topk(long k) { return dev.jtorch.ops.Sorting.topk(this, k, -1, true, true); }

    public ValuesIndices topk(long k, long dim) { return dev.jtorch.ops.Sorting.topk(this, k, dim, true, true); }

    public ValuesIndices topk(long k, long dim, boolean largest, boolean sorted) { return dev.jtorch.ops.Sorting.topk(this, k, dim, largest, sorted); }

    /** Sorts along the last dim, ascending; stable. */
    public ValuesIndices sort() { return dev.jtorch.ops.Sorting.sort(this, -1, false); }

    public ValuesIndices sort(long dim) { return dev.jtorch.ops.Sorting.sort(this, dim, false); }

    public ValuesIndices sort(long dim, boolean descending) { return dev.jtorch.ops.Sorting.sort(this, dim, descending); }

    public Tensor argsort() { return sort().indices(); }

    public Tensor argsort(long dim) { return sort(dim).indices(); }

    public Tensor argsort(long dim, boolean descending) { return sort(dim, descending).indices(); }

    /** The sorted distinct elements ({@code torch.unique(x)}). */
    public Tensor unique() { return dev.jtorch.ops.Sorting.unique(this, false, false)[0]; }

    /** {@code unique(return_inverse, return_counts)}: [values, inverse?, counts?]. */
    public Tensor[] unique(boolean returnInverse, boolean returnCounts) { return dev.jtorch.ops.Sorting.unique(this, returnInverse, returnCounts); }

    public Tensor bincount() { return dev.jtorch.ops.Sorting.bincount(this, null, 0); }

    public Tensor bincount(Tensor weights, long minlength) { return dev.jtorch.ops.Sorting.bincount(this, weights, minlength); }

    public Tensor histc(long bins, double min, double max) { return dev.jtorch.ops.Sorting.histc(this, bins, min, max); }

    public Tensor histc() { return histc(100, 0, 0); }

    // index-driven ops along a dim
    public Tensor gather(long dim, Tensor index) { return dev.jtorch.ops.Scatter.gather(this, dim, index); }

    public Tensor scatter(long dim, Tensor index, Tensor src) { return dev.jtorch.ops.Scatter.scatter(this, dim, index, src); }

    public Tensor scatter(long dim, Tensor index, double value) { return dev.jtorch.ops.Scatter.scatter(this, dim, index, value); }

    /** {@code scatter(dim, index, src, reduce="add"|"multiply")}. */
    public Tensor scatter(long dim, Tensor index, Tensor src, String reduce) { return dev.jtorch.ops.Scatter.scatter(this, dim, index, src, reduce); }

    public Tensor scatter_(long dim, Tensor index, Tensor src) { return inplace(scatter(dim, index, src)); }

    public Tensor scatter_(long dim, Tensor index, double value) { return inplace(scatter(dim, index, value)); }

    public Tensor scatter_(long dim, Tensor index, Tensor src, String reduce) { return inplace(scatter(dim, index, src, reduce)); }

    public Tensor scatterAdd(long dim, Tensor index, Tensor src) { return dev.jtorch.ops.Scatter.scatterAdd(this, dim, index, src); }

    public Tensor scatterAdd_(long dim, Tensor index, Tensor src) { return inplace(scatterAdd(dim, index, src)); }

    /** {@code scatter_reduce(dim, index, src, reduce)} with reduce "sum", "prod", "mean", "amax" or "amin". */
    public Tensor scatterReduce(long dim, Tensor index, Tensor src, String reduce) {
        return dev.jtorch.ops.Scatter.scatterReduce(this, dim, index, src, reduce, true);
    }

    public Tensor scatterReduce(long dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        return dev.jtorch.ops.Scatter.scatterReduce(this, dim, index, src, reduce, includeSelf);
    }

    public Tensor scatterReduce_(long dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        return inplace(scatterReduce(dim, index, src, reduce, includeSelf));
    }

    public Tensor indexAdd(long dim, Tensor index, Tensor source) { return dev.jtorch.ops.Scatter.indexAdd(this, dim, index, source, 1.0); }

    public Tensor indexAdd(long dim, Tensor index, Tensor source, double alpha) { return dev.jtorch.ops.Scatter.indexAdd(this, dim, index, source, alpha); }

    public Tensor indexAdd_(long dim, Tensor index, Tensor source) { return inplace(indexAdd(dim, index, source)); }

    public Tensor indexAdd_(long dim, Tensor index, Tensor source, double alpha) { return inplace(indexAdd(dim, index, source, alpha)); }

    public Tensor indexCopy(long dim, Tensor index, Tensor source) { return dev.jtorch.ops.Scatter.indexCopy(this, dim, index, source); }

    public Tensor indexCopy_(long dim, Tensor index, Tensor source) { return inplace(indexCopy(dim, index, source)); }

    public Tensor take(Tensor index) { return dev.jtorch.ops.Scatter.take(this, index); }

    public Tensor takeAlongDim(Tensor indices, long dim) { return dev.jtorch.ops.Scatter.takeAlongDim(this, indices, dim); }

    public Tensor takeAlongDim(Tensor indices) { return dev.jtorch.ops.Scatter.takeAlongDim(this, indices); }

    public Tensor nonzero() { return dev.jtorch.ops.Scatter.nonzero(this); }

    public Tensor[] nonzeroTuple() { return dev.jtorch.ops.Scatter.nonzeroTuple(this); }

    public Tensor argwhere() { return dev.jtorch.ops.Scatter.nonzero(this); }


    // linear algebra
    public Tensor dot(Tensor other) { return dev.jtorch.ops.LinAlg2.dot(this, other, "dot"); }

    public Tensor vdot(Tensor other) { return dev.jtorch.ops.LinAlg2.dot(this, other, "vdot"); }

    public Tensor mv(Tensor vec) { return dev.jtorch.ops.LinAlg2.mv(this, vec); }

    public Tensor bmm(Tensor other) { return LinAlg.bmm(this, other); }

    public Tensor outer(Tensor other) { return dev.jtorch.ops.LinAlg2.outer(this, other); }

    public Tensor ger(Tensor other) { return outer(other); }

    public Tensor addmm(Tensor mat1, Tensor mat2) { return dev.jtorch.ops.LinAlg2.addmm(this, mat1, mat2, 1, 1); }

    public Tensor addmm(Tensor mat1, Tensor mat2, double beta, double alpha) { return dev.jtorch.ops.LinAlg2.addmm(this, mat1, mat2, beta, alpha); }

    public Tensor addmv(Tensor mat, Tensor vec) { return dev.jtorch.ops.LinAlg2.addmv(this, mat, vec, 1, 1); }

    public Tensor addmv(Tensor mat, Tensor vec, double beta, double alpha) { return dev.jtorch.ops.LinAlg2.addmv(this, mat, vec, beta, alpha); }

    public Tensor baddbmm(Tensor b1, Tensor b2) { return dev.jtorch.ops.LinAlg2.baddbmm(this, b1, b2, 1, 1); }

    public Tensor baddbmm(Tensor b1, Tensor b2, double beta, double alpha) { return dev.jtorch.ops.LinAlg2.baddbmm(this, b1, b2, beta, alpha); }

    public Tensor addbmm(Tensor b1, Tensor b2, double beta, double alpha) { return dev.jtorch.ops.LinAlg2.addbmm(this, b1, b2, beta, alpha); }

    public Tensor addr(Tensor v1, Tensor v2, double beta, double alpha) { return dev.jtorch.ops.LinAlg2.addr(this, v1, v2, beta, alpha); }

    public Tensor trace() { return dev.jtorch.ops.LinAlg2.trace(this); }

    public Tensor tril() { return dev.jtorch.ops.LinAlg2.triangle(this, 0, true); }

    public Tensor tril(long diagonal) { return dev.jtorch.ops.LinAlg2.triangle(this, diagonal, true); }

    public Tensor triu() { return dev.jtorch.ops.LinAlg2.triangle(this, 0, false); }

    public Tensor triu(long diagonal) { return dev.jtorch.ops.LinAlg2.triangle(this, diagonal, false); }

    public Tensor tril_(long diagonal) { return inplace(tril(diagonal)); }

    public Tensor triu_(long diagonal) { return inplace(triu(diagonal)); }

    public Tensor diag() { return dev.jtorch.ops.LinAlg2.diag(this, 0); }

    public Tensor diag(long diagonal) { return dev.jtorch.ops.LinAlg2.diag(this, diagonal); }

    /** A view of a diagonal ({@code x.diagonal(offset, dim1, dim2)}). */
    public Tensor diagonal() { return dev.jtorch.ops.LinAlg2.diagonal(this, 0, 0, 1); }

    public Tensor diagonal(long offset, long dim1, long dim2) { return dev.jtorch.ops.LinAlg2.diagonal(this, offset, dim1, dim2); }

    public Tensor diagEmbed() { return dev.jtorch.ops.LinAlg2.diagEmbed(this); }

    public Tensor kron(Tensor other) { return dev.jtorch.ops.LinAlg2.kron(this, other); }

    public Tensor det() { return dev.jtorch.ops.Dense.det(this); }

    public Tensor inverse() { return dev.jtorch.ops.Dense.inv(this); }

    public Tensor cholesky() { return dev.jtorch.ops.Dense.cholesky(this, false); }

    // ---- end of section: math-reductions-linalg ----

    // ================================================================== section: autograd

    /** True for tensors made in inference mode ({@code tensor.is_inference()}). */
    public boolean isInference() { return storage != null && storage.isInference(); }

    // ---- end of section: autograd ----

    // ================================================================== section: io-random

    // ---- end of section: io-random ----

    // ================================================================== section: cuda

    /** Whether this tensor's memory is host memory (readable from Java without a copy). */
    private boolean onHost() { return storage == null || storage.deviceMemory() == null; }

    /**
     * This tensor on {@code device} ({@code tensor.to(device)}): itself when already there, else a copy
     * (ToCopyBackward0 carries the gradient back to this device).
     */
    public Tensor to(Device device) { return dev.jtorch.ops.DeviceCopy.to(this, device); }

    /** {@code tensor.to("cuda")}, {@code to("cuda:1")}, {@code to("cpu")}. */
    public Tensor to(String device) { return to(Device.of(device)); }

    /** The tensor on {@code device} converted to {@code dtype} ({@code tensor.to(device, dtype)}). */
    public Tensor to(Device device, DType dtype) { return to(device).to(dtype); }

    /** {@code tensor.cuda()}: on the current GPU, cuda:0. */
    public Tensor cuda() { return to(new Device(Device.Type.CUDA, -1)); }

    public Tensor cuda(int index) { return to(new Device(Device.Type.CUDA, index)); }

    /** {@code tensor.cpu()}: itself when already on the CPU. */
    public Tensor cpu() { return to(Device.CPU); }

    /** {@code tensor.is_cuda}. */
    public boolean isCuda() { return device().type() == Device.Type.CUDA; }

    // ---- end of section: cuda ----

    // ================================================================== section: out-ops

    /**
     * {@code tensor.resize_(sizes)}: this tensor takes the given shape with contiguous strides, keeping its
     * storage and offset when they hold enough elements (the contents then stay as they are in memory);
     * otherwise it moves to a larger storage that starts with the old contents. The same shape leaves the
     * tensor untouched, strides included. Unlike PyTorch, other views of a storage that had to grow keep
     * the old storage (jtorch storages cannot grow in place).
     */
    public Tensor resize_(long... sizes) {
        if (dev.jtorch.autograd.GradMode.isEnabled() && requiresGrad()) {
            throw new IllegalStateException("cannot resize variables that require grad");
        }
        for (long d : sizes) {
            if (d < 0) throw new IllegalArgumentException("Trying to create tensor with negative dimension " + d + ": " + Shapes.str(sizes));
        }
        if (java.util.Arrays.equals(shape, sizes)) return this;
        long need = (offset + Shapes.numel(sizes)) * dtype.itemSize();
        if (Shapes.numel(sizes) > 0 && need > storage.byteSize()) {
            Storage old = storage;
            Tensor grown = Tensor.allocate(new long[] {offset + Shapes.numel(sizes)}, dtype, device());
            long have = old.byteSize() / dtype.itemSize();
            if (have > 0) {
                Tensor src = new Tensor(old, new long[] {have}, new long[] {1}, 0, dtype);
                Tensor dst = new Tensor(grown.storage, new long[] {have}, new long[] {1}, 0, dtype);
                dev.jtorch.backend.Backend.of(device()).copy(src, dst);
            }
            // the version counter lives on the storage: the new one continues the old count
            for (int i = 0; i < old.version(); i++) grown.storage.bumpVersion();
            storage = grown.storage;
        }
        shape = sizes.clone();
        strides = Shapes.contiguousStrides(shape);
        return this;
    }

    // ---- end of section: out-ops ----
}
