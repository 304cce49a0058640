package dev.jtorch.data;

import dev.jtorch.Generator;

/**
 * Which {@link DataLoader} worker thread the current code runs on ({@code torch.utils.data.get_worker_info()}).
 *
 * <p>PyTorch's workers are processes, and each one calls {@code torch.manual_seed(base_seed + id)} on
 * start, so random transforms in different workers draw different numbers. jtorch's workers are threads
 * sharing the process-wide default generator; to keep PyTorch's streams, each worker owns a generator
 * seeded {@code base_seed + id}, and code that should draw as PyTorch's default generator would inside a
 * worker (the bundled random transforms, or a dataset's own {@code get}) asks {@link #generator()} for
 * it. Code that calls {@code Generator.defaultGenerator()} directly in a worker draws from the shared
 * generator instead, in an order that depends on thread timing.
 *
 * @param id the worker's number, 0 &lt;= id &lt; numWorkers
 * @param numWorkers the loader's number of workers
 * @param seed base_seed + id, the seed of this worker's generator
 * @param dataset the loader's dataset
 * @param workerGenerator this worker's generator, the one {@link #generator()} returns on its thread
 */
public record WorkerInfo(int id, int numWorkers, long seed, Dataset<?> dataset, Generator workerGenerator) {
    private static final ThreadLocal<WorkerInfo> CURRENT = new ThreadLocal<>();

    /** The worker running the calling thread, or null outside DataLoader workers (the main thread). */
    public static WorkerInfo get() { return CURRENT.get(); }

    /**
     * The generator that stands for PyTorch's default generator on this thread: in a DataLoader worker the
     * worker's own (seeded {@code base_seed + id}, as PyTorch seeds a worker process), elsewhere
     * {@link Generator#defaultGenerator()}.
     */
    public static Generator generator() {
        WorkerInfo w = CURRENT.get();
        return w != null ? w.workerGenerator : Generator.defaultGenerator();
    }

    static WorkerInfo enter(WorkerInfo info) {
        WorkerInfo previous = CURRENT.get();
        CURRENT.set(info);
        return previous;
    }

    static void leave(WorkerInfo previous) {
        if (previous == null) CURRENT.remove();
        else CURRENT.set(previous);
    }
}
