package dev.jtorch.autograd;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.internal.Mem;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * {@code torch.autograd}: {@code grad}, {@code backward}, {@code gradcheck} and {@code gradgradcheck}.
 * Users reach it as {@code Torch.autograd.grad(...)}; Python keyword arguments are overloads, and a
 * function under test takes the inputs as an array and returns a Tensor, a Tensor[] or a List of Tensors.
 *
 * <p>Not final: {@code Torch.autograd} extends it so the static methods read as in Python.
 */
public class Autograd {
    protected Autograd() {}

    private static final String FAILED_NONDET_MSG = "\n"
            + "\n"
            + "NOTE: If your op relies on non-deterministic operations i.e., it is listed here:\n"
            + "https://pytorch.org/docs/stable/generated/torch.use_deterministic_algorithms.html\n"
            + "this failure might be expected.\n"
            + "\n"
            + "If you are adding a new operator, please file an issue and then use one of the\n"
            + "workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck.\n"
            + "If the test\n"
            + "- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck\n"
            + "  with `nondet_tol=<tol>` as a keyword argument.\n"
            + "- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test\n"
            + "  to have `gradcheck_nondet_tol=<tol>`.\n"
            + "- is a Module test (e.g., in common_nn.py), then modify the corresponding\n"
            + "  module_test entry to have `gradcheck_nondet_tol=<tol>`\n";

    /** PyTorch's gradcheck defaults. */
    public static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

    // ------------------------------------------------------------------ grad and backward

    /**
     * {@code torch.autograd.grad}: the gradients of {@code outputs} with respect to {@code inputs}, leaving
     * {@code .grad} untouched. {@code gradOutputs} may be null (or hold nulls) for scalar outputs; an unused
     * input gives a null entry when {@code allowUnused}, else an error.
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean retainGraph,
                                boolean createGraph, boolean allowUnused) {
        return Engine.grad(outputs, inputs, gradOutputs, retainGraph, createGraph, allowUnused);
    }

    /** As in Python, {@code retain_graph} defaults to {@code create_graph}. */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean createGraph) {
        return grad(outputs, inputs, gradOutputs, createGraph, createGraph, false);
    }

    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs) {
        return grad(outputs, inputs, gradOutputs, false, false, false);
    }

    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs) { return grad(outputs, inputs, null); }

    /** {@code torch.autograd.grad(output, inputs)} for one (scalar) output. */
    public static Tensor[] grad(Tensor output, Tensor... inputs) { return grad(new Tensor[] {output}, inputs, null); }

    /** {@code torch.autograd.backward(tensors, grad_tensors, retain_graph, create_graph)}: accumulates into leaves' {@code .grad}. */
    public static void backward(Tensor[] tensors, Tensor[] gradTensors, boolean retainGraph, boolean createGraph) {
        Engine.backward(tensors, gradTensors == null ? new Tensor[tensors.length] : gradTensors, retainGraph, createGraph);
    }

    public static void backward(Tensor[] tensors, Tensor[] gradTensors) { backward(tensors, gradTensors, false, false); }

    public static void backward(Tensor... tensors) { backward(tensors, null, false, false); }

    // ------------------------------------------------------------------ anomaly detection

    /** {@code torch.autograd.set_detect_anomaly(mode)}. */
    public static void setDetectAnomaly(boolean mode) { AnomalyMode.setEnabled(mode); }

    /** {@code with torch.autograd.detect_anomaly():} as {@code try (var a = Torch.autograd.detectAnomaly()) {...}}. */
    public static AnomalyMode.Scope detectAnomaly() { return AnomalyMode.scope(true); }

    // ------------------------------------------------------------------ gradcheck

    /**
     * {@code torch.autograd.gradcheck}: compares the Jacobian from backward with central finite differences
     * for every input that requires grad. Returns true, or throws {@link GradcheckError} showing both.
     */
    public static boolean gradcheck(UnaryOperator<Tensor> fn, Tensor input) {
        return gradcheck(in -> fn.apply(in[0]), new Tensor[] {input}, EPS, ATOL, RTOL);
    }

    public static boolean gradcheck(Function<Tensor[], ?> fn, Tensor... inputs) {
        return gradcheck(fn, inputs, EPS, ATOL, RTOL);
    }

    public static boolean gradcheck(Function<Tensor[], ?> fn, Tensor[] inputs, double eps, double atol, double rtol) {
        List<Integer> diff = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (in == null || !in.requiresGrad()) continue;
            if (in.dtype() != DType.FLOAT64) {
                System.err.println("UserWarning: Input #" + i + " requires gradient and is not a double precision floating "
                        + "point or complex. This check will likely fail if all the inputs are not of double precision "
                        + "floating point or complex. ");
            }
            for (int d = 0; d < in.dim(); d++) {
                if (in.stridesRef()[d] == 0 && in.shapeRef()[d] > 1) {
                    throw new IllegalArgumentException("The " + i + "th input has a dimension with stride 0. gradcheck only "
                            + "supports inputs that are non-overlapping to be able to compute the numerical gradients "
                            + "correctly. You should call .contiguous on the input before passing it to gradcheck.");
                }
            }
            diff.add(i);
        }
        if (diff.isEmpty()) {
            throw new IllegalArgumentException("gradcheck expects at least one input tensor to require gradient, "
                    + "but none of the them have requires_grad=True.");
        }
        Tensor[] outputs = outputs(fn.apply(inputs));
        double[][][] numerical = new double[outputs.length][diff.size()][];
        for (int j = 0; j < diff.size(); j++) {
            Tensor x = inputs[diff.get(j)];
            long n = x.numel();
            double[][][] cols = new double[outputs.length][(int) n][];
            for (long k = 0; k < n; k++) {
                long at = x.storageIndex(k);
                double orig = Mem.getDouble(x.segment(), x.dtype(), at);
                Mem.setDouble(x.segment(), x.dtype(), at, orig - eps);
                double[][] minus = flatOutputs(fn, inputs);
                Mem.setDouble(x.segment(), x.dtype(), at, orig + eps);
                double[][] plus = flatOutputs(fn, inputs);
                Mem.setDouble(x.segment(), x.dtype(), at, orig);
                for (int o = 0; o < outputs.length; o++) {
                    double[] d = new double[plus[o].length];
                    for (int m = 0; m < d.length; m++) d[m] = (plus[o][m] - minus[o][m]) / (2 * eps);
                    cols[o][(int) k] = d;
                }
            }
            for (int o = 0; o < outputs.length; o++) numerical[o][j] = flattenRows(cols[o], outputs[o].numel());
        }
        Tensor[] diffInputs = new Tensor[diff.size()];
        for (int j = 0; j < diffInputs.length; j++) diffInputs[j] = inputs[diff.get(j)];
        // outputs that do not require grad are not compared, unless none does: then the function must be constant
        List<Integer> diffOut = new ArrayList<>();
        for (int o = 0; o < outputs.length; o++) if (outputs[o].requiresGrad()) diffOut.add(o);
        if (diffOut.isEmpty()) {
            for (double[][] perInput : numerical) {
                for (double[] block : perInput) {
                    for (double v : block) if (v != 0) throw new GradcheckError("Numerical gradient for function expected to be zero");
                }
            }
            return true;
        }
        for (int i = 0; i < diffOut.size(); i++) {
            int o = diffOut.get(i);
            double[][] analytical = analytical(outputs[o], diffInputs);
            for (int j = 0; j < diffInputs.length; j++) {
                if (!allclose(analytical[j], numerical[o][j], atol, rtol)) {
                    long rows = diffInputs[j].numel(), colsN = outputs[o].numel();
                    DType t = outputs[o].dtype().isFloatingPoint() ? outputs[o].dtype() : DType.FLOAT64;
                    throw new GradcheckError("Jacobian mismatch for output " + i + " with respect to input " + j + ",\n"
                            + "numerical:" + matrix(numerical[o][j], rows, colsN, t) + "\n"
                            + "analytical:" + matrix(analytical[j], rows, colsN, t) + "\n");
                }
            }
            double[][] again = analytical(outputs[o], diffInputs);
            for (int j = 0; j < diffInputs.length; j++) {
                if (!java.util.Arrays.equals(analytical[j], again[j])) {
                    throw new GradcheckError("Backward is not reentrant, i.e., running backward with same input and "
                            + "grad_output multiple times gives different values, although analytical gradient matches "
                            + "numerical gradient.The tolerance for nondeterminism was 0.0." + FAILED_NONDET_MSG);
                }
            }
        }
        return true;
    }

    /**
     * {@code torch.autograd.gradgradcheck}: gradcheck of the function {@code (inputs, v) -> vjp(fn, inputs, v)}
     * built with {@code create_graph=True}, so second derivatives are checked. {@code v} is random in [-1, 1)
     * (seeded, so runs repeat) when {@code gradOutputs} is null.
     */
    public static boolean gradgradcheck(UnaryOperator<Tensor> fn, Tensor input) {
        return gradgradcheck(in -> fn.apply(in[0]), new Tensor[] {input}, null, EPS, ATOL, RTOL);
    }

    public static boolean gradgradcheck(Function<Tensor[], ?> fn, Tensor... inputs) {
        return gradgradcheck(fn, inputs, null, EPS, ATOL, RTOL);
    }

    public static boolean gradgradcheck(Function<Tensor[], ?> fn, Tensor[] inputs, Tensor[] gradOutputs, double eps,
                                        double atol, double rtol) {
        Tensor[] outs = outputs(fn.apply(inputs));
        if (gradOutputs == null) {
            Random rnd = new Random(0);
            gradOutputs = new Tensor[outs.length];
            for (int i = 0; i < outs.length; i++) {
                DType t = outs[i].dtype().isFloatingPoint() ? outs[i].dtype() : DType.FLOAT64;
                Tensor v = Torch.zeros(outs[i].shapeRef(), t);
                for (long k = 0; k < v.numel(); k++) Mem.setDouble(v.segment(), t, k, rnd.nextDouble() * 2 - 1);
                gradOutputs[i] = v.requiresGrad_();
            }
        }
        int nIn = inputs.length;
        Tensor[] all = new Tensor[nIn + gradOutputs.length];
        System.arraycopy(inputs, 0, all, 0, nIn);
        System.arraycopy(gradOutputs, 0, all, nIn, gradOutputs.length);
        Function<Tensor[], Tensor[]> firstOrder = args -> {
            Tensor[] in = java.util.Arrays.copyOf(args, nIn);
            Tensor[] o = outputs(fn.apply(in));
            List<Tensor> os = new ArrayList<>(), vs = new ArrayList<>(), xs = new ArrayList<>();
            for (int i = 0; i < o.length; i++) {
                if (o[i].requiresGrad()) { os.add(o[i]); vs.add(args[nIn + i]); }
            }
            for (Tensor x : in) if (x != null && x.requiresGrad()) xs.add(x);
            if (os.isEmpty()) return new Tensor[0];
            Tensor[] g = grad(os.toArray(new Tensor[0]), xs.toArray(new Tensor[0]), vs.toArray(new Tensor[0]),
                    true, true, true);
            List<Tensor> r = new ArrayList<>();
            for (Tensor t : g) if (t != null) r.add(t);
            return r.toArray(new Tensor[0]);
        };
        return gradcheck(firstOrder, all, eps, atol, rtol);
    }

    // ------------------------------------------------------------------ helpers

    /** A function's result as an array: a Tensor, a Tensor[] or a List of Tensors. */
    static Tensor[] outputs(Object r) {
        if (r instanceof Tensor t) return new Tensor[] {t};
        if (r instanceof Tensor[] a) return a;
        if (r instanceof List<?> l) {
            Tensor[] a = new Tensor[l.size()];
            for (int i = 0; i < a.length; i++) a[i] = (Tensor) l.get(i);
            return a;
        }
        throw new IllegalArgumentException("the function must return a Tensor, a Tensor[] or a List<Tensor>, got "
                + (r == null ? "null" : r.getClass().getSimpleName()));
    }

    private static double[][] flatOutputs(Function<Tensor[], ?> fn, Tensor[] inputs) {
        // grad mode stays on: a function built on autograd.grad (gradgradcheck's) needs it to produce outputs
        Tensor[] outs = outputs(fn.apply(inputs));
        double[][] r = new double[outs.length][];
        for (int i = 0; i < outs.length; i++) r[i] = outs[i].toDoubleArray();
        return r;
    }

    /** The rows of one (input x output) Jacobian block laid out row-major, PyTorch's layout for gradcheck. */
    private static double[] flattenRows(double[][] rows, long cols) {
        double[] r = new double[Math.toIntExact(rows.length * cols)];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, r, (int) (i * cols), (int) cols);
        return r;
    }

    /** Column m of each block is the vjp of the one-hot gradient at output element m. */
    private static double[][] analytical(Tensor out, Tensor[] inputs) {
        long cols = out.numel();
        double[][] r = new double[inputs.length][];
        for (int j = 0; j < inputs.length; j++) r[j] = new double[Math.toIntExact(inputs[j].numel() * cols)];
        if (!out.requiresGrad() || !out.dtype().isFloatingPoint()) return r;
        for (long m = 0; m < cols; m++) {
            Tensor onehot = Torch.zeros(out.shapeRef(), out.dtype());
            Mem.setDouble(onehot.segment(), out.dtype(), m, 1.0);
            Tensor[] g = grad(new Tensor[] {out}, inputs, new Tensor[] {onehot}, true, false, true);
            for (int j = 0; j < inputs.length; j++) {
                if (g[j] == null) continue;
                double[] v = g[j].toDoubleArray();
                for (int k = 0; k < v.length; k++) r[j][(int) (k * cols + m)] = v[k];
            }
        }
        return r;
    }

    private static boolean allclose(double[] a, double[] b, double atol, double rtol) {
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) return false;
            if (Math.abs(a[i] - b[i]) > atol + rtol * Math.abs(b[i])) return false;
        }
        return true;
    }

    private static Tensor matrix(double[] v, long rows, long cols, DType t) {
        Tensor m = Torch.zeros(new long[] {rows, cols}, t);
        for (int i = 0; i < v.length; i++) Mem.setDouble(m.segment(), t, i, v[i]);
        return m;
    }
}
