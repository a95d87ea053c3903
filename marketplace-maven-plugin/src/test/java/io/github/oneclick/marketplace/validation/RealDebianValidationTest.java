package io.github.oneclick.marketplace.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.marketplace.machine.ExecResult;
import io.github.oneclick.marketplace.machine.SshMachine;
import io.github.oneclick.marketplace.testing.DebianSystem;
import io.github.oneclick.marketplace.testing.HostState;
import io.github.oneclick.marketplace.testing.RealDebian;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The validation engine ({@link Validator} over {@link SshMachine}) against a real Debian 12 system reached over real
 * OpenSSH ({@link RealDebian}): the probe's facts, root's {@code authorized_keys} failing the validation without the
 * cleanup and passing it with the cleanup (package upgrade, deletions, zero-fill) followed by the probe in one
 * session, as the validate goal runs them, and none of it reaching this machine.
 *
 * <p>What a system cannot have: no init system runs, so {@code systemctl} answers nothing (the probe's
 * {@code firewalld.state} is empty) and no service is active; the kernel is the host's and lists no modules
 * ({@code iptables.module} is 0). These facts are not asserted. The firewall WARN is real (ufw is installed but not
 * enabled, as on a fresh droplet), and so is the MOTD WARN (the image has no 99- MOTD file).
 */
class RealDebianValidationTest {
    @RegisterExtension
    static final RealDebian DEBIAN = RealDebian.bookworm();

    /** A fresh system for the tests that only read (closed after the class); the cleanup test boots its own. */
    private static DebianSystem fresh;

    @BeforeAll
    static void bootFresh(DebianSystem system) {
        fresh = system;
    }

    private static SshMachine target(DebianSystem system) {
        return system.sshMachine().build();
    }

    /** The one result of a rule, by its stable id. */
    private static CheckResult only(ValidationReport report, String id) {
        assertThat(report.resultsFor(id)).as(id).hasSize(1);
        return report.resultsFor(id).get(0);
    }

    @Test
    void probeOverRealOpenSsh_reportsTheFreshDebianSystem() throws Exception {
        DebianSystem system = fresh;
        ExecResult result = target(system).run(ProbeScript.compose(false, true), line -> {});

        Facts facts = Facts.parse(result.stdout());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(facts.get("uid")).hasValue("0");
        assertThat(facts.get("os.name")).hasValue("Debian GNU/Linux");
        assertThat(facts.get("os.version")).hasValue("12");
        assertThat(facts.get("os.id")).hasValue("debian");
        assertThat(facts.get("arch")).hasValue("x86_64");
        assertThat(facts.lookup("cmd", "cloud-init")).hasValue("1");
        assertThat(facts.get("cloudinit.version"))
                .hasValueSatisfying(v -> assertThat(v).matches("cloud-init \\d+\\.\\d+\\.\\d+\\S* \\(dpkg\\)"));
        assertThat(facts.get("disk.used_kb"))
                .as("df of the Debian system's root")
                .hasValueSatisfying(kb -> assertThat(Long.parseLong(kb)).isGreaterThan(100_000));
        assertThat(facts.lookup("cmd", "ufw")).hasValue("1");
        assertThat(facts.get("ufw.status")).hasValue("inactive");
        assertThat(facts.lookup("cmd", "apt-get")).hasValue("1");
        assertThat(facts.lookup("pkg", "openssh-server")).hasValue("install-ok-installed");
        assertThat(facts.get("updates.refresh"))
                .as("apt-get update through the mirror proxy")
                .hasValue("ok");
        assertThat(facts.get("updates.refresh.scope"))
                .as("only the security suite's index, bookworm-security")
                .hasValue("security");
        assertThat(facts.get("updates.state")).hasValue("ok");
        assertThat(facts.all("sshfile"))
                .containsExactly(List.of(
                        "root",
                        "/root/.ssh/authorized_keys",
                        Long.toString(Files.size(Path.of(system.privateKey() + ".pub"))),
                        "public",
                        "1"));
        assertThat(facts.all("hostkey"))
                .extracting(row -> row.get(0))
                .containsExactlyInAnyOrder(
                        "/etc/ssh/ssh_host_ecdsa_key", "/etc/ssh/ssh_host_ed25519_key", "/etc/ssh/ssh_host_rsa_key");
        assertThat(facts.get("cloud.instances")).hasValue("0");
        assertThat(system.mirrorRequests()).isNotEmpty();
    }

    @Test
    void cleanupThenProbeInOneSession_passesTheRootKeyCheckAndLeavesTheHostAlone(DebianSystem system) throws Exception {
        String marker = "ocmp-marker-" + UUID.randomUUID();
        List<Path> markers = List.of(
                Path.of("/tmp", marker),
                Path.of("/var/tmp", marker),
                Path.of("/var/log", marker + ".log"),
                Path.of("/var/log", marker + ".1"));
        try {
            for (Path file : markers) {
                Files.writeString(file, "must survive a cleanup inside a system\n");
            }
            system.exec("for f in /tmp/inside /var/tmp/inside /var/log/inside.log /var/log/inside.1; do"
                    + " echo inside > $f; done");
            HostState before = HostState.capture(markers);
            List<String> progress = new ArrayList<>();

            ValidationReport report = new Validator()
                    .validate(
                            target(system),
                            ValidationOptions.builder().cleanup(true).build(),
                            progress::add);

            assertThat(progress).contains("Cleanup: packages apt", "Cleanup: ssh-keys", "Cleanup: zero-free-space");
            assertThat(only(report, "MP-CLEANUP").status()).isEqualTo(Status.PASS);
            assertThat(only(report, "MP-ROOT-SSH").status())
                    .as("without the cleanup it fails, see the test below")
                    .isEqualTo(Status.OK);
            assertThat(only(report, "MP-HOSTKEYS").status()).isEqualTo(Status.PASS);
            assertThat(only(report, "MP-UPDATES-SECURITY").status()).isEqualTo(Status.PASS);
            assertThat(report.failures())
                    .as(String.join("\n", report.consoleLines()))
                    .isZero();
            assertThat(system.exec("test -e /root/.ssh/authorized_keys").exitCode())
                    .isEqualTo(1);
            assertThat(system.exec("ls /etc/ssh").stdout().lines()).noneMatch(name -> name.startsWith("ssh_host_"));
            assertThat(system.exec("ls -A /tmp /var/tmp").stdout()).isEqualTo("/tmp:\n\n/var/tmp:\n");
            assertThat(system.exec("stat -c %s /var/log/inside.log").stdout()).isEqualTo("0\n");
            assertThat(system.exec("test -e /var/log/inside.1").exitCode()).isEqualTo(1);
            system.close();
            assertThat(before.differences(HostState.capture(markers))).isEmpty();
        } finally {
            for (Path file : markers) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void withoutCleanup_rootsAuthorizedKeysFailTheValidation() throws Exception {
        ValidationReport report = new Validator()
                .validate(
                        target(fresh),
                        ValidationOptions.builder().refreshPackageIndex(false).build(),
                        line -> {});

        assertThat(only(report, "MP-ROOT-SSH").status()).isEqualTo(Status.FAIL);
        assertThat(only(report, "MP-ROOT-SSH").message()).contains("/root/.ssh/authorized_keys");
        assertThat(report.failed()).isTrue();
    }
}
