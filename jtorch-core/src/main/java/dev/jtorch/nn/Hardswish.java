package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** x * relu6(x + 3) / 6. */
public class Hardswish extends Module {

    @Override public Tensor forward(Tensor x) { return F.hardswish(x); }

}
