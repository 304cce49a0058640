package dev.jtorch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.List;

import static dev.jtorch.MathGoldenOps.OPS;
import static dev.jtorch.MathGoldenOps.b;
import static dev.jtorch.MathGoldenOps.l;
import static dev.jtorch.MathGoldenOps.t;

/** Golden-op bindings of reductions, scans, sorting and the index-driven ops. */
final class ReduceBindings {
    private ReduceBindings() {}

    /** The "dim" argument: null (absent or None), or the dims as an array (an int becomes one dim). */
    static long[] dims(JsonObject a) {
        if (!a.has("dim") || a.get("dim").isJsonNull()) return null;
        JsonElement e = a.get("dim");
        if (e.isJsonArray()) {
            JsonArray arr = e.getAsJsonArray();
            long[] r = new long[arr.size()];
            for (int i = 0; i < r.length; i++) r[i] = arr.get(i).getAsLong();
            return r;
        }
        return new long[] {e.getAsLong()};
    }

    static boolean dimIsInt(JsonObject a) { return a.has("dim") && !a.get("dim").isJsonNull() && !a.get("dim").isJsonArray(); }

    static DType dtype(JsonObject a) { return a.has("dtype") ? DType.of(a.get("dtype").getAsString()) : null; }

    static double num(JsonObject a, String k, double def) {
        if (!a.has(k)) return def;
        JsonElement e = a.get(k);
        if (e.getAsJsonPrimitive().isString()) {
            return switch (e.getAsString()) {
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                case "fro" -> 2.0;
                default -> Double.NaN;
            };
        }
        return e.getAsDouble();
    }

    static double correction(JsonObject a) {
        if (a.has("correction")) return a.get("correction").getAsDouble();
        if (a.has("unbiased")) return a.get("unbiased").getAsBoolean() ? 1 : 0;
        return 1;
    }

    static List<Tensor> vi(ValuesIndices r) { return List.of(r.values(), r.indices()); }

    static void register() {
        OPS.put("sum", (in, a) -> t(in, 0).sum(dims(a), b(a, "keepdim", false), dtype(a)));
        OPS.put("mean", (in, a) -> t(in, 0).mean(dims(a), b(a, "keepdim", false), dtype(a)));
        OPS.put("nansum", (in, a) -> t(in, 0).nansum(dims(a), b(a, "keepdim", false)));
        OPS.put("nanmean", (in, a) -> t(in, 0).nanmean(dims(a), b(a, "keepdim", false)));
        OPS.put("prod", (in, a) -> {
            Tensor x = t(in, 0);
            if (!a.has("dim")) return a.has("dtype") ? x.prod(0, false, dtype(a)) : x.prod();
            return dtype(a) == null ? x.prod(l(a, "dim", 0), b(a, "keepdim", false)) : x.prod(l(a, "dim", 0), b(a, "keepdim", false), dtype(a));
        });
        OPS.put("amax", (in, a) -> t(in, 0).amax(dims(a), b(a, "keepdim", false)));
        OPS.put("amin", (in, a) -> t(in, 0).amin(dims(a), b(a, "keepdim", false)));
        OPS.put("argmax", (in, a) -> dimIsInt(a) ? t(in, 0).argmax(l(a, "dim", 0), b(a, "keepdim", false))
                : b(a, "keepdim", false) ? dev.jtorch.ops.Reductions2.argmax(t(in, 0), null, true, true) : t(in, 0).argmax());
        OPS.put("argmin", (in, a) -> dimIsInt(a) ? t(in, 0).argmin(l(a, "dim", 0), b(a, "keepdim", false))
                : b(a, "keepdim", false) ? dev.jtorch.ops.Reductions2.argmax(t(in, 0), null, true, false) : t(in, 0).argmin());
        OPS.put("std", (in, a) -> t(in, 0).std(dims(a), correction(a), b(a, "keepdim", false)));
        OPS.put("var", (in, a) -> t(in, 0).var(dims(a), correction(a), b(a, "keepdim", false)));
        OPS.put("std_mean", (in, a) -> List.of(Torch.stdMean(t(in, 0), dims(a), correction(a), b(a, "keepdim", false))));
        OPS.put("var_mean", (in, a) -> List.of(Torch.varMean(t(in, 0), dims(a), correction(a), b(a, "keepdim", false))));
        OPS.put("max", (in, a) -> a.has("dim") ? vi(t(in, 0).max(l(a, "dim", 0), b(a, "keepdim", false))) : t(in, 0).max());
        OPS.put("min", (in, a) -> a.has("dim") ? vi(t(in, 0).min(l(a, "dim", 0), b(a, "keepdim", false))) : t(in, 0).min());
        OPS.put("norm", (in, a) -> t(in, 0).norm(num(a, "p", 2.0), dims(a), b(a, "keepdim", false)));
        OPS.put("vector_norm", (in, a) -> Torch.linalg.vectorNorm(t(in, 0), num(a, "ord", 2.0), dims(a), b(a, "keepdim", false), dtype(a)));
        OPS.put("logsumexp", (in, a) -> t(in, 0).logsumexp(dims(a), b(a, "keepdim", false)));
        OPS.put("softmax", (in, a) -> t(in, 0).softmax(l(a, "dim", 0), dtype(a)));
        OPS.put("log_softmax", (in, a) -> t(in, 0).logSoftmax(l(a, "dim", 0), dtype(a)));
        OPS.put("cumsum", (in, a) -> t(in, 0).cumsum(l(a, "dim", 0), dtype(a)));
        OPS.put("cumprod", (in, a) -> t(in, 0).cumprod(l(a, "dim", 0), dtype(a)));
        OPS.put("cummax", (in, a) -> vi(t(in, 0).cummax(l(a, "dim", 0))));
        OPS.put("cummin", (in, a) -> vi(t(in, 0).cummin(l(a, "dim", 0))));
        OPS.put("logcumsumexp", (in, a) -> t(in, 0).logcumsumexp(l(a, "dim", 0)));
        OPS.put("all", (in, a) -> a.has("dim") ? t(in, 0).all(l(a, "dim", 0), b(a, "keepdim", false)) : t(in, 0).all());
        OPS.put("any", (in, a) -> a.has("dim") ? t(in, 0).any(l(a, "dim", 0), b(a, "keepdim", false)) : t(in, 0).any());
        OPS.put("count_nonzero", (in, a) -> a.has("dim") ? t(in, 0).countNonzero(dims(a)) : t(in, 0).countNonzero());
        OPS.put("median", (in, a) -> a.has("dim") ? vi(t(in, 0).median(l(a, "dim", 0), b(a, "keepdim", false))) : t(in, 0).median());
        OPS.put("mode", (in, a) -> vi(t(in, 0).mode(l(a, "dim", -1), b(a, "keepdim", false))));
        OPS.put("topk", (in, a) -> vi(t(in, 0).topk(l(a, "k", 1), l(a, "dim", -1), b(a, "largest", true), b(a, "sorted", true))));
        OPS.put("sort", (in, a) -> vi(t(in, 0).sort(l(a, "dim", -1), b(a, "descending", false))));
        OPS.put("argsort", (in, a) -> t(in, 0).argsort(l(a, "dim", -1), b(a, "descending", false)));
        OPS.put("unique", (in, a) -> {
            if (a.size() == 0) return t(in, 0).unique();
            return List.of(t(in, 0).unique(b(a, "return_inverse", false), b(a, "return_counts", false)));
        });
        OPS.put("bincount", (in, a) -> in.size() > 1 || a.has("minlength")
                ? t(in, 0).bincount(in.size() > 1 ? t(in, 1) : null, l(a, "minlength", 0)) : t(in, 0).bincount());
        OPS.put("kthvalue", (in, a) -> vi(t(in, 0).kthvalue(l(a, "k", 1), l(a, "dim", -1), b(a, "keepdim", false))));
        OPS.put("nanmedian", (in, a) -> a.has("dim") ? vi(t(in, 0).nanmedian(l(a, "dim", 0), b(a, "keepdim", false))) : t(in, 0).nanmedian());
        OPS.put("quantile", (in, a) -> t(in, 0).quantile(t(in, 1), dimIsInt(a) ? (Long) l(a, "dim", 0) : null, b(a, "keepdim", false),
                MathGoldenOps.s(a, "interpolation", "linear")));
        OPS.put("nanquantile", (in, a) -> t(in, 0).nanquantile(t(in, 1), dimIsInt(a) ? (Long) l(a, "dim", 0) : null,
                b(a, "keepdim", false), MathGoldenOps.s(a, "interpolation", "linear")));
        OPS.put("histc", (in, a) -> t(in, 0).histc(l(a, "bins", 100), num(a, "min", 0), num(a, "max", 0)));
        // index-driven ops
        OPS.put("gather", (in, a) -> t(in, 0).gather(l(a, "dim", 0), t(in, 1)));
        OPS.put("scatter", (in, a) -> {
            if (a.has("reduce")) return t(in, 0).scatter(l(a, "dim", 0), t(in, 1), t(in, 2), a.get("reduce").getAsString());
            if (in.get(2) instanceof Tensor src) return t(in, 0).scatter(l(a, "dim", 0), t(in, 1), src);
            return t(in, 0).scatter(l(a, "dim", 0), t(in, 1), ((Number) in.get(2)).doubleValue());
        });
        OPS.put("scatter_", (in, a) -> a.has("reduce") ? t(in, 0).clone().scatter_(l(a, "dim", 0), t(in, 1), t(in, 2), a.get("reduce").getAsString())
                : t(in, 0).clone().scatter_(l(a, "dim", 0), t(in, 1), t(in, 2)));
        OPS.put("scatter_reduce", (in, a) -> t(in, 0).scatterReduce(l(a, "dim", 0), t(in, 1), t(in, 2), a.get("reduce").getAsString(),
                b(a, "include_self", true)));
        OPS.put("scatter_add", (in, a) -> t(in, 0).scatterAdd(l(a, "dim", 0), t(in, 1), t(in, 2)));
        OPS.put("index_add", (in, a) -> t(in, 0).indexAdd(l(a, "dim", 0), t(in, 1), t(in, 2), a.has("alpha") ? a.get("alpha").getAsDouble() : 1.0));
        OPS.put("index_copy", (in, a) -> t(in, 0).indexCopy(l(a, "dim", 0), t(in, 1), t(in, 2)));
        OPS.put("take", (in, a) -> t(in, 0).take(t(in, 1)));
        OPS.put("take_along_dim", (in, a) -> a.has("dim") ? t(in, 0).takeAlongDim(t(in, 1), l(a, "dim", 0)) : t(in, 0).takeAlongDim(t(in, 1)));
        OPS.put("nonzero", (in, a) -> t(in, 0).nonzero());
        OPS.put("argwhere", (in, a) -> t(in, 0).argwhere());
    }
}
