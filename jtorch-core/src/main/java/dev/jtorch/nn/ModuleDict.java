package dev.jtorch.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Submodules by name, in insertion order; it has no forward of its own. */
public class ModuleDict extends Module {
    private final LinkedHashMap<String, Module> map = new LinkedHashMap<>();

    public ModuleDict() {}

    public ModuleDict(Map<String, ? extends Module> modules) { update(modules); }

    public Module put(String key, Module m) {
        addModule(key, m);
        return map.put(key, m);
    }

    public void update(Map<String, ? extends Module> modules) {
        for (Map.Entry<String, ? extends Module> e : modules.entrySet()) put(e.getKey(), e.getValue());
    }

    public Module get(String key) {
        Module m = map.get(key);
        if (m == null) throw new java.util.NoSuchElementException(key);
        return m;
    }

    public boolean containsKey(String key) { return map.containsKey(key); }

    public Set<String> keySet() { return map.keySet(); }

    public int size() { return map.size(); }
}
