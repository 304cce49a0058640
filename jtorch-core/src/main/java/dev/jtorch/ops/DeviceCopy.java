package dev.jtorch.ops;

import dev.jtorch.Device;
import dev.jtorch.Tensor;
import dev.jtorch.autograd.Graph;
import dev.jtorch.backend.Backend;
import dev.jtorch.backend.cuda.Cuda;

/** {@code tensor.to(device)}: a copy onto another device that gradients flow back through. */
public final class DeviceCopy {
    private DeviceCopy() {}

    /** "cuda" means cuda:0, as in PyTorch, so tensors made with either compare equal. */
    public static Device resolve(Device d) {
        return d.type() == Device.Type.CUDA ? Cuda.resolve(d) : d;
    }

    public static Tensor to(Tensor t, Device target) {
        Device d = resolve(target);
        Device from = t.device();
        if (from.equals(d)) return t;
        Tensor out;
        if (from.type() == Device.Type.CUDA && d.type() == Device.Type.CUDA) {
            // between two GPUs through the host: jtorch keeps no peer-to-peer state
            out = to(to(t.detach(), Device.CPU), d);
        } else {
            out = Tensor.allocate(t.shapeRef(), t.dtype(), d);
            // the GPU side's backend moves the bytes in either direction
            Backend.of(d.type() == Device.Type.CUDA ? d : from).copy(t, out);
        }
        if (Graph.needsGrad(t)) {
            Graph.record("ToCopyBackward0", out, new Tensor[] {t}, null, g -> new Tensor[] {to(g[0], from)});
        }
        return out;
    }
}
