package dev.jtorch.optim.lr_scheduler;

import dev.jtorch.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Multiplies each group's rate by {@code gamma} every epoch ({@code ExponentialLR}). */
public class ExponentialLR extends LRScheduler {
    private double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) { this(optimizer, gamma, -1); }

    public ExponentialLR(Optimizer optimizer, double gamma, int lastEpoch) {
        this.gamma = gamma;
        super(optimizer, lastEpoch);
    }

    @Override protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        if (lastEpoch == 0) return lrs;
        lrs.replaceAll(lr -> lr * gamma);
        return lrs;
    }

    @Override protected List<Double> closedFormLr() {
        List<Double> r = new ArrayList<>();
        for (double base : baseLrs) r.add(base * Math.pow(gamma, lastEpoch));
        return r;
    }

    @Override protected void saveFields(Map<String, Object> out) { out.put("gamma", gamma); }

    @Override protected void loadFields(Map<String, ?> in) {
        if (in.containsKey("gamma")) gamma = ((Number) in.get("gamma")).doubleValue();
    }
}
