package dev.jtorch;

/** Formats tensors as PyTorch's {@code repr} does. */
final class TensorFormatter {
    private TensorFormatter() {}

    static String repr(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        sb.append(t.tolist());
        if (t.dtype() != Torch.getDefaultDtype() && t.dtype() != DType.INT64 && t.dtype() != DType.BOOL) {
            sb.append(", dtype=").append(t.dtype());
        }
        return sb.append(')').toString();
    }
}
