package io.github.oneclick.vendor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.sandbox.Fault;
import io.github.oneclick.sandbox.RecordedCall;
import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.sandbox.SandboxExtension;
import io.github.oneclick.sandbox.Scenarios;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line against the sandbox (demo scenario), run in-process through {@link Cli#run}. */
@ExtendWith(SandboxExtension.class)
class CliTest {
    private static final String APP = Scenarios.APP_ID;
    /** acme-app-1.1.0: a snapshot of the team that the app does not serve. */
    private static final long NEW_IMAGE = Scenarios.OLD_SNAPSHOT_IDS.get(1);
    /** acme-app-1.2.0: the image the app serves. */
    private static final long SERVED_IMAGE = Scenarios.OLD_SNAPSHOT_IDS.get(2);

    private static final String VENDOR_PATCH = "/api/v1/vendor-portal/apps/*";

    private Sandbox sandbox;
    private final Map<String, String> env = new HashMap<>();
    private String out;
    private String err;

    @BeforeEach
    void start(Sandbox sandbox) {
        this.sandbox = sandbox;
        env.put("DIGITALOCEAN_TOKEN", sandbox.token());
    }

    /** Runs the command line with the sandbox's URL; the client waits on the sandbox's clock. */
    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--api-url=" + sandbox.url());
        return runExactly(all.toArray(String[]::new));
    }

    private int runExactly(String... args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        Cli cli = new Cli(b -> b.clock(sandbox.clock())
                .sleeper(sandbox::advance)
                .random(() -> 0.0)
                .isolatedRateBudget());
        int code = cli.run(
                args,
                env,
                new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        return code;
    }

    private List<RecordedCall> patches() {
        return sandbox.requests().matching("PATCH", VENDOR_PATCH);
    }

    @Test
    void releaseSendsExactlyOnePatchAndPrintsTheNewListingStatus() throws Exception {
        int code = run(
                "release",
                "--app",
                APP,
                "--image",
                String.valueOf(NEW_IMAGE),
                "--version",
                "1.3.0",
                "--software",
                "Nginx:1.26.2:BSD-2-Clause",
                "--os-version",
                "Ubuntu 22.04");

        assertThat(code).as(err).isZero();
        assertThat(out)
                .isEqualTo("Released image " + NEW_IMAGE + " (acme-app-1.1.0) to app '" + APP
                        + "' as version 1.3.0: listing status pending.\n");
        assertThat(sandbox.requests().mutating()).hasSize(1);
        JsonNode body = new ObjectMapper().readTree(patches().get(0).body());
        assertThat(body.path("imageId").asLong()).isEqualTo(NEW_IMAGE);
        assertThat(body.path("version").asText()).isEqualTo("1.3.0");
        assertThat(body.path("reasonForUpdate").asText()).isEqualTo("Release 1.3.0");
        assertThat(body.path("softwareIncluded").get(0).path("licenseType").asText())
                .isEqualTo("BSD-2-Clause");
        assertThat(err).contains("Using the DigitalOcean API token from environment variable DIGITALOCEAN_TOKEN.");
    }

    @Test
    void aProxyInHttpProxyCarriesTheCallsWithItsCredentialsAndItsPasswordIsNeverPrinted() throws Exception {
        try (MockWebServer proxy = new MockWebServer()) {
            proxy.enqueue(new MockResponse()
                    .setHeader("Content-Type", "application/json")
                    .setBody("{\"image\":" + sandbox.state().image(SERVED_IMAGE) + "}"));
            proxy.start();
            env.put("HTTP_PROXY", "http://ci:s3cret%2Bproxy@" + proxy.getHostName() + ":" + proxy.getPort());

            int code = runExactly("image", String.valueOf(SERVED_IMAGE), "--api-url=http://api.digitalocean.test/");

            assertThat(code).as(err).isZero();
            RecordedRequest request = proxy.takeRequest();
            assertThat(request.getRequestLine())
                    .isEqualTo("GET http://api.digitalocean.test/v2/images/" + SERVED_IMAGE + " HTTP/1.1");
            assertThat(request.getHeader("Proxy-Authorization"))
                    .isEqualTo("Basic "
                            + Base64.getEncoder().encodeToString("ci:s3cret+proxy".getBytes(StandardCharsets.UTF_8)));
            assertThat(err)
                    .contains("Reaching the API through the proxy " + proxy.getHostName() + ":" + proxy.getPort()
                            + " as ci from HTTP_PROXY.");
            assertThat(out + err).doesNotContain("s3cret");
        }
    }

    @Test
    void aHostInNoProxyIsReachedDirectly() {
        env.put("HTTP_PROXY", "http://127.0.0.1:9");
        env.put("NO_PROXY", "localhost,127.0.0.1");

        int code = run("image", String.valueOf(SERVED_IMAGE));

        assertThat(code).as(err).isZero();
        assertThat(err).contains("Reaching the API directly: its host is in NO_PROXY.");
    }

    @Test
    void aProxyVariableThatIsNoUrlIsRefusedWithoutShowingItsValue() {
        env.put("HTTP_PROXY", "ftp://ci:hunter22@proxy.example.com");

        int code = run("image", String.valueOf(SERVED_IMAGE));

        assertThat(code).isEqualTo(Cli.USAGE);
        assertThat(err).contains("HTTP_PROXY is not a proxy URL").doesNotContain("hunter22");
        assertThat(sandbox.requests().all()).isEmpty();
    }

    @Test
    void dryRunChecksTheImageAndSendsNoChange() {
        int code =
                run("release", "--app", APP, "--image", String.valueOf(NEW_IMAGE), "--version", "1.3.0", "--dry-run");

        assertThat(code).as(err).isZero();
        assertThat(out)
                .startsWith("Dry run: would release image " + NEW_IMAGE + " (acme-app-1.1.0) to app '" + APP
                        + "' with PATCH /api/v1/vendor-portal/apps/" + APP)
                .endsWith("Nothing was changed.\n");
        assertThat(err).contains("\"imageId\":" + NEW_IMAGE);
        assertThat(sandbox.requests().mutating()).isEmpty();
        assertThat(sandbox.requests().count("GET", "/v2/images/" + NEW_IMAGE)).isEqualTo(1);
    }

    @Test
    void pendingAppIsRefusedWithExitCode1AndNothingSent() {
        int code = run(
                "release",
                "--app",
                Scenarios.PENDING_APP_ID,
                "--image",
                String.valueOf(Scenarios.OLD_SNAPSHOT_IDS.get(0)),
                "--version",
                "1.3.0");

        assertThat(code).isEqualTo(Cli.FAILED);
        assertThat(out).isEmpty();
        assertThat(err)
                .contains("ERROR: App '" + Scenarios.PENDING_APP_ID + "' is pending")
                .contains("nothing was sent");
        assertThat(sandbox.requests().mutating()).isEmpty();
    }

    @Test
    void releaseOfTheImageTheListingServesSendsNothingAndSucceeds() {
        int code = run("release", "--app", APP, "--image", String.valueOf(SERVED_IMAGE), "--version", "1.2.0");

        assertThat(code).as(err).isZero();
        assertThat(out)
                .isEqualTo("App '" + APP + "' serves image " + SERVED_IMAGE
                        + " (acme-app-1.2.0) already: nothing was sent: listing status approved.\n");
        assertThat(sandbox.requests().mutating()).isEmpty();
    }

    @Test
    void releaseTakesTheLastDigitalOceanBuildOfThePackerManifestsLastRun(@TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, """
                {"builds": [
                  {"name": "acme", "builder_type": "digitalocean", "build_time": 1, "files": null,
                   "artifact_id": "nyc3:%d", "packer_run_uuid": "run-1"},
                  {"name": "acme", "builder_type": "digitalocean", "build_time": 2, "files": null,
                   "artifact_id": "sfo3,ams3,nyc3:%d", "packer_run_uuid": "run-2"},
                  {"name": "docker", "builder_type": "docker", "artifact_id": "sha256:1", "packer_run_uuid": "run-2"}
                 ],
                 "last_run_uuid": "run-2"}
                """.formatted(Scenarios.OLD_SNAPSHOT_IDS.get(0), NEW_IMAGE));

        int code = run("release", "--app", APP, "--manifest", manifest.toString(), "--version", "1.3.0");

        assertThat(code).as(err).isZero();
        assertThat(err)
                .contains("Image " + NEW_IMAGE + " from Packer manifest " + manifest
                        + " (build 'acme', artifact sfo3,ams3,nyc3:" + NEW_IMAGE + ").");
        assertThat(patches())
                .singleElement()
                .satisfies(patch -> assertThat(patch.body()).contains("\"imageId\":" + NEW_IMAGE));
    }

    @Test
    void versionComesFromTheTagOfTheCiRunWhenNotGiven() {
        env.put("GITHUB_REF_TYPE", "tag");
        env.put("GITHUB_REF_NAME", "v1.3.0");

        int code = run("release", "--app", APP, "--image", String.valueOf(NEW_IMAGE));

        assertThat(code).as(err).isZero();
        assertThat(err).contains("Version 1.3.0 from tag GITHUB_REF_NAME=v1.3.0.");
        assertThat(patches().get(0).body()).contains("\"version\":\"1.3.0\"", "\"reasonForUpdate\":\"Release 1.3.0\"");
    }

    @Test
    void jsonResultNamesTheImageTheRequestAndTheListingStatus() throws Exception {
        int code = run("release", "--app", APP, "--image", String.valueOf(NEW_IMAGE), "--version", "1.3.0", "--json");

        assertThat(code).as(err).isZero();
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.path("imageId").asLong()).isEqualTo(NEW_IMAGE);
        assertThat(json.path("request").asText()).isEqualTo("PATCH /api/v1/vendor-portal/apps/" + APP);
        assertThat(json.path("listingStatus").asText()).isEqualTo("pending");
        assertThat(json.path("sent").asBoolean()).isTrue();
        assertThat(out.lines()).hasSize(1);
    }

    @Test
    void anUpdateWithoutAnswerThatTheListingDoesNotShowEndsWithExitCode3AndIsNotSentAgain() {
        sandbox.faults().add(Fault.on("PATCH", VENDOR_PATCH).dropBefore());

        int code = run("release", "--app", APP, "--image", String.valueOf(NEW_IMAGE), "--version", "1.3.0");

        assertThat(code).isEqualTo(Cli.OUTCOME_UNKNOWN);
        assertThat(patches()).hasSize(1);
        assertThat(err).contains("The update was not sent again").contains("outcome is unknown");
    }

    @Test
    void aTokenDigitalOceanRefusesFailsWithExitCode1NamingItsVariable() {
        env.put("DIGITALOCEAN_TOKEN", "dop_v1_not_a_token_of_the_sandbox");

        int code = run("release", "--app", APP, "--image", String.valueOf(NEW_IMAGE), "--version", "1.3.0");

        assertThat(code).isEqualTo(Cli.FAILED);
        assertThat(err)
                .contains("The token came from environment variable DIGITALOCEAN_TOKEN.")
                .doesNotContain("dop_v1_not_a_token_of_the_sandbox");
        assertThat(sandbox.requests().mutating()).isEmpty();
    }

    @Test
    void theTokenOfTheFirstVariableSetWinsAsInTheGoals() {
        env.put("DIGITALOCEAN_API_TOKEN", sandbox.token());
        env.put("DIGITALOCEAN_TOKEN", "dop_v1_wrong");
        env.put("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_wrong_too");

        int code = run("release", "--app", APP, "--image", String.valueOf(NEW_IMAGE), "--version", "1.3.0");

        assertThat(code).as(err).isZero();
        assertThat(err).contains("from environment variable DIGITALOCEAN_API_TOKEN.");
    }

    @Test
    void theTokenAppearsInNoOutputEvenWhenGivenWhereAnAppIdBelongs() {
        String token = sandbox.token();
        List<String> outputs = new ArrayList<>();
        for (String[] args : List.of(
                new String[] {"release", "--app", APP, "--image", String.valueOf(NEW_IMAGE), "--version", "1.3.0"},
                new String[] {"release", "--app", APP, "--image", String.valueOf(NEW_IMAGE), "--dry-run", "--json"},
                new String[] {"release", "--app", token, "--image", String.valueOf(NEW_IMAGE)},
                new String[] {"release", "--app", APP, "--image", token},
                new String[] {"image", String.valueOf(NEW_IMAGE), "--json"},
                new String[] {"release", "--app", APP, "--image", "1", "--token", token})) {
            run(args);
            outputs.add(out);
            outputs.add(err);
        }

        assertThat(outputs).allSatisfy(text -> assertThat(text).doesNotContain(token));
        assertThat(String.join("", outputs)).contains("[REDACTED]");
    }

    static Stream<Arguments> badCommandLines() {
        String image = String.valueOf(NEW_IMAGE);
        return Stream.of(
                Arguments.of(new String[] {}, "No command given"),
                Arguments.of(new String[] {"publish"}, "Unknown command 'publish'"),
                Arguments.of(new String[] {"release", "--image", image}, "release needs --app"),
                Arguments.of(new String[] {"release", "--app", "acme", "--image", image}, "--app 'acme' is not a"),
                Arguments.of(new String[] {"release", "--app", APP}, "--image ID"),
                Arguments.of(
                        new String[] {"release", "--app", APP, "--image", "acme-1.3.0"},
                        "Image id 'acme-1.3.0' from --image is not a number"),
                Arguments.of(
                        new String[] {"release", "--app", APP, "--image", image, "--manifest", "m.json"},
                        "Give --image or --manifest, not both"),
                Arguments.of(
                        new String[] {"release", "--app", APP, "--manifest", "does-not-exist.json"},
                        "does not exist. Point --manifest at"),
                Arguments.of(
                        new String[] {"release", "--app", APP, "--image", image, "--version", "1.3.0-SNAPSHOT"},
                        "--allow-snapshot-version"),
                Arguments.of(
                        new String[] {"release", "--app", APP, "--image", image, "--imageId", image},
                        "Unknown option --imageId"),
                Arguments.of(
                        new String[] {"release", "--app", APP, "--image", image, "--version"},
                        "--version needs a value"),
                Arguments.of(
                        new String[] {"release", "--app", APP, "--image", image, "--software", ":1.0"},
                        "--software ':1.0' has no name"),
                Arguments.of(
                        new String[] {"release", "--app", APP, "--image", image, "--token", "abc"},
                        "--token is not accepted"),
                Arguments.of(
                        new String[] {"release", "--app", APP, "--image", image, "--token=abc"},
                        "DIGITALOCEAN_API_TOKEN"),
                Arguments.of(
                        new String[] {"release", "--app", APP, "--image", image, "--api-url", "nowhere"},
                        "Invalid --api-url"),
                Arguments.of(new String[] {"snapshot", "--droplet-name", "acme-build-01"}, "snapshot needs --name"),
                Arguments.of(new String[] {"snapshot", "--name", "acme-app-1.3.0"}, "--droplet-id ID, --droplet-name"),
                Arguments.of(new String[] {"snapshot", "--droplet-id", "x", "--name", "n"}, "--droplet-id 'x'"),
                Arguments.of(
                        new String[] {"snapshot", "--droplet-id", "1", "--name", "n", "--shutdown-timeout", "soon"},
                        "--shutdown-timeout"),
                Arguments.of(new String[] {"image"}, "image needs one image id"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void badUsageEndsWithExitCode2NamingTheOptionBeforeAnyRequest(String[] args, String message) {
        int code = runExactly(args);

        assertThat(code).isEqualTo(Cli.USAGE);
        assertThat(err).contains(message).contains("ERROR: ");
        assertThat(out).isEmpty();
        assertThat(sandbox.requests().all()).isEmpty();
    }

    @Test
    void noTokenInTheEnvironmentIsBadUsageNamingTheVariables() {
        env.clear();

        int code = run("release", "--app", APP, "--image", String.valueOf(NEW_IMAGE));

        assertThat(code).isEqualTo(Cli.USAGE);
        assertThat(err)
                .contains("No DigitalOcean API token found")
                .contains("DIGITALOCEAN_API_TOKEN, " + "DIGITALOCEAN_TOKEN, DIGITALOCEAN_ACCESS_TOKEN");
        assertThat(sandbox.requests().all()).isEmpty();
    }

    @Test
    void helpAndVersionPrintToStandardOutput() {
        assertThat(runExactly("help")).isZero();
        assertThat(out).contains("release", "snapshot", "image", "Exit codes", "DIGITALOCEAN_API_TOKEN");
        assertThat(runExactly("release", "--help")).isZero();
        assertThat(out).contains("--manifest PATH");
        assertThat(runExactly("--version")).isZero();
        assertThat(out).startsWith("vendor-api-client ");
    }

    @Test
    void imagePrintsTheImageInOneLine() {
        int code = run("image", String.valueOf(SERVED_IMAGE));

        assertThat(code).as(err).isZero();
        assertThat(out)
                .startsWith("Image " + SERVED_IMAGE + " 'acme-app-1.2.0': snapshot, available, private")
                .contains("nyc3");
    }

    @Test
    void imageAsJsonHasTheApisFieldNames() throws Exception {
        int code = run("image", String.valueOf(SERVED_IMAGE), "--json");

        assertThat(code).as(err).isZero();
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.path("id").asLong()).isEqualTo(SERVED_IMAGE);
        assertThat(json.path("name").asText()).isEqualTo("acme-app-1.2.0");
        assertThat(json.path("status").asText()).isEqualTo("available");
        assertThat(json.path("created_at").asText()).isNotBlank();
    }

    @Test
    void imageThatDoesNotExistFailsWithExitCode1() {
        int code = run("image", "999999999");

        assertThat(code).isEqualTo(Cli.FAILED);
        assertThat(out).isEmpty();
        assertThat(err).contains("ERROR: ").contains("999999999");
    }

    @Test
    void snapshotDryRunPlansWithoutPosting() {
        int code = run("snapshot", "--droplet-name", Scenarios.DROPLET_NAME, "--name", "acme-app-1.3.0", "--dry-run");

        assertThat(code).as(err).isZero();
        assertThat(out)
                .isEqualTo("Dry run: nothing was posted. A real run would snapshot droplet " + Scenarios.DROPLET_ID
                        + " as 'acme-app-1.3.0'.\n");
        assertThat(sandbox.requests().mutating()).isEmpty();
    }

    @Test
    void snapshotPostsOneSnapshotAndPrintsTheNewImage() {
        int code = run(
                "snapshot",
                "--droplet-id",
                String.valueOf(Scenarios.DROPLET_ID),
                "--name",
                "acme-app-1.3.0",
                "--app",
                APP);

        assertThat(code).as(err).isZero();
        assertThat(out)
                .matches(
                        "Image \\d+ \\('acme-app-1\\.3\\.0'\\) of droplet " + Scenarios.DROPLET_ID + ", in nyc3\\.\\n");
        assertThat(sandbox.requests().matching("POST", "/v2/droplets/*/actions"))
                .filteredOn(c -> c.body().contains("\"snapshot\""))
                .hasSize(1);
        assertThat(err).contains("App '" + APP + "' is approved");
    }

    @Test
    void snapshotForAListingInReviewTakesNoSnapshot() {
        int code = run(
                "snapshot",
                "--droplet-id",
                String.valueOf(Scenarios.DROPLET_ID),
                "--name",
                "acme-app-1.3.0",
                "--app",
                Scenarios.IN_REVIEW_APP_ID);

        assertThat(code).isEqualTo(Cli.FAILED);
        assertThat(err).contains("No snapshot was taken");
        assertThat(sandbox.requests().mutating()).isEmpty();
    }
}
