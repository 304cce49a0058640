package dev.jtorch.examples.book;

import dev.jtorch.data.Dataset;
import dev.jtorch.data.Subset;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * What the chapter 4-6 programs share besides the book's code (conformance/book/fashion_data.py is the
 * Python side): the optional arguments that shorten a run for tests, and the per-epoch timing that goes to
 * stderr, so that stdout stays comparable line by line with PyTorch's.
 */
final class FashionRun {
    final int epochs, maxBatches, testLimit, log;
    private long wall, cpu;
    long samples;

    /** args: [epochs] [batches per epoch, 0 = all] [test images, 0 = all] [print every n-th batch loss, 0 = never]. */
    FashionRun(String[] args, int defaultEpochs) {
        int[] a = {defaultEpochs, 0, 0, 0};
        for (int i = 0; i < Math.min(args.length, 4); i++) a[i] = Integer.parseInt(args[i]);
        epochs = a[0];
        maxBatches = a[1];
        testLimit = a[2];
        log = a[3];
    }

    /** The first {@code testLimit} items, or all ({@code torch.utils.data.Subset(ds, range(n))}). */
    <T> Dataset<T> limit(Dataset<T> dataset) {
        return testLimit > 0 ? new Subset<>(dataset, IntStream.range(0, testLimit).toArray()) : dataset;
    }

    boolean stop(int batchIdx) { return maxBatches > 0 && batchIdx == maxBatches; }

    boolean logs(int batchIdx) { return log > 0 && batchIdx % log == 0; }

    void restart() {
        wall = System.nanoTime();
        cpu = processCpuNanos();
        samples = 0;
    }

    void report(int epoch) {
        double w = (System.nanoTime() - wall) / 1e9, c = (processCpuNanos() - cpu) / 1e9;
        System.err.println(String.format(Locale.ROOT, "epoch %d train: %.2f s wall, %.2f s CPU, %.0f samples/s",
                epoch, w, c, samples / w));
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
