package dev.jtorch.autograd;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** PyTorch's AccumulateGrad layout contract: a contiguous leaf gets a contiguous grad, whatever the incoming layout. */
class GradLayoutTest {
    @Test void transposedIncomingGradIsStoredContiguous() {
        Tensor x = Torch.randn(new long[] {5, 4}, DType.FLOAT32);
        Tensor w = Torch.randn(new long[] {3, 4}, DType.FLOAT32).requiresGrad_(true);
        Tensor g = Torch.randn(new long[] {5, 3}, DType.FLOAT32);
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
