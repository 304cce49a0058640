package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** 1 / (1 + exp(-x)). */
public class Sigmoid extends Module {

    @Override public Tensor forward(Tensor x) { return F.sigmoid(x); }

}
