package dev.jtorch.autograd;

/** Returned by hook registrations; {@link #remove()} unregisters the hook (PyTorch's RemovableHandle). */
@FunctionalInterface
public interface RemovableHandle extends AutoCloseable {
    void remove();

    @Override default void close() { remove(); }
}
