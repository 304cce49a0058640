package dev.jtorch.backend.cuda;

import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.Locale;

/**
 * The GPU numbers issue 8 asks for, measured the way PyTorch users measure them: elementwise add over 64M
 * float32 (GB/s moved: two reads and a write, output allocated each time as {@code a + b} does) and float32
 * matmul at 4096 and 8192 with TF32 off and on (TFLOP/s). One line per result,
 * {@code name<TAB>value<TAB>unit}, for scripts/gpu-check.sh to tabulate.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp jtorch-core.jar
 * dev.jtorch.backend.cuda.CudaBench}
 */
public final class CudaBench {
    private CudaBench() {}

    public static void main(String[] args) {
        if (!Torch.cuda.isAvailable()) {
            System.out.println("# no CUDA: " + Torch.cuda.unavailableReason());
            System.exit(2);
        }
        Device cuda = Device.of("cuda:0");
        System.out.println("# device\t" + Torch.cuda.getDeviceName(0));
        add(cuda);
        for (int n : new int[] {4096, 8192}) matmul(cuda, n);
        System.out.printf(Locale.ROOT, "# memory reserved\t%.1f MiB%n", Torch.cuda.memoryReserved() / 1048576.0);
    }

    private static void add(Device cuda) {
        long n = 64L << 20;
        Tensor a = Torch.full(new long[] {n}, 1.0, DType.FLOAT32, cuda);
        Tensor b = Torch.full(new long[] {n}, 2.0, DType.FLOAT32, cuda);
        Tensor c = null;
        for (int i = 0; i < 5; i++) c = a.add(b);
        Torch.cuda.synchronize();
        if (c.getDouble(n - 1) != 3.0) throw new AssertionError("add gave " + c.getDouble(n - 1));
        int iters = 50;
        long t0 = System.nanoTime();
        for (int i = 0; i < iters; i++) c = a.add(b);
        Torch.cuda.synchronize();
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "add_64M_f32\t%.1f\tGB/s%n", 3.0 * 4 * n * iters / s / 1e9);
        System.out.printf(Locale.ROOT, "add_64M_f32_time\t%.1f\tus%n", s / iters * 1e6);
    }

    private static void matmul(Device cuda, int n) {
        Tensor a = Torch.randn(new long[] {n, n}, DType.FLOAT32, null, cuda);
        Tensor b = Torch.randn(new long[] {n, n}, DType.FLOAT32, null, cuda);
        // one element checked against a float64 dot product on the host
        double[] row = a.select(0, 7).toDoubleArray(), col = b.select(1, 11).toDoubleArray();
        double dot = 0;
        for (int k = 0; k < n; k++) dot += row[k] * col[k];
        for (boolean tf32 : new boolean[] {false, true}) {
            Torch.backends.cuda.matmul.allowTf32(tf32);
            try {
                Tensor c = a.matmul(b);
                Torch.cuda.synchronize();
                double got = c.get(7, 11).itemDouble();
                if (Math.abs(got - dot) > (tf32 ? 0.05 : 1e-3) * Math.sqrt(n)) {
                    throw new AssertionError("matmul " + n + " element (7, 11): " + got + ", expected " + dot);
                }
                int iters = n >= 8192 ? 10 : 30;
                long t0 = System.nanoTime();
                for (int i = 0; i < iters; i++) c = a.matmul(b);
                Torch.cuda.synchronize();
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "sgemm_%d_%s\t%.1f\tTFLOP/s%n", n, tf32 ? "tf32" : "fp32", 2.0 * n * n * n * iters / s / 1e12);
            } finally {
                Torch.backends.cuda.matmul.allowTf32(false);
            }
        }
    }
}
