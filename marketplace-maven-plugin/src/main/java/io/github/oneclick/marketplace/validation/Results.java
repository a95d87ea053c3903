package io.github.oneclick.marketplace.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a verdict reports, in report order. Each call starts one result of the rule being judged and returns its
 * builder for the optional parts (subject, details, upstream wording, parity, fix); the results are built when the
 * verdict returns.
 *
 * <pre>{@code
 * out.fail("User root has a password set on their account.")
 *         .detail("The password field holds a sha512crypt hash (106 characters; not shown).")
 *         .upstreamWording("User root has a password set on their account.");
 * }</pre>
 */
public final class Results {
    private final Rule rule;
    private final String subject;
    private final SupportedReleases supportedReleases;
    private final List<CheckResult.Builder> started = new ArrayList<>();

    Results(Rule rule, String subject, SupportedReleases supportedReleases) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.subject = subject;
        this.supportedReleases = Objects.requireNonNull(supportedReleases, "supportedReleases");
    }

    public CheckResult.Builder pass(String message) {
        return start(Status.PASS, message);
    }

    /** Informational, never counted (upstream's {@code [ OK ]}). */
    public CheckResult.Builder ok(String message) {
        return start(Status.OK, message);
    }

    public CheckResult.Builder warn(String message) {
        return start(Status.WARN, message);
    }

    /** Only for rules of severity FAIL. */
    public CheckResult.Builder fail(String message) {
        return start(Status.FAIL, message);
    }

    CheckResult.Builder skip(String message) {
        return start(Status.SKIP, message);
    }

    /** The supported operating systems of this run (built in, plus {@code marketplace.additionalReleases}). */
    public SupportedReleases supportedReleases() {
        return supportedReleases;
    }

    private CheckResult.Builder start(Status status, String message) {
        CheckResult.Builder builder = new CheckResult.Builder(rule, status, message, subject);
        started.add(builder);
        return builder;
    }

    List<CheckResult> build() {
        return started.stream().map(CheckResult.Builder::build).toList();
    }
}
