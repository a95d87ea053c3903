package io.github.oneclick.marketplace.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.github.oneclick.marketplace.machine.MachineException;
import io.github.oneclick.marketplace.machine.SshMachine;
import io.github.oneclick.marketplace.machine.SshSession;
import io.github.oneclick.marketplace.testing.TestSshServer;
import io.github.oneclick.sandbox.ManualClock;
import io.github.oneclick.vendor.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness, upload and scripts through JSch against the in-process MINA sshd. Its commands run with this machine's
 * shell, so the scripts here only echo and exit, in a temporary directory; uploads land below a temporary SFTP root.
 */
class ProvisioningMinaTest {
    @TempDir
    Path dir;

    private Path clientKey;
    private PublicKey clientPublic;
    private Path hostKey;
    private String hostPublic;
    private final List<TestSshServer> servers = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void keys() throws Exception {
        clientKey = dir.resolve("id_ecdsa");
        clientPublic = ecdsa(clientKey)[0] instanceof PublicKey p ? p : null;
        hostKey = dir.resolve("host_key");
        hostPublic = (String) ecdsa(hostKey)[1];
    }

    @AfterEach
    void stop() throws IOException {
        for (TestSshServer server : servers) {
            server.close();
        }
    }

    /** An ECDSA key in PEM (MINA reads it as host key, JSch as client key); its public key and its key line. */
    private static Object[] ecdsa(Path file) throws Exception {
        KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pair.writePrivateKey(out);
        Files.write(file, out.toByteArray());
        ByteArrayOutputStream pub = new ByteArrayOutputStream();
        pair.writePublicKey(pub, "");
        Object[] result = {
            new ByteArrayBuffer(pair.getPublicKeyBlob()).getRawPublicKey(),
            pub.toString(StandardCharsets.US_ASCII).strip()
        };
        pair.dispose();
        return result;
    }

    private TestSshServer start(int port, Path sftpRoot) throws IOException {
        TestSshServer.Builder builder = TestSshServer.builder(clientPublic)
                .port(port)
                .hostKey(hostKey)
                .environment(Map.of("PROBE_ROOT", dir.toString()));
        if (sftpRoot != null) {
            builder.sftpRoot(sftpRoot);
        }
        TestSshServer server = builder.start();
        servers.add(server);
        return server;
    }

    private SshMachine machine(int port, String pinnedKeyLine) throws IOException {
        Path knownHosts = Files.writeString(
                dir.resolve("known_hosts"), BuildKeys.knownHostsLine("127.0.0.1", port, pinnedKeyLine) + "\n");
        return SshMachine.builder()
                .host("127.0.0.1")
                .port(port)
                .user("root")
                .privateKey(clientKey)
                .knownHosts(knownHosts)
                .connectTimeout(Duration.ofSeconds(10))
                .commandTimeout(Duration.ofSeconds(60))
                .log(progress::add)
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void readiness_waitsThroughAClosedPortWithBackoff_thenConnectsAndWaitsForTheFirstBoot() throws Exception {
        int port = freePort();
        ManualClock clock = new ManualClock();
        List<Duration> sleeps = new ArrayList<>();
        Sleeper sleeper = d -> {
            sleeps.add(d);
            clock.advance(d);
            if (sleeps.size() == 4) {
                try {
                    start(port, null); // sshd comes up while the build waits
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };

        try (SshSession session = Readiness.builder(machine(port, hostPublic))
                .clock(clock)
                .sleeper(sleeper)
                .timeout(Duration.ofMinutes(5))
                .firstBootCommand("echo '....'; echo 'status: done'")
                .progress(progress::add)
                .build()
                .await()) {
            assertThat(session.isConnected()).isTrue();
            assertThat(session.exec("echo again", null, line -> {}, Duration.ofSeconds(30))
                            .stdout())
                    .isEqualTo("again\n");
        }

        assertThat(sleeps)
                .containsExactly(
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofMillis(1500));
        assertThat(progress)
                .contains("127.0.0.1:" + port + " accepts TCP connections (attempt 5).", "  status: done")
                .contains("First boot finished.")
                .doesNotContain("  ....");
        assertThat(servers.get(0).commands()).containsExactly("echo '....'; echo 'status: done'", "echo again");
    }

    @Test
    void readiness_givesUpAtTheDeadline_withoutWaitingPastIt() throws Exception {
        int port = freePort();
        ManualClock clock = new ManualClock();
        List<Duration> sleeps = new ArrayList<>();

        assertThatThrownBy(() -> Readiness.builder(machine(port, hostPublic))
                        .clock(clock)
                        .sleeper(d -> {
                            sleeps.add(d);
                            clock.advance(d);
                        })
                        .timeout(Duration.ofSeconds(10))
                        .build()
                        .await())
                .isInstanceOfSatisfying(
                        MachineException.class, e -> assertThat(e.kind()).isEqualTo(MachineException.Kind.NOT_READY))
                .hasMessageContaining("never accepted a connection")
                .hasMessageContaining("10 s");
        assertThat(sleeps.stream().mapToLong(Duration::toMillis).sum()).isEqualTo(10_000);
        assertThat(sleeps).allMatch(d -> d.toMillis() <= 1500);
    }

    @Test
    void readiness_hostKeyMismatch_failsAtOnceWithoutRetry() throws Exception {
        TestSshServer server = start(0, null);
        String otherKey = (String) ecdsa(dir.resolve("other_host_key"))[1];
        List<Duration> sleeps = new ArrayList<>();

        assertThatThrownBy(() -> Readiness.builder(machine(server.port(), otherKey))
                        .clock(new ManualClock())
                        .sleeper(sleeps::add)
                        .build()
                        .await())
                .isInstanceOfSatisfying(
                        MachineException.class,
                        e -> assertThat(e.kind()).isEqualTo(MachineException.Kind.HOST_KEY_CHANGED))
                .hasMessageContaining("did not present the host key this build handed to it")
                .hasMessageContaining("Not retried")
                .hasMessageContaining(server.hostKeyFingerprint());
        assertThat(sleeps).isEmpty();
        assertThat(server.commands()).isEmpty();
    }

    @Test
    void readiness_cloudInitRecoverableErrorsWarn_andOtherExitCodesFail() throws Exception {
        TestSshServer server = start(0, null);
        Readiness.Builder readiness = Readiness.builder(machine(server.port(), hostPublic))
                .clock(new ManualClock())
                .sleeper(d -> {})
                .progress(progress::add);

        try (SshSession session = readiness
                .firstBootCommand("echo 'status: done'; echo 'recoverable_errors: WARNING: x'; exit 2")
                .build()
                .await()) {
            assertThat(session.isConnected()).isTrue();
        }
        assertThat(progress)
                .anyMatch(line -> line.startsWith("WARNING: cloud-init finished the first boot with recoverable errors")
                        && line.contains("recoverable_errors: WARNING: x"));

        assertThatThrownBy(() -> readiness
                        .firstBootCommand("echo 'status: error'; exit 1")
                        .build()
                        .await())
                .isInstanceOfSatisfying(
                        MachineException.class, e -> assertThat(e.kind()).isEqualTo(MachineException.Kind.NOT_READY))
                .hasMessageContaining("exited with 1")
                .hasMessageContaining("status: error");
    }

    @Test
    void upload_createsDirectories_keepsModes_andLeavesExistingDirectoriesAlone() throws Exception {
        Path droplet = Files.createDirectories(dir.resolve("droplet"));
        Files.createDirectories(droplet.resolve("etc"));
        Files.setPosixFilePermissions(droplet.resolve("etc"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(droplet.resolve("etc/motd"), "old motd, longer than the new one\n");
        Path files = dir.resolve("files");
        Files.createDirectories(files.resolve("etc"));
        Files.setPosixFilePermissions(files.resolve("etc"), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(files.resolve("etc/motd"), "welcome\n");
        Path onboot = files.resolve("var/lib/cloud/scripts/per-instance/001_onboot");
        Files.createDirectories(onboot.getParent());
        Files.writeString(onboot, "#!/bin/sh\necho first boot\n");
        Files.setPosixFilePermissions(onboot, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = files.resolve("opt/acme/app.conf");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "secret=1\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(conf.getParent(), PosixFilePermissions.fromString("rwxr-x---"));
        FileTree tree = FileTree.scan(files);
        TestSshServer server = start(0, droplet);

        try (SshSession session = machine(server.port(), hostPublic).connect()) {
            Provisioner.builder(session).progress(progress::add).build().upload(tree);
        }

        assertThat(Files.readString(droplet.resolve("etc/motd"))).isEqualTo("welcome\n");
        assertThat(mode(droplet.resolve("etc"))).as("existing directory").isEqualTo("rwxr-xr-x");
        assertThat(mode(droplet.resolve("var/lib/cloud/scripts/per-instance/001_onboot")))
                .isEqualTo("rwxr-xr-x");
        assertThat(Files.readString(droplet.resolve("opt/acme/app.conf"))).isEqualTo("secret=1\n");
        assertThat(mode(droplet.resolve("opt/acme/app.conf"))).isEqualTo("rw-r-----");
        assertThat(mode(droplet.resolve("opt/acme"))).as("created directory").isEqualTo("rwxr-x---");
        assertThat(progress).contains("Uploaded 3 files.");
        assertThat(server.commands()).as("root uploads over SFTP alone").isEmpty();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void scripts_runInOrderWithStreamedOutput_andTheFirstFailureStopsTheRun() throws Exception {
        Path work = Files.createDirectories(dir.resolve("remote-tmp"));
        Path local = Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(local.resolve("10-first.sh"), "#!/bin/sh\necho one\necho \"frontend=$DEBIAN_FRONTEND\"\n");
        Files.writeString(local.resolve("20-second.sh"), "#!/bin/sh\necho two\necho to-stderr >&2\n");
        Files.writeString(local.resolve("30-fails.sh"), "#!/bin/sh\necho three\necho broken >&2\nexit 3\n");
        Files.writeString(local.resolve("40-never.sh"), "#!/bin/sh\necho never\n");
        // SFTP at this machine's root, so that the uploaded scripts are where the shell commands find them
        TestSshServer server = start(0, Path.of("/"));
        List<String> output = new ArrayList<>();

        try (SshSession session = machine(server.port(), hostPublic).connect()) {
            Provisioner provisioner = Provisioner.builder(session)
                    .progress(progress::add)
                    .output(output::add)
                    .remoteTemp(work.toString())
                    .aptLockTimeout(Duration.ZERO)
                    .build();
            assertThatThrownBy(() -> provisioner.runScripts(Scripts.inDirectory(local)))
                    .isInstanceOfSatisfying(
                            MachineException.class,
                            e -> assertThat(e.kind()).isEqualTo(MachineException.Kind.SCRIPT_FAILED))
                    .hasMessageContaining("30-fails.sh")
                    .hasMessageContaining("exit code 3")
                    .hasMessageContaining("three")
                    .hasMessageContaining("broken")
                    .hasMessageNotContaining("never");
        }

        assertThat(output).containsExactly("one", "frontend=noninteractive", "two", "to-stderr", "three", "broken");
        assertThat(progress)
                .containsSubsequence(
                        "Running script 1/4: 10-first.sh...",
                        "Script 10-first.sh finished.",
                        "Running script 2/4: 20-second.sh...",
                        "Running script 3/4: 30-fails.sh...")
                .noneMatch(line -> line.contains("40-never"));
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("the temporary directory is removed").isEmpty();
        }
    }
}
