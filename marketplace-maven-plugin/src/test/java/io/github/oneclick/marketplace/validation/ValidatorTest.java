package io.github.oneclick.marketplace.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.marketplace.machine.ExecResult;
import io.github.oneclick.marketplace.machine.Machine;
import io.github.oneclick.marketplace.machine.MachineException;
import io.github.oneclick.marketplace.machine.RootDirMachine;
import io.github.oneclick.marketplace.testing.PreparedMachine;
import io.github.oneclick.marketplace.testing.PreparedMachine.Defect;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    /** A target that answers with canned output and remembers the script. */
    private static final class CannedMachine implements Machine {
        final List<String> scripts = new ArrayList<>();
        final ExecResult answer;

        CannedMachine(String stdout, int exit, String stderr) {
            answer = new ExecResult(exit, stdout, stderr);
        }

        @Override
        public ExecResult run(String script, Consumer<String> stdoutLines) {
            scripts.add(script);
            answer.stdout().lines().forEach(stdoutLines);
            return answer;
        }

        @Override
        public String describe() {
            return "canned";
        }
    }

    private static ValidationReport validate(Machine target, ValidationOptions options) throws MachineException {
        return new Validator(CLOCK).validate(target, options, line -> {});
    }

    @Test
    void outputWithoutEndMarker_isTruncatedAndNeverJudged() {
        String full = FactFile.load("ubuntu-24.04").output();
        CannedMachine target = new CannedMachine(full.substring(0, full.indexOf("MP-PROBE END")), 0, "");

        assertThatThrownBy(() -> validate(target, ValidationOptions.defaults()))
                .isInstanceOfSatisfying(
                        MachineException.class,
                        e -> assertThat(e.kind()).isEqualTo(MachineException.Kind.TRUNCATED_OUTPUT));
    }

    @Test
    void outputMissingALine_isTruncated() {
        String full = FactFile.load("ubuntu-24.04").output().replace("arch\tx86_64\n", "");
        CannedMachine target = new CannedMachine(full, 0, "");

        assertThatThrownBy(() -> validate(target, ValidationOptions.defaults()))
                .isInstanceOfSatisfying(
                        MachineException.class,
                        e -> assertThat(e.kind()).isEqualTo(MachineException.Kind.TRUNCATED_OUTPUT));
    }

    @Test
    void sudoAskingForAPassword_failsWithAHint() {
        CannedMachine target = new CannedMachine("", 1, "sudo: a password is required\n");

        assertThatThrownBy(() -> validate(target, ValidationOptions.defaults()))
                .isInstanceOfSatisfying(MachineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MachineException.Kind.PROBE_FAILED);
                    assertThat(e.getMessage()).contains("passwordless sudo");
                });
    }

    @Test
    void probeRunningAsNonRoot_isRefused() {
        CannedMachine target = new CannedMachine(
                FactFile.load("ubuntu-24.04").replace("uid", "uid | 1000").output(), 0, "");

        assertThatThrownBy(() -> validate(target, ValidationOptions.defaults()))
                .isInstanceOfSatisfying(
                        MachineException.class, e -> assertThat(e.getMessage()).contains("marketplace.user=root"));
    }

    @Test
    void dryRun_neverRunsCleanup() throws Exception {
        CannedMachine target = new CannedMachine(FactFile.load("ubuntu-24.04").output(), 0, "");

        ValidationReport report = validate(
                target, ValidationOptions.builder().cleanup(true).dryRun(true).build());

        assertThat(target.scripts).singleElement().asString().doesNotContain("MP-CLEANUP step");
        assertThat(report.resultsFor("MP-CLEANUP")).isEmpty();
    }

    @Test
    void cleanup_runsBeforeTheProbeInTheSameScript() throws Exception {
        CannedMachine target = new CannedMachine(
                "MP-CLEANUP step tmp\nMP-CLEANUP EXIT 0\n"
                        + FactFile.load("ubuntu-24.04").output(),
                0,
                "");

        ValidationReport report =
                validate(target, ValidationOptions.builder().cleanup(true).build());

        String script = target.scripts.get(0);
        assertThat(script.indexOf("rm -f \"$R/root/.ssh/authorized_keys\""))
                .isPositive()
                .isLessThan(script.indexOf("MP-PROBE BEGIN"));
        assertThat(report.results().get(0).id()).isEqualTo("MP-CLEANUP");
        assertThat(report.results().get(0).status()).isEqualTo(Status.PASS);
    }

    @Test
    void failedCleanupStep_fails() throws Exception {
        CannedMachine target = new CannedMachine(
                "MP-CLEANUP step packages apt\nMP-CLEANUP EXIT 100\n"
                        + FactFile.load("ubuntu-24.04").output(),
                0,
                "");

        CheckResult r = validate(
                        target, ValidationOptions.builder().cleanup(true).build())
                .results()
                .get(0);

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.message()).contains("packages apt").contains("exit 100");
    }

    @Test
    void refreshPackageIndex_isPassedToTheProbe() throws Exception {
        CannedMachine on = new CannedMachine(FactFile.load("ubuntu-24.04").output(), 0, "");
        CannedMachine off = new CannedMachine(FactFile.load("ubuntu-24.04").output(), 0, "");

        validate(on, ValidationOptions.defaults());
        validate(off, ValidationOptions.builder().refreshPackageIndex(false).build());

        assertThat(on.scripts.get(0)).startsWith("PROBE_REFRESH=1\n");
        assertThat(off.scripts.get(0)).startsWith("PROBE_REFRESH=0\n");
    }

    @Test
    void cleanupOnAnImageDirectory_isAConfigurationError(@TempDir Path dir) throws Exception {
        RootDirMachine target = new RootDirMachine(PreparedMachine.create(dir).root());

        assertThatThrownBy(() -> validate(
                        target, ValidationOptions.builder().cleanup(true).build()))
                .isInstanceOfSatisfying(
                        MachineException.class,
                        e -> assertThat(e.kind()).isEqualTo(MachineException.Kind.CONFIGURATION));
    }

    @Test
    void imageDirectory_isValidatedFromFilesWithCommandChecksNotCollected(@TempDir Path dir) throws Exception {
        PreparedMachine prepared = PreparedMachine.create(
                dir,
                Defect.ROOT_AUTHORIZED_KEYS,
                Defect.USER_ID_ED25519,
                Defect.USER_EMPTY_PASSWORD,
                Defect.LONG_ROOT_HISTORY,
                Defect.POPULATED_LOG,
                Defect.ROTATED_LOG,
                Defect.DO_AGENT_DIR,
                Defect.INACTIVE_FIREWALL,
                Defect.FIRSTBOOT_NOT_EXECUTABLE);

        ValidationReport report = validate(new RootDirMachine(prepared.root()), ValidationOptions.defaults());

        assertThat(report.results())
                .filteredOn(r -> r.status() == Status.FAIL)
                .extracting(CheckResult::name)
                .containsExactlyInAnyOrder(
                        "MP-ROOT-SSH[root]",
                        "MP-USER-SSH[app]",
                        "MP-USER-PASSWORD[app]",
                        "MP-ROOT-HISTORY[root]",
                        "MP-DO-AGENT",
                        "MP-FIRSTBOOT-EXEC[/var/lib/cloud/scripts/per-instance/001_onboot]");
        assertThat(report.results())
                .filteredOn(r -> r.status() == Status.WARN)
                .extracting(CheckResult::id)
                .containsExactlyInAnyOrder("MP-FIREWALL", "MP-LOGS-UNCLEARED", "MP-LOGS-ROTATED");
        assertThat(report.resultsFor("MP-UPDATES-SECURITY"))
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(Status.SKIP));
    }

    @Test
    void cleanImageDirectory_hasNoFailAndNoWarning(@TempDir Path dir) throws Exception {
        ValidationReport report =
                validate(new RootDirMachine(PreparedMachine.create(dir).root()), ValidationOptions.defaults());

        assertThat(report.failures() + report.warnings())
                .as(String.join("\n", report.consoleLines()))
                .isZero();
        assertThat(report.osVersion()).isEqualTo("24.04");
    }
}
