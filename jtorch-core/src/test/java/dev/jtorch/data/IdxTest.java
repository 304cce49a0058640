package dev.jtorch.data;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jtorch.Tensor;
import dev.jtorch.data.datasets.FashionMNIST;
import dev.jtorch.data.datasets.Idx;
import dev.jtorch.data.datasets.IdxFormatException;
import dev.jtorch.data.datasets.MNIST;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The idx reader on small files written by conformance/gen_data.py (numpy), good and corrupt. */
class IdxTest {
    private static Path dir() {
        try {
            return Path.of(IdxTest.class.getResource("/idx/manifest.jsonl").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new RuntimeException(e);
        }
    }

    private static List<JsonObject> manifest() {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Golden.text("/idx/manifest.jsonl").split("\n")) {
            if (!line.isBlank()) out.add(JsonParser.parseString(line).getAsJsonObject());
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> files() {
        return manifest().stream().map(m -> DynamicTest.dynamicTest(m.get("file").getAsString(), () -> {
            Path file = dir().resolve(m.get("file").getAsString());
            if (m.get("ok").getAsBoolean()) {
                Tensor t = Idx.read(file);
                JsonObject want = new JsonObject();
                want.add("dtype", m.get("dtype"));
                want.add("shape", m.get("shape"));
                want.add("values", m.get("values"));
                Golden.assertTensor(want, t, file.toString());
            } else {
                IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.read(file));
                assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
                assertTrue(e.getMessage().contains(m.get("message").getAsString()),
                        "expected '" + m.get("message").getAsString() + "' in: " + e.getMessage());
            }
        }));
    }

    /** A folder holding the four MNIST files, built from the small committed idx files. */
    private static Path fakeMnist(Path folder, String images, String labels, boolean gz) throws IOException {
        String suffix = gz ? ".gz" : "";
        Files.copy(dir().resolve(images), folder.resolve("t10k-images-idx3-ubyte" + suffix), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir().resolve(labels), folder.resolve("t10k-labels-idx1-ubyte" + suffix), StandardCopyOption.REPLACE_EXISTING);
        return folder;
    }

    @Test
    void mnistFromFolder(@TempDir Path tmp) throws IOException {
        // 2 images of 3x4 and 5 labels: the counts disagree
        fakeMnist(tmp, "images_u8.idx", "labels_u8", false);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new MNIST(tmp, false));
        assertTrue(e.getMessage().contains("holds 2 images but"), e.getMessage());
    }

    @Test
    void mnistReadsGzippedFilesInTorchvisionLayout(@TempDir Path tmp) throws IOException {
        Path raw = Files.createDirectories(tmp.resolve("MNIST").resolve("raw"));
        Files.copy(dir().resolve("images_u8.idx.gz"), raw.resolve("t10k-images-idx3-ubyte.gz"));
        // two labels 3 and 9 as a fresh idx1 file
        Files.write(raw.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 3, 9});
        MNIST ds = new MNIST(tmp, false);
        assertEquals(2, ds.size());
        Tensor expected = Idx.read(dir().resolve("images_u8.idx"));
        List<Object> item = ds.get(1);
        assertEquals(9, item.get(1));
        Tensor img = (Tensor) item.get(0);
        assertEquals(List.of(3L, 4L), List.of(img.size(0), img.size(1)));
        assertEquals(List.of(3L, 9L), List.of(ds.targets().toLongArray()[0], ds.targets().toLongArray()[1]));
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.select(0, 1).toLongArray(), img.toLongArray());
        assertEquals(item.get(1), ds.get(-1).get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.get(2));
    }

    @Test
    void missingFilesSayHowToGetThem(@TempDir Path tmp) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new FashionMNIST(tmp, true));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        assertInstanceOf(java.nio.file.NoSuchFileException.class, e.getCause());
        UncheckedIOException m = assertThrows(UncheckedIOException.class, () -> new MNIST(tmp, false));
        assertTrue(m.getMessage().contains("t10k-images-idx3-ubyte"), m.getMessage());
    }

    @Test
    void corruptFileInDatasetNamesIt(@TempDir Path tmp) throws IOException {
        fakeMnist(tmp, "truncated.idx", "labels_u8", false);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new MNIST(tmp, false));
        assertInstanceOf(IdxFormatException.class, e.getCause());
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte") && e.getMessage().contains("truncated"), e.getMessage());
    }
}
