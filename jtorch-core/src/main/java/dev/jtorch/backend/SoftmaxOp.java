package dev.jtorch.backend;

/** The row-wise kernels behind softmax, log_softmax and logsumexp (see {@link Backend#softmaxLastDim}). */
public enum SoftmaxOp { SOFTMAX, LOG_SOFTMAX, LOGSUMEXP }
