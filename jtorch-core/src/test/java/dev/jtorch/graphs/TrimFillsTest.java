package dev.jtorch.graphs;

import dev.jtorch.DType;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;
import dev.jtorch.backend.BinaryOp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link Optimizer#trimOverwrittenFills}: a zero fill followed by a kernel that overwrites part of it. The
 * rewritten tape must leave every storage with the same bits as the recorded one, fill fewer elements when
 * the pattern applies, and stay as it was when it does not.
 */
class TrimFillsTest {
    private static final int N = 37;

    private final Storage zero = Storage.allocate(DType.FLOAT32, 1);
    private final Storage buf = Storage.allocate(DType.FLOAT32, N), g = Storage.allocate(DType.FLOAT32, N),
            acc = Storage.allocate(DType.FLOAT32, N);

    private static Tensor view(Storage st, long offset, long n) {
        return new Tensor(st, new long[] {n}, new long[] {1}, offset, DType.FLOAT32);
    }

    private Call fillBuf() {
        return new Call.Copy(new Tensor[] {new Tensor(zero, new long[] {N}, new long[] {0}, 0, DType.FLOAT32), view(buf, 0, N)});
    }

    private static Call add(Tensor a, Tensor b, Tensor out) { return new Call.Binary(BinaryOp.ADD, new Tensor[] {a, b, out}); }

    /** Random contents, with signed zeros in g (0 + -0 is +0: the rewritten add must keep that). */
    private void scramble(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ((float[]) zero.array())[0] = 0f;   // one tape writes it
        for (Storage st : new Storage[] {buf, g, acc}) {
            float[] a = (float[]) st.array();
            for (int i = 0; i < a.length; i++) a[i] = r.nextInt(5) == 0 ? -0.0f : (float) r.nextGaussian();
        }
    }

    private List<int[]> run(List<Call> tape, long seed) {
        scramble(seed);
        for (Call c : tape) c.run();
        List<int[]> bits = new ArrayList<>();
        for (Storage st : new Storage[] {buf, g, acc}) {
            float[] a = (float[]) st.array();
            int[] b = new int[a.length];
            for (int i = 0; i < a.length; i++) b[i] = Float.floatToRawIntBits(a[i]);
            bits.add(b);
        }
        return bits;
    }

    private static long filled(List<Call> tape) {
        long n = 0;
        for (Call c : tape) if (c instanceof Call.Copy && c.t[0].stridesRef()[0] == 0) n += c.t[1].numel();
        return n;
    }

    private void assertSameEffect(List<Call> tape, List<Call> trimmed) {
        for (long seed = 1; seed <= 5; seed++) {
            List<int[]> want = run(tape, seed), got = run(trimmed, seed);
            for (int s = 0; s < want.size(); s++) {
                for (int i = 0; i < N; i++) assertEquals(want.get(s)[i], got.get(s)[i], "storage " + s + " element " + i);
            }
        }
    }

    @Test
    void sliceGradientFillsOnlyWhatTheAddLeaves() {
        // buf = 0; buf[1:] = buf[1:] + g[:-1]; acc = acc + buf  (the gradient of h[1:] accumulated)
        List<Call> tape = List.of(fillBuf(), add(view(buf, 1, N - 1), view(g, 0, N - 1), view(buf, 1, N - 1)),
                add(view(acc, 0, N), view(buf, 0, N), view(acc, 0, N)));
        List<Call> trimmed = Optimizer.trimOverwrittenFills(tape);
        assertEquals(1, filled(trimmed));
        // the add now reads the zero itself, in the operand where it read the buffer
        Call rewritten = trimmed.get(1);
        assertSame(zero, rewritten.t[0].storage());
        assertEquals(0, rewritten.t[0].stridesRef()[0]);
        assertSameEffect(tape, trimmed);
    }

    @Test
    void copyIntoTheMiddleLeavesBothEnds() {
        List<Call> tape = List.of(fillBuf(), new Call.Copy(new Tensor[] {view(g, 3, 20), view(buf, 10, 20)}),
                add(view(acc, 0, N), view(buf, 0, N), view(acc, 0, N)));
        List<Call> trimmed = Optimizer.trimOverwrittenFills(tape);
        assertEquals(N - 20, filled(trimmed));
        assertSameEffect(tape, trimmed);
    }

    @Test
    void untouchedWhenTheNextKernelReadsOtherElements() {
        // buf[1:] = buf[:-1] + g[1:] reads filled elements it does not overwrite: the fill must stay whole
        List<Call> shifted = List.of(fillBuf(), add(view(buf, 0, N - 1), view(g, 1, N - 1), view(buf, 1, N - 1)));
        assertEquals(List.copyOf(shifted), Optimizer.trimOverwrittenFills(shifted));
        // a read of the buffer before the overwrite
        List<Call> read = List.of(fillBuf(), add(view(acc, 0, N), view(buf, 0, N), view(acc, 0, N)),
                new Call.Copy(new Tensor[] {view(g, 0, N), view(buf, 0, N)}));
        assertEquals(List.copyOf(read), Optimizer.trimOverwrittenFills(read));
        // the fill value changes before the kernel that would read it instead
        List<Call> valueWritten = List.of(fillBuf(), new Call.Copy(new Tensor[] {view(g, 0, 1), new Tensor(zero, new long[] {1}, new long[] {1}, 0, DType.FLOAT32)}),
                add(view(buf, 0, N), view(g, 0, N), view(buf, 0, N)));
        assertEquals(List.copyOf(valueWritten), Optimizer.trimOverwrittenFills(valueWritten));
        for (List<Call> tape : List.of(shifted, read, valueWritten)) assertSameEffect(tape, Optimizer.trimOverwrittenFills(tape));
    }
}
