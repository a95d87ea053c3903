package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * One bounded wait: what is awaited, how long at most, and which setting raises the bound. The setting's name goes
 * into the timeout message so the user knows what to change.
 *
 * @param name a short name for logs, such as {@code snapshot} or {@code shutdown}
 * @param timeout the longest wait; zero means a single check
 * @param timeoutSetting the setting that controls {@code timeout}, such as {@code snapshotTimeout}
 */
public record WaitPhase(String name, Duration timeout, String timeoutSetting) {

    public WaitPhase {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("phase name must not be blank");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(
                    "timeout of phase '" + name + "' must not be negative, was " + Durations.describe(timeout));
        }
        if (timeoutSetting == null || timeoutSetting.isBlank()) {
            throw new IllegalArgumentException("timeoutSetting of phase '" + name + "' must not be blank");
        }
    }

    /** The same phase with another timeout, for a wait that uses what is left of a shared budget. */
    public WaitPhase withTimeout(Duration newTimeout) {
        return new WaitPhase(name, newTimeout.isNegative() ? Duration.ZERO : newTimeout, timeoutSetting);
    }
}
