package dev.jtorch.backend.cuda;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the CUDA libraries on the user's machine: the driver ({@code libcuda.so.1}) where the NVIDIA driver
 * installs it, NVRTC and cuBLAS in a CUDA toolkit ({@code $CUDA_HOME}, {@code /usr/local/cuda*}) or on
 * {@code LD_LIBRARY_PATH}. Nothing is bundled, so a failure names the library and every place looked in.
 */
final class NativeLibs {
    private NativeLibs() {}

    static final java.lang.foreign.Linker LINKER = java.lang.foreign.Linker.nativeLinker();

    /** A downcall's Throwable as an unchecked exception. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    static final String[] DRIVER_DIRS = {"/usr/lib", "/usr/lib64", "/usr/lib/x86_64-linux-gnu", "/usr/lib/wsl/lib",
            "/usr/local/nvidia/lib64", "/usr/local/nvidia/lib"};

    /** The driver API library. */
    static SymbolLookup driver() {
        return load("libcuda", List.of("libcuda.so.1", "libcuda.so"), driverDirs());
    }

    static SymbolLookup nvrtc() {
        return loadWithCompanion("libnvrtc", "libnvrtc.so", "libnvrtc-builtins.so");
    }

    static SymbolLookup cublas() {
        return loadWithCompanion("libcublas", "libcublas.so", "libcublasLt.so");
    }

    /**
     * Loads a toolkit library from the first directory that has it, after the companion library it opens from
     * its own directory (NVRTC's builtins, cuBLAS's Lt): loaded first by path, the companion is found by soname
     * even when that directory is not on LD_LIBRARY_PATH.
     */
    private static SymbolLookup loadWithCompanion(String what, String name, String companion) {
        List<Path> dirs = toolkitDirs();
        for (Path dir : dirs) {
            if (candidates(dir, List.of(name)).isEmpty()) continue;
            try {
                load(companion, List.of(), List.of(companion), List.of(dir));
            } catch (IllegalStateException ignored) {
                // no companion beside it (older toolkits): the library's own load says what is missing
            }
            return load(what, List.of(), List.of(name), List.of(dir));
        }
        return load(what, List.of(name), dirs);
    }

    private static List<Path> driverDirs() {
        List<Path> dirs = new ArrayList<>(ldLibraryPath());
        for (String d : DRIVER_DIRS) dirs.add(Path.of(d));
        return dirs;
    }

    /** Where toolkits put their libraries, newest toolkit first. */
    static List<Path> toolkitDirs() {
        Set<Path> dirs = new LinkedHashSet<>(ldLibraryPath());
        for (String var : new String[] {"CUDA_HOME", "CUDA_PATH"}) {
            String home = System.getenv(var);
            if (home != null && !home.isBlank()) {
                dirs.add(Path.of(home, "lib64"));
                dirs.add(Path.of(home, "targets", "x86_64-linux", "lib"));
                dirs.add(Path.of(home, "lib"));
            }
        }
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        dirs.add(Path.of("/usr/local/cuda/targets/x86_64-linux/lib"));
        try (Stream<Path> s = Files.list(Path.of("/usr/local"))) {
            s.filter(p -> p.getFileName().toString().startsWith("cuda-"))
                    .sorted(Comparator.comparing((Path p) -> versionKey(p.getFileName().toString().substring(5))).reversed())
                    .forEach(p -> {
                        dirs.add(p.resolve("targets/x86_64-linux/lib"));
                        dirs.add(p.resolve("lib64"));
                    });
        } catch (IOException | RuntimeException ignored) {
            // no /usr/local: only the other places count
        }
        dirs.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        dirs.add(Path.of("/usr/lib64"));
        dirs.add(Path.of("/usr/lib"));
        return new ArrayList<>(dirs);
    }

    /** "13.0" as a sortable key, so cuda-13.0 comes before cuda-9.2. */
    private static String versionKey(String v) {
        StringBuilder sb = new StringBuilder();
        for (String part : v.split("\\.")) {
            String digits = part.replaceAll("\\D", "");
            sb.append(String.format("%06d", digits.isEmpty() ? 0 : Integer.parseInt(digits.substring(0, Math.min(6, digits.length())))));
        }
        return sb.toString();
    }

    private static List<Path> ldLibraryPath() {
        List<Path> dirs = new ArrayList<>();
        String lp = System.getenv("LD_LIBRARY_PATH");
        if (lp != null) for (String d : lp.split(":")) if (!d.isBlank()) dirs.add(Path.of(d));
        return dirs;
    }

    /**
     * Loads the first of: each plain name through the system's search (ldconfig cache, LD_LIBRARY_PATH), then
     * {@code dir/name} and {@code dir/name.*} (versioned sonames, highest first) in each directory.
     */
    static SymbolLookup load(String what, List<String> names, List<Path> dirs) {
        return load(what, names, names, dirs);
    }

    /** As {@link #load(String, List, List)} with separate names for the system search and the directory search. */
    private static SymbolLookup load(String what, List<String> systemNames, List<String> names, List<Path> dirs) {
        List<String> tried = new ArrayList<>();
        for (String name : systemNames) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) {
                tried.add(name);
            }
        }
        for (Path dir : dirs) {
            for (Path candidate : candidates(dir, names)) {
                try {
                    return SymbolLookup.libraryLookup(candidate, Arena.global());
                } catch (IllegalArgumentException e) {
                    tried.add(candidate + " (" + e.getMessage() + ")");
                }
            }
        }
        List<String> looked = new ArrayList<>();
        for (Path d : dirs) looked.add(d.toString());
        throw new IllegalStateException("CUDA is not available: could not load " + what + " (" + String.join(", ", names)
                + ") by name or from " + String.join(":", looked)
                + (tried.size() > systemNames.size() ? "; tried " + tried.subList(systemNames.size(), tried.size()) : "")
                + ". Install the NVIDIA driver / CUDA toolkit or point CUDA_HOME or LD_LIBRARY_PATH at it.");
    }

    private static List<Path> candidates(Path dir, List<String> names) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        for (String name : names) {
            Path exact = dir.resolve(name);
            if (Files.exists(exact)) out.add(exact);
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().startsWith(name + "."))
                        .sorted(Comparator.comparing((Path p) -> versionKey(p.getFileName().toString().substring(name.length() + 1))).reversed())
                        .forEach(out::add);
            } catch (IOException ignored) {
                // unreadable directory: nothing from it
            }
        }
        return out;
    }
}
