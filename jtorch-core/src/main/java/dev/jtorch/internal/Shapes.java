package dev.jtorch.internal;

import java.util.Arrays;

/** Shape and stride arithmetic, with PyTorch's error messages. */
public final class Shapes {
    private Shapes() {}

    public static final long[] SCALAR = new long[0];

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    public static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** Wraps a possibly negative dim into [0, rank), or throws PyTorch's IndexError text. */
    public static int wrapDim(long dim, int rank) {
        int r = Math.max(rank, 1); // a 0-d tensor accepts dims 0 and -1
        if (dim < -r || dim >= r) {
            throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of ["
                    + (-r) + ", " + (r - 1) + "], but got " + dim + ")");
        }
        return (int) (dim < 0 ? dim + r : dim);
    }

    /** PyTorch's maybe_wrap_dim applied to a position in a dim of {@code size} (narrow's start), same message. */
    public static long wrapIndex(long index, long size) {
        long r = Math.max(size, 1);
        if (index < -r || index >= r) {
            throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of ["
                    + (-r) + ", " + (r - 1) + "], but got " + index + ")");
        }
        return index < 0 ? index + r : index;
    }

    /** PyTorch's broadcasting of two shapes, with its error message. */
    public static long[] broadcast(long[] a, long[] b) {
        int n = Math.max(a.length, b.length);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            int ia = a.length - n + i, ib = b.length - n + i;
            long da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
            if (da == db || db == 1) out[i] = da;
            else if (da == 1) out[i] = db;
            else throw new IllegalArgumentException("The size of tensor a (" + da
                    + ") must match the size of tensor b (" + db + ") at non-singleton dimension " + i);
        }
        return out;
    }

    /** Strides for viewing a tensor of {@code shape, strides} as {@code newShape} without a copy, or null. */
    public static long[] viewStrides(long[] shape, long[] strides, long[] newShape) {
        // Port of the idea behind ATen's computeStride: walk chunks of old dims that are contiguous
        // with each other and split each chunk over the new dims it covers.
        long numel = numel(shape);
        long[] newStrides = new long[newShape.length];
        if (numel == 0) {
            return Arrays.equals(shape, newShape) ? strides.clone() : contiguousStrides(newShape);
        }
        if (shape.length == 0) return contiguousStrides(newShape); // a scalar viewed as [1, 1, ...]
        int viewD = newShape.length - 1;
        long chunkBase = strides.length > 0 ? strides[strides.length - 1] : 1;
        long tensorNumel = 1, viewNumel = 1;
        for (int td = shape.length - 1; td >= 0; td--) {
            tensorNumel *= shape[td];
            if (td == 0 || (shape[td - 1] != 1 && strides[td - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = viewNumel * chunkBase;
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (td > 0) {
                    chunkBase = strides[td - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) return null;
        return newStrides;
    }

    /** Resolves one -1 in a requested shape, or throws PyTorch's "shape '[...]' is invalid" error. */
    public static long[] inferSize(long[] requested, long numel) {
        long[] out = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("only one dimension can be inferred");
                infer = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException("invalid shape dimension " + out[i]);
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                if (known == 0) throw new IllegalArgumentException("cannot reshape tensor of 0 elements into shape "
                        + str(requested) + " because the unspecified dimension size -1 can be any value and is ambiguous");
                throw new IllegalArgumentException("shape '" + str(requested) + "' is invalid for input of size " + numel);
            }
            out[infer] = numel / known;
        } else if (known != numel) {
            throw new IllegalArgumentException("shape '" + str(requested) + "' is invalid for input of size " + numel);
        }
        return out;
    }

    /** "[2, 4]" as PyTorch prints sizes in messages. */
    public static String str(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(']').toString();
    }

    public static boolean isContiguous(long[] shape, long[] strides) {
        for (long d : shape) if (d == 0) return true; // PyTorch: every empty tensor is contiguous
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 0) return true;
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** PyTorch's is_non_overlapping_and_dense: some permutation of the dims is contiguous (size-1 dims ignored). */
    public static boolean isNonOverlappingAndDense(long[] shape, long[] strides) {
        if (isContiguous(shape, strides)) return true; // includes every empty tensor
        int n = shape.length;
        if (n == 1) return shape[0] < 2 || strides[0] == 1;
        Integer[] perm = new Integer[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        Arrays.sort(perm, (a, b) -> {
            if (shape[a] < 2) return shape[b] < 2 ? 0 : 1;
            if (shape[b] < 2) return -1;
            return Long.compare(strides[a], strides[b]);
        });
        long require = 1;
        for (int i = 0; i < n; i++) {
            long size = shape[perm[i]];
            if (size < 2) return true;
            if (strides[perm[i]] != require) return false;
            require *= size;
        }
        return true;
    }

    /**
     * The strides of PyTorch's {@code empty_like} with memory_format=preserve (clone, to, zeros_like...):
     * the input's own strides when they are dense, else dense strides in the input's dim order
     * (ATen's infer_dense_strides, the same stable ordering TensorIterator uses).
     */
    public static long[] preservedStrides(long[] shape, long[] strides) {
        if (isNonOverlappingAndDense(shape, strides)) return strides.clone();
        int n = shape.length;
        if (n == 0) return new long[0];
        if (n == 1) return new long[] {1};
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = n - 1 - i;
        for (int i = 1; i < n; i++) {
            int dim1 = i;
            for (int j = 1; j <= i; j++) {
                int dim0 = i - j;
                int cmp = shouldSwap(shape, strides, perm[dim0], perm[dim1]);
                if (cmp > 0) {
                    int t = perm[dim0];
                    perm[dim0] = perm[dim1];
                    perm[dim1] = t;
                    dim1 = dim0;
                } else if (cmp < 0) {
                    break;
                }
            }
        }
        long[] out = new long[n];
        long curr = 1;
        for (int i = 0; i < n; i++) {
            int idx = perm[i];
            out[idx] = curr;
            if (shape[idx] > 1) curr *= shape[idx];
        }
        return out;
    }

    private static int shouldSwap(long[] shape, long[] strides, int d0, int d1) {
        long s0 = strides[d0], s1 = strides[d1];
        if (s0 == 0 || s1 == 0) return 0; // ambiguous: keep the contiguous order
        if (s0 < s1) return -1;
        if (s0 > s1) return 1;
        return shape[d0] > shape[d1] ? 1 : 0;
    }

    /** Elements a storage needs to back {@code shape} with {@code strides} from offset 0. */
    public static long storageSize(long[] shape, long[] strides) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) return 0;
            n += (shape[i] - 1) * strides[i];
        }
        return n;
    }

    public static long[] toLongs(int... xs) {
        long[] r = new long[xs.length];
        for (int i = 0; i < xs.length; i++) r[i] = xs[i];
        return r;
    }
}
