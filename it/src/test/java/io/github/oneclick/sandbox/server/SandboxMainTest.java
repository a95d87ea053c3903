package io.github.oneclick.sandbox.server;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.sandbox.Http;
import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.sandbox.Scenarios;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxMainTest {

    @Test
    void startsOnAFreePortPrintsItsUrlAndTokenAndWritesTheInfoFile(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path info = dir.resolve("sandbox/info.properties");

        try (Sandbox sandbox = SandboxMain.start(
                new String[] {
                    "--port", "0", "--scenario", "demo", "--snapshot-seconds", "3", "--info-file", info.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8))) {

            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("Sandbox listening on " + sandbox.url());
            assertThat(printed).contains(Scenarios.TOKEN);
            assertThat(sandbox.port()).isPositive();
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(info)) {
                properties.load(reader);
            }
            assertThat(properties.getProperty("url")).isEqualTo(sandbox.url());
            assertThat(properties.getProperty("token")).isEqualTo(Scenarios.TOKEN);

            Http http = new Http(sandbox);
            assertThat(http.get("/_sandbox/info").json().path("manualClock").asBoolean())
                    .isFalse();
            assertThat(sandbox.options().snapshotDuration()).isEqualTo(Duration.ofSeconds(3));
            assertThat(http.get("/v2/droplets/" + Scenarios.DROPLET_ID).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void withADropletSshPortCreatedDropletsGetLoopbackAddressesAndThePortIsPrinted(@TempDir Path dir)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path info = dir.resolve("info.properties");

        try (Sandbox sandbox = SandboxMain.start(
                new String[] {"--droplet-ssh-port", "0", "--work-dir", dir.toString(), "--info-file", info.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8))) {

            assertThat(sandbox.options().dropletAddressesFrom()).isEqualTo("127.0.1.1");
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(info)) {
                properties.load(reader);
            }
            String port = properties.getProperty("dropletSsh.port");
            assertThat(Integer.parseInt(port)).isPositive();
            assertThat(properties.getProperty("dropletSsh.bootSeconds")).isEqualTo("3.0");
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Droplet SSH listening on port " + port + " ");
        }
    }

    @Test
    void withoutADropletSshPortDropletsKeepTheirUsualAddresses() {
        assertThat(SandboxMain.parse(new String[] {}).dropletSshPort()).isNull();
    }

    @Test
    void runsOnTheSystemClockSoAZeroDurationCompletesAtOnce(@TempDir Path dir) throws IOException {
        try (Sandbox sandbox = SandboxMain.start(
                new String[] {"--action-seconds", "0"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {

            Http.Result r = new Http(sandbox)
                    .post("/v2/droplets/" + Scenarios.DROPLET_ID + "/actions", json("{'type':'power_off'}"));

            assertThat(r.json().path("action").path("status").asText()).isEqualTo("completed");
            assertThat(sandbox.options().snapshotDuration()).isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Test
    void scenarioDurationsSurviveAnAdminReset() throws IOException {
        try (Sandbox sandbox = SandboxMain.start(
                new String[] {"--snapshot-seconds", "2"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {

            new Http(sandbox).token(null).post("/_sandbox/reset", json("{'scenario':'snapshot-errored'}"));

            assertThat(sandbox.options().snapshotDuration()).isEqualTo(Duration.ofSeconds(2));
            assertThat(sandbox.options().snapshotErrored()).isTrue();
        }
    }

    @Test
    void withSshTheDropletsAreReachedOnLoopbackAndAResetRestoresTheLoginKey(@TempDir Path dir) throws IOException {
        Path info = dir.resolve("info.properties");
        try (Sandbox sandbox = SandboxMain.start(
                new String[] {
                    "--ssh-port",
                    "0",
                    "--host-key",
                    "src/test/resources/sandbox/ssh_host_ecdsa_key",
                    "--work-dir",
                    dir.toString(),
                    "--info-file",
                    info.toString()
                },
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(info)) {
                properties.load(reader);
            }
            assertThat(properties.getProperty("ssh.hostKeyFingerprint"))
                    .isEqualTo("SHA256:vaz/lyLK8kTFdVUuNsR5gL9blmHFB0Oy6oqi5go0TL8");
            assertThat(properties).doesNotContainKey("ssh.knownHosts");
            String droplet = new Http(sandbox)
                    .get("/v2/droplets/" + Scenarios.DROPLET_ID)
                    .body();
            assertThat(droplet).contains("\"ip_address\":\"127.0.0.1\"");
            Path authorizedKeys = dir.resolve("ssh/current/root/root/.ssh/authorized_keys");
            Files.delete(authorizedKeys);

            new Http(sandbox).token(null).post("/_sandbox/reset", json("{'scenario':'demo'}"));

            assertThat(authorizedKeys).isRegularFile();
        }
    }

    @Test
    void sshNeedsTheHostKeyItServes() {
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--ssh-port", "0"}))
                .hasMessageContaining("--host-key");
    }

    @Test
    void theProxyNeedsTheCredentialsItRequires() {
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--proxy-port", "0"}))
                .hasMessageContaining("--proxy-credentials USER:PASSWORD");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--proxy-port", "0", "--proxy-credentials", "nobody"}))
                .hasMessageContaining("--proxy-credentials USER:PASSWORD");
    }

    @Test
    void refusesUnknownOptionsAndScenarios() {
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--verbose"}))
                .hasMessageContaining("Unknown option --verbose");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--scenario", "nope"}))
                .hasMessageContaining("Unknown scenario 'nope'")
                .hasMessageContaining("demo");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--snapshot-seconds", "-1"}))
                .hasMessageContaining("--snapshot-seconds");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--port"}))
                .hasMessageContaining("--port needs a value");
    }
}
