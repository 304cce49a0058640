package dev.jtorch;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java-only spellings of indexing (index objects, Torch facades) must mean exactly what the Python-text
 * form means; the text form itself is checked against PyTorch by IndexingConformanceTest.
 */
class IndexingApiTest {
    private static Tensor x() {
        return Torch.arange(0.0, 24.0, 1.0, DType.FLOAT64).reshape(2, 3, 4);
    }

    private static void same(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), "values");
        if (expected.storage() == actual.storage()) {
            assertArrayEquals(expected.stride(), actual.stride(), "stride");
            assertEquals(expected.storageOffset(), actual.storageOffset(), "offset");
        }
    }

    @Test
    void indexObjectsMatchTheTextForm() {
        Tensor x = x();
        same(x.get("1, ::2"), x.index(1L, Torch.slice(null, null, 2L)));
        same(x.get("0"), x.index(0));
        same(x.get("None"), x.index(Torch.None));
        same(x.get("None, 1"), x.index(null, 1));
        same(x.get("..., 1:3"), x.index(Torch.ELLIPSIS, Torch.slice(1, 3)));
        same(x.get(":, :2, 1:3:2"), x.index(Torch.slice(), Torch.slice(2), Torch.slice(1, 3, 2)));
        same(x.get("..., [0, 2]"), x.index(Torch.ELLIPSIS, new long[] {0, 2}));
        same(x.get("[1, 0], :, [3, 3]"), x.index(List.of(1, 0), Torch.slice(), new int[] {3, 3}));
        same(x.get("[True, False]"), x.index((Object) new boolean[] {true, false}));
        same(x.get("True"), x.index(true));
        same(x.get(":, [0, 2]"), x.index(Torch.slice(), Torch.tensor(0L, 2L)));
        same(x.get("0, 1"), x.index(Torch.tensor(0L).reshape(), 1));
    }

    @Test
    void basicIndexingGivesViewsThatWriteThrough() {
        Tensor x = x();
        Tensor v = x.get("1:, ::2");
        assertSame(x.storage(), v.storage());
        assertSame(x.viewBase() == null ? x : x.viewBase(), v.viewBase());
        v.fill_(-1.0);
        Tensor y = x();
        y.set("1:, ::2", -1.0);
        same(y, x);
        Tensor z = x();
        z.set(new Object[] {Torch.slice(1, Long.MAX_VALUE), Torch.slice(null, null, 2L)}, -1.0);
        same(y, z);
    }

    @Test
    void assignmentFormsAgree() {
        Tensor value = Torch.arange(0.0, 4.0, 1.0, DType.FLOAT64);
        Tensor a = x(), b = x(), c = x();
        a.set("[1, 0], 2", value);
        b.set(new Object[] {new long[] {1, 0}, 2}, value);
        c.indexPut_(new Tensor[] {Torch.tensor(1L, 0L), Torch.tensor(2L, 2L)}, value);
        same(a, b);
        same(a, c);
        same(a, x().indexPut(new Tensor[] {Torch.tensor(1L, 0L), Torch.tensor(2L, 2L)}, value));
    }

    @Test
    void torchFacadesMatchTensorMethods() {
        Tensor x = x();
        same(x.flip(0, 2), Torch.flip(x, 0, 2));
        same(x.roll(3), Torch.roll(x, 3));
        same(x.roll(1, 2), Torch.roll(x, 1, 2));
        same(x.roll(new long[] {1, 2}, new long[] {0, 1}), Torch.roll(x, new long[] {1, 2}, new long[] {0, 1}));
        same(x.tile(2), Torch.tile(x, 2));
        same(x.indexSelect(1, Torch.tensor(2L, 0L)), Torch.indexSelect(x, 1, Torch.tensor(2L, 0L)));
        same(x.maskedSelect(x.gt(10.0)), Torch.maskedSelect(x, x.gt(10.0)));
        same(Torch.hstack(List.of(x, x)), Torch.hstack(x, x));
        same(Torch.vstack(List.of(x, x)), Torch.vstack(x, x));
        same(x.indexPut(new Tensor[] {Torch.tensor(0L)}, Torch.tensor(5.0).toDouble(), true),
                Torch.indexPut(x, new Tensor[] {Torch.tensor(0L)}, Torch.tensor(5.0).toDouble(), true));
    }

    @Test
    void badIndexText() {
        Tensor x = x();
        assertThrows(IllegalArgumentException.class, () -> x.get("1:2:3:4"));
        assertThrows(IllegalArgumentException.class, () -> x.get("foo"));
        assertThrows(IllegalArgumentException.class, () -> x.get(""));
        assertThrows(IllegalArgumentException.class, () -> x.get("[0, 1"));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> x.index(1.5));
        assertTrue(e.getMessage().startsWith("only integers, slices"));
    }
}
