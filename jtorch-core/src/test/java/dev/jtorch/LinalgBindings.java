package dev.jtorch;

import com.google.gson.JsonArray;

import java.util.ArrayList;
import java.util.List;

import static dev.jtorch.MathGoldenOps.OPS;
import static dev.jtorch.MathGoldenOps.b;
import static dev.jtorch.MathGoldenOps.d;
import static dev.jtorch.MathGoldenOps.l;
import static dev.jtorch.MathGoldenOps.t;

/** Golden-op bindings of the linear-algebra family. */
final class LinalgBindings {
    private LinalgBindings() {}

    /** Eigen/singular vectors are defined up to sign: each column's largest-magnitude entry made positive (as the generator). */
    static Tensor[] canonCols(Tensor v) {
        Tensor idx = v.abs().argmax(-2, true);
        Tensor sgn = v.gather(-2, idx).sign();
        sgn = Torch.where(sgn.eq(0L), Torch.onesLike(sgn), sgn);
        return new Tensor[] {v.mul(sgn), sgn};
    }

    static Tensor[] operands(List<Object> in) {
        Tensor[] ops = new Tensor[in.size()];
        for (int i = 0; i < ops.length; i++) ops[i] = t(in, i);
        return ops;
    }

    static void register() {
        OPS.put("matmul", (in, a) -> t(in, 0).matmul(t(in, 1)));
        OPS.put("mm", (in, a) -> t(in, 0).mm(t(in, 1)));
        OPS.put("bmm", (in, a) -> t(in, 0).bmm(t(in, 1)));
        OPS.put("mv", (in, a) -> t(in, 0).mv(t(in, 1)));
        OPS.put("dot", (in, a) -> t(in, 0).dot(t(in, 1)));
        OPS.put("vdot", (in, a) -> t(in, 0).vdot(t(in, 1)));
        OPS.put("outer", (in, a) -> t(in, 0).outer(t(in, 1)));
        OPS.put("addmm", (in, a) -> t(in, 0).addmm(t(in, 1), t(in, 2), d(a, "beta", 1), d(a, "alpha", 1)));
        OPS.put("addmv", (in, a) -> t(in, 0).addmv(t(in, 1), t(in, 2), d(a, "beta", 1), d(a, "alpha", 1)));
        OPS.put("baddbmm", (in, a) -> t(in, 0).baddbmm(t(in, 1), t(in, 2), d(a, "beta", 1), d(a, "alpha", 1)));
        OPS.put("addbmm", (in, a) -> t(in, 0).addbmm(t(in, 1), t(in, 2), d(a, "beta", 1), d(a, "alpha", 1)));
        OPS.put("addr", (in, a) -> t(in, 0).addr(t(in, 1), t(in, 2), d(a, "beta", 1), d(a, "alpha", 1)));
        OPS.put("einsum", (in, a) -> Torch.einsum(a.get("eq").getAsString(), operands(in)));
        OPS.put("tensordot", (in, a) -> {
            if (a.get("dims").isJsonArray()) {
                JsonArray d = a.getAsJsonArray("dims");
                long[] da = new long[d.get(0).getAsJsonArray().size()], db = new long[da.length];
                for (int i = 0; i < da.length; i++) {
                    da[i] = d.get(0).getAsJsonArray().get(i).getAsLong();
                    db[i] = d.get(1).getAsJsonArray().get(i).getAsLong();
                }
                return Torch.tensordot(t(in, 0), t(in, 1), da, db);
            }
            return Torch.tensordot(t(in, 0), t(in, 1), a.get("dims").getAsLong());
        });
        OPS.put("kron", (in, a) -> t(in, 0).kron(t(in, 1)));
        OPS.put("trace", (in, a) -> t(in, 0).trace());
        OPS.put("tril", (in, a) -> t(in, 0).tril(l(a, "diagonal", 0)));
        OPS.put("triu", (in, a) -> t(in, 0).triu(l(a, "diagonal", 0)));
        OPS.put("diag", (in, a) -> t(in, 0).diag(l(a, "diagonal", 0)));
        OPS.put("diagonal", (in, a) -> t(in, 0).diagonal(l(a, "offset", 0), l(a, "dim1", 0), l(a, "dim2", 1)));
        OPS.put("diag_embed", (in, a) -> t(in, 0).diagEmbed());
        OPS.put("det", (in, a) -> Torch.linalg.det(t(in, 0)));
        OPS.put("inv", (in, a) -> Torch.linalg.inv(t(in, 0)));
        OPS.put("solve", (in, a) -> Torch.linalg.solve(t(in, 0), t(in, 1)));
        OPS.put("cholesky", (in, a) -> Torch.linalg.cholesky(t(in, 0), b(a, "upper", false)));
        OPS.put("qr", (in, a) -> List.of(Torch.linalg.qr(t(in, 0))));
        OPS.put("eigh", (in, a) -> {
            Tensor[] r = Torch.linalg.eigh(t(in, 0));
            return List.of(r[0], canonCols(r[1])[0]);
        });
        OPS.put("eigvalsh", (in, a) -> Torch.linalg.eigvalsh(t(in, 0)));
        OPS.put("svd", (in, a) -> {
            Tensor[] r = Torch.linalg.svd(t(in, 0));
            Tensor[] u = canonCols(r[0]);
            List<Tensor> out = new ArrayList<>();
            out.add(u[0]);
            out.add(r[1]);
            out.add(r[2].mul(u[1].transpose(-2, -1)));
            return out;
        });
        OPS.put("svdvals", (in, a) -> Torch.linalg.svdvals(t(in, 0)));
        OPS.put("slogdet", (in, a) -> List.of(Torch.linalg.slogdet(t(in, 0))));
        OPS.put("logdet", (in, a) -> Torch.logdet(t(in, 0)));
        OPS.put("pinv", (in, a) -> Torch.linalg.pinv(t(in, 0)));
        OPS.put("matrix_norm", (in, a) -> {
            boolean keep = b(a, "keepdim", false);
            if (!a.has("ord")) return Torch.linalg.matrixNorm(t(in, 0), "fro", keep);
            var o = a.get("ord").getAsJsonPrimitive();
            if (o.isString() && (o.getAsString().equals("fro") || o.getAsString().equals("nuc"))) {
                return Torch.linalg.matrixNorm(t(in, 0), o.getAsString(), keep);
            }
            return Torch.linalg.matrixNorm(t(in, 0), ReduceBindings.num(a, "ord", 2), keep);
        });
        OPS.put("matrix_power", (in, a) -> Torch.linalg.matrixPower(t(in, 0), l(a, "n", 1)));
        OPS.put("cross", (in, a) -> Torch.linalg.cross(t(in, 0), t(in, 1), l(a, "dim", -1)));
        OPS.put("multi_dot", (in, a) -> Torch.linalg.multiDot(List.of(operands(in))));
    }
}
