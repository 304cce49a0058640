package dev.jtorch.optim.lr_scheduler;

import dev.jtorch.optim.Optimizer;
import dev.jtorch.optim.ParamGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch 1.13's {@code torch.optim.lr_scheduler._LRScheduler}: sets each parameter group's {@code "lr"}
 * once per {@link #step()}. Construction records {@code initial_lr} in every group (or requires it when
 * resuming with {@code lastEpoch != -1}) and performs the first step, so the optimizer starts at epoch 0's
 * rate.
 *
 * <p>{@link #step()} uses the chainable formula ({@link #getLr()}, computed from the groups' current rates);
 * {@link #step(int)} jumps to an epoch with the closed form where the scheduler has one, like PyTorch's
 * deprecated {@code step(epoch)}. Subclasses set their own fields before calling {@code super(...)}
 * (a flexible constructor body), since the first step already needs them.
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected List<Double> baseLrs;
    protected int lastEpoch;
    protected int stepCount;
    protected List<Double> lastLr;

    protected LRScheduler(Optimizer optimizer, int lastEpoch) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        if (lastEpoch == -1) {
            for (ParamGroup g : groups) g.options().putIfAbsent("initial_lr", g.get("lr"));
        } else {
            for (int i = 0; i < groups.size(); i++) {
                if (!groups.get(i).has("initial_lr")) {
                    throw new java.util.NoSuchElementException("param 'initial_lr' is not specified in param_groups[" + i
                            + "] when resuming an optimizer");
                }
            }
        }
        baseLrs = new ArrayList<>();
        for (ParamGroup g : groups) baseLrs.add(g.getDouble("initial_lr"));
        this.lastEpoch = lastEpoch;
        stepCount = 0;
        step();
    }

    /** The optimizer whose rates this scheduler sets. */
    public Optimizer optimizer() { return optimizer; }

    /** The rates the last step set, one per group ({@code get_last_lr()}). */
    public List<Double> getLastLr() { return List.copyOf(lastLr); }

    /** The epoch count ({@code last_epoch}): 0 after construction, then one more per step. */
    public int lastEpoch() { return lastEpoch; }

    /** The groups' initial rates ({@code base_lrs}). */
    public List<Double> baseLrs() { return List.copyOf(baseLrs); }

    /** The chainable rates for {@link #lastEpoch}, from the groups' current rates. */
    protected abstract List<Double> getLr();

    /** The closed-form rates for {@link #lastEpoch}, or null where the scheduler has none. */
    protected List<Double> closedFormLr() { return null; }

    /** Advances one epoch and sets the groups' rates. */
    public void step() {
        stepCount++;
        lastEpoch++;
        apply(getLr());
    }

    /** Sets the rates for {@code epoch} directly (PyTorch's deprecated {@code step(epoch)}). */
    public void step(int epoch) {
        stepCount++;
        lastEpoch = epoch;
        List<Double> closed = closedFormLr();
        apply(closed != null ? closed : getLr());
    }

    private void apply(List<Double> values) {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size() && i < values.size(); i++) groups.get(i).setLr(values.get(i));
        lastLr = new ArrayList<>();
        for (ParamGroup g : groups) lastLr.add(g.lr());
    }

    /** The current rate of each group. */
    protected List<Double> groupLrs() {
        List<Double> r = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) r.add(g.lr());
        return r;
    }

    /** Scheduler-specific entries of the state dict, in PyTorch's attribute order. */
    protected void saveFields(Map<String, Object> out) {}

    /** Restores what {@link #saveFields} wrote; absent keys keep their values. */
    protected void loadFields(Map<String, ?> in) {}

    /**
     * PyTorch's {@code state_dict()}: every attribute but the optimizer, under PyTorch's names
     * ({@code base_lrs}, {@code last_epoch}, {@code _step_count}, {@code _last_lr}...).
     */
    public Map<String, Object> stateDict() {
        Map<String, Object> d = new LinkedHashMap<>();
        saveFields(d);
        d.put("base_lrs", new ArrayList<>(baseLrs));
        d.put("last_epoch", lastEpoch);
        d.put("verbose", false);
        d.put("_step_count", stepCount);
        d.put("_get_lr_called_within_step", false);
        d.put("_last_lr", new ArrayList<>(lastLr));
        return d;
    }

    /** Restores a {@link #stateDict()}; unknown keys are ignored. */
    public void loadStateDict(Map<String, ?> state) {
        loadFields(state);
        if (state.containsKey("base_lrs")) baseLrs = doubles(state.get("base_lrs"));
        if (state.containsKey("last_epoch")) lastEpoch = ((Number) state.get("last_epoch")).intValue();
        if (state.containsKey("_step_count")) stepCount = ((Number) state.get("_step_count")).intValue();
        if (state.containsKey("_last_lr")) lastLr = doubles(state.get("_last_lr"));
    }

    static List<Double> doubles(Object list) {
        List<Double> r = new ArrayList<>();
        for (Object o : (List<?>) list) r.add(((Number) o).doubleValue());
        return r;
    }
}
