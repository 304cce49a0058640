package dev.jtorch.backend.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeometryTest {
    @Test void contiguousOperandsMergeIntoOneRun() {
        Geometry g = Geometry.of(new long[] {2, 3, 4}, new long[][] {{12, 4, 1}, {12, 4, 1}});
        assertEquals(1, g.rank);
        assertEquals(24, g.n);
        assertTrue(g.contiguous());
    }

    @Test void broadcastOperandKeepsItsDims() {
        // a [2,3] + b [3] broadcast (stride 0 on dim 0)
        Geometry g = Geometry.of(new long[] {2, 3}, new long[][] {{3, 1}, {0, 1}, {3, 1}});
        assertEquals(2, g.rank);
        assertArrayEquals(new long[] {2, 3}, java.util.Arrays.copyOf(g.shape, 2));
        assertFalse(g.contiguous());
        assertEquals(0, g.strides[1][0]);
    }

    @Test void transposedInputStaysStrided() {
        Geometry g = Geometry.of(new long[] {3, 2}, new long[][] {{1, 3}, {2, 1}});
        assertEquals(2, g.rank);
        assertFalse(g.contiguous());
    }

    @Test void sizeOneDimsDisappear() {
        Geometry g = Geometry.of(new long[] {1, 5, 1}, new long[][] {{99, 2, 7}});
        assertEquals(1, g.rank);
        assertEquals(2, g.strides[0][0]);
        assertFalse(g.contiguous());
        assertTrue(Geometry.of(new long[] {}, new long[][] {{}}).contiguous());
    }

    @Test void denseViewsCoverTheirBlock() {
        assertTrue(dev.jtorch.internal.Shapes.isNonOverlappingAndDense(new long[] {2, 3}, new long[] {3, 1}));
        assertTrue(dev.jtorch.internal.Shapes.isNonOverlappingAndDense(new long[] {3, 2}, new long[] {1, 3}));   // a transpose
        assertFalse(dev.jtorch.internal.Shapes.isNonOverlappingAndDense(new long[] {2, 3}, new long[] {6, 1}));  // every other row
        assertFalse(dev.jtorch.internal.Shapes.isNonOverlappingAndDense(new long[] {2, 3}, new long[] {0, 1}));  // expanded
        assertTrue(dev.jtorch.internal.Shapes.isNonOverlappingAndDense(new long[] {}, new long[] {}));
    }
}
