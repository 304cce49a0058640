package dev.jtorch.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread pool every CPU kernel shares (PyTorch's intra-op pool). The calling thread works too, so
 * using {@code t} threads wakes only {@code t - 1} workers, and work under a kernel's grain size never
 * leaves the caller: a hand-off costs microseconds, a small op much less.
 *
 * <p>Workers spin for a while after each job before they park, as OpenMP's threads do: a parked thread
 * takes tens of microseconds to wake, as long as a whole 1e6-element op, while back-to-back ops (a loop
 * over tensor ops) find the worker still spinning.
 */
public final class Parallel {
    /** Body of a parallel loop over {@code [start, end)}. */
    public interface Range {
        void run(long start, long end);
    }

    /** How long an idle worker polls for the next job before parking. */
    private static final long SPIN_NANOS = 200_000;

    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile Worker[] workers;

    private Parallel() {}

    /**
     * One intra-op thread with a one-job mailbox. A job is the chunk-claiming loop of one {@link #forRange}
     * call; a job overwritten before the worker took it belonged to a call whose caller ran every chunk
     * itself, so losing it is harmless.
     */
    private static final class Worker extends Thread {
        final AtomicReference<Runnable> job = new AtomicReference<>();
        volatile boolean parked, stopped;

        Worker(int index) {
            super("jtorch-intra-op-" + index);
            setDaemon(true);
        }

        void offer(Runnable r) {
            job.set(r);
            if (parked) LockSupport.unpark(this);
        }

        @Override public void run() {
            while (!stopped) {
                Runnable r = job.getAndSet(null);
                if (r != null) {
                    r.run(); // the claim loop catches the body's exceptions
                    continue;
                }
                long start = System.nanoTime();
                while (job.get() == null && !stopped && System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
                if (job.get() != null || stopped) continue;
                parked = true;
                // offer() sets the job before reading parked, this thread sets parked before reading the job:
                // one of the two sees the other, so a job is never left unnoticed
                if (job.get() == null && !stopped) LockSupport.park(this);
                parked = false;
            }
        }
    }

    /** {@code torch.set_num_threads}: later kernels split their work over at most {@code n} threads. */
    public static synchronized void setNumThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("set_num_threads expects a positive integer");
        if (n == threads) return;
        threads = n;
        Worker[] old = workers;
        workers = null;
        if (old != null) {
            for (Worker w : old) { // running chunks finish; the threads then exit
                w.stopped = true;
                LockSupport.unpark(w);
            }
        }
    }

    /** {@code torch.get_num_threads}. */
    public static int getNumThreads() { return threads; }

    private static Worker[] workers() {
        Worker[] w = workers;
        if (w != null) return w;
        synchronized (Parallel.class) {
            if (workers == null) {
                Worker[] made = new Worker[Math.max(1, threads - 1)];
                for (int i = 0; i < made.length; i++) {
                    made[i] = new Worker(i);
                    made[i].start();
                }
                workers = made;
            }
            return workers;
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
        return Thread.currentThread() instanceof Worker;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of at least {@code grain} items ({@code align} rounds
     * chunk borders, e.g. to a SIMD width). There are up to four chunks per thread and threads claim them one
     * at a time, so a thread the OS deschedules on a busy machine delays one small chunk, not half the work.
     * Chunk borders depend only on {@code n}, {@code grain}, {@code align} and the thread count.
     */
    public static void forRange(long n, long grain, long align, Range body) {
        grain = Math.max(1, grain);
        int t = chunks(n, grain);
        if (t <= 1) {
            body.run(0, n);
            return;
        }
        int c = (int) Math.min(4L * t, Math.max(t, n / grain));
        long[] bounds = new long[c + 1];
        for (int i = 1; i < c; i++) {
            long b = n * i / c;
            if (align > 1) b = Math.min(n, (b + align - 1) / align * align);
            bounds[i] = Math.max(b, bounds[i - 1]);
        }
        bounds[c] = n;
        AtomicInteger next = new AtomicInteger(), finished = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable claim = () -> {
            for (int i; (i = next.getAndIncrement()) < c; ) {
                try {
                    if (failure.get() == null && bounds[i] < bounds[i + 1]) body.run(bounds[i], bounds[i + 1]);
                } catch (RuntimeException | Error ex) {
                    failure.compareAndSet(null, ex); // later chunks are skipped
                } finally {
                    finished.incrementAndGet();
                }
            }
        };
        Worker[] ws = workers();
        for (int i = 0; i < t - 1 && i < ws.length; i++) ws[i].offer(claim);
        claim.run();
        // Wait for the chunks that workers claimed, not for the workers: one that wakes up after the caller
        // took the last chunk finds nothing to do, and the op need not wait for its wake-up (tens of
        // microseconds on a loaded machine, as long as a 1e6-element sum).
        for (int spins = 0; finished.get() < c; spins++) {
            if (spins < 2000) Thread.onSpinWait();
            else Thread.yield();
        }
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException re) throw re;
        if (failed instanceof Error er) throw er;
    }
}
