package dev.jtorch.io;

import dev.jtorch.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pickles built to exhaust a naive reader: deep nesting, self-reference, object floods. */
class CheckpointPickleLimitsTest {
    @TempDir Path dir;

    private Path archive(byte[] pickle) throws IOException {
        Path p = dir.resolve("p" + System.nanoTime() + ".pt");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry e = new ZipEntry("p/data.pkl");
            e.setMethod(ZipEntry.STORED);
            e.setSize(pickle.length);
            CRC32 crc = new CRC32();
            crc.update(pickle);
            e.setCrc(crc.getValue());
            zip.putNextEntry(e);
            zip.write(pickle);
            zip.closeEntry();
        }
        Files.write(p, bytes.toByteArray());
        return p;
    }

    private static byte[] pickle(String body) {
        byte[] b = new byte[body.length() + 3];
        b[0] = (byte) 0x80;
        b[1] = 2;
        for (int i = 0; i < body.length(); i++) b[i + 2] = (byte) body.charAt(i);
        b[b.length - 1] = '.';
        return b;
    }

    @Test
    void deepNestingNeedsNoRecursion() throws IOException {
        int depth = 500_000; // within the object budget (8 units a list)
        Object o = Torch.load(archive(pickle("]".repeat(depth) + "a".repeat(depth - 1))));
        for (int i = 0; i < 10; i++) o = assertInstanceOf(List.class, o).get(0);
        // saving it again is refused cleanly rather than overflowing the stack
        Object deep = o;
        assertThrows(IllegalArgumentException.class, () -> Torch.save(deep, dir.resolve("deep.pt")));
    }

    @Test
    void selfReferenceIsKept() throws IOException {
        // l = []; l.append(l)
        List<?> l = assertInstanceOf(List.class, Torch.load(archive(pickle("]q\u0000h\u0000a"))));
        assertSame(l, l.get(0));
    }

    @Test
    void objectFloodIsBounded() throws IOException {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> Torch.load(archive(pickle("]".repeat(3_000_000)))));
        assertTrue(e.getMessage().contains("more objects than the loader allows"), e.getMessage());
    }

    @Test
    void trailingBytesAndMissingStopAreRefused() throws IOException {
        byte[] p = pickle("N");
        byte[] extra = java.util.Arrays.copyOf(p, p.length + 1);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Torch.load(archive(extra)));
        assertTrue(e.getMessage().contains("follow the pickle's STOP"), e.getMessage());
        byte[] noStop = java.util.Arrays.copyOf(p, p.length - 1);
        e = assertThrows(CheckpointFormatException.class, () -> Torch.load(archive(noStop)));
        assertTrue(e.getMessage().contains("byte 3"), e.getMessage());
    }

    @Test
    void valuesOfEveryPickleType() throws IOException {
        // (None, True, -1 (BININT), 300 (BININT2), 2**64 (LONG1), 1.5 (BINFLOAT), b'ab' (SHORT_BINBYTES), 'é')
        String body = "(NI88\u0000J\u00ff\u00ff\u00ff\u00ffM,\u0001\u008a\u0009\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0001"
                + "G?\u00f8\u0000\u0000\u0000\u0000\u0000\u0000C\u0002ab\u008c\u0002\u00c3\u00a9t";
        body = body.replace("I88\u0000", "\u0088");
        List<?> t = assertInstanceOf(List.class, Torch.load(archive(pickle(body))));
        assertEquals(8, t.size());
        assertEquals(null, t.get(0));
        assertEquals(true, t.get(1));
        assertEquals(-1L, t.get(2));
        assertEquals(300L, t.get(3));
        assertEquals(java.math.BigInteger.ONE.shiftLeft(64), t.get(4));
        assertEquals(1.5, t.get(5));
        assertEquals("ab", new String((byte[]) t.get(6)));
        assertEquals("é", t.get(7));
    }
}
