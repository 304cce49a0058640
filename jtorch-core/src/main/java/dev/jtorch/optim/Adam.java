package dev.jtorch.optim;

import dev.jtorch.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba) with optional AMSGrad, L2 weight decay added to the gradient, and maximization:
 * PyTorch 1.13's {@code torch.optim.Adam} (its single-tensor path). State per parameter: {@code step} (a
 * 0-d float tensor), {@code exp_avg}, {@code exp_avg_sq} and, with AMSGrad, {@code max_exp_avg_sq}.
 */
public class Adam extends Optimizer {

    public Adam(Iterable<? extends Tensor> params) { this(params, 1e-3); }

    public Adam(Iterable<? extends Tensor> params, double lr) { this(params, lr, new double[] {0.9, 0.999}); }

    public Adam(Iterable<? extends Tensor> params, double lr, double[] betas) { this(params, lr, betas, 1e-8, 0, false, false); }

    public Adam(Iterable<? extends Tensor> params, double lr, double[] betas, double eps, double weightDecay, boolean amsgrad) {
        this(params, lr, betas, eps, weightDecay, amsgrad, false);
    }

    public Adam(Iterable<? extends Tensor> params, double lr, double[] betas, double eps, double weightDecay, boolean amsgrad,
                boolean maximize) {
        super(params, defaults(lr, betas, eps, weightDecay, amsgrad, maximize));
    }

    public Adam(List<ParamGroup> groups) { this(groups, 1e-3); }

    public Adam(List<ParamGroup> groups, double lr) { this(groups, lr, new double[] {0.9, 0.999}); }

    public Adam(List<ParamGroup> groups, double lr, double[] betas) { this(groups, lr, betas, 1e-8, 0, false, false); }

    public Adam(List<ParamGroup> groups, double lr, double[] betas, double eps, double weightDecay, boolean amsgrad) {
        this(groups, lr, betas, eps, weightDecay, amsgrad, false);
    }

    public Adam(List<ParamGroup> groups, double lr, double[] betas, double eps, double weightDecay, boolean amsgrad,
                boolean maximize) {
        super(groups, defaults(lr, betas, eps, weightDecay, amsgrad, maximize));
    }

    private static Map<String, Object> defaults(double lr, double[] betas, double eps, double weightDecay, boolean amsgrad,
                                                boolean maximize) {
        checkAdamArgs(lr, betas, eps, weightDecay);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("betas", ParamGroup.tuple(betas));
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("amsgrad", amsgrad);
        d.put("maximize", maximize);
        d.put("foreach", null);
        d.put("capturable", false);
        d.put("differentiable", false);
        d.put("fused", false);
        return d;
    }

    static void checkAdamArgs(double lr, double[] betas, double eps, double weightDecay) {
        if (!(0.0 <= lr)) throw new IllegalArgumentException("Invalid learning rate: " + Py.floatRepr(lr));
        if (!(0.0 <= eps)) throw new IllegalArgumentException("Invalid epsilon value: " + Py.floatRepr(eps));
        if (!(0.0 <= betas[0] && betas[0] < 1.0)) throw new IllegalArgumentException("Invalid beta parameter at index 0: " + Py.floatRepr(betas[0]));
        if (!(0.0 <= betas[1] && betas[1] < 1.0)) throw new IllegalArgumentException("Invalid beta parameter at index 1: " + Py.floatRepr(betas[1]));
        if (!(0.0 <= weightDecay)) throw new IllegalArgumentException("Invalid weight_decay value: " + Py.floatRepr(weightDecay));
    }

    @Override protected void update() {
        for (ParamGroup g : paramGroups()) {
            double[] betas = g.getDoubles("betas");
            boolean amsgrad = g.getBoolean("amsgrad");
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                Map<String, Object> s = state(p);
                if (s.isEmpty()) initState(s, p, amsgrad);
                if (g.getBoolean("maximize")) grad = grad.neg();
                Tensor stepT = tensor(s, "step");
                stepT.add_(1.0);
                double wd = g.getDouble("weight_decay");
                if (wd != 0) grad = Kernels.addScaled(grad, p, wd);
                moments(s, grad, betas);
                adamUpdate(p, s, stepT, betas, g.lr(), g.getDouble("eps"), amsgrad);
            }
        }
    }

    static void initState(Map<String, Object> s, Tensor p, boolean amsgrad) {
        s.put("step", dev.jtorch.Torch.tensor(0.0));
        s.put("exp_avg", dev.jtorch.Torch.zerosLike(p));
        s.put("exp_avg_sq", dev.jtorch.Torch.zerosLike(p));
        if (amsgrad) s.put("max_exp_avg_sq", dev.jtorch.Torch.zerosLike(p));
    }

    /** {@code exp_avg.mul_(beta1).add_(grad, alpha=1-beta1)}; {@code exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1-beta2)}. */
    static void moments(Map<String, Object> s, Tensor grad, double[] betas) {
        Kernels.addScaled_(tensor(s, "exp_avg").mul_(betas[0]), grad, 1 - betas[0]);
        Kernels.addcmul_(tensor(s, "exp_avg_sq").mul_(betas[1]), grad, grad, 1 - betas[1]);
    }

    /** The bias-corrected step shared with AdamW (PyTorch's non-capturable branch). */
    static void adamUpdate(Tensor p, Map<String, Object> s, Tensor stepT, double[] betas, double lr, double eps, boolean amsgrad) {
        double step = stepT.itemDouble();
        double biasCorrection1 = 1 - Math.pow(betas[0], step);
        double biasCorrection2 = 1 - Math.pow(betas[1], step);
        double stepSize = lr / biasCorrection1;
        double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
        Tensor denom;
        if (amsgrad) {
            Tensor max = tensor(s, "max_exp_avg_sq");
            Kernels.maximum_(max, tensor(s, "exp_avg_sq"));
            denom = max.sqrt().div(biasCorrection2Sqrt).add_(eps);
        } else {
            denom = tensor(s, "exp_avg_sq").sqrt().div(biasCorrection2Sqrt).add_(eps);
        }
        Kernels.addcdiv_(p, tensor(s, "exp_avg"), denom, -stepSize);
    }

    /** Older state dicts keep {@code step} as a number; PyTorch 1.13 turns it into a 0-d float tensor. */
    static void stepToTensor(Map<Tensor, Map<String, Object>> state) {
        for (Map<String, Object> s : state.values()) {
            Object step = s.get("step");
            if (step instanceof Number n) s.put("step", dev.jtorch.Torch.tensor(n.doubleValue()));
        }
    }

    @Override protected void afterLoad() {
        for (ParamGroup g : paramGroups()) {
            g.options().putIfAbsent("amsgrad", false);
            g.options().putIfAbsent("maximize", false);
            if (!g.has("foreach")) g.options().put("foreach", null);
            g.options().putIfAbsent("capturable", false);
            g.options().putIfAbsent("differentiable", false);
            g.options().putIfAbsent("fused", false);
        }
        stepToTensor(state());
    }
}
