package io.github.oneclick.marketplace.validation;

/** What a rule reports when it finds the problem it checks for. */
public enum Severity {
    /** Fails the goal, like a {@code [FAIL]} of 99-img-check.sh. The rule may also warn about lesser findings. */
    FAIL,
    /** Only warns ({@code [WARN]}); fails the goal only with {@code marketplace.failOnWarning}. */
    WARN;

    /** Whether a rule of this severity may report {@code status}. */
    boolean allows(Status status) {
        return status != Status.FAIL || this == FAIL;
    }
}
