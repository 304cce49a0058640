package dev.jtorch;

/**
 * The (values, indices) pair that {@code max(dim)}, {@code sort}, {@code topk} and the like return
 * ({@code torch.return_types}), readable as {@code r.values()} / {@code r.indices()} or by position.
 */
public record ValuesIndices(Tensor values, Tensor indices) {
    /** {@code result[0]} is the values, {@code result[1]} the indices. */
    public Tensor get(int i) {
        return switch (i) {
            case 0 -> values;
            case 1 -> indices;
            default -> throw new IndexOutOfBoundsException("tuple index out of range");
        };
    }
}
