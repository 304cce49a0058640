package dev.jtorch.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * A zip entry's stream that never reads past the entry's declared size and computes the CRC-32 of what it
 * reads: {@code ZipFile} checks neither (see shared/IO-FACTS.md). Errors are made by the caller's format
 * exception, so each loader reports in its own terms.
 */
final class CheckedEntryInput extends FilterInputStream {
    private final CRC32 crc = new CRC32();
    private final Function<String, IOException> error;
    private long left;

    CheckedEntryInput(InputStream in, long size, Function<String, IOException> error) {
        super(in);
        this.left = size;
        this.error = error;
    }

    @Override public int read() throws IOException {
        if (left <= 0) return -1;
        int b = in.read();
        if (b >= 0) {
            crc.update(b);
            left--;
        }
        return b;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) return -1;
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
            crc.update(b, off, n);
            left -= n;
        }
        return n;
    }

    @Override public long skip(long n) { throw new UnsupportedOperationException(); }

    /** After the payload was read: the entry must end exactly at its declared size and match its CRC. */
    void finish(long expectedCrc, String where) throws IOException {
        if (left != 0) throw error.apply(where + ": " + left + " declared bytes were not read");
        checkEndAndCrc(expectedCrc, where);
    }

    /** Reads what is left of the entry (bounded by its declared size), then checks the size and CRC. */
    void drainAndFinish(long expectedCrc, String where) throws IOException {
        byte[] sink = new byte[8192];
        while (left > 0) {
            if (read(sink, 0, sink.length) < 0) break;
        }
        if (left != 0) throw error.apply(where + ": truncated: " + left + " declared bytes are missing");
        checkEndAndCrc(expectedCrc, where);
    }

    private void checkEndAndCrc(long expectedCrc, String where) throws IOException {
        if (in.read() >= 0) throw error.apply(where + ": the entry holds more bytes than its declared size");
        if (expectedCrc != -1 && crc.getValue() != expectedCrc) {
            throw error.apply(where + String.format(": CRC-32 mismatch: the archive declares %08x, the data has %08x",
                    expectedCrc, crc.getValue()));
        }
    }
}
