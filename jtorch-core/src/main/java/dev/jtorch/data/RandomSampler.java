package dev.jtorch.data;

import dev.jtorch.DType;
import dev.jtorch.Generator;

import java.lang.foreign.MemorySegment;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Random indices ({@code torch.utils.data.RandomSampler} of PyTorch 1.13), drawn exactly as PyTorch
 * draws them, so a seeded run visits the same indices in the same order:
 * <ul>
 *   <li>without a generator, each epoch seeds a fresh generator with {@code random64() mod 2^63} drawn
 *       from the default generator (PyTorch's {@code torch.empty((), dtype=torch.int64).random_()});</li>
 *   <li>without replacement, an epoch is {@code numSamples / n} permutations {@code randperm(n)} and then
 *       the first {@code numSamples % n} indices of one more permutation; that last permutation is drawn
 *       (also when it contributes nothing) only once the earlier indices are used up and the next one is
 *       asked for, as PyTorch's lazy generator does;</li>
 *   <li>with replacement, {@code randint(n)} in blocks of 32, then a block of {@code numSamples % 32}.</li>
 * </ul>
 */
public final class RandomSampler implements Sampler {
    private final int n;
    private final boolean replacement;
    private final int numSamples;
    private final Generator generator;

    /** A permutation of the dataset's indices per epoch, seeded from the default generator. */
    public RandomSampler(Dataset<?> dataset) { this(dataset.size(), false, -1, null); }

    public RandomSampler(Dataset<?> dataset, Generator generator) { this(dataset.size(), false, -1, generator); }

    /**
     * @param n the dataset size
     * @param replacement draw with replacement
     * @param numSamples indices per epoch, or -1 for n
     * @param generator the generator to draw from, or null for a fresh one per epoch seeded from the
     *     default generator
     */
    public RandomSampler(int n, boolean replacement, int numSamples, Generator generator) {
        if (numSamples == -1) numSamples = n;
        if (numSamples <= 0) {
            throw new IllegalArgumentException("num_samples should be a positive integer value, but got num_samples=" + numSamples);
        }
        if (n <= 0) throw new IllegalArgumentException("RandomSampler: empty dataset");
        this.n = n;
        this.replacement = replacement;
        this.numSamples = numSamples;
        this.generator = generator;
    }

    @Override
    public int size() { return numSamples; }

    public boolean replacement() { return replacement; }

    public Generator generator() { return generator; }

    @Override
    public Iterator<Integer> iterator() {
        Generator g = generator;
        if (g == null) g = new Generator(Generator.defaultGenerator().nextLong() & Long.MAX_VALUE);
        return replacement ? new WithReplacement(g) : new Permutations(g);
    }

    private final class Permutations implements Iterator<Integer> {
        private final Generator g;
        private long[] perm;
        private int pos;
        private int limit;      // indices of perm used in this block
        private int blocksDrawn;
        private final int fullBlocks = numSamples / n;

        Permutations(Generator g) { this.g = g; }

        @Override
        public boolean hasNext() {
            while (perm == null || pos >= limit) {
                if (blocksDrawn > fullBlocks) return false;
                perm = g.randperm(n);
                limit = blocksDrawn < fullBlocks ? n : numSamples % n;
                blocksDrawn++;
                pos = 0;
            }
            return true;
        }

        @Override
        public Integer next() {
            if (!hasNext()) throw new NoSuchElementException();
            return (int) perm[pos++];
        }
    }

    private final class WithReplacement implements Iterator<Integer> {
        private final Generator g;
        private final long[] block = new long[32];
        private int pos;
        private int limit;
        private int blocksDrawn;
        private final int fullBlocks = numSamples / 32;

        WithReplacement(Generator g) { this.g = g; }

        @Override
        public boolean hasNext() {
            while (pos >= limit) {
                if (blocksDrawn > fullBlocks) return false;
                limit = blocksDrawn < fullBlocks ? 32 : numSamples % 32;
                if (limit > 0) g.randint(MemorySegment.ofArray(block), DType.INT64, limit, 0, n);
                blocksDrawn++;
                pos = 0;
            }
            return true;
        }

        @Override
        public Integer next() {
            if (!hasNext()) throw new NoSuchElementException();
            return (int) block[pos++];
        }
    }
}
