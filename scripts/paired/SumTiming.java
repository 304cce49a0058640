import dev.jtorch.Tensor;
import dev.jtorch.Torch;

/** Median time of x.sum() over N float32 values (7 rounds after warm-up): one side of scripts/paired_sum.sh. */
public class SumTiming {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        Tensor x = Torch.rand(n);
        for (int i = 0; i < 200; i++) x.sum();
        double[] us = new double[7];
        for (int r = 0; r < us.length; r++) {
            int reps = n > 2_000_000 ? 300 : 5000;
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) x.sum();
            us[r] = (System.nanoTime() - t0) / 1e3 / reps;
        }
        java.util.Arrays.sort(us);
        System.out.printf("%.1f%n", us[us.length / 2]);
    }
}
