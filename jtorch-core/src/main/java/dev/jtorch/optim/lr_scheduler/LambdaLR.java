package dev.jtorch.optim.lr_scheduler;

import dev.jtorch.optim.Optimizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Sets each group's rate to its initial rate times {@code lrLambda(epoch)} ({@code LambdaLR}); one function
 * for all groups or one per group.
 */
public class LambdaLR extends LRScheduler {
    private final List<IntToDoubleFunction> lrLambdas;

    public LambdaLR(Optimizer optimizer, IntToDoubleFunction lrLambda) { this(optimizer, lrLambda, -1); }

    public LambdaLR(Optimizer optimizer, IntToDoubleFunction lrLambda, int lastEpoch) {
        this.lrLambdas = Collections.nCopies(optimizer.paramGroups().size(), lrLambda);
        super(optimizer, lastEpoch);
    }

    public LambdaLR(Optimizer optimizer, List<? extends IntToDoubleFunction> lrLambdas) { this(optimizer, lrLambdas, -1); }

    public LambdaLR(Optimizer optimizer, List<? extends IntToDoubleFunction> lrLambdas, int lastEpoch) {
        this.lrLambdas = perGroup(optimizer, lrLambdas);
        super(optimizer, lastEpoch);
    }

    static List<IntToDoubleFunction> perGroup(Optimizer optimizer, List<? extends IntToDoubleFunction> lrLambdas) {
        int n = optimizer.paramGroups().size();
        if (lrLambdas.size() != n) throw new IllegalArgumentException("Expected " + n + " lr_lambdas, but got " + lrLambdas.size());
        return List.copyOf(lrLambdas);
    }

    @Override protected List<Double> getLr() {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < baseLrs.size(); i++) r.add(baseLrs.get(i) * lrLambdas.get(i).applyAsDouble(lastEpoch));
        return r;
    }

    /** Java functions carry no state to save; PyTorch likewise writes None for plain functions. */
    @Override protected void saveFields(Map<String, Object> out) {
        out.put("lr_lambdas", new ArrayList<>(Collections.nCopies(lrLambdas.size(), null)));
    }
}
