package dev.jtorch.examples.book;

import dev.jtorch.Tensor;
import dev.jtorch.data.datasets.FashionMNIST;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jtorch.Torch.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The chapter 3-6 networks print what their PyTorch scripts printed (conformance/book/record.sh): the
 * chapter-3 program whole, the Fashion-MNIST ones for one epoch of 6 batches with every batch's loss and
 * the accuracy on 200 test images. Initialisation, shuffling, flips and dropout draw PyTorch's numbers, so
 * the runs follow PyTorch's step by step; the sums are ordered differently, so numbers agree to float
 * rounding: relative 1e-4 (Adam, 40 steps on: the autoencoder's codes differ by 1e-4; most numbers agree far closer), or one unit of the last digit where the program prints few digits.
 */
class BookTrainingTest {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?(e[-+]?\\d+)?");

    static void assertSameOutput(String name, String want, String got) {
        List<String> w = want.lines().toList(), g = got.lines().toList();
        assertEquals(w.size(), g.size(), name + ": number of lines\n" + got);
        for (int i = 0; i < w.size(); i++) {
            String wl = w.get(i), gl = g.get(i);
            assertEquals(NUMBER.matcher(wl).replaceAll("#"), NUMBER.matcher(gl).replaceAll("#"), name + " line " + (i + 1));
            Matcher wm = NUMBER.matcher(wl), gm = NUMBER.matcher(gl);
            while (wm.find() && gm.find()) {
                double wv = Double.parseDouble(wm.group()), gv = Double.parseDouble(gm.group());
                int decimals = wm.group(1) == null || wm.group(2) != null ? 0 : wm.group(1).length() - 1;
                double lastDigit = decimals == 0 ? 0 : Math.pow(10, -decimals) * 1.01;
                assertEquals(wv, gv, Math.max(1e-4 * Math.abs(wv), lastDigit), name + " line " + (i + 1) + ": " + gl);
            }
        }
    }

    static String expected(String name) throws IOException {
        return BookProgramsTest.expected(name);
    }

    @Test
    void basicNeuralNetworkTrainsSavesAndLoadsAsPyTorch(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.pt");
        String got = BookProgramsTest.run(Examples.all().get("basic_neural_network").program(), model.toString());
        assertSameOutput("basic_neural_network", expected("basic_neural_network"), got);
        assertTrue(Files.size(model) > 0);
    }

    /** The model.pt that PyTorch wrote for the same program loads into the Java network and answers alike. */
    @Test
    void pytorchsModelPtLoadsIntoTheJavaNetwork(@TempDir Path dir) throws Exception {
        Path pt = dir.resolve("model.pt");
        try (InputStream in = BookTrainingTest.class.getResourceAsStream("/book/basic_neural_network_model.pt")) {
            Files.copy(in, pt);
        }
        var net = new BasicNeuralNetwork.NeuralNet(2, 5);
        net.loadStateDict(dev.jtorch.Torch.loadStateDict(pt));
        net.eval();
        double p = net.call(tensor(-1f, 1f)).itemDouble();
        String last = expected("basic_neural_network").lines().reduce((a, b) -> b).orElseThrow();
        double want = Double.parseDouble(last.substring(last.lastIndexOf(' ') + 1));
        assertEquals(want, p, 2e-7, "same weights: the same probability to float32 rounding");
    }

    @ParameterizedTest
    @ValueSource(strings = {"neural_network", "overfitting_and_regularization", "cnn", "basic_autoencoder"})
    void fashionMnistRunsFollowPyTorch(String name) throws Exception {
        Path root = Path.of(FashionMNIST.DEFAULT_ROOT);
        assumeTrue(Files.exists(root.resolve("train-images-idx3-ubyte.gz")) || Files.exists(root.resolve("train-images-idx3-ubyte")),
                "Fashion-MNIST is not in " + root + " (Debian/Ubuntu: apt-get install dataset-fashion-mnist)");
        String got = BookProgramsTest.run(Examples.all().get(name).program(), "1", "40", "200", "1");
        assertSameOutput(name, expected(name), got);
        List<Double> losses = new ArrayList<>();
        Matcher m = Pattern.compile("batch \\d+ loss (\\S+)").matcher(got);
        while (m.find()) losses.add(Double.parseDouble(m.group(1)));
        assertEquals(40, losses.size(), got);
        double first = losses.subList(0, 10).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(30, 40).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < first, "the mean loss of batches 30-39 is below that of batches 0-9: " + losses);
    }
}
