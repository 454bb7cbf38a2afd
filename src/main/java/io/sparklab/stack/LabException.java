package io.sparklab.stack;

/**
 * A problem a person can fix (Docker not running, a port taken, a config file with an error), with a
 * message that says what and where. The lab command prints the message alone, not a stack trace.
 */
public class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
