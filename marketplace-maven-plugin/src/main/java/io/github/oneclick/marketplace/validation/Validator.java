package io.github.oneclick.marketplace.validation;

import io.github.oneclick.marketplace.machine.ExecResult;
import io.github.oneclick.marketplace.machine.Machine;
import io.github.oneclick.marketplace.machine.MachineException;
import java.time.Clock;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The validation engine's entry point: one script run on the target (cleanup when asked, then the probe), facts
 * parsed (the cleanup's outcome among them), the registered rules applied, one report.
 */
public final class Validator {
    private final Clock clock;

    public Validator() {
        this(Clock.systemUTC());
    }

    public Validator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Validates a target.
     *
     * @param target where to run (it is not closed here)
     * @param options what to run and how to judge
     * @param progress receives human progress lines (cleanup output, phases); never secrets
     * @return the report; check {@link ValidationReport#failed()}
     * @throws MachineException when the target cannot be used or the probe output is incomplete (never judged)
     */
    public ValidationReport validate(Machine target, ValidationOptions options, Consumer<String> progress)
            throws MachineException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        boolean cleanup = options.runsCleanup();
        if (cleanup && !target.supportsCleanup()) {
            throw new MachineException(
                    MachineException.Kind.CONFIGURATION,
                    "marketplace.cleanup=true cannot run on "
                            + target.describe()
                            + ": cleanup needs a live system. Set marketplace.cleanup=false, or validate"
                            + " the droplet with marketplace.target=ssh.");
        }
        if (options.cleanup() && options.dryRun()) {
            progress.accept("Dry run: cleanup is not run.");
        }
        progress.accept("Validating " + target.describe() + (cleanup ? " (cleanup first)" : "") + "...");
        String script = ProbeScript.compose(cleanup, options.refreshPackageIndex());
        boolean[] inProbe = {false};
        ExecResult result = target.run(script, line -> {
            if (line.startsWith(Facts.BEGIN)) {
                inProbe[0] = true;
            } else if (!inProbe[0]) {
                progress.accept(
                        line.startsWith(ProbeScript.CLEANUP_STEP)
                                ? "Cleanup: " + line.substring(ProbeScript.CLEANUP_STEP.length())
                                : "  " + line);
            }
        });
        Facts facts;
        try {
            facts = Facts.parse(result.stdout());
        } catch (Facts.ProbeOutputException e) {
            String stderr = firstLines(result.stderr());
            if (e.truncated()) {
                throw new MachineException(
                        MachineException.Kind.TRUNCATED_OUTPUT,
                        "The probe output from "
                                + target.describe() + " was cut short (" + e.getMessage() + ", exit code "
                                + result.exitCode() + (stderr.isEmpty() ? "" : ", stderr: " + stderr) + "). Nothing was"
                                + " judged. Re-run; if it repeats, check the droplet's disk space and memory, or raise the"
                                + " command timeout.");
            }
            throw new MachineException(
                    MachineException.Kind.PROBE_FAILED,
                    "The probe did not run on "
                            + target.describe() + " (" + e.getMessage() + ", exit code " + result.exitCode()
                            + (stderr.isEmpty() ? "" : ", stderr: " + stderr) + "). "
                            + (stderr.contains("sudo")
                                    ? "sudo needs a password: allow passwordless sudo for"
                                            + " marketplace.user or connect as root."
                                    : "A POSIX /bin/sh is required on the target."));
        }
        String uid = facts.get("uid").orElse("0");
        if (facts.commandsCollected() && !uid.equals("0")) {
            throw new MachineException(
                    MachineException.Kind.PROBE_FAILED,
                    "The probe ran as uid " + uid + ", not root,"
                            + " on " + target.describe() + "; /etc/shadow and other users' files cannot be checked. Set"
                            + " marketplace.user=root, or use a user with passwordless sudo (sudo is used for any user other"
                            + " than root).");
        }
        progress.accept("Probe finished: " + facts.lineCount() + " facts.");
        return new ValidationReport(
                target.describe(),
                facts.get("os.name").orElse("unknown"),
                facts.get("os.version").orElse("unknown"),
                clock.instant(),
                RuleEngine.evaluate(facts, options),
                options.failOnWarning(),
                diskUsedKb(facts));
    }

    private static OptionalLong diskUsedKb(Facts facts) {
        return facts.get("disk.used_kb")
                .filter(v -> v.matches("\\d{1,15}"))
                .map(v -> OptionalLong.of(Long.parseLong(v)))
                .orElse(OptionalLong.empty());
    }

    private static String firstLines(String text) {
        String t = text.strip();
        if (t.length() > 300) {
            t = t.substring(0, 300) + "...";
        }
        return t.replace('\n', ' ');
    }
}
