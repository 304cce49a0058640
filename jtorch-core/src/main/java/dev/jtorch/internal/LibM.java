package dev.jtorch.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The platform C math library's {@code log}, {@code sin}, {@code cos} (and their float versions), called
 * through the foreign function API.
 *
 * <p>PyTorch's CPU kernels call the C library for these, and the C library does not round them
 * correctly in every case (glibc's {@code log}, for one, differs from the correctly rounded result for
 * about one argument in 1500, and Java's {@link StrictMath} differs from glibc far more often). To
 * reproduce PyTorch's random streams to the bit, the generator calls the very same functions. Where
 * the native library cannot be reached (native access denied, no such symbol) it falls back to
 * {@link StrictMath}, which agrees to within an ulp; {@link #isNative()} tells which is in use.
 */
public final class LibM {
    private LibM() {}

    private static final MethodHandle LOG, SIN, COS, LOGF, SINF, COSF;
    private static final boolean NATIVE;

    static {
        MethodHandle log = null, sin = null, cos = null, logf = null, sinf = null, cosf = null;
        boolean ok = false;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lookup = linker.defaultLookup();
            FunctionDescriptor dd = FunctionDescriptor.of(ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE);
            FunctionDescriptor ff = FunctionDescriptor.of(ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_FLOAT);
            Linker.Option leaf = Linker.Option.critical(false);
            log = linker.downcallHandle(find(lookup, "log"), dd, leaf);
            sin = linker.downcallHandle(find(lookup, "sin"), dd, leaf);
            cos = linker.downcallHandle(find(lookup, "cos"), dd, leaf);
            logf = linker.downcallHandle(find(lookup, "logf"), ff, leaf);
            sinf = linker.downcallHandle(find(lookup, "sinf"), ff, leaf);
            cosf = linker.downcallHandle(find(lookup, "cosf"), ff, leaf);
            // one call each way, so that a broken binding shows here and not in the middle of a fill
            ok = (double) log.invokeExact(1.0) == 0.0 && (float) cosf.invokeExact(0.0f) == 1.0f;
        } catch (Throwable t) {
            ok = false;
        }
        NATIVE = ok;
        LOG = log; SIN = sin; COS = cos; LOGF = logf; SINF = sinf; COSF = cosf;
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        Optional<MemorySegment> s = lookup.find(name);
        if (s.isEmpty()) {
            for (String lib : new String[] {"libm.so.6", "libm.so", "libm.dylib"}) {
                try {
                    s = SymbolLookup.libraryLookup(lib, java.lang.foreign.Arena.global()).find(name);
                    if (s.isPresent()) break;
                } catch (IllegalArgumentException ignored) {
                    // try the next name
                }
            }
        }
        return s.orElseThrow(() -> new UnsatisfiedLinkError(name));
    }

    /** True when the C library's functions are in use, false when the StrictMath fallback is. */
    public static boolean isNative() { return NATIVE; }

    public static double log(double x) {
        if (!NATIVE) return StrictMath.log(x);
        try { return (double) LOG.invokeExact(x); } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static double sin(double x) {
        if (!NATIVE) return StrictMath.sin(x);
        try { return (double) SIN.invokeExact(x); } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static double cos(double x) {
        if (!NATIVE) return StrictMath.cos(x);
        try { return (double) COS.invokeExact(x); } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static float logf(float x) {
        if (!NATIVE) return (float) StrictMath.log(x);
        try { return (float) LOGF.invokeExact(x); } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static float sinf(float x) {
        if (!NATIVE) return (float) StrictMath.sin(x);
        try { return (float) SINF.invokeExact(x); } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static float cosf(float x) {
        if (!NATIVE) return (float) StrictMath.cos(x);
        try { return (float) COSF.invokeExact(x); } catch (Throwable t) { throw new AssertionError(t); }
    }
}
