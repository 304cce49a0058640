package dev.jtorch.backend;

import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;
import dev.jtorch.backend.cpu.CpuBackend;

/**
 * The kernels a device implements. The op layer ({@code dev.jtorch.ops}) has already checked shapes,
 * promoted dtypes and broadcast the operands (an expanded operand has stride 0), so a backend only moves
 * and computes elements. Backends never see gradients.
 *
 * <p>Operands are arbitrary strided views: kernels must honour shape, strides and storage offset. Unless
 * stated otherwise, inputs of one call share one dtype (the compute dtype) and the output may differ only
 * where the op says so (comparisons write bool).
 */
public interface Backend {

    static Backend of(Device device) {
        if (device.type() == Device.Type.CPU) return dev.jtorch.graphs.Capture.cpuBackend();
        return dev.jtorch.backend.cuda.Cuda.backend(device);
    }

    Storage allocate(DType dtype, long numel);

    /** dst[i] = (dst.dtype) src[i]; src may be broadcast (stride 0) to dst's shape and of any dtype. */
    void copy(Tensor src, Tensor dst);

    /** Every element of dst = value, converted to dst's dtype. */
    void fill(Tensor dst, double value);

    /** out = op(x, p0, p1) elementwise; x and out have one shape. */
    void unary(UnaryOp op, Tensor x, Tensor out, double p0, double p1);

    /** out = op(a, b) elementwise; a, b and out have one shape. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** out = cond ? a : b; cond is bool, a, b and out share a dtype; all of one shape. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    /**
     * Reduces the last {@code reducedDims} dims of x into out, whose shape is x's without them (the op
     * layer permutes the reduced dims to the end). For ops with positions (max/min/argmax/argmin)
     * {@code indices} (int64, out's shape) receives the flat position within the reduced dims, or is null.
     * Floating sums accumulate pairwise, so 10^8 float32 ones sum to 1e8 exactly.
     */
    void reduce(ReduceOp op, Tensor x, int reducedDims, Tensor out, Tensor indices);

    /** out[b] = a[b] @ bm[b] for 3-d a [B,M,K], bm [B,K,N], out [B,M,N] of one floating or integral dtype. */
    void matmul(Tensor a, Tensor bm, Tensor out);

    /** out = x.index_select(dim, index) with int64 index; out already has the result shape. */
    void indexSelect(Tensor x, int dim, Tensor index, Tensor out);

    /** x.index_add_(dim, index, src) when {@code accumulate}, x.index_copy_ otherwise. */
    void indexAdd(Tensor x, int dim, Tensor index, Tensor src, boolean accumulate);

    // ================================================================== section: math kernels

    /**
     * Inclusive scans along the last dim of a contiguous 2-d {@code [rows, n]} x into out of the same shape.
     * Floating values accumulate in double. For CUMMAX/CUMMIN {@code indices} (int64, same shape) receives
     * the position of the running extremum (the last one among equals, as PyTorch), else it is null.
     */
    void scan(ScanOp op, Tensor x, Tensor out, Tensor indices);

    /**
     * Sorts each row of a contiguous 2-d {@code [rows, n]} x into values and int64 indices of the same
     * shape; stable, with NaN ordered above every number as PyTorch does.
     */
    void sortRows(Tensor x, Tensor values, Tensor indices, boolean descending);

    /**
     * Whether {@link #softmaxLastDim} takes x: an optional fused kernel, asked before the op layer allocates
     * the result. A backend without it (the default) gets the op composed from other kernels.
     */
    default boolean hasSoftmaxLastDim(Tensor x) { return false; }

    /**
     * The fused kernel over the last dim of a contiguous {@code [rows, n]} x (any leading shape, n > 0), for an
     * x that {@link #hasSoftmaxLastDim} took: out (a fresh contiguous tensor of x's dtype) = softmax or
     * log_softmax of each row (x's shape), or logsumexp of each row ({@code rows} elements), computed as the
     * op layer's composition does (max, x - max, exp, sum, then a division, or the log of the sum subtracted
     * or added).
     */
    default void softmaxLastDim(SoftmaxOp op, Tensor x, Tensor out) {
        throw new UnsupportedOperationException("softmaxLastDim: this backend has no fused softmax kernel");
    }

    // ---- end of section: math kernels ----

    // ================================================================== section: indexing kernels

    /**
     * Advanced indexing, {@code out = x[indices...]}. {@code x} is already restrided to out's shape: the
     * indexed dims were replaced by the broadcast index shape with stride 0. Each index tensor (int64, also
     * broadcast to out's shape) adds {@code index * indexedStrides[k]} to the element's position, after a
     * check against {@code indexedSizes[k]} (negative indices count from the end).
     */
    void advancedIndex(Tensor x, Tensor[] indices, long[] indexedSizes, long[] indexedStrides, Tensor out);

    /** The inverse of {@link #advancedIndex}: {@code x[indices...] = values} (or {@code +=} when accumulating). */
    void advancedIndexPut(Tensor x, Tensor[] indices, long[] indexedSizes, long[] indexedStrides, Tensor values,
                          boolean accumulate);

    /** The coordinates of the non-zero elements of {@code mask} in row-major order: int64 [count, mask.dim()]. */
    Tensor maskIndices(Tensor mask);

    // ---- end of section: indexing kernels ----
}
