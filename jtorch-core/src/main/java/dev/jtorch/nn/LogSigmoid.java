package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** log(sigmoid(x)), computed stably. */
public class LogSigmoid extends Module {

    @Override public Tensor forward(Tensor x) { return F.logsigmoid(x); }

}
