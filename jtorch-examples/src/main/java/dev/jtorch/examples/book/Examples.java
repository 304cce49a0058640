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
        m.put("basic_neural_network", new Entry("3: a 2-5-1 network on four blobs, saved to and loaded from model.pt [path]", BasicNeuralNetwork::main));
        m.put("neural_network", new Entry("4: a 784-256-128-10 network on Fashion-MNIST [epochs batches tests log]", NeuralNetwork::main));
        m.put("overfitting_and_regularization", new Entry("4.3: the same with dropout and flipped images [epochs batches tests log]", OverfittingAndRegularization::main));
        m.put("cnn", new Entry("5: the book's CNN on Fashion-MNIST [epochs batches tests log]", Cnn::main));
        m.put("basic_autoencoder", new Entry("6: an autoencoder with a 3-number code, Adam and MSELoss [epochs batches - log]", BasicAutoencoder::main));
        return m;
    }
}
