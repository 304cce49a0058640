package dev.jtorch;

/** The index markers of Python's subscript syntax: {@code None} (a new axis of size 1) and {@code ...}. */
public enum IndexSymbol {
    /** {@code None} / {@code numpy.newaxis}: inserts a dim of size 1 ({@code Torch.None}). */
    NEWAXIS,
    /** {@code ...}: as many full slices as the other indices leave dims ({@code Torch.ELLIPSIS}). */
    ELLIPSIS;

    @Override public String toString() { return this == NEWAXIS ? "None" : "..."; }
}
