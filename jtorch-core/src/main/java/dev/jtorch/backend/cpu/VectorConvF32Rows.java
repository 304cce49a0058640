package dev.jtorch.backend.cpu;

/**
 * {@link VectorConvF32}'s block sizes, readable without loading the Vector API (the vector width comes
 * from the JVM's preferred species only when the module is present).
 */
final class VectorConvF32Rows {
    private VectorConvF32Rows() {}

    /** Columns per vector, and per micro-tile (two vectors); 1 and 1 when there is no Vector API. */
    static final int VL = Simd.VECTOR ? VectorConvF32.VL : 1, NR = 2 * VL;
    /** Rows a scratch output needs beyond its last row for the kernel's 8-row tiles. */
    static final int PAD = 8;
}
