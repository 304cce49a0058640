package dev.jtorch;

import com.google.gson.JsonObject;

import java.util.List;

import static dev.jtorch.MathGoldenOps.OPS;
import static dev.jtorch.MathGoldenOps.b;
import static dev.jtorch.MathGoldenOps.bin;
import static dev.jtorch.MathGoldenOps.d;
import static dev.jtorch.MathGoldenOps.dispatch;
import static dev.jtorch.MathGoldenOps.s;
import static dev.jtorch.MathGoldenOps.t;

/** Golden-op bindings of the binary elementwise family. */
final class BinaryBindings {
    private BinaryBindings() {}

    static Tensor wrapped(Object v, Tensor like) {
        if (v instanceof Tensor t) return t;
        if (v instanceof Long l) return Torch.scalarTensor(l, like);
        if (v instanceof Double x) return Torch.scalarTensor(x, like);
        if (v instanceof Boolean x) return dev.jtorch.ops.BinaryOps.scalarBool(x, like);
        return null;
    }

    static Object clamp(List<Object> in) {
        Tensor x = t(in, 0);
        Object lo = in.size() > 1 ? in.get(1) : null, hi = in.size() > 2 ? in.get(2) : null;
        if (lo instanceof Tensor || hi instanceof Tensor) return x.clamp((Tensor) lo, (Tensor) hi);
        if ((lo == null || lo instanceof Long) && (hi == null || hi instanceof Long) && (lo != null || hi != null)) {
            if (lo == null) return x.clampMax((Long) hi);
            if (hi == null) return x.clampMin((Long) lo);
            return x.clamp((long) (Long) lo, (long) (Long) hi);
        }
        Double a = lo == null ? null : ((Number) lo).doubleValue(), c = hi == null ? null : ((Number) hi).doubleValue();
        return x.clamp(a, c);
    }

    static void register() {
        OPS.put("result_type", (in, a) -> {
            Tensor x = in.get(0) instanceof Tensor tt ? tt : null;
            Tensor like = x != null ? x : t(in, 1);
            return Torch.resultType(wrapped(in.get(0), like), wrapped(in.get(1), like));
        });
        OPS.put("add", (in, a) -> {
            if (a.has("alpha")) {
                if (a.get("alpha").getAsJsonPrimitive().getAsString().contains(".")) return t(in, 0).add(t(in, 1), d(a, "alpha", 1));
                return t(in, 0).add(t(in, 1), a.get("alpha").getAsLong());
            }
            return dispatch(in.get(0), in.get(1), Tensor::add, Tensor::add, Tensor::add, Torch::add, Torch::add);
        });
        OPS.put("sub", (in, a) -> {
            if (a.has("alpha")) return t(in, 0).sub(t(in, 1), d(a, "alpha", 1));
            return dispatch(in.get(0), in.get(1), Tensor::sub, Tensor::sub, Tensor::sub, Torch::sub, Torch::sub);
        });
        OPS.put("rsub", (in, a) -> dispatch(in.get(0), in.get(1), Tensor::rsub, Tensor::rsub, Tensor::rsub, null, null));
        bin("mul", Tensor::mul, Tensor::mul, Tensor::mul, Torch::mul, Torch::mul);
        OPS.put("div", (in, a) -> {
            String mode = s(a, "rounding_mode", null);
            if (mode != null) {
                if (in.get(1) instanceof Tensor o) return t(in, 0).div(o, mode);
                if (in.get(1) instanceof Long v) return t(in, 0).div(v, mode);
                return t(in, 0).div((Double) in.get(1), mode);
            }
            return dispatch(in.get(0), in.get(1), Tensor::div, Tensor::div, Tensor::div, Torch::div, Torch::div);
        });
        bin("floor_divide", Tensor::floorDivide, Tensor::floorDivide, Tensor::floorDivide, null, null);
        bin("remainder", Tensor::remainder, Tensor::remainder, Tensor::remainder, Torch::remainder, Torch::remainder);
        bin("fmod", Tensor::fmod, Tensor::fmod, Tensor::fmod, null, null);
        bin("pow", Tensor::pow, Tensor::pow, Tensor::pow, Torch::pow, Torch::pow);
        bin("maximum", Tensor::maximum, null, null, null, null);
        bin("minimum", Tensor::minimum, null, null, null, null);
        bin("fmax", Tensor::fmax, null, null, null, null);
        bin("fmin", Tensor::fmin, null, null, null, null);
        bin("atan2", Tensor::atan2, null, null, null, null);
        bin("hypot", Tensor::hypot, null, null, null, null);
        bin("xlogy", Tensor::xlogy, Tensor::xlogy, null, Torch::xlogy, null);
        bin("copysign", Tensor::copysign, Tensor::copysign, null, null, null);
        OPS.put("lerp", (in, a) -> in.get(2) instanceof Tensor w ? t(in, 0).lerp(t(in, 1), w)
                : t(in, 0).lerp(t(in, 1), ((Number) in.get(2)).doubleValue()));
        bin("eq", Tensor::eq, Tensor::eq, Tensor::eq, null, null);
        bin("ne", Tensor::ne, Tensor::ne, Tensor::ne, null, null);
        bin("lt", Tensor::lt, Tensor::lt, Tensor::lt, null, null);
        bin("le", Tensor::le, Tensor::le, Tensor::le, null, null);
        bin("gt", Tensor::gt, Tensor::gt, Tensor::gt, null, null);
        bin("ge", Tensor::ge, Tensor::ge, Tensor::ge, null, null);
        OPS.put("equal", (in, a) -> t(in, 0).equal(t(in, 1)));
        OPS.put("isclose", (in, a) -> t(in, 0).isclose(t(in, 1), d(a, "rtol", 1e-5), d(a, "atol", 1e-8), b(a, "equal_nan", false)));
        OPS.put("allclose", (in, a) -> t(in, 0).allclose(t(in, 1), d(a, "rtol", 1e-5), d(a, "atol", 1e-8), b(a, "equal_nan", false)));
        bin("logical_and", Tensor::logicalAnd, null, null, null, null);
        bin("logical_or", Tensor::logicalOr, null, null, null, null);
        bin("logical_xor", Tensor::logicalXor, null, null, null, null);
        OPS.put("logical_not", (in, a) -> t(in, 0).logicalNot());
        bin("bitwise_and", Tensor::bitwiseAnd, null, Tensor::bitwiseAnd, null, null);
        bin("bitwise_or", Tensor::bitwiseOr, null, Tensor::bitwiseOr, null, null);
        bin("bitwise_xor", Tensor::bitwiseXor, null, Tensor::bitwiseXor, null, null);
        OPS.put("bitwise_not", (in, a) -> t(in, 0).bitwiseNot());
        bin("bitwise_left_shift", Tensor::bitwiseLeftShift, null, Tensor::bitwiseLeftShift, null, null);
        bin("bitwise_right_shift", Tensor::bitwiseRightShift, null, Tensor::bitwiseRightShift, null, null);
        OPS.put("clamp", (in, a) -> clamp(in));
        bin("clamp_min", Tensor::clampMin, Tensor::clampMin, Tensor::clampMin, null, null);
        bin("clamp_max", Tensor::clampMax, Tensor::clampMax, Tensor::clampMax, null, null);
        OPS.put("masked_fill", (in, a) -> maskedFill(t(in, 0), in));
        OPS.put("where", (in, a) -> Torch.where(t(in, 0), t(in, 1), t(in, 2)));
        // in-place forms run on a copy of input 0, as the generator does
        for (String name : new String[] {"add", "sub", "mul", "div", "floor_divide", "remainder", "fmod", "pow", "atan2",
                "hypot", "xlogy", "logical_and", "bitwise_and", "clamp", "masked_fill", "lerp", "eq", "lt", "ge"}) {
            OPS.put(name + "_", (in, a) -> inPlace(name, in, a));
        }
    }

    static Tensor maskedFill(Tensor x, List<Object> in) {
        Tensor m = t(in, 1);
        Object v = in.get(2);
        if (v instanceof Tensor vt) return x.maskedFill(m, vt);
        if (v instanceof Long l) return x.maskedFill(m, l);
        if (v instanceof Boolean bb) return x.maskedFill(m, bb);
        return x.maskedFill(m, (Double) v);
    }

    static Object inPlace(String name, List<Object> in, JsonObject a) {
        Tensor x = t(in, 0).clone();
        Object y = in.size() > 1 ? in.get(1) : null;
        return switch (name) {
            case "add" -> y instanceof Tensor o ? x.add_(o) : y instanceof Long l ? x.add_(l) : x.add_((Double) y);
            case "sub" -> y instanceof Tensor o ? x.sub_(o) : y instanceof Long l ? x.sub_(l) : x.sub_((Double) y);
            case "mul" -> y instanceof Tensor o ? x.mul_(o) : y instanceof Long l ? x.mul_(l) : x.mul_((Double) y);
            case "div" -> y instanceof Tensor o ? x.div_(o) : y instanceof Long l ? x.div_(l) : x.div_((Double) y);
            case "floor_divide" -> x.floorDivide_(wrapped(y, x));
            case "remainder" -> x.remainder_(wrapped(y, x));
            case "fmod" -> x.fmod_(wrapped(y, x));
            case "pow" -> y instanceof Tensor o ? x.pow_(o) : y instanceof Long l ? x.pow_(l) : x.pow_((Double) y);
            case "atan2" -> x.atan2_((Tensor) y);
            case "hypot" -> x.hypot_((Tensor) y);
            case "xlogy" -> x.xlogy_(wrapped(y, x));
            case "logical_and" -> x.logicalAnd_(wrapped(y, x));
            case "bitwise_and" -> x.bitwiseAnd_(wrapped(y, x));
            case "clamp" -> {
                Tensor r = (Tensor) clamp(in);
                yield dev.jtorch.ops.BinaryOps.inPlaceCpp(x, r);
            }
            case "masked_fill" -> dev.jtorch.ops.MathOps.inPlace(x, maskedFill(x, in));
            case "lerp" -> in.get(2) instanceof Tensor w ? x.lerp_(t(in, 1), w) : x.lerp_(t(in, 1), ((Number) in.get(2)).doubleValue());
            case "eq" -> y instanceof Tensor o ? x.eq_(o) : x.eq_(((Number) y).doubleValue());
            case "lt" -> y instanceof Tensor o ? x.lt_(o) : x.lt_(((Number) y).doubleValue());
            case "ge" -> y instanceof Tensor o ? x.ge_(o) : x.ge_(((Number) y).doubleValue());
            default -> throw new UnsupportedOperationException(name);
        };
    }
}
