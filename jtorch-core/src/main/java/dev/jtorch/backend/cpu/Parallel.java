package dev.jtorch.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The one thread pool every CPU kernel shares (PyTorch's intra-op pool). The calling thread always runs
 * the first chunk itself, so a split into {@code t} chunks wakes only {@code t - 1} workers, and work under
 * a kernel's grain size never leaves the caller: a hand-off costs microseconds, a small op much less.
 */
public final class Parallel {
    /** Body of a parallel loop over {@code [start, end)}. */
    public interface Range {
        void run(long start, long end);
    }

    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile ForkJoinPool pool;

    private Parallel() {}

    /** {@code torch.set_num_threads}: later kernels split their work over at most {@code n} threads. */
    public static synchronized void setNumThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("set_num_threads expects a positive integer");
        if (n == threads) return;
        threads = n;
        ForkJoinPool old = pool;
        pool = null;
        if (old != null) old.shutdown(); // running chunks finish; idle workers exit
    }

    /** {@code torch.get_num_threads}. */
    public static int getNumThreads() { return threads; }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p != null) return p;
        synchronized (Parallel.class) {
            if (pool == null) {
                pool = new ForkJoinPool(Math.max(1, threads - 1), fjp -> {
                    ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fjp);
                    t.setName("jtorch-intra-op-" + t.getPoolIndex());
                    t.setDaemon(true);
                    return t;
                }, null, false);
            }
            return pool;
        }
    }

    /** How many chunks a loop of {@code work} units gets when one chunk should hold at least {@code grain}. */
    static int chunks(long work, long grain) {
        int t = threads;
        if (t <= 1 || work < 2 * grain || inWorker()) return 1;
        return (int) Math.min(t, work / grain);
    }

    private static boolean inWorker() {
        // nested parallel regions run serially: a worker waiting on its own pool could starve it
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into even chunks, each of at least {@code grain} items
     * ({@code align} rounds chunk borders, e.g. to a SIMD width or a GEMM panel).
     */
    public static void forRange(long n, long grain, long align, Range body) {
        int c = chunks(n, Math.max(1, grain));
        if (c <= 1) {
            body.run(0, n);
            return;
        }
        long[] bounds = new long[c + 1];
        for (int i = 1; i < c; i++) {
            long b = n * i / c;
            if (align > 1) b = Math.min(n, (b + align - 1) / align * align);
            bounds[i] = Math.max(b, bounds[i - 1]);
        }
        bounds[c] = n;
        ForkJoinPool p = pool();
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[c - 1];
        for (int i = 1; i < c; i++) {
            long s = bounds[i], e = bounds[i + 1];
            tasks[i - 1] = p.submit(() -> { if (s < e) body.run(s, e); });
        }
        Throwable failure = null;
        try {
            if (bounds[1] > 0) body.run(0, bounds[1]);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        for (ForkJoinTask<?> t : tasks) {
            try {
                t.join();
            } catch (RuntimeException | Error ex) {
                if (failure == null) failure = ex;
            }
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error er) throw er;
    }
}
