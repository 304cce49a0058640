package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** min(max(x, 0), 6). */
public class ReLU6 extends Module {

    @Override public Tensor forward(Tensor x) { return F.relu6(x); }

}
