package dev.jtorch.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.data.transforms.Compose;
import dev.jtorch.data.transforms.Normalize;
import dev.jtorch.data.transforms.RandomCrop;
import dev.jtorch.data.transforms.RandomHorizontalFlip;
import dev.jtorch.data.transforms.ToTensor;
import dev.jtorch.data.transforms.Transform;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Transforms against torchvision 0.14's code re-enacted with PyTorch 1.13 in conformance/gen_data.py:
 * values bit for bit, and the default generator consumed the same way.
 */
class TransformsConformanceTest {
    private static String name(JsonObject c) {
        String s = c.toString();
        return s.substring(0, Math.min(100, s.length()));
    }

    private static void checkAfter(JsonObject c) {
        assertArrayEquals(Golden.doubles(c.get("after")), Torch.rand(3).toDouble().toDoubleArray(), 0.0, "default generator afterwards");
    }

    @TestFactory
    Stream<DynamicTest> toTensor() {
        return Golden.cases("to_tensor").stream().map(c -> DynamicTest.dynamicTest(name(c), () -> {
            Tensor in = Golden.tensor(c.getAsJsonObject("input"));
            Golden.assertTensor(c.getAsJsonObject("output"), new ToTensor().apply(in), "ToTensor");
            // a non-contiguous input gives the same
            Tensor strided = in.transpose(0, 1).contiguous().transpose(0, 1);
            Golden.assertTensor(c.getAsJsonObject("output"), new ToTensor().apply(strided), "ToTensor (strided)");
        }));
    }

    @TestFactory
    Stream<DynamicTest> normalize() {
        return Golden.cases("normalize").stream().map(c -> DynamicTest.dynamicTest(name(c), () -> {
            Tensor in = Golden.tensor(c.getAsJsonObject("input"));
            Tensor copy = in.clone();
            Tensor out = new Normalize(Golden.doubles(c.get("mean")), Golden.doubles(c.get("std"))).apply(in);
            Golden.assertTensor(c.getAsJsonObject("output"), out, "Normalize");
            assertArrayEquals(copy.toDoubleArray(), in.toDoubleArray(), 0.0, "input left unchanged");
        }));
    }

    private static void replay(JsonObject c, Transform t) {
        Tensor in = Golden.tensor(c.getAsJsonObject("input"));
        Torch.manualSeed(c.get("seed").getAsLong());
        JsonArray outs = c.getAsJsonArray("outputs");
        int k = 0;
        for (JsonElement want : outs) Golden.assertTensor(want.getAsJsonObject(), t.apply(in), "call " + k++);
        checkAfter(c);
    }

    @TestFactory
    Stream<DynamicTest> randomHorizontalFlip() {
        return Golden.cases("hflip").stream().map(c -> DynamicTest.dynamicTest(name(c),
                () -> replay(c, new RandomHorizontalFlip(c.get("p").getAsDouble()))));
    }

    @TestFactory
    Stream<DynamicTest> randomCrop() {
        return Golden.cases("random_crop").stream().map(c -> DynamicTest.dynamicTest(name(c), () -> {
            int[] padding = c.get("padding").isJsonNull() ? null : Golden.ints(c.get("padding"));
            RandomCrop crop = new RandomCrop(Golden.ints(c.get("size")), padding, c.get("pad_if_needed").getAsBoolean(),
                    c.get("fill").getAsDouble(), c.get("mode").getAsString());
            replay(c, crop);
        }));
    }

    @TestFactory
    Stream<DynamicTest> composedPipeline() {
        return Golden.cases("pipeline").stream().map(c -> DynamicTest.dynamicTest(name(c), () -> {
            Compose pipeline = new Compose(new ToTensor(), new RandomCrop(6, 2), new RandomHorizontalFlip(0.5), new Normalize(0.5, 0.5));
            assertEquals(4, pipeline.transforms().size());
            replay(c, pipeline);
        }));
    }
}
