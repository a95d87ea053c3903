package io.github.oneclick.vendor.workflow;

import java.time.Duration;

/** A bounded wait ran out. {@link #timeoutSetting()} names the setting that raises the bound. */
public class WaitTimeoutException extends SnapshotException {
    private static final long serialVersionUID = 1L;

    private final String phase;
    private final String subject;
    private final String lastState;
    private final transient Duration timeout;
    private final String timeoutSetting;
    private final Long actionId;

    public WaitTimeoutException(
            String message, String phase, String subject, String lastState, Duration timeout, String timeoutSetting) {
        this(message, phase, subject, lastState, timeout, timeoutSetting, null);
    }

    /**
     * A wait for an action that ran out while the action goes on at DigitalOcean.
     *
     * @param actionId the awaited action, which a later run can resume; {@code null} when the wait was not for one
     */
    public WaitTimeoutException(
            String message,
            String phase,
            String subject,
            String lastState,
            Duration timeout,
            String timeoutSetting,
            Long actionId) {
        super(message);
        this.phase = phase;
        this.subject = subject;
        this.lastState = lastState;
        this.timeout = timeout;
        this.timeoutSetting = timeoutSetting;
        this.actionId = actionId;
    }

    public String phase() {
        return phase;
    }

    /** What was awaited, such as {@code action 123 (snapshot)}. */
    public String subject() {
        return subject;
    }

    /** The last state read, or {@code null} if no read succeeded. */
    public String lastState() {
        return lastState;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * The action still in progress when the wait ran out, such as the snapshot action a later run resumes with
     * {@code resumeActionId}; {@code null} when the wait was not for a resumable action.
     */
    public Long actionId() {
        return actionId;
    }

    /** The setting to raise, such as {@code snapshotTimeout}. */
    public String timeoutSetting() {
        return timeoutSetting;
    }
}
