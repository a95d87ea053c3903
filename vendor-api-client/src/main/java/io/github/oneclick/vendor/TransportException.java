package io.github.oneclick.vendor;

/**
 * No usable response: the connection failed, timed out or was cut. {@link #outcomeUnknown()} says whether the
 * request may have reached DigitalOcean.
 */
public class TransportException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    private final boolean outcomeUnknown;

    public TransportException(String message, ErrorDetails details, boolean outcomeUnknown, Throwable cause) {
        super(message, details, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    @Override
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
