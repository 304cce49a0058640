package dev.jtorch.optim.lr_scheduler;

import dev.jtorch.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Scales each group's rate by {@code factor} until epoch {@code totalIters}, then restores it ({@code ConstantLR}). */
public class ConstantLR extends LRScheduler {
    private double factor;
    private int totalIters;

    public ConstantLR(Optimizer optimizer) { this(optimizer, 1.0 / 3, 5, -1); }

    public ConstantLR(Optimizer optimizer, double factor, int totalIters) { this(optimizer, factor, totalIters, -1); }

    public ConstantLR(Optimizer optimizer, double factor, int totalIters, int lastEpoch) {
        if (factor > 1.0 || factor < 0) throw new IllegalArgumentException("Constant multiplicative factor expected to be between 0 and 1.");
        this.factor = factor;
        this.totalIters = totalIters;
        super(optimizer, lastEpoch);
    }

    @Override protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        if (lastEpoch == 0) lrs.replaceAll(lr -> lr * factor);
        else if (lastEpoch == totalIters) lrs.replaceAll(lr -> lr * (1.0 / factor));
        return lrs;
    }

    @Override protected List<Double> closedFormLr() {
        List<Double> r = new ArrayList<>();
        for (double base : baseLrs) r.add(base * (factor + (lastEpoch >= totalIters ? 1 : 0) * (1 - factor)));
        return r;
    }

    @Override protected void saveFields(Map<String, Object> out) {
        out.put("factor", factor);
        out.put("total_iters", totalIters);
    }

    @Override protected void loadFields(Map<String, ?> in) {
        if (in.containsKey("factor")) factor = ((Number) in.get("factor")).doubleValue();
        if (in.containsKey("total_iters")) totalIters = ((Number) in.get("total_iters")).intValue();
    }
}
