package dev.jtorch.data;

import dev.jtorch.Generator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Batches of a dataset ({@code torch.utils.data.DataLoader} of PyTorch 1.13, map-style datasets).
 *
 * <pre>{@code
 * DataLoader<List<Object>, List<Tensor>> loader = DataLoader.builder(trainSet)
 *         .batchSize(64).shuffle(true).numWorkers(2).build();
 * for (List<Tensor> batch : loader) { Tensor x = batch.get(0), y = batch.get(1); ... }
 * }</pre>
 *
 * <p>Each {@link #iterator()} is one epoch. As in PyTorch, starting one draws a 63-bit "base seed" from
 * the loader's generator (the default generator when none is set), shuffled or not, and a shuffling
 * loader without a generator then seeds its {@link RandomSampler} from the default generator: after
 * {@code Torch.manualSeed(s)} the batches, and what the default generator yields afterwards, are
 * PyTorch's.
 *
 * <p>With {@code numWorkers > 0}, batches are loaded and collated on that many worker threads, batch k
 * by worker {@code k % numWorkers}, with up to {@code prefetchFactor * numWorkers} batches in flight, and
 * handed out in order. Each worker has its own generator seeded {@code base_seed + id}, as PyTorch's
 * worker processes do (see {@link WorkerInfo}), so that random transforms give PyTorch's numbers too.
 * Worker threads are daemons; they end when the epoch is exhausted, or a few seconds after an epoch is
 * abandoned.
 *
 * <p>The default collate function is {@link Collate#defaultCollate}; its result is cast unchecked to the
 * batch type {@code B} the caller declares (a dataset of (tensor, int) pairs gives {@code List<Tensor>}).
 *
 * @param <T> the dataset's item type
 * @param <B> the batch type the collate function returns
 */
public final class DataLoader<T, B> implements Iterable<B> {
    private static final long IDLE_WORKER_SECONDS = 5;

    private final Dataset<T> dataset;
    private final int batchSize;
    private final boolean dropLast;
    private final Sampler sampler;
    private final Function<? super List<T>, ? extends B> collateFn;
    private final int numWorkers;
    private final int prefetchFactor;
    private final Generator generator;

    /** Batches of {@code batchSize} in dataset order, default collate, loaded on the calling thread. */
    public DataLoader(Dataset<T> dataset, int batchSize) {
        this(builder(dataset).batchSize(batchSize));
    }

    /** As {@link #DataLoader(Dataset, int)}, reshuffled at every epoch when {@code shuffle}. */
    public DataLoader(Dataset<T> dataset, int batchSize, boolean shuffle) {
        this(builder(dataset).batchSize(batchSize).shuffle(shuffle));
    }

    @SuppressWarnings("unchecked")
    private DataLoader(Builder<T> b) {
        this(b, list -> (B) Collate.defaultCollate(list));
    }

    private DataLoader(Builder<T> b, Function<? super List<T>, ? extends B> collateFn) {
        if (b.batchSize <= 0) {
            throw new IllegalArgumentException("batch_size should be a positive integer value, but got batch_size=" + b.batchSize);
        }
        if (b.numWorkers < 0) {
            throw new IllegalArgumentException("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
        }
        if (b.numWorkers == 0 && b.prefetchFactor != 2) {
            throw new IllegalArgumentException("prefetch_factor option could only be specified in multiprocessing."
                    + "let num_workers > 0 to enable multiprocessing.");
        }
        if (b.prefetchFactor <= 0) throw new IllegalArgumentException("prefetch_factor should be positive, got " + b.prefetchFactor);
        if (b.sampler != null && b.shuffle) throw new IllegalArgumentException("sampler option is mutually exclusive with shuffle");
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.dropLast = b.dropLast;
        this.numWorkers = b.numWorkers;
        this.prefetchFactor = b.prefetchFactor;
        this.generator = b.generator;
        this.sampler = b.sampler != null ? b.sampler
                : b.shuffle ? new RandomSampler(dataset.size(), false, -1, b.generator)
                : new SequentialSampler(dataset.size());
        this.collateFn = collateFn;
    }

    /** Options of a loader, PyTorch's keyword arguments. */
    public static <T> Builder<T> builder(Dataset<T> dataset) { return new Builder<>(dataset); }

    public static final class Builder<T> {
        private final Dataset<T> dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private Sampler sampler;
        private boolean dropLast;
        private int numWorkers;
        private int prefetchFactor = 2;
        private Generator generator;

        private Builder(Dataset<T> dataset) { this.dataset = dataset; }

        /** Items per batch (default 1). */
        public Builder<T> batchSize(int batchSize) { this.batchSize = batchSize; return this; }

        /** Reshuffle at every epoch with a {@link RandomSampler} (default false). */
        public Builder<T> shuffle(boolean shuffle) { this.shuffle = shuffle; return this; }

        /** A custom index order; excludes {@code shuffle}. */
        public Builder<T> sampler(Sampler sampler) { this.sampler = sampler; return this; }

        /** Drop the last, incomplete batch (default false). */
        public Builder<T> dropLast(boolean dropLast) { this.dropLast = dropLast; return this; }

        /** Worker threads loading batches ahead (default 0: load on the iterating thread). */
        public Builder<T> numWorkers(int numWorkers) { this.numWorkers = numWorkers; return this; }

        /** Batches in flight per worker (default 2; only with workers). */
        public Builder<T> prefetchFactor(int prefetchFactor) { this.prefetchFactor = prefetchFactor; return this; }

        /** The generator for the shuffling order and the base seed (default: the default generator). */
        public Builder<T> generator(Generator generator) { this.generator = generator; return this; }

        /** A loader with the default collate function; its batches are cast unchecked to {@code B}. */
        public <B> DataLoader<T, B> build() { return new DataLoader<>(this); }

        /** A loader merging each batch's items with {@code collateFn} ({@code collate_fn}). */
        public <B> DataLoader<T, B> build(Function<? super List<T>, ? extends B> collateFn) {
            return new DataLoader<>(this, collateFn);
        }
    }

    public Dataset<T> dataset() { return dataset; }

    public int batchSize() { return batchSize; }

    public boolean dropLast() { return dropLast; }

    public int numWorkers() { return numWorkers; }

    public Sampler sampler() { return sampler; }

    public Generator generator() { return generator; }

    /** Batches per epoch ({@code len(loader)}): rounded down with {@code dropLast}, else up. */
    public int len() {
        long n = sampler.size();
        return (int) (dropLast ? n / batchSize : (n + batchSize - 1) / batchSize);
    }

    /** The same as {@link #len()}. */
    public int size() { return len(); }

    /** A new epoch. */
    @Override
    public Iterator<B> iterator() {
        Generator g = generator != null ? generator : Generator.defaultGenerator();
        long baseSeed = g.nextLong() & Long.MAX_VALUE;
        Iterator<Integer> indices = sampler.iterator();
        return numWorkers == 0 ? new SingleThreaded(indices) : new Workers(indices, baseSeed);
    }

    /** The next batch's indices, or null at the end of the epoch. */
    private int[] nextIndices(Iterator<Integer> indices) {
        int[] batch = new int[batchSize];
        int k = 0;
        while (k < batchSize && indices.hasNext()) batch[k++] = indices.next();
        if (k == 0 || (k < batchSize && dropLast)) return null;
        return k == batchSize ? batch : Arrays.copyOf(batch, k);
    }

    private B fetch(int[] idx) {
        List<T> items = new ArrayList<>(idx.length);
        for (int i : idx) items.add(dataset.get(i));
        return collateFn.apply(items);
    }

    private final class SingleThreaded implements Iterator<B> {
        private final Iterator<Integer> indices;
        private int[] pending;
        private boolean done;

        SingleThreaded(Iterator<Integer> indices) { this.indices = indices; }

        @Override
        public boolean hasNext() {
            if (pending == null && !done) {
                pending = nextIndices(indices);
                done = pending == null;
            }
            return pending != null;
        }

        @Override
        public B next() {
            if (!hasNext()) throw new NoSuchElementException();
            int[] idx = pending;
            pending = null;
            return fetch(idx);
        }
    }

    private final class Workers implements Iterator<B> {
        private final Iterator<Integer> indices;
        private final ThreadPoolExecutor[] workers;
        private final WorkerInfo[] infos;
        private final ArrayDeque<Future<B>> inFlight = new ArrayDeque<>();
        private long sent;
        private boolean samplerDone;

        Workers(Iterator<Integer> indices, long baseSeed) {
            this.indices = indices;
            workers = new ThreadPoolExecutor[numWorkers];
            infos = new WorkerInfo[numWorkers];
            for (int w = 0; w < numWorkers; w++) {
                long seed = baseSeed + w;
                infos[w] = new WorkerInfo(w, numWorkers, seed, dataset, new Generator(seed));
                String name = "DataLoader worker " + w;
                ThreadPoolExecutor ex = new ThreadPoolExecutor(1, 1, IDLE_WORKER_SECONDS, TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(), r -> {
                            Thread t = new Thread(r, name);
                            t.setDaemon(true);
                            return t;
                        });
                ex.allowCoreThreadTimeOut(true);
                workers[w] = ex;
            }
            for (int i = 0; i < prefetchFactor * numWorkers; i++) sendOne();
            if (inFlight.isEmpty()) shutdown();
        }

        private void sendOne() {
            if (samplerDone) return;
            int[] idx = nextIndices(indices);
            if (idx == null) {
                samplerDone = true;
                return;
            }
            int w = (int) (sent++ % numWorkers);
            WorkerInfo info = infos[w];
            inFlight.add(workers[w].submit(() -> {
                WorkerInfo previous = WorkerInfo.enter(info);
                try {
                    return fetch(idx);
                } finally {
                    WorkerInfo.leave(previous);
                }
            }));
        }

        @Override
        public boolean hasNext() { return !inFlight.isEmpty(); }

        @Override
        public B next() {
            Future<B> f = inFlight.poll();
            if (f == null) throw new NoSuchElementException();
            int worker = (int) ((sent - inFlight.size() - 1) % numWorkers);
            B batch;
            try {
                batch = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shutdown();
                throw new IllegalStateException("interrupted while waiting for DataLoader worker " + worker, e);
            } catch (ExecutionException e) {
                shutdown();
                Throwable cause = e.getCause();
                cause.addSuppressed(new Exception("Caught " + cause.getClass().getSimpleName() + " in DataLoader worker " + worker));
                if (cause instanceof RuntimeException r) throw r;
                if (cause instanceof Error err) throw err;
                throw new IllegalStateException("DataLoader worker " + worker + " failed", cause);
            }
            sendOne();
            if (inFlight.isEmpty()) shutdown();
            return batch;
        }

        private void shutdown() {
            for (ThreadPoolExecutor ex : workers) ex.shutdownNow();
            inFlight.clear();
            samplerDone = true;
        }
    }
}
