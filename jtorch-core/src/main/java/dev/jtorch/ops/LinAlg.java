package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.autograd.GradMode;
import dev.jtorch.autograd.Graph;
import dev.jtorch.internal.Shapes;

/** Matrix products. Every rank case of {@code torch.matmul} reduces to one batched kernel call. */
public final class LinAlg {
    private LinAlg() {}

    public static Tensor mm(Tensor a, Tensor b) {
        if (a.dim() != 2) throw new IllegalArgumentException("self must be a matrix");
        if (b.dim() != 2) throw new IllegalArgumentException("mat2 must be a matrix");
        if (a.shapeRef()[1] != b.shapeRef()[0]) {
            throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + a.shapeRef()[0] + "x" + a.shapeRef()[1]
                    + " and " + b.shapeRef()[0] + "x" + b.shapeRef()[1] + ")");
        }
        checkDtypes(a, b);
        Tensor out = bmmRaw(a.detach().unsqueeze(0), b.detach().unsqueeze(0)).squeeze(0);
        out = new Tensor(out.storage(), out.shapeRef(), out.stridesRef(), out.storageOffset(), out.dtype());
        if (Graph.needsGrad(a, b)) {
            // only the gradients that flow somewhere: a linear layer's input batch needs none, and its product
            // would be as large as the forward one
            boolean ga = a.requiresGrad(), gb = b.requiresGrad();
            Graph.record("MmBackward0", out, new Tensor[] {a, b}, new Tensor[] {a, b}, g -> new Tensor[] {
                    ga ? g[0].mm(b.t()) : null, gb ? mat2Grad(a, b, g[0]) : null});
        }
        return out;
    }

    /**
     * a^T @ g; for a transposed matrix b (a linear layer's W^T) as (g^T @ a)^T, whose transpose is contiguous, so
     * W's gradient is written in W's layout and not transposed again when it is accumulated. Each element
     * sums the same products in the same order either way.
     */
    private static Tensor mat2Grad(Tensor a, Tensor b, Tensor g) {
        long[] s = b.shapeRef(), st = b.stridesRef();
        if (s[0] > 1 && s[1] > 1 && st[0] == 1 && st[1] == s[0]) return g.t().mm(a).t();
        return a.t().mm(g);
    }

    private static void checkDtypes(Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("expected scalar type " + InPlace.scalarTypeName(a.dtype())
                    + " but found " + InPlace.scalarTypeName(b.dtype()));
        }
        if (a.dtype() == DType.BOOL) throw new IllegalArgumentException("\"addmm_impl_cpu_\" not implemented for 'Bool'");
    }

    /** [B,M,K] x [B,K,N] without autograd. */
    static Tensor bmmRaw(Tensor a, Tensor b) {
        long[] as = a.shapeRef(), bs = b.shapeRef();
        Tensor out = Tensor.allocate(new long[] {as[0], as[1], bs[2]}, a.dtype(), a.device());
        Elementwise.backend(a).matmul(a, b, out);
        return out;
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        int da = a.dim(), db = b.dim();
        if (da == 0 || db == 0) {
            throw new IllegalArgumentException("both arguments to matmul need to be at least 1D, but they are " + da + "D and " + db + "D");
        }
        if (da == 1 && db == 1) {
            if (a.shapeRef()[0] != b.shapeRef()[0]) {
                throw new IllegalArgumentException("inconsistent tensor size, expected tensor [" + a.shapeRef()[0]
                        + "] and src [" + b.shapeRef()[0] + "] to have the same number of elements, but got "
                        + a.shapeRef()[0] + " and " + b.shapeRef()[0] + " elements respectively");
            }
            Tensor out;
            try (var ng = GradMode.set(false)) {
                out = a.mul(b).sum();
            }
            if (Graph.needsGrad(a, b)) {
                Graph.record("DotBackward0", out, new Tensor[] {a, b},
                        new Tensor[] {b.requiresGrad() ? a : null, a.requiresGrad() ? b : null},
                        g -> new Tensor[] {g[0].mul(b), g[0].mul(a)});
            }
            return out;
        }
        if (da == 2 && db == 1) {
            Tensor out;
            try (var ng = GradMode.set(false)) {
                out = mm(a, b.unsqueeze(1)).squeeze(1);
            }
            if (Graph.needsGrad(a, b)) {
                Graph.record("MvBackward0", out, new Tensor[] {a, b},
                        new Tensor[] {b.requiresGrad() ? a : null, a.requiresGrad() ? b : null},
                        g -> new Tensor[] {g[0].unsqueeze(1).mul(b.unsqueeze(0)), a.t().matmul(g[0])});
            }
            return out;
        }
        if (da == 1 && db == 2) return mm(a.unsqueeze(0), b).squeeze(0);
        if (da == 2 && db == 2) return mm(a, b);
        // batched: broadcast the batch dims, then fold them into one
        Tensor a2 = da == 1 ? a.unsqueeze(0) : a;
        Tensor b2 = db == 1 ? b.unsqueeze(1) : b;
        long[] sa = a2.shapeRef(), sb = b2.shapeRef();
        long m = sa[sa.length - 2], k = sa[sa.length - 1], k2 = sb[sb.length - 2], n = sb[sb.length - 1];
        if (k != k2) {
            throw new IllegalArgumentException("Expected size for first two dimensions of batch2 tensor to be: [" + "..., " + k
                    + "] but got: [..., " + k2 + "].");
        }
        long[] batchA = java.util.Arrays.copyOf(sa, sa.length - 2), batchB = java.util.Arrays.copyOf(sb, sb.length - 2);
        long[] batch = Shapes.broadcast(batchA, batchB);
        long nb = Shapes.numel(batch);
        Tensor ea = a2.expand(concat(batch, m, k)).reshape(nb, m, k);
        Tensor eb = b2.expand(concat(batch, k, n)).reshape(nb, k, n);
        Tensor out = bmm(ea, eb).view(concat(batch, m, n));
        if (da == 1) out = out.squeeze(-2);
        if (db == 1) out = out.squeeze(-1);
        return out;
    }

    public static Tensor bmm(Tensor a, Tensor b) {
        if (a.dim() != 3) throw new IllegalArgumentException("batch1 must be a 3D tensor");
        if (b.dim() != 3) throw new IllegalArgumentException("batch2 must be a 3D tensor");
        long[] sa = a.shapeRef(), sb = b.shapeRef();
        if (sa[0] != sb[0] || sa[2] != sb[1]) {
            throw new IllegalArgumentException("Expected size for first two dimensions of batch2 tensor to be: [" + sa[0] + ", "
                    + sa[2] + "] but got: [" + sb[0] + ", " + sb[1] + "].");
        }
        checkDtypes(a, b);
        Tensor out = bmmRaw(a, b);
        if (Graph.needsGrad(a, b)) {
            Graph.record("BmmBackward0", out, new Tensor[] {a, b}, new Tensor[] {a, b}, g -> new Tensor[] {
                    bmm(g[0], b.transpose(1, 2)), bmm(a.transpose(1, 2), g[0])});
        }
        return out;
    }

    private static long[] concat(long[] batch, long x, long y) {
        long[] r = java.util.Arrays.copyOf(batch, batch.length + 2);
        r[batch.length] = x;
        r[batch.length + 1] = y;
        return r;
    }
}
