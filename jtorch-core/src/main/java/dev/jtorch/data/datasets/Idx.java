package dev.jtorch.data.datasets;

import dev.jtorch.DType;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for the idx format of MNIST and its relatives (LeCun's "idx3-ubyte" files), plain or gzipped
 * (recognised by content, not by name).
 *
 * <p>Layout: two zero bytes, a type byte (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32,
 * 0x0E float64), the number of dimensions, each dimension as a big-endian int32, then the elements in
 * row-major order, big-endian. The declared size is checked against the file before anything is
 * allocated: for a plain file the length must match exactly; a gzip file cannot expand more than
 * deflate's maximum ratio, and its trailer's size field is checked too, so a corrupt or hostile file
 * raises an {@link IdxFormatException} (naming the file and the offset) instead of running out of memory.
 */
public final class Idx {
    private Idx() {}

    /** Largest number of elements read into one Java array. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 16;
    /** Deflate's worst case expansion is a little over 1032:1. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final int CHUNK = 1 << 20;

    /**
     * Reads an idx file into a tensor of its shape: uint8, int8, int16, int32, float32 or float64.
     *
     * @throws IdxFormatException if the file is not a well-formed idx file
     * @throws IOException if it cannot be read
     */
    public static Tensor read(Path file) throws IOException {
        long fileLength = Files.size(file);
        boolean gzip = isGzip(file, fileLength);
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        Counting counted = null;
        try (InputStream in = gzip ? (counted = new Counting(new GZIPInputStream(raw, 1 << 16))) : raw) {
            return read(file, in, fileLength, gzip);
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(file + ": corrupt gzip stream at uncompressed offset "
                    + (counted == null ? 0 : counted.count) + ": " + e.getMessage(), e);
        }
    }

    /** Counts the bytes read, to say where a corrupt gzip stream broke off. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) { super(in); }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }

    private static boolean isGzip(Path file, long length) throws IOException {
        if (length < 2) return false;
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static Tensor read(Path file, InputStream in, long fileLength, boolean gzip) throws IOException {
        String where = gzip ? " at uncompressed offset " : " at offset ";
        byte[] magic = readFully(file, in, 4, 0, where, "the magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(file + ": not an idx file: magic number 0x"
                    + String.format("%02x%02x%02x%02x", magic[0], magic[1], magic[2], magic[3])
                    + where + "0 does not start with two zero bytes");
        }
        DType dtype = switch (magic[2]) {
            case 0x08 -> DType.UINT8;
            case 0x09 -> DType.INT8;
            case 0x0B -> DType.INT16;
            case 0x0C -> DType.INT32;
            case 0x0D -> DType.FLOAT32;
            case 0x0E -> DType.FLOAT64;
            default -> throw new IdxFormatException(file + ": unknown idx element type 0x"
                    + String.format("%02x", magic[2]) + where + "2");
        };
        int ndim = magic[3] & 0xFF;
        if (ndim == 0) throw new IdxFormatException(file + ": idx file with 0 dimensions" + where + "3");
        byte[] dimBytes = readFully(file, in, 4 * ndim, 4, where, "the " + ndim + " dimensions");
        ByteBuffer dims = ByteBuffer.wrap(dimBytes).order(ByteOrder.BIG_ENDIAN);
        long[] shape = new long[ndim];
        long count = 1;
        boolean zero = false, tooLarge = false;
        for (int d = 0; d < ndim; d++) {
            int size = dims.getInt(4 * d);
            if (size < 0) {
                throw new IdxFormatException(file + ": dimension " + d + " is negative (" + size + ")" + where + (4 + 4 * d));
            }
            shape[d] = size;
            if (size == 0) zero = true;
            else if (count > MAX_ELEMENTS / size) tooLarge = true;
            else count *= size;
        }
        if (zero) count = 0;
        long headerBytes = 4 + 4L * ndim;
        String declared = "the header declares shape " + Arrays.toString(shape) + " of " + dtype;
        if (!zero && tooLarge) {
            throw new IdxFormatException(file + ": " + declared + ", more than " + MAX_ELEMENTS + " elements");
        }
        long dataBytes = count * dtype.itemSize();
        long total = headerBytes + dataBytes;
        if (!gzip) {
            if (fileLength < total) {
                throw new IdxFormatException(file + ": truncated: " + declared + " (" + dataBytes + " bytes from offset "
                        + headerBytes + ") but the file has only " + fileLength + " bytes");
            }
            if (fileLength > total) {
                throw new IdxFormatException(file + ": " + (fileLength - total) + " unexpected bytes after the data, at offset "
                        + total + " (" + declared + ")");
            }
        } else if (total > fileLength * MAX_DEFLATE_RATIO + 1024) {
            throw new IdxFormatException(file + ": " + declared + " (" + total + " bytes uncompressed), more than a gzip file of "
                    + fileLength + " bytes can hold");
        }
        byte[] data;
        if (!gzip || gzipTrailerSize(file, fileLength) == (int) total) {
            data = readFully(file, in, (int) dataBytes, headerBytes, where, "the data (" + declared + ")");
        } else {
            // the trailer disagrees (or this is a multi-member gzip): grow with the data actually present
            // rather than trusting the header for the allocation
            data = readGrowing(file, in, (int) dataBytes, headerBytes, where, declared);
        }
        if (in.read() != -1) {
            throw new IdxFormatException(file + ": unexpected bytes after the data" + where + total + " (" + declared + ")");
        }
        return toTensor(data, dtype, shape, (int) count);
    }

    /** The gzip trailer's ISIZE: the uncompressed length modulo 2^32 of the last member. */
    private static int gzipTrailerSize(Path file, long fileLength) throws IOException {
        if (fileLength < 18) return -1;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(fileLength - 4);
            byte[] b = new byte[4];
            f.readFully(b);
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
    }

    private static byte[] readFully(Path file, InputStream in, int n, long offset, String where, String what) throws IOException {
        byte[] b = new byte[n];
        int got = in.readNBytes(b, 0, n);
        if (got < n) {
            throw new IdxFormatException(file + ": truncated: the file ends" + where + (offset + got) + " while reading " + what
                    + " (" + n + " bytes from offset " + offset + ")");
        }
        return b;
    }

    private static byte[] readGrowing(Path file, InputStream in, int n, long offset, String where, String declared) throws IOException {
        byte[] b = new byte[Math.min(n, CHUNK)];
        int got = 0;
        while (got < n) {
            if (got == b.length) b = Arrays.copyOf(b, (int) Math.min(n, 2L * b.length));
            int r = in.read(b, got, b.length - got);
            if (r < 0) {
                throw new IdxFormatException(file + ": truncated: the file ends" + where + (offset + got) + " while reading the data ("
                        + declared + ", " + n + " bytes from offset " + offset + ")");
            }
            got += r;
        }
        return b;
    }

    private static Tensor toTensor(byte[] data, DType dtype, long[] shape, int count) {
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        Object array = switch (dtype) {
            case UINT8, INT8 -> data;
            case INT16 -> { short[] a = new short[count]; bb.asShortBuffer().get(a); yield a; }
            case INT32 -> { int[] a = new int[count]; bb.asIntBuffer().get(a); yield a; }
            case FLOAT32 -> { float[] a = new float[count]; bb.asFloatBuffer().get(a); yield a; }
            case FLOAT64 -> { double[] a = new double[count]; bb.asDoubleBuffer().get(a); yield a; }
            default -> throw new AssertionError(dtype);
        };
        long[] strides = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
        return new Tensor(Storage.ofArray(array), shape, strides, 0, dtype);
    }
}
