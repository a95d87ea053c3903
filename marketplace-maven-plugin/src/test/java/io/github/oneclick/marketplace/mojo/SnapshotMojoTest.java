package io.github.oneclick.marketplace.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getVariableValueFromObject;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import io.github.oneclick.marketplace.output.GoalOutputs;
import io.github.oneclick.marketplace.output.PlannedSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@MojoTest
@Basedir("/unit/snapshot")
class SnapshotMojoTest {
    private static final String DROPLET = "{\"id\":3164444,\"name\":\"acme-build-01\",\"status\":\"active\","
            + "\"locked\":false,\"region\":{\"slug\":\"nyc3\",\"name\":\"New York 3\"},\"disk\":25,\"snapshot_ids\":[]}";

    private final MockWebServer server = new MockWebServer();
    private CapturingLog log;

    @TempDir
    Path target;

    @BeforeEach
    void startServer() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                if (path.startsWith("/v2/droplets?name=acme-build-01") && !path.contains("type=gpus")) {
                    return new MockResponse().setBody("{\"droplets\":[" + DROPLET + "],\"links\":{},\"meta\":{\"total\":1}}");
                }
                if (path.startsWith("/v2/droplets?name=")) {
                    return new MockResponse().setBody("{\"droplets\":[],\"links\":{},\"meta\":{\"total\":0}}");
                }
                if (path.startsWith("/v2/droplets/3164444/actions")) {
                    return new MockResponse().setBody("{\"actions\":[],\"links\":{},\"meta\":{\"total\":0}}");
                }
                return new MockResponse().setResponseCode(404).setBody("{\"id\":\"not_found\",\"message\":\"nope\"}");
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.shutdown();
    }

    private void prepare(SnapshotMojo mojo) throws Exception {
        setVariableValueToObject(mojo, "apiUrl", server.url("/").toString());
        MavenProject project = (MavenProject) getVariableValueFromObject(mojo, "project");
        project.getBuild().setDirectory(target.toString());
        MavenSession session = (MavenSession) getVariableValueFromObject(mojo, "session");
        session.getSystemProperties().setProperty("env.DIGITALOCEAN_TOKEN", "env-token-1234");
        log = new CapturingLog(false);
        mojo.setLog(log);
        mojo.setPluginContext(new HashMap<>());
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void dryRunResolvesTheDropletReportsThePlanAndPostsNothing(SnapshotMojo mojo) throws Exception {
        prepare(mojo);
        setVariableValueToObject(mojo, "dryRun", true);

        mojo.execute();

        assertThat(server.getRequestCount()).isPositive();
        for (int i = server.getRequestCount(); i > 0; i--) {
            assertThat(server.takeRequest().getMethod()).isEqualTo("GET");
        }
        assertThat(log.at("INFO")).anySatisfy(line -> assertThat(line).startsWith("Dry run step: ")
                .contains("Snapshot it as 'acme-1click-1.4.0'").contains("45m"));
        assertThat(log.at("INFO")).anySatisfy(line -> assertThat(line).startsWith("Dry run step: ")
                .contains("2m").contains("shutdownTimeout"));
        assertThat(target.resolve("marketplace/snapshot.json")).doesNotExist();
        @SuppressWarnings("unchecked")
        Map<Object, Object> context = mojo.getPluginContext();
        assertThat(GoalOutputs.planned(context)).map(PlannedSnapshot::name).contains("acme-1click-1.4.0");
        assertThat(GoalOutputs.handedOver(context)).isEmpty();
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void noDropletSelectorFailsNamingTheThreePropertiesBeforeAnyRequest(SnapshotMojo mojo) throws Exception {
        prepare(mojo);
        setVariableValueToObject(mojo, "dropletName", null);

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("set exactly one of them to select the droplet; none is set")
                .hasMessageContaining("<dropletId> (-Dmarketplace.dropletId), <dropletName> (-Dmarketplace.dropletName),"
                        + " <dropletTag> (-Dmarketplace.dropletTag)");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void twoDropletSelectorsFail(SnapshotMojo mojo) throws Exception {
        prepare(mojo);
        setVariableValueToObject(mojo, "dropletTag", "marketplace-build");

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("set exactly one of them").hasMessageContaining("2 are set");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void zeroOrUnreadableTimeoutsFailNamingTheProperty(SnapshotMojo mojo) throws Exception {
        prepare(mojo);
        setVariableValueToObject(mojo, "snapshotTimeout", "0s");
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("marketplace.snapshotTimeout must be longer than zero");

        setVariableValueToObject(mojo, "snapshotTimeout", "an hour");
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("marketplace.snapshotTimeout 'an hour' is not a duration");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void snapshotNameOverTheLimitFailsBeforeAnyRequest(SnapshotMojo mojo) throws Exception {
        prepare(mojo);
        setVariableValueToObject(mojo, "snapshotName", "x".repeat(300));

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("Invalid configuration of marketplace:snapshot: snapshotName must be at most 255")
                .hasMessageContaining("<snapshotName> (-Dmarketplace.snapshotName)");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void aNameMatchingNoDropletFailsNamingIt(SnapshotMojo mojo) throws Exception {
        prepare(mojo);
        setVariableValueToObject(mojo, "dropletName", "acme-build-02");

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("acme-build-02");
        assertThat(List.of(server.takeRequest().getMethod())).containsExactly("GET");
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void skipSaysWhy(SnapshotMojo mojo) throws Exception {
        prepare(mojo);
        setVariableValueToObject(mojo, "skip", true);

        mojo.execute();

        assertThat(log.at("INFO")).containsExactly("Skipping marketplace:snapshot because marketplace.skip is true.");
        assertThat(server.getRequestCount()).isZero();
    }
}
