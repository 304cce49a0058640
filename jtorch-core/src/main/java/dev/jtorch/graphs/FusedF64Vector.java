package dev.jtorch.graphs;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of {@link FusedF64} with the Vector API (loaded only when the jdk.incubator.vector module is
 * present). Lanewise add, sub, mul and div round exactly as the scalar double operations, so both paths
 * give the same bits.
 */
final class FusedF64Vector {
    private FusedF64Vector() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    static void both(int code, double[] x, int xi, double[] y, int yi, double[] z, int zi, int n) {
        int bound = S.loopBound(n), step = S.length(), i = 0;
        switch (code) {
            case FusedF64.ADD -> {
                for (; i < bound; i += step) DoubleVector.fromArray(S, x, xi + i).add(DoubleVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] + y[yi + i];
            }
            case FusedF64.SUB -> {
                for (; i < bound; i += step) DoubleVector.fromArray(S, x, xi + i).sub(DoubleVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] - y[yi + i];
            }
            case FusedF64.MUL -> {
                for (; i < bound; i += step) DoubleVector.fromArray(S, x, xi + i).mul(DoubleVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] * y[yi + i];
            }
            default -> {
                for (; i < bound; i += step) DoubleVector.fromArray(S, x, xi + i).div(DoubleVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] / y[yi + i];
            }
        }
    }

    static void scalarSecond(int code, double[] x, int xi, double c, double[] z, int zi, int n) {
        int bound = S.loopBound(n), step = S.length(), i = 0;
        switch (code) {
            case FusedF64.ADD -> {
                for (; i < bound; i += step) DoubleVector.fromArray(S, x, xi + i).add(c).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] + c;
            }
            case FusedF64.SUB -> {
                for (; i < bound; i += step) DoubleVector.fromArray(S, x, xi + i).sub(c).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] - c;
            }
            case FusedF64.MUL -> {
                for (; i < bound; i += step) DoubleVector.fromArray(S, x, xi + i).mul(c).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] * c;
            }
            default -> {
                for (; i < bound; i += step) DoubleVector.fromArray(S, x, xi + i).div(c).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = x[xi + i] / c;
            }
        }
    }

    static void scalarFirst(int code, double c, double[] y, int yi, double[] z, int zi, int n) {
        int bound = S.loopBound(n), step = S.length(), i = 0;
        switch (code) {
            case FusedF64.ADD -> {
                for (; i < bound; i += step) DoubleVector.broadcast(S, c).add(DoubleVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = c + y[yi + i];
            }
            case FusedF64.SUB -> {
                for (; i < bound; i += step) DoubleVector.broadcast(S, c).sub(DoubleVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = c - y[yi + i];
            }
            case FusedF64.MUL -> {
                for (; i < bound; i += step) DoubleVector.broadcast(S, c).mul(DoubleVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = c * y[yi + i];
            }
            default -> {
                for (; i < bound; i += step) DoubleVector.broadcast(S, c).div(DoubleVector.fromArray(S, y, yi + i)).intoArray(z, zi + i);
                for (; i < n; i++) z[zi + i] = c / y[yi + i];
            }
        }
    }
}
