package dev.jtorch.nn;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.internal.Shapes;
import dev.jtorch.ops.NnOps;

import java.util.Arrays;

/**
 * {@code torch.nn.functional}: stateless forms of the layers, activations and losses. Keyword arguments
 * become overloads; {@code reduction} is one of "none", "mean", "sum" ("batchmean" too for kl_div).
 */
public final class F {
    private F() {}

    // ------------------------------------------------------------------ activations

    public static Tensor relu(Tensor x) { return x.relu(); }

    public static Tensor leakyRelu(Tensor x) { return Torch.leakyRelu(x); }

    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return Torch.leakyRelu(x, negativeSlope); }

    public static Tensor elu(Tensor x) { return Torch.elu(x); }

    public static Tensor elu(Tensor x, double alpha) { return Torch.elu(x, alpha); }

    public static Tensor gelu(Tensor x) { return Torch.gelu(x); }

    /** {@code approximate} is "none" or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) { return Torch.gelu(x, approximate); }

    public static Tensor silu(Tensor x) { return Torch.silu(x); }

    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }

    public static Tensor tanh(Tensor x) { return x.tanh(); }

    public static Tensor softmax(Tensor x, long dim) { return x.softmax(dim); }

    /** Softmax over PyTorch's implicit dim (deprecated there, with a warning): 0 for 0-, 1- and 3-d inputs, else 1. */
    public static Tensor softmax(Tensor x) { return x.softmax(implicitDim(x)); }

    public static Tensor logSoftmax(Tensor x) { return x.logSoftmax(implicitDim(x)); }

    private static long implicitDim(Tensor x) { return x.dim() == 0 || x.dim() == 1 || x.dim() == 3 ? 0 : 1; }

    public static Tensor softmax(Tensor x, long dim, DType dtype) { return x.softmax(dim, dtype); }

    public static Tensor logSoftmax(Tensor x, long dim) { return x.logSoftmax(dim); }

    public static Tensor logSoftmax(Tensor x, long dim, DType dtype) { return x.logSoftmax(dim, dtype); }

    public static Tensor softplus(Tensor x) { return dev.jtorch.ops.UnaryOps.softplus(x, 1, 20); }

    public static Tensor softplus(Tensor x, double beta, double threshold) { return dev.jtorch.ops.UnaryOps.softplus(x, beta, threshold); }

    public static Tensor relu6(Tensor x) { return Torch.relu6(x); }

    public static Tensor hardtanh(Tensor x) { return Torch.hardtanh(x); }

    public static Tensor hardtanh(Tensor x, double minVal, double maxVal) { return Torch.hardtanh(x, minVal, maxVal); }

    public static Tensor selu(Tensor x) { return Torch.selu(x); }

    public static Tensor mish(Tensor x) { return Torch.mish(x); }

    public static Tensor hardswish(Tensor x) { return Torch.hardswish(x); }

    public static Tensor hardsigmoid(Tensor x) { return Torch.hardsigmoid(x); }

    public static Tensor logsigmoid(Tensor x) { return Torch.logsigmoid(x); }

    /** x for x > 0, weight * x otherwise; a weight with several elements is one per channel (dim 1). */
    public static Tensor prelu(Tensor x, Tensor weight) {
        long n = weight.numel();
        Tensor w = weight;
        if (n != 1) {
            long c = x.dim() >= 2 ? x.shapeRef()[1] : x.dim() == 1 ? x.shapeRef()[0] : 1;
            if (c != n) {
                throw new IllegalArgumentException("Mismatch of parameter numbers and input channel size. Found parameter numbers = " + n
                        + " and channel size = " + c + ".");
            }
            if (x.dim() >= 2) {
                long[] shape = new long[x.dim()];
                Arrays.fill(shape, 1);
                shape[1] = n;
                w = weight.view(shape);
            }
        } else {
            w = weight.reshape();
        }
        return Torch.where(x.gt(0.0), x, w.mul(x));
    }

    // ------------------------------------------------------------------ linear and convolution

    /** {@code x @ weight.T + bias}; bias may be null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        Tensor out = x.matmul(weight.t());
        return bias == null ? out : out.add(bias);
    }

    public static Tensor linear(Tensor x, Tensor weight) { return linear(x, weight, null); }

    /** {@code x1^T A x2 + b} for each output feature: weight [out, in1, in2]. */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        long o = weight.shapeRef()[0], i1 = weight.shapeRef()[1], i2 = weight.shapeRef()[2];
        if (x1.shapeRef()[x1.dim() - 1] != i1) {
            throw new IllegalArgumentException("input1 size does not match weight size: got " + x1.shapeRef()[x1.dim() - 1] + " but expected " + i1);
        }
        if (x2.shapeRef()[x2.dim() - 1] != i2) {
            throw new IllegalArgumentException("input2 size does not match weight size: got " + x2.shapeRef()[x2.dim() - 1] + " but expected " + i2);
        }
        long[] lead = Arrays.copyOf(x1.shapeRef(), x1.dim() - 1);
        Tensor a = x1.reshape(-1, i1), b = x2.reshape(-1, i2);
        // (a W) per output feature, then the dot product with b
        Tensor aw = a.matmul(weight.permute(1, 0, 2).reshape(i1, o * i2)).view(-1, o, i2);
        Tensor out = aw.mul(b.unsqueeze(1)).sum(-1);
        if (bias != null) out = out.add(bias);
        long[] shape = Arrays.copyOf(lead, lead.length + 1);
        shape[lead.length] = o;
        return out.view(shape);
    }

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return conv2d(x, weight, bias, new long[] {1}, new long[] {0}, new long[] {1}, 1);
    }

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        long[] s = two(stride, "stride"), p = two(padding, "padding"), d = two(dilation, "dilation");
        return NnOps.conv2d(x, weight, bias, s, p, p, d, groups);
    }

    /** padding "valid" (none) or "same" (output size = input size; stride 1 only). */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, long[] stride, String padding, long[] dilation, long groups) {
        long[] s = two(stride, "stride"), d = two(dilation, "dilation");
        long[][] lh = samePadding(padding, s, d, Arrays.copyOfRange(weight.shapeRef(), 2, 4));
        return NnOps.conv2d(x, weight, bias, s, lh[0], lh[1], d, groups);
    }

    static long[][] samePadding(String padding, long[] stride, long[] dilation, long[] kernel) {
        int n = kernel.length;
        long[] lo = new long[n], hi = new long[n];
        if (padding.equals("valid")) return new long[][] {lo, hi};
        if (!padding.equals("same")) throw new IllegalArgumentException("Invalid padding string: '" + padding + "'");
        for (long s : stride) if (s != 1) throw new IllegalArgumentException("padding='same' is not supported for strided convolutions");
        for (int i = 0; i < n; i++) {
            long total = dilation[i] * (kernel[i] - 1);
            lo[i] = total / 2;
            hi[i] = total - lo[i];
        }
        return new long[][] {lo, hi};
    }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) {
        return conv1d(x, weight, bias, 1, 0, 1, 1);
    }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, long stride, long padding, long dilation, long groups) {
        return conv1d(x, weight, bias, stride, new long[] {padding}, new long[] {padding}, dilation, groups);
    }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, long stride, String padding, long dilation, long groups) {
        long[][] lh = samePadding(padding, new long[] {stride}, new long[] {dilation}, new long[] {weight.shapeRef()[2]});
        return conv1d(x, weight, bias, stride, lh[0], lh[1], dilation, groups);
    }

    private static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, long stride, long[] lo, long[] hi, long dilation, long groups) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException("Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: " + Shapes.str(x.shapeRef()));
        }
        Tensor out = NnOps.conv2d(x.unsqueeze(-2), weight.unsqueeze(2), bias, new long[] {1, stride}, new long[] {0, lo[0]},
                new long[] {0, hi[0]}, new long[] {1, dilation}, groups);
        return out.squeeze(-2);
    }

    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias) {
        return convTranspose2d(x, weight, bias, new long[] {1}, new long[] {0}, new long[] {0}, 1, new long[] {1});
    }

    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
                                         long groups, long[] dilation) {
        return NnOps.convTranspose2d(x, weight, bias, two(stride, "stride"), two(padding, "padding"), two(outputPadding, "output_padding"),
                groups, two(dilation, "dilation"));
    }

    static long[] two(long[] v, String name) {
        if (v.length == 1) return new long[] {v[0], v[0]};
        if (v.length != 2) throw new IllegalArgumentException("expected " + name + " to be a single integer value or a list of 2 values");
        return v.clone();
    }

    /** Constant padding: pairs (before, after) from the last dimension backwards. */
    public static Tensor pad(Tensor x, long[] pad) { return NnOps.pad(x, pad, 0.0); }

    public static Tensor pad(Tensor x, long[] pad, double value) { return NnOps.pad(x, pad, value); }

    /**
     * Padding by {@code mode}: "constant" (zeros), "reflect" (mirror without repeating the edge), "replicate"
     * (repeat the edge) or "circular" (wrap around). As PyTorch 1.13, the non-constant modes pad the last 1, 2
     * or 3 dims of a 2-3, 3-4 or 4-5 dimensional input.
     */
    public static Tensor pad(Tensor x, long[] pad, String mode) {
        if (mode.equals("constant")) return NnOps.pad(x, pad, 0.0);
        if (!mode.equals("reflect") && !mode.equals("replicate") && !mode.equals("circular")) {
            throw new UnsupportedOperationException("Unrecognised padding mode " + mode);
        }
        int nd = pad.length / 2;
        if (pad.length % 2 != 0 || nd < 1 || nd > 3 || x.dim() < nd + 1 || x.dim() > nd + 2) {
            throw new UnsupportedOperationException("Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now");
        }
        Tensor out = x;
        for (int i = 0; i < nd; i++) {
            int d = x.dim() - 1 - i;
            long lo = pad[2 * i], hi = pad[2 * i + 1], n = x.shapeRef()[d];
            if (mode.equals("reflect") && (lo >= n || hi >= n)) {
                throw new IllegalArgumentException("Argument #4: Padding size should be less than the corresponding input dimension, but got: padding ("
                        + lo + ", " + hi + ") at dimension " + d + " of input " + x.dim());
            }
            if (mode.equals("circular") && (lo > n || hi > n)) {
                throw new IllegalArgumentException("Padding value causes wrapping around more than once.");
            }
            long len = n + lo + hi;
            long[] idx = new long[(int) Math.max(len, 0)];
            for (int j = 0; j < idx.length; j++) {
                long k = j - lo;
                idx[j] = switch (mode) {
                    case "reflect" -> k < 0 ? -k : k >= n ? 2 * (n - 1) - k : k;
                    case "replicate" -> Math.min(Math.max(k, 0), n - 1);
                    default -> Math.floorMod(k, n);
                };
            }
            out = out.indexSelect(d, Torch.fromArray(idx));
        }
        return out;
    }

    // ------------------------------------------------------------------ vectors and classes

    /** {@code x / max(||x||_p, eps)} along dim. */
    public static Tensor normalize(Tensor x, double p, long dim, double eps) {
        return x.div(x.norm(p, new long[] {dim}, true).clampMin(eps).expandAs(x));
    }

    public static Tensor normalize(Tensor x) { return normalize(x, 2.0, 1, 1e-12); }

    /**
     * As PyTorch 1.13: {@code sum((x1 / sqrt(max(sum(x1^2), eps^2))) * (x2 / ...))} along dim, where the clamp
     * (done there in place without grad) changes the value but not the gradient path of the squared norm.
     */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, long dim, double eps) {
        Tensor n1 = clampedValue(x1.mul(x1).sum(new long[] {dim}, true), eps * eps).sqrt();
        Tensor n2 = clampedValue(x2.mul(x2).sum(new long[] {dim}, true), eps * eps).sqrt();
        return x1.div(n1).mul(x2.div(n2)).sum(dim);
    }

    private static Tensor clampedValue(Tensor s, double min) {
        Tensor shift;
        try (var g = Torch.noGrad()) {
            shift = s.clampMin(min).sub(s);
        }
        return s.add(shift);
    }

    public static Tensor cosineSimilarity(Tensor x1, Tensor x2) { return cosineSimilarity(x1, x2, 1, 1e-8); }

    /** int64 one-hot vectors with {@code numClasses} entries (-1: the largest class + 1). */
    public static Tensor oneHot(Tensor x, long numClasses) {
        if (x.dtype() != DType.INT64) throw new IllegalArgumentException("one_hot is only applicable to index tensor.");
        long[] v = x.reshape(-1).toLongArray();
        long max = -1;
        for (long c : v) {
            if (c < 0) throw new IllegalArgumentException("Class values must be non-negative.");
            max = Math.max(max, c);
        }
        if (numClasses == -1) {
            if (v.length == 0) throw new IllegalArgumentException("Can not infer total number of classes from empty tensor.");
            numClasses = max + 1;
        } else if (max >= numClasses) {
            throw new IllegalArgumentException("Class values must be smaller than num_classes.");
        }
        long[] out = new long[Math.toIntExact(v.length * numClasses)];
        for (int i = 0; i < v.length; i++) out[(int) (i * numClasses + v[i])] = 1;
        long[] shape = Arrays.copyOf(x.shapeRef(), x.dim() + 1);
        shape[x.dim()] = numClasses;
        return Torch.fromArray(out).view(shape).to(x.device());
    }

    public static Tensor oneHot(Tensor x) { return oneHot(x, -1); }

    // ------------------------------------------------------------------ resampling

    /** {@code F.interpolate(x, size=size, mode=mode)} for [N, C, H, W]; mode "nearest" or "bilinear". */
    public static Tensor interpolate(Tensor x, long[] size, String mode, boolean alignCorners) {
        return interpolate(x, two(size, "size"), null, mode, alignCorners);
    }

    /** {@code F.interpolate(x, scale_factor=s, mode=mode)}: output floor(in * s), sampled with scale 1/s as PyTorch. */
    public static Tensor interpolate(Tensor x, double[] scaleFactor, String mode, boolean alignCorners) {
        double[] sf = scaleFactor.length == 1 ? new double[] {scaleFactor[0], scaleFactor[0]} : scaleFactor;
        return interpolate(x, null, sf, mode, alignCorners);
    }

    private static Tensor interpolate(Tensor x, long[] size, double[] scale, String mode, boolean alignCorners) {
        if (x.dim() != 4) {
            throw new UnsupportedOperationException("Input Error: Only 4D input Tensors are supported here (got " + x.dim() + "D) for the modes: nearest | bilinear");
        }
        if (!mode.equals("nearest") && !mode.equals("bilinear")) throw new UnsupportedOperationException("Unsupported interpolation mode " + mode);
        if (mode.equals("nearest") && alignCorners) {
            throw new IllegalArgumentException("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
        }
        Tensor out = x;
        for (int i = 0; i < 2; i++) {
            int d = 2 + i;
            long in = x.shapeRef()[d];
            long o = size != null ? size[i] : (long) Math.floor(in * scale[i]);
            Double sc = size != null ? null : scale[i];
            out = mode.equals("nearest") ? resampleNearest(out, d, in, o, sc) : resampleLinear(out, d, in, o, sc, alignCorners);
        }
        return out;
    }

    private static Tensor resampleNearest(Tensor x, int dim, long in, long out, Double scale) {
        // PyTorch computes the source index in float: floor(dst * scale), clamped
        float sc = scale != null ? (float) (1.0 / scale) : (float) in / out;
        long[] idx = new long[(int) out];
        for (int j = 0; j < idx.length; j++) idx[j] = Math.min((long) Math.floor(j * sc), in - 1);
        return x.indexSelect(dim, Torch.fromArray(idx));
    }

    private static Tensor resampleLinear(Tensor x, int dim, long in, long out, Double scale, boolean alignCorners) {
        boolean f32 = x.dtype() != DType.FLOAT64;
        double sc = alignCorners ? (out > 1 ? (double) (in - 1) / (out - 1) : 0)
                : scale != null && scale > 0 ? 1.0 / scale : (double) in / out;
        if (f32) sc = (float) sc;
        long[] i0 = new long[(int) out], i1 = new long[(int) out];
        double[] lam = new double[(int) out];
        for (int j = 0; j < out; j++) {
            double src = alignCorners ? sc * j : sc * (j + 0.5) - 0.5;
            if (f32) src = alignCorners ? (float) ((float) sc * j) : (float) ((float) sc * (j + 0.5f) - 0.5f);
            if (src < 0) src = 0;
            long k = (long) src;
            double l = Math.min(Math.max(src - k, 0), 1);
            i0[j] = k;
            i1[j] = k + (k < in - 1 ? 1 : 0);
            lam[j] = f32 ? (float) l : l;
        }
        long[] shape = new long[x.dim()];
        java.util.Arrays.fill(shape, 1);
        shape[dim] = out;
        Tensor l1 = Torch.fromArray(lam).to(x.dtype()).view(shape).to(x.device());
        Tensor l0 = Torch.fromArray(lam).neg().add(1.0).to(x.dtype()).view(shape).to(x.device());
        return x.indexSelect(dim, Torch.fromArray(i0)).mul(l0).add(x.indexSelect(dim, Torch.fromArray(i1)).mul(l1));
    }

    // ------------------------------------------------------------------ pooling

    public static Tensor maxPool2d(Tensor x, long... kernelSize) {
        return NnOps.maxPool2d(x, kernelSize, null, new long[] {0}, new long[] {1}, false, false)[0];
    }

    /** {@code stride} null or empty means the kernel size. */
    public static Tensor maxPool2d(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation) {
        return maxPool2d(x, kernelSize, stride, padding, dilation, false);
    }

    public static Tensor maxPool2d(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        return NnOps.maxPool2d(x, kernelSize, stride, padding, dilation, ceilMode, false)[0];
    }

    /** Values and flat indices into each H*W plane ({@code return_indices=True}). */
    public static Tensor[] maxPool2dWithIndices(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation) {
        return maxPool2dWithIndices(x, kernelSize, stride, padding, dilation, false);
    }

    public static Tensor[] maxPool2dWithIndices(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        return NnOps.maxPool2d(x, kernelSize, stride, padding, dilation, ceilMode, true);
    }

    public static Tensor maxPool1d(Tensor x, long kernelSize) { return maxPool1d(x, kernelSize, kernelSize, 0, 1, false); }

    public static Tensor maxPool1d(Tensor x, long kernelSize, long stride, long padding, long dilation) {
        return maxPool1d(x, kernelSize, stride, padding, dilation, false);
    }

    public static Tensor maxPool1d(Tensor x, long kernelSize, long stride, long padding, long dilation, boolean ceilMode) {
        if (x.dim() != 2 && x.dim() != 3) throw new IllegalArgumentException("max_pool1d() Expected 2D or 3D input tensor, but got " + Shapes.str(x.shapeRef()));
        return NnOps.maxPool2d(x.unsqueeze(-2), new long[] {1, kernelSize}, new long[] {1, stride}, new long[] {0, padding},
                new long[] {1, dilation}, ceilMode, false)[0].squeeze(-2);
    }

    public static Tensor avgPool2d(Tensor x, long... kernelSize) {
        return NnOps.avgPool2d(x, kernelSize, null, new long[] {0}, false, true, null);
    }

    public static Tensor avgPool2d(Tensor x, long[] kernelSize, long[] stride, long[] padding, boolean countIncludePad) {
        return NnOps.avgPool2d(x, kernelSize, stride, padding, false, countIncludePad, null);
    }

    /** {@code divisorOverride} null means the window size (see countIncludePad). */
    public static Tensor avgPool2d(Tensor x, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad,
                                   Long divisorOverride) {
        return NnOps.avgPool2d(x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    public static Tensor adaptiveAvgPool2d(Tensor x, long... outputSize) {
        long[] o = two(outputSize, "output_size");
        return NnOps.adaptiveAvgPool2d(x, o[0], o[1]);
    }

    // ------------------------------------------------------------------ normalisation

    /**
     * Batch normalisation over the channel dimension 1. In training, batch statistics normalise and the
     * running ones (if given) are updated in place with {@code momentum} (the unbiased variance, as PyTorch).
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        if (x.dim() < 2) throw new IllegalArgumentException("batch_norm: expected at least 2D input (got " + x.dim() + "D input)");
        long c = x.shapeRef()[1];
        long[] dims = new long[x.dim() - 1];
        long count = 1;
        for (int i = 0, j = 0; i < x.dim(); i++) {
            if (i != 1) {
                dims[j++] = i;
                count *= x.shapeRef()[i];
            }
        }
        long[] bshape = new long[x.dim()];
        Arrays.fill(bshape, 1);
        bshape[1] = c;
        Tensor mean, var;
        if (training) {
            if (count <= 1) {
                throw new IllegalArgumentException("Expected more than 1 value per channel when training, got input size "
                        + "torch.Size([" + String.join(", ", Arrays.stream(x.shapeRef()).mapToObj(Long::toString).toList()) + "])");
            }
            mean = x.mean(dims, true);
            var = x.var(dims, false, true);
            if (runningMean != null) {
                try (var g = Torch.noGrad()) {
                    runningMean.mul_(1 - momentum).add_(mean.detach().view(c).mul(momentum));
                    runningVar.mul_(1 - momentum).add_(var.detach().view(c).mul(momentum * count / (count - 1.0)));
                }
            }
        } else {
            mean = runningMean.view(bshape);
            var = runningVar.view(bshape);
        }
        Tensor out = x.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) out = out.mul(weight.view(bshape));
        if (bias != null) out = out.add(bias.view(bshape));
        return out;
    }

    public static Tensor layerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length, n = x.dim();
        if (n < k || !Arrays.equals(Arrays.copyOfRange(x.shapeRef(), n - k, n), normalizedShape)) {
            throw new IllegalArgumentException("Given normalized_shape=" + Shapes.str(normalizedShape) + ", expected input with shape [*, "
                    + String.join(", ", Arrays.stream(normalizedShape).mapToObj(Long::toString).toList()) + "], but got input of size"
                    + Shapes.str(x.shapeRef()));
        }
        long[] dims = new long[k];
        for (int i = 0; i < k; i++) dims[i] = n - k + i;
        Tensor mean = x.mean(dims, true), var = x.var(dims, false, true);
        Tensor out = x.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) out = out.mul(weight);
        if (bias != null) out = out.add(bias);
        return out;
    }

    public static Tensor groupNorm(Tensor x, long numGroups, Tensor weight, Tensor bias, double eps) {
        long n = x.shapeRef()[0], c = x.shapeRef()[1];
        if (c % numGroups != 0) {
            throw new IllegalArgumentException("Expected number of channels in input to be divisible by num_groups, but got input of shape "
                    + Shapes.str(x.shapeRef()) + " and num_groups=" + numGroups);
        }
        Tensor g = x.reshape(n, numGroups, -1);
        Tensor mean = g.mean(new long[] {2}, true), var = g.var(new long[] {2}, false, true);
        Tensor out = g.sub(mean).mul(var.add(eps).rsqrt()).view(x.shapeRef());
        long[] bshape = new long[x.dim()];
        Arrays.fill(bshape, 1);
        bshape[1] = c;
        if (weight != null) out = out.mul(weight.view(bshape));
        if (bias != null) out = out.add(bias.view(bshape));
        return out;
    }

    // ------------------------------------------------------------------ dropout and embedding

    /** Zeroes each element with probability p and scales the rest by 1/(1-p), as PyTorch 1.13 on the CPU. */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        checkP(p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(Torch.zeros(new long[0], x.dtype()));
        // drawn on the host from the CPU generator, so a seed gives the same mask on every device
        Tensor noise = Torch.zeros(x.shapeRef(), x.dtype()).bernoulli_(1 - p).to(x.device());
        noise.div_(1 - p);
        return x.mul(noise);
    }

    public static Tensor dropout(Tensor x, double p) { return dropout(x, p, true); }

    /**
     * Zeroes whole channels: dims 0 and 1 of a 4-d input, and (as PyTorch 1.13, which warns about it) of a 3-d
     * input too, read as [N, C, L].
     */
    public static Tensor dropout2d(Tensor x, double p, boolean training) {
        checkP(p);
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException("dropout2d: Expected 3D (unbatched) or 4D (batched) input, but got input of size: " + Shapes.str(x.shapeRef()));
        }
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(Torch.zeros(new long[0], x.dtype()));
        long[] ns = new long[x.dim()];
        Arrays.fill(ns, 1);
        ns[0] = x.shapeRef()[0];
        ns[1] = x.shapeRef()[1];
        Tensor noise = Torch.zeros(ns, x.dtype()).bernoulli_(1 - p).to(x.device());
        noise.div_(1 - p);
        return x.mul(noise);
    }

    private static void checkP(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + Module.pyFloat(p));
    }

    public static Tensor embedding(Tensor indices, Tensor weight) { return NnOps.embedding(weight, indices, -1); }

    public static Tensor embedding(Tensor indices, Tensor weight, long paddingIdx) {
        long n = weight.shapeRef()[0];
        if (paddingIdx < -n || paddingIdx >= n) throw new IllegalArgumentException("Padding_idx must be within num_embeddings");
        return NnOps.embedding(weight, indices, paddingIdx < 0 ? paddingIdx + n : paddingIdx);
    }

    // ------------------------------------------------------------------ losses

    static Tensor reduce(Tensor loss, String reduction) {
        return switch (reduction) {
            case "none" -> loss;
            case "mean" -> loss.mean();
            case "sum" -> loss.sum();
            default -> throw new IllegalArgumentException(reduction + " is not a valid value for reduction");
        };
    }

    private static void checkReduction(String reduction) {
        if (!reduction.equals("none") && !reduction.equals("mean") && !reduction.equals("sum")) {
            throw new IllegalArgumentException(reduction + " is not a valid value for reduction");
        }
    }

    public static Tensor mseLoss(Tensor input, Tensor target) { return mseLoss(input, target, "mean"); }

    public static Tensor mseLoss(Tensor input, Tensor target, String reduction) {
        checkReduction(reduction);
        Tensor d = input.sub(target);
        return reduce(d.mul(d), reduction);
    }

    public static Tensor l1Loss(Tensor input, Tensor target) { return l1Loss(input, target, "mean"); }

    public static Tensor l1Loss(Tensor input, Tensor target, String reduction) {
        checkReduction(reduction);
        return reduce(input.sub(target).abs(), reduction);
    }

    public static Tensor smoothL1Loss(Tensor input, Tensor target) { return smoothL1Loss(input, target, "mean", 1.0); }

    public static Tensor smoothL1Loss(Tensor input, Tensor target, String reduction, double beta) {
        checkReduction(reduction);
        if (beta < 0) throw new IllegalArgumentException("smooth_l1_loss does not support negative values for beta.");
        Tensor ad = input.sub(target).abs();
        if (beta == 0) return reduce(ad, reduction);
        Tensor loss = Torch.where(ad.lt(beta), ad.mul(ad).mul(0.5 / beta), ad.sub(0.5 * beta));
        return reduce(loss, reduction);
    }

    public static Tensor huberLoss(Tensor input, Tensor target) { return huberLoss(input, target, "mean", 1.0); }

    /** 0.5 d^2 for |d| < delta, delta (|d| - 0.5 delta) otherwise. */
    public static Tensor huberLoss(Tensor input, Tensor target, String reduction, double delta) {
        checkReduction(reduction);
        Tensor ad = input.sub(target).abs();
        Tensor loss = Torch.where(ad.lt(delta), ad.mul(ad).mul(0.5), ad.sub(0.5 * delta).mul(delta));
        return reduce(loss, reduction);
    }

    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) { return binaryCrossEntropy(input, target, null, "mean"); }

    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, String reduction) {
        checkReduction(reduction);
        if (!Arrays.equals(input.shapeRef(), target.shapeRef())) {
            throw new IllegalArgumentException("Using a target size (torch.Size([" + joinShape(target) + "])) that is different to the input size (torch.Size(["
                    + joinShape(input) + "])) is deprecated. Please ensure they have the same size.");
        }
        Tensor w = weight == null ? null : weight.expand(input.shapeRef());
        return reduce(NnOps.binaryCrossEntropy(input, target, w), reduction);
    }

    private static String joinShape(Tensor t) {
        return String.join(", ", Arrays.stream(t.shapeRef()).mapToObj(Long::toString).toList());
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, "mean", null);
    }

    /** As PyTorch: {@code (1 - t) x + (1 + (pw - 1) t) (log(exp(-m) + exp(-x - m)) + m)}, m = max(-x, 0). */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, String reduction, Tensor posWeight) {
        checkReduction(reduction);
        if (!Arrays.equals(input.shapeRef(), target.shapeRef())) {
            throw new IllegalArgumentException("Target size (torch.Size([" + joinShape(target) + "])) must be the same as input size (torch.Size(["
                    + joinShape(input) + "]))");
        }
        Tensor maxVal = input.neg().clampMin(0.0);
        Tensor softTerm = maxVal.neg().exp().add(input.neg().sub(maxVal).exp()).log().add(maxVal);
        Tensor loss;
        if (posWeight != null) {
            Tensor logWeight = posWeight.sub(1.0).mul(target).add(1.0);
            loss = target.neg().add(1.0).mul(input).add(logWeight.mul(softTerm));
        } else {
            loss = target.neg().add(1.0).mul(input).add(softTerm);
        }
        if (weight != null) loss = loss.mul(weight);
        return reduce(loss, reduction);
    }

    public static Tensor nllLoss(Tensor input, Tensor target) { return nllLoss(input, target, null, -100, "mean"); }

    /** Negative log likelihood over class dimension 1 (input [N, C, ...] or [C]); mean divides by the total weight. */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, String reduction) {
        checkReduction(reduction);
        boolean unbatched = input.dim() == 1;
        if (input.dim() < 1) throw new IllegalArgumentException("input tensor should be 1D or 2D");
        if (unbatched) {
            if (target.dim() != 0) throw new IllegalArgumentException("0D or 1D target tensor expected, multi-target not supported");
            input = input.unsqueeze(0);
            target = target.unsqueeze(0);
        }
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("expected scalar type Long but found " + dev.jtorch.ops.InPlace.scalarTypeName(target.dtype()));
        }
        if (target.dim() != input.dim() - 1) {
            throw new IllegalArgumentException("Expected target size " + expectedTarget(input) + ", got " + Shapes.str(target.shapeRef()));
        }
        if (input.shapeRef()[0] != target.shapeRef()[0]) {
            throw new IllegalArgumentException("Expected input batch_size (" + input.shapeRef()[0] + ") to match target batch_size ("
                    + target.shapeRef()[0] + ").");
        }
        long c = input.shapeRef()[1];
        if (weight != null && weight.numel() != c) {
            throw new IllegalArgumentException("weight tensor should be defined either for all " + c + " classes or no classes but got weight tensor of shape: "
                    + Shapes.str(weight.shapeRef()));
        }
        Tensor ignore = target.eq(ignoreIndex);
        Tensor safe = Torch.where(ignore, Torch.zerosLike(target), target);
        long[] tv = target.reshape(-1).toLongArray();
        for (long t : tv) {
            if (t != ignoreIndex && (t < 0 || t >= c)) throw new IndexOutOfBoundsException("Target " + t + " is out of bounds.");
        }
        Tensor picked = input.gather(1, safe.unsqueeze(1)).squeeze(1).neg();
        Tensor w = weight == null ? Torch.onesLike(picked) : weight.to(input.dtype()).indexSelect(0, safe.reshape(-1)).view(safe.shapeRef());
        w = w.mul(ignore.logicalNot().to(input.dtype()));
        Tensor loss = picked.mul(w);
        Tensor out = switch (reduction) {
            case "none" -> loss;
            case "sum" -> loss.sum();
            default -> loss.sum().div(w.sum());
        };
        return unbatched && reduction.equals("none") ? out.squeeze(0) : out;
    }

    private static String expectedTarget(Tensor input) {
        long[] s = input.shapeRef();
        long[] t = new long[s.length - 1];
        t[0] = s[0];
        for (int i = 2; i < s.length; i++) t[i - 1] = s[i];
        return Shapes.str(t);
    }

    public static Tensor crossEntropy(Tensor input, Tensor target) { return crossEntropy(input, target, null, -100, "mean", 0.0); }

    /**
     * Cross entropy of logits over class dimension 1 with class-index targets (int64, ignoreIndex honoured) or
     * class probabilities (a float target shaped like the input), and optional label smoothing.
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, String reduction, double labelSmoothing) {
        checkReduction(reduction);
        if (labelSmoothing < 0 || labelSmoothing > 1) {
            throw new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: " + Module.pyFloat(labelSmoothing));
        }
        int classDim = input.dim() == 1 ? 0 : 1;
        Tensor logp = input.logSoftmax(classDim);
        long c = input.shapeRef()[classDim];
        long[] wshape = new long[input.dim()];
        Arrays.fill(wshape, 1);
        wshape[classDim] = c;
        if (target.isFloatingPoint()) {
            if (!Arrays.equals(input.shapeRef(), target.shapeRef())) {
                throw new IllegalArgumentException("Expected input batch_size (" + input.shapeRef()[0] + ") to match target batch_size ("
                        + target.shapeRef()[0] + ").");
            }
            Tensor t = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / c) : target;
            Tensor prod = logp.mul(t);
            if (weight != null) prod = prod.mul(weight.view(wshape));
            Tensor loss = prod.sum(classDim).neg();
            return switch (reduction) {
                case "none" -> loss;
                case "sum" -> loss.sum();
                default -> input.numel() == 0 ? loss.sum().div(0.0) : loss.sum().div((double) (input.numel() / c));
            };
        }
        Tensor nll = nllLoss(logp, target, weight, ignoreIndex, reduction);
        if (labelSmoothing == 0) return nll;
        Tensor ignore = target.eq(ignoreIndex);
        Tensor smooth = (weight != null ? logp.mul(weight.view(wshape)) : logp).sum(classDim).neg();
        smooth = smooth.maskedFill(ignore, 0.0);
        Tensor ret = switch (reduction) {
            case "none" -> smooth;
            case "sum" -> smooth.sum();
            default -> weight != null
                    ? smooth.sum().div(weight.gather(0, target.maskedSelect(ignore.logicalNot()).flatten()).sum())
                    : smooth.sum().div(ignore.logicalNot().sum().to(smooth.dtype()));
        };
        return nll.mul(1 - labelSmoothing).add(ret.mul(labelSmoothing / c));
    }

    public static Tensor klDiv(Tensor input, Tensor target) { return klDiv(input, target, "mean", false); }

    /** KL divergence with {@code input} as log-probabilities; reduction also "batchmean". */
    public static Tensor klDiv(Tensor input, Tensor target, String reduction, boolean logTarget) {
        Tensor loss = logTarget ? target.exp().mul(target.sub(input)) : target.xlogy(target).sub(target.mul(input));
        if (reduction.equals("batchmean")) return input.dim() == 0 ? loss.sum() : loss.sum().div((double) input.shapeRef()[0]);
        checkReduction(reduction);
        return reduce(loss, reduction);
    }
}
