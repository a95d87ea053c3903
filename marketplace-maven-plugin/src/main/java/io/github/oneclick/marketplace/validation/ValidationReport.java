package io.github.oneclick.marketplace.validation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The immutable outcome of one validation: the rules that applied and their results in upstream order, counts,
 * verdict and the console lines. Counts and the summary follow 99-img-check.sh v1.8.1; {@code [ OK ]} and
 * {@code [SKIP]} lines are never counted.
 */
public final class ValidationReport implements Verdicts {
    /** The upstream script this report mirrors. */
    public static final String UPSTREAM = "99-img-check.sh v. 1.8.1";

    static final String RULE = "-".repeat(99);

    private final OptionalLong diskUsedKb;
    private final String target;
    private final String osName;
    private final String osVersion;
    private final Instant executedAt;
    private final List<Rule> rules;
    private final List<CheckResult> results;
    private final boolean failOnWarning;

    public ValidationReport(
            String target,
            String osName,
            String osVersion,
            Instant executedAt,
            Evaluation evaluation,
            boolean failOnWarning) {
        this(target, osName, osVersion, executedAt, evaluation, failOnWarning, OptionalLong.empty());
    }

    /**
     * A report that also knows the disk in use on the target.
     *
     * @param diskUsedKb the KiB in use on the target's root file system as the probe saw it (after the cleanup, when
     *     it ran); empty where it was not measured
     */
    public ValidationReport(
            String target,
            String osName,
            String osVersion,
            Instant executedAt,
            Evaluation evaluation,
            boolean failOnWarning,
            OptionalLong diskUsedKb) {
        this.diskUsedKb = Objects.requireNonNull(diskUsedKb, "diskUsedKb");
        this.target = Objects.requireNonNull(target, "target");
        this.osName = Objects.requireNonNull(osName, "osName");
        this.osVersion = Objects.requireNonNull(osVersion, "osVersion");
        this.executedAt = Objects.requireNonNull(executedAt, "executedAt");
        Objects.requireNonNull(evaluation, "evaluation");
        this.rules = evaluation.rules();
        this.results = evaluation.results();
        this.failOnWarning = failOnWarning;
    }

    /** The KiB in use on the target's root file system, as the probe saw it; empty where it was not measured. */
    public OptionalLong diskUsedKb() {
        return diskUsedKb;
    }

    public String target() {
        return target;
    }

    public String osName() {
        return osName;
    }

    public String osVersion() {
        return osVersion;
    }

    public Instant executedAt() {
        return executedAt;
    }

    /** The rules that applied to this run, in report order; rules that found nothing have no results. */
    public List<Rule> rules() {
        return rules;
    }

    public List<CheckResult> results() {
        return results;
    }

    public boolean failOnWarning() {
        return failOnWarning;
    }

    @Override
    public Stream<Status> statuses() {
        return results.stream().map(CheckResult::status);
    }

    /** Results with the given id, in report order. */
    public List<CheckResult> resultsFor(String id) {
        return results.stream().filter(r -> r.id().equals(id)).toList();
    }

    /** Upstream's STATUS: 2 with any FAIL, 1 with any WARN (the firewall warning included), else 0. */
    public int status() {
        return failures() > 0 ? 2 : warnings() > 0 ? 1 : 0;
    }

    /** Upstream's exit code: 1 with any FAIL, else 0. */
    public int exitCode() {
        return failures() > 0 ? 1 : 0;
    }

    /** Whether the goal fails: any FAIL, or any WARN with failOnWarning. */
    public boolean failed() {
        return failures() > 0 || (failOnWarning && warnings() > 0);
    }

    /** One line per failure (and per warning with failOnWarning): {@code id[subject]: message}. */
    public List<String> failureSummary() {
        List<String> lines = new ArrayList<>();
        for (CheckResult r : results) {
            if (r.status() == Status.FAIL || (failOnWarning && r.status() == Status.WARN)) {
                lines.add(r.status().tag() + " " + r.name() + ": " + r.message());
            }
        }
        return lines;
    }

    /** The console report in upstream style and order, without colours. */
    public List<String> consoleLines() {
        List<String> lines = new ArrayList<>();
        lines.add("Marketplace image validation (checks of " + UPSTREAM + " and more)");
        lines.add("Executed on: " + executedAt);
        lines.add("Checking " + target + " for Marketplace compatibility...");
        lines.add("");
        lines.add("Distribution: " + osName);
        lines.add("Version: " + osVersion);
        lines.add("");
        String lastUser = null;
        for (CheckResult r : results) {
            if (r.rule().scope() == Scope.USER
                    && r.subject() != null
                    && !r.subject().equals(lastUser)) {
                lines.add("Checking user: " + r.subject() + "...");
                lastUser = r.subject();
            }
            String line = r.status().tag() + " " + r.message();
            if (r.stricter()) {
                line += "  (stricter than " + UPSTREAM + ": " + r.note() + ")";
            } else if (r.parity() == Parity.CORRECTED && r.note() != null) {
                line += "  (differs from " + UPSTREAM + ": " + r.note() + ")";
            }
            lines.add(line);
            for (String d : r.details()) {
                lines.add("       " + d);
            }
            if (r.fix() != null) {
                lines.add("       " + r.fix());
            }
        }
        lines.add("");
        lines.add(RULE);
        lines.add("Scan Complete.");
        switch (status()) {
            case 0:
                lines.add("All Tests Passed!");
                break;
            case 1:
                lines.add("Some non-critical tests failed.  Please review these items.");
                break;
            default:
                lines.add("One or more tests failed.  Please review these items and re-test.");
        }
        lines.add(RULE);
        lines.add(passed() + " Tests PASSED");
        lines.add(warnings() + " WARNINGS");
        lines.add(failures() + " Tests FAILED");
        if (skipped() > 0) {
            lines.add(skipped() + " checks SKIPPED");
        }
        lines.add(RULE);
        switch (status()) {
            case 0:
                lines.add("We did not detect any issues with this image. Please be sure to manually ensure that all"
                        + " software installed on the base system is functional, secure and properly configured (or"
                        + " facilities for configuration on first-boot have been created).");
                break;
            case 1:
                lines.add("Please review all [WARN] items above and ensure they are intended or resolved.  If you do"
                        + " not have a specific requirement, we recommend resolving these items before image"
                        + " submission");
                break;
            default:
                lines.add("Some critical tests failed.  These items must be resolved and this scan re-run before you"
                        + " submit your image to the DigitalOcean Marketplace.");
        }
        return lines;
    }

    @Override
    public String toString() {
        return "ValidationReport[" + target + ", " + osName + " " + osVersion + ", passed=" + passed() + ", warnings="
                + warnings() + ", failures=" + failures() + "]";
    }
}
