package dev.jtorch.backend.cpu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** HeapArrays' vector loops give the scalar loops' bits, at lengths and offsets around the vector width. */
class HeapArraysTest {
    @AfterEach
    void restore() { Simd.useVector = Simd.VECTOR; }

    @Test
    void vectorAndScalarAgreeBitForBit() {
        Random r = new Random(7);
        for (int n : new int[] {0, 1, 15, 16, 17, 33, 1000}) {
            for (int off : new int[] {0, 3}) {
                float[] x = new float[n + off + 2], y = new float[n + off + 5];
                for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
                for (int i = 0; i < y.length; i++) y[i] = (float) r.nextGaussian();
                float[][] got = new float[4][];
                for (int v = 0; v < 2; v++) {
                    Simd.useVector = v == 0 && Simd.VECTOR;
                    float[] a = x.clone(), f = x.clone();
                    HeapArrays.add(a, off, y, off + 1, n);
                    HeapArrays.fma(f, off, y, off + 2, -0.01f, n);
                    got[2 * v] = a;
                    got[2 * v + 1] = f;
                }
                assertArrayEquals(got[2], got[0], "add n=" + n);
                assertArrayEquals(got[3], got[1], "fma n=" + n);
                for (int i = 0; i < n; i++) {
                    assertEquals(x[off + i] + y[off + 1 + i], got[2][off + i]);
                    assertEquals(Math.fma(y[off + 2 + i], -0.01f, x[off + i]), got[3][off + i]);
                }
                assertEquals(x[x.length - 1], got[0][x.length - 1]); // nothing written past n
            }
        }
    }
}
