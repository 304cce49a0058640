package dev.jtorch.examples.book;

import java.util.LinkedHashMap;
import java.util.Map;

/** The ported programs by their Python file names, for {@code bin/jtorch example NAME}. */
public final class Examples {
    private Examples() {}

    /** A program's {@code main}. */
    public interface Program {
        void run(String[] args) throws Exception;
    }

    public record Entry(String description, Program program) {}

    public static Map<String, Entry> all() {
        Map<String, Entry> m = new LinkedHashMap<>();
        m.put("tensor_basic", new Entry("3.1.1 rank and shape", TensorBasic::main));
        m.put("tensor_operation", new Entry("3.1.2 arithmetic and the matrix product", TensorOperation::main));
        m.put("autograd_basic", new Entry("3.1.3 autograd on a scalar", AutogradBasic::main));
        m.put("image_recovery", new Entry("project 1: restoring a picture by gradient descent [steps]", ImageRecovery::main));
        m.put("tensor_creation", new Entry("tensors from lists and arrays, zeros and rand", TensorCreation::main));
        m.put("shape_ops", new Entry("reshape, view, squeeze and unsqueeze", ShapeOps::main));
        m.put("join_split", new Entry("chunk, split, cat and stack", JoinSplit::main));
        m.put("matmul_vs_mul", new Entry("@ (matmul) against * (mul)", MatmulVsMul::main));
        m.put("gradients", new Entry("gradients of a function of two leaves", Gradients::main));
        return m;
    }
}
