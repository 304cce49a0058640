package dev.jtorch.graphs;

import dev.jtorch.Storage;
import dev.jtorch.backend.Backend;
import dev.jtorch.backend.cpu.CpuBackend;

/**
 * Internal hooks of CPU graph capture, called from the core on its hot paths ({@code Backend.of},
 * {@code Storage.segment()/array()}, the random generator). Each hook is one static field read while no
 * capture is active anywhere; only then is the thread-local session consulted.
 */
public final class Capture {
    private Capture() {}

    /** Number of captures in progress on any thread (a plain field: the capturing thread sees its own writes). */
    private static int active;
    private static final ThreadLocal<Session> CURRENT = new ThreadLocal<>();

    static final String NOT_PERMITTED = "operation not permitted when stream is capturing";

    /** The CPU backend for the calling thread: the recorder while it captures (outside kernels). */
    public static Backend cpuBackend() {
        if (active == 0) return CpuBackend.INSTANCE;
        Session s = CURRENT.get();
        return s == null || s.kernelDepth > 0 ? CpuBackend.INSTANCE : s.recorder;
    }

    /**
     * Called when code reads or writes a storage's memory directly. During capture only kernels (which are
     * recorded) and the host initialisation of a constant made during capture may touch memory: any other
     * host access would read a value once, at capture time, and replay would silently reuse it.
     */
    public static void checkHostAccess(Storage storage) {
        if (active == 0) return;
        Session s = CURRENT.get();
        if (s == null || s.kernelDepth > 0 || s.isHostConstant(storage)) return;
        throw new IllegalStateException(NOT_PERMITTED + ": the host read or wrote a tensor's data (item(), tolist(), "
                + "printing, a data-dependent shape or an op without a recorded kernel); do it outside the capture");
    }

    /** Random ops would draw their numbers once, at capture time: refused, as replays must not repeat them silently. */
    public static void checkRandom() {
        if (active == 0) return;
        Session s = CURRENT.get();
        if (s == null || s.kernelDepth > 0) return;
        throw new IllegalStateException(NOT_PERMITTED + ": random number generation cannot be captured in a CPU graph; "
                + "draw random tensors outside the capture and copy them into a static input");
    }

    /** Data-dependent output shapes (nonzero, boolean masks) cannot be captured. */
    public static void checkDataDependentShape(String op) {
        if (active == 0) return;
        Session s = CURRENT.get();
        if (s == null || s.kernelDepth > 0) return;
        throw new IllegalStateException(NOT_PERMITTED + ": " + op + " has an output shape that depends on the data");
    }

    /** True while the calling thread captures a graph. */
    public static boolean isCapturing() { return current() != null; }

    static Session current() { return active == 0 ? null : CURRENT.get(); }

    static synchronized void begin(Session s) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a CPU graph capture is already in progress on this thread: captures cannot nest");
        }
        CURRENT.set(s);
        active++;
    }

    static synchronized void end(Session s) {
        if (CURRENT.get() != s) throw new IllegalStateException("this capture is not the one in progress on this thread");
        CURRENT.remove();
        active--;
    }
}
