package dev.jtorch.backend.cuda;

import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The caching allocator on real device memory, and a long loop that must not leak. */
@Tag("cuda")
class CudaMemoryTest {
    static final Device CUDA = Device.of("cuda");

    @BeforeEach void needsGpu() {
        assumeTrue(Torch.cuda.isAvailable(), "no CUDA device: " + Torch.cuda.unavailableReason());
    }

    /** Collects until the allocator's count drops to {@code atMost} (Cleaners run on their own thread). */
    static long settle(long atMost) throws InterruptedException {
        long now = Torch.cuda.memoryAllocated();
        for (int i = 0; i < 100 && now > atMost; i++) {
            System.gc();
            Thread.sleep(20);
            now = Torch.cuda.memoryAllocated();
        }
        return now;
    }

    @Test void blocksAreCachedReusedAndReleased() throws InterruptedException {
        Torch.zeros(new long[] {1}, CUDA);   // initialise the device
        long before = settle(0);
        Tensor a = Torch.zeros(new long[] {1 << 20}, DType.FLOAT32, CUDA);   // 4 MiB
        assertEquals(before + CachingAllocator.roundSize(4L << 20), Torch.cuda.memoryAllocated());
        long reserved = Torch.cuda.memoryReserved();
        a = null;
        assertEquals(before, settle(before), "an unreachable tensor's block returns to the allocator");
        assertEquals(reserved, Torch.cuda.memoryReserved(), "and stays cached");
        Tensor b = Torch.ones(new long[] {1 << 20}, DType.FLOAT32, CUDA);
        assertEquals(reserved, Torch.cuda.memoryReserved(), "a block of the same class is reused");
        assertEquals(1 << 20, (long) b.sum().itemDouble());
        b = null;
        settle(before);
        Torch.cuda.emptyCache();
        assertTrue(Torch.cuda.memoryReserved() < reserved, "empty_cache gives cached blocks back");
        assertTrue(Torch.cuda.maxMemoryAllocated() >= CachingAllocator.roundSize(4L << 20));
    }

    @Test void reusedBlocksReadAsZeros() {
        for (int i = 0; i < 5; i++) {
            Tensor junk = Torch.full(new long[] {4096}, 7.0, DType.FLOAT32, CUDA);
            junk = null;
            System.gc();
        }
        Tensor z = Torch.zeros(new long[] {4096}, CUDA);
        assertEquals(0.0, z.abs().sum().itemDouble());
        Tensor partial = Torch.zeros(new long[] {64, 64}, CUDA);
        partial.slice(0, 0, 64, 2).fill_(1.0);
        assertEquals(32 * 64, partial.sum().itemDouble());
    }

    @Test void tenThousandStepsDoNotLeak() throws InterruptedException {
        Tensor w = Torch.randn(new long[] {64, 32}, CUDA).requiresGrad_();
        Tensor x = Torch.randn(new long[] {128, 64}, CUDA);
        Tensor target = Torch.randn(new long[] {128, 32}, CUDA);
        // warm up, then measure what the loop keeps
        for (int i = 0; i < 50; i++) step(w, x, target);
        long baseline = settle(0);
        long reservedBefore = Torch.cuda.memoryReserved();
        for (int i = 0; i < 10_000; i++) step(w, x, target);
        Torch.cuda.synchronize();
        long after = settle(baseline);
        assertTrue(after <= baseline, "memory allocated grew from " + baseline + " to " + after + " bytes over 10^4 steps");
        // dead blocks wait for the GC, which the allocator calls once the cache grew by GC_THRESHOLD
        assertTrue(Torch.cuda.memoryReserved() <= reservedBefore + CachingAllocator.GC_THRESHOLD + (256L << 20),
                "the cache grew from " + reservedBefore + " to " + Torch.cuda.memoryReserved() + " bytes");
        assertTrue(Double.isFinite(w.detach().sum().itemDouble()));
    }

    private static void step(Tensor w, Tensor x, Tensor target) {
        Tensor loss = x.matmul(w).sub(target).pow(2.0).mean();
        loss.backward();
        try (var g = Torch.noGrad()) {
            w.sub_(w.grad().mul(1e-3));
        }
        w.setGrad(null);
    }
}
