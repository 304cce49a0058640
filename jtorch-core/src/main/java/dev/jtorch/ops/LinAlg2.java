package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.Graph;
import dev.jtorch.internal.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Products and matrix structure beyond {@link LinAlg}: mv, dot, outer, the add*mm family, einsum,
 * tensordot, kron, trace, tril/triu, diag and diagonal. Most are compositions of differentiable ops,
 * so their gradients come from the parts; diagonal is a view with its own gradient.
 */
public final class LinAlg2 {
    private LinAlg2() {}

    static String name(DType t) { return InPlace.scalarTypeName(t); }

    public static Tensor dot(Tensor a, Tensor b, String op) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("1D tensors expected, but got " + a.dim() + "D and " + b.dim() + "D tensors");
        }
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + " : expected both vectors to have same dtype, but found " + name(a.dtype())
                    + " and " + name(b.dtype()));
        }
        if (a.numel() != b.numel()) {
            throw new IllegalArgumentException("inconsistent tensor size, expected tensor [" + a.numel() + "] and src ["
                    + b.numel() + "] to have the same number of elements, but got " + a.numel() + " and " + b.numel()
                    + " elements respectively");
        }
        return Reductions.sum(a.mul(b), null, false, a.dtype() == DType.BOOL ? DType.INT64 : a.dtype());
    }

    public static Tensor mv(Tensor m, Tensor v) {
        if (m.dim() != 2 || v.dim() != 1) {
            throw new IllegalArgumentException("vector + matrix @ vector expected, got 1, " + m.dim() + ", " + v.dim());
        }
        if (m.shapeRef()[1] != v.shapeRef()[0]) {
            throw new IllegalArgumentException("size mismatch, got " + m.shapeRef()[0] + ", " + m.shapeRef()[0]
                    + "x" + m.shapeRef()[1] + "," + v.shapeRef()[0]);
        }
        return LinAlg.matmul(m, v);
    }

    public static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("outer: Expected 1-D argument self, but got " + a.dim() + "-D");
        }
        return a.unsqueeze(1).mul(b.unsqueeze(0));
    }

    /** beta * input + alpha * product, where beta = 0 ignores input (NaN in it does not propagate). */
    private static Tensor addScaled(Tensor input, Tensor product, double beta, double alpha) {
        Tensor p = alpha == 1.0 ? product : product.mul(alpha);
        if (beta == 0.0) {
            return p.add(Torch.zerosLike(input));
        }
        Tensor i = beta == 1.0 ? input : input.mul(beta);
        return i.add(p);
    }

    public static Tensor addmm(Tensor input, Tensor m1, Tensor m2, double beta, double alpha) {
        Tensor out = addScaled(input, LinAlg.mm(m1, m2), beta, alpha);
        long[] expected = {m1.shapeRef()[0], m2.shapeRef()[1]};
        if (!Arrays.equals(out.shapeRef(), expected)) {
            throw new IllegalArgumentException("The expanded size of the tensor (" + expected[1] + ") must match the existing size ("
                    + input.shapeRef()[input.dim() - 1] + ") at non-singleton dimension 1.  Target sizes: " + Shapes.str(expected)
                    + ".  Tensor sizes: " + Shapes.str(input.shapeRef()));
        }
        return out;
    }

    public static Tensor addmv(Tensor input, Tensor m, Tensor v, double beta, double alpha) {
        return addScaled(input, mv(m, v), beta, alpha);
    }

    public static Tensor baddbmm(Tensor input, Tensor b1, Tensor b2, double beta, double alpha) {
        return addScaled(input, LinAlg.bmm(b1, b2), beta, alpha);
    }

    public static Tensor addbmm(Tensor input, Tensor b1, Tensor b2, double beta, double alpha) {
        return addScaled(input, Reductions.sum(LinAlg.bmm(b1, b2), new long[] {0}, false, null), beta, alpha);
    }

    public static Tensor addr(Tensor input, Tensor v1, Tensor v2, double beta, double alpha) {
        return addScaled(input, outer(v1, v2), beta, alpha);
    }

    // ------------------------------------------------------------------ structure

    /** A view of the diagonal {@code offset} of the plane (dim1, dim2), appended as the last dim. */
    public static Tensor diagonal(Tensor x, long offset, long dim1Arg, long dim2Arg) {
        int r = x.dim();
        int d1 = Shapes.wrapDim(dim1Arg, r), d2 = Shapes.wrapDim(dim2Arg, r);
        if (d1 == d2) throw new IllegalArgumentException("diagonal dimensions cannot be identical " + dim1Arg + ", " + dim2Arg);
        long[] sh = x.shapeRef(), st = x.stridesRef();
        long len = offset >= 0 ? Math.max(0, Math.min(sh[d1], sh[d2] - offset)) : Math.max(0, Math.min(sh[d1] + offset, sh[d2]));
        long off = x.storageOffset();
        if (len > 0) off += offset >= 0 ? offset * st[d2] : -offset * st[d1];
        long[] nsh = new long[r - 1], nst = new long[r - 1];
        int j = 0;
        for (int i = 0; i < r; i++) {
            if (i == d1 || i == d2) continue;
            nsh[j] = sh[i];
            nst[j++] = st[i];
        }
        nsh[r - 2] = len;
        nst[r - 2] = st[d1] + st[d2];
        Tensor out = new Tensor(x.storage(), nsh, nst, off, x.dtype()).asViewOf(x);
        if (Graph.needsGrad(x)) {
            long[] in = x.shapeRef();
            Graph.record("DiagonalBackward0", out, new Tensor[] {x}, null, g -> {
                Tensor z = Torch.zeros(in, g[0].dtype(), g[0].device());
                Elementwise.backend(z).copy(g[0].detach(), diagonal(z, offset, d1, d2));
                return new Tensor[] {z};
            });
        }
        return out;
    }

    public static Tensor trace(Tensor x) {
        if (x.dim() != 2) throw new IllegalArgumentException("trace: expected a matrix, but got tensor with dim " + x.dim());
        return Reductions.sum(diagonal(x, 0, 0, 1), null, false, null);
    }

    /** {@code torch.diag}: a vector becomes a square matrix with it on diagonal {@code k}; a matrix gives that diagonal. */
    public static Tensor diag(Tensor x, long k) {
        if (x.dim() == 1) {
            long n = x.numel() + Math.abs(k);
            Tensor out = Torch.zeros(new long[] {n, n}, x.dtype(), x.device());
            Elementwise.backend(x).copy(x.detach(), diagonal(out, k, 0, 1));
            if (Graph.needsGrad(x)) {
                Graph.record("DiagEmbedBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {diagonal(g[0], k, 0, 1)});
            }
            return out;
        }
        if (x.dim() != 2) throw new IllegalArgumentException("diag(): Supports 1D or 2D tensors. Got " + x.dim() + "D");
        return diagonal(x, k, 0, 1).clone();
    }

    public static Tensor diagEmbed(Tensor x) {
        long n = x.shapeRef()[x.dim() - 1];
        long[] shape = Arrays.copyOf(x.shapeRef(), x.dim() + 1);
        shape[x.dim()] = n;
        Tensor out = Torch.zeros(shape, x.dtype(), x.device());
        Elementwise.backend(x).copy(x.detach(), diagonal(out, 0, -2, -1));
        if (Graph.needsGrad(x)) {
            Graph.record("DiagEmbedBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {diagonal(g[0], 0, -2, -1)});
        }
        return out;
    }

    /** The lower (tril) or upper (triu) triangle of the last two dims, relative to diagonal k. */
    public static Tensor triangle(Tensor x, long k, boolean lower) {
        if (x.dim() < 2) Shapes.wrapDim(-2, x.dim()); // PyTorch fails on the row dim lookup: an IndexError
        long rows = x.shapeRef()[x.dim() - 2], cols = x.shapeRef()[x.dim() - 1];
        Tensor mask = Tensor.allocate(new long[] {rows, cols}, DType.BOOL, dev.jtorch.Device.CPU);
        for (long i = 0; i < rows; i++) {
            for (long j = 0; j < cols; j++) {
                boolean keep = lower ? j - i <= k : j - i >= k;
                mask.segment().set(dev.jtorch.internal.Mem.I8, i * cols + j, (byte) (keep ? 1 : 0));
            }
        }
        Tensor zero = Torch.zeros(new long[0], x.dtype());
        return MathOps.where(mask.to(x.device()), x, zero);
    }

    public static Tensor kron(Tensor a, Tensor b) {
        int n = Math.max(a.dim(), b.dim());
        Tensor a2 = a, b2 = b;
        while (a2.dim() < n) a2 = a2.unsqueeze(0);
        while (b2.dim() < n) b2 = b2.unsqueeze(0);
        long[] ash = a2.shapeRef(), bsh = b2.shapeRef();
        long[] va = new long[2 * n], vb = new long[2 * n], out = new long[n];
        for (int i = 0; i < n; i++) {
            va[2 * i] = ash[i];
            va[2 * i + 1] = 1;
            vb[2 * i] = 1;
            vb[2 * i + 1] = bsh[i];
            out[i] = ash[i] * bsh[i];
        }
        return a2.reshape(va).mul(b2.reshape(vb)).reshape(out);
    }

    public static Tensor tensordot(Tensor a, Tensor b, long[] dimsA, long[] dimsB) {
        if (dimsA.length != dimsB.length) throw new IllegalArgumentException("both dimension lists should have same length");
        int[] da = new int[dimsA.length], db = new int[dimsB.length];
        long k = 1;
        for (int i = 0; i < da.length; i++) {
            da[i] = Shapes.wrapDim(dimsA[i], a.dim());
            db[i] = Shapes.wrapDim(dimsB[i], b.dim());
            if (a.shapeRef()[da[i]] != b.shapeRef()[db[i]]) {
                throw new IllegalArgumentException("contracted dimensions need to match, but first has size " + a.shapeRef()[da[i]]
                        + " in dim " + da[i] + " and second has size " + b.shapeRef()[db[i]] + " in dim " + db[i]);
            }
            k *= a.shapeRef()[da[i]];
        }
        List<Long> freeA = new ArrayList<>(), freeB = new ArrayList<>(), outShape = new ArrayList<>();
        for (int i = 0; i < a.dim(); i++) if (!contains(da, i)) { freeA.add((long) i); outShape.add(a.shapeRef()[i]); }
        for (int i = 0; i < b.dim(); i++) if (!contains(db, i)) { freeB.add((long) i); outShape.add(b.shapeRef()[i]); }
        long[] pa = new long[a.dim()], pb = new long[b.dim()];
        int p = 0;
        long m = 1, n = 1;
        for (long i : freeA) { pa[p++] = i; m *= a.shapeRef()[(int) i]; }
        for (int i : da) pa[p++] = i;
        p = 0;
        for (int i : db) pb[p++] = i;
        for (long i : freeB) { pb[p++] = i; n *= b.shapeRef()[(int) i]; }
        Tensor am = a.permute(pa).reshape(m, k), bm = b.permute(pb).reshape(k, n);
        long[] os = new long[outShape.size()];
        for (int i = 0; i < os.length; i++) os[i] = outShape.get(i);
        return LinAlg.mm(am, bm).reshape(os);
    }

    public static Tensor tensordot(Tensor a, Tensor b, long dims) {
        if (dims < 0) throw new IllegalArgumentException("tensordot expects dims >= 0, but got dims=" + dims);
        long[] da = new long[(int) dims], db = new long[(int) dims];
        for (int i = 0; i < dims; i++) {
            da[i] = a.dim() - dims + i;
            db[i] = i;
        }
        return tensordot(a, b, da, db);
    }

    private static boolean contains(int[] xs, int v) {
        for (int x : xs) if (x == v) return true;
        return false;
    }

    // ------------------------------------------------------------------ einsum

    /**
     * {@code torch.einsum}: each operand's repeated letters are reduced to their diagonal, then operands
     * are contracted left to right, two at a time, as one batched matrix product each (letters no later
     * operand or the output needs are summed first). Supports "..." and the implicit output (letters
     * seen once, in alphabetical order).
     */
    public static Tensor einsum(String equation, Tensor... operands) {
        String eq = equation.replace(" ", "");
        String lhs, rhs;
        int arrow = eq.indexOf("->");
        if (arrow >= 0) {
            lhs = eq.substring(0, arrow);
            rhs = eq.substring(arrow + 2);
        } else {
            lhs = eq;
            rhs = null;
        }
        String[] terms = lhs.split(",", -1);
        if (terms.length != operands.length) {
            throw new IllegalArgumentException("einsum(): more operands were provided than specified in the equation");
        }
        // ellipsis: replaced by upper-case letters standing for the broadcast dims
        int ell = 0;
        for (int i = 0; i < terms.length; i++) {
            if (terms[i].contains("...")) ell = Math.max(ell, operands[i].dim() - (terms[i].length() - 3));
        }
        String ellLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".substring(0, ell);
        for (int i = 0; i < terms.length; i++) {
            if (terms[i].contains("...")) {
                int k = operands[i].dim() - (terms[i].length() - 3);
                terms[i] = terms[i].replace("...", ellLetters.substring(ell - k));
            }
            if (terms[i].length() != operands[i].dim()) {
                throw new IllegalArgumentException("einsum(): the number of subscripts in the equation (" + terms[i].length()
                        + ") does not match the number of dimensions (" + operands[i].dim() + ") for operand " + i
                        + (terms[i].contains("...") ? "" : " and no ellipsis was given"));
            }
        }
        if (rhs == null) {
            int[] count = new int[128];
            for (String t : terms) for (char c : t.toCharArray()) count[c]++;
            StringBuilder sb = new StringBuilder(ellLetters);
            for (char c = 'a'; c <= 'z'; c++) if (count[c] == 1) sb.append(c);
            for (char c = 'A'; c <= 'Z'; c++) if (count[c] == 1 && ellLetters.indexOf(c) < 0) sb.append(c);
            rhs = sb.toString();
        } else {
            rhs = rhs.replace("...", ellLetters);
        }
        List<Tensor> xs = new ArrayList<>();
        List<String> ts = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            Tensor x = operands[i];
            String t = terms[i];
            // repeated letters: take the diagonal, which becomes the last dim
            for (int p = 0; p < t.length(); p++) {
                char c = t.charAt(p);
                int q = t.indexOf(c, p + 1);
                if (q < 0) continue;
                if (x.shapeRef()[p] != x.shapeRef()[q]) {
                    throw new IllegalArgumentException("einsum(): subscript " + c + " is repeated for operand " + i
                            + " but the sizes don't match, " + x.shapeRef()[q] + " != " + x.shapeRef()[p]);
                }
                x = diagonal(x, 0, p, q);
                t = t.substring(0, p) + t.substring(p + 1, q) + t.substring(q + 1) + c;
                p = -1;
            }
            xs.add(x);
            ts.add(t);
        }
        // contract left to right, two operands at a time, each pair as one batched matrix product
        while (xs.size() > 1) {
            StringBuilder later = new StringBuilder(rhs);
            for (int i = 2; i < ts.size(); i++) later.append(ts.get(i));
            String needed = later.toString();
            Tensor[] pair = contract(xs.get(0), ts.get(0), xs.get(1), ts.get(1), needed);
            String term = pairTerm(ts.get(0), ts.get(1), needed);
            xs.remove(1);
            ts.remove(1);
            xs.set(0, pair[0]);
            ts.set(0, term);
        }
        Tensor x = xs.get(0);
        String t = ts.get(0);
        x = sumOut(x, t, rhs);
        t = kept(t, rhs);
        long[] perm = new long[rhs.length()];
        for (int g = 0; g < rhs.length(); g++) perm[g] = t.indexOf(rhs.charAt(g));
        Tensor out = x.permute(perm);
        return out == operands[0] ? out.clone() : out;
    }

    /** The letters of t that are in keep, in t's order. */
    private static String kept(String t, String keep) {
        StringBuilder sb = new StringBuilder();
        for (char c : t.toCharArray()) if (keep.indexOf(c) >= 0) sb.append(c);
        return sb.toString();
    }

    /** Sums out the dims of x (labelled t) whose letters are not in keep. */
    private static Tensor sumOut(Tensor x, String t, String keep) {
        int n = 0;
        long[] dims = new long[t.length()];
        for (int i = 0; i < t.length(); i++) if (keep.indexOf(t.charAt(i)) < 0) dims[n++] = i;
        if (n == 0) return x;
        return Reductions.sum(x, Arrays.copyOf(dims, n), false, x.dtype().isFloatingPoint() ? null : x.dtype());
    }

    private static String pairTerm(String ta, String tb, String needed) {
        StringBuilder batch = new StringBuilder(), left = new StringBuilder(), right = new StringBuilder();
        for (char c : ta.toCharArray()) {
            if (needed.indexOf(c) < 0) continue;
            if (tb.indexOf(c) >= 0) batch.append(c);
            else left.append(c);
        }
        for (char c : tb.toCharArray()) if (needed.indexOf(c) >= 0 && ta.indexOf(c) < 0) right.append(c);
        return batch.toString() + left + right;
    }

    /**
     * a (letters ta) times b (letters tb), summing the shared letters not needed later: batch letters
     * (shared, needed) x left (a only) x right (b only), as one bmm of [B, M, K] by [B, K, N].
     */
    private static Tensor[] contract(Tensor a, String ta, Tensor b, String tb, String needed) {
        // letters in one operand only and not needed: summed out first
        String keepA = needed + tb, keepB = needed + ta;
        a = sumOut(a, ta, keepA);
        ta = kept(ta, keepA);
        b = sumOut(b, tb, keepB);
        tb = kept(tb, keepB);
        StringBuilder batch = new StringBuilder(), con = new StringBuilder(), left = new StringBuilder(), right = new StringBuilder();
        for (char c : ta.toCharArray()) {
            if (tb.indexOf(c) >= 0) (needed.indexOf(c) >= 0 ? batch : con).append(c);
            else left.append(c);
        }
        for (char c : tb.toCharArray()) if (ta.indexOf(c) < 0) right.append(c);
        String orderA = batch.toString() + left + con, orderB = batch.toString() + con + right;
        long[] sizeA = a.shapeRef(), sizeB = b.shapeRef();
        long[] permA = new long[orderA.length()], permB = new long[orderB.length()];
        long[] expA = new long[orderA.length()], expB = new long[orderB.length()];
        for (int i = 0; i < permA.length; i++) permA[i] = ta.indexOf(orderA.charAt(i));
        for (int i = 0; i < permB.length; i++) permB[i] = tb.indexOf(orderB.charAt(i));
        long nb = 1, m = 1, k = 1, n = 1;
        List<Long> outShape = new ArrayList<>();
        for (int i = 0; i < orderA.length(); i++) {
            char c = orderA.charAt(i);
            long sa = sizeA[(int) permA[i]];
            int ib = tb.indexOf(c);
            long sb = ib >= 0 ? sizeB[ib] : sa;
            if (sa != sb && sa != 1 && sb != 1) {
                throw new IllegalArgumentException("einsum(): operands do not broadcast with remapped shapes (original->remapped): "
                        + Shapes.str(sizeA) + "->" + Shapes.str(sizeA) + " " + Shapes.str(sizeB) + "->" + Shapes.str(sizeB));
            }
            long size = Math.max(sa, sb);
            expA[i] = size;
            if (i < batch.length()) { nb *= size; outShape.add(size); }
            else if (i < batch.length() + left.length()) { m *= size; outShape.add(size); }
            else k *= size;
        }
        for (int i = 0; i < orderB.length(); i++) {
            char c = orderB.charAt(i);
            long sb = sizeB[(int) permB[i]];
            int ia = ta.indexOf(c);
            long size = ia >= 0 ? Math.max(sizeA[ia], sb) : sb;
            expB[i] = size;
            if (i >= batch.length() + con.length()) { n *= size; outShape.add(size); }
        }
        Tensor a3 = a.permute(permA).expand(expA).reshape(nb, m, k);
        Tensor b3 = b.permute(permB).expand(expB).reshape(nb, k, n);
        long[] os = new long[outShape.size()];
        for (int i = 0; i < os.length; i++) os[i] = outShape.get(i);
        Tensor prod;
        if (a3.dtype() != b3.dtype()) {
            DType t = Elementwise.resultType(a3, b3);
            prod = LinAlg.bmm(a3.to(t), b3.to(t));
        } else {
            prod = LinAlg.bmm(a3, b3);
        }
        return new Tensor[] {prod.reshape(os)};
    }
}
