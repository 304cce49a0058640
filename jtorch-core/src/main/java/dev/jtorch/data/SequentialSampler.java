package dev.jtorch.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** 0, 1, ..., n-1 ({@code torch.utils.data.SequentialSampler}). */
public final class SequentialSampler implements Sampler {
    private final int n;

    public SequentialSampler(int n) {
        if (n < 0) throw new IllegalArgumentException("negative size " + n);
        this.n = n;
    }

    public SequentialSampler(Dataset<?> dataset) { this(dataset.size()); }

    @Override
    public int size() { return n; }

    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            int i;

            @Override public boolean hasNext() { return i < n; }

            @Override public Integer next() {
                if (i >= n) throw new NoSuchElementException();
                return i++;
            }
        };
    }
}
