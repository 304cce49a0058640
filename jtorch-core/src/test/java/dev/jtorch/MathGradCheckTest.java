package dev.jtorch;

import dev.jtorch.testing.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Float64 finite-difference checks of the gradients of the math ops (see {@link GradCheck}). */
class MathGradCheckTest {

    /** Deterministic values in [lo, hi) of the given shape, float64. */
    static Tensor values(double lo, double hi, long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * ((i * 0.7548776662466927 + 0.1234) % 1.0);
        return Torch.fromArray(v).view(shape).clone();
    }

    static void unary(List<DynamicTest> out, String name, UnaryOperator<Tensor> f, double lo, double hi) {
        out.add(DynamicTest.dynamicTest(name, () -> GradCheck.check(in -> f.apply(in.get(0)), values(lo, hi, 3, 4))));
    }

    @TestFactory Stream<DynamicTest> unaryOps() {
        List<DynamicTest> t = new ArrayList<>();
        Map<String, UnaryOperator<Tensor>> full = Map.ofEntries(
                Map.entry("neg", Tensor::neg), Map.entry("exp", Tensor::exp), Map.entry("exp2", Tensor::exp2),
                Map.entry("expm1", Tensor::expm1), Map.entry("square", Tensor::square), Map.entry("sin", Tensor::sin),
                Map.entry("cos", Tensor::cos), Map.entry("atan", Tensor::atan), Map.entry("sinh", Tensor::sinh),
                Map.entry("cosh", Tensor::cosh), Map.entry("tanh", Tensor::tanh), Map.entry("asinh", Tensor::asinh),
                Map.entry("sigmoid", Tensor::sigmoid), Map.entry("relu", Tensor::relu), Map.entry("relu6", Torch::relu6),
                Map.entry("leakyRelu", x -> Torch.leakyRelu(x, 0.1)), Map.entry("elu", Torch::elu), Map.entry("selu", Torch::selu),
                Map.entry("gelu", Torch::gelu), Map.entry("geluTanh", x -> Torch.gelu(x, "tanh")), Map.entry("silu", Torch::silu),
                Map.entry("mish", Torch::mish), Map.entry("softplus", Torch::softplus),
                Map.entry("softplusBeta", x -> Torch.softplus(x, 2, 3)), Map.entry("hardtanh", Torch::hardtanh),
                Map.entry("hardsigmoid", Torch::hardsigmoid), Map.entry("hardswish", Torch::hardswish),
                Map.entry("logsigmoid", Torch::logsigmoid), Map.entry("erf", Tensor::erf), Map.entry("erfc", Tensor::erfc),
                Map.entry("frac", Tensor::frac), Map.entry("abs", Tensor::abs), Map.entry("nanToNum", Tensor::nanToNum),
                Map.entry("clamp", x -> x.clamp(-1.0, 1.5)), Map.entry("powScalar", x -> x.pow(3L)),
                Map.entry("rpow", x -> Torch.pow(2.0, x)));
        // kinks (relu at 0, clamp at the bounds...) are avoided by the sample points, which never hit them exactly
        full.forEach((name, f) -> unary(t, name, f, -2.9, 2.9));
        Map<String, UnaryOperator<Tensor>> positive = Map.ofEntries(
                Map.entry("log", Tensor::log), Map.entry("log2", Tensor::log2), Map.entry("log10", Tensor::log10),
                Map.entry("log1p", Tensor::log1p), Map.entry("sqrt", Tensor::sqrt), Map.entry("rsqrt", Tensor::rsqrt),
                Map.entry("reciprocal", Tensor::reciprocal), Map.entry("lgamma", Tensor::lgamma),
                Map.entry("digamma", Tensor::digamma), Map.entry("powFrac", x -> x.pow(1.7)));
        positive.forEach((name, f) -> unary(t, name, f, 0.2, 4.0));
        Map<String, UnaryOperator<Tensor>> unit = Map.ofEntries(
                Map.entry("asin", Tensor::asin), Map.entry("acos", Tensor::acos), Map.entry("atanh", Tensor::atanh),
                Map.entry("erfinv", Tensor::erfinv), Map.entry("tan", Tensor::tan));
        unit.forEach((name, f) -> unary(t, name, f, -0.9, 0.9));
        unary(t, "acosh", Tensor::acosh, 1.2, 4.0);
        return t.stream();
    }

    static void binary(List<DynamicTest> out, String name, Function<List<Tensor>, Tensor> f, double lo, double hi) {
        out.add(DynamicTest.dynamicTest(name, () -> GradCheck.check(f, values(lo, hi, 3, 4), values(lo + 0.05, hi, 4).add(0.01))));
    }

    @TestFactory Stream<DynamicTest> binaryOps() {
        List<DynamicTest> t = new ArrayList<>();
        binary(t, "add", in -> in.get(0).add(in.get(1), 2.5), -2, 2);
        binary(t, "sub", in -> in.get(0).sub(in.get(1), 0.5), -2, 2);
        binary(t, "mul", in -> in.get(0).mul(in.get(1)), -2, 2);
        binary(t, "div", in -> in.get(0).div(in.get(1)), 0.3, 2);
        binary(t, "pow", in -> in.get(0).pow(in.get(1)), 0.3, 2);
        binary(t, "maximum", in -> in.get(0).maximum(in.get(1)), -2, 2);
        binary(t, "minimum", in -> in.get(0).minimum(in.get(1)), -2, 2);
        binary(t, "atan2", in -> in.get(0).atan2(in.get(1)), -2, 2);
        binary(t, "hypot", in -> in.get(0).hypot(in.get(1)), 0.3, 2);
        binary(t, "xlogy", in -> in.get(0).xlogy(in.get(1)), 0.3, 2);
        binary(t, "remainder", in -> in.get(0).remainder(in.get(1)), 0.3, 2);
        binary(t, "fmod", in -> in.get(0).fmod(in.get(1)), 0.3, 2);
        binary(t, "lerpTensor", in -> in.get(0).lerp(in.get(1), in.get(1).sigmoid()), -2, 2);
        binary(t, "lerpScalar", in -> in.get(0).lerp(in.get(1), 0.3), -2, 2);
        binary(t, "clampTensor", in -> in.get(0).clamp(in.get(1).neg(), in.get(1)), 0.1, 2);
        binary(t, "copysign", in -> in.get(0).copysign(in.get(1).sub(1.0)), 0.3, 2);
        binary(t, "fmax", in -> in.get(0).fmax(in.get(1)), -2, 2);
        binary(t, "fmin", in -> in.get(0).fmin(in.get(1)), -2, 2);
        binary(t, "where", in -> Torch.where(in.get(0).gt(0.5), in.get(0), in.get(1)), 0.0, 1.0);
        binary(t, "maskedFillTensor", in -> in.get(0).maskedFill(in.get(0).gt(0.5), in.get(1).sum()), 0.0, 1.0);
        return t.stream();
    }

    static void reduction(List<DynamicTest> out, String name, UnaryOperator<Tensor> f) {
        out.add(DynamicTest.dynamicTest(name, () -> GradCheck.check(in -> f.apply(in.get(0)), values(-2, 2, 2, 3, 4))));
    }

    @TestFactory Stream<DynamicTest> reductions() {
        List<DynamicTest> t = new ArrayList<>();
        long[] d02 = {0, 2};
        reduction(t, "sumDims", x -> x.sum(d02, true));
        reduction(t, "meanDims", x -> x.mean(d02, false));
        reduction(t, "prod", x -> x.prod(1));
        reduction(t, "prodAll", Tensor::prod);
        reduction(t, "maxDim", x -> x.max(1).values());
        reduction(t, "minAll", Tensor::min);
        reduction(t, "amax", x -> x.amax(d02, true));
        reduction(t, "var", x -> x.var(d02, 1.0, false));
        reduction(t, "std", x -> x.std(new long[] {1}, 0.0, true));
        reduction(t, "norm2", x -> x.norm(2, new long[] {1}, false));
        reduction(t, "norm3", x -> x.norm(3));
        reduction(t, "normInf", x -> x.norm(Double.POSITIVE_INFINITY, new long[] {2}, false));
        reduction(t, "logsumexp", x -> x.logsumexp(d02, false));
        reduction(t, "softmax", x -> x.softmax(1));
        reduction(t, "logSoftmax", x -> x.logSoftmax(-1));
        reduction(t, "cumsum", x -> x.cumsum(1));
        reduction(t, "cumprod", x -> x.cumprod(2));
        reduction(t, "cummax", x -> x.cummax(2).values());
        reduction(t, "logcumsumexp", x -> x.logcumsumexp(0));
        reduction(t, "sort", x -> x.sort(1, true).values());
        reduction(t, "topk", x -> x.topk(2, 2).values());
        reduction(t, "median", x -> x.median(2).values());
        reduction(t, "gather", x -> x.gather(2, Torch.tensor(new long[] {0, 3, 3, 1}).view(1, 1, 4).expand(2, 3, 4).contiguous()));
        reduction(t, "nansum", x -> x.nansum(d02, false));
        reduction(t, "nanmean", x -> x.nanmean(d02, true));
        reduction(t, "amin", x -> x.amin(new long[] {1}, false));
        reduction(t, "stdAll", Tensor::std);
        reduction(t, "cummin", x -> x.cummin(1).values());
        reduction(t, "medianAll", Tensor::median);
        reduction(t, "logsumexpKeep", x -> x.logsumexp(new long[] {1}, true));
        reduction(t, "prodWithZeros", x -> x.mul(x.gt(1.5).logicalNot()).prod(2));
        reduction(t, "cumprodWithZeros", x -> x.mul(x.gt(1.5).logicalNot()).cumprod(2));
        Tensor idx = Torch.tensor(new long[] {2, 0, 1, 2}).view(1, 1, 4).expand(2, 2, 4).contiguous();
        // scatter with repeated targets keeps an unspecified write, so its check uses distinct targets per column
        Tensor distinct = Torch.tensor(new long[] {0, 1, 2, 0, 1, 2, 0, 1}).view(1, 2, 4).expand(2, 2, 4).contiguous();
        reduction(t, "scatter", x -> x.scatter(1, distinct, x.narrow(1, 0, 2).mul(2.0)));
        reduction(t, "scatterAdd", x -> x.scatterAdd(1, idx, x.narrow(1, 0, 2).mul(2.0)));
        for (String red : new String[] {"sum", "prod", "mean", "amax", "amin"}) {
            for (boolean inc : new boolean[] {true, false}) {
                reduction(t, "scatterReduce_" + red + "_" + inc, x -> x.scatterReduce(1, idx, x.narrow(1, 0, 2).mul(1.7), red, inc));
            }
        }
        Tensor vec = Torch.tensor(new long[] {2, 0, 2});
        reduction(t, "indexAdd", x -> x.indexAdd(1, vec, x.narrow(1, 0, 3).mul(2.0), 1.5));
        reduction(t, "indexCopy", x -> x.indexCopy(1, Torch.tensor(new long[] {2, 0}), x.narrow(1, 0, 2).exp()));
        reduction(t, "take", x -> x.take(Torch.tensor(new long[] {0, 5, -1, 5})));
        reduction(t, "takeAlongDim", x -> x.takeAlongDim(x.argsort(2), 2));
        reduction(t, "kthvalue", x -> x.kthvalue(2, 1).values());
        reduction(t, "nanmedian", x -> x.nanmedian(2, true).values());
        reduction(t, "quantile", x -> x.quantile(Torch.fromArray(new double[] {0.3, 0.75}), 2L, false, "linear"));
        t.add(DynamicTest.dynamicTest("quantileQ", () -> GradCheck.check(in -> values(-2, 2, 3, 5).quantile(in.get(0), 1L, true, "linear"),
                Torch.fromArray(new double[] {0.1, 0.55, 0.9}))));
        reduction(t, "mode", x -> x.round(1).mode(2).values());
        return t.stream();
    }

    @TestFactory Stream<DynamicTest> linearAlgebra() {
        List<DynamicTest> t = new ArrayList<>();
        Tensor sq = values(-1, 1, 3, 3).add(Torch.eye(3, 3, DType.FLOAT64).mul(2.0));
        Tensor m34 = values(-1, 1, 3, 4), m45 = values(-1, 1, 4, 5), v4 = values(-1, 1, 4);
        t.add(DynamicTest.dynamicTest("det", () -> GradCheck.check(in -> Torch.linalg.det(in.get(0)), sq)));
        t.add(DynamicTest.dynamicTest("inv", () -> GradCheck.check(in -> Torch.linalg.inv(in.get(0)), sq)));
        t.add(DynamicTest.dynamicTest("solve", () -> GradCheck.check(in -> Torch.linalg.solve(in.get(0), in.get(1)), sq, values(-1, 1, 3, 2))));
        // symmetric parametrizations, as torch.autograd.gradcheck does for these
        t.add(DynamicTest.dynamicTest("cholesky", () -> GradCheck.check(in -> Torch.linalg.cholesky(
                in.get(0).matmul(in.get(0).mT()).add(Torch.eye(3, 3, DType.FLOAT64))), sq)));
        t.add(DynamicTest.dynamicTest("eighValues", () -> GradCheck.check(in -> Torch.linalg.eigh(
                in.get(0).add(in.get(0).mT()))[0], sq)));
        t.add(DynamicTest.dynamicTest("eighVectors", () -> GradCheck.check(in -> {
            Tensor v = Torch.linalg.eigh(in.get(0).add(in.get(0).mT()))[1];
            return v.mul(v); // sign-invariant
        }, sq)));
        for (long[] shape : new long[][] {{4, 3}, {3, 4}, {3, 3}}) {
            // full rank with distinct singular values: the SVD is differentiable there
            Tensor a = values(-1, 1, shape).add(Torch.eye(shape[0], shape[1], DType.FLOAT64).mul(Torch.arange(1.0, 1.0 + shape[1], 1.0,
                    DType.FLOAT64)));
            String tag = shape[0] + "x" + shape[1];
            t.add(DynamicTest.dynamicTest("svdValues" + tag, () -> GradCheck.check(in -> Torch.linalg.svd(in.get(0))[1], a)));
            // U and Vh are defined up to the sign of each column/row: check sign-invariant functions of them
            t.add(DynamicTest.dynamicTest("svdU" + tag, () -> GradCheck.check(in -> {
                Tensor u = Torch.linalg.svd(in.get(0))[0];
                return u.mul(u);
            }, a)));
            t.add(DynamicTest.dynamicTest("svdVh" + tag, () -> GradCheck.check(in -> {
                Tensor[] r = Torch.linalg.svd(in.get(0));
                return r[0].matmul(r[2]);
            }, a)));
        }
        Tensor tall = values(-1, 1, 4, 3).add(Torch.eye(4, 3, DType.FLOAT64));
        t.add(DynamicTest.dynamicTest("qrQ", () -> GradCheck.check(in -> Torch.linalg.qr(in.get(0))[0], tall)));
        t.add(DynamicTest.dynamicTest("qrR", () -> GradCheck.check(in -> Torch.linalg.qr(in.get(0))[1], tall)));
        t.add(DynamicTest.dynamicTest("qrSquare", () -> GradCheck.check(in -> {
            Tensor[] qr = Torch.linalg.qr(in.get(0));
            return qr[0].add(qr[1]);
        }, sq)));
        t.add(DynamicTest.dynamicTest("einsum", () -> GradCheck.check(in -> Torch.einsum("ij,jk,k->i", in.get(0), in.get(1),
                in.get(2)), m34, m45, values(-1, 1, 5))));
        t.add(DynamicTest.dynamicTest("einsumTrace", () -> GradCheck.check(in -> Torch.einsum("ii", in.get(0)), sq)));
        t.add(DynamicTest.dynamicTest("tensordot", () -> GradCheck.check(in -> Torch.tensordot(in.get(0), in.get(1), 1), m34, m45)));
        t.add(DynamicTest.dynamicTest("kron", () -> GradCheck.check(in -> in.get(0).kron(in.get(1)), sq, values(0, 1, 2, 2))));
        t.add(DynamicTest.dynamicTest("trace", () -> GradCheck.check(in -> in.get(0).trace(), m34)));
        t.add(DynamicTest.dynamicTest("tril", () -> GradCheck.check(in -> in.get(0).tril(1), m34)));
        t.add(DynamicTest.dynamicTest("diag", () -> GradCheck.check(in -> in.get(0).diag(-1), v4)));
        t.add(DynamicTest.dynamicTest("diagonal", () -> GradCheck.check(in -> in.get(0).diagonal(1, 0, 1), m34)));
        t.add(DynamicTest.dynamicTest("addmm", () -> GradCheck.check(in -> in.get(0).addmm(in.get(1), in.get(2), 0.5, 2.0),
                values(-1, 1, 3, 5), m34, m45)));
        t.add(DynamicTest.dynamicTest("baddbmm", () -> GradCheck.check(in -> in.get(0).baddbmm(in.get(1), in.get(2), 0.5, 1.5),
                values(-1, 1, 2, 3, 5), values(-1, 1, 2, 3, 4), values(-1, 1, 2, 4, 5))));
        t.add(DynamicTest.dynamicTest("addmv", () -> GradCheck.check(in -> in.get(0).addmv(in.get(1), in.get(2), 2, -1),
                values(-1, 1, 3), m34, v4)));
        t.add(DynamicTest.dynamicTest("addr", () -> GradCheck.check(in -> in.get(0).addr(in.get(1), in.get(2), 2, 0.5),
                m34, values(-1, 1, 3), v4)));
        t.add(DynamicTest.dynamicTest("diagEmbed", () -> GradCheck.check(in -> in.get(0).diagEmbed(), m34)));
        t.add(DynamicTest.dynamicTest("triu", () -> GradCheck.check(in -> in.get(0).triu(-1), m34)));
        t.add(DynamicTest.dynamicTest("slogdet", () -> GradCheck.check(in -> Torch.linalg.slogdet(in.get(0))[1], sq)));
        t.add(DynamicTest.dynamicTest("pinv", () -> GradCheck.check(in -> Torch.linalg.pinv(in.get(0)),
                m34.add(Torch.eye(3, 4, DType.FLOAT64).mul(2.0)))));
        for (String ord : new String[] {"fro", "nuc"}) {
            t.add(DynamicTest.dynamicTest("matrixNorm_" + ord, () -> GradCheck.check(in -> Torch.linalg.matrixNorm(in.get(0), ord), sq)));
        }
        for (double ord : new double[] {1, -1, 2, Double.POSITIVE_INFINITY}) {
            t.add(DynamicTest.dynamicTest("matrixNorm_" + ord, () -> GradCheck.check(in -> Torch.linalg.matrixNorm(in.get(0), ord), sq)));
        }
        t.add(DynamicTest.dynamicTest("matrixPower", () -> GradCheck.check(in -> Torch.linalg.matrixPower(in.get(0), -2), sq)));
        t.add(DynamicTest.dynamicTest("matrixPower3", () -> GradCheck.check(in -> Torch.linalg.matrixPower(in.get(0), 3), sq)));
        t.add(DynamicTest.dynamicTest("cross", () -> GradCheck.check(in -> Torch.linalg.cross(in.get(0), in.get(1)), sq, values(0, 1, 1, 3))));
        t.add(DynamicTest.dynamicTest("multiDot", () -> GradCheck.check(in -> Torch.linalg.multiDot(List.of(in.get(0), in.get(1), in.get(2))),
                v4.narrow(0, 0, 3), m34, v4)));
        t.add(DynamicTest.dynamicTest("mv", () -> GradCheck.check(in -> in.get(0).mv(in.get(1)), m34, v4)));
        t.add(DynamicTest.dynamicTest("dot", () -> GradCheck.check(in -> in.get(0).dot(in.get(1)), v4, values(0, 2, 4))));
        t.add(DynamicTest.dynamicTest("outer", () -> GradCheck.check(in -> in.get(0).outer(in.get(1)), v4, values(0, 2, 3))));
        return t.stream();
    }

    @Test void sumOfFloat32OnesIsExact() {
        // the reduce kernel accumulates float32 in double, so 10^8 ones sum to 1e8 exactly (float32 sequential sums stall at 2^24)
        Tensor ones = Torch.ones(100_000_000L);
        org.junit.jupiter.api.Assertions.assertEquals(1e8, ones.sum().itemDouble());
    }
}
