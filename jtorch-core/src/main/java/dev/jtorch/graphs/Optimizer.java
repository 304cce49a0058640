package dev.jtorch.graphs;

import java.util.List;

/** Rewrites a recorded tape into the steps a replay runs. */
final class Optimizer {
    private Optimizer() {}

    static Runnable[] optimise(List<Call> tape) {
        return tape.toArray(new Runnable[0]);
    }
}
