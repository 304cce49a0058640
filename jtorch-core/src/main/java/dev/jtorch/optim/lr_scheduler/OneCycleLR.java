package dev.jtorch.optim.lr_scheduler;

import dev.jtorch.optim.Optimizer;
import dev.jtorch.optim.ParamGroup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 1cycle policy (Smith and Topin): the rate rises from {@code maxLr / divFactor} to {@code maxLr} over
 * the first {@code pctStart} of {@code totalSteps}, then anneals to {@code initial_lr / finalDivFactor};
 * momentum (or Adam's beta1) cycles the other way between {@code maxMomentum} and {@code baseMomentum}.
 * Step once per batch. PyTorch 1.13's {@code OneCycleLR}, including its {@code three_phase} variant and the
 * group keys it adds ({@code initial_lr}, {@code max_lr}, {@code min_lr}, {@code max_momentum},
 * {@code base_momentum}).
 */
public class OneCycleLR extends LRScheduler {
    private int totalSteps;
    private List<Map<String, Object>> schedulePhases;
    private String annealStrategy;
    private boolean cycleMomentum;
    private boolean useBeta1;

    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, 0.3, "cos", true, 0.85, 0.95, 25., 1e4, false);
    }

    /** {@code total_steps = epochs * stepsPerEpoch}. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int epochs, int stepsPerEpoch) {
        this(optimizer, maxLr, checkedTotal(epochs, stepsPerEpoch));
    }

    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, String annealStrategy,
                      boolean cycleMomentum, double baseMomentum, double maxMomentum, double divFactor,
                      double finalDivFactor, boolean threePhase) {
        this(optimizer, perGroup(optimizer, maxLr), totalSteps, pctStart, annealStrategy, cycleMomentum,
                perGroup(optimizer, baseMomentum), perGroup(optimizer, maxMomentum), divFactor, finalDivFactor, threePhase, -1);
    }

    /** Per-group maximum rates and momenta, and {@code lastEpoch} to resume. */
    public OneCycleLR(Optimizer optimizer, double[] maxLrs, int totalSteps, double pctStart, String annealStrategy,
                      boolean cycleMomentum, double[] baseMomentums, double[] maxMomentums, double divFactor,
                      double finalDivFactor, boolean threePhase, int lastEpoch) {
        if (totalSteps <= 0) throw new IllegalArgumentException("Expected positive integer total_steps, but got " + totalSteps);
        this.totalSteps = totalSteps;
        this.schedulePhases = phases(totalSteps, pctStart, threePhase);
        if (pctStart < 0 || pctStart > 1 || Double.isNaN(pctStart)) {
            throw new IllegalArgumentException("Expected float between 0 and 1 pct_start, but got " + pctStart);
        }
        if (!annealStrategy.equals("cos") && !annealStrategy.equals("linear")) {
            throw new IllegalArgumentException("anneal_strategy must by one of 'cos' or 'linear', instead got " + annealStrategy);
        }
        this.annealStrategy = annealStrategy;
        List<ParamGroup> groups = optimizer.paramGroups();
        checkLength("max_lr", maxLrs, groups.size());
        if (lastEpoch == -1) {
            for (int i = 0; i < groups.size(); i++) {
                ParamGroup g = groups.get(i);
                double initial = maxLrs[i] / divFactor;
                g.set("initial_lr", initial);
                g.set("max_lr", maxLrs[i]);
                g.set("min_lr", initial / finalDivFactor);
            }
        }
        this.cycleMomentum = cycleMomentum;
        if (cycleMomentum) {
            Map<String, Object> defaults = optimizer.defaults();
            if (!defaults.containsKey("momentum") && !defaults.containsKey("betas")) {
                throw new IllegalArgumentException("optimizer must support momentum with `cycle_momentum` option enabled");
            }
            boolean useBeta1 = defaults.containsKey("betas");
            this.useBeta1 = useBeta1;
            checkLength("max_momentum", maxMomentums, groups.size());
            checkLength("base_momentum", baseMomentums, groups.size());
            if (lastEpoch == -1) {
                for (int i = 0; i < groups.size(); i++) {
                    ParamGroup g = groups.get(i);
                    setMomentum(g, maxMomentums[i], useBeta1);
                    g.set("max_momentum", maxMomentums[i]);
                    g.set("base_momentum", baseMomentums[i]);
                }
            }
        }
        super(optimizer, lastEpoch);
    }

    private static int checkedTotal(int epochs, int stepsPerEpoch) {
        if (epochs <= 0) throw new IllegalArgumentException("Expected positive integer epochs, but got " + epochs);
        if (stepsPerEpoch <= 0) throw new IllegalArgumentException("Expected positive integer steps_per_epoch, but got " + stepsPerEpoch);
        return epochs * stepsPerEpoch;
    }

    private static double[] perGroup(Optimizer o, double v) {
        double[] a = new double[o.paramGroups().size()];
        Arrays.fill(a, v);
        return a;
    }

    private static void checkLength(String name, double[] values, int groups) {
        if (values.length != groups) throw new IllegalArgumentException("expected " + groups + " values for " + name + ", got " + values.length);
    }

    private static List<Map<String, Object>> phases(int totalSteps, double pctStart, boolean threePhase) {
        List<Map<String, Object>> p = new ArrayList<>();
        if (threePhase) {
            p.add(phase(pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"));
            p.add(phase(2 * pctStart * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"));
            p.add(phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"));
        } else {
            p.add(phase(pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"));
            p.add(phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"));
        }
        return p;
    }

    private static Map<String, Object> phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("end_step", endStep);
        m.put("start_lr", startLr);
        m.put("end_lr", endLr);
        m.put("start_momentum", startMomentum);
        m.put("end_momentum", endMomentum);
        return m;
    }

    private static void setMomentum(ParamGroup g, double m, boolean useBeta1) {
        if (useBeta1) {
            double[] betas = g.getDoubles("betas");
            List<Double> l = new ArrayList<>();
            l.add(m);
            for (int i = 1; i < betas.length; i++) l.add(betas[i]);
            g.set("betas", List.copyOf(l));
        } else {
            g.set("momentum", m);
        }
    }

    private double anneal(double start, double end, double pct) {
        if (annealStrategy.equals("cos")) {
            double cosOut = Math.cos(Math.PI * pct) + 1;
            return end + (start - end) / 2.0 * cosOut;
        }
        return (end - start) * pct + start;
    }

    @Override protected List<Double> getLr() {
        int stepNum = lastEpoch;
        if (stepNum > totalSteps) {
            throw new IllegalArgumentException("Tried to step " + (stepNum + 1) + " times. The specified number of total steps is " + totalSteps);
        }
        List<Double> lrs = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) {
            double startStep = 0, computedLr = 0, computedMomentum = 0;
            for (int i = 0; i < schedulePhases.size(); i++) {
                Map<String, Object> ph = schedulePhases.get(i);
                double endStep = (Double) ph.get("end_step");
                if (stepNum <= endStep || i == schedulePhases.size() - 1) {
                    double pct = (stepNum - startStep) / (endStep - startStep);
                    computedLr = anneal(g.getDouble((String) ph.get("start_lr")), g.getDouble((String) ph.get("end_lr")), pct);
                    if (cycleMomentum) {
                        computedMomentum = anneal(g.getDouble((String) ph.get("start_momentum")),
                                g.getDouble((String) ph.get("end_momentum")), pct);
                    }
                    break;
                }
                startStep = endStep;
            }
            lrs.add(computedLr);
            if (cycleMomentum) setMomentum(g, computedMomentum, useBeta1);
        }
        return lrs;
    }

    @Override protected void saveFields(Map<String, Object> out) {
        out.put("total_steps", totalSteps);
        out.put("_schedule_phases", schedulePhases);
        // PyTorch stores the bound annealing method itself; its name stands in for it here
        out.put("anneal_strategy", annealStrategy);
        out.put("cycle_momentum", cycleMomentum);
        if (cycleMomentum) out.put("use_beta1", useBeta1);
    }

    @SuppressWarnings("unchecked")
    @Override protected void loadFields(Map<String, ?> in) {
        if (in.containsKey("total_steps")) totalSteps = ((Number) in.get("total_steps")).intValue();
        if (in.containsKey("_schedule_phases")) {
            List<Map<String, Object>> p = new ArrayList<>();
            for (Object o : (List<?>) in.get("_schedule_phases")) {
                Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) o);
                m.put("end_step", ((Number) m.get("end_step")).doubleValue());
                p.add(m);
            }
            schedulePhases = p;
        }
        if (in.containsKey("anneal_strategy")) annealStrategy = (String) in.get("anneal_strategy");
        if (in.containsKey("cycle_momentum")) cycleMomentum = (Boolean) in.get("cycle_momentum");
        if (in.containsKey("use_beta1")) useBeta1 = (Boolean) in.get("use_beta1");
    }
}
