package dev.jtorch.io;

import java.io.IOException;

/**
 * A {@code .npy} or {@code .npz} file that is malformed, truncated, inconsistent with itself, or uses a
 * feature jtorch refuses to read (object arrays, structured dtypes). Like {@link java.util.zip.ZipException}
 * it is an {@link IOException}: the fault is in the file, not in the caller's arguments.
 */
public class NpyFormatException extends IOException {
    public NpyFormatException(String message) {
        super(message);
    }

    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
