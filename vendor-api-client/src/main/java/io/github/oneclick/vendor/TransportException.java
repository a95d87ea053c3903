package io.github.oneclick.vendor;

/**
 * No usable response: the connection failed, timed out or was cut. {@link DigitalOceanException#outcome()} says
 * whether the request may have reached DigitalOcean.
 */
public class TransportException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    public TransportException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, details, outcome, transientFailure, cause);
    }
}
