package dev.jtorch.io;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A bounded-time mutation fuzzer over the valid checkpoint files: bit flips, byte overwrites, truncations,
 * inserted and deleted runs, and 2/4/8-byte length fields replaced by extreme values. Every load must either
 * succeed (and every tensor it returns must be readable end to end) or fail with an IOException or
 * IllegalArgumentException; an OutOfMemoryError, StackOverflowError, other runtime exception or a hang fails.
 * The seed is fixed, so a failure reproduces; set -Dckpt.fuzz.seconds to run longer and -Dckpt.fuzz.seed for other mutants.
 */
class CheckpointFuzzTest {
    private static final List<String> SEEDS = List.of("neuralnet.pt", "all_dtypes.pt", "shared.pt", "checkpoint.pt",
            "protocol4.pt", "legacy.pt", "v2style.pt", "all_dtypes.safetensors", "neuralnet.safetensors");
    private static final long[] EXTREMES = {0, 1, -1, 0x7F, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFFL, 0xFFFFFFFFL, 0x80000000L,
            Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, 64, 100_000_000L};

    @TempDir Path dir;

    @Test
    void mutatedCheckpointsFailCleanly() throws Exception {
        long seconds = Long.getLong("ckpt.fuzz.seconds", 10);
        List<byte[]> originals = new ArrayList<>();
        List<List<Map.Entry<String, byte[]>>> entries = new ArrayList<>();
        for (String s : SEEDS) {
            Path src = CheckpointConformanceTest.resources().resolve(s);
            originals.add(Files.readAllBytes(src));
            entries.add(s.endsWith(".pt") && !s.equals("legacy.pt") ? zipEntries(src) : null);
        }
        int[] counts = new int[3]; // loaded, refused, total
        assertTimeoutPreemptively(Duration.ofSeconds(seconds + 60), () -> {
            SplittableRandom rnd = new SplittableRandom(Long.getLong("ckpt.fuzz.seed", 20261126));
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                int which = rnd.nextInt(originals.size());
                // half the zip mutants change one entry and repack it with a valid CRC, to reach the unpickler
                byte[] data = entries.get(which) != null && rnd.nextBoolean()
                        ? repack(entries.get(which), rnd) : mutate(originals.get(which), rnd);
                String name = SEEDS.get(which);
                Path p = dir.resolve("fuzz-" + counts[2] + name.substring(name.indexOf('.')));
                Files.write(p, data);
                counts[2]++;
                try {
                    Object o = name.endsWith(".safetensors") ? Safetensors.load(p, rnd.nextBoolean()) : Torch.load(p);
                    touch(o, 0);
                    counts[0]++;
                } catch (IOException | IllegalArgumentException e) {
                    counts[1]++;
                } catch (Throwable t) {
                    Path keep = Path.of("target", "ckpt-fuzz-failure" + name.substring(name.indexOf('.')));
                    Files.write(keep, data);
                    fail("mutant #" + counts[2] + " of " + name + " (kept as " + keep + ") raised " + t, t);
                }
                Files.delete(p);
            }
        });
        System.out.printf("checkpoint fuzz: %d mutants, %d loaded, %d refused cleanly%n", counts[2], counts[0], counts[1]);
        assertTrue(counts[2] > 100, "the fuzzer ran only " + counts[2] + " cases");
        assertTrue(counts[1] > 0, "no mutant was refused: the mutations do not reach the parser");
    }

    private static List<Map.Entry<String, byte[]>> zipEntries(Path p) throws IOException {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        try (ZipFile z = new ZipFile(p.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                try (var in = z.getInputStream(e)) {
                    out.add(Map.entry(e.getName(), in.readAllBytes()));
                }
            }
        }
        return out;
    }

    private static byte[] repack(List<Map.Entry<String, byte[]>> entries, SplittableRandom rnd) throws IOException {
        // the pickle most of the time, otherwise any record
        int target = rnd.nextInt(3) > 0 ? pickleIndex(entries) : rnd.nextInt(entries.size());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < entries.size(); i++) {
                byte[] data = i == target ? mutate(entries.get(i).getValue(), rnd) : entries.get(i).getValue();
                ZipEntry e = new ZipEntry(entries.get(i).getKey());
                e.setMethod(ZipEntry.STORED);
                e.setSize(data.length);
                CRC32 crc = new CRC32();
                crc.update(data);
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                zip.write(data);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static int pickleIndex(List<Map.Entry<String, byte[]>> entries) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getKey().endsWith("/data.pkl")) return i;
        }
        throw new IllegalStateException();
    }

    /** Reads every element of every tensor reachable from a loaded object (bounded depth). */
    private static void touch(Object o, int depth) {
        if (depth > 100) return;
        if (o instanceof Tensor t) {
            double sum = 0;
            long n = t.numel();
            for (long i = 0; i < Math.min(n, 1 << 16); i++) sum += t.getDouble(i);
            if (n > 0) sum += t.getDouble(n - 1);
            if (sum == 12345.678) System.out.print(""); // keep the reads
        } else if (o instanceof Map<?, ?> m) {
            for (Object v : m.values()) touch(v, depth + 1);
        } else if (o instanceof Collection<?> c) {
            for (Object v : c) touch(v, depth + 1);
        }
    }

    private static byte[] mutate(byte[] src, SplittableRandom rnd) {
        byte[] b = src.clone();
        int rounds = 1 + rnd.nextInt(4);
        for (int r = 0; r < rounds && b.length > 0; r++) {
            switch (rnd.nextInt(7)) {
                case 0 -> { // bit flips
                    int n = 1 + rnd.nextInt(8);
                    for (int i = 0; i < n; i++) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                case 1 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                case 2 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
                case 3 -> { // a length field: 2, 4 or 8 little-endian bytes set to an extreme value
                    int width = new int[] {2, 4, 8}[rnd.nextInt(3)];
                    if (b.length < width) break;
                    int at = rnd.nextInt(b.length - width + 1);
                    long v = rnd.nextBoolean() ? EXTREMES[rnd.nextInt(EXTREMES.length)] : rnd.nextLong();
                    for (int i = 0; i < width; i++) b[at + i] = (byte) (v >>> (8 * i));
                }
                case 4 -> { // delete a run
                    int at = rnd.nextInt(b.length), len = Math.min(b.length - at, 1 + rnd.nextInt(16));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c;
                }
                case 5 -> { // insert random bytes
                    int at = rnd.nextInt(b.length + 1), len = 1 + rnd.nextInt(16);
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at);
                    for (int i = 0; i < len; i++) c[at + i] = (byte) rnd.nextInt(256);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                default -> { // a small integer operand (pickle BININT1 and friends, JSON digits) made large
                    int at = rnd.nextInt(b.length);
                    b[at] = (byte) (rnd.nextBoolean() ? 0xFF : '9');
                }
            }
        }
        return b;
    }
}
