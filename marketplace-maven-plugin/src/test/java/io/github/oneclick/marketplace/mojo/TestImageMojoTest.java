package io.github.oneclick.marketplace.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to test-image is refused before any request, and the droplet's size and region are checked against the
 * catalogue before anything is created; the goal itself runs in the ITs against the sandbox.
 */
@MojoTest
@Basedir("/unit/test-image")
class TestImageMojoTest {
    private final MockWebServer server = new MockWebServer();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private MojoFixture fixture;

    @TempDir
    Path target;

    @BeforeEach
    void startServer() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request.getMethod() + " " + request.getPath());
                String path = request.getPath();
                if (!request.getMethod().equals("GET")) {
                    return new MockResponse().setResponseCode(500);
                }
                if (path.startsWith("/v2/images/171234567")) {
                    return json("{\"image\":{\"id\":171234567,\"name\":\"acme-1click-1.4.0\",\"type\":\"snapshot\","
                            + "\"distribution\":\"Ubuntu\",\"public\":false,\"regions\":[\"nyc3\"],"
                            + "\"min_disk_size\":25,\"size_gigabytes\":2.3,\"status\":\"available\"}}");
                }
                if (path.startsWith("/v2/regions")) {
                    return json("{\"regions\":[{\"name\":\"New York 3\",\"slug\":\"nyc3\",\"features\":[],"
                            + "\"available\":true,\"sizes\":[\"s-1vcpu-512mb-10gb\",\"s-1vcpu-1gb\",\"s-2vcpu-2gb\"]}],"
                            + "\"links\":{},\"meta\":{\"total\":1}}");
                }
                if (path.startsWith("/v2/sizes")) {
                    return json("{\"sizes\":[" + size("s-1vcpu-512mb-10gb", 10, 4.0) + ","
                            + size("s-2vcpu-2gb", 60, 18.0) + "," + size("s-1vcpu-1gb", 25, 6.0)
                            + "],\"links\":{},\"meta\":{\"total\":3}}");
                }
                return new MockResponse().setResponseCode(404).setBody("{\"id\":\"not_found\",\"message\":\"x\"}");
            }
        });
        server.start();
        fixture = MojoFixture.in(target).apiUrl(server.url("/").toString()).token("env-token-1234");
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    private static String size(String slug, int disk, double monthly) {
        return "{\"slug\":\"" + slug + "\",\"memory\":1024,\"vcpus\":1,\"disk\":" + disk + ",\"transfer\":1.0,"
                + "\"price_monthly\":" + monthly + ",\"price_hourly\":" + (monthly / 672) + ",\"regions\":[\"nyc3\"],"
                + "\"available\":true,\"description\":\"Basic\"}";
    }

    @AfterEach
    void stopServer() throws Exception {
        server.shutdown();
    }

    @Test
    @InjectMojo(goal = "test-image")
    void aServiceThatIsNoUnitNameIsRefusedBeforeAnyRequest(TestImageMojo mojo) throws Exception {
        fixture.prepare(mojo);
        setVariableValueToObject(mojo, "services", List.of("nginx && curl evil"));

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("is not a systemd unit name")
                .hasMessageContaining("<services>");
        assertThat(requests).isEmpty();
    }

    @Test
    @InjectMojo(goal = "test-image")
    void aBlankTestCommandIsRefusedBeforeAnyRequest(TestImageMojo mojo) throws Exception {
        fixture.prepare(mojo);
        setVariableValueToObject(mojo, "testCommands", List.of("curl -fsS http://localhost/", ""));

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<testCommands>");
        assertThat(requests).isEmpty();
    }

    @Test
    @InjectMojo(goal = "test-image")
    void withoutAnImageTheGoalSaysWhereOneComesFromBeforeAnyRequest(TestImageMojo mojo) throws Exception {
        fixture.prepare(mojo);

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("No image id to test")
                .hasMessageContaining("marketplace.imageId");
        assertThat(requests).isEmpty();
    }

    @Test
    @InjectMojo(goal = "test-image")
    void aSizeWhoseDiskIsTooSmallForTheImageIsRefusedNamingTestSizeBeforeAnythingIsCreated(TestImageMojo mojo)
            throws Exception {
        fixture.prepare(mojo);
        setVariableValueToObject(mojo, "imageId", "171234567");
        setVariableValueToObject(mojo, "testSize", "s-1vcpu-512mb-10gb");

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("smaller than the 25 GB")
                .hasMessageContaining("use size 's-1vcpu-1gb'")
                .hasMessageContaining("<testSize> (-Dmarketplace.testSize)");
        assertThat(requests).allMatch(r -> r.startsWith("GET "));
    }

    @Test
    @InjectMojo(goal = "test-image")
    void aDryRunPicksTheCheapestSizeTheImageFitsAndCreatesNothing(TestImageMojo mojo) throws Exception {
        CapturingLog log = fixture.prepare(mojo);
        setVariableValueToObject(mojo, "imageId", "171234567");
        setVariableValueToObject(mojo, "dryRun", true);

        mojo.execute();

        assertThat(log.lines())
                .anyMatch(l -> l.contains("testing it on a s-1vcpu-1gb droplet in nyc3"))
                .anyMatch(l -> l.contains("Dry run: would create that droplet") && l.contains("services nginx"));
        assertThat(requests).isNotEmpty().allMatch(r -> r.startsWith("GET "));
    }
}
