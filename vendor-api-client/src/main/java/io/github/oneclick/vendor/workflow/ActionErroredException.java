package io.github.oneclick.vendor.workflow;

/** DigitalOcean reported an action as {@code errored}. The action id is what DigitalOcean support asks for. */
public class ActionErroredException extends SnapshotException {
    private static final long serialVersionUID = 1L;

    private final long actionId;
    private final String actionType;
    private final String requestId;

    public ActionErroredException(String message, long actionId, String actionType, String requestId) {
        super(message);
        this.actionId = actionId;
        this.actionType = actionType;
        this.requestId = requestId;
    }

    public long actionId() {
        return actionId;
    }

    /** {@code shutdown}, {@code power_off}, {@code snapshot}, {@code transfer}... */
    public String actionType() {
        return actionType;
    }

    /** The request id of a related failed API call, or {@code null}: DigitalOcean returns none with an action. */
    public String requestId() {
        return requestId;
    }
}
