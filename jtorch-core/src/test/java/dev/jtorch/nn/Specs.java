package dev.jtorch.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.ArrayList;
import java.util.List;

/** Builds the Java module for a golden spec {"type", "kw"} (PyTorch constructor keywords). */
final class Specs {
    private Specs() {}

    /** The book's chapter-3 network, written the Java way: fields are discovered as submodules. */
    static class Net extends Module {
        Linear fc1 = new Linear(2, 5);
        Linear fc2 = new Linear(5, 1);

        @Override public Tensor forward(Tensor x) { return fc2.call(fc1.call(x).relu()).sigmoid(); }
    }

    static class CNN extends Module {
        Conv2d conv1 = new Conv2d(1, 4, 3, 1, 1);
        BatchNorm2d bn1 = new BatchNorm2d(4);
        MaxPool2d pool = new MaxPool2d(2);
        Conv2d conv2 = new Conv2d(4, 6, 3);
        Dropout drop = new Dropout(0.25);
        Linear fc = new Linear(6 * 2 * 2, 3);

        @Override public Tensor forward(Tensor x) {
            x = pool.call(bn1.call(conv1.call(x)).relu());
            x = pool.call(conv2.call(x).relu());
            return fc.call(drop.call(x.flatten(1, -1)));
        }
    }

    static Module build(JsonObject spec) {
        String t = spec.get("type").getAsString();
        JsonObject kw = spec.has("kw") ? spec.getAsJsonObject("kw") : new JsonObject();
        Kw k = new Kw(kw);
        return switch (t) {
            case "Net" -> new Net();
            case "CNN" -> new CNN();
            case "Sequential" -> {
                List<Module> ms = new ArrayList<>();
                for (JsonElement e : kw.getAsJsonArray("modules")) ms.add(build(e.getAsJsonObject()));
                yield new Sequential(ms.toArray(new Module[0]));
            }
            case "Linear" -> new Linear(k.l("in_features"), k.l("out_features"), k.b("bias", true));
            case "Bilinear" -> new Bilinear(k.l("in1_features"), k.l("in2_features"), k.l("out_features"), k.b("bias", true));
            case "Conv2d" -> kw.has("padding") && kw.get("padding").isJsonPrimitive() && kw.get("padding").getAsJsonPrimitive().isString()
                    ? new Conv2d(k.l("in_channels"), k.l("out_channels"), k.arr("kernel_size", null), k.arr("stride", 1L),
                    kw.get("padding").getAsString(), k.arr("dilation", 1L), k.l("groups", 1), k.b("bias", true), k.s("padding_mode", "zeros"))
                    : new Conv2d(k.l("in_channels"), k.l("out_channels"), k.arr("kernel_size", null), k.arr("stride", 1L),
                    k.arr("padding", 0L), k.arr("dilation", 1L), k.l("groups", 1), k.b("bias", true), k.s("padding_mode", "zeros"));
            case "Conv1d" -> kw.has("padding") && kw.get("padding").getAsJsonPrimitive().isString()
                    ? new Conv1d(k.l("in_channels"), k.l("out_channels"), k.l("kernel_size"), k.l("stride", 1), kw.get("padding").getAsString(),
                    k.l("dilation", 1), k.l("groups", 1), k.b("bias", true))
                    : new Conv1d(k.l("in_channels"), k.l("out_channels"), k.l("kernel_size"), k.l("stride", 1), k.l("padding", 0),
                    k.l("dilation", 1), k.l("groups", 1), k.b("bias", true));
            case "ConvTranspose2d" -> new ConvTranspose2d(k.l("in_channels"), k.l("out_channels"), k.arr("kernel_size", null), k.arr("stride", 1L),
                    k.arr("padding", 0L), k.arr("output_padding", 0L), k.l("groups", 1), k.b("bias", true), k.arr("dilation", 1L));
            case "MaxPool2d" -> new MaxPool2d(k.arr("kernel_size", null), kw.has("stride") ? k.arr("stride", null) : null, k.arr("padding", 0L),
                    k.arr("dilation", 1L), k.b("ceil_mode", false));
            case "MaxPool1d" -> new MaxPool1d(k.l("kernel_size"), k.l("stride", k.l("kernel_size")), k.l("padding", 0), k.l("dilation", 1),
                    k.b("ceil_mode", false));
            case "AvgPool2d" -> new AvgPool2d(k.arr("kernel_size", null), kw.has("stride") ? k.arr("stride", null) : null, k.arr("padding", 0L),
                    k.b("ceil_mode", false), k.b("count_include_pad", true), kw.has("divisor_override") ? k.l("divisor_override") : null);
            case "AdaptiveAvgPool2d" -> new AdaptiveAvgPool2d(k.arr("output_size", null));
            case "BatchNorm2d" -> new BatchNorm2d(k.l("num_features"), k.d("eps", 1e-5), k.momentum(), k.b("affine", true), k.b("track_running_stats", true));
            case "BatchNorm1d" -> new BatchNorm1d(k.l("num_features"), k.d("eps", 1e-5), k.momentum(), k.b("affine", true), k.b("track_running_stats", true));
            case "LayerNorm" -> new LayerNorm(k.arr("normalized_shape", null), k.d("eps", 1e-5), k.b("elementwise_affine", true));
            case "GroupNorm" -> new GroupNorm(k.l("num_groups"), k.l("num_channels"), k.d("eps", 1e-5), k.b("affine", true));
            case "Dropout" -> new Dropout(k.d("p", 0.5));
            case "Dropout2d" -> new Dropout2d(k.d("p", 0.5));
            case "Embedding" -> new Embedding(k.l("num_embeddings"), k.l("embedding_dim"), kw.has("padding_idx") ? k.l("padding_idx") : null);
            case "ReLU" -> new ReLU();
            case "LeakyReLU" -> new LeakyReLU(k.d("negative_slope", 0.01));
            case "ELU" -> new ELU(k.d("alpha", 1.0));
            case "GELU" -> new GELU(k.s("approximate", "none"));
            case "SiLU" -> new SiLU();
            case "Sigmoid" -> new Sigmoid();
            case "Tanh" -> new Tanh();
            case "Softmax" -> kw.has("dim") ? new Softmax(k.l("dim")) : new Softmax();
            case "LogSoftmax" -> kw.has("dim") ? new LogSoftmax(k.l("dim")) : new LogSoftmax();
            case "Softplus" -> new Softplus(k.d("beta", 1), k.d("threshold", 20));
            case "Identity" -> new Identity();
            case "RNNCell" -> new RNNCell(k.l("input_size"), k.l("hidden_size"), k.b("bias", true), k.s("nonlinearity", "tanh"));
            case "LSTMCell" -> new LSTMCell(k.l("input_size"), k.l("hidden_size"), k.b("bias", true));
            case "GRUCell" -> new GRUCell(k.l("input_size"), k.l("hidden_size"), k.b("bias", true));
            case "HuberLoss" -> new HuberLoss(k.s("reduction", "mean"), k.d("delta", 1.0));
            case "Upsample" -> kw.has("size") ? new Upsample(k.arr("size", null), k.s("mode", "nearest"), k.b("align_corners", false))
                    : new Upsample(k.darr("scale_factor"), k.s("mode", "nearest"), k.b("align_corners", false));
            case "ReLU6" -> new ReLU6();
            case "Hardtanh" -> new Hardtanh(k.d("min_val", -1.0), k.d("max_val", 1.0));
            case "SELU" -> new SELU();
            case "Mish" -> new Mish();
            case "Hardswish" -> new Hardswish();
            case "Hardsigmoid" -> new Hardsigmoid();
            case "LogSigmoid" -> new LogSigmoid();
            case "PReLU" -> new PReLU(k.l("num_parameters", 1), k.d("init", 0.25));
            case "Flatten" -> new Flatten(k.l("start_dim", 1), k.l("end_dim", -1));
            case "Unflatten" -> new Unflatten(k.l("dim"), k.arr("unflattened_size", null));
            case "MSELoss" -> new MSELoss(k.s("reduction", "mean"));
            case "L1Loss" -> new L1Loss(k.s("reduction", "mean"));
            case "SmoothL1Loss" -> new SmoothL1Loss(k.s("reduction", "mean"), k.d("beta", 1.0));
            case "BCELoss" -> new BCELoss(k.t("weight"), k.s("reduction", "mean"));
            case "BCEWithLogitsLoss" -> new BCEWithLogitsLoss(k.t("weight"), k.s("reduction", "mean"), k.t("pos_weight"));
            case "CrossEntropyLoss" -> new CrossEntropyLoss(k.t("weight"), k.l("ignore_index", -100), k.s("reduction", "mean"), k.d("label_smoothing", 0.0));
            case "NLLLoss" -> new NLLLoss(k.t("weight"), k.l("ignore_index", -100), k.s("reduction", "mean"));
            case "KLDivLoss" -> new KLDivLoss(k.s("reduction", "mean"), k.b("log_target", false));
            case "RNN" -> new RNN(k.l("input_size"), k.l("hidden_size"), k.l("num_layers", 1), k.s("nonlinearity", "tanh"), k.b("bias", true),
                    k.b("batch_first", false), k.d("dropout", 0), k.b("bidirectional", false));
            case "LSTM" -> new LSTM(k.l("input_size"), k.l("hidden_size"), k.l("num_layers", 1), k.b("bias", true),
                    k.b("batch_first", false), k.d("dropout", 0), k.b("bidirectional", false));
            case "GRU" -> new GRU(k.l("input_size"), k.l("hidden_size"), k.l("num_layers", 1), k.b("bias", true),
                    k.b("batch_first", false), k.d("dropout", 0), k.b("bidirectional", false));
            case "MultiheadAttention" -> new MultiheadAttention(k.l("embed_dim"), k.l("num_heads"), k.d("dropout", 0), k.b("bias", true),
                    k.b("batch_first", false));
            case "TransformerEncoderLayer" -> new TransformerEncoderLayer(k.l("d_model"), k.l("nhead"), k.l("dim_feedforward", 2048),
                    k.d("dropout", 0.1), k.s("activation", "relu"), k.d("layer_norm_eps", 1e-5), k.b("batch_first", false), k.b("norm_first", false));
            case "TransformerEncoder" -> {
                TransformerEncoderLayer layer = (TransformerEncoderLayer) build(kw.getAsJsonObject("layer"));
                long d = kw.getAsJsonObject("layer").getAsJsonObject("kw").get("d_model").getAsLong();
                Module norm = k.b("norm", false) ? new LayerNorm(d) : null;
                yield new TransformerEncoder(layer, k.l("num_layers"), norm);
            }
            default -> throw new IllegalArgumentException("no builder for " + t);
        };
    }

    private record Kw(JsonObject o) {
        long l(String name) { return o.get(name).getAsLong(); }

        long l(String name, long def) { return o.has(name) ? o.get(name).getAsLong() : def; }

        double d(String name, double def) { return o.has(name) ? o.get(name).getAsDouble() : def; }

        boolean b(String name, boolean def) { return o.has(name) ? o.get(name).getAsBoolean() : def; }

        String s(String name, String def) { return o.has(name) ? o.get(name).getAsString() : def; }

        Double momentum() {
            if (!o.has("momentum")) return 0.1;
            return o.get("momentum").isJsonNull() ? null : o.get("momentum").getAsDouble();
        }

        double[] darr(String name) {
            JsonElement e = o.get(name);
            if (e.isJsonPrimitive()) return new double[] {e.getAsDouble()};
            JsonArray a = e.getAsJsonArray();
            double[] r = new double[a.size()];
            for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsDouble();
            return r;
        }

        long[] arr(String name, Long def) {
            if (!o.has(name)) return new long[] {def};
            JsonElement e = o.get(name);
            if (e.isJsonPrimitive()) return new long[] {e.getAsLong()};
            JsonArray a = e.getAsJsonArray();
            long[] r = new long[a.size()];
            for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
            return r;
        }

        Tensor t(String name) {
            if (!o.has(name) || o.get(name).isJsonNull()) return null;
            JsonArray a = o.getAsJsonArray(name);
            float[] v = new float[a.size()];
            for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsFloat();
            return Torch.fromArray(v).clone();
        }
    }
}
