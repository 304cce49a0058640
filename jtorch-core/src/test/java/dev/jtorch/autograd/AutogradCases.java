package dev.jtorch.autograd;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The golden autograd cases of conformance/gen_autograd.py and the op table they name (mirrors the script's). */
final class AutogradCases {
    private AutogradCases() {}

    static List<JsonObject> load() {
        List<JsonObject> cases = new ArrayList<>();
        var in = AutogradCases.class.getResourceAsStream("/golden/autograd.jsonl");
        if (in == null) throw new IllegalStateException("golden/autograd.jsonl missing");
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) cases.add(JsonParser.parseString(line).getAsJsonObject());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return cases;
    }

    static String label(JsonObject c) {
        return c.get("id").getAsInt() + ":" + c.get("op").getAsString() + c.get("args") + " " + shapes(c);
    }

    private static String shapes(JsonObject c) {
        List<String> s = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("inputs")) {
            JsonObject o = e.getAsJsonObject();
            s.add(o.get("dtype").getAsString() + o.get("shape") + (o.getAsJsonArray("prep").isEmpty() ? "" : o.get("prep")));
        }
        return String.join(",", s);
    }

    static double num(JsonElement e) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return switch (e.getAsString()) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException(e.getAsString());
            };
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) return e.getAsBoolean() ? 1 : 0;
        return e.getAsDouble();
    }

    static double[] doubles(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = num(a.get(i));
        return r;
    }

    static long[] longs(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    static DType dtype(String s) {
        return switch (s) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "bool" -> DType.BOOL;
            default -> throw new IllegalArgumentException(s);
        };
    }

    /** A fresh leaf with the given values (exactly, in {@code dtype}). */
    static Tensor leaf(double[] data, long[] shape, DType dtype) {
        Tensor t = Torch.zeros(shape, dtype);
        for (int i = 0; i < data.length; i++) dev.jtorch.internal.Mem.setDouble(t.segment(), dtype, i, data[i]);
        return dev.jtorch.testing.Golden.toDevice(t);
    }

    /** The leaves of a case; {@code asDouble} converts floating inputs to float64 (for gradcheck). */
    static Tensor[] leaves(JsonObject c, boolean asDouble) {
        JsonArray specs = c.getAsJsonArray("inputs");
        JsonArray data = c.getAsJsonArray("data");
        Tensor[] r = new Tensor[specs.size()];
        for (int i = 0; i < r.length; i++) {
            JsonObject s = specs.get(i).getAsJsonObject();
            DType t = dtype(s.get("dtype").getAsString());
            if (asDouble && t.isFloatingPoint()) t = DType.FLOAT64;
            r[i] = leaf(doubles(data.get(i)), longs(s.get("shape")), t);
            if (s.get("requires_grad").getAsBoolean()) r[i].requiresGrad_();
        }
        return r;
    }

    /** Runs the case's function: the view preparations of each input, then the op. */
    static Tensor[] forward(JsonObject c, Tensor[] leaves) {
        JsonArray specs = c.getAsJsonArray("inputs");
        Tensor[] xs = new Tensor[leaves.length];
        for (int i = 0; i < xs.length; i++) {
            Tensor x = leaves[i];
            for (JsonElement p : specs.get(i).getAsJsonObject().getAsJsonArray("prep")) {
                JsonObject po = p.getAsJsonObject();
                x = apply(po.get("op").getAsString(), po.getAsJsonArray("args"), new Tensor[] {x})[0];
            }
            xs[i] = x;
        }
        return apply(c.get("op").getAsString(), c.getAsJsonArray("args"), xs);
    }

    static Tensor[] apply(String op, JsonArray a, Tensor[] xs) {
        Tensor x = xs[0];
        return switch (op) {
            case "chunk" -> x.chunk(a.get(0).getAsLong(), a.get(1).getAsLong()).toArray(new Tensor[0]);
            case "split" -> x.split(a.get(0).getAsLong(), a.get(1).getAsLong()).toArray(new Tensor[0]);
            case "split_sizes" -> x.split(longs(a.get(0)), a.get(1).getAsLong()).toArray(new Tensor[0]);
            case "unbind" -> x.unbind(a.get(0).getAsLong()).toArray(new Tensor[0]);
            default -> new Tensor[] {apply1(op, a, xs)};
        };
    }

    private static Tensor apply1(String op, JsonArray a, Tensor[] xs) {
        Tensor x = xs[0];
        return switch (op) {
            case "add" -> x.add(xs[1]);
            case "add_alpha" -> x.add(xs[1], a.get(0).getAsDouble());
            case "add_scalar" -> x.add(a.get(0).getAsDouble());
            case "sub" -> x.sub(xs[1]);
            case "sub_alpha" -> x.sub(xs[1], a.get(0).getAsDouble());
            case "rsub_scalar" -> x.sub(a.get(0).getAsDouble());
            case "mul" -> x.mul(xs[1]);
            case "mul_scalar" -> x.mul(a.get(0).getAsDouble());
            case "div" -> x.div(xs[1]);
            case "div_scalar" -> x.div(a.get(0).getAsDouble());
            case "neg" -> x.neg();
            case "pow_scalar" -> x.pow(a.get(0).getAsDouble());
            case "pow_tensor" -> x.pow(xs[1]);
            case "square" -> x.square();
            case "exp" -> x.exp();
            case "log" -> x.log();
            case "sqrt" -> x.sqrt();
            case "abs" -> x.abs();
            case "sum" -> x.sum();
            case "sum_dim" -> x.sum(a.get(0).getAsLong(), a.get(1).getAsBoolean());
            case "sum_dims" -> x.sum(longs(a.get(0)), a.get(1).getAsBoolean());
            case "mean" -> x.mean();
            case "mean_dim" -> x.mean(a.get(0).getAsLong(), a.get(1).getAsBoolean());
            case "mean_dims" -> x.mean(longs(a.get(0)), a.get(1).getAsBoolean());
            case "dist" -> Torch.dist(x, xs[1], num(a.get(0)));
            case "matmul" -> x.matmul(xs[1]);
            case "mm" -> x.mm(xs[1]);
            case "bmm" -> Torch.bmm(x, xs[1]);
            case "where" -> Torch.where(x, xs[1], xs[2]);
            case "view" -> x.view(longs(a));
            case "reshape" -> x.reshape(longs(a));
            case "transpose" -> x.transpose(a.get(0).getAsLong(), a.get(1).getAsLong());
            case "t" -> x.t();
            case "permute" -> x.permute(longs(a));
            case "expand" -> x.expand(longs(a));
            case "narrow" -> x.narrow(a.get(0).getAsLong(), a.get(1).getAsLong(), a.get(2).getAsLong());
            case "select" -> x.select(a.get(0).getAsLong(), a.get(1).getAsLong());
            case "slice" -> x.slice(a.get(0).getAsLong(), a.get(1).getAsLong(), a.get(2).getAsLong(), a.get(3).getAsLong());
            case "squeeze" -> x.squeeze();
            case "squeeze_dim" -> x.squeeze(a.get(0).getAsLong());
            case "unsqueeze" -> x.unsqueeze(a.get(0).getAsLong());
            case "flatten" -> x.flatten(a.get(0).getAsLong(), a.get(1).getAsLong());
            case "unfold" -> x.unfold(a.get(0).getAsLong(), a.get(1).getAsLong(), a.get(2).getAsLong());
            case "cat" -> Torch.cat(Arrays.asList(xs), a.get(0).getAsLong());
            case "stack" -> Torch.stack(Arrays.asList(xs), a.get(0).getAsLong());
            case "to_float64" -> x.to(DType.FLOAT64);
            case "to_float32" -> x.to(DType.FLOAT32);
            case "clone" -> x.clone();
            case "contiguous" -> x.contiguous();
            case "mul_chain" -> x.mul(xs[1]).mul(x);
            case "cube" -> x.mul(x).mul(x);
            case "exp_mul" -> x.exp().mul(xs[1]).sum(1);
            case "poly" -> x.pow(3.0).sub(x.mul(2.0)).add(1.0);
            case "softish" -> x.exp().div(x.exp().sum());
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }
}
