package dev.jtorch.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link HeapArrays}' loops on the Vector API; each returns how many leading elements it did (whole vectors). */
final class VectorHeapArrays {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorHeapArrays() {}

    static int add(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int e = S.loopBound(n); i < e; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).add(FloatVector.fromArray(S, y, yo + i)).intoArray(x, xo + i);
        }
        return i;
    }

    static int fma(float[] x, int xo, float[] y, int yo, float s, int n) {
        int i = 0;
        FloatVector sv = FloatVector.broadcast(S, s);
        for (int e = S.loopBound(n); i < e; i += S.length()) {
            FloatVector.fromArray(S, y, yo + i).fma(sv, FloatVector.fromArray(S, x, xo + i)).intoArray(x, xo + i);
        }
        return i;
    }
}
