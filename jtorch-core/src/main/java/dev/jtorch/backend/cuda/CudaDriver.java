package dev.jtorch.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The CUDA driver API through FFM. Device pointers ({@code CUdeviceptr}) are Java longs; handles
 * (context, stream, module, function) are addresses. The class fails to initialise when libcuda cannot be
 * loaded; {@link Cuda} turns that into {@code isAvailable() == false} with the reason kept.
 */
final class CudaDriver {
    private CudaDriver() {}

    static final int CUDA_SUCCESS = 0;
    static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
    static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    static final int CU_STREAM_NON_BLOCKING = 1;

    private static final Linker LINKER = NativeLibs.LINKER;
    private static final SymbolLookup LIB = NativeLibs.driver();

    private static MethodHandle fn(String name, MemoryLayout... args) {
        return LINKER.downcallHandle(LIB.findOrThrow(name), FunctionDescriptor.of(JAVA_INT, args));
    }

    /** A call that may read or write a Java array directly (host side of a copy). */
    private static MethodHandle heapFn(String name, MemoryLayout... args) {
        return LINKER.downcallHandle(LIB.findOrThrow(name), FunctionDescriptor.of(JAVA_INT, args),
                Linker.Option.critical(true));
    }

    private static final MethodHandle cuInit = fn("cuInit", JAVA_INT);
    private static final MethodHandle cuDeviceGetCount = fn("cuDeviceGetCount", ADDRESS);
    private static final MethodHandle cuDeviceGet = fn("cuDeviceGet", ADDRESS, JAVA_INT);
    private static final MethodHandle cuDeviceGetAttribute = fn("cuDeviceGetAttribute", ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle cuDeviceGetName = fn("cuDeviceGetName", ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle cuDevicePrimaryCtxRetain = fn("cuDevicePrimaryCtxRetain", ADDRESS, JAVA_INT);
    private static final MethodHandle cuCtxSetCurrent = fn("cuCtxSetCurrent", ADDRESS);
    private static final MethodHandle cuCtxSynchronize = fn("cuCtxSynchronize");
    private static final MethodHandle cuMemGetInfo = fn("cuMemGetInfo_v2", ADDRESS, ADDRESS);
    private static final MethodHandle cuMemAlloc = fn("cuMemAlloc_v2", ADDRESS, JAVA_LONG);
    private static final MethodHandle cuMemFree = fn("cuMemFree_v2", JAVA_LONG);
    private static final MethodHandle cuMemcpyHtoDAsync = heapFn("cuMemcpyHtoDAsync_v2", JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS);
    private static final MethodHandle cuMemcpyDtoHAsync = heapFn("cuMemcpyDtoHAsync_v2", ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS);
    private static final MethodHandle cuMemcpyDtoDAsync = fn("cuMemcpyDtoDAsync_v2", JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS);
    private static final MethodHandle cuMemsetD8Async = fn("cuMemsetD8Async", JAVA_LONG, JAVA_BYTE, JAVA_LONG, ADDRESS);
    private static final MethodHandle cuStreamCreate = fn("cuStreamCreate", ADDRESS, JAVA_INT);
    private static final MethodHandle cuStreamSynchronize = fn("cuStreamSynchronize", ADDRESS);
    private static final MethodHandle cuModuleLoadData = fn("cuModuleLoadData", ADDRESS, ADDRESS);
    private static final MethodHandle cuModuleGetFunction = fn("cuModuleGetFunction", ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle cuLaunchKernel = fn("cuLaunchKernel", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle cuGetErrorString = fn("cuGetErrorString", JAVA_INT, ADDRESS);
    private static final MethodHandle cuGetErrorName = fn("cuGetErrorName", JAVA_INT, ADDRESS);

    // ------------------------------------------------------------------ errors

    static final class CudaException extends IllegalStateException {
        final int code;

        CudaException(String message, int code) {
            super(message);
            this.code = code;
        }
    }

    static void check(int result, String call) {
        if (result != CUDA_SUCCESS) throw new CudaException("CUDA error: " + errorString(result) + " (" + call + ")", result);
    }

    static String errorString(int result) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            String name = (int) cuGetErrorName.invokeExact(result, p) == 0 ? cString(p) : "CUDA_ERROR_" + result;
            String text = (int) cuGetErrorString.invokeExact(result, p) == 0 ? cString(p) : "unknown error";
            return text + " [" + name + "]";
        } catch (Throwable t) {
            return "error " + result;
        }
    }

    private static String cString(MemorySegment pointerHolder) {
        MemorySegment s = pointerHolder.get(ADDRESS, 0);
        return s.equals(MemorySegment.NULL) ? "?" : s.reinterpret(4096).getString(0);
    }

    static RuntimeException rethrow(Throwable t) { return NativeLibs.rethrow(t); }

    // ------------------------------------------------------------------ device and context

    /** cuInit and the number of devices; a machine with the driver but no GPU gives 0. */
    static int init() {
        try (Arena a = Arena.ofConfined()) {
            int r = (int) cuInit.invokeExact(0);
            if (r != CUDA_SUCCESS) throw new CudaException("CUDA is not available: cuInit failed: " + errorString(r), r);
            MemorySegment n = a.allocate(JAVA_INT);
            check((int) cuDeviceGetCount.invokeExact(n), "cuDeviceGetCount");
            return n.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int deviceGet(int ordinal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment d = a.allocate(JAVA_INT);
            check((int) cuDeviceGet.invokeExact(d, ordinal), "cuDeviceGet");
            return d.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int attribute(int attribute, int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) cuDeviceGetAttribute.invokeExact(v, attribute, device), "cuDeviceGetAttribute");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static String deviceName(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(256);
            check((int) cuDeviceGetName.invokeExact(buf, 256, device), "cuDeviceGetName");
            return buf.getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment primaryContext(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(ADDRESS);
            check((int) cuDevicePrimaryCtxRetain.invokeExact(c, device), "cuDevicePrimaryCtxRetain");
            return c.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void setCurrent(MemorySegment context) {
        try {
            check((int) cuCtxSetCurrent.invokeExact(context), "cuCtxSetCurrent");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void contextSynchronize() {
        try {
            check((int) cuCtxSynchronize.invokeExact(), "cuCtxSynchronize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {free, total} bytes of the current context's device. */
    static long[] memInfo() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment free = a.allocate(JAVA_LONG), total = a.allocate(JAVA_LONG);
            check((int) cuMemGetInfo.invokeExact(free, total), "cuMemGetInfo");
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ------------------------------------------------------------------ memory

    /** cuMemAlloc; 0 when the device is out of memory (the allocator then frees its cache and retries). */
    static long memAlloc(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_LONG);
            int r = (int) cuMemAlloc.invokeExact(p, bytes);
            if (r == CUDA_ERROR_OUT_OF_MEMORY) return 0;
            check(r, "cuMemAlloc");
            return p.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void memFree(long ptr) {
        try {
            check((int) cuMemFree.invokeExact(ptr), "cuMemFree");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Host to device on {@code stream}; {@code src} may be a heap segment (pageable memory is staged before return). */
    static void copyHtoD(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        try {
            check((int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyHtoDAsync");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Device to host on {@code stream}; callers synchronise the stream before reading {@code dst}. */
    static void copyDtoH(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        try {
            check((int) cuMemcpyDtoHAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyDtoHAsync");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void copyDtoD(long dst, long src, long bytes, MemorySegment stream) {
        try {
            check((int) cuMemcpyDtoDAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyDtoDAsync");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void memsetD8(long dst, byte value, long bytes, MemorySegment stream) {
        try {
            check((int) cuMemsetD8Async.invokeExact(dst, value, bytes, stream), "cuMemsetD8Async");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ------------------------------------------------------------------ streams, modules, launches

    static MemorySegment streamCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(ADDRESS);
            check((int) cuStreamCreate.invokeExact(s, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
            return s.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void streamSynchronize(MemorySegment stream) {
        try {
            check((int) cuStreamSynchronize.invokeExact(stream), "cuStreamSynchronize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Loads a PTX image (NUL-terminated) into the current context. */
    static MemorySegment moduleLoadData(MemorySegment image) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(ADDRESS);
            check((int) cuModuleLoadData.invokeExact(m, image), "cuModuleLoadData");
            return m.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment moduleGetFunction(MemorySegment module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(ADDRESS);
            check((int) cuModuleGetFunction.invokeExact(f, module, a.allocateFrom(name)), "cuModuleGetFunction " + name);
            return f.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code params} is a {@code void*[]} whose entries point at the argument values. */
    static void launch(MemorySegment function, int gridX, int gridY, int blockX, int sharedBytes, MemorySegment stream,
                       MemorySegment params) {
        try {
            check((int) cuLaunchKernel.invokeExact(function, gridX, gridY, 1, blockX, 1, 1, sharedBytes, stream, params,
                    MemorySegment.NULL), "cuLaunchKernel");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
