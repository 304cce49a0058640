package dev.jtorch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Sizes, strides and indices are long: a tensor past 2^31 elements lives off the heap and works. */
class LargeTensorTest {

    @Test
    void moreThanTwoToTheThirtyOneElements() {
        long n = (1L << 31) + 16;
        Tensor x = Torch.zeros(new long[] {n}, DType.INT8);
        assertEquals(n, x.numel());
        assertNull(x.storage().array(), "too big for one Java array: off-heap storage");
        Tensor tail = x.narrow(0, 1L << 31, 16);
        tail.fill_(3);
        assertEquals(3, x.get((1L << 31) + 5).itemLong());
        assertEquals(0, x.get((1L << 31) - 1).itemLong());
        Tensor m = x.view(2, (1L << 30) + 8);
        assertArrayEquals(new long[] {(1L << 30) + 8, 1}, m.stride());
        assertEquals(3, m.get(1, (1L << 30) + 7).itemLong());
        Tensor copy = tail.toLong();
        assertArrayEquals(new long[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, copy.toLongArray());
    }
}
