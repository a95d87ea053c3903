package io.github.oneclick.vendor.workflow;

/**
 * A workflow could not do what was asked. The message says what happened, which setting to change or where to look,
 * and never contains the API token. Subclasses carry the details as fields: {@link ActionErroredException},
 * {@link WaitTimeoutException}, {@link DropletSelectionException}, {@link SnapshotNotFoundException}.
 *
 * <p>Failed API calls that the workflow cannot handle are not wrapped: they arrive as
 * {@link io.github.oneclick.vendor.DigitalOceanException} subclasses.
 */
public class SnapshotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
