package io.github.oneclick.marketplace.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@MojoTest
@Basedir("/unit/leftovers")
class LeftoversMojoTest {
    private static final String NO_DROPLETS = "{\"droplets\":[],\"links\":{},\"meta\":{\"total\":0}}";
    private static final String NO_KEYS = "{\"ssh_keys\":[],\"links\":{},\"meta\":{\"total\":0}}";

    private final MockWebServer server = new MockWebServer();
    private MojoFixture fixture;

    @TempDir
    Path target;

    @BeforeEach
    void startServer() throws Exception {
        server.start();
        fixture = MojoFixture.in(target).apiUrl(server.url("/").toString()).token("env-token-1234");
    }

    @AfterEach
    void stopServer() throws Exception {
        server.shutdown();
    }

    @Test
    @InjectMojo(goal = "leftovers")
    void aMalformedRunIdIsRefusedBeforeAnyRequestNamingTheParameter(LeftoversMojo mojo) throws Exception {
        fixture.prepare(mojo);
        setVariableValueToObject(mojo, "runId", "yesterday");

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("runId 'yesterday'")
                .hasMessageContaining("-Dmarketplace.runId");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "leftovers")
    void aMinimumAgeThatIsNotADurationIsRefusedBeforeAnyRequest(LeftoversMojo mojo) throws Exception {
        fixture.prepare(mojo);
        setVariableValueToObject(mojo, "leftoversMinAge", "soon");

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("marketplace.leftoversMinAge");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "leftovers")
    void nothingLeftReadsTheDropletsAndTheKeysOnceEachAndChangesNothing(LeftoversMojo mojo) throws Exception {
        CapturingLog log = fixture.prepare(mojo);
        setVariableValueToObject(mojo, "leftoversMinAge", "0");
        server.enqueue(new MockResponse().setBody(NO_DROPLETS));
        server.enqueue(new MockResponse().setBody(NO_DROPLETS));
        server.enqueue(new MockResponse().setBody(NO_KEYS));

        mojo.execute();

        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(server.takeRequest().getPath()).startsWith("/v2/droplets?tag_name=oneclick-marketplace");
        assertThat(server.takeRequest().getPath()).contains("type=gpus");
        assertThat(server.takeRequest().getPath()).startsWith("/v2/account/keys");
        assertThat(log.text()).contains("No leftovers found.");
    }
}
