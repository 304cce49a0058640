package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.Graph;
import dev.jtorch.internal.Shapes;

import java.util.List;

/**
 * Matrix functions built on {@link Dense}: slogdet, pinv, matrix norms, matrix powers, cross products
 * and multi_dot. Compositions of differentiable ops except slogdet, which has its own gradient.
 */
public final class Dense2 {
    private Dense2() {}

    /** {@code torch.linalg.slogdet}: [sign, log|det|]. */
    public static Tensor[] slogdet(Tensor a) {
        Dense.checkSquare(a, "linalg.slogdet");
        Dense.checkFloat(a, "linalg.slogdet");
        int n = (int) a.shapeRef()[a.dim() - 1];
        double[][] ms = Dense.matrices(a);
        double[][] signs = new double[ms.length][1], logs = new double[ms.length][1];
        for (int b = 0; b < ms.length; b++) {
            int[] piv = new int[n];
            int sign = Dense.lu(ms[b], n, piv);
            double s = sign, l = 0;
            for (int i = 0; i < n; i++) {
                double d = ms[b][i * n + i];
                if (d < 0) s = -s;
                l += Math.log(Math.abs(d));
            }
            signs[b][0] = sign == 0 ? 0 : s;
            logs[b][0] = sign == 0 ? Double.NEGATIVE_INFINITY : l;
        }
        Tensor sign = Dense.fromMatrices(signs, Dense.batchShape(a), a);
        Tensor logabs = Dense.fromMatrices(logs, Dense.batchShape(a), a);
        if (Graph.needsGrad(a)) {
            Graph.recordMulti("LinalgSlogdetBackward0", new Tensor[] {sign, logabs}, new Tensor[] {a}, null, g -> {
                Tensor gl = g[1] != null ? g[1] : Torch.zerosLike(logabs);
                // d log|det A| / dA = A^-T
                return new Tensor[] {gl.unsqueeze(-1).unsqueeze(-1).mul(Dense.inv(a).mT())};
            });
        }
        return new Tensor[] {sign, logabs};
    }

    /** The Moore-Penrose pseudo-inverse through the SVD, singular values below rtol * max(s) dropped. */
    public static Tensor pinv(Tensor a, Double rtolArg) {
        Dense.checkFloat(a, "linalg.pinv");
        long m = a.shapeRef()[a.dim() - 2], n = a.shapeRef()[a.dim() - 1];
        double eps = a.dtype() == DType.FLOAT32 ? Math.ulp(1.0f) : Math.ulp(1.0);
        double rtol = rtolArg != null ? rtolArg : eps * Math.max(m, n);
        Tensor[] usv = Dense.svd(a);
        Tensor s = usv[1];
        Tensor smax = Reductions2.amax(s.detach(), new long[] {-1}, true, true);
        Tensor keep = s.detach().gt(smax.mul(rtol));
        Tensor sinv = Torch.where(keep, s.reciprocal(), Torch.zerosLike(s));
        return usv[2].mT().mul(sinv.unsqueeze(-2)).matmul(usv[0].mT());
    }

    /** {@code torch.linalg.matrix_norm(A, ord)}: "fro", "nuc", or +-1, +-2, +-inf over the last two dims. */
    public static Tensor matrixNorm(Tensor a, String ord, boolean keepdim) {
        Dense.checkFloat(a, "linalg.matrix_norm");
        if (a.dim() < 2) {
            throw new IllegalArgumentException("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.");
        }
        long[] last2 = {-2, -1};
        Tensor out = switch (ord) {
            case "fro" -> Reductions2.vectorNorm(a, 2, last2, keepdim, null);
            case "nuc" -> Reductions.sum(Dense.svd(a)[1], new long[] {-1}, false, null);
            default -> throw new IllegalArgumentException("linalg.matrix_norm: Order " + ord + " not supported.");
        };
        if (ord.equals("nuc") && keepdim) out = out.unsqueeze(-1).unsqueeze(-1);
        return out;
    }

    public static Tensor matrixNorm(Tensor a, double ord, boolean keepdim) {
        Dense.checkFloat(a, "linalg.matrix_norm");
        if (a.dim() < 2) {
            throw new IllegalArgumentException("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.");
        }
        Tensor out;
        if (Math.abs(ord) == 2) {
            Tensor s = Dense.svd(a)[1];
            out = ord > 0 ? Reductions2.amax(s, new long[] {-1}, false, true) : Reductions2.amax(s, new long[] {-1}, false, false);
            if (keepdim) out = out.unsqueeze(-1).unsqueeze(-1);
            return out;
        }
        // 1-norms take column sums (dim -2), inf-norms row sums (dim -1)
        long sumDim, redDim;
        if (Math.abs(ord) == 1) { sumDim = -2; redDim = -1; }
        else if (Double.isInfinite(ord)) { sumDim = -1; redDim = -2; }
        else throw new IllegalArgumentException("linalg.matrix_norm: Order " + BinaryOps.fmt(ord) + " not supported.");
        Tensor sums = Reductions.sum(a.abs(), new long[] {sumDim}, true, null);
        out = Reductions2.amax(sums, new long[] {redDim}, true, ord > 0);
        return keepdim ? out : out.squeeze(-1).squeeze(-1);
    }

    public static Tensor matrixPower(Tensor a, long k) {
        Dense.checkSquare(a, "linalg.matrix_power");
        if (k == 0) {
            long n = a.shapeRef()[a.dim() - 1];
            Tensor eye = Torch.eye(n, n, a.dtype()).to(a.device()).expand(a.shapeRef()).contiguous();
            if (Graph.needsGrad(a)) {
                Graph.record("LinalgMatrixPowerBackward0", eye, new Tensor[] {a}, null, g -> new Tensor[] {Torch.zerosLike(a)});
            }
            return eye;
        }
        Tensor base = k < 0 ? Dense.inv(a) : a;
        long e = Math.abs(k);
        Tensor result = null;
        while (e > 0) {
            if ((e & 1) == 1) result = result == null ? base : result.matmul(base);
            e >>= 1;
            if (e > 0) base = base.matmul(base);
        }
        return result == a ? a.clone() : result;
    }

    /** {@code torch.linalg.cross(a, b, dim)}: 3-vectors along dim, broadcast. */
    public static Tensor cross(Tensor a, Tensor b, long dimArg) {
        long[] shape = Shapes.broadcast(a.shapeRef(), b.shapeRef());
        int dim = Shapes.wrapDim(dimArg, shape.length);
        if (a.dim() != b.dim()) {
            throw new IllegalArgumentException("linalg.cross: inputs must have the same number of dimensions.");
        }
        if (a.shapeRef()[dim] != 3 || b.shapeRef()[dim] != 3) {
            throw new IllegalArgumentException("linalg.cross: inputs dimension " + dimArg + " must have length 3. Got "
                    + a.shapeRef()[dim] + " and " + b.shapeRef()[dim]);
        }
        Tensor a0 = a.select(dim, 0), a1 = a.select(dim, 1), a2 = a.select(dim, 2);
        Tensor b0 = b.select(dim, 0), b1 = b.select(dim, 1), b2 = b.select(dim, 2);
        return Joins.stack(List.of(a1.mul(b2).sub(a2.mul(b1)), a2.mul(b0).sub(a0.mul(b2)), a0.mul(b1).sub(a1.mul(b0))), dim);
    }

    /** {@code torch.linalg.multi_dot}: a chain of matmuls, the first and last operands may be vectors. */
    public static Tensor multiDot(List<Tensor> ts) {
        if (ts.size() < 2) throw new IllegalArgumentException("multi_dot(): expected at least 2 tensors but got " + ts.size());
        Tensor r = ts.get(0);
        for (int i = 1; i < ts.size(); i++) r = LinAlg.matmul(r, ts.get(i));
        return r;
    }
}
