package dev.jtorch.nn;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.RemovableHandle;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Base class of all neural network modules ({@code torch.nn.Module}).
 *
 * <h2>Registering parameters, buffers and submodules</h2>
 * The Java-natural way mirrors Python's attribute assignment: declare fields.
 * <pre>{@code
 * class Net extends Module {
 *     Linear fc1 = new Linear(2, 5);
 *     Linear fc2 = new Linear(5, 1);
 *     public Tensor forward(Tensor x) { return fc2.call(F.relu(fc1.call(x))); }
 * }
 * }</pre>
 * Every non-static, non-synthetic instance field whose declared type is a {@link Module} or {@link Parameter}
 * (or a subclass) is discovered by reflection, named after the field, in declaration order (fields of
 * superclasses first), each time the module tree is walked ({@link #parameters()}, {@link #stateDict()},
 * {@link #toString()}, ...). Discovery happens lazily because Java initialises subclass fields after this
 * constructor runs. A field that holds null is skipped (as a Python attribute set to None), and a value that is
 * already registered under some name is not registered twice. Reassigning a field replaces the entry under
 * that name, keeping its position.
 *
 * <p>Explicit registration works as in PyTorch: {@link #registerParameter}, {@link #registerBuffer},
 * {@link #registerModule}/{@link #addModule} (each returns its argument, so {@code w = registerParameter("w", ...)}
 * reads naturally). Buffers (tensors that are state but not parameters, like BatchNorm's running_mean) are only
 * registered explicitly: a plain {@link Tensor} field is not a buffer. Containers with dynamic children
 * ({@link Sequential}, {@link ModuleList}, {@link ModuleDict}) register them explicitly; a {@code List<Module>}
 * field is not discovered (as a Python list attribute is not).
 *
 * <p>Note: {@code java.lang.Module} is imported implicitly, so a wildcard {@code import dev.jtorch.nn.*;} leaves the
 * simple name ambiguous; add the single-type import {@code import dev.jtorch.nn.Module;}, which takes precedence.
 *
 * <p>Explicit registrations keep their order among themselves; discovered fields are added after the entries
 * that existed at the first walk. Names follow the field names as written (for example {@code fc1}), so state
 * dict keys match a Python model whose attributes have the same names.
 */
public abstract class Module {
    private final LinkedHashMap<String, Parameter> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> nonPersistent = new LinkedHashSet<>();
    private final LinkedHashMap<String, Module> modules = new LinkedHashMap<>();
    private final List<ForwardHook> forwardHooks = new ArrayList<>();
    private final List<ForwardPreHook> forwardPreHooks = new ArrayList<>();
    protected boolean training = true;

    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    /** Called after forward with the inputs and the output; a non-null result replaces the output. */
    @FunctionalInterface
    public interface ForwardHook {
        Tensor apply(Module module, Tensor[] input, Tensor output);
    }

    /** Called before forward with the inputs; a non-null result replaces them. */
    @FunctionalInterface
    public interface ForwardPreHook {
        Tensor[] apply(Module module, Tensor[] input);
    }

    // ------------------------------------------------------------------ forward

    /** The computation of this module for one input; subclasses override the forms they accept. */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Module [" + getName() + "] is missing the required \"forward\" function");
    }

    /** The computation for two inputs (losses: input and target; Bilinear: x1 and x2). */
    public Tensor forward(Tensor input, Tensor other) {
        throw new UnsupportedOperationException("Module [" + getName() + "] is missing the required \"forward\" function");
    }

    /** Runs forward with the hooks ({@code module(x)} in Python). */
    public Tensor call(Tensor input) {
        if (forwardHooks.isEmpty() && forwardPreHooks.isEmpty()) return forward(input);
        Tensor[] in = runPreHooks(new Tensor[] {input});
        return runHooks(in, forward(in[0]));
    }

    public Tensor call(Tensor input, Tensor other) {
        if (forwardHooks.isEmpty() && forwardPreHooks.isEmpty()) return forward(input, other);
        Tensor[] in = runPreHooks(new Tensor[] {input, other});
        return runHooks(in, forward(in[0], in[1]));
    }

    private Tensor[] runPreHooks(Tensor[] in) {
        for (ForwardPreHook h : List.copyOf(forwardPreHooks)) {
            Tensor[] r = h.apply(this, in);
            if (r != null) in = r;
        }
        return in;
    }

    private Tensor runHooks(Tensor[] in, Tensor out) {
        for (ForwardHook h : List.copyOf(forwardHooks)) {
            Tensor r = h.apply(this, in, out);
            if (r != null) out = r;
        }
        return out;
    }

    public RemovableHandle registerForwardHook(ForwardHook hook) {
        forwardHooks.add(hook);
        return () -> forwardHooks.remove(hook);
    }

    public RemovableHandle registerForwardPreHook(ForwardPreHook hook) {
        forwardPreHooks.add(hook);
        return () -> forwardPreHooks.remove(hook);
    }

    // ------------------------------------------------------------------ registration

    private static void checkName(String kind, String name, boolean allowDot) {
        if (name == null) throw new NullPointerException(kind + " name can't be null");
        if (!allowDot && name.contains(".")) throw new IllegalArgumentException(kind + " name can't contain \".\", got: " + name);
        if (name.isEmpty()) throw new IllegalArgumentException(kind + " name can't be empty string \"\"");
    }

    /** Adds a parameter under {@code name}; null removes the entry (PyTorch registers None). */
    public <P extends Parameter> P registerParameter(String name, P param) {
        checkName("parameter", name, false);
        if (buffers.containsKey(name) || modules.containsKey(name)) throw new IllegalArgumentException("attribute '" + name + "' already exists");
        if (param == null) params.remove(name);
        else params.put(name, param);
        return param;
    }

    public Tensor registerBuffer(String name, Tensor buffer) { return registerBuffer(name, buffer, true); }

    /** Adds a buffer; a non-persistent one is left out of {@link #stateDict()}. */
    public Tensor registerBuffer(String name, Tensor buffer, boolean persistent) {
        checkName("buffer", name, false);
        if (params.containsKey(name) || modules.containsKey(name)) throw new IllegalArgumentException("attribute '" + name + "' already exists");
        if (buffer == null) buffers.remove(name);
        else buffers.put(name, buffer);
        if (persistent) nonPersistent.remove(name);
        else nonPersistent.add(name);
        return buffer;
    }

    public <M extends Module> M registerModule(String name, M module) { return addModule(name, module); }

    public <M extends Module> M addModule(String name, M module) {
        checkName("module", name, false);
        if (params.containsKey(name) || buffers.containsKey(name)) throw new IllegalArgumentException("attribute '" + name + "' already exists");
        if (module == null) modules.remove(name);
        else modules.put(name, module);
        return module;
    }

    /** The submodule at a dotted path ({@code get_submodule}); "" is this module. */
    public Module getSubmodule(String target) {
        if (target.isEmpty()) return this;
        Module m = this;
        for (String part : target.split("\\.")) {
            m.discover();
            Module next = m.modules.get(part);
            if (next == null) throw new IllegalArgumentException(m.getName() + " has no attribute `" + part + "`");
            m = next;
        }
        return m;
    }

    /** The parameter at a dotted path such as {@code "fc1.weight"} ({@code get_parameter}). */
    public Parameter getParameter(String target) {
        int dot = target.lastIndexOf('.');
        Module m = getSubmodule(dot < 0 ? "" : target.substring(0, dot));
        String name = target.substring(dot + 1);
        Parameter p = m.ownParameters().get(name);
        if (p == null) throw new IllegalArgumentException(m.getName() + " has no attribute `" + name + "`");
        return p;
    }

    /** The buffer at a dotted path such as {@code "bn1.running_mean"} ({@code get_buffer}). */
    public Tensor getBuffer(String target) {
        int dot = target.lastIndexOf('.');
        Module m = getSubmodule(dot < 0 ? "" : target.substring(0, dot));
        String name = target.substring(dot + 1);
        Tensor b = m.ownBuffers().get(name);
        if (b == null) throw new IllegalArgumentException(m.getName() + " has no attribute `" + name + "`");
        return b;
    }

    private static List<Field> fields(Class<?> c) {
        return FIELDS.computeIfAbsent(c, k -> {
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> x = k; x != null && x != Module.class; x = x.getSuperclass()) chain.add(0, x);
            List<Field> out = new ArrayList<>();
            for (Class<?> x : chain) {
                for (Field f : x.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
                    if (!Module.class.isAssignableFrom(f.getType()) && !Parameter.class.isAssignableFrom(f.getType())) continue;
                    try {
                        f.setAccessible(true);
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("cannot read the field " + f.getName() + " of " + x.getName()
                                + ": open its package to jtorch (module-info: opens ... to dev.jtorch) or register the value explicitly", e);
                    }
                    out.add(f);
                }
            }
            return List.copyOf(out);
        });
    }

    /** Syncs the registries with the Module / Parameter fields (see the class comment). */
    private void discover() {
        for (Field f : fields(getClass())) {
            Object v;
            try {
                v = f.get(this);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read field " + f, e);
            }
            if (v == null) continue;
            String name = f.getName();
            if (v instanceof Parameter p) {
                if (params.get(name) == p || params.containsValue(p)) continue;
                params.put(name, p);
            } else if (v instanceof Module m) {
                if (modules.get(name) == m || modules.containsValue(m)) continue;
                modules.put(name, m);
            }
        }
    }

    // ------------------------------------------------------------------ walking the tree

    /** This module's own parameters by name (PyTorch's {@code _parameters}). */
    protected Map<String, Parameter> ownParameters() { discover(); return params; }

    protected Map<String, Tensor> ownBuffers() { discover(); return buffers; }

    /** This module's direct submodules by name, a module registered twice listed twice (PyTorch's {@code _modules}). */
    protected Map<String, Module> ownModules() { discover(); return modules; }

    public List<Parameter> parameters() { return parameters(true); }

    public List<Parameter> parameters(boolean recurse) { return new ArrayList<>(namedParameters("", recurse).values()); }

    /** Parameters with PyTorch's dotted names; a parameter shared by two modules is listed once. */
    public LinkedHashMap<String, Parameter> namedParameters() { return namedParameters("", true); }

    public LinkedHashMap<String, Parameter> namedParameters(String prefix, boolean recurse) {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        Set<Tensor> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> e : (recurse ? namedModules(prefix) : Map.of(prefix, this)).entrySet()) {
            for (Map.Entry<String, Parameter> p : e.getValue().ownParameters().entrySet()) {
                if (seen.add(p.getValue())) out.put(join(e.getKey(), p.getKey()), p.getValue());
            }
        }
        return out;
    }

    public List<Tensor> buffers() { return new ArrayList<>(namedBuffers().values()); }

    public LinkedHashMap<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> e : namedModules("").entrySet()) {
            for (Map.Entry<String, Tensor> b : e.getValue().ownBuffers().entrySet()) {
                if (seen.add(b.getValue())) out.put(join(e.getKey(), b.getKey()), b.getValue());
            }
        }
        return out;
    }

    public List<Module> children() { return new ArrayList<>(namedChildren().values()); }

    /** Direct submodules by name; a module registered twice is listed once. */
    public LinkedHashMap<String, Module> namedChildren() {
        discover();
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> e : modules.entrySet()) if (seen.add(e.getValue())) out.put(e.getKey(), e.getValue());
        return out;
    }

    /** This module and all below it, depth first, each once. */
    public List<Module> modules() { return new ArrayList<>(namedModules().values()); }

    public LinkedHashMap<String, Module> namedModules() { return namedModules(""); }

    public LinkedHashMap<String, Module> namedModules(String prefix) {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collect(prefix, out, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collect(String prefix, LinkedHashMap<String, Module> out, Set<Module> seen) {
        if (!seen.add(this)) return;
        out.put(prefix, this);
        discover();
        for (Map.Entry<String, Module> e : modules.entrySet()) e.getValue().collect(join(prefix, e.getKey()), out, seen);
    }

    private static String join(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "." + name; }

    // ------------------------------------------------------------------ state

    public Module train() { return train(true); }

    public Module train(boolean mode) {
        training = mode;
        for (Module m : children()) m.train(mode);
        return this;
    }

    public Module eval() { return train(false); }

    public boolean isTraining() { return training; }

    /** Applies {@code fn} to every submodule (children first) and then to this one. */
    public Module apply(Consumer<Module> fn) {
        for (Module m : children()) m.apply(fn);
        fn.accept(this);
        return this;
    }

    public Module requiresGrad_() { return requiresGrad_(true); }

    public Module requiresGrad_(boolean requiresGrad) {
        for (Parameter p : parameters()) p.requiresGrad_(requiresGrad);
        return this;
    }

    /** As PyTorch 1.13's {@code zero_grad()}: set_to_none defaults to false, so gradients are zeroed in place. */
    public void zeroGrad() { zeroGrad(false); }

    public void zeroGrad(boolean setToNone) {
        for (Parameter p : parameters()) {
            Tensor g = p.grad();
            if (g == null) continue;
            if (setToNone) {
                p.setGrad(null);
            } else {
                if (g.gradFn() != null) g.detach_();
                else g.requiresGrad_(false);
                g.zero_();
            }
        }
    }

    /**
     * Casts the floating point parameters and buffers to {@code dtype} ({@code module.to(dtype)}). Java tensors
     * cannot change dtype in place, so each one is replaced by a new Parameter (or buffer) that keeps
     * requires_grad and a cast gradient; fields that held the old object are updated to the new one.
     */
    public Module to(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("nn.Module.to only accepts floating point or complex dtypes, but got desired dtype="
                    + "torch." + dtype.toString().toLowerCase());
        }
        // one replacement per tensor, so that a parameter shared by two modules (weight tying) stays shared
        Map<Tensor, Tensor> done = new IdentityHashMap<>();
        for (Module m : modules()) m.castOwn(dtype, done);
        return this;
    }

    /** {@code module.double()}: floating point parameters and buffers to float64. */
    public Module toDouble() { return to(DType.FLOAT64); }

    /** {@code module.float()}. */
    public Module toFloat() { return to(DType.FLOAT32); }

    /** {@code module.half()}. */
    public Module toHalf() { return to(DType.FLOAT16); }

    /** {@code module.bfloat16()}. */
    public Module toBFloat16() { return to(DType.BFLOAT16); }

    /**
     * Moves parameters and buffers to {@code device} ({@code module.to("cuda")}): as with {@link #to(DType)},
     * each tensor not already there is replaced by a moved copy (requires_grad and gradient kept). Create the
     * optimizer after moving the model, as in PyTorch.
     */
    public Module to(dev.jtorch.Device device) {
        dev.jtorch.Device d = dev.jtorch.ops.DeviceCopy.resolve(device);
        if (d.type() != dev.jtorch.Device.Type.CPU) dev.jtorch.backend.Backend.of(d);   // fails here, with the reason, without CUDA
        Map<Tensor, Tensor> done = new IdentityHashMap<>();
        for (Module m : modules()) m.moveOwn(d, done);
        return this;
    }

    public Module to(String device) { return to(dev.jtorch.Device.of(device)); }

    /** {@code module.cuda()}: to the current GPU. */
    public Module cuda() { return to(new dev.jtorch.Device(dev.jtorch.Device.Type.CUDA, -1)); }

    /** {@code module.cpu()}. */
    public Module cpu() { return to(dev.jtorch.Device.CPU); }

    private void moveOwn(dev.jtorch.Device device, Map<Tensor, Tensor> done) {
        discover();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Parameter p = e.getValue();
            Parameter q = (Parameter) done.get(p);
            if (q == null) {
                if (p.device().equals(device)) continue;
                try (var g = Torch.noGrad()) {
                    q = new Parameter(p.detach().to(device), p.requiresGrad());
                    if (p.grad() != null) q.setGrad(p.grad().to(device));
                }
                done.put(p, q);
            }
            e.setValue(q);
            replaceField(p, q);
        }
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            Tensor b = e.getValue();
            if (b == null) continue;
            Tensor c = done.get(b);
            if (c == null) {
                if (b.device().equals(device)) continue;
                c = b.to(device);
                done.put(b, c);
            }
            e.setValue(c);
            replaceField(b, c);
        }
    }

    private void castOwn(DType dtype, Map<Tensor, Tensor> done) {
        discover();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Parameter p = e.getValue();
            Parameter q = (Parameter) done.get(p);
            if (q == null) {
                if (!p.isFloatingPoint() || p.dtype() == dtype) continue;
                try (var g = Torch.noGrad()) {
                    q = new Parameter(p.to(dtype), p.requiresGrad());
                    if (p.grad() != null) q.setGrad(p.grad().to(dtype));
                }
                done.put(p, q);
            }
            e.setValue(q);
            replaceField(p, q);
        }
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            Tensor b = e.getValue();
            Tensor c = done.get(b);
            if (c == null) {
                if (!b.isFloatingPoint() || b.dtype() == dtype) continue;
                c = b.to(dtype);
                done.put(b, c);
            }
            e.setValue(c);
            replaceField(b, c);
        }
    }

    /** Points every field of this module that holds {@code old} (any type) to {@code now}. */
    private void replaceField(Tensor old, Tensor now) {
        for (Class<?> c = getClass(); c != null && c != Module.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || !f.getType().isInstance(now)) continue;
                try {
                    f.setAccessible(true);
                    if (f.get(this) == old) {
                        if (Modifier.isFinal(f.getModifiers())) {
                            throw new IllegalStateException("field " + f + " is final and cannot follow to(dtype)");
                        }
                        f.set(this, now);
                    }
                } catch (IllegalAccessException ex) {
                    throw new IllegalStateException("cannot update field " + f, ex);
                }
            }
        }
    }

    /** Parameters and persistent buffers with PyTorch's keys, detached and sharing storage with the module. */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        saveTo(out, "");
        return out;
    }

    private void saveTo(LinkedHashMap<String, Tensor> out, String prefix) {
        discover();
        for (Map.Entry<String, Parameter> e : params.entrySet()) out.put(prefix + e.getKey(), e.getValue().detach());
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            if (!nonPersistent.contains(e.getKey())) out.put(prefix + e.getKey(), e.getValue().detach());
        }
        for (Map.Entry<String, Module> e : modules.entrySet()) e.getValue().saveTo(out, prefix + e.getKey() + ".");
    }

    /** The keys {@link #loadStateDict(Map, boolean)} found missing and unexpected (PyTorch's _IncompatibleKeys). */
    public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
        @Override public String toString() {
            if (missingKeys.isEmpty() && unexpectedKeys.isEmpty()) return "<All keys matched successfully>";
            return "_IncompatibleKeys(missing_keys=" + pyList(missingKeys) + ", unexpected_keys=" + pyList(unexpectedKeys) + ")";
        }

        private static String pyList(List<String> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) sb.append(i > 0 ? ", " : "").append('\'').append(l.get(i)).append('\'');
            return sb.append(']').toString();
        }
    }

    public IncompatibleKeys loadStateDict(Map<String, Tensor> state) { return loadStateDict(state, true); }

    /**
     * Copies the values of {@code state} into this module's parameters and buffers (in place, without
     * recording gradients). With {@code strict}, missing or unexpected keys raise PyTorch's error; a shape
     * mismatch always does.
     */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> state, boolean strict) {
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), errors = new ArrayList<>();
        Set<String> expected = new LinkedHashSet<>();
        state = new LinkedHashMap<>(state);
        try (var g = Torch.noGrad()) {
            loadTree(state, "", missing, errors, expected);
        }
        for (String k : state.keySet()) if (!expected.contains(k)) unexpected.add(k);
        if (strict) {
            if (!unexpected.isEmpty()) errors.add(0, "Unexpected key(s) in state_dict: " + quoted(unexpected) + ". ");
            if (!missing.isEmpty()) errors.add(0, "Missing key(s) in state_dict: " + quoted(missing) + ". ");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading state_dict for " + getName() + ":\n\t" + String.join("\n\t", errors));
        }
        return new IncompatibleKeys(missing, unexpected);
    }

    /**
     * Lets a module fill in entries that older checkpoints lack before its keys are matched (a copy of the
     * caller's map); BatchNorm adds num_batches_tracked = 0, as PyTorch does for unversioned state dicts.
     */
    protected void upgradeState(Map<String, Tensor> state, String prefix) {}

    private static String quoted(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) sb.append(i > 0 ? ", " : "").append('"').append(keys.get(i)).append('"');
        return sb.toString();
    }

    /** As PyTorch's recursive load: a module registered under two names loads under both. */
    private void loadTree(Map<String, Tensor> state, String prefix, List<String> missing, List<String> errors, Set<String> expected) {
        upgradeState(state, prefix);
        loadOwn(state, prefix, missing, errors, expected);
        for (Map.Entry<String, Module> e : modules.entrySet()) e.getValue().loadTree(state, prefix + e.getKey() + ".", missing, errors, expected);
    }

    private void loadOwn(Map<String, Tensor> state, String prefix, List<String> missing, List<String> errors, Set<String> expected) {
        discover();
        Map<String, Tensor> local = new LinkedHashMap<>(params);
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) if (!nonPersistent.contains(e.getKey())) local.put(e.getKey(), e.getValue());
        for (Map.Entry<String, Tensor> e : local.entrySet()) {
            String key = prefix + e.getKey();
            expected.add(key);
            Tensor param = e.getValue(), in = state.get(key);
            if (in == null) {
                missing.add(key);
                continue;
            }
            if (!Arrays.equals(in.shapeRef(), param.shapeRef())) {
                errors.add("size mismatch for " + key + ": copying a param with shape " + size(in) + " from checkpoint, "
                        + "the shape in current model is " + size(param) + ".");
                continue;
            }
            try {
                param.copy_(in);
            } catch (RuntimeException ex) {
                errors.add("While copying the parameter named \"" + key + "\", whose dimensions in the model are " + size(param)
                        + " and whose dimensions in the checkpoint are " + size(in) + ", an exception occurred : " + ex.getMessage() + ".");
            }
        }
    }

    private static String size(Tensor t) {
        StringBuilder sb = new StringBuilder("torch.Size([");
        long[] s = t.shapeRef();
        for (int i = 0; i < s.length; i++) sb.append(i > 0 ? ", " : "").append(s[i]);
        return sb.append("])").toString();
    }

    // ------------------------------------------------------------------ printing

    /** The class name shown in the repr and in errors (PyTorch's {@code _get_name}). */
    protected String getName() {
        Class<?> c = getClass();
        while (c.isAnonymousClass()) c = c.getSuperclass();
        return c.getSimpleName();
    }

    /** The text inside the parentheses of this module's repr line (PyTorch's {@code extra_repr}). */
    public String extraRepr() { return ""; }

    @Override public String toString() {
        List<String> extra = new ArrayList<>();
        String er = extraRepr();
        if (!er.isEmpty()) extra.addAll(Arrays.asList(er.split("\n", -1)));
        List<String> child = new ArrayList<>();
        discover();
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            child.add("(" + e.getKey() + "): " + addIndent(e.getValue().toString(), 2));
        }
        List<String> lines = new ArrayList<>(extra);
        lines.addAll(child);
        StringBuilder sb = new StringBuilder(getName()).append('(');
        if (!lines.isEmpty()) {
            if (extra.size() == 1 && child.isEmpty()) sb.append(extra.get(0));
            else sb.append("\n  ").append(String.join("\n  ", lines)).append('\n');
        }
        return sb.append(')').toString();
    }

    private static String addIndent(String s, int n) {
        String[] parts = s.split("\n", -1);
        if (parts.length == 1) return s;
        StringBuilder sb = new StringBuilder(parts[0]);
        String pad = " ".repeat(n);
        for (int i = 1; i < parts.length; i++) sb.append('\n').append(pad).append(parts[i]);
        return sb.toString();
    }

    /** Python's repr of a tuple of ints: {@code (3,)} or {@code (3, 3)}. */
    protected static String tuple(long... v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        if (v.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    /** Python's repr of a float (1e-05, 0.1, 1.0). */
    protected static String pyFloat(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e16) return (long) v + ".0";
        String s = Double.toString(v);
        if (s.contains("E")) {
            // Python writes 1e-05 where Java writes 1.0E-5
            String[] mp = s.split("E");
            String mant = mp[0].endsWith(".0") ? mp[0].substring(0, mp[0].length() - 2) : mp[0];
            int exp = Integer.parseInt(mp[1]);
            if (exp < -4 || exp >= 16) return mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
            return new java.math.BigDecimal(s).toPlainString();
        }
        return s;
    }
}
