package dev.jtorch.autograd;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** PyTorch's AccumulateGrad layout contract: a contiguous leaf gets a contiguous grad, whatever the incoming layout. */
class GradLayoutTest {
    @Test void transposedIncomingGradIsStoredContiguous() {
        check(5, 4, 3, DType.FLOAT32);
        check(7, 70, 45, DType.FLOAT32); // several 32 x 32 tiles of the in-place transposed add, with ragged edges
        check(7, 70, 45, DType.FLOAT64);
    }

    private static void check(long batch, long in, long out, DType dt) {
        Tensor x = Torch.randn(new long[] {batch, in}, dt);
        Tensor w = Torch.randn(new long[] {out, in}, dt).requiresGrad_(true);
        Tensor g = Torch.randn(new long[] {batch, out}, dt);
        x.mm(w.t()).backward(g); // the weight's gradient arrives as (x^T g)^T, a transposed view
        assertTrue(w.grad().isContiguous());
        assertTrue(w.grad().allclose(g.t().mm(x), 1e-5, 1e-6, false));
        x.mm(w.t()).backward(g); // accumulated in place, still contiguous
        assertTrue(w.grad().isContiguous());
        assertTrue(w.grad().allclose(g.t().mm(x).mul(2.0), 1e-5, 1e-6, false));
        w.grad().zero_();
        assertTrue(w.grad().abs().sum().itemDouble() == 0.0);
    }
}
