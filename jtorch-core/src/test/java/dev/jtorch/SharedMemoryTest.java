package dev.jtorch;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** The learner's question: {@code from_numpy} shares memory, {@code tensor()} copies. */
class SharedMemoryTest {

    @Test
    void fromArraySharesBothWays() {
        float[] data = {1, 2, 3, 4};
        Tensor t = fromArray(data);
        assertEquals(DType.FLOAT32, t.dtype());
        data[0] = 10;
        assertEquals(10f, t.get(0).itemFloat(), "a write to the array shows in the tensor");
        t.get(1).fill_(20);
        assertEquals(20f, data[1], "a write to the tensor shows in the array");
        t.mul_(2.0);
        assertArrayEquals(new float[] {20, 40, 6, 8}, data);
    }

    @Test
    void fromArrayKeepsTheElementType() {
        assertEquals(DType.FLOAT64, fromArray(new double[] {1}).dtype());
        assertEquals(DType.INT64, fromArray(new long[] {1}).dtype());
        assertEquals(DType.INT32, fromArray(new int[] {1}).dtype());
        assertEquals(DType.INT16, fromArray(new short[] {1}).dtype());
        assertEquals(DType.INT8, fromArray(new byte[] {1}).dtype());
    }

    @Test
    void fromArrayWithShapeIsARowMajorView() {
        double[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = fromArray(data, 2, 3);
        assertArrayEquals(new long[] {2, 3}, t.shape());
        t.get(1, 2).fill_(60);
        assertEquals(60.0, data[5]);
    }

    @Test
    void tensorCopies() {
        float[] data = {1, 2, 3};
        Tensor t = tensor(data);
        data[0] = 100;
        assertEquals(1f, t.get(0).itemFloat(), "tensor() took a copy");
        t.get(1).fill_(7);
        assertEquals(2f, data[1], "writes to the copy do not reach the array");
    }

    @Test
    void fromBufferSharesHeapAndDirectBuffers() {
        FloatBuffer heap = FloatBuffer.wrap(new float[] {1, 2, 3});
        Tensor a = fromBuffer(heap);
        heap.put(2, 9);
        assertEquals(9f, a.get(2).itemFloat());

        FloatBuffer direct = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder()).asFloatBuffer();
        Tensor b = fromBuffer(direct);
        b.fill_(5);
        assertEquals(5f, direct.get(0));
        assertEquals(DType.FLOAT32, b.dtype());
    }

    @Test
    void fromBufferRejectsForeignByteOrder() {
        FloatBuffer swapped = ByteBuffer.allocateDirect(8).order(
                ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fromBuffer(swapped));
        assertTrue(e.getMessage().contains("byte order"), e.getMessage());
    }

    @Test
    void fromSegmentSharesNativeMemory() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(6 * 8);
            Tensor t = fromSegment(seg, DType.FLOAT64, 2, 3);
            seg.setAtIndex(ValueLayout.JAVA_DOUBLE, 4, 3.5);
            assertEquals(3.5, t.get(1, 1).itemDouble());
            t.get(0, 0).fill_(-1);
            assertEquals(-1.0, seg.getAtIndex(ValueLayout.JAVA_DOUBLE, 0));
            assertThrows(IllegalArgumentException.class, () -> fromSegment(seg, DType.FLOAT64, 7));
        }
    }

    @Test
    void viewsShareStorageAndReshapeOfNonContiguousCopies() {
        Tensor x = arange(6).view(2, 3);
        Tensor v = x.view(6);
        v.get(0).fill_(42);
        assertEquals(42L, x.get(0, 0).itemLong());
        assertSame(x.storage(), x.t().storage());
        Tensor r = x.t().reshape(6);
        assertNotSame(x.storage(), r.storage(), "reshape of a transposed tensor cannot be a view");
        assertArrayEquals(new long[] {42, 3, 1, 4, 2, 5}, r.toLongArray());
    }
}
