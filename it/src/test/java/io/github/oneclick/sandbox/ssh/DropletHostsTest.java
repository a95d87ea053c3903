package io.github.oneclick.sandbox.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oneclick.marketplace.validation.ProbeScript;
import io.github.oneclick.sandbox.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Droplets created through the sandbox's API are reached over SSH like DigitalOcean's: on an address of their own once
 * they are active and booted, with the host key their user data gave or one nobody knows, only for root's keys, with
 * SFTP into their own files and simulated commands that never run on this machine.
 */
class DropletHostsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CREATE = Duration.ofSeconds(5);
    private static final Duration BOOT = Duration.ofSeconds(20);

    @TempDir
    Path work;

    private Sandbox sandbox;
    private DropletHosts hosts;
    private SshClient client;
    private KeyPair clientKey;
    private long accountKeyId;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder()
                .options(o -> o.withDropletAddressesFrom("127.0.1.1").withCreateDuration(CREATE))
                .start();
        hosts = DropletHosts.builder(sandbox).workDir(work).bootDelay(BOOT).start();
        clientKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        accountKeyId =
                sandbox.state().addSshKey("acme", "ci", PublicKeyEntry.toString(clientKey.getPublic()) + " ci@build");
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        sandbox.close();
    }

    // ---------------------------------------------------------------- helpers

    private long create(String userData) throws Exception {
        ObjectNode body = JSON.createObjectNode()
                .put("name", "acme-build-" + UUID.randomUUID().toString().substring(0, 8))
                .put("region", "nyc3")
                .put("size", "s-1vcpu-1gb")
                .put("image", "ubuntu-24-04-x64");
        body.putArray("ssh_keys").add(accountKeyId);
        if (userData != null) {
            body.put("user_data", userData);
        }
        return createWith(body);
    }

    private long createWith(ObjectNode body) throws Exception {
        JsonNode reply = post("/v2/droplets", body, 202);
        return reply.path("droplet").path("id").asLong();
    }

    private JsonNode post(String path, ObjectNode body, int expected) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(sandbox.url(path)))
                                .header("Authorization", "Bearer " + sandbox.token())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private void delete(long dropletId) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(sandbox.url("/v2/droplets/" + dropletId)))
                                .header("Authorization", "Bearer " + sandbox.token())
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
    }

    /** The public IPv4 the API reports. */
    private String address(long dropletId) {
        for (JsonNode n : sandbox.state().droplet(dropletId).path("networks").path("v4")) {
            if ("public".equals(n.path("type").asText())) {
                return n.path("ip_address").asText();
            }
        }
        throw new AssertionError("droplet " + dropletId + " has no public IPv4 yet");
    }

    private long createBooted(String userData) throws Exception {
        long id = create(userData);
        sandbox.advance(CREATE.plus(BOOT));
        return id;
    }

    private boolean accepts(long dropletId) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address(dropletId), hosts.port()), 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private ClientSession login(long dropletId, KeyPair key, ServerKeyVerifier verifier) throws IOException {
        client.setServerKeyVerifier(verifier);
        ClientSession session = client.connect("root", address(dropletId), hosts.port())
                .verify(Duration.ofSeconds(10))
                .getSession();
        session.addPublicKeyIdentity(key);
        session.auth().verify(Duration.ofSeconds(10));
        return session;
    }

    private ClientSession login(long dropletId) throws IOException {
        return login(dropletId, clientKey, AcceptAllServerKeyVerifier.INSTANCE);
    }

    record Exec(int exit, String out, String err) {}

    private static Exec exec(ClientSession session, String command, String stdin) throws IOException {
        try (ChannelExec channel = session.createExecChannel(command)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setOut(out);
            channel.setErr(err);
            if (stdin != null) {
                channel.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            }
            channel.open().verify(Duration.ofSeconds(10));
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(60));
            Integer status = channel.getExitStatus();
            return new Exec(
                    status == null ? -1 : status,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    private static Exec exec(ClientSession session, String command) throws IOException {
        return exec(session, command, null);
    }

    private static void mkdirs(SftpClient sftp, String path) throws IOException {
        StringBuilder at = new StringBuilder();
        for (String part : path.substring(1).split("/")) {
            at.append('/').append(part);
            try {
                sftp.stat(at.toString());
            } catch (IOException e) {
                sftp.mkdir(at.toString());
            }
        }
    }

    private static String cloudConfigWithHostKey(KeyPair hostKey) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(hostKey, "host", null, out);
        String privateKey = out.toString(StandardCharsets.US_ASCII).strip().replace("\n", "\n    ");
        return "#cloud-config\nssh_keys:\n  ed25519_private: |\n    " + privateKey + "\n  ed25519_public: "
                + PublicKeyEntry.toString(hostKey.getPublic()) + " host\n";
    }

    // ---------------------------------------------------------------- tests

    @Test
    void aCreatedDropletRefusesSshUntilItIsActiveAndBootedThenAcceptsRoot() throws Exception {
        long id = create(null);
        sandbox.advance(CREATE);
        assertThat(sandbox.state().droplet(id).path("status").asText()).isEqualTo("active");
        assertThat(accepts(id)).as("still booting").isFalse();

        sandbox.advance(BOOT.minusSeconds(1));
        assertThat(accepts(id)).as("still booting").isFalse();

        sandbox.advance(Duration.ofSeconds(1));
        assertThat(accepts(id)).isTrue();
        try (ClientSession session = login(id)) {
            assertThat(exec(session, "cloud-init status --wait").out()).isEqualTo("status: done\n");
        }
        assertThat(hosts.commands(id)).containsExactly("cloud-init status --wait");
    }

    @Test
    void theHostKeyFromUserDataIsTheOneServedAndAKnownHostsWithOnlyThatKeyIsSatisfied() throws Exception {
        KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        long id = createBooted(cloudConfigWithHostKey(hostKey));
        Path knownHosts = Files.writeString(
                work.resolve("known_hosts"),
                "[" + address(id) + "]:" + hosts.port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");

        try (ClientSession session = login(
                id, clientKey, new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts))) {
            assertThat(session.isAuthenticated()).isTrue();
        }
        assertThat(KeyUtils.compareKeys(hosts.droplet(id).hostKey(), hostKey.getPublic()))
                .isTrue();
        assertThat(hosts.droplet(id).root().resolve("etc/ssh/ssh_host_ed25519_key.pub"))
                .content()
                .startsWith(PublicKeyEntry.toString(hostKey.getPublic()));
    }

    @Test
    void withoutAHostKeyInUserDataTheDropletServesOneNoClientKnows() throws Exception {
        KeyPair pinned = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        long id = createBooted("#!/bin/sh\necho not a cloud-config\n");
        Path knownHosts = Files.writeString(
                work.resolve("known_hosts"),
                "[" + address(id) + "]:" + hosts.port() + " " + PublicKeyEntry.toString(pinned.getPublic()) + "\n");

        assertThatThrownBy(() -> login(
                                id,
                                clientKey,
                                new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts))
                        .close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void aClientKeyNotInRootsAuthorizedKeysIsRefusedAndOnlyRootLogsIn() throws Exception {
        long id = createBooted(null);
        KeyPair stranger = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);

        assertThatThrownBy(() ->
                        login(id, stranger, AcceptAllServerKeyVerifier.INSTANCE).close())
                .isInstanceOf(IOException.class);
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        try (ClientSession session = client.connect("app", address(id), hosts.port())
                .verify(Duration.ofSeconds(10))
                .getSession()) {
            session.addPublicKeyIdentity(clientKey);
            assertThatThrownBy(() -> session.auth().verify(Duration.ofSeconds(10)))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void sshAuthorizedKeysOfTheCloudConfigAreAddedToRootsKeys() throws Exception {
        KeyPair other = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        long id = createBooted(
                "#cloud-config\nssh_authorized_keys:\n  - " + PublicKeyEntry.toString(other.getPublic()) + " deploy\n");

        try (ClientSession session = login(id, other, AcceptAllServerKeyVerifier.INSTANCE)) {
            assertThat(session.isAuthenticated()).isTrue();
        }
    }

    @Test
    void anSftpUploadWithMode0755LandsInTheDropletsRootWithThatModeAndNowhereElse() throws Exception {
        long id = createBooted(null);
        try (ClientSession session = login(id);
                SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            mkdirs(sftp, "/opt/app");
            try (var out = sftp.write("/opt/app/setup.sh")) {
                out.write("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
            }
            SftpClient.Attributes mode = new SftpClient.Attributes().perms(0755);
            sftp.setStat("/opt/app/setup.sh", mode);
        }

        Path landed = hosts.droplet(id).root().resolve("opt/app/setup.sh");
        assertThat(landed).hasContent("#!/bin/sh\necho hi");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(landed)))
                .isEqualTo("rwxr-xr-x");
        assertThat(Path.of("/opt/app/setup.sh")).doesNotExist();
    }

    @Test
    void anSftpPathWithDotDotIsRefused() throws Exception {
        long id = createBooted(null);
        try (ClientSession session = login(id);
                SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            assertThatThrownBy(() -> {
                        try (var out = sftp.write("/root/../../escaped.txt")) {
                            out.write(1);
                        }
                    })
                    .isInstanceOfSatisfying(
                            SftpException.class,
                            e -> assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED));
            assertThatThrownBy(() -> sftp.stat("../etc/passwd")).isInstanceOf(IOException.class);
        }
        assertThat(work.resolve("escaped.txt")).doesNotExist();
        assertThat(hosts.droplet(id).directory().resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void anUploadedScriptIsInterpretedNotRunItsEchoLinesPrintAndExitThreeIsItsStatus() throws Exception {
        long id = createBooted(null);
        Path hostFile = work.resolve("touched-on-the-host-" + UUID.randomUUID());
        String script = "#!/bin/sh\nset -e\necho \"installing app\"\ntouch " + hostFile + "\napt-get -y install nginx\n"
                + "echo done here\nexit 3\necho never\n";
        try (ClientSession session = login(id);
                SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            try (var out = sftp.write("/tmp/provision.sh")) {
                out.write(script.getBytes(StandardCharsets.UTF_8));
            }
            Exec run = exec(session, "bash /tmp/provision.sh");
            assertThat(run.exit()).isEqualTo(3);
            assertThat(run.out()).isEqualTo("installing app\ndone here\n");
            assertThat(exec(session, "/tmp/provision.sh").exit())
                    .as("not executable")
                    .isEqualTo(126);
            assertThat(exec(session, "/bin/sh -s", script).exit()).isEqualTo(3);
        }
        assertThat(hostFile).doesNotExist();
        assertThat(hosts.commands(id)).containsExactly("bash /tmp/provision.sh", "/tmp/provision.sh", "/bin/sh -s");
    }

    @Test
    void thePluginsProbeRunsAgainstTheDropletsRootAndSimpleChecksAnswerFromIt() throws Exception {
        long id = createBooted(null);
        try (ClientSession session = login(id)) {
            Exec probe = exec(session, "/bin/sh -s", ProbeScript.compose(false, false));
            assertThat(probe.exit()).as(probe.err()).isZero();
            assertThat(probe.out())
                    .contains("MP-PROBE BEGIN")
                    .contains(hosts.droplet(id).root().toString());
            assertThat(exec(session, "test -e /etc/os-release").exit()).isZero();
            assertThat(exec(session, "test -e /etc/nginx/nginx.conf").exit()).isEqualTo(1);
            assertThat(exec(session, "cat /etc/os-release").out()).contains("Ubuntu 24.04");
            assertThat(exec(session, "systemctl is-active ssh").out()).isEqualTo("active\n");
            Exec nginx = exec(session, "systemctl is-active nginx");
            assertThat(nginx.exit()).isEqualTo(3);
            assertThat(nginx.out()).isEqualTo("inactive\n");
            assertThat(exec(session, "cloud-init status --format json").out()).contains("\"status\": \"done\"");
            assertThat(exec(session, "rm -rf /").err()).contains("refusing to remove '/'");
            assertThat(hosts.droplet(id).root().resolve("etc/os-release")).isRegularFile();
            String temp = exec(session, "mktemp -d /tmp/oneclick-marketplace.XXXXXXXX")
                    .out()
                    .strip();
            assertThat(hosts.droplet(id).root().resolve(temp.substring(1))).isDirectory();
            assertThat(exec(session, "cd / && env DEBIAN_FRONTEND=noninteractive echo provisioned 2>&1")
                            .out())
                    .isEqualTo("provisioned\n");
            assertThat(exec(session, "rm -rf '" + temp + "'").exit()).isZero();
            assertThat(hosts.droplet(id).root().resolve(temp.substring(1))).doesNotExist();
            assertThat(exec(session, "cat /etc/os-release; id").exit()).isEqualTo(127);
        }
    }

    @Test
    void deletingADropletClosesItsPort() throws Exception {
        long id = createBooted(null);
        String address = address(id);
        assertThat(accepts(id)).isTrue();

        delete(id);

        try (Socket s = new Socket()) {
            assertThatThrownBy(() -> s.connect(new InetSocketAddress(address, hosts.port()), 2000))
                    .isInstanceOf(ConnectException.class);
        }
        assertThat(hosts.droplet(id)).isNull();
    }

    @Test
    void poweringADropletOffClosesItsPortAndPoweringItOnBootsItAgain() throws Exception {
        long id = createBooted(null);
        post("/v2/droplets/" + id + "/actions", JSON.createObjectNode().put("type", "power_off"), 201);
        sandbox.advance(sandbox.options().actionDuration());
        assertThat(accepts(id)).isFalse();

        post("/v2/droplets/" + id + "/actions", JSON.createObjectNode().put("type", "power_on"), 201);
        sandbox.advance(sandbox.options().actionDuration());
        assertThat(accepts(id)).as("booting").isFalse();
        sandbox.advance(BOOT);
        assertThat(accepts(id)).isTrue();
    }

    @Test
    void aDropletFromASnapshotOfAnotherSeesItsUploadedFilesAndRunsItsPerInstanceScriptsAtFirstBoot() throws Exception {
        long build = createBooted(null);
        try (ClientSession session = login(build);
                SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            mkdirs(sftp, "/etc/nginx/sites-available");
            try (var out = sftp.write("/etc/nginx/sites-available/app.conf")) {
                out.write("server {}\n".getBytes(StandardCharsets.UTF_8));
            }
            try (var out = sftp.write("/var/lib/cloud/scripts/per-instance/002_app")) {
                out.write("#!/bin/sh\necho configuring app for this instance\n".getBytes(StandardCharsets.UTF_8));
            }
            sftp.setStat("/var/lib/cloud/scripts/per-instance/002_app", new SftpClient.Attributes().perms(0755));
        }
        String buildHostKey = hosts.droplet(build).hostKeyFingerprint();
        long test = createBootedFromSnapshotOf(build);

        DropletSsh droplet = hosts.droplet(test);
        assertThat(droplet.firstBootScripts()).containsExactly("001_onboot", "002_app");
        assertThat(droplet.hostKeyFingerprint()).isNotEqualTo(buildHostKey);
        try (ClientSession session = login(test)) {
            assertThat(exec(session, "cat /etc/nginx/sites-available/app.conf").out())
                    .isEqualTo("server {}\n");
            assertThat(exec(session, "cat /var/log/cloud-init-output.log").out())
                    .contains("configuring app for this instance")
                    .contains("first boot")
                    .contains("finished at");
            assertThat(exec(session, "cloud-init status --long").out()).startsWith("status: done\n");
        }
    }

    /** Snapshots the droplet and creates and boots a droplet from that snapshot; the new droplet's id. */
    private long createBootedFromSnapshotOf(long build) throws Exception {
        JsonNode action = post(
                "/v2/droplets/" + build + "/actions",
                JSON.createObjectNode().put("type", "snapshot").put("name", "acme-app-1.0.0"),
                201);
        sandbox.advance(sandbox.options().snapshotDuration());
        assertThat(sandbox.state()
                        .action(action.path("action").path("id").asLong())
                        .path("status")
                        .asText())
                .isEqualTo("completed");
        long imageId =
                sandbox.state().droplet(build).path("snapshot_ids").get(0).asLong();
        assertThat(hosts.image(imageId)).isNotNull();

        ObjectNode body = JSON.createObjectNode()
                .put("name", "acme-app-test")
                .put("region", "nyc3")
                .put("size", "s-1vcpu-1gb")
                .put("image", imageId);
        body.putArray("ssh_keys").add(accountKeyId);
        long test = createWith(body);
        sandbox.advance(CREATE.plus(BOOT));
        return test;
    }

    @Test
    void aDropletFromASnapshotReportsItsFirstBootErrorsItsInstanceItsServicesAndItsWebPageOverSsh() throws Exception {
        long build = createBooted(null);
        try (ClientSession session = login(build);
                SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            try (var out = sftp.write("/tmp/provision.sh")) {
                out.write("#!/bin/sh\nset -e\napt-get -qq update && apt-get -qq install -y nginx\n"
                        .getBytes(StandardCharsets.UTF_8));
            }
            assertThat(exec(session, "bash /tmp/provision.sh").exit()).isZero();
            try (var out = sftp.write("/var/lib/cloud/scripts/per-instance/002_app")) {
                out.write("#!/bin/sh\necho cannot configure\nexit 1\n".getBytes(StandardCharsets.UTF_8));
            }
            sftp.setStat("/var/lib/cloud/scripts/per-instance/002_app", new SftpClient.Attributes().perms(0755));
            assertThat(exec(session, "test -f /var/lib/cloud/instance/sem/config_scripts_per_instance")
                            .exit())
                    .isZero();
            assertThat(exec(session, "rm -rf /var/lib/cloud/instances/" + build).exit())
                    .as("the cleanup")
                    .isZero();
        }

        long test = createBootedFromSnapshotOf(build);

        try (ClientSession session = login(test);
                SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            Exec status = exec(session, "cloud-init status --wait --long");
            assertThat(status.exit()).isEqualTo(1);
            assertThat(status.out())
                    .startsWith("status: error\nextended_status: error - done\n")
                    .contains("errors:\n\t- ('scripts_per_instance', RuntimeError('Runparts: 1 failures (002_app) in 2"
                            + " attempted commands'))\n");
            assertThat(exec(session, "cat /var/lib/cloud/data/instance-id").out())
                    .isEqualTo(test + "\n");
            assertThat(exec(session, "test -f /var/lib/cloud/instance/sem/config_scripts_per_instance")
                            .exit())
                    .isZero();
            assertThat(sftp.stat("/var/lib/cloud/instance/sem/config_scripts_per_instance")
                            .isRegularFile())
                    .isTrue();
            List<String> scripts = new ArrayList<>();
            sftp.readDir("/var/lib/cloud/scripts/per-instance").forEach(e -> scripts.add(e.getFilename()));
            assertThat(scripts).contains("001_onboot", "002_app");
            assertThat(exec(session, "systemctl is-active nginx").out()).isEqualTo("active\n");
            Exec page = exec(session, "curl -fsS http://localhost/");
            assertThat(page.exit()).as(page.err()).isZero();
            assertThat(page.out()).contains("Welcome to nginx!");
        }
    }

    @Test
    void twoDropletsGetDifferentAddressesAndADeletedOnesAddressGoesToTheNextWithANewHostKey() throws Exception {
        long first = createBooted(null);
        long second = createBooted(null);
        assertThat(address(first)).isEqualTo("127.0.1.1");
        assertThat(address(second)).isEqualTo("127.0.1.2");
        String firstKey = hosts.droplet(first).hostKeyFingerprint();

        delete(first);
        long third = createBooted(null);

        assertThat(address(third)).isEqualTo("127.0.1.1");
        assertThat(hosts.droplet(third).hostKeyFingerprint()).isNotEqualTo(firstKey);
        try (ClientSession session = login(third)) {
            assertThat(session.getServerKey()).isEqualTo(hosts.droplet(third).hostKey());
        }
        assertThat(hosts.droplet(second).address()).isEqualTo("127.0.1.2");
    }

    @Test
    void aSeededDropletKeepsTheSharedPublicAddressAndIsNotServed() {
        long seeded = sandbox.state().addDroplet("acme", "old", "active", "nyc3", 25, List.of());
        sandbox.advance(BOOT);
        assertThat(address(seeded)).startsWith("203.0.113.");
        assertThat(hosts.droplet(seeded)).isNull();
    }
}
