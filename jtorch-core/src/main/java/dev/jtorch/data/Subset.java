package dev.jtorch.data;

/** The items of a dataset at the given indices, in that order ({@code torch.utils.data.Subset}). */
public final class Subset<T> implements Dataset<T> {
    private final Dataset<T> dataset;
    private final int[] indices;

    public Subset(Dataset<T> dataset, int[] indices) {
        this.dataset = dataset;
        this.indices = indices.clone();
    }

    @Override
    public T get(int index) {
        // Python list indexing: negative indices count from the end
        int i = index < 0 ? index + indices.length : index;
        if (i < 0 || i >= indices.length) throw new IndexOutOfBoundsException("list index out of range");
        return dataset.get(indices[i]);
    }

    @Override
    public int size() { return indices.length; }

    public Dataset<T> dataset() { return dataset; }

    /** The indices into {@link #dataset()}, a copy. */
    public int[] indices() { return indices.clone(); }
}
