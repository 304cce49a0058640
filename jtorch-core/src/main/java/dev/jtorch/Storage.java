package dev.jtorch;

import dev.jtorch.backend.DeviceMemory;

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

    private MemorySegment segment;     // made on first use for heap storages
    private final Object array;        // the primitive array behind a heap storage, or null
    private final DeviceMemory deviceMemory; // memory on a GPU (no segment, no array), or null
    private final long byteSize;
    private final Device device;
    private int version;
    // memory made in inference mode belongs to inference tensors (and so do all views of it), as in PyTorch
    private final boolean inference = dev.jtorch.autograd.GradMode.isInferenceMode();

    public Storage(MemorySegment segment, Device device) {
        this.segment = segment;
        this.array = null;
        this.deviceMemory = null;
        this.byteSize = segment.byteSize();
        this.device = device;
    }

    /** A storage over device memory owned by {@code device}'s backend. */
    public Storage(DeviceMemory memory, long byteSize, Device device) {
        this.array = null;
        this.deviceMemory = java.util.Objects.requireNonNull(memory);
        this.byteSize = byteSize;
        this.device = device;
    }

    /** A CPU storage over a primitive array (float[], double[], long[], int[], short[] or byte[]), shared. */
    public static Storage ofArray(Object array) {
        return new Storage(array);
    }

    private Storage(Object array) {
        this.array = array;
        this.deviceMemory = null;
        this.device = Device.CPU;
        this.byteSize = switch (array) {
            case float[] a -> 4L * a.length;
            case double[] a -> 8L * a.length;
            case long[] a -> 8L * a.length;
            case int[] a -> 4L * a.length;
            case short[] a -> 2L * a.length;
            case byte[] a -> a.length;
            default -> throw new IllegalArgumentException("not a primitive numeric array: " + array.getClass());
        };
    }

    /** Zero-filled storage for {@code numel} elements of {@code dtype} on the CPU. */
    public static Storage allocate(DType dtype, long numel) {
        if (numel < 0) throw new IllegalArgumentException("negative number of elements: " + numel);
        if (numel <= MAX_ARRAY) {
            int n = (int) numel;
            return new Storage(switch (dtype) {
                case BOOL, UINT8, INT8 -> new byte[n];
                case INT16, FLOAT16, BFLOAT16 -> new short[n];
                case INT32 -> new int[n];
                case INT64 -> new long[n];
                case FLOAT32 -> new float[n];
                case FLOAT64 -> new double[n];
            });
        }
        long bytes = Math.multiplyExact(numel, (long) dtype.itemSize());
        // Arena.ofAuto frees the block when the storage becomes unreachable; allocate() zero-fills.
        try {
            return new Storage(Arena.ofAuto().allocate(bytes, 8), Device.CPU);
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException("DefaultCPUAllocator: not enough memory: you tried to allocate " + bytes
                    + " bytes off the Java heap (" + e.getMessage() + "; raise -XX:MaxDirectMemorySize)", e);
        }
    }

    /** The memory as a segment (a heap segment over the array for heap storages). */
    public MemorySegment segment() {
        dev.jtorch.graphs.Capture.checkHostAccess(this);
        MemorySegment s = segment;
        if (s == null) {
            if (deviceMemory != null) {
                throw new IllegalStateException("tensor is on " + device + "; call .cpu() first to read its memory from Java");
            }
            s = switch (array) {
                case float[] a -> MemorySegment.ofArray(a);
                case double[] a -> MemorySegment.ofArray(a);
                case long[] a -> MemorySegment.ofArray(a);
                case int[] a -> MemorySegment.ofArray(a);
                case short[] a -> MemorySegment.ofArray(a);
                case byte[] a -> MemorySegment.ofArray(a);
                default -> throw new IllegalStateException();
            };
            segment = s;
        }
        return s;
    }

    /**
     * The primitive array behind a heap storage, or null for off-heap memory. Kernels use it for their
     * fast paths: the JIT vectorises plain array loops, which it does not do for segment accesses.
     */
    public Object array() {
        dev.jtorch.graphs.Capture.checkHostAccess(this);
        return array;
    }

    public Device device() { return device; }

    /** The device memory of a GPU storage, or null for host memory. */
    public DeviceMemory deviceMemory() { return deviceMemory; }

    public long byteSize() { return byteSize; }

    /** Times this storage was written in place (PyTorch's {@code tensor._version}). */
    public int version() { return version; }

    public void bumpVersion() { version++; }

    /** True if allocated in inference mode: its tensors are inference tensors. */
    public boolean isInference() { return inference; }
}
