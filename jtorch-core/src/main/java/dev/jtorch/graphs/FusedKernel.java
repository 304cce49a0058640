package dev.jtorch.graphs;

/**
 * One group of a fused chain compiled to a class of its own ({@link GroupCompiler}): runs the group over
 * elements [0, len) of the block that starts at chain element {@code block}. {@code arrays} is a
 * {@code float[][]} or {@code double[][]} of the group's memory operands in canonical order, {@code offsets}
 * their element offsets (of the tensor, or of the single value). Kept free of vector types so that the
 * interpreters can hold one without loading the Vector API.
 */
interface FusedKernel {
    void run(Object arrays, int[] offsets, int block, int len);
}
