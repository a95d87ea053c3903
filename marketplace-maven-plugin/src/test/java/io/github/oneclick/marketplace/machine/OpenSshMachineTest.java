package io.github.oneclick.marketplace.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.oneclick.marketplace.validation.Facts;
import io.github.oneclick.marketplace.validation.ProbeScript;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real probe through JSch against a real OpenSSH sshd on loopback, running as the current user. Skipped when
 * sshd is not installed, except on CI ({@code CI=true}), where its absence fails.
 */
class OpenSshMachineTest {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    @TempDir
    static Path dir;

    private static Process sshd;
    private static int port;

    @BeforeAll
    static void startSshd() throws Exception {
        if (!Files.isExecutable(SSHD)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("OpenSSH sshd (" + SSHD + ") is required on CI: install openssh-server");
            }
            assumeTrue(false, "OpenSSH sshd is not installed; skipping the OpenSSH tests");
        }
        keygen("ed25519", dir.resolve("ssh_host_ed25519_key"), false);
        keygen("ed25519", dir.resolve("other_host_key"), false);
        keygen("ed25519", dir.resolve("id_ed25519"), false);
        keygen("rsa", dir.resolve("id_rsa_pem"), true);
        Files.writeString(
                dir.resolve("authorized_keys"),
                Files.readString(dir.resolve("id_ed25519.pub")) + Files.readString(dir.resolve("id_rsa_pem.pub")));
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = Files.writeString(
                dir.resolve("sshd_config"),
                String.join(
                        "\n",
                        "Port " + port,
                        "ListenAddress 127.0.0.1",
                        "HostKey " + dir.resolve("ssh_host_ed25519_key"),
                        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                        "StrictModes no",
                        "UsePAM no",
                        "PidFile none",
                        "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no",
                        "PubkeyAuthentication yes",
                        "PermitRootLogin prohibit-password",
                        ""));
        Path privsep = Path.of("/run/sshd");
        if (!Files.isDirectory(privsep)) {
            try {
                Files.createDirectories(privsep);
            } catch (IOException e) {
                // only needed when sshd runs as root
            }
        }
        sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader log = new BufferedReader(new InputStreamReader(sshd.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = log.readLine()) != null) {
            seen.add(line);
            if (line.contains("Server listening on")) {
                break;
            }
        }
        if (line == null) {
            fail("sshd did not start: " + String.join("\n", seen));
        }
        Thread drain = new Thread(
                () -> {
                    try {
                        while (log.readLine() != null) {
                            // keep sshd's stderr flowing
                        }
                    } catch (IOException ignored) {
                        // sshd stopped
                    }
                },
                "sshd-log");
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.destroy();
        }
    }

    private static void keygen(String type, Path file, boolean pem) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "test", "-f", file.toString()));
        if (pem) {
            command.addAll(List.of("-m", "PEM", "-b", "2048"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static Path knownHosts(String hostKeyFile) throws IOException {
        String pub = Files.readString(dir.resolve(hostKeyFile + ".pub")).trim();
        String keyPart = pub.substring(0, pub.lastIndexOf(' '));
        return Files.writeString(
                dir.resolve("known_hosts_" + hostKeyFile), "[127.0.0.1]:" + port + " " + keyPart + "\n");
    }

    private static SshMachine.Builder target(String key) throws IOException {
        return SshMachine.builder()
                .host("127.0.0.1")
                .port(port)
                .user(System.getProperty("user.name"))
                .privateKey(dir.resolve(key))
                .knownHosts(knownHosts("ssh_host_ed25519_key"))
                .sudo(false)
                .connectTimeout(Duration.ofSeconds(10))
                .commandTimeout(Duration.ofSeconds(120));
    }

    private static String expectedOsName() throws IOException {
        Path osRelease = Path.of("/etc/os-release");
        if (!Files.exists(osRelease)) {
            return null;
        }
        return Files.readAllLines(osRelease).stream()
                .filter(l -> l.startsWith("NAME="))
                .findFirst()
                .map(l -> l.substring(5).replace("\"", ""))
                .orElse(null);
    }

    @Test
    void ed25519Key_runsTheRealProbeOverOpenSsh() throws Exception {
        ExecResult result = target("id_ed25519").build().run(ProbeScript.compose(false, false), line -> {});

        Facts facts = Facts.parse(result.stdout());
        assertThat(result.exitCode()).isZero();
        assertThat(facts.get("uid")).isPresent();
        assertThat(facts.get("probe.root")).contains("/");
        assertThat(facts.get("os.name")).hasValue(expectedOsName());
        assertThat(facts.lookup("file", "/usr/sbin/sshd")).contains("1");
        assertThat(facts.all("passwd")).isNotEmpty();
    }

    @Test
    void rsaPemKey_authenticatesWithRsaSha2() throws Exception {
        ExecResult result = target("id_rsa_pem").build().run("echo rsa-ok", line -> {});

        assertThat(result.stdout()).isEqualTo("rsa-ok\n");
    }

    @Test
    void pinnedFingerprintOfTheRealHostKey_isAccepted() throws Exception {
        Process p = new ProcessBuilder(
                        "ssh-keygen",
                        "-l",
                        "-E",
                        "sha256",
                        "-f",
                        dir.resolve("ssh_host_ed25519_key.pub").toString())
                .start();
        String fingerprint = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split(" ")[1];

        ExecResult result = target("id_ed25519")
                .knownHosts(null)
                .hostKeyFingerprint(fingerprint)
                .build()
                .run("echo pinned", line -> {});

        assertThat(result.stdout()).isEqualTo("pinned\n");
    }

    @Test
    void wrongHostKeyInKnownHosts_isRefusedAsChanged() throws Exception {
        SshMachine target =
                target("id_ed25519").knownHosts(knownHosts("other_host_key")).build();

        assertThatThrownBy(() -> target.run("echo never", line -> {}))
                .isInstanceOfSatisfying(MachineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MachineException.Kind.HOST_KEY_CHANGED);
                    assertThat(e.getMessage()).contains("ssh-keygen -R");
                });
    }
}
