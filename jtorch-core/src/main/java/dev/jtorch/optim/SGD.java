package dev.jtorch.optim;

import dev.jtorch.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, weight decay (L2) and
 * maximization: PyTorch 1.13's {@code torch.optim.SGD} (its single-tensor path). Momentum keeps PyTorch's
 * form {@code buf = momentum * buf + (1 - dampening) * g}, {@code p -= lr * buf}, with the first buffer
 * set to the gradient itself.
 */
public class SGD extends Optimizer {

    public SGD(Iterable<? extends Tensor> params, double lr) { this(params, lr, 0, 0, 0, false, false); }

    public SGD(Iterable<? extends Tensor> params, double lr, double momentum) { this(params, lr, momentum, 0, 0, false, false); }

    public SGD(Iterable<? extends Tensor> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        this(params, lr, momentum, dampening, weightDecay, nesterov, false);
    }

    public SGD(Iterable<? extends Tensor> params, double lr, double momentum, double dampening, double weightDecay,
               boolean nesterov, boolean maximize) {
        super(params, defaults(lr, momentum, dampening, weightDecay, nesterov, maximize));
    }

    /** Groups that all set their own {@code "lr"} (it has no default in PyTorch). */
    public SGD(List<ParamGroup> groups) { super(groups, defaults(REQUIRED, 0.0, 0, 0, false, false)); }

    public SGD(List<ParamGroup> groups, double lr) { this(groups, lr, 0, 0, 0, false, false); }

    public SGD(List<ParamGroup> groups, double lr, double momentum) { this(groups, lr, momentum, 0, 0, false, false); }

    public SGD(List<ParamGroup> groups, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        this(groups, lr, momentum, dampening, weightDecay, nesterov, false);
    }

    public SGD(List<ParamGroup> groups, double lr, double momentum, double dampening, double weightDecay,
               boolean nesterov, boolean maximize) {
        super(groups, defaults(lr, momentum, dampening, weightDecay, nesterov, maximize));
    }

    private static Map<String, Object> defaults(Object lr, double momentum, double dampening, double weightDecay,
                                                boolean nesterov, boolean maximize) {
        if (lr instanceof Double d && d < 0.0) throw new IllegalArgumentException("Invalid learning rate: " + Py.floatRepr(d));
        if (momentum < 0.0) throw new IllegalArgumentException("Invalid momentum value: " + Py.floatRepr(momentum));
        if (weightDecay < 0.0) throw new IllegalArgumentException("Invalid weight_decay value: " + Py.floatRepr(weightDecay));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("momentum", momentum);
        d.put("dampening", dampening);
        d.put("weight_decay", weightDecay);
        d.put("nesterov", nesterov);
        d.put("maximize", maximize);
        d.put("foreach", null);
        d.put("differentiable", false);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
        return d;
    }

    @Override protected void update() {
        for (ParamGroup g : paramGroups()) {
            double weightDecay = g.getDouble("weight_decay"), momentum = g.getDouble("momentum");
            double lr = g.lr(), dampening = g.getDouble("dampening");
            boolean nesterov = g.getBoolean("nesterov"), maximize = g.getBoolean("maximize");
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                Map<String, Object> s = state(p);
                Tensor buf = tensor(s, "momentum_buffer");
                Tensor d = maximize ? grad.neg() : grad;
                if (weightDecay != 0) d = Kernels.addScaled(d, p, weightDecay);
                if (momentum != 0) {
                    if (buf == null) {
                        buf = d.clone().detach();
                    } else {
                        buf.mul_(momentum);
                        Kernels.addScaled_(buf, d, 1 - dampening);
                    }
                    d = nesterov ? Kernels.addScaled(d, buf, momentum) : buf;
                }
                Kernels.addScaled_(p, d, -lr);
                s.put("momentum_buffer", buf);
            }
        }
    }

    @Override protected void afterLoad() {
        for (ParamGroup g : paramGroups()) {
            g.options().putIfAbsent("nesterov", false);
            g.options().putIfAbsent("maximize", false);
            if (!g.has("foreach")) g.options().put("foreach", null);
            g.options().putIfAbsent("differentiable", false);
        }
    }
}
