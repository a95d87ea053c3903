package io.github.oneclick.marketplace.imagetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.marketplace.imagetest.FirstBootTarget.Entry;
import io.github.oneclick.marketplace.validation.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageTesterTest {
    private static final ImageTestReport.Subject SUBJECT =
            new ImageTestReport.Subject(171234567, "acme-lemp-2.0.2", 4242, "nyc3", "s-1vcpu-1gb");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T16:30:00Z"), ZoneOffset.UTC);

    private static ImageTester tester(List<String> services, List<String> commands) {
        return ImageTester.builder()
                .services(services)
                .commands(commands)
                .clock(CLOCK)
                .build();
    }

    private static ImageCheck only(ImageTestReport report, String id, String subject) {
        return report.checks().stream()
                .filter(c -> c.id().equals(id) && java.util.Objects.equals(c.subject(), subject))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + "[" + subject + "] in " + report.checks()));
    }

    @Test
    void aCleanFirstBootPassesEveryCheckInOrder() throws Exception {
        FakeDroplet droplet = FakeDroplet.booted()
                .answer("systemctl is-active nginx", 0, "active\n")
                .answer("curl -fsS http://localhost/", 0, "<h1>Acme LEMP</h1>\n");

        ImageTestReport report =
                tester(List.of("nginx"), List.of("curl -fsS http://localhost/")).test(droplet, SUBJECT);

        assertThat(report.failed()).isFalse();
        assertThat(report.checks())
                .extracting(ImageCheck::name)
                .containsExactly(
                        "IMG-FIRST-BOOT",
                        "IMG-PER-INSTANCE[001_onboot]",
                        "IMG-MOTD[99-one-click]",
                        "IMG-SERVICE[nginx]",
                        "IMG-COMMAND[curl -fsS http://localhost/]");
        assertThat(report.checks()).allMatch(c -> c.status() == Status.PASS);
        assertThat(only(report, ImageCheck.MOTD, "99-one-click").details()).contains("Welcome to Acme LEMP.");
        assertThat(report.executedAt()).isEqualTo(CLOCK.instant());
        assertThat(droplet.commands().get(0)).isEqualTo("cloud-init status --wait --long");
    }

    @Test
    void aFirstBootScriptThatFailedFailsTheTestWithCloudInitsError() throws Exception {
        FakeDroplet droplet = FakeDroplet.booted()
                .answer(
                        ImageTester.CLOUD_INIT_STATUS,
                        1,
                        "status: error\nextended_status: error - done\nerrors:\n"
                                + "\t- Runparts: 1 failures (001_onboot) in 1 attempted commands\n"
                                + "recoverable_errors: {}\n");

        ImageTestReport report = tester(List.of(), List.of()).test(droplet, SUBJECT);

        assertThat(report.failed()).isTrue();
        ImageCheck boot = only(report, ImageCheck.FIRST_BOOT, null);
        assertThat(boot.status()).isEqualTo(Status.FAIL);
        assertThat(boot.message()).contains("status error").contains("exit 1").contains("1 error");
        ImageCheck script = only(report, ImageCheck.PER_INSTANCE, "001_onboot");
        assertThat(script.status()).isEqualTo(Status.FAIL);
        assertThat(script.message()).contains("failed at the first boot");
        assertThat(script.details()).containsExactly("Runparts: 1 failures (001_onboot) in 1 attempted commands");
        assertThat(report.failureSummary())
                .contains("[FAIL] IMG-PER-INSTANCE[001_onboot]: /var/lib/cloud/scripts/per-instance/001_onboot failed"
                        + " at the first boot.");
    }

    @Test
    void aFirstBootScriptThatIsNotExecutableNeverRanAndSaysHowToFixIt() throws Exception {
        FakeDroplet droplet = FakeDroplet.booted()
                .directory(ImageTester.PER_INSTANCE_DIRECTORY, new Entry("001_onboot", true, false));

        ImageCheck script =
                only(tester(List.of(), List.of()).test(droplet, SUBJECT), ImageCheck.PER_INSTANCE, "001_onboot");

        assertThat(script.status()).isEqualTo(Status.FAIL);
        assertThat(script.message()).contains("not executable").contains("never ran");
        assertThat(script.fix()).contains("chmod 755");
    }

    @Test
    void scriptsThatCloudInitNeverRanFailWhenItsSemaphoreIsMissing() throws Exception {
        FakeDroplet droplet = FakeDroplet.booted().answer("test -f " + ImageTester.PER_INSTANCE_SEMAPHORE, 1, "");

        ImageCheck script =
                only(tester(List.of(), List.of()).test(droplet, SUBJECT), ImageCheck.PER_INSTANCE, "001_onboot");

        assertThat(script.status()).isEqualTo(Status.FAIL);
        assertThat(script.message()).contains("did not run");
    }

    @Test
    void anImageWithoutFirstBootScriptsSaysSoWithoutCountingIt() throws Exception {
        FakeDroplet droplet = FakeDroplet.booted().noDirectory(ImageTester.PER_INSTANCE_DIRECTORY);

        ImageTestReport report = tester(List.of(), List.of()).test(droplet, SUBJECT);

        ImageCheck scripts = only(report, ImageCheck.PER_INSTANCE, null);
        assertThat(scripts.status()).isEqualTo(Status.OK);
        assertThat(report.failed()).isFalse();
        assertThat(droplet.commands()).noneMatch(c -> c.contains("sem/"));
    }

    @Test
    void anInactiveServiceFailsWithItsStateAndHowToLookIntoIt() throws Exception {
        FakeDroplet droplet = FakeDroplet.booted()
                .answer("systemctl is-active nginx", 0, "active\n")
                .answer("systemctl is-active mysql", 3, "inactive\n");

        ImageTestReport report = tester(List.of("nginx", "mysql"), List.of()).test(droplet, SUBJECT);

        assertThat(only(report, ImageCheck.SERVICE, "nginx").status()).isEqualTo(Status.PASS);
        ImageCheck mysql = only(report, ImageCheck.SERVICE, "mysql");
        assertThat(mysql.status()).isEqualTo(Status.FAIL);
        assertThat(mysql.message()).isEqualTo("mysql is inactive.");
        assertThat(mysql.fix()).contains("systemctl enable mysql").contains("journalctl -u mysql");
    }

    @Test
    void aTestCommandThatFailsReportsItsExitCodeAndTheEndOfItsOutput() throws Exception {
        FakeDroplet droplet = FakeDroplet.booted()
                .answer(
                        "curl -fsS http://localhost/",
                        7,
                        "",
                        "curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server\n");

        ImageCheck command = only(
                tester(List.of(), List.of("curl -fsS http://localhost/")).test(droplet, SUBJECT),
                ImageCheck.COMMAND,
                "curl -fsS http://localhost/");

        assertThat(command.status()).isEqualTo(Status.FAIL);
        assertThat(command.message()).isEqualTo("Failed: exit 7.");
        assertThat(command.details()).singleElement().asString().contains("Failed to connect");
    }

    @Test
    void aTestCommandThatRunsTooLongFailsAndTheNextOnesStillRun() throws Exception {
        FakeDroplet droplet = FakeDroplet.booted().hangs("sleep 3600").answer("true", 0, "");

        ImageTestReport report =
                tester(List.of(), List.of("sleep 3600", "true")).test(droplet, SUBJECT);

        assertThat(only(report, ImageCheck.COMMAND, "sleep 3600").message()).startsWith("Did not end within");
        assertThat(only(report, ImageCheck.COMMAND, "true").status()).isEqualTo(Status.PASS);
    }

    @Test
    void aMotdThatPrintsNothingOrIsMissingFails() throws Exception {
        FakeDroplet silent = FakeDroplet.booted().answer("/etc/update-motd.d/99-one-click", 0, "\n");
        FakeDroplet missing =
                FakeDroplet.booted().directory(ImageTester.MOTD_DIRECTORY, new Entry("00-header", true, true));

        ImageCheck printsNothing =
                only(tester(List.of(), List.of()).test(silent, SUBJECT), ImageCheck.MOTD, "99-one-click");
        ImageCheck none = only(tester(List.of(), List.of()).test(missing, SUBJECT), ImageCheck.MOTD, null);

        assertThat(printsNothing.status()).isEqualTo(Status.FAIL);
        assertThat(printsNothing.message()).endsWith("prints nothing.");
        assertThat(none.status()).isEqualTo(Status.FAIL);
        assertThat(none.message()).contains("No 99- file");
    }

    @Test
    void withoutUpdateMotdTheTextOfEtcMotdCounts() throws Exception {
        FakeDroplet droplet = FakeDroplet.booted()
                .noDirectory(ImageTester.MOTD_DIRECTORY)
                .answer("cat /etc/motd", 0, "Welcome to Acme on AlmaLinux.\n");

        ImageCheck motd = only(tester(List.of(), List.of()).test(droplet, SUBJECT), ImageCheck.MOTD, "/etc/motd");

        assertThat(motd.status()).isEqualTo(Status.PASS);
    }

    @Test
    void recoverableFirstBootErrorsWarnWithoutFailingTheTest() throws Exception {
        FakeDroplet droplet = FakeDroplet.booted()
                .answer(
                        ImageTester.CLOUD_INIT_STATUS,
                        2,
                        "status: done\nerrors: []\nrecoverable_errors:\nWARNING:\n\t- deprecated key\n");

        ImageTestReport report = tester(List.of(), List.of()).test(droplet, SUBJECT);

        assertThat(only(report, ImageCheck.FIRST_BOOT, null).status()).isEqualTo(Status.WARN);
        assertThat(report.failed()).isFalse();
        assertThat(report.warnings()).isEqualTo(1);
    }

    @Test
    void anImageWithoutCloudInitFails() throws Exception {
        FakeDroplet droplet = FakeDroplet.booted().answer(ImageTester.CLOUD_INIT_STATUS, 127, "");

        ImageCheck boot = only(tester(List.of(), List.of()).test(droplet, SUBJECT), ImageCheck.FIRST_BOOT, null);

        assertThat(boot.status()).isEqualTo(Status.FAIL);
        assertThat(boot.message()).contains("not installed");
    }

    @Test
    void serviceNamesThatAreNoUnitNamesAndBlankCommandsAreRefusedWhenConfigured() {
        assertThatThrownBy(() -> ImageTester.builder().services(List.of("nginx; rm -rf /")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a systemd unit name");
        assertThatThrownBy(() -> ImageTester.builder().commands(List.of(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void cloudInitErrorsAreReadFromTheListAndTheEmptyFormAlike() {
        assertThat(ImageTester.errors("status: done\nerrors: []\n")).isEmpty();
        assertThat(ImageTester.errors("status: error\nerrors:\n\t- one\n\t- two\nrecoverable_errors: {}\n"))
                .containsExactly("one", "two");
    }
}
