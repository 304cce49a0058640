package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.*;

/** The intra-op pool: every index once, failures passed to the caller, concurrent callers, thread changes. */
class ParallelTest {
    @AfterEach
    void restore() { Parallel.setNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors())); }

    @Test
    void everyIndexRunsOnceForAnyThreadCount() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            Parallel.setNumThreads(threads);
            for (int rep = 0; rep < 200; rep++) {
                int n = 1000 + rep * 37;
                AtomicLongArray hits = new AtomicLongArray(n);
                Parallel.forRange(n, 50, 8, (s, e) -> { for (long i = s; i < e; i++) hits.incrementAndGet((int) i); });
                for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "threads=" + threads + " n=" + n + " index " + i);
            }
        }
    }

    @Test
    void aFailingChunkReachesTheCallerAndThePoolStillWorks() {
        Parallel.setNumThreads(2);
        for (int rep = 0; rep < 50; rep++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(10_000, 100, 1, (s, end) -> {
                if (s <= 7_000 && 7_000 < end) throw new IllegalStateException("chunk failed");
            }));
            assertEquals("chunk failed", e.getMessage());
        }
        AtomicLongArray hits = new AtomicLongArray(10_000);
        Parallel.forRange(10_000, 100, 1, (s, e) -> { for (long i = s; i < e; i++) hits.incrementAndGet((int) i); });
        for (int i = 0; i < 10_000; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void concurrentCallersGetTheirOwnResults() throws Exception {
        Parallel.setNumThreads(2);
        Tensor a = Torch.randn(new long[] {1_000_000}, DType.FLOAT32, new Generator().manualSeed(7));
        double expect = a.sum().itemDouble();
        double[] expectAdd = a.add(a).toDoubleArray();
        Thread[] users = new Thread[3];
        Throwable[] failed = new Throwable[1];
        for (int u = 0; u < users.length; u++) {
            users[u] = new Thread(() -> {
                try {
                    Tensor out = Torch.zeros(new long[] {1_000_000}, DType.FLOAT32);
                    for (int i = 0; i < 30; i++) {
                        assertEquals(expect, a.sum().itemDouble());
                        assertArrayEquals(expectAdd, Torch.add(a, a, out).toDoubleArray());
                    }
                } catch (Throwable t) {
                    synchronized (failed) { failed[0] = t; }
                }
            });
            users[u].start();
        }
        for (Thread t : users) t.join();
        if (failed[0] != null) fail(failed[0]);
    }
}
