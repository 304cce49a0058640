package dev.jtorch.cli;

import dev.jtorch.examples.book.Py;
import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code jtorch restore}: the book's image restoration by gradient descent, as a command. */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Restores a picture that was passed through the book's weird_function, by plain gradient descent on "
                    + "dist(weird_function(x), broken) (\"3-min-pytorch\", chapter 3, project 1).",
            "With no arguments it restores the book's broken 100x100 picture (a night street scene) and writes "
                    + "restored.png, broken.png, comparison.png and loss.png into the output folder."},
        footer = {"", "Exit status: 0 on success, 2 for bad input (missing or malformed file, bad option)."})
public final class RestoreCommand implements Callable<Integer> {
    static final String BOOK_IMAGE = "broken_image_t.npy";

    @Option(names = "--input", paramLabel = "FILE",
            description = "Broken picture to restore: a .npy of W*H float32/float64 values, or a PNG "
                    + "(converted to grayscale in [0, 1]). Default: the book's broken picture.")
    Path input;

    @Option(names = "--break", paramLabel = "FILE.png",
            description = "Take this clean picture, break it with weird_function, restore it and report the PSNR "
                    + "of the restoration against the original.")
    Path breakFile;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "20000",
            description = "Gradient descent steps (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--lr", paramLabel = "X", defaultValue = "0.8",
            description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the random starting picture, torch.manual_seed(S) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dtype", paramLabel = "float32|float64", defaultValue = "float32",
            description = "Element type of the computation (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--size", paramLabel = "WxH",
            description = "Width and height of a .npy picture (default: 100x100, or the .npy's own 2-D shape).")
    String size;

    @Option(names = "--device", paramLabel = "cpu|cuda", defaultValue = "cpu",
            description = "Where to compute (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "jtorch-out",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--eager",
            description = "Run every step through the op layer and autograd, as the book's loop does, instead of "
                    + "capturing one step as a CPU graph and replaying it (same values, slower).")
    boolean eager;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    PrintStream stdout = System.out;

    @Override public Integer call() throws IOException {
        DType type = parseDtype(dtype);
        checkDevice(device);
        if (steps < 0) throw new CliException("--steps must be zero or more, got " + steps);
        if (!Double.isFinite(lr)) throw new CliException("--lr must be a finite number, got " + lr);
        if (input != null && breakFile != null) throw new CliException("--input and --break cannot be used together");
        int[] wh = size == null ? null : parseSize(size);

        Images.Gray original = null;
        Tensor broken;
        int w, h;
        String source;
        if (breakFile != null) {
            original = Images.readGray(requireFile(breakFile));
            checkSize(wh, original, breakFile);
            w = original.width();
            h = original.height();
            broken = Restoration.breakImage(Torch.tensor(original.pixels(), type));
            source = breakFile.toString();
        } else if (input != null && isNpy(input)) {
            Tensor t = loadNpy(requireFile(input));
            int[] dims = npySize(t, wh, input);
            w = dims[0];
            h = dims[1];
            broken = t.reshape(t.numel()).to(type).contiguous();
            source = input.toString();
        } else if (input != null) {
            Images.Gray g = Images.readGray(requireFile(input));
            checkSize(wh, g, input);
            w = g.width();
            h = g.height();
            broken = Torch.tensor(g.pixels(), type);
            source = input.toString();
        } else {
            Tensor t = bookImage();
            int[] dims = npySize(t, wh, Path.of(BOOK_IMAGE));
            w = dims[0];
            h = dims[1];
            broken = t.reshape(t.numel()).to(type).contiguous();
            source = "the book's broken picture (" + BOOK_IMAGE + ")";
        }
        long n = (long) w * h;
        if (n < 2) throw new CliException("the picture must have at least 2 pixels, got " + w + "x" + h);

        Torch.manualSeed(seed);
        Tensor start = Torch.randn(new long[] {n}, type);

        if (!quiet) {
            stdout.printf(Locale.ROOT, "Restoring %s: %dx%d, %s, %d steps, lr %s, seed %d%n",
                    source, w, h, dtypeName(type), steps, Py.repr(lr), seed);
        }
        float[] losses = new float[(int) Math.min(steps, Integer.MAX_VALUE - 8)];
        Progress progress = quiet ? Progress.silent() : Progress.forOutput(stdout, steps);
        long t0 = System.nanoTime();
        Tensor restored;
        try (progress) {
            Restoration.StepListener listener = (i, loss) -> {
                if (i < losses.length) losses[(int) i] = (float) loss;
                progress.step(i, loss);
            };
            restored = eager ? Restoration.restore(broken, start, steps, lr, listener)
                    : Restoration.restoreCaptured(broken, start, steps, lr, listener);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        Files.createDirectories(out);
        double[] restoredPx = restored.toDoubleArray();
        double[] brokenPx = broken.toDoubleArray();
        BufferedImage brokenImg = Images.minMaxScaled(brokenPx, w, h);
        BufferedImage restoredImg = Images.minMaxScaled(restoredPx, w, h);
        Images.writePng(brokenImg, out.resolve("broken.png"));
        Images.writePng(restoredImg, out.resolve("restored.png"));
        Double psnr = null;
        if (original != null) {
            BufferedImage originalImg = Images.unitScaled(original.pixels(), w, h);
            Images.writePng(originalImg, out.resolve("original.png"));
            Images.writePng(Images.sideBySide(new BufferedImage[] {originalImg, brokenImg, restoredImg},
                    new String[] {"original", "broken", "restored"}), out.resolve("comparison.png"));
            psnr = Images.psnr(restoredPx, original.pixels());
        } else {
            Images.writePng(Images.sideBySide(new BufferedImage[] {brokenImg, restoredImg},
                    new String[] {"broken", "restored"}), out.resolve("comparison.png"));
        }
        int recorded = (int) Math.min(steps, losses.length);
        if (recorded > 0) LossChart.write(losses, recorded, out.resolve("loss.png"), "jtorch restore: loss per step");

        if (!quiet) {
            if (steps > 0) stdout.println("Final loss = " + Py.repr(losses[recorded - 1]));
            stdout.printf(Locale.ROOT, "Wall time: %.3f s for %d steps (%.0f steps/s)%n", seconds, steps,
                    seconds > 0 ? steps / seconds : 0.0);
            if (psnr != null) stdout.printf(Locale.ROOT, "PSNR of the restoration against the original: %.2f dB%n", psnr);
            stdout.println("Wrote " + out.resolve("restored.png") + ", broken.png, comparison.png"
                    + (original != null ? ", original.png" : "") + (recorded > 0 ? ", loss.png" : ""));
        }
        return 0;
    }

    static DType parseDtype(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "float32", "float", "torch.float32" -> DType.FLOAT32;
            case "float64", "double", "torch.float64" -> DType.FLOAT64;
            default -> throw new CliException("--dtype must be float32 or float64, got '" + s + "'");
        };
    }

    /** "float32" for torch.float32. */
    static String dtypeName(DType t) {
        String s = t.toString();
        return s.startsWith("torch.") ? s.substring(6) : s.toLowerCase(Locale.ROOT);
    }

    static void checkDevice(String s) {
        String d = s.trim().toLowerCase(Locale.ROOT);
        if (d.equals("cpu")) return;
        if (d.equals("cuda") || d.startsWith("cuda:")) throw new CliException("CUDA is not available in this build; use --device cpu");
        throw new CliException("--device must be cpu or cuda, got '" + s + "'");
    }

    static int[] parseSize(String s) {
        String[] parts = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].trim()), h = Integer.parseInt(parts[1].trim());
                if (w > 0 && h > 0 && (long) w * h <= Integer.MAX_VALUE - 8) return new int[] {w, h};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CliException("--size must be WIDTHxHEIGHT with positive numbers, e.g. 100x100; got '" + s + "'");
    }

    private static boolean isNpy(Path p) {
        return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    private static Path requireFile(Path p) {
        if (!Files.exists(p)) throw new CliException("no such file: " + p);
        if (!Files.isRegularFile(p)) throw new CliException("not a file: " + p);
        if (!Files.isReadable(p)) throw new CliException("cannot read file: " + p);
        return p;
    }

    private static Tensor loadNpy(Path p) {
        try {
            return Npy.load(p);
        } catch (NoSuchFileException e) {
            throw new CliException("no such file: " + p);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException("cannot read " + p + " as .npy: " + e.getMessage());
        }
    }

    static Tensor bookImage() throws IOException {
        // shipped once, beside the book's own program in jtorch-examples, with its licence notice
        try (InputStream in = dev.jtorch.examples.book.ImageRecovery.class.getResourceAsStream(BOOK_IMAGE)) {
            if (in == null) throw new IOException("resource " + BOOK_IMAGE + " is missing from the jar");
            byte[] bytes = in.readAllBytes();
            return Npy.read(new java.io.ByteArrayInputStream(bytes), bytes.length, BOOK_IMAGE);
        }
    }

    /** Width and height for a .npy picture: --size, else a 2-D array's own shape, else 100x100; checked against its size. */
    private static int[] npySize(Tensor t, int[] wh, Path p) {
        if (!t.dtype().isFloatingPoint() || (t.dtype() != DType.FLOAT32 && t.dtype() != DType.FLOAT64)) {
            throw new CliException(p + ": expected float32 or float64 values, got " + dtypeName(t.dtype()));
        }
        int[] dims = wh;
        if (dims == null && t.dim() == 2) dims = new int[] {(int) t.size(1), (int) t.size(0)};
        if (dims == null) dims = new int[] {100, 100};
        if (t.numel() != (long) dims[0] * dims[1]) {
            throw new CliException(p + ": holds " + t.numel() + " values (shape " + java.util.Arrays.toString(t.shape())
                    + ") but a " + dims[0] + "x" + dims[1] + " picture needs " + (long) dims[0] * dims[1]
                    + (wh == null ? "; give its size with --size WxH" : ""));
        }
        return dims;
    }

    private static void checkSize(int[] wh, Images.Gray g, Path p) {
        if (wh != null && (wh[0] != g.width() || wh[1] != g.height())) {
            throw new CliException(p + " is " + g.width() + "x" + g.height() + ", not " + wh[0] + "x" + wh[1] + " as --size says");
        }
    }
}
