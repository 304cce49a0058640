package dev.jtorch.optim;

import dev.jtorch.Tensor;
import dev.jtorch.autograd.GradMode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * PyTorch 1.13's {@code torch.optim.Optimizer}: parameter groups with per-group hyper-parameters, per-parameter
 * state, {@code zero_grad}, {@code step}, and {@code state_dict}/{@code load_state_dict} in PyTorch's layout.
 *
 * <p>A subclass passes its defaults (an ordered map with PyTorch's key names) to the constructor and
 * implements {@link #update()}, which {@link #step()} runs with gradient recording off.
 */
public abstract class Optimizer {
    /** The default of a hyper-parameter every group must set itself (PyTorch's {@code required}). */
    public static final Object REQUIRED = new Object() {
        @Override public String toString() { return "<required parameter>"; }
    };

    private final Map<String, Object> defaults;
    private final List<ParamGroup> paramGroups = new ArrayList<>();
    // keyed by identity (Tensor does not override equals); insertion order is the order state_dict lists
    private final Map<Tensor, Map<String, Object>> state = new LinkedHashMap<>();

    /** One group holding {@code params}. */
    protected Optimizer(Iterable<? extends Tensor> params, Map<String, Object> defaults) {
        this.defaults = defaults;
        ParamGroup g = new ParamGroup(params);
        if (g.params().isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
        addParamGroup(g);
    }

    /** Several groups, each with its own options; unset options take the defaults. */
    protected Optimizer(List<ParamGroup> groups, Map<String, Object> defaults) {
        this.defaults = defaults;
        if (groups.isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
        for (ParamGroup g : groups) addParamGroup(g);
    }

    /** The defaults given at construction ({@code optimizer.defaults}), read-only. */
    public Map<String, Object> defaults() { return Collections.unmodifiableMap(defaults); }

    /** The groups ({@code optimizer.param_groups}); options may be changed in place, e.g. the lr. */
    public List<ParamGroup> paramGroups() { return Collections.unmodifiableList(paramGroups); }

    /** Per-parameter state ({@code optimizer.state}), keyed by the parameter tensor itself. */
    public Map<Tensor, Map<String, Object>> state() { return state; }

    /** The state of {@code p}, created empty on first use (PyTorch's {@code defaultdict(dict)}). */
    public Map<String, Object> state(Tensor p) {
        return state.computeIfAbsent(p, k -> new LinkedHashMap<>());
    }

    /**
     * Adds a group ({@code add_param_group}): fills unset options from the defaults, and refuses non-leaf
     * tensors and tensors already in another group.
     */
    public void addParamGroup(ParamGroup group) {
        for (Tensor p : group.params()) {
            if (p == null) throw new IllegalArgumentException("optimizer can only optimize Tensors, but one of the params is NoneType");
            if (!(p.isLeaf() || p.retainsGrad())) throw new IllegalArgumentException("can't optimize a non-leaf Tensor");
        }
        for (Map.Entry<String, Object> e : defaults.entrySet()) {
            if (e.getValue() == REQUIRED && !group.has(e.getKey())) {
                throw new IllegalArgumentException("parameter group didn't specify a value of required optimization parameter "
                        + e.getKey());
            }
            if (!group.has(e.getKey())) group.options().put(e.getKey(), e.getValue());
        }
        IdentityHashMap<Tensor, Boolean> existing = new IdentityHashMap<>();
        for (ParamGroup g : paramGroups) for (Tensor p : g.params()) existing.put(p, true);
        for (Tensor p : group.params()) {
            if (existing.containsKey(p)) throw new IllegalArgumentException("some parameters appear in more than one parameter group");
        }
        paramGroups.add(group);
    }

    /** Zeroes every parameter's gradient ({@code zero_grad()}: PyTorch 1.13's default keeps the tensors). */
    public void zeroGrad() { zeroGrad(false); }

    /**
     * Zeroes the gradients, or with {@code setToNone} drops them ({@code p.grad = None}), after which
     * {@link #step()} skips those parameters until they get a gradient again.
     */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : paramGroups) {
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                if (setToNone) {
                    p.setGrad(null);
                } else {
                    if (grad.gradFn() != null) grad.detach_();
                    else grad.requiresGrad_(false);
                    try (var s = GradMode.set(false)) {
                        grad.zero_();
                    }
                }
            }
        }
    }

    /** One optimization step over every parameter that has a gradient, with gradient recording off. */
    public void step() {
        try (var s = GradMode.set(false)) {
            update();
        }
    }

    /**
     * Evaluates {@code closure} (the model and loss, typically with {@code zeroGrad} and {@code backward})
     * with gradients on, then steps; returns the closure's loss.
     */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss;
        try (var s = GradMode.set(true)) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    /** The update itself; runs under no-grad. */
    protected abstract void update();

    /**
     * Re-applies what PyTorch's {@code __setstate__} does after {@link #loadStateDict}: options missing
     * from older state dicts get their defaults, and state entries are brought to the current format.
     */
    protected void afterLoad() {}

    // ------------------------------------------------------------------ state_dict

    /**
     * PyTorch's {@code state_dict()}: {@code "state"} maps each parameter's index (counted across groups in
     * order) to its state map (the live map and tensors, not copies), and {@code "param_groups"} lists each
     * group's options with {@code "params"}, the list of its parameters' indices, last.
     */
    public Map<String, Object> stateDict() {
        IdentityHashMap<Tensor, Integer> index = new IdentityHashMap<>();
        int start = 0;
        List<Map<String, Object>> groups = new ArrayList<>();
        for (ParamGroup g : paramGroups) {
            Map<String, Object> packed = new LinkedHashMap<>(g.options());
            List<Integer> ids = new ArrayList<>();
            int i = start;
            for (Tensor p : g.params()) {
                if (!index.containsKey(p)) index.put(p, i);
                ids.add(index.get(p));
                i++;
            }
            packed.put("params", ids);
            start += ids.size();
            groups.add(packed);
        }
        Map<Integer, Map<String, Object>> packedState = new LinkedHashMap<>();
        for (Map.Entry<Tensor, Map<String, Object>> e : state.entrySet()) {
            Integer id = index.get(e.getKey());
            if (id != null) packedState.put(id, e.getValue());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", packedState);
        out.put("param_groups", groups);
        return out;
    }

    /**
     * PyTorch's {@code load_state_dict}: a deep copy of {@code stateDict} replaces the state and the groups'
     * options; saved parameter indices are matched to this optimizer's parameters by position. Floating
     * state tensors other than {@code step} are cast to their parameter's dtype. Keys may be any Number
     * (as an unpickled checkpoint gives them).
     */
    @SuppressWarnings("unchecked")
    public void loadStateDict(Map<String, ?> stateDict) {
        List<?> savedGroups = (List<?>) stateDict.get("param_groups");
        if (savedGroups.size() != paramGroups.size()) {
            throw new IllegalArgumentException("loaded state dict has a different number of parameter groups");
        }
        for (int i = 0; i < savedGroups.size(); i++) {
            List<?> ids = (List<?>) ((Map<String, ?>) savedGroups.get(i)).get("params");
            if (ids.size() != paramGroups.get(i).params().size()) {
                throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
            }
        }
        Map<Long, Tensor> idMap = new LinkedHashMap<>();
        for (int i = 0; i < savedGroups.size(); i++) {
            List<?> ids = (List<?>) ((Map<String, ?>) savedGroups.get(i)).get("params");
            List<Tensor> ps = paramGroups.get(i).params();
            for (int j = 0; j < ids.size(); j++) idMap.put(((Number) ids.get(j)).longValue(), ps.get(j));
        }
        Map<?, ?> savedState = (Map<?, ?>) stateDict.get("state");
        Map<Tensor, Map<String, Object>> newState = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : savedState.entrySet()) {
            // state kept under keys that are not parameter indices is dropped (PyTorch keeps it, unused)
            if (!(e.getKey() instanceof Number n)) continue;
            Tensor p = idMap.get(n.longValue());
            if (p == null) continue;
            Map<String, Object> s = new LinkedHashMap<>();
            for (Map.Entry<String, ?> se : ((Map<String, ?>) e.getValue()).entrySet()) {
                s.put(se.getKey(), cast(p, se.getValue(), se.getKey()));
            }
            newState.put(p, s);
        }
        state.clear();
        state.putAll(newState);
        for (int i = 0; i < savedGroups.size(); i++) {
            ParamGroup g = paramGroups.get(i);
            g.options().clear();
            for (Map.Entry<String, ?> e : ((Map<String, ?>) savedGroups.get(i)).entrySet()) {
                if (!e.getKey().equals("params")) g.options().put(e.getKey(), deepCopy(e.getValue()));
            }
        }
        afterLoad();
    }

    private static Object cast(Tensor param, Object value, String key) {
        if (value instanceof Tensor t) {
            Tensor c = t.detach().clone();
            if (!"step".equals(key) && param.isFloatingPoint()) c = c.to(param.dtype());
            return c;
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> r = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) r.put(e.getKey(), cast(param, e.getValue(), String.valueOf(e.getKey())));
            return r;
        }
        if (value instanceof List<?> l) {
            List<Object> r = new ArrayList<>();
            for (Object o : l) r.add(cast(param, o, null));
            return r;
        }
        return value;
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Tensor t) return t.detach().clone();
        if (value instanceof List<?> l) {
            List<Object> r = new ArrayList<>();
            for (Object o : l) r.add(deepCopy(o));
            return Collections.unmodifiableList(r);
        }
        if (value instanceof double[] a) return a.clone();
        return value;
    }

    // ------------------------------------------------------------------ helpers for subclasses

    /** The state of {@code p} as a tensor entry, e.g. {@code state['exp_avg']}. */
    protected static Tensor tensor(Map<String, Object> s, String key) { return (Tensor) s.get(key); }

    /** PyTorch's repr: each group's options sorted by key, Python-formatted. */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append(" (");
        for (int i = 0; i < paramGroups.size(); i++) {
            sb.append('\n').append("Parameter Group ").append(i).append('\n');
            Map<String, Object> o = paramGroups.get(i).options();
            for (String k : new TreeSet<>(o.keySet())) sb.append("    ").append(k).append(": ").append(Py.str(o.get(k))).append('\n');
        }
        return sb.append(')').toString();
    }
}
