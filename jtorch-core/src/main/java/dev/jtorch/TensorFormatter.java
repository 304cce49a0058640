package dev.jtorch;

import dev.jtorch.internal.Mem;

import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Formats tensors as PyTorch 1.13's {@code repr} does ({@code torch/_tensor_str.py}), character for
 * character: one format for all elements (fixed, integer-valued or scientific, chosen from the values
 * shown), padded to a common width, rows wrapped at the line width, summarised with {@code ...} above the
 * threshold, then the suffixes (device, size, dtype, grad_fn or requires_grad).
 *
 * <p>Numbers are rounded as Python's {@code str.format} rounds: the exact binary value, ties to even
 * ({@link BigDecimal}); {@link String#format} would round the shortest decimal instead and differ.
 */
final class TensorFormatter {
    private TensorFormatter() {}

    private static final String PREFIX = "tensor(";

    static String repr(Tensor t) { return repr(t, Torch.getPrintoptions()); }

    static String repr(Tensor t, PrintOptions o) {
        int indent = PREFIX.length();
        List<String> suffixes = new ArrayList<>();
        if (t.device().type() != Device.Type.CPU) suffixes.add("device='" + t.device() + "'");
        DType dtype = t.dtype();
        String body;
        if (t.numel() == 0) {
            // numpy's convention: the shape unless it is (0,), and the dtype always, since no value shows it
            if (t.dim() != 1) suffixes.add("size=" + tuple(t.shapeRef()));
            if (dtype != Torch.getDefaultDtype()) suffixes.add("dtype=" + dtype);
            body = "[]";
        } else {
            if (dtype != Torch.getDefaultDtype() && dtype != DType.INT64 && dtype != DType.BOOL) {
                suffixes.add("dtype=" + dtype);
            }
            // device memory is printed from a host copy
            body = new Printer(t.storage().deviceMemory() == null ? t : t.detach().cpu(), o).tensorStr(indent);
        }
        if (t.gradFn() != null) suffixes.add("grad_fn=<" + t.gradFn().name() + ">");
        else if (t.requiresGrad()) suffixes.add("requires_grad=True");
        return addSuffixes(PREFIX + body, suffixes, indent, o.linewidth());
    }

    /** Python's {@code str(tuple(shape))}: {@code (2, 0)}, {@code (0,)}. */
    private static String tuple(long[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
        return sb.append(')').toString();
    }

    private static String addSuffixes(String tensorStr, List<String> suffixes, int indent, int linewidth) {
        StringBuilder sb = new StringBuilder(tensorStr);
        // PyTorch's arithmetic, including its +1 (and +2 on a single line, where rfind gives -1)
        int lastLineLen = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLen + suffix.length() + 2 > linewidth) {
                sb.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLen = indent + suffix.length();
            } else {
                sb.append(", ").append(suffix);
                lastLineLen += suffix.length() + 2;
            }
        }
        return sb.append(')').toString();
    }

    /** Walks the elements by storage index, so printing never records ops or copies the tensor. */
    private static final class Printer {
        private final MemorySegment seg;
        private final DType dtype;
        private final long[] shape;
        private final long[] strides;
        private final long offset;
        private final PrintOptions o;
        private final boolean summarize;
        private final Formatter fmt;

        Printer(Tensor t, PrintOptions o) {
            this.seg = t.segment();
            this.dtype = t.dtype();
            this.shape = t.shapeRef();
            this.strides = t.stridesRef();
            this.offset = t.storageOffset();
            this.o = o;
            this.summarize = t.numel() > o.threshold();
            if (summarize && shape.length >= 2 && o.edgeitems() == 0) {
                // PyTorch stacks the (empty) list of kept rows here and fails with these words
                throw new IllegalArgumentException("stack expects a non-empty TensorList");
            }
            LongList shown = new LongList();
            collect(0, offset, shown);
            this.fmt = new Formatter(seg, dtype, shown, o);
        }

        /** Index of the first of the trailing edge items: Python's {@code self[-0:]} keeps everything. */
        private long tailStart(long size) { return o.edgeitems() == 0 ? 0 : size - o.edgeitems(); }

        private boolean elide(int d) { return summarize && shape[d] > 2L * o.edgeitems(); }

        /** The storage indices of the elements the output shows (all, or the edges when summarised). */
        private void collect(int d, long base, LongList out) {
            if (d == shape.length) {
                out.add(base);
                return;
            }
            if (elide(d)) {
                for (long i = 0; i < o.edgeitems(); i++) collect(d + 1, base + i * strides[d], out);
                for (long i = tailStart(shape[d]); i < shape[d]; i++) collect(d + 1, base + i * strides[d], out);
            } else {
                for (long i = 0; i < shape[d]; i++) collect(d + 1, base + i * strides[d], out);
            }
        }

        String tensorStr(int indent) {
            if (shape.length == 0) return fmt.format(offset);
            return str(0, offset, indent);
        }

        private String str(int d, long base, int indent) {
            int dims = shape.length - d;
            if (dims == 1) return vectorStr(base, indent);
            List<String> slices = new ArrayList<>();
            if (elide(d)) {
                for (long i = 0; i < o.edgeitems(); i++) slices.add(str(d + 1, base + i * strides[d], indent + 1));
                slices.add("...");
                for (long i = shape[d] - o.edgeitems(); i < shape[d]; i++) {
                    slices.add(str(d + 1, base + i * strides[d], indent + 1));
                }
            } else {
                for (long i = 0; i < shape[d]; i++) slices.add(str(d + 1, base + i * strides[d], indent + 1));
            }
            return "[" + String.join("," + "\n".repeat(dims - 1) + " ".repeat(indent + 1), slices) + "]";
        }

        private String vectorStr(long base, int indent) {
            int d = shape.length - 1;
            long stride = strides[d];
            int elementLength = fmt.width() + 2;
            int perLine = Math.max(1, Math.floorDiv(o.linewidth() - indent, elementLength));
            List<String> data = new ArrayList<>();
            if (elide(d)) {
                for (long i = 0; i < o.edgeitems(); i++) data.add(fmt.format(base + i * stride));
                data.add(" ...");
                for (long i = tailStart(shape[d]); i < shape[d]; i++) data.add(fmt.format(base + i * stride));
            } else {
                for (long i = 0; i < shape[d]; i++) data.add(fmt.format(base + i * stride));
            }
            StringBuilder sb = new StringBuilder("[");
            String lineBreak = ",\n" + " ".repeat(indent + 1);
            for (int i = 0; i < data.size(); i++) {
                if (i > 0) sb.append(i % perLine == 0 ? lineBreak : ", ");
                sb.append(data.get(i));
            }
            return sb.append(']').toString();
        }
    }

    /** PyTorch's {@code _Formatter}: one element format and width, chosen from the elements shown. */
    private static final class Formatter {
        private final MemorySegment seg;
        private final DType dtype;
        private final int precision;
        private final boolean floating;
        private boolean intMode = true;
        private boolean sciMode = false;
        private int maxWidth = 1;

        Formatter(MemorySegment seg, DType dtype, LongList shown, PrintOptions o) {
            this.seg = seg;
            this.dtype = dtype;
            this.precision = o.precision();
            this.floating = dtype.isFloatingPoint();
            if (!floating) {
                for (int i = 0; i < shown.size; i++) maxWidth = Math.max(maxWidth, plain(shown.data[i]).length());
                return;
            }
            double[] vals = new double[shown.size];
            int n = 0;
            for (int i = 0; i < shown.size; i++) {
                double v = Mem.getDouble(seg, dtype, shown.data[i]);
                if (Double.isFinite(v) && v != 0) vals[n++] = v;
            }
            // no finite non-zero value: PyTorch returns before applying sci_mode from the options
            if (n == 0) return;
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (int i = 0; i < n; i++) {
                double a = Math.abs(vals[i]);
                min = Math.min(min, a);
                max = Math.max(max, a);
                if (vals[i] != Math.ceil(vals[i])) intMode = false;
            }
            if (intMode) {
                if (max / min > 1000.0 || max > 1.0e8) {
                    sciMode = true;
                    for (int i = 0; i < n; i++) maxWidth = Math.max(maxWidth, sci(vals[i], precision).length());
                } else {
                    // one more for the '.' that marks a float
                    for (int i = 0; i < n; i++) maxWidth = Math.max(maxWidth, fixed(vals[i], 0).length() + 1);
                }
            } else if (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4) {
                sciMode = true;
                for (int i = 0; i < n; i++) maxWidth = Math.max(maxWidth, sci(vals[i], precision).length());
            } else {
                for (int i = 0; i < n; i++) maxWidth = Math.max(maxWidth, fixed(vals[i], precision).length());
            }
            if (o.sciMode() != null) sciMode = o.sciMode();
        }

        int width() { return maxWidth; }

        /** The element at storage index {@code idx}, right-aligned to the common width. */
        String format(long idx) {
            String s;
            if (floating) {
                double v = Mem.getDouble(seg, dtype, idx);
                if (sciMode) s = sci(v, precision);
                else if (intMode) s = Double.isFinite(v) ? fixed(v, 0) + "." : fixed(v, 0);
                else s = fixed(v, precision);
            } else {
                s = plain(idx);
            }
            return s.length() >= maxWidth ? s : " ".repeat(maxWidth - s.length()) + s;
        }

        /** Python's {@code "{}".format} of an int or a bool. */
        private String plain(long idx) {
            if (dtype == DType.BOOL) return Mem.getBool(seg, dtype, idx) ? "True" : "False";
            return Long.toString(Mem.getLong(seg, dtype, idx));
        }
    }

    private static String nonFinite(double v) {
        if (Double.isNaN(v)) return "nan";
        return v > 0 ? "inf" : "-inf";
    }

    private static boolean negative(double v) { return Double.doubleToRawLongBits(v) < 0; }

    /** Python's {@code "{:.Nf}".format(v)}: keeps the sign of -0.0 and of negatives that round to zero. */
    static String fixed(double v, int digits) {
        if (!Double.isFinite(v)) return nonFinite(v);
        String s = new BigDecimal(Math.abs(v)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        return negative(v) ? "-" + s : s;
    }

    /** Python's {@code "{:.Ne}".format(v)}: N digits after the point, an exponent of at least two digits. */
    static String sci(double v, int digits) {
        if (!Double.isFinite(v)) return nonFinite(v);
        String mantissa;
        int exp;
        if (v == 0) {
            mantissa = "0".repeat(digits + 1);
            exp = 0;
        } else {
            BigDecimal r = new BigDecimal(Math.abs(v)).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
            String u = r.unscaledValue().toString();
            exp = u.length() - 1 - r.scale();
            mantissa = u.length() >= digits + 1 ? u.substring(0, digits + 1) : u + "0".repeat(digits + 1 - u.length());
        }
        StringBuilder sb = new StringBuilder();
        if (negative(v)) sb.append('-');
        sb.append(mantissa.charAt(0));
        if (digits > 0) sb.append('.').append(mantissa, 1, mantissa.length());
        sb.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) sb.append('0');
        return sb.append(a).toString();
    }

    /** A growable long array, to gather indices without boxing. */
    private static final class LongList {
        long[] data = new long[16];
        int size;

        void add(long v) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }
    }
}
