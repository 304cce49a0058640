package dev.jtorch.io;

import java.io.IOException;

/**
 * A checkpoint file ({@code .pt}, {@code .safetensors}) that is malformed, truncated, inconsistent or that
 * asks for something the restricted loader refuses (a pickle global outside the allowed set). The message
 * names the file, the entry and, where known, the byte offset.
 */
public class CheckpointFormatException extends IOException {
    public CheckpointFormatException(String message) { super(message); }

    public CheckpointFormatException(String message, Throwable cause) { super(message, cause); }
}
