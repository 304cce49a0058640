package dev.jtorch.data;

import java.util.Arrays;
import java.util.List;

/** Several datasets one after the other ({@code torch.utils.data.ConcatDataset}). */
public final class ConcatDataset<T> implements Dataset<T> {
    private final List<Dataset<? extends T>> datasets;
    private final long[] cumulativeSizes;

    public ConcatDataset(List<? extends Dataset<? extends T>> datasets) {
        if (datasets.isEmpty()) throw new IllegalArgumentException("datasets should not be an empty iterable");
        this.datasets = List.copyOf(datasets);
        cumulativeSizes = new long[datasets.size()];
        long s = 0;
        for (int i = 0; i < datasets.size(); i++) {
            s += datasets.get(i).size();
            cumulativeSizes[i] = s;
        }
        if (s > Integer.MAX_VALUE) throw new IllegalArgumentException("ConcatDataset: more than 2^31-1 items in total");
    }

    @SafeVarargs
    public ConcatDataset(Dataset<? extends T>... datasets) {
        this(Arrays.asList(datasets));
    }

    @Override
    public T get(int index) {
        long n = size();
        long idx = index;
        if (idx < 0) {
            if (-idx > n) throw new IllegalArgumentException("absolute value of index should not exceed dataset length");
            idx += n;
        }
        if (idx >= n) throw new IndexOutOfBoundsException("index " + index + " is out of range for ConcatDataset of size " + n);
        // bisect_right over the cumulative sizes, as PyTorch does
        int d = 0;
        while (cumulativeSizes[d] <= idx) d++;
        long start = d == 0 ? 0 : cumulativeSizes[d - 1];
        return datasets.get(d).get((int) (idx - start));
    }

    @Override
    public int size() { return (int) cumulativeSizes[cumulativeSizes.length - 1]; }

    public List<Dataset<? extends T>> datasets() { return datasets; }

    /** The running totals of the datasets' sizes ({@code cumulative_sizes}). */
    public long[] cumulativeSizes() { return cumulativeSizes.clone(); }
}
