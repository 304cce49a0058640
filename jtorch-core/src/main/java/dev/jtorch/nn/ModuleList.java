package dev.jtorch.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A list of submodules named "0", "1", ...; it has no forward of its own. */
public class ModuleList extends Module implements Iterable<Module> {
    private final List<Module> list = new ArrayList<>();

    public ModuleList(Module... modules) {
        for (Module m : modules) append(m);
    }

    public ModuleList(Iterable<? extends Module> modules) {
        for (Module m : modules) append(m);
    }

    public ModuleList append(Module m) {
        addModule(Integer.toString(list.size()), m);
        list.add(m);
        return this;
    }

    public ModuleList extend(Iterable<? extends Module> modules) {
        for (Module m : modules) append(m);
        return this;
    }

    public Module get(int index) {
        int i = index < 0 ? index + list.size() : index;
        if (i < 0 || i >= list.size()) throw new IndexOutOfBoundsException("index " + index + " is out of range");
        return list.get(i);
    }

    public int size() { return list.size(); }

    @Override public Iterator<Module> iterator() { return List.copyOf(list).iterator(); }
}
