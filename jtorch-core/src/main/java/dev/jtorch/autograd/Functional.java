package dev.jtorch.autograd;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.internal.Mem;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * {@code torch.autograd.functional}: Jacobians, Hessians and vector products of a function, computed with
 * the engine on fresh copies of the inputs, so the caller's tensors and graph are left alone. Results are
 * detached unless {@code createGraph} is asked for. Reached as {@code Torch.autograd.functional.jacobian(...)}.
 */
public class Functional {
    protected Functional() {}

    /** The Jacobian of {@code fn} at {@code input}: shape {@code output.shape + input.shape}. */
    public static Tensor jacobian(UnaryOperator<Tensor> fn, Tensor input) {
        return jacobian(in -> fn.apply(in[0]), new Tensor[] {input}, false)[0][0];
    }

    /** Jacobians of every output with respect to every input: {@code result[output][input]}. */
    public static Tensor[][] jacobian(Function<Tensor[], ?> fn, Tensor... inputs) {
        return jacobian(fn, inputs, false);
    }

    public static Tensor[][] jacobian(Function<Tensor[], ?> fn, Tensor[] inputs, boolean createGraph) {
        Tensor[] xs = prepare(inputs, createGraph);
        Tensor[] outs = Autograd.outputs(fn.apply(xs));
        Tensor[][] r = new Tensor[outs.length][xs.length];
        for (int o = 0; o < outs.length; o++) {
            Tensor out = outs[o];
            long n = out.numel();
            Tensor[][] rows = new Tensor[xs.length][(int) n];
            for (long m = 0; m < n; m++) {
                Tensor[] g = null;
                if (out.requiresGrad()) {
                    Tensor onehot = Torch.zeros(out.shapeRef(), out.dtype());
                    Mem.setDouble(onehot.segment(), out.dtype(), m, 1.0);
                    g = Engine.grad(new Tensor[] {out}, xs, new Tensor[] {onehot}, true, createGraph, true);
                }
                for (int j = 0; j < xs.length; j++) {
                    rows[j][(int) m] = g == null || g[j] == null ? Torch.zerosLike(xs[j]) : g[j];
                }
            }
            for (int j = 0; j < xs.length; j++) {
                long[] shape = concat(out.shapeRef(), xs[j].shapeRef());
                Tensor jac = n == 0 ? Torch.zeros(shape, xs[j].dtype()) : Torch.stack(java.util.Arrays.asList(rows[j])).reshape(shape);
                r[o][j] = createGraph ? jac : jac.detach();
            }
        }
        return r;
    }

    /** The Hessian of a scalar function: shape {@code input.shape + input.shape}. */
    public static Tensor hessian(UnaryOperator<Tensor> fn, Tensor input) {
        return hessian(in -> fn.apply(in[0]), new Tensor[] {input}, false)[0][0];
    }

    /** {@code result[i][j]} is the block of second derivatives with respect to inputs i and j. */
    public static Tensor[][] hessian(Function<Tensor[], ?> fn, Tensor... inputs) {
        return hessian(fn, inputs, false);
    }

    public static Tensor[][] hessian(Function<Tensor[], ?> fn, Tensor[] inputs, boolean createGraph) {
        Function<Tensor[], Tensor[]> gradient = xs -> {
            Tensor out = scalarOutput(fn.apply(xs), "hessian");
            Tensor[] g = out.requiresGrad()
                    ? Engine.grad(new Tensor[] {out}, xs, null, true, true, true) : new Tensor[xs.length];
            for (int i = 0; i < g.length; i++) if (g[i] == null) g[i] = Torch.zerosLike(xs[i]);
            return g;
        };
        return jacobian(gradient, inputs, createGraph);
    }

    /** {@code vjp(func, inputs, v)}: returns {@code {output, v^T J}}; {@code v} may be null for a scalar output. */
    public static Tensor[] vjp(UnaryOperator<Tensor> fn, Tensor input, Tensor v) {
        Tensor x = prepare(new Tensor[] {input}, false)[0];
        Tensor out = fn.apply(x);
        Tensor g = out.requiresGrad()
                ? Engine.grad(new Tensor[] {out}, new Tensor[] {x}, new Tensor[] {v}, false, false, true)[0] : null;
        return new Tensor[] {out.detach(), g == null ? Torch.zerosLike(x) : g.detach()};
    }

    /**
     * {@code jvp(func, inputs, v)}: returns {@code {output, J v}}, by the double-backward trick PyTorch uses:
     * the vjp with a dummy cotangent u is linear in u, and its vjp with v is {@code J v}.
     */
    public static Tensor[] jvp(UnaryOperator<Tensor> fn, Tensor input, Tensor v) {
        Tensor x = prepare(new Tensor[] {input}, false)[0];
        Tensor out = fn.apply(x);
        if (!out.requiresGrad()) return new Tensor[] {out.detach(), Torch.zerosLike(out)};
        Tensor u = Torch.zerosLike(out).requiresGrad_();
        Tensor gx = Engine.grad(new Tensor[] {out}, new Tensor[] {x}, new Tensor[] {u}, true, true, true)[0];
        if (gx == null || !gx.requiresGrad()) return new Tensor[] {out.detach(), Torch.zerosLike(out)};
        Tensor jv = Engine.grad(new Tensor[] {gx}, new Tensor[] {u}, new Tensor[] {v}, false, false, true)[0];
        return new Tensor[] {out.detach(), jv == null ? Torch.zerosLike(out) : jv.detach()};
    }

    /** {@code vhp(func, inputs, v)}: returns {@code {output, v^T H}} of a scalar function. */
    public static Tensor[] vhp(UnaryOperator<Tensor> fn, Tensor input, Tensor v) {
        Tensor x = prepare(new Tensor[] {input}, false)[0];
        Tensor out = scalarOutput(fn.apply(x), "vhp");
        if (!out.requiresGrad()) return new Tensor[] {out.detach(), Torch.zerosLike(x)};
        Tensor gx = Engine.grad(new Tensor[] {out}, new Tensor[] {x}, null, true, true, true)[0];
        Tensor r = gx == null || !gx.requiresGrad() ? null
                : Engine.grad(new Tensor[] {gx}, new Tensor[] {x}, new Tensor[] {v}, false, false, true)[0];
        return new Tensor[] {out.detach(), r == null ? Torch.zerosLike(x) : r.detach()};
    }

    /** {@code hvp(func, inputs, v)}: {@code {output, H v}}; equal to {@link #vhp} since H is symmetric. */
    public static Tensor[] hvp(UnaryOperator<Tensor> fn, Tensor input, Tensor v) {
        return vhp(fn, input, v);
    }

    private static Tensor scalarOutput(Object r, String fname) {
        Tensor[] outs = Autograd.outputs(r);
        if (outs.length != 1) {
            throw new IllegalArgumentException("The function given to " + fname + " should return a single Tensor");
        }
        if (outs[0].numel() != 1) {
            throw new IllegalArgumentException("The Tensor returned by the function given to " + fname
                    + " should contain a single element");
        }
        return outs[0];
    }

    /** Copies that require grad, cut from the caller's graph unless it is to be extended. */
    private static Tensor[] prepare(Tensor[] inputs, boolean createGraph) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            if (createGraph && x.requiresGrad()) xs[i] = x.viewAs(x);
            else xs[i] = x.detach().requiresGrad_(x.isFloatingPoint());
        }
        return xs;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
