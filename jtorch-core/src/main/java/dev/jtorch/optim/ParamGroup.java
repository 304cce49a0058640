package dev.jtorch.optim;

import dev.jtorch.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code optimizer.param_groups}: the tensors it optimizes and its hyper-parameters. PyTorch
 * keeps both in one dict under {@code 'params'} and the option names; here the params are a list and the
 * options an insertion-ordered map with PyTorch's key names ({@code "lr"}, {@code "momentum"},
 * {@code "betas"}...). Options a group does not set are filled from the optimizer's defaults when the
 * group is added. Values are Java objects: Double for floats, Boolean, Integer, {@code List<Double>} for
 * tuples such as {@code betas}, and null for None.
 *
 * <pre>{@code
 * new SGD(List.of(new ParamGroup(model.base.parameters()),
 *                 new ParamGroup(model.classifier.parameters()).set("lr", 1e-3)), 1e-2, 0.9);
 * }</pre>
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Object> options = new LinkedHashMap<>();

    public ParamGroup(Iterable<? extends Tensor> params) {
        this.params = new ArrayList<>();
        for (Tensor p : params) this.params.add(p);
    }

    /** A group with some options already set, as the dict {@code {'params': params, **options}}. */
    public ParamGroup(Iterable<? extends Tensor> params, Map<String, ?> options) {
        this(params);
        this.options.putAll(options);
    }

    /** A group of one tensor ({@code {'params': p}}). */
    public ParamGroup(Tensor param) {
        this(List.of(param));
    }

    /** The group's tensors (the live list, as {@code group['params']}). */
    public List<Tensor> params() { return params; }

    /** The hyper-parameters (the live map, every key of the dict except {@code 'params'}). */
    public Map<String, Object> options() { return options; }

    /** Sets {@code group[key] = value} and returns this group. */
    public ParamGroup set(String key, Object value) {
        options.put(key, value);
        return this;
    }

    public boolean has(String key) { return options.containsKey(key); }

    /** {@code group[key]}; a missing key is a {@code KeyError} in PyTorch. */
    public Object get(String key) {
        if (!options.containsKey(key)) throw new java.util.NoSuchElementException("'" + key + "'");
        return options.get(key);
    }

    public double getDouble(String key) {
        Object v = get(key);
        if (v instanceof Boolean b) return b ? 1 : 0;
        return ((Number) v).doubleValue();
    }

    public boolean getBoolean(String key) {
        Object v = get(key);
        if (v instanceof Number n) return n.doubleValue() != 0;
        return (Boolean) v;
    }

    /** A tuple option such as {@code betas} as doubles; accepts a List of numbers or a double[]. */
    public double[] getDoubles(String key) {
        Object v = get(key);
        if (v instanceof double[] a) return a.clone();
        List<?> l = (List<?>) v;
        double[] r = new double[l.size()];
        for (int i = 0; i < r.length; i++) r[i] = ((Number) l.get(i)).doubleValue();
        return r;
    }

    /** The learning rate {@code group['lr']}. */
    public double lr() { return getDouble("lr"); }

    /** Sets {@code group['lr']}, as learning-rate schedulers do. */
    public void setLr(double lr) { options.put("lr", lr); }

    static List<Double> tuple(double... values) {
        List<Double> l = new ArrayList<>(values.length);
        for (double v : values) l.add(v);
        return Collections.unmodifiableList(l);
    }

    @Override public String toString() {
        return "ParamGroup(" + params.size() + " params, " + options + ")";
    }
}
