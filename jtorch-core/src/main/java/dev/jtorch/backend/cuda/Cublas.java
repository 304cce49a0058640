package dev.jtorch.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** cuBLAS through FFM: strided-batched GEMM in column-major terms (the caller does the row-major trick). */
final class Cublas {
    private Cublas() {}

    static final int OP_N = 0, OP_T = 1;
    static final int DEFAULT_MATH = 0, TF32_TENSOR_OP_MATH = 3;

    private static final SymbolLookup LIB = NativeLibs.cublas();

    private static MethodHandle fn(String name, MemoryLayout... args) {
        return NativeLibs.LINKER.downcallHandle(LIB.findOrThrow(name), FunctionDescriptor.of(JAVA_INT, args));
    }

    private static final MethodHandle cublasCreate = fn("cublasCreate_v2", ADDRESS);
    private static final MethodHandle cublasSetStream = fn("cublasSetStream_v2", ADDRESS, ADDRESS);
    private static final MethodHandle cublasSetMathMode = fn("cublasSetMathMode", ADDRESS, JAVA_INT);
    // (handle, transa, transb, m, n, k, alpha*, A, lda, strideA, B, ldb, strideB, beta*, C, ldc, strideC, batch)
    private static final MethodHandle cublasSgemmStridedBatched = fn("cublasSgemmStridedBatched", ADDRESS, JAVA_INT,
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG,
            ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle cublasDgemmStridedBatched = fn("cublasDgemmStridedBatched", ADDRESS, JAVA_INT,
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG,
            ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);

    private static void check(int status, String call) {
        if (status != 0) throw new IllegalStateException("cuBLAS error " + statusName(status) + " (" + call + ")");
    }

    private static String statusName(int s) {
        return switch (s) {
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
            default -> String.valueOf(s);
        };
    }

    static MemorySegment create(MemorySegment stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(ADDRESS);
            check((int) cublasCreate.invokeExact(h), "cublasCreate_v2");
            MemorySegment handle = h.get(ADDRESS, 0);
            check((int) cublasSetStream.invokeExact(handle, stream), "cublasSetStream_v2");
            check((int) cublasSetMathMode.invokeExact(handle, DEFAULT_MATH), "cublasSetMathMode");
            return handle;
        } catch (Throwable t) {
            throw NativeLibs.rethrow(t);
        }
    }

    static void setMathMode(MemorySegment handle, int mode) {
        try {
            check((int) cublasSetMathMode.invokeExact(handle, mode), "cublasSetMathMode");
        } catch (Throwable t) {
            throw NativeLibs.rethrow(t);
        }
    }

    /** C = op(A) op(B) (alpha 1, beta 0), column-major, {@code batch} times with the given element strides. */
    static void sgemm(MemorySegment handle, int transA, int transB, int m, int n, int k, long a, int lda, long strideA,
                      long b, int ldb, long strideB, long c, int ldc, long strideC, int batch, Arena scratch) {
        MemorySegment one = scratch.allocateFrom(JAVA_FLOAT, 1f), zero = scratch.allocateFrom(JAVA_FLOAT, 0f);
        try {
            check((int) cublasSgemmStridedBatched.invokeExact(handle, transA, transB, m, n, k, one, a, lda, strideA, b, ldb,
                    strideB, zero, c, ldc, strideC, batch), "cublasSgemmStridedBatched");
        } catch (Throwable t) {
            throw NativeLibs.rethrow(t);
        }
    }

    static void dgemm(MemorySegment handle, int transA, int transB, int m, int n, int k, long a, int lda, long strideA,
                      long b, int ldb, long strideB, long c, int ldc, long strideC, int batch, Arena scratch) {
        MemorySegment one = scratch.allocateFrom(JAVA_DOUBLE, 1.0), zero = scratch.allocateFrom(JAVA_DOUBLE, 0.0);
        try {
            check((int) cublasDgemmStridedBatched.invokeExact(handle, transA, transB, m, n, k, one, a, lda, strideA, b, ldb,
                    strideB, zero, c, ldc, strideC, batch), "cublasDgemmStridedBatched");
        } catch (Throwable t) {
            throw NativeLibs.rethrow(t);
        }
    }
}
