package dev.jtorch.optim.lr_scheduler;

import dev.jtorch.optim.Optimizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/** Multiplies each group's rate by {@code lrLambda(epoch)} every epoch after the first ({@code MultiplicativeLR}). */
public class MultiplicativeLR extends LRScheduler {
    private final List<IntToDoubleFunction> lrLambdas;

    public MultiplicativeLR(Optimizer optimizer, IntToDoubleFunction lrLambda) { this(optimizer, lrLambda, -1); }

    public MultiplicativeLR(Optimizer optimizer, IntToDoubleFunction lrLambda, int lastEpoch) {
        this.lrLambdas = Collections.nCopies(optimizer.paramGroups().size(), lrLambda);
        super(optimizer, lastEpoch);
    }

    public MultiplicativeLR(Optimizer optimizer, List<? extends IntToDoubleFunction> lrLambdas) { this(optimizer, lrLambdas, -1); }

    public MultiplicativeLR(Optimizer optimizer, List<? extends IntToDoubleFunction> lrLambdas, int lastEpoch) {
        this.lrLambdas = LambdaLR.perGroup(optimizer, lrLambdas);
        super(optimizer, lastEpoch);
    }

    @Override protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        if (lastEpoch <= 0) return lrs;
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < lrs.size(); i++) r.add(lrs.get(i) * lrLambdas.get(i).applyAsDouble(lastEpoch));
        return r;
    }

    @Override protected void saveFields(Map<String, Object> out) {
        out.put("lr_lambdas", new ArrayList<>(Collections.nCopies(lrLambdas.size(), null)));
    }
}
