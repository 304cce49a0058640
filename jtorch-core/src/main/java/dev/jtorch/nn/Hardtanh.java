package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** x clamped to [minVal, maxVal]. */
public class Hardtanh extends Module {
    public final double minVal, maxVal;

    public Hardtanh() { this(-1.0, 1.0); }

    public Hardtanh(double minVal, double maxVal) {
        if (maxVal <= minVal) throw new IllegalArgumentException("max_val must be larger than min_val");
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    @Override public Tensor forward(Tensor x) { return F.hardtanh(x, minVal, maxVal); }

    @Override public String extraRepr() { return "min_val=" + pyFloat(minVal) + ", max_val=" + pyFloat(maxVal); }
}
