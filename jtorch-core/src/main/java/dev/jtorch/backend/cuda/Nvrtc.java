package dev.jtorch.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** NVRTC through FFM: CUDA C source to PTX at run time, so jtorch needs no nvcc and ships no binaries. */
final class Nvrtc {
    private Nvrtc() {}

    private static final SymbolLookup LIB = NativeLibs.nvrtc();

    private static MethodHandle fn(String name, MemoryLayout... args) {
        return NativeLibs.LINKER.downcallHandle(LIB.findOrThrow(name), FunctionDescriptor.of(JAVA_INT, args));
    }

    private static final MethodHandle nvrtcCreateProgram = fn("nvrtcCreateProgram", ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle nvrtcCompileProgram = fn("nvrtcCompileProgram", ADDRESS, JAVA_INT, ADDRESS);
    private static final MethodHandle nvrtcGetPTXSize = fn("nvrtcGetPTXSize", ADDRESS, ADDRESS);
    private static final MethodHandle nvrtcGetPTX = fn("nvrtcGetPTX", ADDRESS, ADDRESS);
    private static final MethodHandle nvrtcGetProgramLogSize = fn("nvrtcGetProgramLogSize", ADDRESS, ADDRESS);
    private static final MethodHandle nvrtcGetProgramLog = fn("nvrtcGetProgramLog", ADDRESS, ADDRESS);
    private static final MethodHandle nvrtcDestroyProgram = fn("nvrtcDestroyProgram", ADDRESS);
    private static final MethodHandle nvrtcGetNumSupportedArchs = fn("nvrtcGetNumSupportedArchs", ADDRESS);
    private static final MethodHandle nvrtcGetSupportedArchs = fn("nvrtcGetSupportedArchs", ADDRESS);
    private static final MethodHandle nvrtcGetErrorString = NativeLibs.LINKER.downcallHandle(
            LIB.findOrThrow("nvrtcGetErrorString"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** Loads libnvrtc (class initialisation), throwing with the places looked in when it is missing. */
    static void load() {}

    private static String error(int code) {
        try {
            MemorySegment s = (MemorySegment) nvrtcGetErrorString.invokeExact(code);
            return s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "NVRTC error " + code;
        }
    }

    private static void check(int code, String call) {
        if (code != 0) throw new IllegalStateException("NVRTC error: " + error(code) + " (" + call + ")");
    }

    /**
     * The {@code compute_XX} architecture to compile for: the device's compute capability, or the newest
     * this NVRTC knows when the device is newer than the toolkit (the driver JIT-compiles PTX forward).
     */
    static int architecture(int deviceArch) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(JAVA_INT);
            check((int) nvrtcGetNumSupportedArchs.invokeExact(n), "nvrtcGetNumSupportedArchs");
            int count = n.get(JAVA_INT, 0);
            if (count <= 0) return deviceArch;
            MemorySegment archs = a.allocate(JAVA_INT, count);
            check((int) nvrtcGetSupportedArchs.invokeExact(archs), "nvrtcGetSupportedArchs");
            int best = -1;
            for (int i = 0; i < count; i++) {
                int v = archs.getAtIndex(JAVA_INT, i);
                if (v <= deviceArch && v > best) best = v;
            }
            if (best < 0) {
                throw new IllegalStateException("this NVRTC cannot compile for compute capability " + deviceArch / 10 + "."
                        + deviceArch % 10 + " (its oldest architecture is " + archs.getAtIndex(JAVA_INT, 0) + ")");
            }
            return best;
        } catch (Throwable t) {
            throw NativeLibs.rethrow(t);
        }
    }

    /** Compiles {@code source} to a NUL-terminated PTX image; a compile error carries NVRTC's log and the source. */
    static byte[] compile(String source, String name, int arch) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment progHolder = a.allocate(ADDRESS);
            check((int) nvrtcCreateProgram.invokeExact(progHolder, a.allocateFrom(source), a.allocateFrom(name), 0,
                    MemorySegment.NULL, MemorySegment.NULL), "nvrtcCreateProgram");
            MemorySegment prog = progHolder.get(ADDRESS, 0);
            try {
                String[] opts = {"--gpu-architecture=compute_" + arch, "--std=c++17"};
                MemorySegment optv = a.allocate(ADDRESS, opts.length);
                for (int i = 0; i < opts.length; i++) optv.setAtIndex(ADDRESS, i, a.allocateFrom(opts[i]));
                int r = (int) nvrtcCompileProgram.invokeExact(prog, opts.length, optv);
                if (r != 0) {
                    throw new IllegalStateException("NVRTC could not compile kernel " + name + ": " + error(r) + "\n"
                            + log(a, prog) + "\n---- source ----\n" + source);
                }
                MemorySegment size = a.allocate(JAVA_LONG);
                check((int) nvrtcGetPTXSize.invokeExact(prog, size), "nvrtcGetPTXSize");
                MemorySegment ptx = a.allocate(size.get(JAVA_LONG, 0));
                check((int) nvrtcGetPTX.invokeExact(prog, ptx), "nvrtcGetPTX");
                return ptx.toArray(JAVA_BYTE);
            } finally {
                int ignored = (int) nvrtcDestroyProgram.invokeExact(progHolder);
            }
        } catch (Throwable t) {
            throw NativeLibs.rethrow(t);
        }
    }

    private static String log(Arena a, MemorySegment prog) throws Throwable {
        MemorySegment size = a.allocate(JAVA_LONG);
        if ((int) nvrtcGetProgramLogSize.invokeExact(prog, size) != 0) return "";
        MemorySegment buf = a.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
        if ((int) nvrtcGetProgramLog.invokeExact(prog, buf) != 0) return "";
        return buf.getString(0);
    }
}
