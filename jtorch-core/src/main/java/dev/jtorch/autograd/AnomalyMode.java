package dev.jtorch.autograd;

/**
 * {@code torch.autograd.set_detect_anomaly} / {@code detect_anomaly()}: while on, every node remembers the
 * stack of the forward call that made it, a failing backward reports that stack, and a gradient formula that
 * returns nan fails at once. Global, not per thread, as in PyTorch.
 */
public final class AnomalyMode {
    private AnomalyMode() {}

    private static volatile boolean enabled;

    public static boolean isEnabled() { return enabled; }

    public static void setEnabled(boolean on) {
        if (on && !enabled) {
            System.err.println("UserWarning: Anomaly Detection has been enabled. This mode will increase the runtime "
                    + "and should only be enabled for debugging.");
        }
        enabled = on;
    }

    /** Turns anomaly detection on until closed, then restores the previous setting. */
    public static Scope scope(boolean on) {
        Scope s = new Scope(enabled);
        setEnabled(on);
        return s;
    }

    public static final class Scope implements AutoCloseable {
        private final boolean previous;
        private boolean closed;

        private Scope(boolean previous) { this.previous = previous; }

        @Override public void close() {
            if (closed) return;
            closed = true;
            enabled = previous;
        }
    }

    /** The forward call stack a node keeps in anomaly mode, reported when its backward fails. */
    static final class ForwardTrace extends RuntimeException {
        ForwardTrace(String nodeName) {
            super("Error detected in " + nodeName + ". Traceback of forward call that caused the error:");
        }
    }
}
