package dev.jtorch.optim.lr_scheduler;

import dev.jtorch.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Multiplies each group's rate by {@code gamma} every {@code stepSize} epochs ({@code StepLR}). */
public class StepLR extends LRScheduler {
    private int stepSize;
    private double gamma;

    public StepLR(Optimizer optimizer, int stepSize) { this(optimizer, stepSize, 0.1, -1); }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) { this(optimizer, stepSize, gamma, -1); }

    public StepLR(Optimizer optimizer, int stepSize, double gamma, int lastEpoch) {
        this.stepSize = stepSize;
        this.gamma = gamma;
        super(optimizer, lastEpoch);
    }

    @Override protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) return lrs;
        lrs.replaceAll(lr -> lr * gamma);
        return lrs;
    }

    @Override protected List<Double> closedFormLr() {
        List<Double> r = new ArrayList<>();
        for (double base : baseLrs) r.add(base * Math.pow(gamma, Math.floorDiv(lastEpoch, stepSize)));
        return r;
    }

    @Override protected void saveFields(Map<String, Object> out) {
        out.put("step_size", stepSize);
        out.put("gamma", gamma);
    }

    @Override protected void loadFields(Map<String, ?> in) {
        if (in.containsKey("step_size")) stepSize = ((Number) in.get("step_size")).intValue();
        if (in.containsKey("gamma")) gamma = ((Number) in.get("gamma")).doubleValue();
    }
}
