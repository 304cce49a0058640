package dev.jtorch.data;

import dev.jtorch.data.datasets.Idx;
import dev.jtorch.data.datasets.IdxFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every truncation and many random corruptions of a valid idx file (plain and gzipped) either read or
 * raise {@link IdxFormatException}: never another exception, an OutOfMemoryError or a hang.
 */
class IdxFuzzTest {
    private static byte[] resource(String name) throws IOException {
        try {
            return Files.readAllBytes(Path.of(IdxFuzzTest.class.getResource("/idx/" + name).toURI()));
        } catch (URISyntaxException e) {
            throw new RuntimeException(e);
        }
    }

    private static void readOrFormatError(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        try {
            Idx.read(file);
        } catch (IdxFormatException e) {
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        } catch (RuntimeException | Error e) {
            fail("unexpected " + e + " for content of " + content.length + " bytes", e);
        }
    }

    @Test
    void everyTruncation(@TempDir Path tmp) throws IOException {
        for (String name : new String[] {"images_u8.idx", "images_u8.idx.gz", "f64.idx"}) {
            byte[] good = resource(name);
            Path file = tmp.resolve(name);
            int failures = 0;
            for (int len = 0; len < good.length; len++) {
                Files.write(file, java.util.Arrays.copyOf(good, len));
                try {
                    Idx.read(file);
                } catch (IdxFormatException e) {
                    failures++;
                }
            }
            // only the complete file is valid
            assertEquals(good.length, failures, name);
        }
    }

    @Test
    void randomCorruptions(@TempDir Path tmp) throws IOException {
        Random random = new Random(42);
        for (String name : new String[] {"images_u8.idx", "images_u8.idx.gz", "i32.idx"}) {
            byte[] good = resource(name);
            Path file = tmp.resolve(name);
            for (int trial = 0; trial < 150; trial++) {
                byte[] bad = good.clone();
                int flips = 1 + random.nextInt(3);
                for (int k = 0; k < flips; k++) bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                readOrFormatError(file, bad);
            }
            // header bytes set to extremes: huge or negative dimensions
            for (int pos = 4; pos < Math.min(16, good.length); pos++) {
                for (int v : new int[] {0x00, 0x7f, 0x80, 0xff}) {
                    byte[] bad = good.clone();
                    bad[pos] = (byte) v;
                    readOrFormatError(file, bad);
                }
            }
        }
    }
}
