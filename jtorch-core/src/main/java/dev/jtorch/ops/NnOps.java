package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.Graph;
import dev.jtorch.internal.Shapes;

/**
 * Neural-network ops: padding, convolution (im2col through unfold views and one matrix product),
 * pooling, and the losses whose gradient PyTorch defines by its own formula. Most are compositions of
 * differentiable tensor ops; those with a dedicated backward record it here.
 */
public final class NnOps {
    private NnOps() {}

    /**
     * Constant padding ({@code F.pad(x, pad, value=v)}): {@code pad} lists (before, after) pairs starting from
     * the last dimension. Negative amounts crop.
     */
    public static Tensor pad(Tensor x, long[] pad, double value) {
        if (pad.length % 2 != 0) throw new IllegalArgumentException("Padding length must be divisible by 2");
        int nd = pad.length / 2;
        if (nd > x.dim()) {
            throw new IllegalArgumentException("Padding length should be less than or equal to two times the input dimension but got padding length "
                    + pad.length + " and input of dimension " + x.dim());
        }
        long[] in = x.shapeRef();
        long[] shape = in.clone();
        long[] lo = new long[in.length], hi = new long[in.length];
        for (int i = 0; i < nd; i++) {
            int d = in.length - 1 - i;
            lo[d] = pad[2 * i];
            hi[d] = pad[2 * i + 1];
            shape[d] = in[d] + lo[d] + hi[d];
            if (shape[d] < 0) {
                throw new IllegalArgumentException("The input size " + in[d] + ", plus negative padding " + lo[d] + " and " + hi[d]
                        + " resulted in a negative output size, which is invalid. Check dimension " + d + " of your input.");
            }
        }
        Tensor out = Torch.full(shape, value, x.dtype()).to(x.device());
        Tensor dst = out, src = x.detach();
        for (int d = 0; d < in.length; d++) {
            long srcStart = Math.max(0, -lo[d]), dstStart = Math.max(0, lo[d]);
            long len = in[d] - srcStart - Math.max(0, -hi[d]);
            if (len <= 0) return recordPad(out, x, lo, in);
            dst = dst.narrow(d, dstStart, len);
            src = src.narrow(d, srcStart, len);
        }
        try (var g = Torch.noGrad()) {
            dst.copy_(src);
        }
        return recordPad(out, x, lo, in);
    }

    private static Tensor recordPad(Tensor out, Tensor x, long[] lo, long[] in) {
        if (Graph.needsGrad(x)) {
            Graph.record("ConstantPadNdBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {pad(g[0], negated(lo, in, g[0]), 0.0)});
        }
        return out;
    }

    /** The padding that undoes one: crop what was added, zero-fill what was cropped. */
    private static long[] negated(long[] lo, long[] in, Tensor g) {
        long[] gs = g.shapeRef();
        long[] p = new long[2 * in.length];
        for (int i = 0; i < in.length; i++) {
            int d = in.length - 1 - i;
            p[2 * i] = -lo[d];
            p[2 * i + 1] = in[d] - gs[d] + lo[d];
        }
        return p;
    }

    // ------------------------------------------------------------------ convolution

    private static long[] pair(long[] v, String name) {
        if (v.length == 1) return new long[] {v[0], v[0]};
        if (v.length != 2) throw new IllegalArgumentException("expected " + name + " to be a single integer value or a list of 2 values");
        return v;
    }

    /**
     * 2-d convolution of [N, C, H, W] (or unbatched [C, H, W]) with weight [O, C/groups, kh, kw]; padding is
     * symmetric per dimension ({@code padLo}) unless {@code padHi} differs (used for padding='same').
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, long[] stride, long[] padLo, long[] padHi, long[] dilation, long groups) {
        boolean unbatched = x.dim() == 3;
        if (x.dim() != 4 && !unbatched) {
            throw new IllegalArgumentException("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: " + Shapes.str(x.shapeRef()));
        }
        if (unbatched) x = x.unsqueeze(0);
        long[] xs = x.shapeRef(), ws = w.shapeRef();
        long n = xs[0], c = xs[1], o = ws[0], kh = ws[2], kw = ws[3];
        if (groups <= 0) throw new IllegalArgumentException("non-positive groups is not supported");
        if (c != ws[1] * groups) {
            throw new IllegalArgumentException("Given groups=" + groups + ", weight of size " + Shapes.str(ws) + ", expected input"
                    + Shapes.str(xs) + " to have " + ws[1] * groups + " channels, but got " + c + " channels instead");
        }
        if (o % groups != 0) throw new IllegalArgumentException("Given groups=" + groups + ", expected weight to be divisible by " + groups + " at dimension 0, but got weight of size " + Shapes.str(ws) + " instead");
        if (b != null && (b.dim() != 1 || b.shapeRef()[0] != o)) {
            throw new IllegalArgumentException("Given weight of size " + Shapes.str(ws) + ", expected bias to be 1-dimensional with " + o
                    + " elements, but got bias of size " + Shapes.str(b.shapeRef()) + " instead");
        }
        if (x.dtype() != w.dtype()) {
            throw new IllegalArgumentException("Input type (" + InPlace.scalarTypeName(x.dtype()) + ") and weight type ("
                    + InPlace.scalarTypeName(w.dtype()) + ") should be the same");
        }
        long ekh = (kh - 1) * dilation[0] + 1, ekw = (kw - 1) * dilation[1] + 1;
        long ph = xs[2] + padLo[0] + padHi[0], pw = xs[3] + padLo[1] + padHi[1];
        if (ph < ekh || pw < ekw) {
            throw new IllegalArgumentException("Calculated padded input size per channel: (" + ph + " x " + pw + "). Kernel size: ("
                    + ekh + " x " + ekw + "). Kernel size can't be greater than actual input size");
        }
        if (NnKernels.supports(x)) {
            NnKernels.Geo geo = NnKernels.Geo.of(xs, kh, kw, stride, padLo, padHi, dilation);
            if (NnKernels.convFast(x, w, b, geo)) {
                Tensor out = NnKernels.conv2d(x, w, b, geo, groups);
                return unbatched ? out.squeeze(0) : out;
            }
            Tensor cols = NnKernels.im2col(x, geo); // [C*kh*kw, N*OH*OW]
            long kg = (c / groups) * kh * kw, p = geo.n() * geo.oh() * geo.ow();
            Tensor o2 = groups == 1 ? w.reshape(o, kg).mm(cols)
                    : LinAlg.bmm(w.reshape(groups, o / groups, kg), cols.view(groups, kg, p)).view(o, p);
            Tensor out = o2.view(o, n, geo.oh(), geo.ow()).permute(1, 0, 2, 3);
            if (b != null) out = out.add(b.view(1, o, 1, 1));
            out = out.contiguous();
            return unbatched ? out.squeeze(0) : out;
        }
        Tensor xp = (padLo[0] | padLo[1] | padHi[0] | padHi[1]) != 0 ? pad(x, new long[] {padLo[1], padHi[1], padLo[0], padHi[0]}, 0) : x;
        Tensor u = xp.unfold(2, ekh, stride[0]).unfold(3, ekw, stride[1]); // [N, C, OH, OW, ekh, ekw]
        if (dilation[0] > 1) u = u.slice(4, 0, ekh, dilation[0]);
        if (dilation[1] > 1) u = u.slice(5, 0, ekw, dilation[1]);
        long oh = u.shapeRef()[2], ow = u.shapeRef()[3];
        long k = (c / groups) * kh * kw;
        Tensor out;
        if (groups == 1) {
            Tensor cols = u.permute(0, 2, 3, 1, 4, 5).reshape(n * oh * ow, k);
            out = cols.mm(w.reshape(o, k).t()); // [N*OH*OW, O]
        } else {
            Tensor cols = u.reshape(n, groups, c / groups, oh, ow, kh, kw).permute(1, 0, 3, 4, 2, 5, 6).reshape(groups, n * oh * ow, k);
            Tensor wg = w.reshape(groups, o / groups, k).transpose(1, 2);
            out = LinAlg.bmm(cols, wg).permute(1, 0, 2).reshape(n * oh * ow, o);
        }
        if (b != null) out = out.add(b);
        out = out.view(n, oh, ow, o).permute(0, 3, 1, 2).contiguous();
        return unbatched ? out.squeeze(0) : out;
    }

    /**
     * Transposed 2-d convolution with weight [C, O/groups, kh, kw]: the convolution of the stride-dilated,
     * padded input with the spatially flipped, transposed kernel.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, long[] stride, long[] padding, long[] outputPadding, long groups, long[] dilation) {
        boolean unbatched = x.dim() == 3;
        if (x.dim() != 4 && !unbatched) {
            throw new IllegalArgumentException("Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: " + Shapes.str(x.shapeRef()));
        }
        if (unbatched) x = x.unsqueeze(0);
        long[] ws = w.shapeRef();
        long c = ws[0], og = ws[1], kh = ws[2], kw = ws[3];
        if (x.shapeRef()[1] != c) {
            throw new IllegalArgumentException("Given transposed=1, weight of size " + Shapes.str(ws) + ", expected input" + Shapes.str(x.shapeRef())
                    + " to have " + c + " channels, but got " + x.shapeRef()[1] + " channels instead");
        }
        for (int i = 0; i < 2; i++) {
            if (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]) {
                throw new IllegalArgumentException("output padding must be smaller than either stride or dilation, but got output_padding_height: "
                        + outputPadding[0] + " output_padding_width: " + outputPadding[1] + " stride_height: " + stride[0] + " stride_width: "
                        + stride[1] + " dilation_height: " + dilation[0] + " dilation_width: " + dilation[1]);
            }
        }
        Tensor xd = (stride[0] > 1 || stride[1] > 1) ? dilateInput(x, stride) : x;
        long[] lo = new long[2], hi = new long[2], cropLo = new long[2], cropHi = new long[2];
        for (int i = 0; i < 2; i++) {
            long pl = dilation[i] * ((i == 0 ? kh : kw) - 1) - padding[i], phh = pl + outputPadding[i];
            lo[i] = Math.max(pl, 0);
            hi[i] = Math.max(phh, 0);
            cropLo[i] = Math.max(-pl, 0);
            cropHi[i] = Math.max(-phh, 0);
        }
        Tensor wt = w.reshape(groups, c / groups, og, kh, kw).transpose(1, 2).reshape(groups * og, c / groups, kh, kw).flip(2, 3);
        Tensor out = conv2d(xd, wt, b, new long[] {1, 1}, lo, hi, dilation, groups);
        if ((cropLo[0] | cropLo[1] | cropHi[0] | cropHi[1]) != 0) {
            out = out.narrow(2, cropLo[0], out.shapeRef()[2] - cropLo[0] - cropHi[0]).narrow(3, cropLo[1], out.shapeRef()[3] - cropLo[1] - cropHi[1]).contiguous();
        }
        return unbatched ? out.squeeze(0) : out;
    }

    /** Inserts stride-1 zeros between the spatial elements of [N, C, H, W]. */
    static Tensor dilateInput(Tensor x, long[] stride) {
        long[] xs = x.shapeRef();
        Tensor out = Torch.zeros(new long[] {xs[0], xs[1], (xs[2] - 1) * stride[0] + 1, (xs[3] - 1) * stride[1] + 1}, x.dtype(), x.device());
        try (var g = Torch.noGrad()) {
            out.slice(2, 0, Long.MAX_VALUE, stride[0]).slice(3, 0, Long.MAX_VALUE, stride[1]).copy_(x);
        }
        if (Graph.needsGrad(x)) {
            Graph.record("ConvolutionBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {
                    g[0].slice(2, 0, Long.MAX_VALUE, stride[0]).slice(3, 0, Long.MAX_VALUE, stride[1])});
        }
        return out;
    }

    // ------------------------------------------------------------------ pooling

    private static void checkPool(String name, long[] k, long[] s, long[] p) {
        for (int i = 0; i < 2; i++) {
            if (k[i] <= 0) throw new IllegalArgumentException(name + ": kernel_size must be greater than zero");
            if (s[i] <= 0) throw new IllegalArgumentException(name + ": stride must be greater than zero");
            if (p[i] < 0 || p[i] > k[i] / 2) throw new IllegalArgumentException("pad should be at most half of kernel size, but got pad=" + p[i] + " and kernel_size=" + k[i]);
        }
    }

    /** PyTorch's pooling_output_shape: floor or ceil, and a last window must start inside the input or left padding. */
    static long poolOut(long in, long k, long pad, long stride, long dil, boolean ceil) {
        long num = in + 2 * pad - dil * (k - 1) - 1 + (ceil ? stride - 1 : 0);
        long out = Math.floorDiv(num, stride) + 1;
        if (ceil && (out - 1) * stride >= in + pad) out--;
        return out;
    }

    private static NnKernels.Geo poolGeo(String name, Tensor x, long[] k, long[] s, long[] p, long[] d, boolean ceil) {
        long[] xs = x.shapeRef();
        long oh = poolOut(xs[2], k[0], p[0], s[0], d[0], ceil), ow = poolOut(xs[3], k[1], p[1], s[1], d[1], ceil);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("Given input size: (" + xs[1] + "x" + xs[2] + "x" + xs[3] + "). Calculated output size: ("
                    + xs[1] + "x" + oh + "x" + ow + "). Output size is too small");
        }
        return new NnKernels.Geo(xs[0], xs[1], xs[2], xs[3], k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], oh, ow);
    }

    /** Max pooling over [N, C, H, W] or [C, H, W]; returns {values, flat indices into H*W (null unless asked)}. */
    public static Tensor[] maxPool2d(Tensor x, long[] k, long[] s, long[] p, long[] d, boolean ceilMode, boolean withIndices) {
        k = pair(k, "kernel_size");
        s = s == null || s.length == 0 ? k : pair(s, "stride");
        p = pair(p, "padding");
        d = pair(d, "dilation");
        checkPool("max_pool2d", k, s, p);
        for (long v : d) if (v <= 0) throw new IllegalArgumentException("max_pool2d: dilation must be greater than zero");
        boolean unbatched = x.dim() == 3;
        if (x.dim() != 4 && !unbatched) throw new IllegalArgumentException("non-empty 3D or 4D (batch mode) tensor expected for input");
        if (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64 && x.dtype() != DType.BFLOAT16) {
            throw new IllegalArgumentException("\"max_pool2d\" not implemented for '" + InPlace.scalarTypeName(x.dtype()) + "'");
        }
        if (unbatched) x = x.unsqueeze(0);
        // bfloat16 values are exact in float32 and the max picks one of them: computing there is exact
        Tensor xin = NnKernels.supports(x) ? x : x.toFloat();
        Tensor[] r = NnKernels.maxPool(xin, poolGeo("max_pool2d", x, k, s, p, d, ceilMode));
        if (xin != x) r[0] = r[0].to(x.dtype());
        if (unbatched) {
            r[0] = r[0].squeeze(0);
            r[1] = r[1].squeeze(0);
        }
        return new Tensor[] {r[0], withIndices ? r[1] : null};
    }

    /**
     * Average pooling with PyTorch's divisor: the window clipped to input plus padding (countIncludePad), or to
     * the input alone, or {@code divisorOverride} when non-null.
     */
    public static Tensor avgPool2d(Tensor x, long[] k, long[] s, long[] p, boolean ceilMode, boolean countIncludePad, Long divisorOverride) {
        k = pair(k, "kernel_size");
        s = s == null || s.length == 0 ? k : pair(s, "stride");
        p = pair(p, "padding");
        checkPool("avg_pool2d", k, s, p);
        if (divisorOverride != null && divisorOverride == 0) throw new IllegalArgumentException("divisor must be not zero");
        boolean unbatched = x.dim() == 3;
        if (x.dim() != 4 && !unbatched) throw new IllegalArgumentException("non-empty 3D or 4D (batch mode) tensor expected for input");
        if (x.dtype() == DType.FLOAT16 || x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("\"avg_pool2d\" not implemented for '" + InPlace.scalarTypeName(x.dtype()) + "'");
        }
        if (unbatched) x = x.unsqueeze(0);
        NnKernels.Geo g = poolGeo("avg_pool2d", x, k, s, p, new long[] {1, 1}, ceilMode);
        Tensor out;
        if (NnKernels.supports(x)) {
            out = NnKernels.avgPool(x, g, countIncludePad, divisorOverride);
        } else {
            // bfloat16 accumulates in float as PyTorch does; integers divide with truncation, as C++ integer division
            out = NnKernels.avgPool(x.toDouble(), g, countIncludePad, divisorOverride);
            out = x.isFloatingPoint() ? out.toFloat().to(x.dtype()) : out.trunc().to(x.dtype());
        }
        return unbatched ? out.squeeze(0) : out;
    }

    /** Adaptive average pooling: output cell i averages input [floor(i*H/OH), ceil((i+1)*H/OH)). */
    public static Tensor adaptiveAvgPool2d(Tensor x, long oh, long ow) {
        boolean unbatched = x.dim() == 3;
        if (x.dim() != 4 && !unbatched) {
            throw new IllegalArgumentException("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got " + Shapes.str(x.shapeRef()));
        }
        if (unbatched) x = x.unsqueeze(0);
        long h = x.shapeRef()[2], w = x.shapeRef()[3];
        Tensor out;
        if (h % oh == 0 && w % ow == 0) {
            out = avgPool2d(x, new long[] {h / oh, w / ow}, null, new long[] {0}, false, true, null);
        } else {
            java.util.List<Tensor> rows = new java.util.ArrayList<>();
            for (long i = 0; i < oh; i++) {
                long h0 = Math.floorDiv(i * h, oh), h1 = -Math.floorDiv(-(i + 1) * h, oh);
                java.util.List<Tensor> cells = new java.util.ArrayList<>();
                for (long j = 0; j < ow; j++) {
                    long w0 = Math.floorDiv(j * w, ow), w1 = -Math.floorDiv(-(j + 1) * w, ow);
                    cells.add(x.narrow(2, h0, h1 - h0).narrow(3, w0, w1 - w0).mean(new long[] {2, 3}, false));
                }
                rows.add(Torch.stack(cells, -1));
            }
            out = Torch.stack(rows, -2);
        }
        return unbatched ? out.squeeze(0) : out;
    }

    // ------------------------------------------------------------------ losses with PyTorch's own backward

    /** Elementwise binary cross entropy with PyTorch's log clamp at -100 and its backward formula. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight) {
        Tensor loss;
        try (var g = Torch.noGrad()) {
            double mn = input.numel() == 0 ? 0 : input.min().itemDouble(), mx = input.numel() == 0 ? 0 : input.max().itemDouble();
            if (!(mn >= 0 && mx <= 1)) throw new IllegalArgumentException("all elements of input should be between 0 and 1");
            Tensor logX = input.log().clampMin(-100.0), log1mX = input.neg().log1p().clampMin(-100.0);
            loss = target.sub(1.0).mul(log1mX).sub(target.mul(logX));
            if (weight != null) loss = loss.mul(weight);
        }
        if (Graph.needsGrad(input, target)) {
            Graph.record("BinaryCrossEntropyBackward0", loss, new Tensor[] {input, target}, new Tensor[] {input, target}, g -> {
                Tensor d = input.sub(target).div(input.neg().add(1.0).mul(input).clampMin(1e-12));
                // PyTorch's binary_cross_entropy_target_backward: log(1 - x) - log(x), unclamped
                Tensor dt = target.requiresGrad() ? input.neg().add(1.0).log().sub(input.log()) : null;
                if (weight != null) {
                    d = d.mul(weight);
                    if (dt != null) dt = dt.mul(weight);
                }
                return new Tensor[] {g[0].mul(d), dt == null ? null : g[0].mul(dt)};
            });
        }
        return loss;
    }

    /** Embedding lookup whose gradient skips {@code paddingIdx} (negative: none). */
    public static Tensor embedding(Tensor weight, Tensor indices, long paddingIdx) {
        if (indices.dtype() != DType.INT64 && indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got "
                    + "torch." + InPlace.scalarTypeName(indices.dtype()) + "Tensor instead (while checking arguments for embedding)");
        }
        Tensor flat = indices.reshape(-1);
        long[] shape = java.util.Arrays.copyOf(indices.shapeRef(), indices.dim() + 1);
        shape[indices.dim()] = weight.shapeRef()[1];
        Tensor out;
        try (var g = Torch.noGrad()) {
            out = weight.indexSelect(0, flat).view(shape);
        }
        if (Graph.needsGrad(weight)) {
            Graph.record("EmbeddingBackward0", out, new Tensor[] {weight}, new Tensor[] {indices}, g -> {
                Tensor gf = g[0].reshape(-1, weight.shapeRef()[1]);
                if (paddingIdx >= 0) gf = gf.mul(flat.ne(paddingIdx).unsqueeze(1).to(gf.dtype()));
                return new Tensor[] {Torch.zerosLike(weight).indexAdd(0, flat, gf)};
            });
        }
        return out;
    }
}
