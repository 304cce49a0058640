package dev.jtorch.cli;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Grayscale pictures as flat row-major float arrays: PNG in and out, min-max scaling, side-by-side panels. */
final class Images {
    private Images() {}

    /** A grayscale picture: {@code pixels} row-major, {@code width * height} of them. */
    record Gray(int width, int height, double[] pixels) {}

    /**
     * Reads a PNG (or any format ImageIO knows) as gray levels in [0, 1]: a grayscale picture as stored, a
     * colour one weighted 0.299/0.587/0.114 as PIL's {@code convert('L')} does.
     */
    static Gray readGray(Path file) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new CliException("cannot read image " + file + ": " + e.getMessage());
        }
        if (img == null) throw new CliException("cannot read image " + file + ": not a PNG or other supported picture");
        int w = img.getWidth(), h = img.getHeight();
        double[] px = new double[w * h];
        java.awt.image.ColorModel cm = img.getColorModel();
        java.awt.image.Raster raster = img.getRaster();
        if (cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY && !(cm instanceof java.awt.image.IndexColorModel)) {
            // the stored gray levels as they are: getRGB would pass them through Java's linear-gray to sRGB
            // conversion and brighten them
            double max = (1 << cm.getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) px[y * w + x] = Math.round(raster.getSample(x, y, 0) * 255.0 / max) / 255.0;
            }
            return new Gray(w, h, px);
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
                // PIL's convert('L') in its own fixed point, so a picture gives the same gray levels here and in Python
                int l = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
                px[y * w + x] = l / 255.0;
            }
        }
        return new Gray(w, h, px);
    }

    /** 8-bit gray levels, the darkest value black and the brightest white (matplotlib's default scaling). */
    static BufferedImage minMaxScaled(double[] px, int w, int h) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : px) {
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        double range = hi - lo;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < w * h; i++) {
            double v = range > 0 ? (px[i] - lo) / range : 0.0;
            data[i] = (byte) Math.round(v * 255.0);
        }
        return img;
    }

    /** 8-bit gray levels of values in [0, 1], clamped (for pictures whose scale is known). */
    static BufferedImage unitScaled(double[] px, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < w * h; i++) data[i] = (byte) Math.round(Math.max(0.0, Math.min(1.0, px[i])) * 255.0);
        return img;
    }

    static void writePng(BufferedImage img, Path file) throws IOException {
        if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer available");
    }

    /**
     * The panels next to each other with a caption under each, every pixel enlarged so that a 100x100
     * picture is comfortable to look at.
     */
    static BufferedImage sideBySide(BufferedImage[] panels, String[] captions) {
        int w = panels[0].getWidth(), h = panels[0].getHeight();
        int scale = Math.max(1, 300 / Math.max(w, h));
        int pw = w * scale, ph = h * scale, gap = 10, caption = 24;
        int total = panels.length * pw + (panels.length + 1) * gap;
        BufferedImage out = new BufferedImage(total, ph + 2 * gap + caption, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(Color.BLACK);
        for (int i = 0; i < panels.length; i++) {
            int x = gap + i * (pw + gap);
            g.drawImage(panels[i], x, gap, pw, ph, null);
            int tw = g.getFontMetrics().stringWidth(captions[i]);
            g.drawString(captions[i], x + (pw - tw) / 2, gap + ph + caption - 6);
        }
        g.dispose();
        return out;
    }

    /** Peak signal-to-noise ratio in dB of {@code restored} (clamped to [0, 1]) against {@code original} in [0, 1]. */
    static double psnr(double[] restored, double[] original) {
        double se = 0;
        for (int i = 0; i < original.length; i++) {
            double d = Math.max(0.0, Math.min(1.0, restored[i])) - original[i];
            se += d * d;
        }
        double mse = se / original.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1.0 / mse);
    }
}
