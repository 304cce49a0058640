package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.Graph;

/**
 * Dense linear algebra on (batches of) square or rectangular float32/float64 matrices: determinant, inverse,
 * solve, Cholesky, QR, symmetric eigendecomposition and SVD. The factorizations run in double on
 * Java arrays per matrix (LU with partial pivoting, Householder QR, cyclic Jacobi for eigh and one-sided
 * Jacobi for SVD); results are rounded to the input dtype.
 */
public final class Dense {
    private Dense() {}

    static void checkFloat(Tensor a, String op) {
        if (a.dtype() != DType.FLOAT32 && a.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException(op + ": Expected a floating point or complex tensor as input. Got "
                    + InPlace.scalarTypeName(a.dtype()));
        }
    }

    static void checkSquare(Tensor a, String op) {
        if (a.dim() < 2) {
            throw new IllegalArgumentException(op + ": The input tensor A must have at least 2 dimensions.");
        }
        long n = a.shapeRef()[a.dim() - 1], m = a.shapeRef()[a.dim() - 2];
        if (n != m) {
            throw new IllegalArgumentException(op + ": A must be batches of square matrices, but they are " + m + " by " + n
                    + " matrices");
        }
    }

    /** The matrices of a [..., m, n] tensor as double[m*n] arrays (row-major), one per batch element. */
    static double[][] matrices(Tensor a) {
        long m = a.shapeRef()[a.dim() - 2], n = a.shapeRef()[a.dim() - 1];
        Tensor c = a.detach().to(DType.FLOAT64).contiguous();
        double[] all = c.toDoubleArray();
        int count = (int) batch(a);
        double[][] out = new double[count][];
        for (int b = 0; b < count; b++) out[b] = java.util.Arrays.copyOfRange(all, (int) (b * m * n), (int) ((b + 1) * m * n));
        return out;
    }

    static long batch(Tensor a) {
        long b = 1;
        for (int i = 0; i < a.dim() - 2; i++) b *= a.shapeRef()[i];
        return b;
    }

    /** The matrices as a tensor of {@code like}'s dtype on its device (computed on the host for every device). */
    static Tensor fromMatrices(double[][] ms, long[] shape, Tensor like) {
        return fromMatrices(ms, shape, like.dtype()).to(like.device());
    }

    static Tensor fromMatrices(double[][] ms, long[] shape, DType t) {
        int per = ms.length == 0 ? 0 : ms[0].length;
        double[] all = new double[ms.length * per];
        for (int b = 0; b < ms.length; b++) System.arraycopy(ms[b], 0, all, b * per, per);
        return Torch.fromArray(all).to(t).reshape(shape).clone();
    }

    static long[] batchShape(Tensor a, long... tail) {
        long[] s = java.util.Arrays.copyOf(a.shapeRef(), a.dim() - 2 + tail.length);
        System.arraycopy(tail, 0, s, a.dim() - 2, tail.length);
        return s;
    }

    // ------------------------------------------------------------------ LU: det, inv, solve

    /** In-place LU with partial pivoting of an n x n row-major matrix; returns the permutation sign, 0 if singular. */
    static int lu(double[] a, int n, int[] piv) {
        int sign = 1;
        for (int i = 0; i < n; i++) piv[i] = i;
        for (int k = 0; k < n; k++) {
            int p = k;
            double best = Math.abs(a[k * n + k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(a[i * n + k]);
                if (v > best) { best = v; p = i; }
            }
            if (best == 0) { sign = 0; continue; }
            if (p != k) {
                for (int j = 0; j < n; j++) { double t = a[k * n + j]; a[k * n + j] = a[p * n + j]; a[p * n + j] = t; }
                int t = piv[k]; piv[k] = piv[p]; piv[p] = t;
                sign = -sign;
            }
            for (int i = k + 1; i < n; i++) {
                double f = a[i * n + k] / a[k * n + k];
                a[i * n + k] = f;
                for (int j = k + 1; j < n; j++) a[i * n + j] -= f * a[k * n + j];
            }
        }
        return sign;
    }

    public static Tensor det(Tensor a) {
        checkSquare(a, "linalg.det");
        checkFloat(a, "linalg.det");
        int n = (int) a.shapeRef()[a.dim() - 1];
        double[][] ms = matrices(a);
        double[][] out = new double[ms.length][1];
        for (int b = 0; b < ms.length; b++) {
            int[] piv = new int[n];
            int sign = lu(ms[b], n, piv);
            double d = sign;
            for (int i = 0; i < n; i++) d *= ms[b][i * n + i];
            out[b][0] = sign == 0 ? 0.0 : d;
        }
        Tensor res = fromMatrices(out, batchShape(a), a);
        if (Graph.needsGrad(a)) {
            Tensor r = res.detach();
            Graph.record("LinalgDetBackward0", res, new Tensor[] {a}, new Tensor[] {a}, g -> new Tensor[] {
                    g[0].mul(r).unsqueeze(-1).unsqueeze(-1).mul(inv(a).mT())});
        }
        return res;
    }

    /** Solves A X = B for each batch matrix by LU; throws PyTorch's singular-matrix error. */
    static double[] solveOne(double[] a, double[] bm, int n, int k, String op, String what) {
        int[] piv = new int[n];
        double[] lu = a.clone();
        lu(lu, n, piv);
        for (int i = 0; i < n; i++) {
            if (lu[i * n + i] == 0) {
                if (what.equals("solve")) {
                    throw new IllegalArgumentException("torch.linalg.solve: The solver failed because the input matrix is singular.");
                }
                throw new IllegalArgumentException(op + ": The diagonal element " + (i + 1) + " is zero, the " + what
                        + " could not be completed because the input matrix is singular.");
            }
        }
        double[] x = new double[n * k];
        for (int c = 0; c < k; c++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double s = bm[piv[i] * k + c];
                for (int j = 0; j < i; j++) s -= lu[i * n + j] * y[j];
                y[i] = s;
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i];
                for (int j = i + 1; j < n; j++) s -= lu[i * n + j] * x[j * k + c];
                x[i * k + c] = s / lu[i * n + i];
            }
        }
        return x;
    }

    public static Tensor inv(Tensor a) {
        checkSquare(a, "linalg.inv");
        checkFloat(a, "linalg.inv");
        int n = (int) a.shapeRef()[a.dim() - 1];
        double[][] ms = matrices(a);
        double[] eye = new double[n * n];
        for (int i = 0; i < n; i++) eye[i * n + i] = 1;
        double[][] out = new double[ms.length][];
        for (int b = 0; b < ms.length; b++) out[b] = solveOne(ms[b], eye, n, n, "linalg.inv", "inversion");
        Tensor res = fromMatrices(out, a.shapeRef(), a);
        if (Graph.needsGrad(a)) {
            Tensor r = res.detach();
            Graph.record("LinalgInvExBackward0", res, new Tensor[] {a}, null, g -> new Tensor[] {
                    r.mT().matmul(g[0]).matmul(r.mT()).neg()});
        }
        return res;
    }

    /** {@code torch.linalg.solve(A, B)}: B is a matrix batch [..., n, k] or a vector [..., n]. */
    public static Tensor solve(Tensor a, Tensor b) {
        checkSquare(a, "linalg.solve");
        checkFloat(a, "linalg.solve");
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("linalg.solve: Expected A and B to have the same dtype, but found A of type "
                    + InPlace.scalarTypeName(a.dtype()) + " and B of type " + InPlace.scalarTypeName(b.dtype()) + " instead");
        }
        boolean vector = b.dim() == 1 || (b.dim() == a.dim() - 1 && java.util.Arrays.equals(
                java.util.Arrays.copyOf(b.shapeRef(), b.dim() - 1), java.util.Arrays.copyOf(a.shapeRef(), a.dim() - 2)));
        Tensor bm = vector ? b.unsqueeze(-1) : b;
        long[] bs = dev.jtorch.internal.Shapes.broadcast(java.util.Arrays.copyOf(a.shapeRef(), a.dim() - 2),
                java.util.Arrays.copyOf(bm.shapeRef(), bm.dim() - 2));
        int n = (int) a.shapeRef()[a.dim() - 1], k = (int) bm.shapeRef()[bm.dim() - 1];
        if (bm.shapeRef()[bm.dim() - 2] != n) {
            throw new IllegalArgumentException("linalg.solve: Incompatible shapes of A and B for the equation AX = B ("
                    + n + "x" + n + " and " + bm.shapeRef()[bm.dim() - 2] + "x" + k + ")");
        }
        long[] as = java.util.Arrays.copyOf(bs, bs.length + 2), xs = java.util.Arrays.copyOf(bs, bs.length + 2);
        as[bs.length] = n; as[bs.length + 1] = n;
        xs[bs.length] = n; xs[bs.length + 1] = k;
        Tensor ae = a.expand(as), be = bm.expand(xs);
        double[][] ma = matrices(ae), mb = matrices(be);
        double[][] out = new double[ma.length][];
        for (int i = 0; i < ma.length; i++) out[i] = solveOne(ma[i], mb[i], n, k, "linalg.solve", "solve");
        Tensor x = fromMatrices(out, xs, a);
        if (Graph.needsGrad(a, b)) {
            Tensor xd = x.detach();
            Graph.record("LinalgSolveExBackward0", x, new Tensor[] {ae, be}, null, g -> {
                Tensor gb = solve(ae.mT(), g[0]);
                return new Tensor[] {gb.matmul(xd.mT()).neg(), gb};
            });
        }
        return vector ? x.squeeze(-1) : x;
    }

    // ------------------------------------------------------------------ Cholesky and QR

    public static Tensor cholesky(Tensor a, boolean upper) {
        checkSquare(a, "linalg.cholesky");
        checkFloat(a, "linalg.cholesky");
        int n = (int) a.shapeRef()[a.dim() - 1];
        double[][] ms = matrices(a);
        double[][] out = new double[ms.length][];
        for (int b = 0; b < ms.length; b++) {
            double[] m = ms[b], l = new double[n * n];
            for (int j = 0; j < n; j++) {
                double s = m[j * n + j];
                for (int k = 0; k < j; k++) s -= l[j * n + k] * l[j * n + k];
                if (!(s > 0)) {
                    throw new IllegalArgumentException("linalg.cholesky: " + (ms.length > 1 ? "(Batch element " + b + "): " : "")
                            + "The factorization could not be completed because the input is not positive-definite (the leading minor of order "
                            + (j + 1) + " is not positive-definite).");
                }
                double d = Math.sqrt(s);
                l[j * n + j] = d;
                for (int i = j + 1; i < n; i++) {
                    double t = m[i * n + j];
                    for (int k = 0; k < j; k++) t -= l[i * n + k] * l[j * n + k];
                    l[i * n + j] = t / d;
                }
            }
            out[b] = l;
        }
        Tensor res = fromMatrices(out, a.shapeRef(), a);
        if (Graph.needsGrad(a)) {
            Tensor l = res.detach();
            Graph.record("LinalgCholeskyExBackward0", res, new Tensor[] {a}, null, g -> {
                // Murray's formula: Phi(L^T gL) with Phi = lower triangle, diagonal halved; grad = L^-T Phi L^-1, symmetrized
                Tensor gl = g[0].tril();
                Tensor p = l.mT().matmul(gl);
                Tensor phi = p.tril().sub(LinAlg2.diagEmbed(LinAlg2.diagonal(p, 0, -2, -1).mul(0.5)));
                Tensor li = inv(l);
                Tensor s = li.mT().matmul(phi).matmul(li);
                return new Tensor[] {s.add(s.mT()).mul(0.5)};
            });
            if (upper) return res.mT();
        }
        return upper ? res.mT().contiguous() : res;
    }

    /** Householder QR, reduced: Q [m, k], R [k, n] with k = min(m, n); R's diagonal may be negative, as LAPACK's. */
    public static Tensor[] qr(Tensor a) {
        checkFloat(a, "linalg.qr");
        if (a.dim() < 2) throw new IllegalArgumentException("linalg.qr: The input tensor A must have at least 2 dimensions.");
        int m = (int) a.shapeRef()[a.dim() - 2], n = (int) a.shapeRef()[a.dim() - 1], k = Math.min(m, n);
        double[][] ms = matrices(a);
        double[][] qs = new double[ms.length][], rs = new double[ms.length][];
        for (int b = 0; b < ms.length; b++) {
            double[] r = ms[b].clone();
            double[] q = new double[m * m];
            for (int i = 0; i < m; i++) q[i * m + i] = 1;
            for (int j = 0; j < k; j++) {
                if (j == m - 1) break; // a single entry: LAPACK's reflector is the identity, the sign stays
                double norm = 0;
                for (int i = j; i < m; i++) norm += r[i * n + j] * r[i * n + j];
                norm = Math.sqrt(norm);
                if (norm == 0) continue;
                double alpha = r[j * n + j] > 0 ? -norm : norm;
                double[] v = new double[m];
                for (int i = j; i < m; i++) v[i] = r[i * n + j];
                v[j] -= alpha;
                double vn = 0;
                for (int i = j; i < m; i++) vn += v[i] * v[i];
                if (vn == 0) continue;
                for (int c = 0; c < n; c++) {
                    double s = 0;
                    for (int i = j; i < m; i++) s += v[i] * r[i * n + c];
                    s = 2 * s / vn;
                    for (int i = j; i < m; i++) r[i * n + c] -= s * v[i];
                }
                for (int row = 0; row < m; row++) {
                    double s = 0;
                    for (int i = j; i < m; i++) s += q[row * m + i] * v[i];
                    s = 2 * s / vn;
                    for (int i = j; i < m; i++) q[row * m + i] -= s * v[i];
                }
            }
            double[] qk = new double[m * k], rk = new double[k * n];
            for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) qk[i * k + j] = q[i * m + j];
            for (int i = 0; i < k; i++) for (int j = 0; j < n; j++) rk[i * n + j] = j < i ? 0 : r[i * n + j];
            qs[b] = qk;
            rs[b] = rk;
        }
        Tensor q = fromMatrices(qs, batchShape(a, m, k), a), r = fromMatrices(rs, batchShape(a, k, n), a);
        if (Graph.needsGrad(a)) {
            if (m < n) throw new IllegalStateException("The derivative of linalg.qr depends on Q, which is not computed when "
                    + "mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.");
            Tensor qd = q.detach(), rd = r.detach();
            Graph.recordMulti("LinalgQrBackward0", new Tensor[] {q, r}, new Tensor[] {a}, null, g -> {
                // m >= n: gA = (gQ + Q copyltu(M)) R^-T with M = R gR^T - gQ^T Q
                Tensor gq = g[0] != null ? g[0] : Torch.zerosLike(qd), gr = g[1] != null ? g[1] : Torch.zerosLike(rd);
                Tensor mm = rd.matmul(gr.mT()).sub(gq.mT().matmul(qd));
                Tensor copyltu = mm.tril().add(mm.tril(-1).mT());
                Tensor lhs = gq.add(qd.matmul(copyltu));
                return new Tensor[] {lhs.matmul(inv(rd).mT())};
            });
        }
        return new Tensor[] {q, r};
    }

    /**
     * The reduced-SVD gradient (Townsend's formula):
     * U [F o (U^T gU - gU^T U) S + diag(gS) + S F o (V^T gV - gV^T V)] V^T + (I - U U^T) gU S^-1 V^T
     * + U S^-1 gV^T (I - V V^T), with F_ij = 1 / (s_j^2 - s_i^2) off the diagonal.
     */
    static Tensor svdBackward(Tensor gU, Tensor gS, Tensor gVh, Tensor u, Tensor s, Tensor v, int m, int n) {
        Tensor gu = gU != null ? gU : Torch.zerosLike(u), gs = gS != null ? gS : Torch.zerosLike(s);
        Tensor gv = gVh != null ? gVh.mT() : Torch.zerosLike(v);
        long k = s.shapeRef()[s.dim() - 1];
        Tensor s2 = s.mul(s);
        Tensor diff = s2.unsqueeze(-2).sub(s2.unsqueeze(-1));
        Tensor eye = Torch.eye(k, k, s.dtype()).toBool().to(s.device());
        Tensor f = Torch.where(eye, Torch.zerosLike(diff), Torch.onesLike(diff).div(Torch.where(eye, Torch.onesLike(diff), diff)));
        Tensor sm = LinAlg2.diagEmbed(s), sinv = LinAlg2.diagEmbed(s.reciprocal());
        Tensor utgu = u.mT().matmul(gu), vtgv = v.mT().matmul(gv);
        Tensor inner = f.mul(utgu.sub(utgu.mT())).matmul(sm).add(LinAlg2.diagEmbed(gs))
                .add(sm.matmul(f.mul(vtgv.sub(vtgv.mT()))));
        Tensor out = u.matmul(inner).matmul(v.mT());
        if (m > k) {
            Tensor im = Torch.eye(m, m, s.dtype()).to(s.device());
            out = out.add(im.sub(u.matmul(u.mT())).matmul(gu).matmul(sinv).matmul(v.mT()));
        }
        if (n > k) {
            Tensor in = Torch.eye(n, n, s.dtype()).to(s.device());
            out = out.add(u.matmul(sinv).matmul(gv.mT()).matmul(in.sub(v.matmul(v.mT()))));
        }
        return out;
    }

    // ------------------------------------------------------------------ eigh and svd

    /** Cyclic Jacobi on a symmetric n x n matrix: eigenvalues ascending, eigenvectors as columns. */
    static void jacobiEigh(double[] a, int n, double[] w, double[] v) {
        for (int i = 0; i < n * n; i++) v[i] = 0;
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
            if (off < 1e-300) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p * n + q];
                    if (apq == 0) continue;
                    double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k * n + p], akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p * n + k], aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k * n + p], vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        // sort ascending, moving eigenvector columns along
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[x * n + x], a[y * n + y]));
        double[] vs = v.clone();
        for (int j = 0; j < n; j++) {
            w[j] = a[order[j] * n + order[j]];
            for (int i = 0; i < n; i++) v[i * n + j] = vs[i * n + order[j]];
        }
    }

    /** {@code torch.linalg.eigh} on the lower triangle: [eigenvalues ascending, eigenvectors]. */
    public static Tensor[] eigh(Tensor a) {
        checkSquare(a, "linalg.eigh");
        checkFloat(a, "linalg.eigh");
        int n = (int) a.shapeRef()[a.dim() - 1];
        double[][] ms = matrices(a);
        double[][] ws = new double[ms.length][n], vs = new double[ms.length][n * n];
        for (int b = 0; b < ms.length; b++) {
            double[] m = ms[b];
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) m[i * n + j] = m[j * n + i];
            jacobiEigh(m, n, ws[b], vs[b]);
        }
        Tensor w = fromMatrices(ws, batchShape(a, n), a);
        Tensor v = fromMatrices(vs, a.shapeRef(), a);
        if (Graph.needsGrad(a)) {
            Tensor wd = w.detach(), vd = v.detach();
            Graph.recordMulti("LinalgEighBackward0", new Tensor[] {w, v}, new Tensor[] {a}, null, g -> {
                // gA = V (diag(gw) + skew(V^T gV) / (w_j - w_i)) V^T
                Tensor gw = g[0] != null ? g[0] : Torch.zerosLike(wd);
                Tensor inner = Torch.zerosLike(vd);
                if (g[1] != null) {
                    Tensor vgv = vd.mT().matmul(g[1]);
                    vgv = vgv.sub(vgv.mT()).mul(0.5);
                    Tensor e = wd.unsqueeze(-2).sub(wd.unsqueeze(-1));
                    Tensor eye = Torch.eye(n, n, a.dtype()).toBool().to(a.device());
                    inner = Torch.where(eye, Torch.zerosLike(vgv), vgv.div(Torch.where(eye, Torch.onesLike(e), e)));
                }
                inner = inner.add(LinAlg2.diagEmbed(gw));
                return new Tensor[] {vd.matmul(inner).matmul(vd.mT())};
            });
        }
        return new Tensor[] {w, v};
    }

    /** Reduced SVD by one-sided Jacobi: [U (m x k), S (k, descending), Vh (k x n)]. */
    public static Tensor[] svd(Tensor a) {
        checkFloat(a, "linalg.svd");
        if (a.dim() < 2) throw new IllegalArgumentException("linalg.svd: The input tensor A must have at least 2 dimensions.");
        int m = (int) a.shapeRef()[a.dim() - 2], n = (int) a.shapeRef()[a.dim() - 1];
        boolean tall = m >= n;
        int rows = tall ? m : n, cols = tall ? n : m;
        double[][] ms = matrices(a);
        double[][] us = new double[ms.length][], ss = new double[ms.length][], vhs = new double[ms.length][];
        for (int b = 0; b < ms.length; b++) {
            // work on W = A (tall) or A^T (wide), rows x cols; rotate columns until orthogonal
            double[] w = new double[rows * cols];
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
                if (tall) w[i * cols + j] = ms[b][i * n + j];
                else w[j * cols + i] = ms[b][i * n + j];
            }
            double[] v = new double[cols * cols];
            for (int i = 0; i < cols; i++) v[i * cols + i] = 1;
            for (int sweep = 0; sweep < 100; sweep++) {
                boolean rotated = false;
                for (int p = 0; p < cols; p++) {
                    for (int q = p + 1; q < cols; q++) {
                        double alpha = 0, beta = 0, gamma = 0;
                        for (int i = 0; i < rows; i++) {
                            double x = w[i * cols + p], y = w[i * cols + q];
                            alpha += x * x;
                            beta += y * y;
                            gamma += x * y;
                        }
                        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma == 0) continue;
                        rotated = true;
                        double zeta = (beta - alpha) / (2 * gamma);
                        double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                        if (zeta == 0) t = 1;
                        double c = 1 / Math.sqrt(1 + t * t), s = c * t;
                        for (int i = 0; i < rows; i++) {
                            double x = w[i * cols + p], y = w[i * cols + q];
                            w[i * cols + p] = c * x - s * y;
                            w[i * cols + q] = s * x + c * y;
                        }
                        for (int i = 0; i < cols; i++) {
                            double x = v[i * cols + p], y = v[i * cols + q];
                            v[i * cols + p] = c * x - s * y;
                            v[i * cols + q] = s * x + c * y;
                        }
                    }
                }
                if (!rotated) break;
            }
            double[] sv = new double[cols];
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int i = 0; i < rows; i++) s += w[i * cols + j] * w[i * cols + j];
                sv[j] = Math.sqrt(s);
            }
            Integer[] order = new Integer[cols];
            for (int i = 0; i < cols; i++) order[i] = i;
            java.util.Arrays.sort(order, (x, y) -> Double.compare(sv[y], sv[x]));
            // left vectors (rows x cols) = W columns / sigma; right vectors = V columns
            double[] left = new double[rows * cols], right = new double[cols * cols], s = new double[cols];
            for (int j = 0; j < cols; j++) {
                int o = order[j];
                s[j] = sv[o];
                for (int i = 0; i < rows; i++) left[i * cols + j] = sv[o] == 0 ? 0 : w[i * cols + o] / sv[o];
                for (int i = 0; i < cols; i++) right[i * cols + j] = v[i * cols + o];
            }
            int k = cols;
            double[] u = new double[m * k], vh = new double[k * n];
            if (tall) {
                System.arraycopy(left, 0, u, 0, m * k);
                for (int i = 0; i < k; i++) for (int j = 0; j < n; j++) vh[i * n + j] = right[j * cols + i];
            } else {
                for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) u[i * k + j] = right[i * cols + j];
                for (int i = 0; i < k; i++) for (int j = 0; j < n; j++) vh[i * n + j] = left[j * cols + i];
            }
            us[b] = u;
            ss[b] = s;
            vhs[b] = vh;
        }
        int k = Math.min(m, n);
        Tensor u = fromMatrices(us, batchShape(a, m, k), a), s = fromMatrices(ss, batchShape(a, k), a);
        Tensor vh = fromMatrices(vhs, batchShape(a, k, n), a);
        if (Graph.needsGrad(a)) {
            Tensor ud = u.detach(), sd = s.detach(), vd = vh.detach().mT();
            Graph.recordMulti("LinalgSvdBackward0", new Tensor[] {u, s, vh}, new Tensor[] {a}, null, g -> new Tensor[] {
                    svdBackward(g[0], g[1], g[2], ud, sd, vd, m, n)});
        }
        return new Tensor[] {u, s, vh};
    }
}
