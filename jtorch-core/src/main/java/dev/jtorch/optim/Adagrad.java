package dev.jtorch.optim;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adagrad (Duchi et al.) with learning-rate decay, weight decay and maximization: PyTorch 1.13's
 * {@code torch.optim.Adagrad} for dense gradients. As in PyTorch, every parameter's state ({@code step},
 * {@code sum} filled with {@code initial_accumulator_value}) is created by the constructor.
 */
public class Adagrad extends Optimizer {
    private final double initialAccumulatorValue;

    public Adagrad(Iterable<? extends Tensor> params) { this(params, 1e-2); }

    public Adagrad(Iterable<? extends Tensor> params, double lr) { this(params, lr, 0, 0, 0, 1e-10, false); }

    public Adagrad(Iterable<? extends Tensor> params, double lr, double lrDecay, double weightDecay,
                   double initialAccumulatorValue, double eps) {
        this(params, lr, lrDecay, weightDecay, initialAccumulatorValue, eps, false);
    }

    public Adagrad(Iterable<? extends Tensor> params, double lr, double lrDecay, double weightDecay,
                   double initialAccumulatorValue, double eps, boolean maximize) {
        super(params, defaults(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize));
        this.initialAccumulatorValue = initialAccumulatorValue;
        initState();
    }

    public Adagrad(List<ParamGroup> groups) { this(groups, 1e-2); }

    public Adagrad(List<ParamGroup> groups, double lr) { this(groups, lr, 0, 0, 0, 1e-10, false); }

    public Adagrad(List<ParamGroup> groups, double lr, double lrDecay, double weightDecay,
                   double initialAccumulatorValue, double eps) {
        this(groups, lr, lrDecay, weightDecay, initialAccumulatorValue, eps, false);
    }

    public Adagrad(List<ParamGroup> groups, double lr, double lrDecay, double weightDecay,
                   double initialAccumulatorValue, double eps, boolean maximize) {
        super(groups, defaults(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize));
        this.initialAccumulatorValue = initialAccumulatorValue;
        initState();
    }

    private static Map<String, Object> defaults(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue,
                                                double eps, boolean maximize) {
        if (!(0.0 <= lr)) throw new IllegalArgumentException("Invalid learning rate: " + Py.floatRepr(lr));
        if (!(0.0 <= lrDecay)) throw new IllegalArgumentException("Invalid lr_decay value: " + Py.floatRepr(lrDecay));
        if (!(0.0 <= weightDecay)) throw new IllegalArgumentException("Invalid weight_decay value: " + Py.floatRepr(weightDecay));
        if (!(0.0 <= initialAccumulatorValue)) {
            throw new IllegalArgumentException("Invalid initial_accumulator_value value: " + Py.floatRepr(initialAccumulatorValue));
        }
        if (!(0.0 <= eps)) throw new IllegalArgumentException("Invalid epsilon value: " + Py.floatRepr(eps));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("lr_decay", lrDecay);
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("initial_accumulator_value", initialAccumulatorValue);
        d.put("foreach", null);
        d.put("maximize", maximize);
        return d;
    }

    private void initState() {
        for (ParamGroup g : paramGroups()) for (Tensor p : g.params()) initState(p);
    }

    private void initState(Tensor p) {
        Map<String, Object> s = state(p);
        s.put("step", Torch.tensor(0.0));
        s.put("sum", Torch.fullLike(p, initialAccumulatorValue));
    }

    @Override protected void update() {
        for (ParamGroup g : paramGroups()) {
            double lr = g.lr(), weightDecay = g.getDouble("weight_decay"), lrDecay = g.getDouble("lr_decay");
            double eps = g.getDouble("eps");
            boolean maximize = g.getBoolean("maximize");
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                Map<String, Object> s = state(p);
                // a group added after construction has no state in PyTorch (a KeyError); create it instead
                if (!s.containsKey("sum")) initState(p);
                Tensor stepT = tensor(s, "step");
                stepT.add_(1.0);
                double step = stepT.itemDouble();
                if (maximize) grad = grad.neg();
                if (weightDecay != 0) grad = Kernels.addScaled(grad, p, weightDecay);
                double clr = lr / (1 + (step - 1) * lrDecay);
                Tensor sum = tensor(s, "sum");
                Kernels.addcmul_(sum, grad, grad, 1);
                Tensor std = sum.sqrt().add_(eps);
                Kernels.addcdiv_(p, grad, std, -clr);
            }
        }
    }

    @Override protected void afterLoad() {
        for (ParamGroup g : paramGroups()) {
            if (!g.has("foreach")) g.options().put("foreach", null);
            g.options().putIfAbsent("maximize", false);
        }
        Adam.stepToTensor(state());
    }
}
