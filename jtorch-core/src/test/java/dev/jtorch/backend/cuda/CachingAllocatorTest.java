package dev.jtorch.backend.cuda;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The allocator's bookkeeping over a fake device (the GPU tests repeat the essentials on real memory). */
class CachingAllocatorTest {

    /** A device with {@code capacity} bytes that records its calls. */
    static final class FakeDevice implements CachingAllocator.Raw {
        final long capacity;
        long used;
        long next = 0x7000_0000_0000L;
        int allocs, frees, syncs;
        final Set<Long> live = new HashSet<>();
        final java.util.Map<Long, Long> sizes = new java.util.HashMap<>();

        FakeDevice(long capacity) { this.capacity = capacity; }

        @Override public long alloc(long bytes) {
            if (used + bytes > capacity) return 0;
            used += bytes;
            allocs++;
            long p = next;
            next += bytes;
            live.add(p);
            sizes.put(p, bytes);
            return p;
        }

        @Override public void free(long address) {
            assertTrue(live.remove(address), "double free");
            used -= sizes.remove(address);
            frees++;
        }

        @Override public void synchronize() { syncs++; }

        @Override public long[] info() { return new long[] {capacity - used, capacity}; }
    }

    @Test void roundsToSizeClasses() {
        assertEquals(512, CachingAllocator.roundSize(0));
        assertEquals(512, CachingAllocator.roundSize(1));
        assertEquals(512, CachingAllocator.roundSize(512));
        assertEquals(1024, CachingAllocator.roundSize(513));
        assertEquals(1L << 20, CachingAllocator.roundSize((1L << 20) - 1));
        assertEquals(2L << 20, CachingAllocator.roundSize((1L << 20) + 1));
        assertEquals(256L << 20, CachingAllocator.roundSize(64L << 22));
    }

    @Test void reusesFreedBlocksOfTheSameClass() {
        FakeDevice d = new FakeDevice(1L << 30);
        CachingAllocator a = new CachingAllocator(d, 0);
        long p = a.malloc(4000);
        assertEquals(4096, a.allocatedBytes());
        a.release(p, 4000);
        assertEquals(0, a.allocatedBytes());
        assertEquals(4096, a.reservedBytes());
        long q = a.malloc(3900);   // same 4096-byte class
        assertEquals(p, q);
        assertEquals(1, d.allocs);
        long r = a.malloc(5000);   // another class: a new block
        assertTrue(r != p);
        assertEquals(2, d.allocs);
        assertEquals(4096 + 5120, a.allocatedBytes());
        assertEquals(4096 + 5120, a.peakBytes());
    }

    @Test void emptyCacheFreesOnlyCachedBlocks() {
        FakeDevice d = new FakeDevice(1L << 30);
        CachingAllocator a = new CachingAllocator(d, 0);
        long kept = a.malloc(1 << 20);
        long dropped = a.malloc(3 << 20);
        a.release(dropped, 3 << 20);
        a.emptyCache();
        assertEquals(1, d.frees);
        assertTrue(d.syncs >= 1, "queued kernels may still use a cached block");
        assertTrue(d.live.contains(kept));
        assertEquals(1 << 20, a.reservedBytes());
        assertEquals(1 << 20, a.allocatedBytes());
    }

    @Test void outOfMemoryEmptiesTheCacheAndRetries() {
        FakeDevice d = new FakeDevice(8L << 20);
        CachingAllocator a = new CachingAllocator(d, 0);
        long p = a.malloc(6L << 20);
        a.release(p, 6L << 20);
        long q = a.malloc(4L << 20);   // 6 MiB cached + 4 MiB > 8 MiB: the cache is emptied first
        assertTrue(q != 0);
        assertEquals(1, d.frees);
        assertEquals(4L << 20, a.reservedBytes());
    }

    @Test void outOfMemoryWaitsForUnreachableStorages() {
        FakeDevice d = new FakeDevice(8L << 20);
        CachingAllocator a = new CachingAllocator(d, 0);
        long p = a.malloc(6L << 20);
        // a storage that died but was not collected yet: its Cleaner gives the block back once the GC runs
        Object storage = new Object();
        CachingAllocator.CLEANER.register(storage, new CachingAllocator.Releaser(a, p, 6L << 20));
        storage = null;
        long q = a.malloc(6L << 20);
        assertEquals(p, q, "the collected storage's block is handed out again");
    }

    @Test void reportsOutOfMemoryLikePyTorch() {
        FakeDevice d = new FakeDevice(4L << 20);
        CachingAllocator a = new CachingAllocator(d, 0);
        List<Long> held = new ArrayList<>();
        held.add(a.malloc(3L << 20));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.malloc(2L << 20));
        assertTrue(e.getMessage().startsWith("CUDA out of memory. Tried to allocate 2.00 MiB (GPU 0;"), e.getMessage());
        assertEquals(1, held.size());
    }
}
