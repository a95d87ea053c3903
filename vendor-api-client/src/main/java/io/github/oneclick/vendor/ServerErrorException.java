package io.github.oneclick.vendor;

/**
 * 5xx: DigitalOcean failed. Reads were retried; a failed POST, PATCH or DELETE may still have taken effect (see
 * {@link DigitalOceanException#outcome()}).
 */
public class ServerErrorException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    public ServerErrorException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, details, outcome, transientFailure, cause);
    }
}
