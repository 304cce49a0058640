package dev.jtorch.cli;

/** A problem with the user's input: reported as one line on stderr with exit status 2, never a stack trace. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
