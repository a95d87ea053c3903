package io.github.oneclick.marketplace.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getVariableValueFromObject;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@MojoTest
@Basedir("/unit/release")
class ReleaseMojoTest {
    private static final String CANARY = "dop_v1_canary0000000000000000000000000000000000000000000000000000001";
    private static final String ENCRYPTED_SETTINGS_TOKEN =
            "{9wvrLyCb4zgHxa8u6YLRjgVrV458JZrGFh/tgUoQugoWX8jkn+ZEbGHvbDiz5LXK7B403Ij3kQPefgGXHzbWJg==}";
    private static final String IMAGE = "{\"image\":{\"id\":171234567,\"name\":\"acme-1.4.0\",\"type\":\"snapshot\","
            + "\"distribution\":\"Ubuntu\",\"slug\":null,\"public\":false,\"regions\":[\"nyc3\"],"
            + "\"created_at\":\"2026-11-20T10:00:00Z\",\"min_disk_size\":10,\"size_gigabytes\":2.31,"
            + "\"status\":\"available\",\"tags\":[]}}";
    private static final String APP = "{\"appId\":\"60089fc6d333037bffa70d9b\",\"name\":\"Acme\",\"version\":4,"
            + "\"type\":\"droplet\",\"status\":{\"value\":\"pending\",\"lastUpdated\":1692302119556},"
            + "\"customData\":{\"version\":\"1.4.0\",\"imageId\":171234567}}";

    /** The listing as the Vendor Portal's app read returns it: approved, serving an older image. */
    private static final String LISTING = "{\"appId\":\"60089fc6d333037bffa70d9b\",\"status\":{\"value\":\"approved\"},"
            + "\"customData\":{\"imageId\":140000003}}";

    private final MockWebServer server = new MockWebServer();
    private final ObjectMapper json = new ObjectMapper();
    private MojoFixture fixture;
    private CapturingLog log;

    @TempDir
    Path target;

    @BeforeEach
    void startServer() throws Exception {
        server.start();
        fixture = MojoFixture.in(target).apiUrl(server.url("/").toString());
    }

    @AfterEach
    void stopServer() throws Exception {
        server.shutdown();
    }

    private static MavenSession session(ReleaseMojo mojo) throws IllegalAccessException {
        return (MavenSession) getVariableValueFromObject(mojo, "session");
    }

    private static void settingsServer(ReleaseMojo mojo, String id, String password) throws IllegalAccessException {
        Settings settings = new Settings();
        Server server = new Server();
        server.setId(id);
        server.setPassword(password);
        settings.addServer(server);
        when(session(mojo).getSettings()).thenReturn(settings);
    }

    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> recorded = new ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) {
            recorded.add(server.takeRequest());
        }
        return recorded;
    }

    @Test
    @InjectMojo(goal = "release")
    void pomConfigurationBecomesTheExactPatchBody(ReleaseMojo mojo) throws Exception {
        log = fixture.token("env-token-1234").prepare(mojo);
        server.enqueue(new MockResponse().setBody(IMAGE));
        server.enqueue(new MockResponse().setBody(LISTING));
        server.enqueue(new MockResponse().setBody(APP));

        mojo.execute();

        List<RecordedRequest> requests = requests();
        assertThat(requests).extracting(RecordedRequest::getMethod).containsExactly("GET", "GET", "PATCH");
        assertThat(requests.get(0).getPath()).isEqualTo("/v2/images/171234567");
        RecordedRequest patch = requests.get(2);
        assertThat(patch.getPath()).isEqualTo("/api/v1/vendor-portal/apps/60089fc6d333037bffa70d9b");
        assertThat(patch.getHeader("Authorization")).isEqualTo("Bearer env-token-1234");
        assertThat(json.readTree(patch.getBody().readUtf8()))
                .isEqualTo(json.readTree("{\"imageId\":171234567,"
                        + "\"reasonForUpdate\":\"Nginx 1.26.2 and security updates\",\"version\":\"1.4.0\","
                        + "\"osVersion\":\"Ubuntu 24.04\",\"softwareIncluded\":[{\"name\":\"Nginx\",\"version\":\"1.26.2\","
                        + "\"licenseType\":\"BSD-2-Clause\"},{\"name\":\"Ubuntu\",\"version\":\"24.04\"}]}"));
        assertThat(log.at("INFO"))
                .anySatisfy(line -> assertThat(line)
                        .contains(
                                "Released image 171234567 (acme-1.4.0) to app '60089fc6d333037bffa70d9b' as version 1.4.0")
                        .contains("listing status pending"));
        JsonNode release =
                json.readTree(target.resolve("marketplace/release.json").toFile());
        assertThat(release.get("imageId").asLong()).isEqualTo(171234567L);
        assertThat(release.get("listingStatus").asText()).isEqualTo("pending");
        assertThat(release.get("dryRun").asBoolean()).isFalse();
    }

    @Test
    @InjectMojo(goal = "release")
    void skipSaysWhyAndSendsNothing(ReleaseMojo mojo) throws Exception {
        log = fixture.prepare(mojo);
        setVariableValueToObject(mojo, "skip", true);

        mojo.execute();

        assertThat(server.getRequestCount()).isZero();
        assertThat(log.at("INFO")).containsExactly("Skipping marketplace:release because marketplace.skip is true.");
    }

    @Test
    @InjectMojo(goal = "release")
    void encryptedSettingsServerTokenWinsOverTheEnvironment(ReleaseMojo mojo) throws Exception {
        log = fixture.environment("DIGITALOCEAN_API_TOKEN", "env-token-1234").prepare(mojo);
        settingsServer(mojo, "digitalocean", ENCRYPTED_SETTINGS_TOKEN);
        server.enqueue(new MockResponse().setBody(IMAGE));
        server.enqueue(new MockResponse().setBody(LISTING));
        server.enqueue(new MockResponse().setBody(APP));

        mojo.execute();

        assertThat(server.takeRequest().getHeader("Authorization"))
                .isEqualTo("Bearer canary-settings-token-0123456789");
        assertThat(log.at("INFO"))
                .contains("Using the DigitalOcean API token from settings.xml server 'digitalocean'.");
    }

    private static void settingsProxy(ReleaseMojo mojo, String host, int port, String password)
            throws IllegalAccessException {
        Settings settings = new Settings();
        Proxy proxy = new Proxy();
        proxy.setId("corporate");
        proxy.setProtocol("http");
        proxy.setHost(host);
        proxy.setPort(port);
        proxy.setUsername("ci");
        proxy.setPassword(password);
        proxy.setNonProxyHosts("*.internal.example.com");
        settings.addProxy(proxy);
        when(session(mojo).getSettings()).thenReturn(settings);
    }

    @Test
    @InjectMojo(goal = "release")
    void theActiveSettingsProxyCarriesTheCallsWithItsDecryptedCredentials(ReleaseMojo mojo) throws Exception {
        log = fixture.token("env-token-1234")
                .apiUrl("http://api.digitalocean.test/")
                .prepare(mojo);
        settingsProxy(mojo, server.getHostName(), server.getPort(), ENCRYPTED_SETTINGS_TOKEN);
        server.enqueue(new MockResponse().setBody(IMAGE));
        server.enqueue(new MockResponse().setBody(LISTING));
        server.enqueue(new MockResponse().setBody(APP));

        mojo.execute();

        List<RecordedRequest> requests = requests();
        assertThat(requests)
                .extracting(RecordedRequest::getRequestLine)
                .containsExactly(
                        "GET http://api.digitalocean.test/v2/images/171234567 HTTP/1.1",
                        "GET http://api.digitalocean.test/api/v1/vendor-portal/apps/60089fc6d333037bffa70d9b HTTP/1.1",
                        "PATCH http://api.digitalocean.test/api/v1/vendor-portal/apps/60089fc6d333037bffa70d9b HTTP/1.1");
        assertThat(requests)
                .allSatisfy(r -> assertThat(r.getHeader("Proxy-Authorization"))
                        .isEqualTo("Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString("ci:canary-settings-token-0123456789".getBytes())));
        assertThat(log.at("INFO"))
                .contains("Reaching the API through the settings.xml proxy 'corporate' at " + server.getHostName() + ":"
                        + server.getPort() + " as ci, except for *.internal.example.com.");
        assertThat(log.text()).doesNotContain("canary-settings-token-0123456789");
    }

    @Test
    @InjectMojo(goal = "release")
    void anUnusableSettingsProxyFailsNamingItBeforeAnyCall(ReleaseMojo mojo) throws Exception {
        log = fixture.token("env-token-1234").prepare(mojo);
        settingsProxy(mojo, "http://proxy.example.com", 3128, "secret");

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("settings.xml proxy 'corporate' is not usable: proxy host must be a host name")
                .hasMessageContaining("<active>false</active>");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "release")
    void serverIdNamesAnotherSettingsServer(ReleaseMojo mojo) throws Exception {
        log = fixture.prepare(mojo);
        settingsServer(mojo, "do-marketplace", ENCRYPTED_SETTINGS_TOKEN);
        setVariableValueToObject(mojo, "serverId", "do-marketplace");
        server.enqueue(new MockResponse().setBody(IMAGE));
        server.enqueue(new MockResponse().setBody(LISTING));
        server.enqueue(new MockResponse().setBody(APP));

        mojo.execute();

        assertThat(server.takeRequest().getHeader("Authorization"))
                .isEqualTo("Bearer canary-settings-token-0123456789");
    }

    @Test
    @InjectMojo(goal = "release")
    void environmentVariablesAreTriedInTheDocumentedOrder(ReleaseMojo mojo) throws Exception {
        log = fixture.environment("DIGITALOCEAN_ACCESS_TOKEN", "third-token")
                .environment("DIGITALOCEAN_TOKEN", "second-token")
                .prepare(mojo);
        server.enqueue(new MockResponse().setBody(IMAGE));
        server.enqueue(new MockResponse().setBody(LISTING));
        server.enqueue(new MockResponse().setBody(APP));

        mojo.execute();

        assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer second-token");
        assertThat(log.at("INFO"))
                .contains("Using the DigitalOcean API token from environment variable" + " DIGITALOCEAN_TOKEN.");
    }

    @Test
    @InjectMojo(goal = "release")
    void noTokenFailsNamingEverySourceBeforeAnyRequest(ReleaseMojo mojo) throws Exception {
        log = fixture.prepare(mojo);

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("'digitalocean' (marketplace.serverId)")
                .hasMessageContaining("DIGITALOCEAN_API_TOKEN, DIGITALOCEAN_TOKEN, DIGITALOCEAN_ACCESS_TOKEN");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "release")
    void settingsPasswordThatCannotBeDecryptedFailsNamingTheServer(ReleaseMojo mojo) throws Exception {
        log = fixture.settingsSecurity("wrong-master-security.xml").prepare(mojo);
        settingsServer(mojo, "digitalocean", ENCRYPTED_SETTINGS_TOKEN);

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("settings.xml server 'digitalocean' (marketplace.serverId) cannot be decrypted")
                .hasMessageContaining("settings-security.xml");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "release")
    void missingAppIdFailsNamingThePropertyBeforeAnyRequest(ReleaseMojo mojo) throws Exception {
        log = fixture.token("env-token-1234").prepare(mojo);
        setVariableValueToObject(mojo, "appId", " ");

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("marketplace.appId");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "release")
    void snapshotVersionIsRefusedUnlessAllowed(ReleaseMojo mojo) throws Exception {
        log = fixture.token("env-token-1234").prepare(mojo);
        setVariableValueToObject(mojo, "version", "1.5.0-SNAPSHOT");

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("1.5.0-SNAPSHOT")
                .hasMessageContaining("marketplace.allowSnapshotVersion");
        assertThat(server.getRequestCount()).isZero();

        setVariableValueToObject(mojo, "allowSnapshotVersion", true);
        server.enqueue(new MockResponse().setBody(IMAGE));
        server.enqueue(new MockResponse().setBody(LISTING));
        server.enqueue(new MockResponse().setBody(APP));
        mojo.execute();
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    @InjectMojo(goal = "release")
    void nonNumericImageIdFailsBeforeAnyRequest(ReleaseMojo mojo) throws Exception {
        log = fixture.token("env-token-1234").prepare(mojo);
        setVariableValueToObject(mojo, "imageId", "acme-1.4.0");

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("'acme-1.4.0'")
                .hasMessageContaining("marketplace.imageId");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "release")
    void withoutImageIdTheSnapshotOfThisBuildWinsOverThePackerManifest(ReleaseMojo mojo) throws Exception {
        log = fixture.token("env-token-1234").prepare(mojo);
        setVariableValueToObject(mojo, "imageId", null);
        Path manifest = target.resolve("manifest.json");
        Files.writeString(
                manifest,
                "{\"builds\":[{\"name\":\"digitalocean\",\"builder_type\":\"digitalocean\","
                        + "\"files\":null,\"artifact_id\":\"nyc3:222\",\"packer_run_uuid\":\"r1\"}],\"last_run_uuid\":\"r1\"}");
        setVariableValueToObject(mojo, "packerManifest", manifest.toFile());
        Files.createDirectories(target.resolve("marketplace"));
        Files.writeString(target.resolve("marketplace/snapshot.json"), "{\"imageId\":171234567}");
        server.enqueue(new MockResponse().setBody(IMAGE));
        server.enqueue(new MockResponse().setBody(LISTING));
        server.enqueue(new MockResponse().setBody(APP));

        mojo.execute();

        assertThat(server.takeRequest().getPath()).isEqualTo("/v2/images/171234567");
        assertThat(log.at("INFO"))
                .anySatisfy(line ->
                        assertThat(line).startsWith("Image 171234567 from ").endsWith("snapshot.json."));
    }

    @Test
    @InjectMojo(goal = "release")
    void withoutImageIdOrSnapshotThePackerManifestGivesTheImage(ReleaseMojo mojo) throws Exception {
        log = fixture.token("env-token-1234").prepare(mojo);
        setVariableValueToObject(mojo, "imageId", null);
        Path manifest = target.resolve("manifest.json");
        Files.writeString(
                manifest,
                "{\"builds\":[{\"name\":\"digitalocean\",\"builder_type\":\"digitalocean\","
                        + "\"files\":null,\"artifact_id\":\"sfo3,nyc3:171234567\",\"packer_run_uuid\":\"r1\"}],"
                        + "\"last_run_uuid\":\"r1\"}");
        setVariableValueToObject(mojo, "packerManifest", manifest.toFile());
        server.enqueue(new MockResponse().setBody(IMAGE));
        server.enqueue(new MockResponse().setBody(LISTING));
        server.enqueue(new MockResponse().setBody(APP));

        mojo.execute();

        assertThat(server.takeRequest().getPath()).isEqualTo("/v2/images/171234567");
    }

    @Test
    @InjectMojo(goal = "release")
    void manifestWithoutDigitalOceanBuildFailsNamingTheParameter(ReleaseMojo mojo) throws Exception {
        log = fixture.token("env-token-1234").prepare(mojo);
        setVariableValueToObject(mojo, "imageId", null);
        Path manifest = target.resolve("manifest.json");
        Files.writeString(
                manifest,
                "{\"builds\":[{\"name\":\"qemu\",\"builder_type\":\"qemu\",\"files\":[],"
                        + "\"artifact_id\":\"disk.img\"}],\"last_run_uuid\":\"r1\"}");
        setVariableValueToObject(mojo, "packerManifest", manifest.toFile());

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("no DigitalOcean build")
                .hasMessageContaining("marketplace.imageId");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "release")
    void dryRunMakesOnlyTheReadOnlyPreflightAndPrintsTheBody(ReleaseMojo mojo) throws Exception {
        log = fixture.token("env-token-1234").prepare(mojo);
        setVariableValueToObject(mojo, "dryRun", true);
        server.enqueue(new MockResponse().setBody(IMAGE));
        server.enqueue(new MockResponse().setBody(LISTING));

        mojo.execute();

        assertThat(requests()).extracting(RecordedRequest::getMethod).containsExactly("GET", "GET");
        assertThat(log.at("INFO"))
                .anySatisfy(line -> assertThat(line)
                        .contains("Would send PATCH /api/v1/vendor-portal/apps/60089fc6d333037bffa70d9b"));
        assertThat(log.at("INFO")).anySatisfy(line -> assertThat(line).startsWith("{\"imageId\":171234567,"));
        assertThat(json.readTree(target.resolve("marketplace/release.json").toFile())
                        .get("dryRun")
                        .asBoolean())
                .isTrue();
    }

    @Test
    @InjectMojo(goal = "release")
    void appPendingReviewFailsTellingTheUserToWaitAndIsNotRetried(ReleaseMojo mojo) throws Exception {
        log = fixture.token("env-token-1234").prepare(mojo);
        server.enqueue(new MockResponse().setBody(IMAGE));
        server.enqueue(new MockResponse().setBody(LISTING));
        server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"message\":\"app is pending review\"}"));

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("pending or in review")
                .hasMessageContaining("wait for DigitalOcean's review")
                .hasMessageContaining("nothing of it was applied");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    @InjectMojo(goal = "release")
    void canaryTokenNeverReachesTheDebugLogOrAnyMessage(ReleaseMojo mojo) throws Exception {
        log = fixture.debugLog().token(CANARY).prepare(mojo);
        server.enqueue(new MockResponse().setBody(IMAGE));
        server.enqueue(new MockResponse().setBody(LISTING));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(new MockResponse()
                .setResponseCode(401)
                .setBody("{\"id\":\"unauthorized\",\"message\":\"Unable to authenticate you: " + CANARY + "\"}"));

        Throwable failure = null;
        try {
            mojo.execute();
        } catch (MojoFailureException e) {
            failure = e;
        }

        assertThat(failure).isNotNull();
        StringBuilder everything = new StringBuilder(log.text());
        for (Throwable t = failure; t != null; t = t.getCause()) {
            everything.append('\n').append(t).append('\n').append(t.getMessage());
        }
        assertThat(log.at("DEBUG")).anySatisfy(line -> assertThat(line).contains("Authorization: [REDACTED]"));
        assertThat(everything.toString()).doesNotContain(CANARY).doesNotContain("canary0000");
    }
}
