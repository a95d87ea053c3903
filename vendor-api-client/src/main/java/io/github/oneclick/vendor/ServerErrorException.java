package io.github.oneclick.vendor;

/** 5xx: DigitalOcean failed. Reads were retried; a failed POST or PATCH may still have taken effect. */
public class ServerErrorException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    private final boolean outcomeUnknown;

    public ServerErrorException(String message, ErrorDetails details, boolean outcomeUnknown) {
        super(message, details, null);
        this.outcomeUnknown = outcomeUnknown;
    }

    @Override
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
