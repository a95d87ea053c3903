package io.github.oneclick.sandbox.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.marketplace.machine.MachineException;
import io.github.oneclick.marketplace.machine.SshMachine;
import io.github.oneclick.marketplace.testing.HostState;
import io.github.oneclick.marketplace.validation.CheckResult;
import io.github.oneclick.marketplace.validation.Status;
import io.github.oneclick.marketplace.validation.ValidationOptions;
import io.github.oneclick.marketplace.validation.ValidationReport;
import io.github.oneclick.marketplace.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's SSH droplet is as strict as a new droplet: the login key sits in root's authorized_keys, the host
 * key is not handed out, and the cleanup acts on the droplet's prepared root only, never on this machine.
 */
class SandboxSshTest {
    /** The committed test host key; the documentation and the ITs pin its fingerprint. */
    static final Path HOST_KEY = Path.of("src/test/resources/sandbox/ssh_host_ecdsa_key");

    static final String HOST_KEY_FINGERPRINT = "SHA256:vaz/lyLK8kTFdVUuNsR5gL9blmHFB0Oy6oqi5go0TL8";

    @TempDir
    Path work;

    private SandboxSsh ssh;

    @BeforeEach
    void start() throws Exception {
        ssh = SandboxSsh.start(work, 0, HOST_KEY);
    }

    @AfterEach
    void stop() throws Exception {
        ssh.close();
    }

    private SshMachine.Builder login() {
        return SshMachine.builder()
                .host("127.0.0.1")
                .port(ssh.port())
                .user("root")
                .privateKey(ssh.privateKey())
                .hostKeyFingerprint(HOST_KEY_FINGERPRINT)
                .connectTimeout(Duration.ofSeconds(10))
                .commandTimeout(Duration.ofSeconds(120))
                .log(line -> {});
    }

    private static ValidationReport validate(SshMachine machine, boolean cleanup) throws MachineException {
        return new Validator()
                .validate(machine, ValidationOptions.builder().cleanup(cleanup).build(), line -> {});
    }

    private static Status statusOf(ValidationReport report, String id) {
        return report.results().stream()
                .filter(r -> r.id().equals(id))
                .map(CheckResult::status)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + id));
    }

    @Test
    void theServedHostKeyIsTheCommittedOneWhoseFingerprintTheDocumentationPins() {
        assertThat(ssh.hostKeyFingerprint()).isEqualTo(HOST_KEY_FINGERPRINT);
        assertThat(ssh.directory().resolve("known_hosts")).doesNotExist();
    }

    @Test
    void theDropletHasTheLoginKeyAndItsHostKeysSoValidationWithoutCleanupFails() throws Exception {
        Path root = ssh.directory().resolve("current/root");
        assertThat(Files.readString(root.resolve("root/.ssh/authorized_keys"), StandardCharsets.US_ASCII))
                .isEqualTo(Files.readString(Path.of(ssh.privateKey() + ".pub"), StandardCharsets.US_ASCII));

        ValidationReport report = validate(login().build(), false);

        assertThat(statusOf(report, "MP-ROOT-SSH")).isEqualTo(Status.FAIL);
        assertThat(statusOf(report, "MP-HOSTKEYS")).isEqualTo(Status.WARN);
        assertThat(report.failures())
                .as(String.join("\n", report.consoleLines()))
                .isEqualTo(1);
    }

    @Test
    void theCleanupCleansTheDropletsRootAndLeavesThisMachineUntouched() throws Exception {
        String marker = "ocmp-sandbox-marker-" + UUID.randomUUID();
        List<Path> markers = List.of(Path.of("/tmp", marker), Path.of("/var/tmp", marker));
        Path root = ssh.directory().resolve("current/root");
        Files.createDirectories(root.resolve("tmp"));
        Files.writeString(root.resolve("tmp/build-leftover"), "x");
        try {
            for (Path file : markers) {
                Files.writeString(file, "must survive a cleanup in the sandbox\n");
            }
            HostState before = HostState.capture(markers);
            List<String> progress = new ArrayList<>();

            ValidationReport report = new Validator()
                    .validate(
                            login().build(),
                            ValidationOptions.builder().cleanup(true).build(),
                            progress::add);

            assertThat(report.failures())
                    .as(String.join("\n", report.consoleLines()))
                    .isZero();
            assertThat(report.warnings())
                    .as(String.join("\n", report.consoleLines()))
                    .isZero();
            assertThat(statusOf(report, "MP-CLEANUP")).isEqualTo(Status.PASS);
            assertThat(progress).contains("Cleanup: ssh-keys");
            assertThat(root.resolve("root/.ssh/authorized_keys")).doesNotExist();
            assertThat(root.resolve("etc/ssh/ssh_host_ecdsa_key")).doesNotExist();
            assertThat(root.resolve("etc/ssh/revoked_keys")).isRegularFile();
            assertThat(root.resolve("tmp/build-leftover")).doesNotExist();
            assertThat(before.differences(HostState.capture(markers))).isEmpty();
            assertThat(markers).allSatisfy(file -> assertThat(file).isRegularFile());
        } finally {
            for (Path file : markers) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void onceTheCleanupRemovedTheLoginKeyTheDropletRefusesItUntilAReset() throws Exception {
        validate(login().build(), true);

        assertThatThrownBy(() -> validate(login().build(), false)).isInstanceOf(MachineException.class);

        ssh.reset();

        assertThat(statusOf(validate(login().build(), false), "MP-ROOT-SSH")).isEqualTo(Status.FAIL);
    }

    @Test
    void theFailingDropletLetsTheLoginKeyInBesideItsOtherKeyAndShowsItsDefects() throws Exception {
        SandboxSsh.select(ssh.directory(), SandboxSsh.FAILING);

        ValidationReport report = validate(login().build(), false);

        assertThat(statusOf(report, "MP-ROOT-SSH")).isEqualTo(Status.FAIL);
        assertThat(statusOf(report, "MP-DO-AGENT")).isEqualTo(Status.FAIL);
    }

    @Test
    void anUnknownHostKeyIsRefusedWithStrictChecking() throws Exception {
        Path emptyKnownHosts = Files.createFile(work.resolve("known_hosts"));
        SshMachine machine =
                login().hostKeyFingerprint(null).knownHosts(emptyKnownHosts).build();

        assertThatThrownBy(() -> validate(machine, false))
                .isInstanceOfSatisfying(
                        MachineException.class, e -> assertThat(e.getMessage()).contains(HOST_KEY_FINGERPRINT));
    }
}
