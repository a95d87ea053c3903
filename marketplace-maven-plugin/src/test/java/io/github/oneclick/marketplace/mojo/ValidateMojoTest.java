package io.github.oneclick.marketplace.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getVariableValueFromObject;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.marketplace.testing.PreparedTarget;
import io.github.oneclick.marketplace.testing.PreparedTarget.Defect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@MojoTest
@Basedir("/unit/validate")
class ValidateMojoTest {
    @TempDir
    Path work;

    private CapturingLog log;

    private void prepare(ValidateMojo mojo) throws Exception {
        setVariableValueToObject(mojo, "reportDirectory", work.resolve("reports").toFile());
        log = new CapturingLog(false);
        mojo.setLog(log);
    }

    @Test
    @InjectMojo(goal = "validate")
    void aMountedImageDirectoryIsCheckedAndReportedInEveryFormat(ValidateMojo mojo) throws Exception {
        prepare(mojo);
        PreparedTarget image = PreparedTarget.create(work.resolve("image"));
        setVariableValueToObject(mojo, "target", "dir:" + image.root());
        Path summary = work.resolve("step-summary.md");
        MavenSession session = (MavenSession) getVariableValueFromObject(mojo, "session");
        session.getSystemProperties().setProperty("env.GITHUB_STEP_SUMMARY", summary.toString());

        mojo.execute();

        assertThat(log.at("INFO")).contains("[PASS] Supported Operating System Detected: Ubuntu");
        assertThat(work.resolve("reports/validation.json")).isRegularFile();
        assertThat(work.resolve("reports/TEST-marketplace-validation.xml")).isRegularFile();
        assertThat(work.resolve("reports/validation.md")).isRegularFile();
        assertThat(Files.readString(summary)).contains(Files.readString(work.resolve("reports/validation.md")));
    }

    @Test
    @InjectMojo(goal = "validate")
    void aFailedCheckFailsTheGoalWithOneLinePerFailure(ValidateMojo mojo) throws Exception {
        prepare(mojo);
        PreparedTarget image = PreparedTarget.create(work.resolve("image"), Defect.ROOT_AUTHORIZED_KEYS,
                Defect.DO_AGENT_DIR);
        setVariableValueToObject(mojo, "target", "dir:" + image.root());

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("The image did not pass validation (2 failed")
                .hasMessageContaining("[FAIL] MP-ROOT-SSH")
                .hasMessageContaining("[FAIL] MP-DO-AGENT");
        assertThat(work.resolve("reports/validation.json")).isRegularFile();
    }

    @Test
    @InjectMojo(goal = "validate")
    void skippedChecksAreReportedAndDoNotFail(ValidateMojo mojo) throws Exception {
        prepare(mojo);
        PreparedTarget image = PreparedTarget.create(work.resolve("image"), Defect.DO_AGENT_DIR);
        setVariableValueToObject(mojo, "target", "dir:" + image.root());
        setVariableValueToObject(mojo, "skipChecks", List.of("MP-DO-AGENT"));

        mojo.execute();

        assertThat(log.text()).contains("MP-DO-AGENT");
    }

    @Test
    @InjectMojo(goal = "validate")
    void anUnknownCheckIdFailsListingTheValidOnes(ValidateMojo mojo) throws Exception {
        prepare(mojo);
        setVariableValueToObject(mojo, "target", "dir:" + work);
        setVariableValueToObject(mojo, "skipChecks", List.of("MP-NOPE"));

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("MP-NOPE").hasMessageContaining("MP-ROOT-SSH");
    }

    @Test
    @InjectMojo(goal = "validate")
    void anUnknownTargetKindFailsNamingTheChoices(ValidateMojo mojo) throws Exception {
        prepare(mojo);
        setVariableValueToObject(mojo, "target", "docker");

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("marketplace.target 'docker' is not one of ssh, local or dir:PATH");
    }

    @Test
    @InjectMojo(goal = "validate")
    void sshWithoutHostOrDropletFailsNamingBoth(ValidateMojo mojo) throws Exception {
        prepare(mojo);

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("marketplace.host").hasMessageContaining("marketplace.dropletId");
    }

    @Test
    @InjectMojo(goal = "validate")
    void sshWithoutAKeyFailsNamingThePrivateKeyParameter(ValidateMojo mojo) throws Exception {
        prepare(mojo);
        setVariableValueToObject(mojo, "host", "203.0.113.10");

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("marketplace.privateKey").hasMessageContaining("marketplace.sshServerId");
    }

    @Test
    @InjectMojo(goal = "validate")
    void anUnreadableKeyFileFailsBeforeConnecting(ValidateMojo mojo) throws Exception {
        prepare(mojo);
        setVariableValueToObject(mojo, "host", "127.0.0.1");
        setVariableValueToObject(mojo, "port", 1);
        setVariableValueToObject(mojo, "privateKey", work.resolve("missing_ed25519").toFile());

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("missing_ed25519");
    }
}
