package dev.jtorch.autograd;

/**
 * Whether ops record the graph, per thread like PyTorch's grad mode. Scopes restore the previous mode
 * when closed, so they nest: {@code try (var g = Torch.noGrad()) { ... }}.
 */
public final class GradMode {
    private GradMode() {}

    private static final class State {
        boolean enabled = true;
        boolean inference;
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    public static boolean isEnabled() { return STATE.get().enabled; }

    public static boolean isInferenceMode() { return STATE.get().inference; }

    /** A scope with grad mode set to {@code enabled}; closing it restores what was before. */
    public static Scope set(boolean enabled) {
        State s = STATE.get();
        Scope scope = new Scope(s, s.enabled, s.inference);
        s.enabled = enabled;
        return scope;
    }

    /**
     * {@code torch.inference_mode(on)}: grad mode is set to {@code !on}, as PyTorch's guard does (so
     * {@code inference_mode(false)} re-enables grad). Tensors made inside are not marked as inference tensors.
     */
    public static Scope inference(boolean on) {
        State s = STATE.get();
        Scope scope = new Scope(s, s.enabled, s.inference);
        s.enabled = !on;
        s.inference = on;
        return scope;
    }

    /** Sets the mode for the rest of this thread, as {@code torch.set_grad_enabled(b)} used as a function. */
    public static void setEnabled(boolean enabled) { STATE.get().enabled = enabled; }

    /** Restores the grad mode that was in force when it was opened. */
    public static final class Scope implements AutoCloseable {
        private final State state;
        private final boolean previous;
        private final boolean previousInference;
        private boolean closed;

        private Scope(State state, boolean previous, boolean previousInference) {
            this.state = state;
            this.previous = previous;
            this.previousInference = previousInference;
        }

        @Override public void close() {
            if (closed) return;
            closed = true;
            state.enabled = previous;
            state.inference = previousInference;
        }
    }
}
