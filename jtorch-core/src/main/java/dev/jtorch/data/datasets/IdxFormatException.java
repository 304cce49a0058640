package dev.jtorch.data.datasets;

import java.io.IOException;

/**
 * An idx file that is malformed, truncated, longer than its header says, or declares more data than it
 * can hold. The message names the file and the byte offset (in the uncompressed stream for .gz files).
 */
public class IdxFormatException extends IOException {
    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
