package io.github.oneclick.vendor.workflow;

/**
 * The snapshot action completed but no snapshot with the requested name showed up in the droplet's snapshot list in
 * time. The snapshot probably exists: look for {@link #snapshotName()} in the control panel, or for action
 * {@link #actionId()}.
 */
public class SnapshotNotFoundException extends SnapshotException {
    private static final long serialVersionUID = 1L;

    private final long dropletId;
    private final long actionId;
    private final String snapshotName;

    public SnapshotNotFoundException(String message, long dropletId, long actionId, String snapshotName) {
        super(message);
        this.dropletId = dropletId;
        this.actionId = actionId;
        this.snapshotName = snapshotName;
    }

    public long dropletId() {
        return dropletId;
    }

    public long actionId() {
        return actionId;
    }

    public String snapshotName() {
        return snapshotName;
    }
}
