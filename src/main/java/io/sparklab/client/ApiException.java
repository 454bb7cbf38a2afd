package io.sparklab.client;

/** An HTTP API of the lab answered with an error, or not at all. */
public class ApiException extends RuntimeException {
    /** The HTTP status of the error answer; 0 when there was no answer (refused, timed out) or it was not an HTTP error. */
    private final int status;

    public ApiException(String message) {
        this(message, 0);
    }

    /** An error answer with its HTTP status. */
    public ApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** Says more about a cause; an API's error keeps the HTTP status it was answered with. */
    public ApiException(String message, Throwable cause) {
        super(message, cause);
        this.status = cause instanceof ApiException api ? api.status : 0;
    }

    public int status() {
        return status;
    }
}
