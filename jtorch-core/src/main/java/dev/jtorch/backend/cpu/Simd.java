package dev.jtorch.backend.cpu;

/**
 * Whether kernels may use the Vector API. Decided from the boot layer before any class that names a vector
 * type is loaded: without {@code --add-modules jdk.incubator.vector} loading one would fail, so every call
 * into {@link VectorKernels} or a {@code VectorGemm*} class sits behind {@link #useVector}.
 * {@code -Djtorch.disableVector=true} forces the scalar kernels.
 */
final class Simd {
    private Simd() {}

    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("jtorch.disableVector");

    /** Which kernels run; tests flip it to check the vector and the scalar paths against each other. */
    static volatile boolean useVector = VECTOR;
}
