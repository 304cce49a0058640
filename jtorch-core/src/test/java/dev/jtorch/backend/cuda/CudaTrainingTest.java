package dev.jtorch.backend.cuda;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.nn.CrossEntropyLoss;
import dev.jtorch.nn.Linear;
import dev.jtorch.nn.Module;
import dev.jtorch.nn.ReLU;
import dev.jtorch.nn.Sequential;
import dev.jtorch.nn.Sigmoid;
import dev.jtorch.optim.SGD;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whole models on the GPU against the CPU: the book's chapter-4 MLP (784-256-128-10, SGD) trained on both
 * from the same initial weights, and a state dict saved by PyTorch loaded, moved to the GPU and run.
 * Skipped without a GPU; {@code -Djtorch.cuda.emulate=true} runs them on {@link EmulatedCuda}.
 */
@Tag("cuda")
class CudaTrainingTest {
    static final Device CUDA = Device.of("cuda:0");
    private static boolean emulated;

    @BeforeAll static void emulateWithoutGpu() {
        if (!Torch.cuda.isAvailable() && Boolean.getBoolean("jtorch.cuda.emulate")) {
            EmulatedCuda.install();
            emulated = true;
        }
    }

    @AfterAll static void stopEmulating() {
        if (emulated) EmulatedCuda.uninstall();
    }

    @BeforeEach void needsGpu() {
        assumeTrue(emulated || Torch.cuda.isAvailable(), "no CUDA device: " + Torch.cuda.unavailableReason());
    }

    static Module mlp() {
        return new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));
    }

    /**
     * Same weights, same batches, plain SGD (lr 0.1): the loss of every step and the final weights agree.
     * The sums run in another order on the GPU (cuBLAS, block reductions), so float32 agrees to a few ulps per
     * step, which ten steps grow to ~1e-5.
     */
    @Test void mlpTrainsOnTheGpuAsOnTheCpu() {
        Torch.manualSeed(4);
        Module cpu = mlp();
        Module gpu = mlp();
        gpu.loadStateDict(cpu.stateDict());
        gpu.to(CUDA);
        for (Tensor p : gpu.parameters()) assertTrue(p.isCuda(), "parameter not moved");
        SGD optCpu = new SGD(cpu.parameters(), 0.1), optGpu = new SGD(gpu.parameters(), 0.1);
        CrossEntropyLoss loss = new CrossEntropyLoss();

        Generator g = new Generator(11);
        List<Tensor[]> batches = new ArrayList<>();
        for (int b = 0; b < 5; b++) {
            batches.add(new Tensor[] {Torch.randn(new long[] {64, 784}, DType.FLOAT32, g),
                    Torch.randint(0, 10, new long[] {64}, DType.INT64, g)});
        }
        int step = 0;
        for (int epoch = 0; epoch < 2; epoch++) {
            for (Tensor[] batch : batches) {
                optCpu.zeroGrad();
                Tensor lc = loss.call(cpu.call(batch[0]), batch[1]);
                lc.backward();
                optCpu.step();

                optGpu.zeroGrad();
                Tensor lg = loss.call(gpu.call(batch[0].to(CUDA)), batch[1].to(CUDA));
                assertTrue(lg.isCuda(), "loss not on the GPU");
                lg.backward();
                optGpu.step();

                double a = lc.itemDouble(), b = lg.itemDouble();
                assertEquals(a, b, 2e-5 * Math.max(1, Math.abs(a)), "loss at step " + step);
                step++;
            }
        }
        Map<String, Tensor> sc = cpu.stateDict(), sg = gpu.stateDict();
        assertEquals(sc.keySet(), sg.keySet());
        for (String k : sc.keySet()) {
            Tensor w = sg.get(k);
            assertTrue(w.isCuda(), k + " not on the GPU after training");
            assertClose(sc.get(k), w.cpu(), 1e-4, 2e-5, k);
        }
    }

    /** neuralnet.pt (saved by PyTorch): loaded on the CPU, moved with {@code model.to("cuda")}, same outputs as PyTorch. */
    @Test void stateDictFromPyTorchRunsOnTheGpu() throws IOException {
        LinkedHashMap<String, Module> layers = new LinkedHashMap<>();
        layers.put("linear_1", new Linear(2, 5));
        layers.put("relu", new ReLU());
        layers.put("linear_2", new Linear(5, 1));
        layers.put("sigmoid", new Sigmoid());
        Module model = new Sequential(layers);
        model.loadStateDict(Torch.loadStateDict(resource("/ckpt/neuralnet.pt")));

        JsonObject fwd;
        try (InputStream in = getClass().getResourceAsStream("/ckpt/neuralnet_forward.json")) {
            fwd = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        JsonArray xs = fwd.getAsJsonArray("x"), ys = fwd.getAsJsonArray("y");
        float[] x = new float[xs.size() * 2];
        for (int i = 0; i < xs.size(); i++) {
            x[2 * i] = xs.get(i).getAsJsonArray().get(0).getAsFloat();
            x[2 * i + 1] = xs.get(i).getAsJsonArray().get(1).getAsFloat();
        }
        Tensor input = Torch.fromArray(x, xs.size(), 2);
        Tensor onCpu;
        try (var ng = Torch.noGrad()) {
            onCpu = model.call(input);
        }
        model.to("cuda");
        Tensor onGpu;
        try (var ng = Torch.noGrad()) {
            onGpu = model.call(input.to(CUDA));
        }
        assertTrue(onGpu.isCuda(), "output not on the GPU");
        assertArrayEquals(onCpu.shape(), onGpu.shape());
        assertClose(onCpu, onGpu.cpu(), 1e-6, 1e-7, "gpu against cpu");
        double[] got = onGpu.cpu().reshape(-1).toDoubleArray();
        for (int i = 0; i < ys.size(); i++) {
            double want = Double.parseDouble(ys.get(i).getAsString());
            assertEquals(want, got[i], 1e-6, "output " + i + " against PyTorch");
        }
    }

    /** A test resource as a file (the tests may run from a jar). */
    private static Path resource(String name) throws IOException {
        Path p = Files.createTempFile("jtorch-", name.substring(name.lastIndexOf('/') + 1));
        p.toFile().deleteOnExit();
        try (InputStream in = CudaTrainingTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing test resource " + name);
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (Math.abs(e[i] - a[i]) > atol + rtol * Math.abs(e[i])) {
                fail(what + ": element " + i + " cpu " + e[i] + " gpu " + a[i]);
            }
        }
    }
}
