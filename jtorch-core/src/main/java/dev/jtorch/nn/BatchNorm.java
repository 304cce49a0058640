package dev.jtorch.nn;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

/**
 * Shared part of {@link BatchNorm1d} and {@link BatchNorm2d} (PyTorch's _BatchNorm): weight/bias, buffers
 * running_mean, running_var, num_batches_tracked; momentum null means a cumulative average.
 */
public abstract class BatchNorm extends Module {
    public final long numFeatures;
    public final double eps;
    public final Double momentum;
    public final boolean affine, trackRunningStats;
    public Parameter weight;
    public Parameter bias;
    public Tensor runningMean, runningVar, numBatchesTracked;

    protected BatchNorm(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        if (affine) {
            weight = registerParameter("weight", new Parameter(Torch.ones(numFeatures)));
            bias = registerParameter("bias", new Parameter(Torch.zeros(numFeatures)));
        }
        if (trackRunningStats) {
            runningMean = registerBuffer("running_mean", Torch.zeros(numFeatures));
            runningVar = registerBuffer("running_var", Torch.ones(numFeatures));
            numBatchesTracked = registerBuffer("num_batches_tracked", Torch.zeros(new long[0], DType.INT64));
        }
    }

    protected abstract void checkInputDim(Tensor x);

    @Override protected void upgradeState(java.util.Map<String, Tensor> state, String prefix) {
        if (trackRunningStats) state.putIfAbsent(prefix + "num_batches_tracked", Torch.zeros(new long[0], DType.INT64));
    }

    @Override public Tensor forward(Tensor x) {
        checkInputDim(x);
        double factor = momentum == null ? 0.0 : momentum;
        if (training && trackRunningStats) {
            // buffers may have been replaced by to(dtype) or loadStateDict: read them through the registry
            Tensor nbt = ownBuffers().get("num_batches_tracked");
            try (var g = Torch.noGrad()) {
                nbt.add_(1L);
            }
            factor = momentum == null ? 1.0 / nbt.itemDouble() : momentum;
        }
        boolean useBatch = training || !trackRunningStats;
        Tensor rm = trackRunningStats ? ownBuffers().get("running_mean") : null, rv = trackRunningStats ? ownBuffers().get("running_var") : null;
        return F.batchNorm(x, !training || trackRunningStats ? rm : null, !training || trackRunningStats ? rv : null, weight, bias, useBatch, factor, eps);
    }

    @Override public String extraRepr() {
        return numFeatures + ", eps=" + pyFloat(eps) + ", momentum=" + (momentum == null ? "None" : pyFloat(momentum)) + ", affine="
                + (affine ? "True" : "False") + ", track_running_stats=" + (trackRunningStats ? "True" : "False");
    }
}
