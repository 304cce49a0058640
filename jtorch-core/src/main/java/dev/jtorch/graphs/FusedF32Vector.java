package dev.jtorch.graphs;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of {@link FusedF32} with the Vector API (loaded only when the jdk.incubator.vector module is
 * present). Lanewise add, sub, mul and div round exactly as the scalar float operations, so both paths
 * give the same bits.
 */
final class FusedF32Vector {
    private FusedF32Vector() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    static void both(int code, float[] x, int xi, float[] y, int yi, float[] z, int zi, int n) {
        int bound = S.loopBound(n), step = S.length(), i = 0;
        switch (code) {
            case FusedF32.ADD -> {
                for (; i < bound; i += step) FloatVector.fromArray(S, x, xi + i).add(FloatVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] + y[yi + i];
            }
            case FusedF32.SUB -> {
                for (; i < bound; i += step) FloatVector.fromArray(S, x, xi + i).sub(FloatVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] - y[yi + i];
            }
            case FusedF32.MUL -> {
                for (; i < bound; i += step) FloatVector.fromArray(S, x, xi + i).mul(FloatVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] * y[yi + i];
            }
            default -> {
                for (; i < bound; i += step) FloatVector.fromArray(S, x, xi + i).div(FloatVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] / y[yi + i];
            }
        }
    }

    static void scalarSecond(int code, float[] x, int xi, float c, float[] z, int zi, int n) {
        int bound = S.loopBound(n), step = S.length(), i = 0;
        switch (code) {
            case FusedF32.ADD -> {
                for (; i < bound; i += step) FloatVector.fromArray(S, x, xi + i).add(c).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] + c;
            }
            case FusedF32.SUB -> {
                for (; i < bound; i += step) FloatVector.fromArray(S, x, xi + i).sub(c).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] - c;
            }
            case FusedF32.MUL -> {
                for (; i < bound; i += step) FloatVector.fromArray(S, x, xi + i).mul(c).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] * c;
            }
            default -> {
                for (; i < bound; i += step) FloatVector.fromArray(S, x, xi + i).div(c).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] / c;
            }
        }
    }

    static void scalarFirst(int code, float c, float[] y, int yi, float[] z, int zi, int n) {
        int bound = S.loopBound(n), step = S.length(), i = 0;
        switch (code) {
            case FusedF32.ADD -> {
                for (; i < bound; i += step) FloatVector.broadcast(S, c).add(FloatVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = c + y[yi + i];
            }
            case FusedF32.SUB -> {
                for (; i < bound; i += step) FloatVector.broadcast(S, c).sub(FloatVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = c - y[yi + i];
            }
            case FusedF32.MUL -> {
                for (; i < bound; i += step) FloatVector.broadcast(S, c).mul(FloatVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = c * y[yi + i];
            }
            default -> {
                for (; i < bound; i += step) FloatVector.broadcast(S, c).div(FloatVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = c / y[yi + i];
            }
        }
    }
}
