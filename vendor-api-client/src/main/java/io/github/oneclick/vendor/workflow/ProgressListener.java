package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.Durations;
import io.github.oneclick.vendor.model.Image;
import java.time.Duration;

/**
 * Hears what a workflow or an {@link ActionWaiter} is doing. Every method has a no-op default, so implement only what
 * you log. Each event has a {@code message()} that reads as a log line; a build tool would log {@link #phase},
 * {@link #stateChanged}, {@link #waiting} and {@link #planned} at INFO, {@link #poll} at DEBUG and {@link #warning}
 * at WARN.
 *
 * <p>Methods are called on the thread that runs the workflow.
 */
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {};

    /** A step begins, such as "Shutting down droplet 123 (build-01)". */
    default void phase(String message) {}

    /** Something awaited changed state; the first observed state is reported as a change from {@code null}. */
    default void stateChanged(StateChange change) {}

    /** Still waiting: sent about every progress period (30 s by default) while a wait lasts. */
    default void waiting(WaitProgress progress) {}

    /** One poll was made; sent for every poll. */
    default void poll(PollEvent poll) {}

    /** Something went wrong but the workflow carries on (a transient error while polling, a fallback). */
    default void warning(String message) {}

    /**
     * The new image exists and was confirmed, before the optional steps (transfers, retention, power on, destroy)
     * run. Record its id now: if a later step fails, the image is still there to release.
     *
     * @param dropletId the snapshotted droplet
     * @param actionId the snapshot action
     * @param image the image as {@code GET /v2/images/{id}} returned it
     */
    default void imageFound(long dropletId, long actionId, Image image) {}

    /** A dry run's step: what a real run would do. Nothing is changed. */
    default void planned(String message) {}

    /**
     * A state change.
     *
     * @param phase the wait's phase, such as {@code snapshot}
     * @param subject what changed, such as {@code action 123 (snapshot)} or {@code droplet 456}
     * @param from the previous state, {@code null} on the first observation
     * @param to the new state
     * @param elapsed time since the wait began
     */
    record StateChange(String phase, String subject, String from, String to, Duration elapsed) {
        public String message() {
            return from == null
                    ? phase + ": " + subject + " is " + to + " (" + Durations.describe(elapsed) + " elapsed)"
                    : phase + ": " + subject + " went from " + from + " to " + to + " after "
                            + Durations.describe(elapsed);
        }
    }

    /**
     * A periodic report during a long wait.
     *
     * @param phase the wait's phase
     * @param subject what is awaited
     * @param state its last known state
     * @param elapsed time since the wait began
     * @param timeout the wait's bound
     */
    record WaitProgress(String phase, String subject, String state, Duration elapsed, Duration timeout) {
        public String message() {
            return phase + ": " + subject + " still " + state + ", " + Durations.describe(elapsed)
                    + " elapsed (timeout " + Durations.describe(timeout) + ")";
        }
    }

    /**
     * One poll.
     *
     * @param phase the wait's phase
     * @param subject what was polled
     * @param state the state read, or a short description of a failed read
     * @param elapsed time since the wait began
     * @param nextPoll the pause before the next poll, zero when the wait ends
     */
    record PollEvent(String phase, String subject, String state, Duration elapsed, Duration nextPoll) {
        public String message() {
            return phase + ": polled " + subject + ": " + state + " (" + Durations.describe(elapsed) + " elapsed"
                    + (nextPoll.isZero() ? ")" : ", next poll in " + Durations.describe(nextPoll) + ")");
        }
    }
}
