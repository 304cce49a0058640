package dev.jtorch.backend.cpu;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where a float[]'s first element lies relative to a 64-byte cache line, as far as the JVM lets us know.
 * G1 places every large array (at least half a heap region) at the start of a region, so its elements begin
 * at the array header's size past a line boundary; a kernel that skips the first few elements then reads
 * whole lines with each 64-byte vector load. Smaller arrays and other collectors place arrays anywhere on an
 * 8-byte boundary, where this guess is as good as any other.
 */
final class HeapLayout {
    private HeapLayout() {}

    /** Bytes from an array object's start to its first float: 16 with HotSpot's default headers. */
    static final int FLOAT_BASE = floatBase();

    /** Leading elements of a float run starting at index {@code from} to skip so that the rest starts on a line. */
    static int floatsToLine(int from) {
        int misalign = Math.floorMod(FLOAT_BASE + 4 * from, 64);
        return misalign == 0 ? 0 : (64 - misalign) / 4;
    }

    private static int floatBase() {
        try {
            var vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null) return 16;
            if (flag(vm, "UseCompactObjectHeaders")) return 12; // 8-byte header, then the 4-byte length
            if (!flag(vm, "UseCompressedClassPointers")) return 20;
            return 16;
        } catch (RuntimeException | LinkageError e) {
            return 16; // not HotSpot, or the flag is unknown to this JVM
        }
    }

    private static boolean flag(HotSpotDiagnosticMXBean vm, String name) {
        return Boolean.parseBoolean(vm.getVMOption(name).getValue());
    }
}
