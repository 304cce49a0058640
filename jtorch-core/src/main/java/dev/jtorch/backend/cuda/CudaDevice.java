package dev.jtorch.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One GPU as jtorch uses it: its primary context, one stream all work is queued on (so kernels, copies
 * and block reuse are ordered without events), the caching allocator, the loaded kernels and a cuBLAS
 * handle.
 */
final class CudaDevice {
    final int index;
    final String name;
    final int computeCapability;   // major * 10 + minor
    final int multiprocessors;
    final MemorySegment context;
    final MemorySegment stream;
    final CachingAllocator allocator;
    private final ConcurrentHashMap<String, MemorySegment> functions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MemorySegment> modules = new ConcurrentHashMap<>();
    private volatile MemorySegment cublas;
    private volatile Throwable cublasFailure;
    private int mathMode = -1;

    /** The (thread's) device last made current, to skip cuCtxSetCurrent when nothing changed. */
    private static final ThreadLocal<CudaDevice> THREAD_DEVICE = new ThreadLocal<>();

    CudaDevice(int index) {
        this.index = index;
        int dev = CudaDriver.deviceGet(index);
        this.name = CudaDriver.deviceName(dev);
        this.computeCapability = CudaDriver.attribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev) * 10
                + CudaDriver.attribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
        this.multiprocessors = CudaDriver.attribute(CudaDriver.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev);
        this.context = CudaDriver.primaryContext(dev);
        CudaDriver.setCurrent(context);
        THREAD_DEVICE.set(this);
        this.stream = CudaDriver.streamCreate();
        this.allocator = new CachingAllocator(new CachingAllocator.Raw() {
            @Override public long alloc(long bytes) { makeCurrent(); return CudaDriver.memAlloc(bytes); }
            @Override public void free(long address) { makeCurrent(); CudaDriver.memFree(address); }
            @Override public void synchronize() { CudaDevice.this.synchronize(); }
            @Override public long[] info() { makeCurrent(); return CudaDriver.memInfo(); }
        }, index);
    }

    /** Makes this device's context current on the calling thread (every thread needs it once). */
    void makeCurrent() {
        if (THREAD_DEVICE.get() != this) {
            CudaDriver.setCurrent(context);
            THREAD_DEVICE.set(this);
        }
    }

    void synchronize() {
        makeCurrent();
        CudaDriver.streamSynchronize(stream);
    }

    /** The kernel {@code function} of {@code source}, compiled by NVRTC and loaded once per device. */
    MemorySegment function(String source, String function) {
        MemorySegment f = functions.get(function);
        if (f != null) return f;
        return functions.computeIfAbsent(function, fn -> {
            makeCurrent();
            MemorySegment module = modules.computeIfAbsent(source, src -> Modules.load(this, src, fn));
            return CudaDriver.moduleGetFunction(module, fn);
        });
    }

    /** The cuBLAS handle on this device's stream, or null when libcublas is missing (matmul then uses a kernel). */
    MemorySegment cublas(boolean allowTf32) {
        if (cublas == null && cublasFailure == null) {
            synchronized (this) {
                if (cublas == null && cublasFailure == null) {
                    try {
                        makeCurrent();
                        cublas = Cublas.create(stream);
                        mathMode = Cublas.DEFAULT_MATH;
                    } catch (Throwable t) {
                        cublasFailure = t;
                    }
                }
            }
        }
        MemorySegment h = cublas;
        if (h == null) return null;
        int want = allowTf32 ? Cublas.TF32_TENSOR_OP_MATH : Cublas.DEFAULT_MATH;
        if (want != mathMode) {
            synchronized (this) {
                Cublas.setMathMode(h, want);
                mathMode = want;
            }
        }
        return h;
    }

    /** Why cuBLAS could not be used, or null. */
    Throwable cublasFailure() { return cublasFailure; }

    /** Compiled modules are shared by name across devices of one architecture. */
    static final class Modules {
        private static final ConcurrentHashMap<String, byte[]> PTX = new ConcurrentHashMap<>();

        static MemorySegment load(CudaDevice device, String source, String function) {
            int arch = Nvrtc.architecture(device.computeCapability);
            // the module is named after the function that needed it first; its other variants share it
            byte[] ptx = PTX.computeIfAbsent(arch + ":" + source, k -> Nvrtc.compile(source, moduleName(function) + ".cu", arch));
            try (Arena a = Arena.ofConfined()) {
                // the driver parses (and JIT-compiles) the image during the call, so it need not outlive it
                MemorySegment image = a.allocate(ptx.length + 1L);
                MemorySegment.copy(ptx, 0, image, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, ptx.length);
                return CudaDriver.moduleLoadData(image);
            }
        }

        private static String moduleName(String function) {
            return function.replaceAll("_(c|s|finish)$", "");
        }
    }
}
