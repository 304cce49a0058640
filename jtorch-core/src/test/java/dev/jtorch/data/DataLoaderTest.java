package dev.jtorch.data;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DataLoader batching, collate, worker threads and the dataset wrappers. */
class DataLoaderTest {
    private static TensorDataset pairs(int n) {
        Tensor x = Torch.arange(0.0, n * 3.0, 1.0, DType.FLOAT32).view(n, 3);
        Tensor y = Torch.arange(100, 100 + n);
        return new TensorDataset(x, y);
    }

    private static List<List<Tensor>> epoch(DataLoader<List<Tensor>, List<Tensor>> loader) {
        List<List<Tensor>> out = new ArrayList<>();
        for (List<Tensor> b : loader) out.add(b);
        return out;
    }

    @Test
    void batchesStackTheItemsInOrder() {
        TensorDataset ds = pairs(10);
        DataLoader<List<Tensor>, List<Tensor>> loader = new DataLoader<>(ds, 4);
        List<List<Tensor>> batches = epoch(loader);
        assertEquals(3, loader.len());
        assertEquals(3, batches.size());
        int start = 0;
        for (List<Tensor> b : batches) {
            long n = b.get(0).size(0);
            assertArrayEquals(ds.tensors().get(0).narrow(0, start, n).toFloatArray(), b.get(0).toFloatArray());
            assertArrayEquals(ds.tensors().get(1).narrow(0, start, n).toLongArray(), b.get(1).toLongArray());
            assertEquals(DType.FLOAT32, b.get(0).dtype());
            assertArrayEquals(new long[] {n, 3}, b.get(0).shape());
            start += (int) n;
        }
        assertEquals(List.of(4L, 4L, 2L), batches.stream().map(b -> b.get(1).size(0)).toList());
    }

    @Test
    void dropLastDropsTheIncompleteBatch() {
        DataLoader<List<Tensor>, List<Tensor>> loader = DataLoader.builder(pairs(10)).batchSize(4).dropLast(true).build();
        assertEquals(2, loader.len());
        List<List<Tensor>> batches = epoch(loader);
        assertEquals(2, batches.size());
        assertArrayEquals(new long[] {104, 105, 106, 107}, batches.get(1).get(1).toLongArray());
        // divisible sizes keep every batch either way
        assertEquals(5, DataLoader.builder(pairs(10)).batchSize(2).dropLast(true).build().len());
        assertEquals(0, DataLoader.builder(pairs(3)).batchSize(4).dropLast(true).build().len());
        assertFalse(DataLoader.builder(pairs(3)).batchSize(4).dropLast(true).build().iterator().hasNext());
    }

    @Test
    void iteratorContract() {
        Iterator<Object> it = new DataLoader<List<Tensor>, Object>(pairs(2), 2).iterator();
        assertTrue(it.hasNext());
        assertTrue(it.hasNext());
        it.next();
        assertFalse(it.hasNext());
        assertThrows(java.util.NoSuchElementException.class, it::next);
    }

    @Test
    void defaultCollateFollowsPyTorchTypes() {
        Tensor ints = (Tensor) Collate.defaultCollate(List.of(1, 2, 3));
        assertEquals(DType.INT64, ints.dtype());
        assertArrayEquals(new long[] {1, 2, 3}, ints.toLongArray());
        Tensor longs = (Tensor) Collate.defaultCollate(List.of(5L, -1L));
        assertEquals(DType.INT64, longs.dtype());
        Tensor doubles = (Tensor) Collate.defaultCollate(List.of(0.5, 1.5f));
        assertEquals(DType.FLOAT64, doubles.dtype());
        assertArrayEquals(new double[] {0.5, 1.5}, doubles.toDoubleArray());
        Tensor bools = (Tensor) Collate.defaultCollate(List.of(true, false));
        assertEquals(DType.BOOL, bools.dtype());
        assertEquals(List.of("a", "b"), Collate.defaultCollate(List.of("a", "b")));

        Map<String, Object> m1 = new LinkedHashMap<>();
        m1.put("x", Torch.tensor(1.0f, 2.0f));
        m1.put("label", 3);
        Map<String, Object> m2 = new LinkedHashMap<>();
        m2.put("x", Torch.tensor(3.0f, 4.0f));
        m2.put("label", 4);
        Map<?, ?> batch = (Map<?, ?>) Collate.defaultCollate(List.of(m1, m2));
        assertEquals(List.of("x", "label"), new ArrayList<>(batch.keySet()));
        assertArrayEquals(new long[] {2, 2}, ((Tensor) batch.get("x")).shape());
        assertArrayEquals(new long[] {3, 4}, ((Tensor) batch.get("label")).toLongArray());

        // tuples (Object[]) and lists transpose, nested ones recursively
        List<?> nested = (List<?>) Collate.defaultCollate(List.of(new Object[] {1, List.of(2.0, "p")}, new Object[] {5, List.of(6.0, "q")}));
        assertArrayEquals(new long[] {1, 5}, ((Tensor) nested.get(0)).toLongArray());
        List<?> inner = (List<?>) nested.get(1);
        assertArrayEquals(new double[] {2.0, 6.0}, ((Tensor) inner.get(0)).toDoubleArray());
        assertEquals(List.of("p", "q"), inner.get(1));
    }

    @Test
    void defaultCollateErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Collate.defaultCollate(List.of(List.of(1, 2), List.of(3))));
        assertEquals("each element in list of batch should be of equal size", e.getMessage());
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> Collate.defaultCollate(List.of(new Object())));
        assertTrue(t.getMessage().startsWith("default_collate: batch must contain tensors"), t.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Collate.defaultCollate(List.of(Torch.zeros(2), Torch.zeros(3))));
    }

    @Test
    void customCollate() {
        DataLoader<List<Tensor>, Integer> loader = DataLoader.builder(pairs(7)).batchSize(3).build(List::size);
        List<Integer> sizes = new ArrayList<>();
        for (int s : loader) sizes.add(s);
        assertEquals(List.of(3, 3, 1), sizes);
    }

    @Test
    void workersGiveTheSameBatchesAsTheCallingThread() {
        TensorDataset ds = pairs(103);
        for (int workers : new int[] {1, 2, 3}) {
            Torch.manualSeed(11);
            List<List<Tensor>> reference = epoch(DataLoader.builder(ds).batchSize(8).shuffle(true).build());
            double after = Torch.rand(1).itemDouble();
            Torch.manualSeed(11);
            List<List<Tensor>> threaded = epoch(DataLoader.builder(ds).batchSize(8).shuffle(true).numWorkers(workers).build());
            assertEquals(after, Torch.rand(1).itemDouble(), 0.0, "the default generator is consumed alike");
            assertEquals(reference.size(), threaded.size());
            for (int k = 0; k < reference.size(); k++) {
                assertArrayEquals(reference.get(k).get(0).toFloatArray(), threaded.get(k).get(0).toFloatArray(), workers + " workers, batch " + k);
                assertArrayEquals(reference.get(k).get(1).toLongArray(), threaded.get(k).get(1).toLongArray());
            }
        }
    }

    @Test
    void workersLoadAheadOnTheirOwnThreads() throws InterruptedException {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger fetched = new AtomicInteger();
        Dataset<Integer> ds = new Dataset<>() {
            @Override public Integer get(int index) {
                threads.add(Thread.currentThread().getName());
                fetched.incrementAndGet();
                return index;
            }
            @Override public int size() { return 100; }
        };
        DataLoader<Integer, Tensor> loader = DataLoader.builder(ds).batchSize(5).numWorkers(2).build();
        Iterator<Tensor> it = loader.iterator();
        // without asking for a batch, the workers fill prefetchFactor * numWorkers = 4 batches
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (fetched.get() < 20 && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(20, fetched.get());
        assertEquals(Set.of("DataLoader worker 0", "DataLoader worker 1"), threads);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, it.next().toLongArray());
        int batches = 1;
        while (it.hasNext()) {
            it.next();
            batches++;
        }
        assertEquals(20, batches);
        assertEquals(100, fetched.get());
        assertFalse(threads.contains(Thread.currentThread().getName()));
    }

    @Test
    void workerInfoInsideWorkers() {
        Dataset<Integer> ds = new Dataset<>() {
            @Override public Integer get(int index) {
                WorkerInfo w = WorkerInfo.get();
                return w == null ? -1 : w.id() * 1000 + w.numWorkers();
            }
            @Override public int size() { return 6; }
        };
        List<Long> seen = new ArrayList<>();
        for (Tensor b : DataLoader.builder(ds).batchSize(2).numWorkers(3).<Tensor>build()) seen.add(b.toLongArray()[0]);
        assertEquals(List.of(3L, 1003L, 2003L), seen);
        assertEquals(null, WorkerInfo.get());
        assertSame(dev.jtorch.Generator.defaultGenerator(), WorkerInfo.generator());
        for (Tensor b : new DataLoader<Integer, Tensor>(ds, 6)) assertArrayEquals(new long[] {-1, -1, -1, -1, -1, -1}, b.toLongArray());
    }

    @Test
    void workerExceptionsReachTheCaller() {
        Dataset<Integer> ds = new Dataset<>() {
            @Override public Integer get(int index) {
                if (index == 7) throw new IllegalStateException("bad item " + index);
                return index;
            }
            @Override public int size() { return 20; }
        };
        Iterator<Tensor> it = DataLoader.builder(ds).batchSize(2).numWorkers(2).<Tensor>build().iterator();
        it.next();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            while (it.hasNext()) it.next();
        });
        assertEquals("bad item 7", e.getMessage());
        assertTrue(Arrays.stream(e.getSuppressed()).anyMatch(s -> s.getMessage().contains("DataLoader worker 1")));
        assertFalse(it.hasNext());
    }

    @Test
    void abandonedEpochsDoNotDisturbTheNext() {
        TensorDataset ds = pairs(50);
        DataLoader<List<Tensor>, List<Tensor>> loader = DataLoader.builder(ds).batchSize(5).numWorkers(2).build();
        loader.iterator().next();
        List<List<Tensor>> full = epoch(loader);
        assertEquals(10, full.size());
        assertArrayEquals(new long[] {100, 101, 102, 103, 104}, full.get(0).get(1).toLongArray());
    }

    @Test
    void optionErrorsUsePyTorchsWords() {
        TensorDataset ds = pairs(4);
        assertEquals("batch_size should be a positive integer value, but got batch_size=0",
                assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).batchSize(0).build()).getMessage());
        assertEquals("sampler option is mutually exclusive with shuffle", assertThrows(IllegalArgumentException.class,
                () -> DataLoader.builder(ds).shuffle(true).sampler(new SequentialSampler(ds)).build()).getMessage());
        assertEquals("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.",
                assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).numWorkers(-1).build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).prefetchFactor(4).build());
        assertEquals("num_samples should be a positive integer value, but got num_samples=0",
                assertThrows(IllegalArgumentException.class, () -> new RandomSampler(4, true, 0, null)).getMessage());
    }

    @Test
    void customSamplerAndLen() {
        Sampler reversed = new Sampler() {
            @Override public int size() { return 5; }
            @Override public Iterator<Integer> iterator() { return List.of(4, 3, 2, 1, 0).iterator(); }
        };
        DataLoader<List<Tensor>, List<Tensor>> loader = DataLoader.builder(pairs(5)).batchSize(2).sampler(reversed).build();
        assertEquals(3, loader.len());
        assertArrayEquals(new long[] {104, 103}, epoch(loader).get(0).get(1).toLongArray());
    }

    @Test
    void tensorDatasetSubsetConcat() {
        TensorDataset ds = pairs(6);
        assertEquals(6, ds.size());
        List<Tensor> item = ds.get(2);
        assertArrayEquals(new float[] {6, 7, 8}, item.get(0).toFloatArray());
        assertEquals(102, item.get(1).itemLong());
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Torch.zeros(3), Torch.zeros(4)));

        Subset<List<Tensor>> sub = new Subset<>(ds, new int[] {5, 0});
        assertEquals(2, sub.size());
        assertEquals(105, sub.get(0).get(1).itemLong());
        assertEquals(100, sub.get(-1).get(1).itemLong());
        assertThrows(IndexOutOfBoundsException.class, () -> sub.get(2));

        ConcatDataset<List<Tensor>> cat = new ConcatDataset<>(ds, sub, pairs(0), new Subset<>(ds, new int[] {3}));
        assertEquals(9, cat.size());
        assertArrayEquals(new long[] {6, 8, 8, 9}, cat.cumulativeSizes());
        long[] labels = new long[9];
        for (int i = 0; i < 9; i++) labels[i] = cat.get(i).get(1).itemLong();
        assertArrayEquals(new long[] {100, 101, 102, 103, 104, 105, 105, 100, 103}, labels);
        assertEquals(103, cat.get(-1).get(1).itemLong());
        assertEquals("absolute value of index should not exceed dataset length",
                assertThrows(IllegalArgumentException.class, () -> cat.get(-10)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> cat.get(9));
        assertEquals("datasets should not be an empty iterable",
                assertThrows(IllegalArgumentException.class, () -> new ConcatDataset<>(List.of())).getMessage());
    }

    @Test
    void randomSplitChecksLengths() {
        Dataset<Integer> ds = DataLoaderConformanceTest.indices(10);
        assertEquals("Sum of input lengths does not equal the length of the input dataset!",
                assertThrows(IllegalArgumentException.class, () -> Dataset.randomSplit(ds, new int[] {3, 3})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.randomSplit(ds, new double[] {0.5, 0.6}));
        assertEquals("Fraction at index 0 is not between 0 and 1",
                assertThrows(IllegalArgumentException.class, () -> Dataset.randomSplit(ds, new double[] {1.5, -0.5})).getMessage());
        List<Subset<Integer>> parts = Dataset.randomSplit(ds, new int[] {4, 6});
        Set<Integer> all = new java.util.HashSet<>();
        for (Subset<Integer> p : parts) for (int i = 0; i < p.size(); i++) all.add(p.get(i));
        assertEquals(10, all.size());
        assertInstanceOf(Subset.class, parts.get(0));
    }
}
