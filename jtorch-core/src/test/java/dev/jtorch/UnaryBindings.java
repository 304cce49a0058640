package dev.jtorch;

import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.jtorch.MathGoldenOps.OPS;
import static dev.jtorch.MathGoldenOps.d;
import static dev.jtorch.MathGoldenOps.l;
import static dev.jtorch.MathGoldenOps.s;
import static dev.jtorch.MathGoldenOps.t;

/** Golden-op bindings of the unary elementwise family. */
final class UnaryBindings {
    private UnaryBindings() {}

    static final Map<String, UnaryOperator<Tensor>> PLAIN = Map.ofEntries(
            Map.entry("neg", Tensor::neg), Map.entry("abs", Tensor::abs), Map.entry("sign", Tensor::sign),
            Map.entry("exp", Tensor::exp), Map.entry("exp2", Tensor::exp2), Map.entry("expm1", Tensor::expm1),
            Map.entry("log", Tensor::log), Map.entry("log2", Tensor::log2), Map.entry("log10", Tensor::log10),
            Map.entry("log1p", Tensor::log1p), Map.entry("sqrt", Tensor::sqrt), Map.entry("rsqrt", Tensor::rsqrt),
            Map.entry("square", Tensor::square), Map.entry("reciprocal", Tensor::reciprocal), Map.entry("sin", Tensor::sin),
            Map.entry("cos", Tensor::cos), Map.entry("tan", Tensor::tan), Map.entry("asin", Tensor::asin),
            Map.entry("acos", Tensor::acos), Map.entry("atan", Tensor::atan), Map.entry("sinh", Tensor::sinh),
            Map.entry("cosh", Tensor::cosh), Map.entry("tanh", Tensor::tanh), Map.entry("asinh", Tensor::asinh),
            Map.entry("acosh", Tensor::acosh), Map.entry("atanh", Tensor::atanh), Map.entry("sigmoid", Tensor::sigmoid),
            Map.entry("relu", Tensor::relu), Map.entry("relu6", Torch::relu6), Map.entry("selu", Torch::selu),
            Map.entry("silu", Torch::silu), Map.entry("mish", Torch::mish), Map.entry("hardsigmoid", Torch::hardsigmoid),
            Map.entry("hardswish", Torch::hardswish), Map.entry("logsigmoid", Torch::logsigmoid),
            Map.entry("erf", Tensor::erf), Map.entry("erfc", Tensor::erfc), Map.entry("erfinv", Tensor::erfinv),
            Map.entry("lgamma", Tensor::lgamma), Map.entry("digamma", Tensor::digamma), Map.entry("floor", Tensor::floor),
            Map.entry("ceil", Tensor::ceil), Map.entry("trunc", Tensor::trunc), Map.entry("frac", Tensor::frac),
            Map.entry("isnan", Tensor::isnan), Map.entry("isinf", Tensor::isinf), Map.entry("isfinite", Tensor::isfinite),
            Map.entry("isposinf", Tensor::isposinf), Map.entry("isneginf", Tensor::isneginf),
            Map.entry("signbit", Tensor::signbit), Map.entry("logical_not", Tensor::logicalNot));

    static final Map<String, UnaryOperator<Tensor>> IN_PLACE = Map.ofEntries(
            Map.entry("neg", Tensor::neg_), Map.entry("abs", Tensor::abs_), Map.entry("exp", Tensor::exp_),
            Map.entry("log", Tensor::log_), Map.entry("sqrt", Tensor::sqrt_), Map.entry("sin", Tensor::sin_),
            Map.entry("cos", Tensor::cos_), Map.entry("tanh", Tensor::tanh_), Map.entry("sigmoid", Tensor::sigmoid_),
            Map.entry("relu", Tensor::relu_), Map.entry("floor", Tensor::floor_), Map.entry("ceil", Tensor::ceil_),
            Map.entry("round", Tensor::round_), Map.entry("trunc", Tensor::trunc_), Map.entry("frac", Tensor::frac_),
            Map.entry("erf", Tensor::erf_), Map.entry("erfinv", Tensor::erfinv_), Map.entry("reciprocal", Tensor::reciprocal_),
            Map.entry("rsqrt", Tensor::rsqrt_), Map.entry("exp2", Tensor::exp2_), Map.entry("expm1", Tensor::expm1_),
            Map.entry("log1p", Tensor::log1p_), Map.entry("sign", Tensor::sign_), Map.entry("square", Tensor::square_),
            Map.entry("lgamma", Tensor::lgamma_), Map.entry("digamma", Tensor::digamma_),
            Map.entry("nan_to_num", Tensor::nanToNum_), Map.entry("log2", Tensor::log2_), Map.entry("tan", Tensor::tan_),
            Map.entry("atan", Tensor::atan_));

    static void register() {
        PLAIN.forEach((name, f) -> OPS.put(name, (in, a) -> f.apply(t(in, 0))));
        IN_PLACE.forEach((name, f) -> OPS.put(name + "_", (in, a) -> f.apply(t(in, 0).clone())));
        OPS.put("leaky_relu", (in, a) -> Torch.leakyRelu(t(in, 0), d(a, "negative_slope", 0.01)));
        OPS.put("elu", (in, a) -> Torch.elu(t(in, 0), d(a, "alpha", 1.0)));
        OPS.put("gelu", (in, a) -> Torch.gelu(t(in, 0), s(a, "approximate", "none")));
        OPS.put("softplus", (in, a) -> Torch.softplus(t(in, 0), d(a, "beta", 1.0), d(a, "threshold", 20.0)));
        OPS.put("hardtanh", (in, a) -> Torch.hardtanh(t(in, 0), d(a, "min_val", -1.0), d(a, "max_val", 1.0)));
        OPS.put("round", (in, a) -> a.has("decimals") ? t(in, 0).round(l(a, "decimals", 0)) : t(in, 0).round());
        OPS.put("nan_to_num", (in, a) -> t(in, 0).nanToNum(d(a, "nan", 0.0),
                a.has("posinf") ? d(a, "posinf", 0) : null, a.has("neginf") ? d(a, "neginf", 0) : null));
    }
}
