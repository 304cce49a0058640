package dev.jtorch.optim.lr_scheduler;

import dev.jtorch.Tensor;
import dev.jtorch.optim.Optimizer;
import dev.jtorch.optim.ParamGroup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces each group's rate by {@code factor} when a metric stops improving for more than {@code patience}
 * epochs ({@code ReduceLROnPlateau}). Not an {@link LRScheduler}, as in PyTorch: {@link #step(double)}
 * takes the metric. {@code mode} is "min" or "max", {@code thresholdMode} "rel" or "abs".
 */
public class ReduceLROnPlateau {
    private final Optimizer optimizer;
    private double factor;
    private double[] minLrs;
    private int patience;
    private int cooldown;
    private int cooldownCounter;
    private String mode;
    private double threshold;
    private String thresholdMode;
    private double best;
    private int numBadEpochs;
    private double modeWorse;
    private double eps;
    private int lastEpoch;
    private List<Double> lastLr;

    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, "min", 0.1, 10, 1e-4, "rel", 0, 0.0, 1e-8); }

    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience) {
        this(optimizer, mode, factor, patience, 1e-4, "rel", 0, 0.0, 1e-8);
    }

    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience, double threshold,
                             String thresholdMode, int cooldown, double minLr, double eps) {
        this(optimizer, mode, factor, patience, threshold, thresholdMode, cooldown, fill(minLr, optimizer), eps);
    }

    /** With one minimum rate per group. */
    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience, double threshold,
                             String thresholdMode, int cooldown, double[] minLrs, double eps) {
        if (factor >= 1.0) throw new IllegalArgumentException("Factor should be < 1.0.");
        this.factor = factor;
        this.optimizer = optimizer;
        int n = optimizer.paramGroups().size();
        if (minLrs.length != n) throw new IllegalArgumentException("expected " + n + " min_lrs, got " + minLrs.length);
        this.minLrs = minLrs.clone();
        this.patience = patience;
        this.cooldown = cooldown;
        this.cooldownCounter = 0;
        this.eps = eps;
        this.lastEpoch = 0;
        initIsBetter(mode, threshold, thresholdMode);
        reset();
        // PyTorch 1.13 sets _last_lr only in step(); starting from the current rates lets getLastLr() answer before
        lastLr = currentLrs();
    }

    private static double[] fill(double v, Optimizer o) {
        double[] a = new double[o.paramGroups().size()];
        Arrays.fill(a, v);
        return a;
    }

    private void initIsBetter(String mode, double threshold, String thresholdMode) {
        if (!mode.equals("min") && !mode.equals("max")) throw new IllegalArgumentException("mode " + mode + " is unknown!");
        if (!thresholdMode.equals("rel") && !thresholdMode.equals("abs")) {
            throw new IllegalArgumentException("threshold mode " + thresholdMode + " is unknown!");
        }
        modeWorse = mode.equals("min") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        this.mode = mode;
        this.threshold = threshold;
        this.thresholdMode = thresholdMode;
    }

    private void reset() {
        best = modeWorse;
        cooldownCounter = 0;
        numBadEpochs = 0;
    }

    /** One epoch with a 0-d (or one-element) metric tensor. */
    public void step(Tensor metric) { step(metric.itemDouble()); }

    /** One epoch with the metric's value for it. */
    public void step(double metric) { step(metric, lastEpoch + 1); }

    /** One epoch numbered {@code epoch} (PyTorch's deprecated {@code epoch} argument). */
    public void step(double current, int epoch) {
        lastEpoch = epoch;
        if (isBetter(current, best)) {
            best = current;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (inCooldown()) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            reduceLr();
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = currentLrs();
    }

    private List<Double> currentLrs() {
        List<Double> r = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) r.add(g.lr());
        return r;
    }

    private void reduceLr() {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            double oldLr = groups.get(i).lr();
            double newLr = Math.max(oldLr * factor, minLrs[i]);
            if (oldLr - newLr > eps) groups.get(i).setLr(newLr);
        }
    }

    public boolean inCooldown() { return cooldownCounter > 0; }

    /** Whether {@code a} improves on {@code best} by more than the threshold. */
    public boolean isBetter(double a, double best) {
        if (mode.equals("min") && thresholdMode.equals("rel")) return a < best * (1. - threshold);
        if (mode.equals("min")) return a < best - threshold;
        if (thresholdMode.equals("rel")) return a > best * (threshold + 1.);
        return a > best + threshold;
    }

    /** The rates after the last step, one per group. */
    public List<Double> getLastLr() { return List.copyOf(lastLr); }

    public double best() { return best; }

    public int numBadEpochs() { return numBadEpochs; }

    public int lastEpoch() { return lastEpoch; }

    public Optimizer optimizer() { return optimizer; }

    /** PyTorch's {@code state_dict()}: every attribute but the optimizer, under PyTorch's names. */
    public Map<String, Object> stateDict() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("factor", factor);
        List<Double> m = new ArrayList<>();
        for (double v : minLrs) m.add(v);
        d.put("min_lrs", m);
        d.put("patience", patience);
        d.put("verbose", false);
        d.put("cooldown", cooldown);
        d.put("cooldown_counter", cooldownCounter);
        d.put("mode", mode);
        d.put("threshold", threshold);
        d.put("threshold_mode", thresholdMode);
        d.put("best", best);
        d.put("num_bad_epochs", numBadEpochs);
        d.put("mode_worse", modeWorse);
        d.put("eps", eps);
        d.put("last_epoch", lastEpoch);
        d.put("_last_lr", new ArrayList<>(lastLr));
        return d;
    }

    /** Restores a {@link #stateDict()}; unknown keys are ignored. */
    public void loadStateDict(Map<String, ?> s) {
        if (s.containsKey("factor")) factor = num(s, "factor");
        if (s.containsKey("min_lrs")) minLrs = LRScheduler.doubles(s.get("min_lrs")).stream().mapToDouble(Double::doubleValue).toArray();
        if (s.containsKey("patience")) patience = (int) num(s, "patience");
        if (s.containsKey("cooldown")) cooldown = (int) num(s, "cooldown");
        if (s.containsKey("cooldown_counter")) cooldownCounter = (int) num(s, "cooldown_counter");
        if (s.containsKey("best")) best = num(s, "best");
        if (s.containsKey("num_bad_epochs")) numBadEpochs = (int) num(s, "num_bad_epochs");
        if (s.containsKey("eps")) eps = num(s, "eps");
        if (s.containsKey("last_epoch")) lastEpoch = (int) num(s, "last_epoch");
        if (s.containsKey("_last_lr")) lastLr = LRScheduler.doubles(s.get("_last_lr"));
        initIsBetter(s.containsKey("mode") ? (String) s.get("mode") : mode,
                s.containsKey("threshold") ? num(s, "threshold") : threshold,
                s.containsKey("threshold_mode") ? (String) s.get("threshold_mode") : thresholdMode);
    }

    private static double num(Map<String, ?> s, String k) { return ((Number) s.get(k)).doubleValue(); }
}
