package dev.jtorch;

import dev.jtorch.autograd.GradMode;
import dev.jtorch.backend.Backend;
import dev.jtorch.internal.Mem;
import dev.jtorch.internal.Scalars;
import dev.jtorch.internal.Shapes;
import dev.jtorch.ops.Elementwise;
import dev.jtorch.ops.Joins;
import dev.jtorch.ops.LinAlg;
import dev.jtorch.ops.MathOps;
import dev.jtorch.ops.Reductions;
import dev.jtorch.ops.Views;

import java.lang.foreign.MemorySegment;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code torch} namespace: {@code import static dev.jtorch.Torch.*} and write {@code tensor(...)},
 * {@code zeros(2, 3)}, {@code cat(...)} as in Python.
 */
public final class Torch {
    private Torch() {}

    private static volatile DType defaultDtype = DType.FLOAT32;

    public static final DType float32 = DType.FLOAT32;
    public static final DType float64 = DType.FLOAT64;
    public static final DType float16 = DType.FLOAT16;
    public static final DType bfloat16 = DType.BFLOAT16;
    public static final DType int64 = DType.INT64;
    public static final DType int32 = DType.INT32;
    public static final DType int16 = DType.INT16;
    public static final DType int8 = DType.INT8;
    public static final DType uint8 = DType.UINT8;
    public static final DType bool = DType.BOOL;

    // ------------------------------------------------------------------ settings

    public static DType getDefaultDtype() { return defaultDtype; }

    /** {@code torch.set_default_dtype}: float32 or float64 (the dtype Java float/double literals become). */
    public static void setDefaultDtype(DType d) {
        if (d != DType.FLOAT32 && d != DType.FLOAT64) {
            throw new IllegalArgumentException("only floating-point types are supported as the default type");
        }
        defaultDtype = d;
    }

    // ------------------------------------------------------------------ grad mode

    /** {@code with torch.no_grad():} as {@code try (var g = Torch.noGrad()) { ... }}. */
    public static GradMode.Scope noGrad() { return GradMode.set(false); }

    public static GradMode.Scope enableGrad() { return GradMode.set(true); }

    public static GradMode.Scope setGradEnabled(boolean enabled) { return GradMode.set(enabled); }

    public static GradMode.Scope inferenceMode() { return GradMode.inference(true); }

    public static boolean isGradEnabled() { return GradMode.isEnabled(); }

    // ------------------------------------------------------------------ tensor(...) from Java values (copies)

    /**
     * Builds a tensor from a Java scalar, array of any depth or (nested) List, copying the data and
     * inferring the dtype as PyTorch infers from Python values: integers give int64, floating values the
     * default dtype, booleans bool; a mix of integers and floats gives the default float dtype.
     */
    public static Tensor tensor(Object data) { return TensorBuilder.build(data, null); }

    public static Tensor tensor(Object data, DType dtype) { return TensorBuilder.build(data, dtype); }

    public static Tensor tensor(Object data, DType dtype, boolean requiresGrad) {
        return TensorBuilder.build(data, dtype).requiresGrad_(requiresGrad);
    }

    public static Tensor tensor(double value) { return TensorBuilder.build(value, null); }

    public static Tensor tensor(long value) { return TensorBuilder.build(value, null); }

    public static Tensor tensor(double... values) { return TensorBuilder.build(values, null); }

    public static Tensor tensor(float... values) { return TensorBuilder.build(values, null); }

    public static Tensor tensor(long... values) { return TensorBuilder.build(values, null); }

    public static Tensor tensor(int... values) { return TensorBuilder.build(values, null); }

    public static Tensor tensor(boolean... values) { return TensorBuilder.build(values, null); }

    /** Internal: a Java scalar operand as a 0-d "wrapped number" (a CPU tensor whatever {@code like}'s device). */
    public static Tensor scalarTensor(double value, Tensor like) {
        // PyTorch's wrapped numbers live on the CPU too: every backend accepts 0-d CPU operands
        Tensor t = Tensor.allocate(Shapes.SCALAR, DType.FLOAT64, Device.CPU);
        t.segment().set(Mem.F64, 0, value);
        return t.markWrappedNumber();
    }

    /** Internal: an integral Java scalar operand as a 0-d int64 "wrapped number". */
    public static Tensor scalarTensor(long value, Tensor like) {
        Tensor t = Tensor.allocate(Shapes.SCALAR, DType.INT64, Device.CPU);
        t.segment().set(Mem.I64, 0, value);
        return t.markWrappedNumber();
    }

    // ------------------------------------------------------------------ sharing memory with Java data

    /**
     * A 1-d tensor that shares memory with {@code data} ({@code torch.from_numpy}): writes through either
     * are seen by the other. The dtype follows the array (float[] is float32, double[] float64,
     * long[] int64, int[] int32, short[] int16, byte[] int8). {@link #tensor(Object)} copies instead.
     */
    public static Tensor fromArray(float[] data) { return shared(Storage.ofArray(data), DType.FLOAT32, data.length); }

    public static Tensor fromArray(double[] data) { return shared(Storage.ofArray(data), DType.FLOAT64, data.length); }

    public static Tensor fromArray(long[] data) { return shared(Storage.ofArray(data), DType.INT64, data.length); }

    public static Tensor fromArray(int[] data) { return shared(Storage.ofArray(data), DType.INT32, data.length); }

    public static Tensor fromArray(short[] data) { return shared(Storage.ofArray(data), DType.INT16, data.length); }

    public static Tensor fromArray(byte[] data) { return shared(Storage.ofArray(data), DType.INT8, data.length); }

    /** As {@link #fromArray(float[])}, viewed with {@code shape} (row-major). */
    public static Tensor fromArray(float[] data, long... shape) { return fromArray(data).view(shape); }

    public static Tensor fromArray(double[] data, long... shape) { return fromArray(data).view(shape); }

    public static Tensor fromArray(long[] data, long... shape) { return fromArray(data).view(shape); }

    public static Tensor fromArray(int[] data, long... shape) { return fromArray(data).view(shape); }

    /**
     * A 1-d tensor sharing memory with a direct or heap NIO buffer, from its position to its limit. The
     * dtype follows the buffer type; a ByteBuffer is viewed as uint8.
     */
    public static Tensor fromBuffer(Buffer buffer) {
        MemorySegment seg = MemorySegment.ofBuffer(buffer);
        DType t = switch (buffer) {
            case FloatBuffer b -> DType.FLOAT32;
            case DoubleBuffer b -> DType.FLOAT64;
            case LongBuffer b -> DType.INT64;
            case IntBuffer b -> DType.INT32;
            case ShortBuffer b -> DType.INT16;
            case ByteBuffer b -> DType.UINT8;
            default -> throw new IllegalArgumentException("unsupported buffer type: " + buffer.getClass().getName());
        };
        checkNativeOrder(buffer);
        return shared(new Storage(seg, Device.CPU), t, seg.byteSize() / t.itemSize());
    }

    private static void checkNativeOrder(Buffer buffer) {
        ByteOrder order = switch (buffer) {
            case FloatBuffer b -> b.order();
            case DoubleBuffer b -> b.order();
            case LongBuffer b -> b.order();
            case IntBuffer b -> b.order();
            case ShortBuffer b -> b.order();
            default -> ByteOrder.nativeOrder();
        };
        if (order != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("buffer byte order " + order + " is not the native order " + ByteOrder.nativeOrder()
                    + "; shared tensors read memory in native order");
        }
    }

    /** A tensor of {@code shape} and {@code dtype} over {@code segment} (shared, row-major, from offset 0). */
    public static Tensor fromSegment(MemorySegment segment, DType dtype, long... shape) {
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("Trying to create tensor with negative dimension " + d + ": " + Shapes.str(shape));
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(Shapes.numel(shape), (long) dtype.itemSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Shapes.str(shape) + " of " + dtype + " has more bytes than fit in 64 bits");
        }
        if (bytes > segment.byteSize()) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is too small for shape "
                    + Shapes.str(shape) + " of " + dtype + " (" + bytes + " bytes)");
        }
        return new Tensor(new Storage(segment, Device.CPU), shape.clone(), Shapes.contiguousStrides(shape), 0, dtype);
    }

    private static Tensor shared(Storage storage, DType t, long n) {
        return new Tensor(storage, new long[] {n}, new long[] {1}, 0, t);
    }

    // ------------------------------------------------------------------ creation

    public static Tensor empty(long... shape) { return zeros(shape); }

    public static Tensor zeros(long... shape) { return Tensor.allocate(shape, defaultDtype, Device.CPU); }

    public static Tensor zeros(long[] shape, DType dtype) { return Tensor.allocate(shape, dtype, Device.CPU); }

    public static Tensor ones(long... shape) { return full(shape, 1.0, defaultDtype); }

    public static Tensor ones(long[] shape, DType dtype) { return full(shape, 1.0, dtype); }

    /** {@code torch.full(size, value)}: a float value gives the default dtype, like a Python float. */
    public static Tensor full(long[] shape, double value) { return full(shape, value, defaultDtype); }

    /** {@code torch.full(size, value)} with an integral value: int64, like a Python int. */
    public static Tensor full(long[] shape, long value) { return full(shape, value, DType.INT64); }

    /** {@code torch.full(size, value, dtype=...)} with a Python-int value: narrow integer types wrap. */
    public static Tensor full(long[] shape, long value, DType dtype) {
        Scalars.checkFill(value, dtype);
        Tensor t = Tensor.allocate(shape, dtype, Device.CPU);
        if (value != 0) Backend.of(t.device()).fill(t, (double) value);
        return t;
    }

    public static Tensor full(long[] shape, double value, DType dtype) {
        Scalars.checkFill(value, dtype);
        Tensor t = Tensor.allocate(shape, dtype, Device.CPU);
        // allocation zero-fills; -0.0 still needs writing
        if (Double.doubleToRawLongBits(value) != 0) Backend.of(t.device()).fill(t, value);
        return t;
    }

    /** The *_like functions keep t's dim order (PyTorch's memory_format=preserve). */
    public static Tensor zerosLike(Tensor t) { return Views.emptyLike(t, t.dtype()); }

    public static Tensor zerosLike(Tensor t, DType dtype) { return Views.emptyLike(t, dtype); }

    public static Tensor onesLike(Tensor t) { return fullLike(t, 1.0); }

    public static Tensor emptyLike(Tensor t) { return zerosLike(t); }

    /** {@code torch.full_like(t, value)} with a Python-float value. */
    public static Tensor fullLike(Tensor t, double value) {
        Scalars.checkFill(value, t.dtype());
        Tensor r = Views.emptyLike(t, t.dtype());
        Backend.of(t.device()).fill(r, value);
        return r;
    }

    /** {@code torch.full_like(t, value)} with a Python-int value: narrow integer types wrap. */
    public static Tensor fullLike(Tensor t, long value) {
        Scalars.checkFill(value, t.dtype());
        Tensor r = Views.emptyLike(t, t.dtype());
        Backend.of(t.device()).fill(r, (double) value);
        return r;
    }

    /** {@code torch.arange(end)}: int64 for integral arguments. */
    public static Tensor arange(long end) { return arange(0, end, 1); }

    public static Tensor arange(long start, long end) { return arange(start, end, 1); }

    public static Tensor arange(long start, long end, long step) {
        return arange((double) start, (double) end, (double) step, DType.INT64);
    }

    /** {@code torch.arange} with floating arguments: the default dtype. */
    public static Tensor arange(double start, double end, double step) {
        return arange(start, end, step, defaultDtype);
    }

    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            // PyTorch converts the bounds and the step to the (integral) accumulate type first: a step of 0.5 is 0
            long xs = (long) start, xe = (long) end, xst = (long) step;
            checkRange(xst, xs, xe);
            // int64 sizes the result from the truncated values, narrower integral types from the doubles
            long n = (long) Math.ceil(dtype == DType.INT64 ? (double) (xe - xs) / xst : (end - start) / step);
            Tensor t = Tensor.allocate(new long[] {n}, dtype, Device.CPU);
            for (long i = 0; i < n; i++) Mem.setLong(t.segment(), dtype, i, xs + i * xst);
            return t;
        }
        checkRange(step, start, end);
        long n = (long) Math.ceil((end - start) / step);
        Tensor t = Tensor.allocate(new long[] {n}, dtype, Device.CPU);
        MemorySegment s = t.segment();
        boolean half = dtype == DType.FLOAT16 || dtype == DType.BFLOAT16; // accumulate in float, as PyTorch's acc_type
        for (long i = 0; i < n; i++) {
            Mem.setDouble(s, dtype, i, half ? (float) start + i * (float) step : start + i * step);
        }
        return t;
    }

    private static void checkRange(double step, double start, double end) {
        if (step == 0) throw new IllegalArgumentException("step must be nonzero");
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("unsupported range: " + start + " -> " + end);
        }
        if ((step > 0 && start > end) || (step < 0 && start < end)) {
            throw new IllegalArgumentException("upper bound and larger bound inconsistent with step sign");
        }
    }

    /** {@code torch.linspace}: PyTorch fills the first half from start and the second half from end. */
    public static Tensor linspace(double start, double end, long steps) { return linspace(start, end, steps, defaultDtype); }

    public static Tensor linspace(double start, double end, long steps, DType dtype) {
        if (steps < 0) throw new IllegalArgumentException("number of steps must be non-negative");
        Tensor t = Tensor.allocate(new long[] {steps}, dtype, Device.CPU);
        MemorySegment s = t.segment();
        if (steps == 1) {
            Mem.setDouble(s, dtype, 0, start);
            return t;
        }
        long half = steps / 2;
        if (dtype == DType.FLOAT64 || !dtype.isFloatingPoint()) {
            // integral outputs: bounds converted to the type first, the step in double
            double a = dtype.isFloatingPoint() ? start : Mem.doubleToLong(start), b = dtype.isFloatingPoint() ? end : Mem.doubleToLong(end);
            double step = (b - a) / (steps - 1);
            for (long i = 0; i < steps; i++) Mem.setDouble(s, dtype, i, i < half ? a + step * i : b - step * (steps - i - 1));
        } else {
            // float32 (half types too, here) computes the step in float; each value's product is exact in
            // double and rounded once with the sum, as the fused multiply-add of PyTorch's kernel rounds it
            float a = (float) start, b = (float) end;
            float step = (b - a) / (steps - 1);
            for (long i = 0; i < steps; i++) {
                double v = i < half ? a + (double) step * i : b - (double) step * (steps - i - 1);
                Mem.setDouble(s, dtype, i, (float) v);
            }
        }
        return t;
    }

    public static Tensor logspace(double start, double end, long steps) { return logspace(start, end, steps, 10.0, defaultDtype); }

    public static Tensor logspace(double start, double end, long steps, double base, DType dtype) {
        Tensor exps = linspace(start, end, steps, DType.FLOAT64);
        Tensor t = Tensor.allocate(new long[] {steps}, dtype, Device.CPU);
        for (long i = 0; i < steps; i++) Mem.setDouble(t.segment(), dtype, i, Math.pow(base, exps.getDouble(i)));
        return t;
    }

    public static Tensor eye(long n) { return eye(n, n, defaultDtype); }

    public static Tensor eye(long n, long m, DType dtype) {
        if (n < 0) throw new IllegalArgumentException("n must be greater or equal to 0, got " + n);
        if (m < 0) throw new IllegalArgumentException("m must be greater or equal to 0, got " + m);
        Tensor t = Tensor.allocate(new long[] {n, m}, dtype, Device.CPU);
        for (long i = 0; i < Math.min(n, m); i++) Mem.setDouble(t.segment(), dtype, i * m + i, 1.0);
        return t;
    }

    // ------------------------------------------------------------------ random (PyTorch's CPU streams, bit for bit)

    /** Seeds the default generator ({@code torch.manual_seed}); the same seed gives PyTorch's numbers. */
    public static Generator manualSeed(long seed) {
        cuda.manualSeedAll(seed);
        return Generator.defaultGenerator().manualSeed(seed);
    }

    public static long seed() { return Generator.defaultGenerator().seed(); }

    public static long initialSeed() { return Generator.defaultGenerator().initialSeed(); }

    /** The default generator's state in PyTorch's own layout ({@code torch.get_rng_state()}). */
    public static byte[] getRngState() { return Generator.defaultGenerator().getState(); }

    public static void setRngState(byte[] state) { Generator.defaultGenerator().setState(state); }

    /** Uniform on [0, 1) ({@code torch.rand}). */
    public static Tensor rand(long... shape) { return rand(shape, defaultDtype, null); }

    public static Tensor rand(long[] shape, DType dtype) { return rand(shape, dtype, null); }

    public static Tensor rand(long[] shape, DType dtype, Generator gen) {
        requireFloating("\"check_uniform_bounds\"", dtype);
        Tensor t = Tensor.allocate(shape, dtype, Device.CPU);
        gen(gen).uniform(t.segment(), dtype, t.numel(), 0.0, 1.0);
        return t;
    }

    /** Standard normal ({@code torch.randn}). */
    public static Tensor randn(long... shape) { return randn(shape, defaultDtype, null); }

    public static Tensor randn(long[] shape, DType dtype) { return randn(shape, dtype, null); }

    public static Tensor randn(long[] shape, DType dtype, Generator gen) {
        requireFloating("\"normal_kernel_cpu\"", dtype);
        Tensor t = Tensor.allocate(shape, dtype, Device.CPU);
        gen(gen).normal(t.segment(), dtype, t.numel(), 0.0, 1.0);
        return t;
    }

    /** {@code torch.normal(mean, std, size)} with scalar mean and std. */
    public static Tensor normal(double mean, double std, long... shape) {
        if (std < 0) throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
        Tensor t = Tensor.allocate(shape, defaultDtype, Device.CPU);
        Generator.defaultGenerator().normal(t.segment(), defaultDtype, t.numel(), mean, std);
        return t;
    }

    /** Integers uniform on [0, high) as int64 ({@code torch.randint(high, size)}). */
    public static Tensor randint(long high, long... shape) { return randint(0, high, shape, DType.INT64, null); }

    public static Tensor randint(long low, long high, long[] shape) { return randint(low, high, shape, DType.INT64, null); }

    public static Tensor randint(long low, long high, long[] shape, DType dtype, Generator gen) {
        if (low >= high) {
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + low + " >= to=" + high);
        }
        Tensor t = Tensor.allocate(shape, dtype, Device.CPU);
        gen(gen).randint(t.segment(), dtype, t.numel(), low, high);
        return t;
    }

    /** A random permutation of 0..n-1 as int64 ({@code torch.randperm}). */
    public static Tensor randperm(long n) { return randperm(n, null); }

    public static Tensor randperm(long n, Generator gen) {
        if (n < 0) throw new IllegalArgumentException("n must be non-negative, got" + n);
        return tensor(gen(gen).randperm(n));
    }

    /** Draws 0/1 with the probabilities in {@code probs} ({@code torch.bernoulli}); same dtype as probs. */
    public static Tensor bernoulli(Tensor probs) { return bernoulli(probs, null); }

    public static Tensor bernoulli(Tensor probs, Generator gen) {
        requireFloating("\"bernoulli_tensor_cpu_p_\"", probs.dtype());
        Tensor p = probs.contiguous();
        Tensor t = Tensor.allocate(probs.shapeRef(), probs.dtype(), Device.CPU);
        gen(gen).bernoulli(t.segment(), t.dtype(), t.numel(),
                p.segment().asSlice(p.storageOffset() * p.dtype().itemSize()), p.dtype());
        return t;
    }

    public static Tensor randLike(Tensor t) { return rand(t.shapeRef(), t.dtype(), null); }

    public static Tensor randnLike(Tensor t) { return randn(t.shapeRef(), t.dtype(), null); }

    public static Tensor randintLike(Tensor t, long low, long high) { return randint(low, high, t.shapeRef(), t.dtype(), null); }

    private static Generator gen(Generator g) { return g != null ? g : Generator.defaultGenerator(); }

    private static void requireFloating(String kernel, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(kernel + " not implemented for '" + dev.jtorch.ops.InPlace.scalarTypeName(dtype) + "'");
        }
    }

    // ------------------------------------------------------------------ join, split, shape

    public static Tensor cat(List<Tensor> tensors, long dim) { return Joins.cat(tensors, dim); }

    public static Tensor cat(List<Tensor> tensors) { return Joins.cat(tensors, 0); }

    public static Tensor cat(Tensor... tensors) { return Joins.cat(Arrays.asList(tensors), 0); }

    public static Tensor stack(List<Tensor> tensors, long dim) { return Joins.stack(tensors, dim); }

    public static Tensor stack(List<Tensor> tensors) { return Joins.stack(tensors, 0); }

    public static Tensor stack(Tensor... tensors) { return Joins.stack(Arrays.asList(tensors), 0); }

    public static List<Tensor> chunk(Tensor x, long chunks, long dim) { return Joins.chunk(x, chunks, dim); }

    public static List<Tensor> chunk(Tensor x, long chunks) { return Joins.chunk(x, chunks, 0); }

    public static List<Tensor> split(Tensor x, long splitSize, long dim) { return Joins.split(x, splitSize, dim); }

    public static List<Tensor> split(Tensor x, long splitSize) { return Joins.split(x, splitSize, 0); }

    public static List<Tensor> split(Tensor x, long[] sizes, long dim) { return Joins.splitWithSizes(x, sizes, dim); }

    public static List<Tensor> unbind(Tensor x, long dim) { return Joins.unbind(x, dim); }

    public static Tensor squeeze(Tensor x) { return x.squeeze(); }

    public static Tensor squeeze(Tensor x, long dim) { return x.squeeze(dim); }

    public static Tensor unsqueeze(Tensor x, long dim) { return x.unsqueeze(dim); }

    public static Tensor reshape(Tensor x, long... shape) { return x.reshape(shape); }

    public static Tensor transpose(Tensor x, long dim0, long dim1) { return x.transpose(dim0, dim1); }

    public static Tensor permute(Tensor x, long... dims) { return x.permute(dims); }

    public static Tensor flatten(Tensor x) { return x.flatten(); }

    public static Tensor flatten(Tensor x, long startDim, long endDim) { return x.flatten(startDim, endDim); }

    public static Tensor t(Tensor x) { return x.t(); }

    public static Tensor narrow(Tensor x, long dim, long start, long length) { return x.narrow(dim, start, length); }

    public static Tensor select(Tensor x, long dim, long index) { return x.select(dim, index); }

    // ------------------------------------------------------------------ math

    public static Tensor add(Tensor a, Tensor b) { return a.add(b); }

    public static Tensor add(Tensor a, Tensor b, double alpha) { return a.add(b, alpha); }

    public static Tensor sub(Tensor a, Tensor b) { return a.sub(b); }

    public static Tensor mul(Tensor a, Tensor b) { return a.mul(b); }

    public static Tensor div(Tensor a, Tensor b) { return a.div(b); }

    public static Tensor neg(Tensor x) { return x.neg(); }

    public static Tensor pow(Tensor x, double exponent) { return x.pow(exponent); }

    public static Tensor pow(Tensor x, Tensor exponent) { return x.pow(exponent); }

    public static Tensor exp(Tensor x) { return x.exp(); }

    public static Tensor log(Tensor x) { return x.log(); }

    public static Tensor sqrt(Tensor x) { return x.sqrt(); }

    public static Tensor abs(Tensor x) { return x.abs(); }

    public static Tensor sum(Tensor x) { return x.sum(); }

    public static Tensor sum(Tensor x, long dim) { return x.sum(dim); }

    public static Tensor mean(Tensor x) { return x.mean(); }

    public static Tensor mean(Tensor x, long dim) { return x.mean(dim); }

    /** {@code torch.dist(a, b)}: the 2-norm of {@code a - b}. */
    public static Tensor dist(Tensor a, Tensor b) { return a.dist(b); }

    public static Tensor dist(Tensor a, Tensor b, double p) { return a.dist(b, p); }

    public static Tensor matmul(Tensor a, Tensor b) { return a.matmul(b); }

    public static Tensor mm(Tensor a, Tensor b) { return a.mm(b); }

    public static Tensor bmm(Tensor a, Tensor b) { return LinAlg.bmm(a, b); }

    /** {@code torch.where(cond, a, b)}: broadcasting, with the promoted dtype of a and b. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return MathOps.where(cond, a, b); }

    public static DType resultType(Tensor a, Tensor b) { return Elementwise.resultType(a, b); }

    public static DType promoteTypes(DType a, DType b) { return DType.promoteTypes(a, b); }

    // ================================================================== section: printing

    private static volatile PrintOptions printOptions = PrintOptions.DEFAULT;

    /** The options tensors print with now. */
    public static PrintOptions getPrintoptions() { return printOptions; }

    /** Replaces all print options at once. */
    public static void setPrintoptions(PrintOptions options) {
        printOptions = java.util.Objects.requireNonNull(options);
    }

    /**
     * {@code torch.set_printoptions(precision=, threshold=, edgeitems=, linewidth=, profile=, sci_mode=)}: a null
     * argument keeps the current value (after {@code profile}, if given, reset the others), except
     * {@code sciMode}, which is always set, so null returns to choosing it from the values, as in PyTorch.
     */
    public static void setPrintoptions(Integer precision, Double threshold, Integer edgeitems, Integer linewidth,
                                       String profile, Boolean sciMode) {
        PrintOptions o = profile != null ? PrintOptions.profile(profile) : printOptions;
        printOptions = new PrintOptions(precision != null ? precision : o.precision(),
                threshold != null ? threshold : o.threshold(), edgeitems != null ? edgeitems : o.edgeitems(),
                linewidth != null ? linewidth : o.linewidth(), sciMode);
    }

    /** {@code torch.set_printoptions(profile=...)}: "default", "short" or "full". */
    public static void setPrintoptions(String profile) { setPrintoptions(null, null, null, null, profile, null); }

    // ---- end of section: printing ----

    // ================================================================== section: indexing

    /** Python's {@code None} in an index ({@code numpy.newaxis}): inserts a dim of size 1. */
    public static final IndexSymbol None = IndexSymbol.NEWAXIS;

    public static final IndexSymbol newaxis = IndexSymbol.NEWAXIS;

    /** Python's {@code ...} in an index. */
    public static final IndexSymbol ELLIPSIS = IndexSymbol.ELLIPSIS;

    /** The full slice {@code :}. */
    public static Slice slice() { return new Slice(null, null, null); }

    /** Python's {@code slice(stop)}: {@code :stop}. */
    public static Slice slice(long stop) { return new Slice(null, stop, null); }

    /** {@code start:stop}. */
    public static Slice slice(long start, long stop) { return new Slice(start, stop, null); }

    /** {@code start:stop:step}. */
    public static Slice slice(long start, long stop, long step) { return new Slice(start, stop, step); }

    /** A slice with omitted (null) bounds, e.g. {@code slice(null, null, 2L)} for {@code ::2}. */
    public static Slice slice(Long start, Long stop, Long step) { return new Slice(start, stop, step); }

    public static Tensor indexSelect(Tensor x, long dim, Tensor index) { return x.indexSelect(dim, index); }

    public static Tensor maskedSelect(Tensor x, Tensor mask) { return x.maskedSelect(mask); }

    public static Tensor indexPut(Tensor x, Tensor[] indices, Tensor values, boolean accumulate) {
        return x.indexPut(indices, values, accumulate);
    }

    public static Tensor flip(Tensor x, long... dims) { return x.flip(dims); }

    public static Tensor roll(Tensor x, long shifts) { return x.roll(shifts); }

    public static Tensor roll(Tensor x, long shifts, long dim) { return x.roll(shifts, dim); }

    public static Tensor roll(Tensor x, long[] shifts, long[] dims) { return x.roll(shifts, dims); }

    public static Tensor tile(Tensor x, long... dims) { return x.tile(dims); }

    /** Concatenates along dim 1, or dim 0 for 1-d tensors (0-d tensors count as 1-d). */
    public static Tensor hstack(List<Tensor> tensors) { return dev.jtorch.ops.Rearrange.hstack(tensors); }

    public static Tensor hstack(Tensor... tensors) { return hstack(Arrays.asList(tensors)); }

    /** Concatenates along dim 0 after making every tensor at least 2-d. */
    public static Tensor vstack(List<Tensor> tensors) { return dev.jtorch.ops.Rearrange.vstack(tensors); }

    public static Tensor vstack(Tensor... tensors) { return vstack(Arrays.asList(tensors)); }

    // ---- end of section: indexing ----

    // ================================================================== section: math-elementwise

    private static Tensor wrap(double v, Tensor like) { return scalarTensor(v, like); }

    private static Tensor wrap(long v, Tensor like) { return scalarTensor(v, like); }

    public static Tensor add(Tensor a, double b) { return a.add(b); }

    public static Tensor add(Tensor a, long b) { return a.add(b); }

    public static Tensor add(double a, Tensor b) { return MathOps.add(wrap(a, b), b, 1.0); }

    public static Tensor add(long a, Tensor b) { return MathOps.add(wrap(a, b), b, 1.0); }

    public static Tensor sub(Tensor a, Tensor b, double alpha) { return a.sub(b, alpha); }

    public static Tensor sub(Tensor a, double b) { return a.sub(b); }

    public static Tensor sub(Tensor a, long b) { return a.sub(b); }

    public static Tensor sub(double a, Tensor b) { return b.rsub(a); }

    public static Tensor sub(long a, Tensor b) { return b.rsub(a); }

    public static Tensor rsub(Tensor a, Tensor b) { return a.rsub(b); }

    public static Tensor rsub(Tensor a, double b) { return a.rsub(b); }

    public static Tensor mul(Tensor a, double b) { return a.mul(b); }

    public static Tensor mul(Tensor a, long b) { return a.mul(b); }

    public static Tensor mul(double a, Tensor b) { return MathOps.mul(wrap(a, b), b); }

    public static Tensor mul(long a, Tensor b) { return MathOps.mul(wrap(a, b), b); }

    public static Tensor div(Tensor a, double b) { return a.div(b); }

    public static Tensor div(Tensor a, long b) { return a.div(b); }

    public static Tensor div(double a, Tensor b) { return MathOps.div(wrap(a, b), b); }

    public static Tensor div(long a, Tensor b) { return MathOps.div(wrap(a, b), b); }

    public static Tensor div(Tensor a, Tensor b, String roundingMode) { return a.div(b, roundingMode); }

    public static Tensor floorDivide(Tensor a, Tensor b) { return a.floorDivide(b); }

    public static Tensor floorDivide(Tensor a, double b) { return a.floorDivide(b); }

    public static Tensor floorDivide(Tensor a, long b) { return a.floorDivide(b); }

    public static Tensor remainder(Tensor a, Tensor b) { return a.remainder(b); }

    public static Tensor remainder(Tensor a, double b) { return a.remainder(b); }

    public static Tensor remainder(Tensor a, long b) { return a.remainder(b); }

    public static Tensor remainder(double a, Tensor b) { return dev.jtorch.ops.BinaryOps.remainder(wrap(a, b), b); }

    public static Tensor remainder(long a, Tensor b) { return dev.jtorch.ops.BinaryOps.remainder(wrap(a, b), b); }

    public static Tensor fmod(Tensor a, Tensor b) { return a.fmod(b); }

    public static Tensor fmod(Tensor a, double b) { return a.fmod(b); }

    public static Tensor fmod(Tensor a, long b) { return a.fmod(b); }

    public static Tensor pow(Tensor x, long exponent) { return x.pow(exponent); }

    /** {@code torch.pow(2.0, x)}: a float base promotes integral exponents to the default float dtype. */
    public static Tensor pow(double base, Tensor exponent) { return MathOps.pow(wrap(base, exponent), exponent); }

    public static Tensor pow(long base, Tensor exponent) { return MathOps.pow(wrap(base, exponent), exponent); }

    public static Tensor maximum(Tensor a, Tensor b) { return a.maximum(b); }

    public static Tensor minimum(Tensor a, Tensor b) { return a.minimum(b); }

    public static Tensor fmax(Tensor a, Tensor b) { return a.fmax(b); }

    public static Tensor fmin(Tensor a, Tensor b) { return a.fmin(b); }

    public static Tensor atan2(Tensor a, Tensor b) { return a.atan2(b); }

    public static Tensor hypot(Tensor a, Tensor b) { return a.hypot(b); }

    public static Tensor copysign(Tensor a, Tensor b) { return a.copysign(b); }

    public static Tensor lerp(Tensor start, Tensor end, Tensor weight) { return start.lerp(end, weight); }

    public static Tensor lerp(Tensor start, Tensor end, double weight) { return start.lerp(end, weight); }

    public static Tensor xlogy(Tensor a, Tensor b) { return a.xlogy(b); }

    public static Tensor xlogy(Tensor a, double b) { return a.xlogy(b); }

    public static Tensor xlogy(double a, Tensor b) { return dev.jtorch.ops.BinaryOps.xlogy(wrap(a, b), b); }

    public static Tensor eq(Tensor a, Tensor b) { return a.eq(b); }

    public static Tensor eq(Tensor a, double b) { return a.eq(b); }

    public static Tensor ne(Tensor a, Tensor b) { return a.ne(b); }

    public static Tensor ne(Tensor a, double b) { return a.ne(b); }

    public static Tensor lt(Tensor a, Tensor b) { return a.lt(b); }

    public static Tensor lt(Tensor a, double b) { return a.lt(b); }

    public static Tensor le(Tensor a, Tensor b) { return a.le(b); }

    public static Tensor le(Tensor a, double b) { return a.le(b); }

    public static Tensor gt(Tensor a, Tensor b) { return a.gt(b); }

    public static Tensor gt(Tensor a, double b) { return a.gt(b); }

    public static Tensor ge(Tensor a, Tensor b) { return a.ge(b); }

    public static Tensor ge(Tensor a, double b) { return a.ge(b); }

    public static boolean equal(Tensor a, Tensor b) { return a.equal(b); }

    public static Tensor isclose(Tensor a, Tensor b) { return a.isclose(b); }

    public static Tensor isclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) { return a.isclose(b, rtol, atol, equalNan); }

    public static boolean allclose(Tensor a, Tensor b) { return a.allclose(b); }

    public static boolean allclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) { return a.allclose(b, rtol, atol, equalNan); }

    public static Tensor logicalAnd(Tensor a, Tensor b) { return a.logicalAnd(b); }

    public static Tensor logicalOr(Tensor a, Tensor b) { return a.logicalOr(b); }

    public static Tensor logicalXor(Tensor a, Tensor b) { return a.logicalXor(b); }

    public static Tensor logicalNot(Tensor x) { return x.logicalNot(); }

    public static Tensor bitwiseAnd(Tensor a, Tensor b) { return a.bitwiseAnd(b); }

    public static Tensor bitwiseOr(Tensor a, Tensor b) { return a.bitwiseOr(b); }

    public static Tensor bitwiseXor(Tensor a, Tensor b) { return a.bitwiseXor(b); }

    public static Tensor bitwiseNot(Tensor x) { return x.bitwiseNot(); }

    public static Tensor bitwiseLeftShift(Tensor a, Tensor b) { return a.bitwiseLeftShift(b); }

    public static Tensor bitwiseRightShift(Tensor a, Tensor b) { return a.bitwiseRightShift(b); }

    public static Tensor clamp(Tensor x, double min, double max) { return x.clamp(min, max); }

    public static Tensor clamp(Tensor x, long min, long max) { return x.clamp(min, max); }

    public static Tensor clamp(Tensor x, Double min, Double max) { return x.clamp(min, max); }

    public static Tensor clamp(Tensor x, Tensor min, Tensor max) { return x.clamp(min, max); }

    public static Tensor clip(Tensor x, double min, double max) { return x.clamp(min, max); }

    public static Tensor clampMin(Tensor x, double min) { return x.clampMin(min); }

    public static Tensor clampMax(Tensor x, double max) { return x.clampMax(max); }

    public static Tensor maskedFill(Tensor x, Tensor mask, double value) { return x.maskedFill(mask, value); }

    public static Tensor maskedFill(Tensor x, Tensor mask, Tensor value) { return x.maskedFill(mask, value); }

    public static Tensor sign(Tensor x) { return x.sign(); }

    public static Tensor square(Tensor x) { return x.square(); }

    public static Tensor exp2(Tensor x) { return x.exp2(); }

    public static Tensor expm1(Tensor x) { return x.expm1(); }

    public static Tensor log2(Tensor x) { return x.log2(); }

    public static Tensor log10(Tensor x) { return x.log10(); }

    public static Tensor log1p(Tensor x) { return x.log1p(); }

    public static Tensor rsqrt(Tensor x) { return x.rsqrt(); }

    public static Tensor reciprocal(Tensor x) { return x.reciprocal(); }

    public static Tensor sin(Tensor x) { return x.sin(); }

    public static Tensor cos(Tensor x) { return x.cos(); }

    public static Tensor tan(Tensor x) { return x.tan(); }

    public static Tensor asin(Tensor x) { return x.asin(); }

    public static Tensor acos(Tensor x) { return x.acos(); }

    public static Tensor atan(Tensor x) { return x.atan(); }

    public static Tensor sinh(Tensor x) { return x.sinh(); }

    public static Tensor cosh(Tensor x) { return x.cosh(); }

    public static Tensor tanh(Tensor x) { return x.tanh(); }

    public static Tensor asinh(Tensor x) { return x.asinh(); }

    public static Tensor acosh(Tensor x) { return x.acosh(); }

    public static Tensor atanh(Tensor x) { return x.atanh(); }

    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }

    public static Tensor relu(Tensor x) { return x.relu(); }

    public static Tensor erf(Tensor x) { return x.erf(); }

    public static Tensor erfc(Tensor x) { return x.erfc(); }

    public static Tensor erfinv(Tensor x) { return x.erfinv(); }

    public static Tensor lgamma(Tensor x) { return x.lgamma(); }

    public static Tensor digamma(Tensor x) { return x.digamma(); }

    public static Tensor floor(Tensor x) { return x.floor(); }

    public static Tensor ceil(Tensor x) { return x.ceil(); }

    public static Tensor round(Tensor x) { return x.round(); }

    public static Tensor round(Tensor x, long decimals) { return x.round(decimals); }

    public static Tensor trunc(Tensor x) { return x.trunc(); }

    public static Tensor frac(Tensor x) { return x.frac(); }

    public static Tensor isnan(Tensor x) { return x.isnan(); }

    public static Tensor isinf(Tensor x) { return x.isinf(); }

    public static Tensor isfinite(Tensor x) { return x.isfinite(); }

    public static Tensor isposinf(Tensor x) { return x.isposinf(); }

    public static Tensor isneginf(Tensor x) { return x.isneginf(); }

    public static Tensor signbit(Tensor x) { return x.signbit(); }

    public static Tensor nanToNum(Tensor x) { return x.nanToNum(); }

    public static Tensor nanToNum(Tensor x, double nan, Double posinf, Double neginf) { return x.nanToNum(nan, posinf, neginf); }

    /** The activations of {@code torch.nn.functional}, which PyTorch also exposes as {@code torch.*}. */
    public static Tensor relu6(Tensor x) { return dev.jtorch.ops.UnaryOps.relu6(x); }

    public static Tensor hardtanh(Tensor x) { return dev.jtorch.ops.UnaryOps.hardtanh(x, -1, 1); }

    public static Tensor hardtanh(Tensor x, double min, double max) { return dev.jtorch.ops.UnaryOps.hardtanh(x, min, max); }

    public static Tensor leakyRelu(Tensor x) { return dev.jtorch.ops.UnaryOps.leakyRelu(x, 0.01); }

    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return dev.jtorch.ops.UnaryOps.leakyRelu(x, negativeSlope); }

    public static Tensor elu(Tensor x) { return dev.jtorch.ops.UnaryOps.elu(x, 1.0); }

    public static Tensor elu(Tensor x, double alpha) { return dev.jtorch.ops.UnaryOps.elu(x, alpha); }

    public static Tensor selu(Tensor x) { return dev.jtorch.ops.UnaryOps.selu(x); }

    public static Tensor gelu(Tensor x) { return dev.jtorch.ops.UnaryOps.gelu(x, "none"); }

    /** {@code gelu(x, approximate="none"|"tanh")}. */
    public static Tensor gelu(Tensor x, String approximate) { return dev.jtorch.ops.UnaryOps.gelu(x, approximate); }

    public static Tensor silu(Tensor x) { return dev.jtorch.ops.UnaryOps.silu(x); }

    public static Tensor mish(Tensor x) { return dev.jtorch.ops.UnaryOps.mish(x); }

    public static Tensor softplus(Tensor x) { return dev.jtorch.ops.UnaryOps.softplus(x, 1, 20); }

    public static Tensor softplus(Tensor x, double beta, double threshold) { return dev.jtorch.ops.UnaryOps.softplus(x, beta, threshold); }

    public static Tensor hardsigmoid(Tensor x) { return dev.jtorch.ops.UnaryOps.hardsigmoid(x); }

    public static Tensor hardswish(Tensor x) { return dev.jtorch.ops.UnaryOps.hardswish(x); }

    public static Tensor logsigmoid(Tensor x) { return dev.jtorch.ops.UnaryOps.logsigmoid(x); }

    // ---- end of section: math-elementwise ----

    // ================================================================== section: math-reductions-linalg

    public static Tensor sum(Tensor x, long[] dims, boolean keepdim) { return x.sum(dims, keepdim); }

    public static Tensor sum(Tensor x, long[] dims, boolean keepdim, DType dtype) { return x.sum(dims, keepdim, dtype); }

    public static Tensor mean(Tensor x, long[] dims, boolean keepdim) { return x.mean(dims, keepdim); }

    public static Tensor mean(Tensor x, long[] dims, boolean keepdim, DType dtype) { return x.mean(dims, keepdim, dtype); }

    public static Tensor nansum(Tensor x) { return x.nansum(); }

    public static Tensor nanmean(Tensor x) { return x.nanmean(); }

    public static Tensor prod(Tensor x) { return x.prod(); }

    public static Tensor prod(Tensor x, long dim) { return x.prod(dim); }

    public static Tensor max(Tensor x) { return x.max(); }

    public static ValuesIndices max(Tensor x, long dim) { return x.max(dim); }

    public static ValuesIndices max(Tensor x, long dim, boolean keepdim) { return x.max(dim, keepdim); }

    public static Tensor max(Tensor x, Tensor other) { return x.maximum(other); }

    public static Tensor min(Tensor x) { return x.min(); }

    public static ValuesIndices min(Tensor x, long dim) { return x.min(dim); }

    public static ValuesIndices min(Tensor x, long dim, boolean keepdim) { return x.min(dim, keepdim); }

    public static Tensor min(Tensor x, Tensor other) { return x.minimum(other); }

    public static Tensor amax(Tensor x, long[] dims, boolean keepdim) { return x.amax(dims, keepdim); }

    public static Tensor amin(Tensor x, long[] dims, boolean keepdim) { return x.amin(dims, keepdim); }

    public static Tensor argmax(Tensor x) { return x.argmax(); }

    public static Tensor argmax(Tensor x, long dim, boolean keepdim) { return x.argmax(dim, keepdim); }

    public static Tensor argmin(Tensor x) { return x.argmin(); }

    public static Tensor argmin(Tensor x, long dim, boolean keepdim) { return x.argmin(dim, keepdim); }

    public static Tensor var(Tensor x) { return x.var(); }

    public static Tensor var(Tensor x, long[] dims, double correction, boolean keepdim) { return x.var(dims, correction, keepdim); }

    public static Tensor std(Tensor x) { return x.std(); }

    public static Tensor std(Tensor x, long[] dims, double correction, boolean keepdim) { return x.std(dims, correction, keepdim); }

    /** {@code torch.std_mean}: [std, mean]. */
    public static Tensor[] stdMean(Tensor x, long[] dims, double correction, boolean keepdim) {
        return dev.jtorch.ops.Reductions2.statMean(x, dims, correction, keepdim, true);
    }

    public static Tensor[] stdMean(Tensor x) { return stdMean(x, null, 1, false); }

    /** {@code torch.var_mean}: [var, mean]. */
    public static Tensor[] varMean(Tensor x, long[] dims, double correction, boolean keepdim) {
        return dev.jtorch.ops.Reductions2.statMean(x, dims, correction, keepdim, false);
    }

    public static Tensor[] varMean(Tensor x) { return varMean(x, null, 1, false); }

    public static Tensor norm(Tensor x) { return x.norm(); }

    public static Tensor norm(Tensor x, double p) { return x.norm(p); }

    public static Tensor norm(Tensor x, double p, long[] dims, boolean keepdim) { return x.norm(p, dims, keepdim); }

    public static Tensor logsumexp(Tensor x, long[] dims, boolean keepdim) { return x.logsumexp(dims, keepdim); }

    public static Tensor softmax(Tensor x, long dim) { return x.softmax(dim); }

    public static Tensor logSoftmax(Tensor x, long dim) { return x.logSoftmax(dim); }

    /** {@code torch.linalg}: vector norms (and the matrix functions where implemented). */
    public static final class linalg {
        private linalg() {}

        public static Tensor vectorNorm(Tensor x) { return dev.jtorch.ops.Reductions2.vectorNorm(x, 2, null, false, null); }

        public static Tensor vectorNorm(Tensor x, double ord) { return dev.jtorch.ops.Reductions2.vectorNorm(x, ord, null, false, null); }

        public static Tensor vectorNorm(Tensor x, double ord, long[] dims, boolean keepdim) {
            return dev.jtorch.ops.Reductions2.vectorNorm(x, ord, dims, keepdim, null);
        }

        public static Tensor vectorNorm(Tensor x, double ord, long[] dims, boolean keepdim, DType dtype) {
            return dev.jtorch.ops.Reductions2.vectorNorm(x, ord, dims, keepdim, dtype);
        }

        public static Tensor det(Tensor a) { return dev.jtorch.ops.Dense.det(a); }

        public static Tensor inv(Tensor a) { return dev.jtorch.ops.Dense.inv(a); }

        /** Solves A X = B (B a matrix batch or a vector). */
        public static Tensor solve(Tensor a, Tensor b) { return dev.jtorch.ops.Dense.solve(a, b); }

        public static Tensor cholesky(Tensor a) { return dev.jtorch.ops.Dense.cholesky(a, false); }

        public static Tensor cholesky(Tensor a, boolean upper) { return dev.jtorch.ops.Dense.cholesky(a, upper); }

        /** Reduced QR: [Q, R]. */
        public static Tensor[] qr(Tensor a) { return dev.jtorch.ops.Dense.qr(a); }

        /** Symmetric eigendecomposition from the lower triangle: [eigenvalues ascending, eigenvectors]. */
        public static Tensor[] eigh(Tensor a) { return dev.jtorch.ops.Dense.eigh(a); }

        public static Tensor eigvalsh(Tensor a) { return dev.jtorch.ops.Dense.eigh(a)[0]; }

        /** Reduced SVD ({@code full_matrices=False}): [U, S, Vh]. */
        public static Tensor[] svd(Tensor a) { return dev.jtorch.ops.Dense.svd(a); }

        public static Tensor svdvals(Tensor a) { return dev.jtorch.ops.Dense.svd(a)[1]; }

        public static Tensor matmul(Tensor a, Tensor b) { return LinAlg.matmul(a, b); }

        /** [sign, log|det|]. */
        public static Tensor[] slogdet(Tensor a) { return dev.jtorch.ops.Dense2.slogdet(a); }

        public static Tensor pinv(Tensor a) { return dev.jtorch.ops.Dense2.pinv(a, null); }

        public static Tensor pinv(Tensor a, double rtol) { return dev.jtorch.ops.Dense2.pinv(a, rtol); }

        /** The Frobenius norm over the last two dims ({@code linalg.matrix_norm(A)}). */
        public static Tensor matrixNorm(Tensor a) { return dev.jtorch.ops.Dense2.matrixNorm(a, "fro", false); }

        /** ord "fro" or "nuc". */
        public static Tensor matrixNorm(Tensor a, String ord) { return dev.jtorch.ops.Dense2.matrixNorm(a, ord, false); }

        public static Tensor matrixNorm(Tensor a, String ord, boolean keepdim) { return dev.jtorch.ops.Dense2.matrixNorm(a, ord, keepdim); }

        /** ord 1, -1, 2, -2, inf or -inf. */
        public static Tensor matrixNorm(Tensor a, double ord) { return dev.jtorch.ops.Dense2.matrixNorm(a, ord, false); }

        public static Tensor matrixNorm(Tensor a, double ord, boolean keepdim) { return dev.jtorch.ops.Dense2.matrixNorm(a, ord, keepdim); }

        public static Tensor matrixPower(Tensor a, long n) { return dev.jtorch.ops.Dense2.matrixPower(a, n); }

        public static Tensor cross(Tensor a, Tensor b) { return dev.jtorch.ops.Dense2.cross(a, b, -1); }

        public static Tensor cross(Tensor a, Tensor b, long dim) { return dev.jtorch.ops.Dense2.cross(a, b, dim); }

        public static Tensor multiDot(List<Tensor> tensors) { return dev.jtorch.ops.Dense2.multiDot(tensors); }
    }

    public static Tensor cumsum(Tensor x, long dim) { return x.cumsum(dim); }

    public static Tensor cumprod(Tensor x, long dim) { return x.cumprod(dim); }

    public static ValuesIndices cummax(Tensor x, long dim) { return x.cummax(dim); }

    public static ValuesIndices cummin(Tensor x, long dim) { return x.cummin(dim); }

    public static Tensor logcumsumexp(Tensor x, long dim) { return x.logcumsumexp(dim); }

    public static Tensor all(Tensor x) { return x.all(); }

    public static Tensor any(Tensor x) { return x.any(); }

    public static Tensor countNonzero(Tensor x) { return x.countNonzero(); }

    public static Tensor median(Tensor x) { return x.median(); }

    public static ValuesIndices median(Tensor x, long dim, boolean keepdim) { return x.median(dim, keepdim); }

    public static ValuesIndices mode(Tensor x, long dim, boolean keepdim) { return x.mode(dim, keepdim); }

    public static ValuesIndices kthvalue(Tensor x, long k, long dim, boolean keepdim) { return x.kthvalue(k, dim, keepdim); }

    public static Tensor nanmedian(Tensor x) { return x.nanmedian(); }

    public static ValuesIndices nanmedian(Tensor x, long dim, boolean keepdim) { return x.nanmedian(dim, keepdim); }

    public static Tensor quantile(Tensor x, double q) { return x.quantile(q); }

    public static Tensor quantile(Tensor x, Tensor q, Long dim, boolean keepdim, String interpolation) {
        return x.quantile(q, dim, keepdim, interpolation);
    }

    public static Tensor nanquantile(Tensor x, Tensor q, Long dim, boolean keepdim, String interpolation) {
        return x.nanquantile(q, dim, keepdim, interpolation);
    }

    public static ValuesIndices topk(Tensor x, long k, long dim, boolean largest, boolean sorted) { return x.topk(k, dim, largest, sorted); }

    public static ValuesIndices sort(Tensor x, long dim, boolean descending) { return x.sort(dim, descending); }

    public static Tensor argsort(Tensor x, long dim, boolean descending) { return x.argsort(dim, descending); }

    public static Tensor unique(Tensor x) { return x.unique(); }

    public static Tensor[] unique(Tensor x, boolean returnInverse, boolean returnCounts) { return x.unique(returnInverse, returnCounts); }

    public static Tensor bincount(Tensor x) { return x.bincount(); }

    public static Tensor bincount(Tensor x, Tensor weights, long minlength) { return x.bincount(weights, minlength); }

    public static Tensor histc(Tensor x, long bins, double min, double max) { return x.histc(bins, min, max); }

    public static Tensor gather(Tensor x, long dim, Tensor index) { return x.gather(dim, index); }

    public static Tensor scatter(Tensor x, long dim, Tensor index, Tensor src) { return x.scatter(dim, index, src); }

    public static Tensor scatterAdd(Tensor x, long dim, Tensor index, Tensor src) { return x.scatterAdd(dim, index, src); }

    public static Tensor scatterReduce(Tensor x, long dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        return x.scatterReduce(dim, index, src, reduce, includeSelf);
    }

    public static Tensor indexAdd(Tensor x, long dim, Tensor index, Tensor source) { return x.indexAdd(dim, index, source); }

    public static Tensor indexCopy(Tensor x, long dim, Tensor index, Tensor source) { return x.indexCopy(dim, index, source); }

    public static Tensor take(Tensor x, Tensor index) { return x.take(index); }

    public static Tensor takeAlongDim(Tensor x, Tensor indices, long dim) { return x.takeAlongDim(indices, dim); }

    public static Tensor nonzero(Tensor x) { return x.nonzero(); }

    public static Tensor argwhere(Tensor x) { return x.argwhere(); }


    public static Tensor dot(Tensor a, Tensor b) { return a.dot(b); }

    public static Tensor vdot(Tensor a, Tensor b) { return a.vdot(b); }

    public static Tensor mv(Tensor m, Tensor v) { return m.mv(v); }

    public static Tensor outer(Tensor a, Tensor b) { return a.outer(b); }

    public static Tensor addmm(Tensor input, Tensor m1, Tensor m2) { return input.addmm(m1, m2); }

    public static Tensor addmm(Tensor input, Tensor m1, Tensor m2, double beta, double alpha) { return input.addmm(m1, m2, beta, alpha); }

    public static Tensor addmv(Tensor input, Tensor m, Tensor v, double beta, double alpha) { return input.addmv(m, v, beta, alpha); }

    public static Tensor baddbmm(Tensor input, Tensor b1, Tensor b2, double beta, double alpha) { return input.baddbmm(b1, b2, beta, alpha); }

    public static Tensor addbmm(Tensor input, Tensor b1, Tensor b2, double beta, double alpha) { return input.addbmm(b1, b2, beta, alpha); }

    public static Tensor addr(Tensor input, Tensor v1, Tensor v2, double beta, double alpha) { return input.addr(v1, v2, beta, alpha); }

    /** {@code torch.einsum("ij,jk->ik", a, b)}: repeated indices, "..." and the implicit output included. */
    public static Tensor einsum(String equation, Tensor... operands) { return dev.jtorch.ops.LinAlg2.einsum(equation, operands); }

    public static Tensor tensordot(Tensor a, Tensor b, long dims) { return dev.jtorch.ops.LinAlg2.tensordot(a, b, dims); }

    public static Tensor tensordot(Tensor a, Tensor b, long[] dimsA, long[] dimsB) { return dev.jtorch.ops.LinAlg2.tensordot(a, b, dimsA, dimsB); }

    public static Tensor kron(Tensor a, Tensor b) { return a.kron(b); }

    public static Tensor trace(Tensor x) { return x.trace(); }

    public static Tensor tril(Tensor x) { return x.tril(); }

    public static Tensor tril(Tensor x, long diagonal) { return x.tril(diagonal); }

    public static Tensor triu(Tensor x) { return x.triu(); }

    public static Tensor triu(Tensor x, long diagonal) { return x.triu(diagonal); }

    public static Tensor diag(Tensor x) { return x.diag(); }

    public static Tensor diag(Tensor x, long diagonal) { return x.diag(diagonal); }

    public static Tensor diagonal(Tensor x, long offset, long dim1, long dim2) { return x.diagonal(offset, dim1, dim2); }

    public static Tensor diagEmbed(Tensor x) { return x.diagEmbed(); }

    public static Tensor det(Tensor x) { return x.det(); }

    public static Tensor inverse(Tensor x) { return x.inverse(); }

    public static Tensor logdet(Tensor x) {
        Tensor[] sl = dev.jtorch.ops.Dense2.slogdet(x);
        return Torch.where(sl[0].lt(0.0), Torch.fullLike(sl[1], Double.NaN), sl[1]);
    }

    // ---- end of section: math-reductions-linalg ----

    // ================================================================== section: autograd

    /**
     * {@code torch.autograd}: {@code Torch.autograd.grad(outputs, inputs)}, {@code backward},
     * {@code gradcheck}, {@code gradgradcheck}, and {@code Torch.autograd.functional.jacobian/hessian/vjp/jvp}.
     * The methods are inherited from {@link dev.jtorch.autograd.Autograd} so that there is one definition.
     */
    public static final class autograd extends dev.jtorch.autograd.Autograd {
        private autograd() {}

        /** {@code torch.autograd.functional}. */
        public static final class functional extends dev.jtorch.autograd.Functional {
            private functional() {}
        }

        /** {@code torch.autograd.Function}: subclass it for a custom op with its own backward. */
        public abstract static class Function extends dev.jtorch.autograd.Function {
            protected Function() {}
        }
    }

    /** {@code torch.inference_mode(mode)}: {@code false} gives a scope that leaves inference mode. */
    public static GradMode.Scope inferenceMode(boolean mode) { return GradMode.inference(mode); }

    /** {@code torch.is_anomaly_enabled()}. */
    public static boolean isAnomalyEnabled() { return dev.jtorch.autograd.AnomalyMode.isEnabled(); }

    /** {@code torch.is_inference_mode_enabled()}. */
    public static boolean isInferenceModeEnabled() { return GradMode.isInferenceMode(); }

    // ---- end of section: autograd ----

    // ================================================================== section: io-random

    // Fully qualified names here keep this section's merge free of import conflicts.

    /** {@code torch.from_numpy(np.load(path))}: reads a .npy file into a new tensor (see {@link dev.jtorch.io.Npy}). */
    public static Tensor loadNpy(java.nio.file.Path path) throws java.io.IOException { return dev.jtorch.io.Npy.load(path); }

    /** As {@link #loadNpy(java.nio.file.Path)}; with {@code mmap} the tensor shares a read-only mapping of the file. */
    public static Tensor loadNpy(java.nio.file.Path path, boolean mmap) throws java.io.IOException {
        return dev.jtorch.io.Npy.load(path, mmap);
    }

    /** {@code np.save(path, tensor.numpy())}; bfloat16 has no numpy dtype and is refused. */
    public static void saveNpy(Tensor tensor, java.nio.file.Path path) throws java.io.IOException {
        dev.jtorch.io.Npy.save(tensor, path);
    }

    /** {@code np.load(path)} of an .npz archive: each {@code name.npy} entry as {@code name}, in archive order. */
    public static java.util.Map<String, Tensor> loadNpz(java.nio.file.Path path) throws java.io.IOException {
        return dev.jtorch.io.Npz.load(path);
    }

    /** {@code np.savez(path, **tensors)}: uncompressed entries {@code key.npy} in map order. */
    public static void saveNpz(java.util.Map<String, Tensor> tensors, java.nio.file.Path path) throws java.io.IOException {
        dev.jtorch.io.Npz.save(tensors, path);
    }

    /** {@code np.savez_compressed(path, **tensors)}. */
    public static void saveNpzCompressed(java.util.Map<String, Tensor> tensors, java.nio.file.Path path) throws java.io.IOException {
        dev.jtorch.io.Npz.saveCompressed(tensors, path);
    }

    // ---- end of section: io-random ----

    // ================================================================== section: checkpoints
    // Fully qualified names here keep this section's merge free of import conflicts.

    /**
     * {@code torch.save(obj, path)}: PyTorch's zip checkpoint format, which {@code torch.load} in Python reads.
     * {@code obj} is a tensor, or maps (a LinkedHashMap becomes an OrderedDict, as a state dict is), lists, sets,
     * strings, numbers, booleans and null holding tensors; tensors sharing storage are saved once.
     */
    public static void save(Object obj, java.nio.file.Path path) throws java.io.IOException {
        dev.jtorch.io.TorchFile.save(obj, path);
    }

    /**
     * {@code torch.load(path, weights_only=True, map_location='cpu')}: reads a checkpoint written by PyTorch 1.x
     * or 2.x (zip format, or the legacy format) with a restricted unpickler that rebuilds only tensors, storages,
     * OrderedDicts and plain containers and refuses every other global. Dicts come back as LinkedHashMap,
     * lists as List, tuples as unmodifiable List, ints as Long, floats as Double, strings as String.
     */
    public static Object load(java.nio.file.Path path) throws java.io.IOException {
        return dev.jtorch.io.TorchFile.load(path);
    }

    /** {@link #load(java.nio.file.Path)} of a state dict: parameter and buffer names to tensors, in file order. */
    public static java.util.LinkedHashMap<String, Tensor> loadStateDict(java.nio.file.Path path) throws java.io.IOException {
        return dev.jtorch.io.TorchFile.loadStateDict(path);
    }

    /** {@code safetensors.torch.load_file(path)}: memory-mapped, the tensors share the read-only mapping. */
    public static java.util.LinkedHashMap<String, Tensor> loadSafetensors(java.nio.file.Path path) throws java.io.IOException {
        return dev.jtorch.io.Safetensors.load(path);
    }

    /** {@code safetensors.torch.save_file(tensors, path)}. */
    public static void saveSafetensors(java.util.Map<String, Tensor> tensors, java.nio.file.Path path) throws java.io.IOException {
        dev.jtorch.io.Safetensors.save(tensors, path);
    }

    // ---- end of section: checkpoints ----

    // ================================================================== section: threads

    /** {@code torch.set_num_threads}: how many threads CPU kernels may split one op over (default: all cores). */
    public static void setNumThreads(int n) { dev.jtorch.backend.cpu.Parallel.setNumThreads(n); }

    /** {@code torch.get_num_threads}. */
    public static int getNumThreads() { return dev.jtorch.backend.cpu.Parallel.getNumThreads(); }

    // ---- end of section: threads ----

    // ================================================================== section: cuda

    /** {@code torch.zeros(size, dtype=..., device=...)}. */
    public static Tensor zeros(long[] shape, DType dtype, Device device) {
        return Tensor.allocate(shape, dtype, dev.jtorch.ops.DeviceCopy.resolve(device));
    }

    public static Tensor zeros(long[] shape, Device device) { return zeros(shape, defaultDtype, device); }

    public static Tensor ones(long[] shape, DType dtype, Device device) { return full(shape, 1.0, dtype, device); }

    public static Tensor ones(long[] shape, Device device) { return ones(shape, defaultDtype, device); }

    public static Tensor full(long[] shape, double value, DType dtype, Device device) {
        Scalars.checkFill(value, dtype);
        Tensor t = zeros(shape, dtype, device);
        if (Double.doubleToRawLongBits(value) != 0) Backend.of(t.device()).fill(t, value);
        return t;
    }

    /**
     * {@code torch.rand(size, device=...)}; a null generator means the device's default: on a GPU,
     * {@link cuda}'s generator (values are drawn on the host and copied over).
     */
    public static Tensor rand(long[] shape, DType dtype, Generator gen, Device device) {
        if (device.type() == Device.Type.CPU) return rand(shape, dtype, gen);
        return rand(shape, dtype, gen != null ? gen : cuda.generator()).to(device);
    }

    public static Tensor rand(long[] shape, Device device) { return rand(shape, defaultDtype, null, device); }

    public static Tensor randn(long[] shape, DType dtype, Generator gen, Device device) {
        if (device.type() == Device.Type.CPU) return randn(shape, dtype, gen);
        return randn(shape, dtype, gen != null ? gen : cuda.generator()).to(device);
    }

    public static Tensor randn(long[] shape, Device device) { return randn(shape, defaultDtype, null, device); }

    /** {@code torch.tensor(data, dtype=..., device=...)}. */
    public static Tensor tensor(Object data, DType dtype, Device device) { return TensorBuilder.build(data, dtype).to(device); }

    /** {@code torch.device("cuda:0")}. */
    public static Device device(String spec) { return Device.of(spec); }

    /** The {@code torch.cuda} namespace. Without a GPU or the CUDA libraries, {@link #isAvailable()} is false. */
    public static final class cuda {
        private cuda() {}

        // PyTorch keeps one generator per GPU; jtorch draws GPU random numbers on the host from this one
        private static final Generator GENERATOR = new Generator();

        static Generator generator() { return GENERATOR; }

        public static boolean isAvailable() { return dev.jtorch.backend.cuda.Cuda.isAvailable(); }

        public static int deviceCount() { return dev.jtorch.backend.cuda.Cuda.deviceCount(); }

        /** Why {@link #isAvailable()} is false (the missing library or device), or null. */
        public static String unavailableReason() { return dev.jtorch.backend.cuda.Cuda.unavailableReason(); }

        /** Waits for every queued kernel and copy ({@code torch.cuda.synchronize()}). */
        public static void synchronize() { dev.jtorch.backend.cuda.Cuda.synchronize(); }

        /** Seeds the generator behind random tensors made on a GPU ({@code torch.cuda.manual_seed}). */
        public static void manualSeed(long seed) { GENERATOR.manualSeed(seed); }

        public static void manualSeedAll(long seed) { GENERATOR.manualSeed(seed); }

        /** Frees cached, unused device memory ({@code torch.cuda.empty_cache()}). */
        public static void emptyCache() { dev.jtorch.backend.cuda.Cuda.emptyCache(); }

        /** Bytes held by live tensors on cuda:0 ({@code torch.cuda.memory_allocated()}). */
        public static long memoryAllocated() { return memoryAllocated(0); }

        public static long memoryAllocated(int device) {
            return isAvailable() ? dev.jtorch.backend.cuda.Cuda.memoryAllocated(device) : 0;
        }

        /** Bytes taken from the driver, the allocator's cache included ({@code torch.cuda.memory_reserved()}). */
        public static long memoryReserved() { return isAvailable() ? dev.jtorch.backend.cuda.Cuda.memoryReserved(0) : 0; }

        public static long maxMemoryAllocated() { return isAvailable() ? dev.jtorch.backend.cuda.Cuda.maxMemoryAllocated(0) : 0; }

        public static String getDeviceName(int device) { return dev.jtorch.backend.cuda.Cuda.deviceName(device); }

        public static int currentDevice() { return 0; }
    }

    /** {@code torch.backends}: switches of the backends' libraries. */
    public static final class backends {
        private backends() {}

        public static final class cuda {
            private cuda() {}

            public static final class matmul {
                private matmul() {}

                /** {@code torch.backends.cuda.matmul.allow_tf32}: float32 matmul may use TF32 tensor cores (default false). */
                public static boolean allowTf32() { return dev.jtorch.backend.cuda.Cuda.allowTf32(); }

                public static void allowTf32(boolean allow) { dev.jtorch.backend.cuda.Cuda.setAllowTf32(allow); }
            }
        }
    }

    // ---- end of section: cuda ----

    // ================================================================== section: graphs
    // Fully qualified names here keep this section's merge free of import conflicts.

    /**
     * CPU graph capture and replay, the CPU analogue of {@code torch.cuda.graphs}: capture a static step
     * (forward, backward, in-place update) once, then replay its kernels with no op-layer overhead.
     * See {@link dev.jtorch.graphs.CpuGraph}.
     */
    public static final class graphs {
        private graphs() {}

        /** A new, empty graph, as {@code torch.cuda.CUDAGraph()}. */
        public static dev.jtorch.graphs.CpuGraph cpuGraph() { return new dev.jtorch.graphs.CpuGraph(); }

        /**
         * Runs {@code body} once under capture, as {@code with torch.cuda.graph(g): body()}, and returns the
         * graph, ready to replay.
         */
        public static dev.jtorch.graphs.CpuGraph capture(Runnable body) {
            dev.jtorch.graphs.CpuGraph g = new dev.jtorch.graphs.CpuGraph();
            try (var c = g.capture()) {
                body.run();
            }
            return g;
        }

        /** {@code torch.cuda.is_current_stream_capturing()}: true while this thread captures a graph. */
        public static boolean isCurrentStreamCapturing() { return dev.jtorch.graphs.Capture.isCapturing(); }
    }

    // ---- end of section: graphs ----

    // ================================================================== section: out-ops
    // PyTorch's out= forms (dev.jtorch.ops.OutOps): the result goes into out, which is returned.

    public static Tensor add(Tensor a, Tensor b, Tensor out) { return dev.jtorch.ops.OutOps.add(a, b, 1.0, out); }

    public static Tensor add(Tensor a, Tensor b, double alpha, Tensor out) { return dev.jtorch.ops.OutOps.add(a, b, alpha, out); }

    public static Tensor add(Tensor a, double b, Tensor out) { return dev.jtorch.ops.OutOps.add(a, wrap(b, a), 1.0, out); }

    public static Tensor add(Tensor a, long b, Tensor out) { return dev.jtorch.ops.OutOps.add(a, wrap(b, a), 1.0, out); }

    public static Tensor sub(Tensor a, Tensor b, Tensor out) { return dev.jtorch.ops.OutOps.sub(a, b, 1.0, out); }

    public static Tensor sub(Tensor a, Tensor b, double alpha, Tensor out) { return dev.jtorch.ops.OutOps.sub(a, b, alpha, out); }

    public static Tensor sub(Tensor a, double b, Tensor out) { return dev.jtorch.ops.OutOps.sub(a, wrap(b, a), 1.0, out); }

    public static Tensor sub(Tensor a, long b, Tensor out) { return dev.jtorch.ops.OutOps.sub(a, wrap(b, a), 1.0, out); }

    public static Tensor mul(Tensor a, Tensor b, Tensor out) { return dev.jtorch.ops.OutOps.mul(a, b, out); }

    public static Tensor mul(Tensor a, double b, Tensor out) { return dev.jtorch.ops.OutOps.mul(a, wrap(b, a), out); }

    public static Tensor mul(Tensor a, long b, Tensor out) { return dev.jtorch.ops.OutOps.mul(a, wrap(b, a), out); }

    public static Tensor div(Tensor a, Tensor b, Tensor out) { return dev.jtorch.ops.OutOps.div(a, b, out); }

    public static Tensor div(Tensor a, double b, Tensor out) { return dev.jtorch.ops.OutOps.div(a, wrap(b, a), out); }

    public static Tensor div(Tensor a, long b, Tensor out) { return dev.jtorch.ops.OutOps.div(a, wrap(b, a), out); }

    /** {@code torch.div(a, b, rounding_mode=mode, out=out)}; mode is "trunc", "floor" or null. */
    public static Tensor div(Tensor a, Tensor b, String roundingMode, Tensor out) { return dev.jtorch.ops.OutOps.div(a, b, roundingMode, out); }

    public static Tensor exp(Tensor x, Tensor out) { return dev.jtorch.ops.OutOps.exp(x, out); }

    public static Tensor log(Tensor x, Tensor out) { return dev.jtorch.ops.OutOps.log(x, out); }

    public static Tensor sqrt(Tensor x, Tensor out) { return dev.jtorch.ops.OutOps.sqrt(x, out); }

    public static Tensor neg(Tensor x, Tensor out) { return dev.jtorch.ops.OutOps.neg(x, out); }

    public static Tensor abs(Tensor x, Tensor out) { return dev.jtorch.ops.OutOps.abs(x, out); }

    public static Tensor sigmoid(Tensor x, Tensor out) { return dev.jtorch.ops.OutOps.sigmoid(x, out); }

    public static Tensor tanh(Tensor x, Tensor out) { return dev.jtorch.ops.OutOps.tanh(x, out); }

    /** {@code torch.sum(x, dim, keepdim, out=out)}: summed in out's dtype. */
    public static Tensor sum(Tensor x, long dim, boolean keepdim, Tensor out) { return dev.jtorch.ops.OutOps.sum(x, new long[] {dim}, keepdim, null, out); }

    /** {@code torch.sum(x, dims, keepdim, out=out)}; empty dims: all of them. */
    public static Tensor sum(Tensor x, long[] dims, boolean keepdim, Tensor out) { return dev.jtorch.ops.OutOps.sum(x, dims, keepdim, null, out); }

    public static Tensor sum(Tensor x, long[] dims, boolean keepdim, DType dtype, Tensor out) { return dev.jtorch.ops.OutOps.sum(x, dims, keepdim, dtype, out); }

    public static Tensor mean(Tensor x, long dim, boolean keepdim, Tensor out) { return dev.jtorch.ops.OutOps.mean(x, new long[] {dim}, keepdim, null, out); }

    public static Tensor mean(Tensor x, long[] dims, boolean keepdim, Tensor out) { return dev.jtorch.ops.OutOps.mean(x, dims, keepdim, null, out); }

    public static Tensor mean(Tensor x, long[] dims, boolean keepdim, DType dtype, Tensor out) { return dev.jtorch.ops.OutOps.mean(x, dims, keepdim, dtype, out); }

    public static Tensor mm(Tensor a, Tensor b, Tensor out) { return dev.jtorch.ops.OutOps.mm(a, b, out); }

    public static Tensor matmul(Tensor a, Tensor b, Tensor out) { return dev.jtorch.ops.OutOps.matmul(a, b, out); }

    // ---- end of section: out-ops ----
}
