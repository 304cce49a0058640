package dev.jtorch.autograd;

/** Thrown by {@link Autograd#gradcheck} when analytical and numerical Jacobians differ (PyTorch's GradcheckError). */
public final class GradcheckError extends IllegalStateException {
    public GradcheckError(String message) {
        super(message);
    }
}
