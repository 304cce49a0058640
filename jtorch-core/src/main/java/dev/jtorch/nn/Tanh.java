package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** tanh(x). */
public class Tanh extends Module {

    @Override public Tensor forward(Tensor x) { return F.tanh(x); }

}
