package dev.jtorch.internal;

/**
 * The dims of k operands of one shape, merged where every operand is contiguous across them and with size-1
 * dims dropped, so a contiguous tensor of any rank becomes one run. CPU loops and GPU launches both walk this.
 *
 * @param rank    merged dims in use (0 for a single element)
 * @param shape   merged sizes, outermost first (length at least 1; only the first {@code rank} count)
 * @param strides per operand, merged strides in elements, aligned with {@code shape}
 */
public record Coalesced(int rank, long[] shape, long[][] strides) {

    public static Coalesced of(long[] shape, long[][] strides) {
        int k = strides.length;
        long[] sh = new long[Math.max(shape.length, 1)];
        long[][] st = new long[k][Math.max(shape.length, 1)];
        int r = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            if (r > 0) {
                boolean merge = true;
                for (int i = 0; i < k; i++) {
                    if (st[i][r - 1] != strides[i][d] * shape[d]) { merge = false; break; }
                }
                if (merge) {
                    sh[r - 1] *= shape[d];
                    for (int i = 0; i < k; i++) st[i][r - 1] = strides[i][d];
                    continue;
                }
            }
            sh[r] = shape[d];
            for (int i = 0; i < k; i++) st[i][r] = strides[i][d];
            r++;
        }
        return new Coalesced(r, sh, st);
    }
}
