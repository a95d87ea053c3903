package io.github.oneclick.vendor.workflow;

/**
 * The release stopped before or after the app update, for a reason the user can act on. The message names the
 * app and the image and says what to do.
 */
public class ReleaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReleaseException(String message, Throwable cause) {
        super(message, cause);
    }

    public ReleaseException(String message) {
        super(message);
    }
}
