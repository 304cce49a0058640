package dev.jtorch.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.data.transforms.Compose;
import dev.jtorch.data.transforms.Normalize;
import dev.jtorch.data.transforms.RandomCrop;
import dev.jtorch.data.transforms.RandomHorizontalFlip;
import dev.jtorch.data.transforms.ToTensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DataLoader, RandomSampler, randomSplit and worker seeding against PyTorch 1.13 (golden/data.jsonl from
 * conformance/gen_data.py): same index order for the same seed, and the same state of the default
 * generator (and of an explicit one) afterwards.
 */
class DataLoaderConformanceTest {
    /** The dataset gen_data.py's Indices: item i is i. */
    static Dataset<Integer> indices(int n) {
        return new Dataset<>() {
            @Override public Integer get(int index) { return index; }
            @Override public int size() { return n; }
        };
    }

    private static Generator gen(JsonObject c) {
        return c.has("gen_seed") ? new Generator(c.get("gen_seed").getAsLong()) : null;
    }

    private static void checkAfter(JsonObject c, Generator g, String name) {
        assertArrayEquals(Golden.doubles(c.get("after")), Torch.rand(3).toDouble().toDoubleArray(), 0.0,
                name + ": default generator afterwards");
        if (g != null) {
            assertArrayEquals(Golden.doubles(c.get("after_gen")),
                    Torch.rand(new long[] {3}, DType.FLOAT32, g).toDouble().toDoubleArray(), 0.0, name + ": generator afterwards");
        }
    }

    @TestFactory
    Stream<DynamicTest> loaderOrder() {
        return Golden.cases("loader").stream().map(c -> DynamicTest.dynamicTest(c.toString().substring(0, 120), () -> {
            Torch.manualSeed(c.get("seed").getAsLong());
            Generator g = gen(c);
            DataLoader<Integer, Tensor> loader = DataLoader.builder(indices(c.get("n").getAsInt()))
                    .batchSize(c.get("batch_size").getAsInt()).shuffle(c.get("shuffle").getAsBoolean())
                    .dropLast(c.get("drop_last").getAsBoolean()).generator(g).build();
            assertEquals(c.get("len").getAsInt(), loader.len());
            JsonArray epochs = c.getAsJsonArray("epochs");
            for (int e = 0; e < epochs.size(); e++) {
                List<long[]> got = new ArrayList<>();
                for (Tensor b : loader) {
                    assertEquals(DType.INT64, b.dtype());
                    got.add(b.toLongArray());
                }
                JsonArray want = epochs.get(e).getAsJsonArray();
                assertEquals(want.size(), got.size(), "epoch " + e + ": batches");
                for (int k = 0; k < want.size(); k++) assertArrayEquals(Golden.longs(want.get(k)), got.get(k), "epoch " + e + " batch " + k);
            }
            checkAfter(c, g, "loader");
        }));
    }

    @TestFactory
    Stream<DynamicTest> samplerOrder() {
        return Golden.cases("sampler").stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            Torch.manualSeed(c.get("seed").getAsLong());
            Generator g = gen(c);
            RandomSampler s = new RandomSampler(c.get("n").getAsInt(), c.get("replacement").getAsBoolean(),
                    c.get("num_samples").getAsInt(), g);
            assertEquals(c.get("num_samples").getAsInt(), s.size());
            for (JsonElement epoch : c.getAsJsonArray("epochs")) {
                List<Integer> got = new ArrayList<>();
                for (int i : s) got.add(i);
                assertArrayEquals(Golden.longs(epoch), got.stream().mapToLong(Integer::longValue).toArray());
            }
            checkAfter(c, g, "sampler");
        }));
    }

    @TestFactory
    Stream<DynamicTest> randomSplit() {
        return Golden.cases("split").stream().map(c -> DynamicTest.dynamicTest(c.toString().substring(0, Math.min(150, c.toString().length())), () -> {
            Torch.manualSeed(c.get("seed").getAsLong());
            Generator g = gen(c);
            Dataset<Integer> ds = indices(c.get("n").getAsInt());
            JsonArray lengths = c.getAsJsonArray("lengths");
            boolean fractions = false;
            for (JsonElement l : lengths) fractions |= l.getAsString().contains(".");
            List<Subset<Integer>> parts;
            if (fractions) {
                double[] f = Golden.doubles(lengths);
                parts = g == null ? Dataset.randomSplit(ds, f) : Dataset.randomSplit(ds, f, g);
            } else {
                int[] l = Golden.ints(lengths);
                parts = g == null ? Dataset.randomSplit(ds, l) : Dataset.randomSplit(ds, l, g);
            }
            JsonArray splits = c.getAsJsonArray("splits");
            assertEquals(splits.size(), parts.size());
            for (int k = 0; k < parts.size(); k++) {
                long[] want = Golden.longs(splits.get(k));
                Subset<Integer> p = parts.get(k);
                if (c.has("sizes")) assertEquals(c.getAsJsonArray("sizes").get(k).getAsInt(), p.size());
                else assertEquals(want.length, p.size());
                for (int i = 0; i < want.length; i++) assertEquals(want[i], (long) p.get(i), "split " + k + " item " + i);
            }
            checkAfter(c, g, "split");
        }));
    }

    /** gen_data.py's IndexAndRand: (i, torch.rand(1).item()), drawn from the worker's generator. */
    static Dataset<List<Object>> indexAndRand(int n) {
        return new Dataset<>() {
            @Override public List<Object> get(int index) { return List.of(index, (double) WorkerInfo.generator().nextFloat()); }
            @Override public int size() { return n; }
        };
    }

    @TestFactory
    Stream<DynamicTest> workerSeeding() {
        return Golden.cases("workers").stream().map(c -> DynamicTest.dynamicTest(c.toString().substring(0, 120), () -> {
            Torch.manualSeed(c.get("seed").getAsLong());
            Generator g = gen(c);
            DataLoader<List<Object>, List<Tensor>> loader = DataLoader.builder(indexAndRand(c.get("n").getAsInt()))
                    .batchSize(c.get("batch_size").getAsInt()).numWorkers(c.get("num_workers").getAsInt())
                    .shuffle(c.get("shuffle").getAsBoolean()).generator(g).build();
            for (JsonElement epoch : c.getAsJsonArray("epochs")) {
                JsonArray want = epoch.getAsJsonArray();
                int k = 0;
                for (List<Tensor> b : loader) {
                    JsonArray w = want.get(k++).getAsJsonArray();
                    assertArrayEquals(Golden.longs(w.get(0)), b.get(0).toLongArray());
                    assertEquals(DType.FLOAT64, b.get(1).dtype());
                    assertArrayEquals(Golden.doubles(w.get(1)), b.get(1).toDoubleArray(), 0.0);
                }
                assertEquals(want.size(), k);
            }
            checkAfter(c, g, "workers");
        }));
    }

    /** gen_data.py's ImagesWithTransform: 8x8 uint8 images through ToTensor, RandomCrop(6, 2), flip, Normalize. */
    static Dataset<List<Object>> imagesWithTransform(int n) {
        Compose pipeline = new Compose(new ToTensor(), new RandomCrop(6, 2), new RandomHorizontalFlip(0.5),
                new Normalize(0.5, 0.5));
        return new Dataset<>() {
            @Override public List<Object> get(int i) {
                long[] v = new long[64];
                for (int k = 0; k < 64; k++) v[k] = (k * 3L + i * 7L) % 256;
                Tensor img = Torch.tensor(v).to(DType.UINT8).view(8, 8);
                return List.of(pipeline.apply(img), i);
            }
            @Override public int size() { return n; }
        };
    }

    @TestFactory
    Stream<DynamicTest> randomTransformsInWorkers() {
        return Golden.cases("pipeline_workers").stream().map(c -> DynamicTest.dynamicTest("num_workers=" + c.get("num_workers"), () -> {
            Torch.manualSeed(c.get("seed").getAsLong());
            DataLoader<List<Object>, List<Tensor>> loader = DataLoader.builder(imagesWithTransform(c.get("n").getAsInt()))
                    .batchSize(c.get("batch_size").getAsInt()).numWorkers(c.get("num_workers").getAsInt()).shuffle(true).build();
            for (JsonElement epoch : c.getAsJsonArray("epochs")) {
                JsonArray want = epoch.getAsJsonArray();
                int k = 0;
                for (List<Tensor> b : loader) {
                    JsonArray w = want.get(k++).getAsJsonArray();
                    Golden.assertTensor(w.get(0).getAsJsonObject(), b.get(0), "batch " + k);
                    assertArrayEquals(Golden.longs(w.get(1)), b.get(1).toLongArray());
                }
                assertEquals(want.size(), k);
            }
            checkAfter(c, null, "pipeline");
        }));
    }
}
