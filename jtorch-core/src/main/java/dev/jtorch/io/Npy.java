package dev.jtorch.io;

import dev.jtorch.Device;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * NumPy's {@code .npy} format ({@code np.load} / {@code np.save}) for tensors.
 *
 * <p>Reads format versions 1.0, 2.0 and 3.0; the dtypes bool, uint8, int8, int16, int32, int64, float16,
 * float32 and float64 in either byte order; C or Fortran order (a Fortran-ordered array becomes a tensor
 * with column-major strides over the data as stored, as {@code torch.from_numpy} would give); any rank,
 * 0-d and empty arrays. Object arrays are refused: nothing is ever unpickled.
 *
 * <p>The file is never trusted: the header is parsed by a strict literal parser (see {@link NpyHeader}),
 * every size is checked for overflow, and the data size the header declares must equal the bytes that
 * follow it before any tensor memory is allocated. Malformed files raise {@link NpyFormatException} naming
 * the file and the byte offset.
 *
 * <p>Writes version 1.0 (2.0 when the header needs it), byte-identical to numpy 1.24's {@code np.save}
 * for a C-ordered little-endian array. bfloat16 has no numpy dtype and is refused.
 */
public final class Npy {
    private Npy() {}

    private static final int CHUNK = 1 << 20;

    // ------------------------------------------------------------------ loading

    /** {@code np.load(path)}: reads the array into new tensor memory. */
    public static Tensor load(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(Channels.newInputStream(ch), ch.size(), path.toString());
        }
    }

    /** {@code np.load(path, mmap_mode='r')} when {@code mmap} is true (see {@link #mmap(Path)}), else {@link #load(Path)}. */
    public static Tensor load(Path path, boolean mmap) throws IOException {
        return mmap ? mmap(path) : load(path);
    }

    /**
     * Maps the file read-only and returns a tensor over the mapped memory, which the OS pages in on demand;
     * the mapping lives until the tensor (and every view of it) is unreachable. Writing into the tensor
     * fails with the JDK's {@code IllegalArgumentException} ("Attempt to write a read-only segment"); use {@link #mmap(Path, FileChannel.MapMode, Arena)}
     * with {@code READ_WRITE} for writes that reach the file, or {@code PRIVATE} for copy-on-write.
     */
    public static Tensor mmap(Path path) throws IOException {
        return mmap(path, FileChannel.MapMode.READ_ONLY, Arena.ofAuto());
    }

    /**
     * Maps the array's data with {@code mode} ({@code READ_ONLY}, {@code READ_WRITE}: writes go through to the
     * file, {@code PRIVATE}: copy-on-write, numpy's 'r', 'r+' and 'c') into {@code arena}, which decides when
     * the mapping ends: closing it invalidates the tensor. {@code READ_WRITE} and {@code PRIVATE} need write
     * permission on the file (the JDK maps copy-on-write only through a writable channel).
     *
     * <p>jtorch kernels read native (little-endian) order, so big-endian data with elements wider than one
     * byte cannot be shared: it is read into heap memory, byte-swapped (and refused for {@code READ_WRITE}).
     * An empty array gets an empty heap tensor, as there is nothing to map.
     */
    public static Tensor mmap(Path path, FileChannel.MapMode mode, Arena arena) throws IOException {
        String name = path.toString();
        boolean write = mode == FileChannel.MapMode.READ_WRITE;
        // the JDK maps PRIVATE (copy-on-write) only through a channel opened for writing too
        OpenOption[] options = mode != FileChannel.MapMode.READ_ONLY
                ? new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.READ};
        try (FileChannel ch = FileChannel.open(path, options)) {
            long size = ch.size();
            InputStream in = Channels.newInputStream(ch);
            NpyHeader h = NpyHeader.read(in, size, name);
            h.checkDataSize(size - h.dataOffset(), name);
            boolean swapped = h.order() != ByteOrder.nativeOrder() && h.dtype().itemSize() > 1;
            if (swapped && write) {
                throw new NpyFormatException(name + ": big-endian data (" + h.dtype() + ") cannot be mapped READ_WRITE: "
                        + "jtorch reads native little-endian memory; load it without mmap and save a copy");
            }
            if (swapped || h.numel() == 0) return readData(in, h, name);
            MemorySegment seg = ch.map(mode, h.dataOffset(), h.dataBytes(), arena);
            return new Tensor(new Storage(seg, Device.CPU), h.shape().clone(), h.strides(), 0, h.dtype());
        }
    }

    /**
     * Reads one array from {@code in}, which holds exactly {@code size} bytes (a file, or an entry of an
     * archive); {@code name} names the source in error messages.
     */
    public static Tensor read(InputStream in, long size, String name) throws IOException {
        NpyHeader h = NpyHeader.read(in, size, name);
        h.checkDataSize(size - h.dataOffset(), name);
        return readData(in, h, name);
    }

    private static Tensor readData(InputStream in, NpyHeader h, String name) throws IOException {
        Storage storage = Storage.allocate(h.dtype(), h.numel());
        MemorySegment dst = storage.segment();
        int item = h.dtype().itemSize();
        ValueLayout from = ByteLayouts.of(item, h.order()), to = ByteLayouts.of(item, ByteOrder.nativeOrder());
        byte[] buf = new byte[(int) Math.min(CHUNK, h.dataBytes())];
        MemorySegment bufSeg = MemorySegment.ofArray(buf);
        long done = 0, total = h.dataBytes();
        while (done < total) {
            int n = (int) Math.min(buf.length, total - done);
            int got = in.readNBytes(buf, 0, n);
            if (got < n) {
                throw new NpyFormatException(name + ": truncated data: expected " + total + " bytes of data from byte "
                        + h.dataOffset() + ", but the data ends after " + (done + got) + " bytes");
            }
            // copying between layouts of different byte order swaps the bytes of each element
            MemorySegment.copy(bufSeg, from, 0, dst, to, done, n / item);
            done += n;
        }
        return new Tensor(storage, h.shape().clone(), h.strides(), 0, h.dtype());
    }


    // ------------------------------------------------------------------ saving

    /** {@code np.save(path, tensor.numpy())}: C order, little-endian. bfloat16 is refused (numpy has no such dtype). */
    public static void save(Tensor tensor, Path path) throws IOException {
        Tensor c = prepare(tensor);
        try (OutputStream out = Files.newOutputStream(path)) {
            writePrepared(c, out);
        }
    }

    /** Writes {@code tensor} in .npy format to {@code out}, which is left open. */
    public static void write(Tensor tensor, OutputStream out) throws IOException {
        writePrepared(prepare(tensor), out);
    }

    /** Checks that the tensor can be saved and returns it detached and contiguous. */
    static Tensor prepare(Tensor tensor) {
        NpyHeader.descrOf(tensor.dtype()); // refuses bfloat16 before any file is touched
        if (!tensor.device().equals(Device.CPU)) {
            throw new IllegalArgumentException("can't save a tensor on " + tensor.device() + " as .npy; copy it to the cpu first");
        }
        return tensor.detach().contiguous();
    }

    static void writePrepared(Tensor c, OutputStream out) throws IOException {
        out.write(NpyHeader.encode(c.dtype(), c.shapeRef()));
        int item = c.dtype().itemSize();
        long total = c.numel() * item, start = c.storageOffset() * item;
        ValueLayout from = ByteLayouts.of(item, ByteOrder.nativeOrder()), to = ByteLayouts.of(item, ByteOrder.LITTLE_ENDIAN);
        byte[] buf = new byte[(int) Math.min(CHUNK, total)];
        MemorySegment bufSeg = MemorySegment.ofArray(buf);
        for (long done = 0; done < total; ) {
            int n = (int) Math.min(buf.length, total - done);
            MemorySegment.copy(c.segment(), from, start + done, bufSeg, to, 0, n / item);
            out.write(buf, 0, n);
            done += n;
        }
    }
}
