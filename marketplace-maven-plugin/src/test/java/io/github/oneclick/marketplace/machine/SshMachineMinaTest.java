package io.github.oneclick.marketplace.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.marketplace.testing.PreparedMachine;
import io.github.oneclick.marketplace.testing.PreparedMachine.Defect;
import io.github.oneclick.marketplace.testing.TestSshServer;
import io.github.oneclick.marketplace.validation.CheckResult;
import io.github.oneclick.marketplace.validation.Status;
import io.github.oneclick.marketplace.validation.ValidationOptions;
import io.github.oneclick.marketplace.validation.ValidationReport;
import io.github.oneclick.marketplace.validation.Validator;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SshMachine and the real probe through JSch against an in-process MINA sshd serving a prepared target. */
class SshMachineMinaTest {
    @TempDir
    Path dir;

    private TestKeys keys;
    private PreparedMachine prepared;
    private TestSshServer server;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        keys = TestKeys.rsa(dir.resolve("id_rsa"), null);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private void serve(Defect... defects) throws Exception {
        prepared = PreparedMachine.create(dir.resolve("target"), defects);
        server = TestSshServer.start(keys.publicKey, prepared);
    }

    private SshMachine.Builder target() throws Exception {
        return SshMachine.builder()
                .host(server.host())
                .port(server.port())
                .user("root")
                .privateKey(keys.privateKey)
                .knownHosts(server.writeKnownHosts(dir.resolve("known_hosts")))
                .connectTimeout(Duration.ofSeconds(10))
                .commandTimeout(Duration.ofSeconds(60))
                .log(warnings::add);
    }

    private static ValidationReport validate(Machine target) throws MachineException {
        return new Validator().validate(target, ValidationOptions.builder().build(), line -> {});
    }

    @Test
    void cleanPreparedMachine_validatesWithNoFailAndNoWarning() throws Exception {
        serve();

        ValidationReport report = validate(target().build());

        assertThat(report.failures())
                .as(String.join("\n", report.consoleLines()))
                .isZero();
        assertThat(report.warnings())
                .as(String.join("\n", report.consoleLines()))
                .isZero();
        assertThat(report.osName()).isEqualTo("Ubuntu");
        assertThat(report.osVersion()).isEqualTo("24.04");
        assertThat(report.consoleLines()).contains("All Tests Passed!");
        assertThat(server.commands()).containsExactly("/bin/sh -s");
    }

    @Test
    void theProbeMeasuresTheDiskInUseForTheSnapshotsWait() throws Exception {
        serve();

        ValidationReport report = validate(target().build());

        assertThat(report.diskUsedKb()).as("df of the target's root").isPresent();
        assertThat(report.diskUsedKb().getAsLong()).isPositive();
    }

    @Test
    void seededDefects_areFoundOverSsh() throws Exception {
        serve(Defect.ROOT_AUTHORIZED_KEYS, Defect.USER_ID_ED25519, Defect.ROOT_PASSWORD_HASH, Defect.DO_AGENT_DIR);

        ValidationReport report = validate(target().build());

        assertThat(report.failed()).isTrue();
        assertThat(report.results())
                .filteredOn(r -> r.status() == Status.FAIL)
                .extracting(CheckResult::name)
                .containsExactlyInAnyOrder(
                        "MP-USER-SSH[app]", "MP-ROOT-PASSWORD[root]", "MP-ROOT-SSH[root]", "MP-DO-AGENT");
        assertThat(String.join("\n", report.consoleLines()))
                .doesNotContain("$6$saltsalt")
                .doesNotContain("not-a-real-key")
                .doesNotContain("AAAAC3NzaC1lZDI1NTE5AAAAIFake");
    }

    @Test
    void pinnedFingerprint_isAccepted() throws Exception {
        serve();
        SshMachine target = target().knownHosts(null)
                .hostKeyFingerprint(server.hostKeyFingerprint())
                .build();

        assertThat(validate(target).failures()).isZero();
    }

    @Test
    void wrongPinnedFingerprint_isRefusedAsChangedHostKey() throws Exception {
        serve();
        SshMachine target = target().knownHosts(null)
                .hostKeyFingerprint("SHA256:" + "A".repeat(43))
                .build();

        assertThatThrownBy(() -> validate(target)).isInstanceOfSatisfying(MachineException.class, e -> {
            assertThat(e.kind()).isEqualTo(MachineException.Kind.HOST_KEY_CHANGED);
            assertThat(e.getMessage()).contains(server.hostKeyFingerprint()).contains("marketplace.hostKeyFingerprint");
        });
    }

    @Test
    void knownHostsWithAnotherKeyForTheHost_isRefusedAsChangedHostKey() throws Exception {
        serve();
        Path knownHosts = dir.resolve("known_hosts_other");
        try (TestSshServer other = TestSshServer.builder(keys.publicKey).start()) {
            Files.writeString(
                    knownHosts,
                    "[127.0.0.1]:" + server.port() + " "
                            + other.knownHostsLine()
                                    .substring(other.knownHostsLine().indexOf(' ') + 1) + "\n");
        }
        SshMachine target = target().knownHosts(knownHosts).build();

        assertThatThrownBy(() -> validate(target))
                .isInstanceOfSatisfying(
                        MachineException.class,
                        e -> assertThat(e.kind()).isEqualTo(MachineException.Kind.HOST_KEY_CHANGED));
    }

    @Test
    void unknownHostWithStrictChecking_isRefusedAndNamesTheFingerprint() throws Exception {
        serve();
        SshMachine target =
                target().knownHosts(dir.resolve("empty_known_hosts")).build();

        assertThatThrownBy(() -> validate(target)).isInstanceOfSatisfying(MachineException.class, e -> {
            assertThat(e.kind()).isEqualTo(MachineException.Kind.HOST_KEY_UNKNOWN);
            assertThat(e.getMessage())
                    .contains(server.hostKeyFingerprint())
                    .contains("marketplace.strictHostKeyChecking=accept-new");
        });
    }

    @Test
    void unknownHostWithAcceptNew_isAddedToKnownHostsAndTrustedNextTime() throws Exception {
        serve();
        Path knownHosts = dir.resolve("new_known_hosts");
        SshMachine target = target().knownHosts(knownHosts)
                .strictHostKeyChecking(StrictHostKeyChecking.ACCEPT_NEW)
                .build();

        validate(target);

        assertThat(Files.readString(knownHosts)).startsWith("[127.0.0.1]:" + server.port() + " ecdsa-sha2-nistp256 ");
        SshMachine strict = target().knownHosts(knownHosts).build();
        assertThat(validate(strict).failures()).isZero();
    }

    @Test
    void noHostKeyChecking_connectsWithALoudWarning() throws Exception {
        serve();
        SshMachine target = target().knownHosts(dir.resolve("none"))
                .strictHostKeyChecking(StrictHostKeyChecking.NO)
                .build();

        validate(target);

        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("WARNING: host key checking is OFF"));
    }

    @Test
    void keyNotAuthorized_failsAuthentication() throws Exception {
        serve();
        TestKeys other = TestKeys.ecdsa(dir.resolve("id_other"));
        SshMachine target = target().privateKey(other.privateKey).build();

        assertThatThrownBy(() -> validate(target)).isInstanceOfSatisfying(MachineException.class, e -> {
            assertThat(e.kind()).isEqualTo(MachineException.Kind.AUTH_FAILED);
            assertThat(e.getMessage()).contains("marketplace.privateKey").contains("authorized_keys");
        });
    }

    @Test
    void encryptedKeyWithRightPassphrase_connects() throws Exception {
        keys = TestKeys.rsa(dir.resolve("id_rsa_enc"), "correct horse");
        serve();

        assertThat(validate(target().passphrase("correct horse").build()).failures())
                .isZero();
    }

    @Test
    void encryptedKeyWithWrongPassphrase_failsWithoutShowingIt() throws Exception {
        keys = TestKeys.rsa(dir.resolve("id_rsa_enc"), "correct horse");
        serve();
        SshMachine target = target().passphrase("battery staple").build();

        assertThatThrownBy(() -> validate(target)).isInstanceOfSatisfying(MachineException.class, e -> {
            assertThat(e.kind()).isEqualTo(MachineException.Kind.WRONG_PASSPHRASE);
            assertThat(e.getMessage()).contains("marketplace.sshServerId").doesNotContain("battery");
        });
        assertThat(target.toString()).doesNotContain("battery");
    }

    @Test
    void encryptedKeyWithoutPassphrase_asksForOne() throws Exception {
        keys = TestKeys.rsa(dir.resolve("id_rsa_enc"), "correct horse");
        serve();

        assertThatThrownBy(() -> validate(target().build()))
                .isInstanceOfSatisfying(
                        MachineException.class,
                        e -> assertThat(e.kind()).isEqualTo(MachineException.Kind.WRONG_PASSPHRASE));
    }

    @Test
    void missingKeyFile_isReportedAsUnreadable() throws Exception {
        serve();
        SshMachine target = target().privateKey(dir.resolve("no_such_key")).build();

        assertThatThrownBy(() -> validate(target)).isInstanceOfSatisfying(MachineException.class, e -> {
            assertThat(e.kind()).isEqualTo(MachineException.Kind.KEY_UNREADABLE);
            assertThat(e.getMessage()).contains("marketplace.privateKey");
        });
        assertThat(server.commands()).isEmpty();
    }

    @Test
    void publicKeyGivenAsPrivateKey_isReportedAsUnreadable() throws Exception {
        serve();
        Path pub = Files.writeString(dir.resolve("id.pub"), PreparedMachine.FAKE_AUTHORIZED_KEY);

        assertThatThrownBy(() -> validate(target().privateKey(pub).build()))
                .isInstanceOfSatisfying(
                        MachineException.class,
                        e -> assertThat(e.kind()).isEqualTo(MachineException.Kind.KEY_UNREADABLE));
    }

    @Test
    void closedPort_isUnreachable() throws Exception {
        serve();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SshMachine target = target().port(closed).build();

        assertThatThrownBy(() -> validate(target)).isInstanceOfSatisfying(MachineException.class, e -> {
            assertThat(e.kind()).isEqualTo(MachineException.Kind.UNREACHABLE);
            assertThat(e.getMessage()).contains("marketplace.host").contains("marketplace.port");
        });
    }

    @Test
    void outputCutShort_isTruncatedAndNeverJudged() throws Exception {
        prepared = PreparedMachine.create(dir.resolve("target"));
        server = TestSshServer.builder(keys.publicKey)
                .environment(prepared.environment())
                .outputLineLimit(12)
                .start();

        assertThatThrownBy(() -> validate(target().build()))
                .isInstanceOfSatisfying(
                        MachineException.class,
                        e -> assertThat(e.kind()).isEqualTo(MachineException.Kind.TRUNCATED_OUTPUT));
    }

    @Test
    void hangingProbe_isStoppedByTheCommandTimeout() throws Exception {
        prepared = PreparedMachine.create(dir.resolve("target"));
        server = TestSshServer.builder(keys.publicKey)
                .environment(prepared.environment())
                .outputLineLimit(3)
                .hangAfterOutput(true)
                .start();
        SshMachine target = target().commandTimeout(Duration.ofMillis(1500)).build();

        assertThatThrownBy(() -> validate(target)).isInstanceOfSatisfying(MachineException.class, e -> {
            assertThat(e.kind()).isEqualTo(MachineException.Kind.TIMEOUT);
            assertThat(e.getMessage()).contains("not judged");
        });
    }

    @Test
    void nonRootUser_runsThroughSudo() throws Exception {
        serve();
        SshMachine target = target().user("deploy").build();

        assertThat(target.sudo()).isTrue();
        assertThat(target.remoteCommand()).isEqualTo("sudo -n /bin/sh -s");
    }
}
