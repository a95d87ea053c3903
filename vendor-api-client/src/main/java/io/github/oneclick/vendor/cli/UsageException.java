package io.github.oneclick.vendor.cli;

/** The command line is wrong or names unusable input; reported before any request, with exit code 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
