package dev.jtorch.cli;

import dev.jtorch.Torch;
import dev.jtorch.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestoreCommandTest {
    @TempDir Path tmp;

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = Main.run(args);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Bad input: exit status 2 and exactly one line on stderr, no stack trace. */
    static void assertBadInput(Result r, String fragment) {
        assertEquals(2, r.status(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains(fragment), lines.get(0));
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void missingFile() {
        assertBadInput(run("restore", "--input", tmp.resolve("nope.npy").toString(), "--out", tmp.toString()), "no such file");
    }

    @Test
    void negativeSteps() {
        assertBadInput(run("restore", "--steps", "-3", "--out", tmp.toString()), "--steps");
    }

    @Test
    void cudaIsNotAvailable() {
        assertBadInput(run("restore", "--device", "cuda", "--out", tmp.toString()), "CUDA is not available in this build");
    }

    @Test
    void badOptionValues() {
        assertBadInput(run("restore", "--dtype", "int8"), "--dtype");
        assertBadInput(run("restore", "--size", "10by10"), "--size");
        assertBadInput(run("restore", "--steps", "many"), "--steps");
        assertBadInput(run("restore", "--no-such-option"), "no-such-option");
    }

    @Test
    void npyOfWrongSize() throws IOException {
        Path f = tmp.resolve("small.npy");
        Npy.save(Torch.zeros(50), f);
        assertBadInput(run("restore", "--input", f.toString(), "--out", tmp.toString()), "holds 50 values");
    }

    @Test
    void npyOfWrongDtype() throws IOException {
        Path f = tmp.resolve("ints.npy");
        Npy.save(Torch.arange(10000), f);
        assertBadInput(run("restore", "--input", f.toString(), "--out", tmp.toString()), "expected float32 or float64");
    }

    @Test
    void malformedNpy() throws IOException {
        Path f = tmp.resolve("junk.npy");
        Files.writeString(f, "this is not numpy");
        assertBadInput(run("restore", "--input", f.toString(), "--out", tmp.toString()), "junk.npy");
    }

    @Test
    void unreadablePng() throws IOException {
        Path f = tmp.resolve("junk.png");
        Files.write(f, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        assertBadInput(run("restore", "--input", f.toString(), "--out", tmp.toString()), "cannot read image");
        assertBadInput(run("restore", "--break", f.toString(), "--out", tmp.toString()), "cannot read image");
    }

    @Test
    void inputAndBreakTogether() throws IOException {
        Path f = tmp.resolve("a.png");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png", f.toFile());
        assertBadInput(run("restore", "--input", f.toString(), "--break", f.toString()), "cannot be used together");
    }

    /** The book's picture, seed 0: the logged losses follow PyTorch's run of the same loop (restore_book.py). */
    @Test
    void bookPictureFollowsPyTorch() throws IOException {
        Path out = tmp.resolve("out");
        Result r = run("restore", "--steps", "2001", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<String> want;
        try (InputStream in = RestoreCommandTest.class.getResourceAsStream("/restore_seed0_2001.out")) {
            want = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<String> got = r.out().lines().filter(l -> l.startsWith("Loss at")).toList();
        assertEquals(want.size(), got.size(), r.out());
        Pattern p = Pattern.compile("Loss at (\\d+) = (\\S+)");
        for (int i = 0; i < want.size(); i++) {
            Matcher w = p.matcher(want.get(i)), g = p.matcher(got.get(i));
            assertTrue(w.matches() && g.matches());
            assertEquals(w.group(1), g.group(1));
            double wv = Double.parseDouble(w.group(2));
            assertEquals(wv, Double.parseDouble(g.group(2)), 2e-5 * wv, got.get(i));
        }
        assertTrue(r.out().contains("Final loss = "), r.out());
        assertTrue(r.out().contains("steps/s"), r.out());
        for (String name : List.of("restored.png", "broken.png", "comparison.png", "loss.png")) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        BufferedImage restored = ImageIO.read(out.resolve("restored.png").toFile());
        assertEquals(100, restored.getWidth());
        assertEquals(100, restored.getHeight());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, restored.getType());
    }

    /**
     * --break on a small synthetic picture (conformance/cli/record.sh): the PSNR matches PyTorch's run of the
     * same loop on the same picture and seed to within 0.5 dB, and original.png is written.
     */
    @Test
    void breakMatchesPyTorchPsnr() throws IOException {
        Path f = tmp.resolve("clean.png");
        try (InputStream in = RestoreCommandTest.class.getResourceAsStream("/clean64x48.png")) {
            Files.copy(in, f);
        }
        String golden;
        try (InputStream in = RestoreCommandTest.class.getResourceAsStream("/restore_break_64x48.out")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Pattern psnr = Pattern.compile("PSNR of the restoration against the original: ([0-9.]+) dB");
        Matcher want = psnr.matcher(golden);
        assertTrue(want.find(), golden);
        Path out = tmp.resolve("out");
        Result r = run("restore", "--break", f.toString(), "--steps", "3000", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Matcher got = psnr.matcher(r.out());
        assertTrue(got.find(), r.out());
        assertEquals(Double.parseDouble(want.group(1)), Double.parseDouble(got.group(1)), 0.5, r.out());
        assertTrue(Files.exists(out.resolve("original.png")));
    }

    @Test
    void float64AndPngInputAndQuiet() throws IOException {
        Path f = tmp.resolve("in.png");
        ImageIO.write(new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY), "png", f.toFile());
        Result r = run("restore", "--input", f.toString(), "--dtype", "float64", "--steps", "5", "--quiet",
                "--out", tmp.resolve("o").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        assertTrue(Files.exists(tmp.resolve("o").resolve("restored.png")));
    }

    @Test
    void helpListsTheOptions() {
        Result r = run("restore", "--help");
        assertEquals(0, r.status());
        for (String opt : List.of("--input", "--break", "--steps", "--lr", "--seed", "--dtype", "--size", "--device", "--eager", "--quiet", "--out")) {
            assertTrue(r.out().contains(opt), opt);
        }
    }

    /** The captured graph (default) replays the very kernels of the eager loop: identical losses, float32 and float64. */
    @Test
    void capturedLoopEqualsEagerLoop() {
        for (String dt : List.of("float32", "float64")) {
            Result cap = run("restore", "--steps", "1001", "--dtype", dt, "--out", tmp.resolve("cap-" + dt).toString());
            Result eager = run("restore", "--eager", "--steps", "1001", "--dtype", dt, "--out", tmp.resolve("eager-" + dt).toString());
            assertEquals(0, cap.status(), cap.err());
            assertEquals(0, eager.status(), eager.err());
            List<String> c = cap.out().lines().filter(l -> l.startsWith("Loss at") || l.startsWith("Final loss")).toList();
            List<String> e = eager.out().lines().filter(l -> l.startsWith("Loss at") || l.startsWith("Final loss")).toList();
            assertEquals(3, c.size(), cap.out());
            assertEquals(e, c);
        }
    }
}
