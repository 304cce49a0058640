/**
 * Datasets and batch loading: PyTorch 1.13's {@code torch.utils.data} for map-style datasets.
 *
 * <p>{@link dev.jtorch.data.Dataset} (with {@code randomSplit}), {@link dev.jtorch.data.TensorDataset},
 * {@link dev.jtorch.data.Subset}, {@link dev.jtorch.data.ConcatDataset}, the samplers
 * {@link dev.jtorch.data.SequentialSampler} and {@link dev.jtorch.data.RandomSampler},
 * {@link dev.jtorch.data.DataLoader} with {@link dev.jtorch.data.Collate#defaultCollate} and
 * {@link dev.jtorch.data.WorkerInfo}. Datasets on disk are in {@code dev.jtorch.data.datasets}, image
 * transforms in {@code dev.jtorch.data.transforms}.
 *
 * <h2>What matches PyTorch</h2>
 * Checked against PyTorch 1.13 by {@code conformance/gen_data.py}: for the same {@code manualSeed}, the
 * shuffled index order of every epoch, {@code RandomSampler} with and without replacement (also with
 * {@code numSamples} other than the dataset size), {@code randomSplit} with lengths or fractions, and the
 * numbers the default generator (or an explicit generator) yields afterwards, so the draws around a
 * training loop stay in step with a PyTorch run. Worker generators are seeded as PyTorch seeds worker
 * processes, so datasets and transforms that draw through {@link dev.jtorch.data.WorkerInfo#generator()}
 * give PyTorch's numbers with the same {@code numWorkers}.
 *
 * <h2>Differences</h2>
 * <ul>
 *   <li>Workers are threads of this process, not processes. Code in a worker that uses
 *       {@code Generator.defaultGenerator()} directly (for example {@code Torch.rand}) shares one
 *       generator among the workers, in an order that depends on timing; use {@code WorkerInfo.generator()}.
 *       Python's {@code random} and numpy seeding have no counterpart.</li>
 *   <li>Not provided: {@code IterableDataset}, {@code BatchSampler} as a class, {@code batch_size=None},
 *       {@code worker_init_fn}, {@code persistent_workers}, {@code pin_memory}, {@code timeout}.</li>
 *   <li>The default collate knows Java's types (see {@link dev.jtorch.data.Collate}); there are no numpy
 *       arrays or named tuples, and Java records are not taken apart.</li>
 * </ul>
 */
package dev.jtorch.data;
