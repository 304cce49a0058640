package dev.jtorch.optim.lr_scheduler;

import dev.jtorch.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Multiplies each group's rate by {@code gamma} at every milestone epoch ({@code MultiStepLR}); a
 * milestone listed twice multiplies by {@code gamma} squared, as PyTorch's {@code Counter} does.
 */
public class MultiStepLR extends LRScheduler {
    private TreeMap<Integer, Integer> milestones;
    private double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones) { this(optimizer, milestones, 0.1, -1); }

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) { this(optimizer, milestones, gamma, -1); }

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma, int lastEpoch) {
        this.milestones = counter(milestones);
        this.gamma = gamma;
        super(optimizer, lastEpoch);
    }

    private static TreeMap<Integer, Integer> counter(int[] milestones) {
        TreeMap<Integer, Integer> c = new TreeMap<>();
        for (int m : milestones) c.merge(m, 1, Integer::sum);
        return c;
    }

    @Override protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        Integer count = milestones.get(lastEpoch);
        if (count == null) return lrs;
        double f = Math.pow(gamma, count);
        lrs.replaceAll(lr -> lr * f);
        return lrs;
    }

    @Override protected List<Double> closedFormLr() {
        // bisect_right over the sorted milestones, repeats included
        int passed = 0;
        for (Map.Entry<Integer, Integer> e : milestones.entrySet()) if (e.getKey() <= lastEpoch) passed += e.getValue();
        List<Double> r = new ArrayList<>();
        for (double base : baseLrs) r.add(base * Math.pow(gamma, passed));
        return r;
    }

    @Override protected void saveFields(Map<String, Object> out) {
        out.put("milestones", new TreeMap<>(milestones));
        out.put("gamma", gamma);
    }

    @Override protected void loadFields(Map<String, ?> in) {
        if (in.containsKey("milestones")) {
            TreeMap<Integer, Integer> m = new TreeMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) in.get("milestones")).entrySet()) {
                m.put(((Number) e.getKey()).intValue(), ((Number) e.getValue()).intValue());
            }
            milestones = m;
        }
        if (in.containsKey("gamma")) gamma = ((Number) in.get("gamma")).doubleValue();
    }
}
