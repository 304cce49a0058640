package dev.jtorch.backend.cuda;

import dev.jtorch.Device;
import dev.jtorch.backend.Backend;

/**
 * Whether CUDA can be used here, and the per-device state once it is. Probing loads the driver and NVRTC
 * once; on a machine without them {@link #isAvailable()} is false and {@link #unavailableReason()} names
 * the missing piece. Nothing here loads a native library until asked.
 */
public final class Cuda {
    private Cuda() {}

    private static volatile boolean allowTf32;

    /**
     * Tests only: a backend standing in for cuda:0 on machines without a GPU, so the op layer's device
     * handling (results on the inputs' device, no host reads of device memory) can be exercised anywhere.
     * Null otherwise.
     */
    static volatile Backend emulation;

    /** The probe, run once on first use. */
    private static final class State {
        static final int COUNT;
        static final String REASON;
        static final CudaDevice[] DEVICES;
        static final CudaBackend[] BACKENDS;

        static {
            int count = 0;
            String reason = null;
            try {
                count = CudaDriver.init();
                if (count == 0) reason = "CUDA is not available: the driver found no CUDA device";
                else Nvrtc.load();   // without NVRTC no kernel can be built
            } catch (Throwable t) {
                reason = message(t);
                count = 0;
            }
            COUNT = reason == null ? count : 0;
            REASON = reason;
            DEVICES = new CudaDevice[COUNT];
            BACKENDS = new CudaBackend[COUNT];
        }

        private static String message(Throwable t) {
            Throwable c = t;
            while ((c instanceof ExceptionInInitializerError || c instanceof NoClassDefFoundError) && c.getCause() != null) {
                c = c.getCause();
            }
            String m = c.getMessage();
            return m != null && m.startsWith("CUDA is not available") ? m : "CUDA is not available: " + c;
        }
    }

    /** {@code torch.cuda.is_available()}. */
    public static boolean isAvailable() { return State.COUNT > 0; }

    /** {@code torch.cuda.device_count()}. */
    public static int deviceCount() { return State.COUNT; }

    /** Why CUDA is unavailable (the library or device that is missing), or null when it is available. */
    public static String unavailableReason() { return State.REASON; }

    /** "cuda" means the current device, cuda:0. */
    public static Device resolve(Device d) {
        return d.index() < 0 ? new Device(Device.Type.CUDA, 0) : d;
    }

    static synchronized CudaDevice device(int index) {
        if (!isAvailable()) throw new IllegalStateException(State.REASON);
        if (index < 0 || index >= State.COUNT) {
            throw new IllegalArgumentException("CUDA error: invalid device ordinal (cuda:" + index + " requested, "
                    + State.COUNT + " CUDA device" + (State.COUNT == 1 ? "" : "s") + " present)");
        }
        CudaDevice d = State.DEVICES[index];
        if (d == null) {
            d = new CudaDevice(index);
            State.DEVICES[index] = d;
            State.BACKENDS[index] = new CudaBackend(d);
        }
        return d;
    }

    /** The backend of a CUDA device; throws with the reason when CUDA is unavailable. */
    public static Backend backend(Device d) {
        Backend e = emulation;
        if (e != null) return e;
        int index = resolve(d).index();
        device(index);
        return State.BACKENDS[index];
    }

    /** {@code torch.cuda.synchronize()}: waits for all work queued on every device used so far. */
    public static void synchronize() {
        if (!isAvailable()) throw new IllegalStateException(State.REASON);
        for (CudaDevice d : State.DEVICES) if (d != null) d.synchronize();
    }

    /** {@code torch.cuda.empty_cache()}: frees the allocator's cached blocks. */
    public static void emptyCache() {
        if (!isAvailable()) return;
        for (CudaDevice d : State.DEVICES) if (d != null) d.allocator.emptyCache();
    }

    /** Bytes in blocks held by live tensors on {@code index} ({@code torch.cuda.memory_allocated}). */
    public static long memoryAllocated(int index) {
        if (!isAvailable()) return 0;
        CudaDevice d = State.DEVICES[checkIndex(index)];
        return d == null ? 0 : d.allocator.allocatedBytes();
    }

    /** Bytes obtained from the driver, cached blocks included ({@code torch.cuda.memory_reserved}). */
    public static long memoryReserved(int index) {
        if (!isAvailable()) return 0;
        CudaDevice d = State.DEVICES[checkIndex(index)];
        return d == null ? 0 : d.allocator.reservedBytes();
    }

    public static long maxMemoryAllocated(int index) {
        if (!isAvailable()) return 0;
        CudaDevice d = State.DEVICES[checkIndex(index)];
        return d == null ? 0 : d.allocator.peakBytes();
    }

    private static int checkIndex(int index) {
        if (index < 0 || index >= State.COUNT) throw new IllegalArgumentException("Invalid device id " + index);
        return index;
    }

    /** {@code torch.cuda.get_device_name(index)}. */
    public static String deviceName(int index) { return device(index).name; }

    /** The device's compute capability as {major, minor}. */
    public static int[] capability(int index) {
        int cc = device(index).computeCapability;
        return new int[] {cc / 10, cc % 10};
    }

    /** {@code torch.backends.cuda.matmul.allow_tf32}: float32 matmul on TF32 tensor cores (default off). */
    public static boolean allowTf32() { return allowTf32; }

    public static void setAllowTf32(boolean allow) { allowTf32 = allow; }
}
