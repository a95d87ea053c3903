package io.github.oneclick.vendor;

/** A status or a body this client does not know how to read. */
public class UnexpectedResponseException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    private final boolean outcomeUnknown;

    public UnexpectedResponseException(String message, ErrorDetails details, boolean outcomeUnknown, Throwable cause) {
        super(message, details, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    @Override
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
