package dev.jtorch.optim.lr_scheduler;

import dev.jtorch.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cosine annealing from each group's initial rate down to {@code etaMin} over {@code tMax} epochs, then
 * back up ({@code CosineAnnealingLR} without restarts). Like PyTorch, {@link #step()} uses the recursive
 * (chainable) form, so it also follows rates changed by hand; {@link #step(int)} uses the closed form.
 */
public class CosineAnnealingLR extends LRScheduler {
    private int tMax;
    private double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax) { this(optimizer, tMax, 0.0, -1); }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) { this(optimizer, tMax, etaMin, -1); }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin, int lastEpoch) {
        this.tMax = tMax;
        this.etaMin = etaMin;
        super(optimizer, lastEpoch);
    }

    @Override protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        if (lastEpoch == 0) return lrs;
        List<Double> r = new ArrayList<>();
        if (stepCount == 1 && lastEpoch > 0) {
            for (double base : baseLrs) r.add(etaMin + (base - etaMin) * (1 + Math.cos(lastEpoch * Math.PI / tMax)) / 2);
        } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
            for (int i = 0; i < lrs.size(); i++) {
                r.add(lrs.get(i) + (baseLrs.get(i) - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2);
            }
        } else {
            for (double lr : lrs) {
                r.add((1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lr - etaMin) + etaMin);
            }
        }
        return r;
    }

    @Override protected List<Double> closedFormLr() {
        List<Double> r = new ArrayList<>();
        for (double base : baseLrs) r.add(etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2);
        return r;
    }

    @Override protected void saveFields(Map<String, Object> out) {
        out.put("T_max", tMax);
        out.put("eta_min", etaMin);
    }

    @Override protected void loadFields(Map<String, ?> in) {
        if (in.containsKey("T_max")) tMax = ((Number) in.get("T_max")).intValue();
        if (in.containsKey("eta_min")) etaMin = ((Number) in.get("eta_min")).doubleValue();
    }
}
