package dev.jtorch.optim.lr_scheduler;

import dev.jtorch.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scales each group's rate linearly from {@code startFactor} to {@code endFactor} times its initial rate over
 * {@code totalIters} epochs, then keeps it ({@code LinearLR}, a common warm-up).
 */
public class LinearLR extends LRScheduler {
    private double startFactor;
    private double endFactor;
    private int totalIters;

    public LinearLR(Optimizer optimizer) { this(optimizer, 1.0 / 3, 1.0, 5, -1); }

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        this(optimizer, startFactor, endFactor, totalIters, -1);
    }

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters, int lastEpoch) {
        if (startFactor > 1.0 || startFactor < 0) throw new IllegalArgumentException("Starting multiplicative factor expected to be between 0 and 1.");
        if (endFactor > 1.0 || endFactor < 0) throw new IllegalArgumentException("Ending multiplicative factor expected to be between 0 and 1.");
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        super(optimizer, lastEpoch);
    }

    @Override protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        if (lastEpoch == 0) {
            lrs.replaceAll(lr -> lr * startFactor);
            return lrs;
        }
        if (lastEpoch > totalIters) return lrs;
        double f = 1. + (endFactor - startFactor) / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor));
        lrs.replaceAll(lr -> lr * f);
        return lrs;
    }

    @Override protected List<Double> closedFormLr() {
        List<Double> r = new ArrayList<>();
        for (double base : baseLrs) {
            r.add(base * (startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / totalIters));
        }
        return r;
    }

    @Override protected void saveFields(Map<String, Object> out) {
        out.put("start_factor", startFactor);
        out.put("end_factor", endFactor);
        out.put("total_iters", totalIters);
    }

    @Override protected void loadFields(Map<String, ?> in) {
        if (in.containsKey("start_factor")) startFactor = ((Number) in.get("start_factor")).doubleValue();
        if (in.containsKey("end_factor")) endFactor = ((Number) in.get("end_factor")).doubleValue();
        if (in.containsKey("total_iters")) totalIters = ((Number) in.get("total_iters")).intValue();
    }
}
