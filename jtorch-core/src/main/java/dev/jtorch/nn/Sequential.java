package dev.jtorch.nn;

import dev.jtorch.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs its modules in order, each on the previous one's output; named "0", "1", ... or by the given map's keys. */
public class Sequential extends Module implements Iterable<Module> {
    public Sequential(Module... modules) {
        for (int i = 0; i < modules.length; i++) addModule(Integer.toString(i), modules[i]);
    }

    /** Modules under the map's keys, in its iteration order (pass a LinkedHashMap, as PyTorch's OrderedDict). */
    public Sequential(Map<String, ? extends Module> modules) {
        for (Map.Entry<String, ? extends Module> e : modules.entrySet()) addModule(e.getKey(), e.getValue());
    }

    /** Appends a module named by its position. */
    public Sequential append(Module m) {
        addModule(Integer.toString(list().size()), m);
        return this;
    }

    private List<Module> list() { return new ArrayList<>(ownModules().values()); }

    public Module get(int index) {
        List<Module> l = list();
        int i = index < 0 ? index + l.size() : index;
        if (i < 0 || i >= l.size()) throw new IndexOutOfBoundsException("index " + index + " is out of range");
        return l.get(i);
    }

    public int size() { return list().size(); }

    @Override public java.util.Iterator<Module> iterator() { return list().iterator(); }

    @Override public Tensor forward(Tensor x) {
        for (Module m : list()) x = m.call(x);
        return x;
    }
}
