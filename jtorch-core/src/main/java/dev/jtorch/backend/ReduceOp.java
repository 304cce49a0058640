package dev.jtorch.backend;

/** Reductions a backend implements; composites (mean, var, norm, logsumexp...) are built on these in the op layer. */
public enum ReduceOp {
    SUM, PROD, MAX, MIN, ARGMAX, ARGMIN, ALL, ANY,
    // ---- further ops of the math issue are appended below this line ----
}
