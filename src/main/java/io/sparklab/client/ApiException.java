package io.sparklab.client;

/** An HTTP API of the lab answered with an error, or not at all. */
public class ApiException extends RuntimeException {
    public ApiException(String message) {
        super(message);
    }

    public ApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
