package dev.jtorch.optim;

import dev.jtorch.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): PyTorch 1.13's {@code torch.optim.AdamW}. The
 * parameter is first scaled by {@code 1 - lr * weight_decay}, then takes Adam's step; weight decay
 * defaults to 0.01.
 */
public class AdamW extends Optimizer {

    public AdamW(Iterable<? extends Tensor> params) { this(params, 1e-3); }

    public AdamW(Iterable<? extends Tensor> params, double lr) { this(params, lr, new double[] {0.9, 0.999}); }

    public AdamW(Iterable<? extends Tensor> params, double lr, double[] betas) { this(params, lr, betas, 1e-8, 1e-2, false, false); }

    public AdamW(Iterable<? extends Tensor> params, double lr, double[] betas, double eps, double weightDecay, boolean amsgrad) {
        this(params, lr, betas, eps, weightDecay, amsgrad, false);
    }

    public AdamW(Iterable<? extends Tensor> params, double lr, double[] betas, double eps, double weightDecay, boolean amsgrad,
                 boolean maximize) {
        super(params, defaults(lr, betas, eps, weightDecay, amsgrad, maximize));
    }

    public AdamW(List<ParamGroup> groups) { this(groups, 1e-3); }

    public AdamW(List<ParamGroup> groups, double lr) { this(groups, lr, new double[] {0.9, 0.999}); }

    public AdamW(List<ParamGroup> groups, double lr, double[] betas) { this(groups, lr, betas, 1e-8, 1e-2, false, false); }

    public AdamW(List<ParamGroup> groups, double lr, double[] betas, double eps, double weightDecay, boolean amsgrad) {
        this(groups, lr, betas, eps, weightDecay, amsgrad, false);
    }

    public AdamW(List<ParamGroup> groups, double lr, double[] betas, double eps, double weightDecay, boolean amsgrad,
                 boolean maximize) {
        super(groups, defaults(lr, betas, eps, weightDecay, amsgrad, maximize));
    }

    private static Map<String, Object> defaults(double lr, double[] betas, double eps, double weightDecay, boolean amsgrad,
                                                boolean maximize) {
        Adam.checkAdamArgs(lr, betas, eps, weightDecay);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("betas", ParamGroup.tuple(betas));
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("amsgrad", amsgrad);
        d.put("foreach", null);
        d.put("maximize", maximize);
        d.put("capturable", false);
        return d;
    }

    @Override protected void update() {
        for (ParamGroup g : paramGroups()) {
            double[] betas = g.getDoubles("betas");
            boolean amsgrad = g.getBoolean("amsgrad");
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                Map<String, Object> s = state(p);
                if (s.isEmpty()) Adam.initState(s, p, amsgrad);
                if (g.getBoolean("maximize")) grad = grad.neg();
                Tensor stepT = tensor(s, "step");
                stepT.add_(1.0);
                p.mul_(1 - g.lr() * g.getDouble("weight_decay"));
                Adam.moments(s, grad, betas);
                Adam.adamUpdate(p, s, stepT, betas, g.lr(), g.getDouble("eps"), amsgrad);
            }
        }
    }

    @Override protected void afterLoad() {
        for (ParamGroup g : paramGroups()) {
            g.options().putIfAbsent("amsgrad", false);
            g.options().putIfAbsent("maximize", false);
            if (!g.has("foreach")) g.options().put("foreach", null);
            g.options().putIfAbsent("capturable", false);
        }
        Adam.stepToTensor(state());
    }
}
