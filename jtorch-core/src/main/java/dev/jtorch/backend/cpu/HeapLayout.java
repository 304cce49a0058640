package dev.jtorch.backend.cpu;

/**
 * Where a float[]'s first element lies relative to a 64-byte cache line, as far as we can guess it. G1
 * places every large array (at least half a heap region) at the start of a region, so its elements begin at
 * the array header's size past a line boundary; a kernel that skips the first few elements then reads whole
 * lines with each 64-byte vector load. Smaller arrays and other collectors place arrays anywhere on an
 * 8-byte boundary, where this guess is as good as any other.
 */
final class HeapLayout {
    private HeapLayout() {}

    /**
     * Bytes from an array object's start to its first float: 16 with HotSpot's default object headers
     * (JDK 25). With {@code -XX:+UseCompactObjectHeaders} it is 12 and the kernels' loads straddle lines as
     * they would without this guess; results stay correct. Asking the JVM (its diagnostic MXBean) would cost
     * about 20 ms of class loading at the first large sum.
     */
    static final int FLOAT_BASE = 16;

    /** Leading elements of a float run starting at index {@code from} to skip so that the rest starts on a line. */
    static int floatsToLine(int from) {
        int misalign = Math.floorMod(FLOAT_BASE + 4 * from, 64);
        return misalign == 0 ? 0 : (64 - misalign) / 4;
    }
}
