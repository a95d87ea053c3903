package io.github.oneclick.marketplace.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.marketplace.machine.MachineException;
import io.github.oneclick.vendor.workflow.RunId;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.mockwebserver.MockWebServer;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the build goal is refused before any request; the pipeline runs in the ITs against the sandbox. */
@MojoTest
@Basedir("/unit/build")
class BuildMojoTest {
    private final MockWebServer server = new MockWebServer();
    private MojoFixture fixture;

    @TempDir
    Path target;

    @TempDir
    Path project;

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
    @InjectMojo(goal = "build")
    void aMissingRegionIsRefusedBeforeAnyRequestWithAnExample(BuildMojo mojo) throws Exception {
        fixture.prepare(mojo);
        setVariableValueToObject(mojo, "region", null);

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<region>nyc3</region>")
                .hasMessageContaining("-Dmarketplace.region=nyc3");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "build")
    void aFilesTreeWithALinkOutOfItIsRefusedBeforeAnyRequest(BuildMojo mojo) throws Exception {
        fixture.prepare(mojo);
        Path files = Files.createDirectories(project.resolve("files/etc"));
        Files.createSymbolicLink(files.resolve("passwd"), Path.of("/etc/passwd"));
        setVariableValueToObject(mojo, "files", project.resolve("files").toFile());

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("passwd")
                .hasMessageContaining("-Dmarketplace.files");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @InjectMojo(goal = "build")
    void aScriptsDirectorySetByHandThatDoesNotExistIsRefusedBeforeAnyRequest(BuildMojo mojo) throws Exception {
        fixture.prepare(mojo);
        setVariableValueToObject(
                mojo, "scripts", project.resolve("provisioning").toFile());

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("provisioning")
                .hasMessageContaining("-Dmarketplace.scripts");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theDefaultDropletNameIsTheArtifactAndTheRunInTheCharactersDigitalOceanAllows() {
        RunId run = new RunId("20261202t161100z-7f3a9c");

        assertThat(BuildMojo.dropletName("acme_LEMP", run)).isEqualTo("acme-lemp-build-20261202t161100z-7f3a9c");
    }

    @Test
    void aWaitThatRanOutNamesTheParameterThatBoundsIt() {
        MachineException notReady = new MachineException(
                MachineException.Kind.NOT_READY, "SSH port never accepted a connection. Raise the readiness timeout.");
        MachineException cloudInitFailed =
                new MachineException(MachineException.Kind.NOT_READY, "The first boot failed: exit 1.");
        MachineException scriptTooLong =
                new MachineException(MachineException.Kind.TIMEOUT, "10-install.sh did not finish within 1800 s");

        assertThat(BuildMojo.timeoutParameter(notReady)).contains("-Dmarketplace.readyTimeout");
        assertThat(BuildMojo.timeoutParameter(cloudInitFailed)).isEmpty();
        assertThat(BuildMojo.timeoutParameter(scriptTooLong)).contains("-Dmarketplace.scriptTimeout");
    }
}
