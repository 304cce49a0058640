package dev.jtorch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A flat block of bytes that one or more tensors view. Views (reshape, transpose, slicing...) share a
 * {@code Storage}; so do tensors made with {@link Torch#fromArray} and the Java array they wrap.
 *
 * <p>Memory lives on the Java heap (a primitive array of the element type) when it fits in one array,
 * and off the heap otherwise, so a tensor can exceed 2^31 elements. Kernels see only the
 * {@link MemorySegment}.
 *
 * <p>The version counter is PyTorch's: every in-place write bumps it, and autograd compares it with the
 * value it saw when it saved a tensor for backward.
 */
public final class Storage {
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final MemorySegment segment;
    private final Device device;
    private int version;
    // memory made in inference mode belongs to inference tensors (and so do all views of it), as in PyTorch
    private final boolean inference = dev.jtorch.autograd.GradMode.isInferenceMode();

    public Storage(MemorySegment segment, Device device) {
        this.segment = segment;
        this.device = device;
    }

    /** Zero-filled storage for {@code numel} elements of {@code dtype} on the CPU. */
    public static Storage allocate(DType dtype, long numel) {
        if (numel < 0) throw new IllegalArgumentException("negative number of elements: " + numel);
        if (numel <= MAX_ARRAY) {
            int n = (int) numel;
            MemorySegment seg = switch (dtype) {
                case BOOL, UINT8, INT8 -> MemorySegment.ofArray(new byte[n]);
                case INT16, FLOAT16, BFLOAT16 -> MemorySegment.ofArray(new short[n]);
                case INT32 -> MemorySegment.ofArray(new int[n]);
                case INT64 -> MemorySegment.ofArray(new long[n]);
                case FLOAT32 -> MemorySegment.ofArray(new float[n]);
                case FLOAT64 -> MemorySegment.ofArray(new double[n]);
            };
            return new Storage(seg, Device.CPU);
        }
        long bytes = Math.multiplyExact(numel, (long) dtype.itemSize());
        // Arena.ofAuto frees the block when the storage becomes unreachable; allocate() zero-fills.
        return new Storage(Arena.ofAuto().allocate(bytes, 8), Device.CPU);
    }

    public MemorySegment segment() { return segment; }

    public Device device() { return device; }

    public long byteSize() { return segment.byteSize(); }

    /** Times this storage was written in place (PyTorch's {@code tensor._version}). */
    public int version() { return version; }

    public void bumpVersion() { version++; }

    /** True if allocated in inference mode: its tensors are inference tensors. */
    public boolean isInference() { return inference; }
}
