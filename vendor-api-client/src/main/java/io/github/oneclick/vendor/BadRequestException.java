package io.github.oneclick.vendor;

/** 400 Bad Request: the request was not valid. */
public class BadRequestException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message, ErrorDetails details, Throwable cause) {
        super(message, details, cause);
    }
}
