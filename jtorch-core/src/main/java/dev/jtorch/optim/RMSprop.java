package dev.jtorch.optim;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop (Hinton) with optional centering, momentum, weight decay and maximization: PyTorch 1.13's
 * {@code torch.optim.RMSprop}. State per parameter: {@code step} (an integer), {@code square_avg}, and
 * {@code momentum_buffer} / {@code grad_avg} when momentum / centered are on.
 */
public class RMSprop extends Optimizer {

    public RMSprop(Iterable<? extends Tensor> params) { this(params, 1e-2); }

    public RMSprop(Iterable<? extends Tensor> params, double lr) { this(params, lr, 0.99, 1e-8, 0, 0, false, false); }

    public RMSprop(Iterable<? extends Tensor> params, double lr, double alpha, double eps, double weightDecay, double momentum,
                   boolean centered) {
        this(params, lr, alpha, eps, weightDecay, momentum, centered, false);
    }

    public RMSprop(Iterable<? extends Tensor> params, double lr, double alpha, double eps, double weightDecay, double momentum,
                   boolean centered, boolean maximize) {
        super(params, defaults(lr, alpha, eps, weightDecay, momentum, centered, maximize));
    }

    public RMSprop(List<ParamGroup> groups) { this(groups, 1e-2); }

    public RMSprop(List<ParamGroup> groups, double lr) { this(groups, lr, 0.99, 1e-8, 0, 0, false, false); }

    public RMSprop(List<ParamGroup> groups, double lr, double alpha, double eps, double weightDecay, double momentum,
                   boolean centered) {
        this(groups, lr, alpha, eps, weightDecay, momentum, centered, false);
    }

    public RMSprop(List<ParamGroup> groups, double lr, double alpha, double eps, double weightDecay, double momentum,
                   boolean centered, boolean maximize) {
        super(groups, defaults(lr, alpha, eps, weightDecay, momentum, centered, maximize));
    }

    private static Map<String, Object> defaults(double lr, double alpha, double eps, double weightDecay, double momentum,
                                                boolean centered, boolean maximize) {
        if (!(0.0 <= lr)) throw new IllegalArgumentException("Invalid learning rate: " + Py.floatRepr(lr));
        if (!(0.0 <= eps)) throw new IllegalArgumentException("Invalid epsilon value: " + Py.floatRepr(eps));
        if (!(0.0 <= momentum)) throw new IllegalArgumentException("Invalid momentum value: " + Py.floatRepr(momentum));
        if (!(0.0 <= weightDecay)) throw new IllegalArgumentException("Invalid weight_decay value: " + Py.floatRepr(weightDecay));
        if (!(0.0 <= alpha)) throw new IllegalArgumentException("Invalid alpha value: " + Py.floatRepr(alpha));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("momentum", momentum);
        d.put("alpha", alpha);
        d.put("eps", eps);
        d.put("centered", centered);
        d.put("weight_decay", weightDecay);
        d.put("foreach", null);
        d.put("maximize", maximize);
        d.put("differentiable", false);
        return d;
    }

    @Override protected void update() {
        for (ParamGroup g : paramGroups()) {
            double lr = g.lr(), alpha = g.getDouble("alpha"), eps = g.getDouble("eps");
            double weightDecay = g.getDouble("weight_decay"), momentum = g.getDouble("momentum");
            boolean centered = g.getBoolean("centered"), maximize = g.getBoolean("maximize");
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                Map<String, Object> s = state(p);
                if (s.isEmpty()) {
                    s.put("step", 0);
                    s.put("square_avg", Torch.zerosLike(p));
                    if (momentum > 0) s.put("momentum_buffer", Torch.zerosLike(p));
                    if (centered) s.put("grad_avg", Torch.zerosLike(p));
                }
                s.put("step", ((Number) s.get("step")).intValue() + 1);
                if (maximize) grad = grad.neg();
                if (weightDecay != 0) grad = Kernels.addScaled(grad, p, weightDecay);
                Tensor squareAvg = tensor(s, "square_avg");
                Kernels.addcmul_(squareAvg.mul_(alpha), grad, grad, 1 - alpha);
                Tensor avg;
                if (centered) {
                    Tensor gradAvg = tensor(s, "grad_avg");
                    Kernels.addScaled_(gradAvg.mul_(alpha), grad, 1 - alpha);
                    avg = Kernels.addcmul_(squareAvg.clone(), gradAvg, gradAvg, -1).sqrt();
                } else {
                    avg = squareAvg.sqrt();
                }
                avg.add_(eps);
                if (momentum > 0) {
                    Tensor buf = tensor(s, "momentum_buffer");
                    Kernels.addcdiv_(buf.mul_(momentum), grad, avg, 1);
                    Kernels.addScaled_(p, buf, -lr);
                } else {
                    Kernels.addcdiv_(p, grad, avg, -lr);
                }
            }
        }
    }

    @Override protected void afterLoad() {
        for (ParamGroup g : paramGroups()) {
            g.options().putIfAbsent("momentum", 0);
            g.options().putIfAbsent("centered", false);
            if (!g.has("foreach")) g.options().put("foreach", null);
            g.options().putIfAbsent("maximize", false);
            g.options().putIfAbsent("differentiable", false);
        }
    }
}
