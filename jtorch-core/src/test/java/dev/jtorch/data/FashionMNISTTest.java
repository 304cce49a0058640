package dev.jtorch.data;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.data.datasets.FashionMNIST;
import dev.jtorch.data.transforms.Compose;
import dev.jtorch.data.transforms.Normalize;
import dev.jtorch.data.transforms.ToTensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real Fashion-MNIST files of Debian's dataset-fashion-mnist package, checked against what
 * conformance/gen_data.py read from them with numpy (golden/fashion_mnist.json). Skipped, with the reason
 * shown, where the package is not installed.
 */
class FashionMNISTTest {
    private static JsonObject facts;

    @BeforeAll
    static void needsData() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of(FashionMNIST.DEFAULT_ROOT)),
                FashionMNIST.DEFAULT_ROOT + " is absent: apt-get install dataset-fashion-mnist to run this test");
        facts = JsonParser.parseString(Golden.text("/golden/fashion_mnist.json")).getAsJsonObject();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void matchesNumpy(boolean train) {
        JsonObject f = facts.getAsJsonObject(train ? "train" : "test");
        FashionMNIST ds = new FashionMNIST(train);
        assertEquals(train ? 60000 : 10000, ds.size());
        assertEquals(f.get("size").getAsInt(), ds.size());
        Tensor data = ds.data();
        assertEquals(DType.UINT8, data.dtype());
        assertArrayEquals(new long[] {ds.size(), 28, 28}, data.shape());
        long[] targets = ds.targets().toLongArray();
        long[] first = Golden.longs(f.get("first_labels"));
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i], targets[i], "label " + i);
            assertEquals((int) first[i], ds.get(i).get(1));
        }
        long[] counts = new long[10];
        for (long t : targets) counts[(int) t]++;
        assertArrayEquals(Golden.longs(f.get("label_counts")), counts);
        assertArrayEquals(Golden.longs(f.get("first_image")), ((Tensor) ds.get(0).get(0)).toLongArray());
        long lastSum = 0;
        for (long v : ((Tensor) ds.get(ds.size() - 1).get(0)).toLongArray()) lastSum += v;
        assertEquals(f.get("last_image_sum").getAsLong(), lastSum);
        byte[] all = (byte[]) data.storage().array();
        long sum = 0;
        for (byte b : all) sum += b & 0xFF;
        assertEquals(f.get("pixel_sum").getAsLong(), sum);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shuffledLoaderMatchesPyTorch(boolean train) {
        JsonObject f = facts.getAsJsonObject(train ? "train" : "test");
        FashionMNIST ds = new FashionMNIST(train, new Compose(new ToTensor(), new Normalize(0.5, 0.5)));
        Torch.manualSeed(0);
        DataLoader<List<Object>, List<Tensor>> loader = DataLoader.builder(ds).batchSize(64).shuffle(true).build();
        assertEquals((ds.size() + 63) / 64, loader.len());
        List<Tensor> batch = loader.iterator().next();
        assertArrayEquals(new long[] {64, 1, 28, 28}, batch.get(0).shape());
        assertEquals(DType.FLOAT32, batch.get(0).dtype());
        assertEquals(DType.INT64, batch.get(1).dtype());
        assertArrayEquals(Golden.longs(f.get("seed0_shuffled_first_batch_labels")), batch.get(1).toLongArray());
    }
}
