package dev.jtorch.backend;

/** Inclusive scans along a dim ({@code torch.cumsum} and its relatives). */
public enum ScanOp {
    CUMSUM, CUMPROD, CUMMAX, CUMMIN, LOGCUMSUMEXP
}
