package dev.jtorch.backend.cuda;

import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * PyTorch's idea of a caching allocator, simplified: freed blocks go to a free list of their size class and
 * are handed out again without cuMemAlloc/cuMemFree (both synchronise the device and cost far more than a
 * kernel launch). Blocks return when their storage becomes unreachable ({@link Cleaner}); device memory is
 * invisible to the Java heap, so when cuMemAlloc fails the allocator empties its cache, then asks the
 * garbage collector for unreachable storages before giving up.
 */
final class CachingAllocator {
    static final Cleaner CLEANER = Cleaner.create();

    private static final long SMALL = 1L << 20;       // blocks up to 1 MiB round to 512 bytes
    private static final long SMALL_ROUND = 512;
    private static final long LARGE_ROUND = 2L << 20;  // larger ones to 2 MiB

    /** The device calls behind the cache (a fake in tests). */
    interface Raw {
        /** cuMemAlloc, 0 when out of memory. */
        long alloc(long bytes);

        void free(long address);

        /** Waits for queued work, which may still use a cached block. */
        void synchronize();

        /** {free, total} bytes of the device. */
        long[] info();
    }

    private final Raw raw;
    private final int deviceIndex;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private long allocated;   // bytes in blocks held by live storages
    private long reserved;    // bytes obtained from cuMemAlloc (live + cached)
    private long peak;
    private long reservedAtLastGc;

    /**
     * Growth of reserved memory after which a cache miss first asks the garbage collector for dead storages:
     * small tensors barely load the Java heap, so without it a long loop can pile up gigabytes of dead blocks.
     */
    static final long GC_THRESHOLD = Long.getLong("jtorch.cuda.gcThreshold", 1L << 30);

    CachingAllocator(Raw raw, int deviceIndex) {
        this.raw = raw;
        this.deviceIndex = deviceIndex;
    }

    static long roundSize(long bytes) {
        if (bytes <= 0) return SMALL_ROUND;
        long r = bytes <= SMALL ? SMALL_ROUND : LARGE_ROUND;
        return (bytes + r - 1) / r * r;
    }

    /** A block of at least {@code bytes}; the caller registers {@link #release} for it. */
    long malloc(long bytes) {
        long size = roundSize(bytes);
        Long cached = takeCached(size);
        if (cached != null) return cached;
        if (reservedBytes() - reservedAtLastGc > GC_THRESHOLD) {
            synchronized (this) { reservedAtLastGc = reserved; }
            Long again = collectAndTake(size, 5);
            if (again != null) return again;
        }
        long p = raw.alloc(size);
        if (p == 0) {
            emptyCache();
            p = raw.alloc(size);
        }
        // unreachable storages may still hold blocks: let the Cleaner return them, then retry
        for (int attempt = 0; p == 0 && attempt < 4; attempt++) {
            Long again = collectAndTake(size, 20L << attempt);
            if (again != null) return again;
            emptyCache();
            p = raw.alloc(size);
        }
        if (p == 0) {
            long[] info = raw.info();
            throw new IllegalStateException("CUDA out of memory. Tried to allocate " + mib(size) + " (GPU " + deviceIndex
                    + "; " + mib(info[1]) + " total capacity; " + mib(allocatedBytes()) + " already allocated; " + mib(info[0])
                    + " free; " + mib(reservedBytes()) + " reserved in total by jtorch)");
        }
        synchronized (this) {
            reserved += size;
            allocated += size;
            peak = Math.max(peak, allocated);
        }
        return p;
    }

    /** Runs the GC, gives the Cleaner {@code waitMillis} to return blocks, and tries the cache again. */
    private Long collectAndTake(long size, long waitMillis) {
        System.gc();
        try {
            Thread.sleep(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return takeCached(size);
    }

    private synchronized Long takeCached(long size) {
        ArrayDeque<Long> q = free.get(size);
        if (q == null || q.isEmpty()) return null;
        allocated += size;
        peak = Math.max(peak, allocated);
        return q.pop();
    }

    /** Returns a block to its free list; called from the Cleaner thread, so it makes no CUDA call. */
    synchronized void release(long address, long bytes) {
        long size = roundSize(bytes);
        allocated -= size;
        free.computeIfAbsent(size, s -> new ArrayDeque<>()).push(address);
    }

    /** Frees every cached block ({@code torch.cuda.empty_cache()}); blocks in use stay. */
    void emptyCache() {
        // work queued on the stream may still use a cached block (its storage died after the launch)
        raw.synchronize();
        synchronized (this) {
            for (Map.Entry<Long, ArrayDeque<Long>> e : free.entrySet()) {
                for (long p : e.getValue()) {
                    raw.free(p);
                    reserved -= e.getKey();
                }
            }
            free.clear();
        }
    }

    synchronized long allocatedBytes() { return allocated; }

    synchronized long reservedBytes() { return reserved; }

    synchronized long peakBytes() { return peak; }

    private static String mib(long bytes) {
        return bytes >= (1L << 30) ? String.format("%.2f GiB", bytes / (double) (1L << 30)) : String.format("%.2f MiB", bytes / (double) (1L << 20));
    }

    /** The Cleaner action of one storage's block; it must not reference the storage. */
    record Releaser(CachingAllocator allocator, long address, long bytes) implements Runnable {
        @Override public void run() { allocator.release(address, bytes); }
    }
}
