package dev.jtorch.data;

import dev.jtorch.Generator;

import java.util.ArrayList;
import java.util.List;

/**
 * A map-style dataset ({@code torch.utils.data.Dataset}): {@code size()} items reachable by index
 * ({@code __len__} and {@code __getitem__}).
 *
 * <p>Implementations must be safe to call from several threads at once when used by a
 * {@link DataLoader} with worker threads (reading immutable data, as the bundled datasets do, is).
 *
 * @param <T> the type of one item, for example {@code List<Tensor>} for (input, target) pairs
 */
public interface Dataset<T> {
    /** The item at {@code index}, 0 &lt;= index &lt; size(). */
    T get(int index);

    /** The number of items ({@code len(dataset)}). */
    int size();

    /**
     * Splits {@code dataset} into non-overlapping subsets of the given lengths
     * ({@code torch.utils.data.random_split}), drawing the permutation from the default generator, so
     * that after {@code Torch.manualSeed(s)} the split equals PyTorch's for the same seed.
     */
    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths) {
        return randomSplit(dataset, lengths, Generator.defaultGenerator());
    }

    /** As {@link #randomSplit(Dataset, int[])} with an explicit generator. */
    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths, Generator generator) {
        long sum = 0;
        for (int l : lengths) {
            if (l < 0) throw new IllegalArgumentException("random_split: negative length " + l);
            sum += l;
        }
        if (sum != dataset.size()) {
            throw new IllegalArgumentException("Sum of input lengths does not equal the length of the input dataset!");
        }
        long[] perm = generator.randperm(sum);
        List<Subset<T>> out = new ArrayList<>(lengths.length);
        int offset = 0;
        for (int l : lengths) {
            int[] idx = new int[l];
            for (int i = 0; i < l; i++) idx[i] = (int) perm[offset + i];
            out.add(new Subset<>(dataset, idx));
            offset += l;
        }
        return out;
    }

    /**
     * As {@link #randomSplit(Dataset, int[])} with fractions that sum to 1: each split gets
     * floor(size * fraction) items and the remainder is dealt one by one from the first split on,
     * exactly as PyTorch computes it.
     */
    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions) {
        return randomSplit(dataset, fractions, Generator.defaultGenerator());
    }

    /** As {@link #randomSplit(Dataset, double[])} with an explicit generator. */
    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions, Generator generator) {
        double total = 0;
        for (double f : fractions) total += f; // Python's sum(): left to right
        // math.isclose(total, 1) with its default rel_tol 1e-9
        boolean close = Math.abs(total - 1.0) <= 1e-9 * Math.max(Math.abs(total), 1.0);
        if (!(close && total <= 1)) {
            throw new IllegalArgumentException("Sum of input lengths does not equal the length of the input dataset!");
        }
        int n = dataset.size();
        int[] lengths = new int[fractions.length];
        long assigned = 0;
        for (int i = 0; i < fractions.length; i++) {
            double f = fractions[i];
            if (f < 0 || f > 1) throw new IllegalArgumentException("Fraction at index " + i + " is not between 0 and 1");
            lengths[i] = (int) Math.floor(n * f);
            assigned += lengths[i];
        }
        long remainder = n - assigned;
        for (int i = 0; i < remainder; i++) lengths[i % lengths.length]++;
        return randomSplit(dataset, lengths, generator);
    }
}
