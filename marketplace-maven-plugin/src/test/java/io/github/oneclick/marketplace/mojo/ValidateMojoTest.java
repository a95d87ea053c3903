package io.github.oneclick.marketplace.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.github.oneclick.marketplace.testing.PreparedMachine;
import io.github.oneclick.marketplace.testing.PreparedMachine.Defect;
import io.github.oneclick.marketplace.testing.TestSshServer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@MojoTest
@Basedir("/unit/validate")
class ValidateMojoTest {
    @TempDir
    Path work;

    private CapturingLog log;

    /** Builds into the test's directory: the reports go to {@code marketplace/} in it. */
    private MojoFixture fixture() {
        return MojoFixture.in(work);
    }

    @Test
    @InjectMojo(goal = "validate")
    void aMountedImageDirectoryIsCheckedAndReportedInEveryFormat(ValidateMojo mojo) throws Exception {
        Path summary = work.resolve("step-summary.md");
        log = fixture().environment("GITHUB_STEP_SUMMARY", summary.toString()).prepare(mojo);
        PreparedMachine image = PreparedMachine.create(work.resolve("image"));
        setVariableValueToObject(mojo, "target", "dir:" + image.root());

        mojo.execute();

        assertThat(log.at("INFO")).contains("[PASS] Supported Operating System Detected: Ubuntu");
        assertThat(work.resolve("marketplace/validation.json")).isRegularFile();
        assertThat(work.resolve("marketplace/TEST-marketplace-validation.xml")).isRegularFile();
        assertThat(work.resolve("marketplace/validation.md")).isRegularFile();
        assertThat(Files.readString(summary)).contains(Files.readString(work.resolve("marketplace/validation.md")));
    }

    @Test
    @InjectMojo(goal = "validate")
    void aFailedCheckFailsTheGoalWithOneLinePerFailure(ValidateMojo mojo) throws Exception {
        log = fixture().prepare(mojo);
        PreparedMachine image =
                PreparedMachine.create(work.resolve("image"), Defect.ROOT_AUTHORIZED_KEYS, Defect.DO_AGENT_DIR);
        setVariableValueToObject(mojo, "target", "dir:" + image.root());

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("The image did not pass validation (2 failed")
                .hasMessageContaining("[FAIL] MP-ROOT-SSH")
                .hasMessageContaining("[FAIL] MP-DO-AGENT");
        assertThat(work.resolve("marketplace/validation.json")).isRegularFile();
    }

    @Test
    @InjectMojo(goal = "validate")
    void aDryRunWithTheCleanupReportsFailuresTheCleanupWouldMeetInsteadOfFailing(ValidateMojo mojo) throws Exception {
        log = fixture().prepare(mojo);
        PreparedMachine image = PreparedMachine.create(work.resolve("image"), Defect.ROOT_AUTHORIZED_KEYS);
        setVariableValueToObject(mojo, "target", "dir:" + image.root());
        setVariableValueToObject(mojo, "cleanup", true);
        setVariableValueToObject(mojo, "dryRun", true);

        mojo.execute();

        assertThat(log.at("WARN"))
                .anySatisfy(line -> assertThat(line)
                        .contains("Dry run: the droplet does not pass validation as it is now (1 failed")
                        .contains("a real run first runs the cleanup")
                        .contains("[FAIL] MP-ROOT-SSH"));
        assertThat(image.root().resolve("root/.ssh/authorized_keys"))
                .as("a dry run changes nothing")
                .exists();
        assertThat(work.resolve("marketplace/validation.json")).isRegularFile();
    }

    @Test
    @InjectMojo(goal = "validate")
    void aDryRunWithoutTheCleanupFailsAsTheRealRunWould(ValidateMojo mojo) throws Exception {
        log = fixture().prepare(mojo);
        PreparedMachine image = PreparedMachine.create(work.resolve("image"), Defect.ROOT_AUTHORIZED_KEYS);
        setVariableValueToObject(mojo, "target", "dir:" + image.root());
        setVariableValueToObject(mojo, "dryRun", true);

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("The image did not pass validation (1 failed");
    }

    @Test
    @InjectMojo(goal = "validate")
    void skippedChecksAreReportedAndDoNotFail(ValidateMojo mojo) throws Exception {
        log = fixture().prepare(mojo);
        PreparedMachine image = PreparedMachine.create(work.resolve("image"), Defect.DO_AGENT_DIR);
        setVariableValueToObject(mojo, "target", "dir:" + image.root());
        setVariableValueToObject(mojo, "skipChecks", List.of("MP-DO-AGENT"));

        mojo.execute();

        assertThat(log.text()).contains("MP-DO-AGENT");
    }

    @Test
    @InjectMojo(goal = "validate")
    void anUnknownCheckIdFailsListingTheValidOnes(ValidateMojo mojo) throws Exception {
        log = fixture().prepare(mojo);
        setVariableValueToObject(mojo, "target", "dir:" + work);
        setVariableValueToObject(mojo, "skipChecks", List.of("MP-NOPE"));

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("MP-NOPE")
                .hasMessageContaining("MP-ROOT-SSH");
    }

    @Test
    @InjectMojo(goal = "validate")
    void withOnlyADropletIdTheHostIsTheDropletsPublicAddressFromTheApi(ValidateMojo mojo) throws Exception {
        PreparedMachine droplet = PreparedMachine.create(work.resolve("droplet"));
        KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048);
        Path key = work.resolve("id_rsa");
        ByteArrayOutputStream privateKey = new ByteArrayOutputStream();
        pair.writePrivateKey(privateKey);
        Files.write(key, privateKey.toByteArray());
        PublicKey publicKey = new ByteArrayBuffer(pair.getPublicKeyBlob()).getRawPublicKey();
        try (TestSshServer ssh = TestSshServer.start(publicKey, droplet);
                MockWebServer api = new MockWebServer()) {
            api.enqueue(new MockResponse()
                    .setBody("{\"droplet\":{\"id\":3164444,\"name\":\"acme-build-01\","
                            + "\"status\":\"active\",\"networks\":{\"v4\":[{\"ip_address\":\"10.10.0.5\",\"type\":"
                            + "\"private\"},{\"ip_address\":\"127.0.0.1\",\"type\":\"public\"}]}}}"));
            api.start();
            log = fixture()
                    .apiUrl(api.url("/").toString())
                    .token("env-token-1234")
                    .prepare(mojo);
            setVariableValueToObject(mojo, "dropletId", 3164444L);
            setVariableValueToObject(mojo, "port", ssh.port());
            setVariableValueToObject(mojo, "privateKey", key.toFile());
            setVariableValueToObject(mojo, "hostKeyFingerprint", ssh.hostKeyFingerprint());

            mojo.execute();

            assertThat(api.takeRequest().getPath()).isEqualTo("/v2/droplets/3164444");
            assertThat(log.at("INFO")).contains("Droplet 3164444 (acme-build-01) is at 127.0.0.1.");
            assertThat(ssh.commands()).hasSize(1);
            assertThat(log.at("INFO")).contains("[PASS] Supported Operating System Detected: Ubuntu");
        }
    }

    @Test
    @InjectMojo(goal = "validate")
    void anUnknownTargetKindFailsNamingTheChoices(ValidateMojo mojo) throws Exception {
        log = fixture().prepare(mojo);
        setVariableValueToObject(mojo, "target", "docker");

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("marketplace.target 'docker' is not one of ssh, local or dir:PATH");
    }

    @Test
    @InjectMojo(goal = "validate")
    void sshWithoutHostOrDropletFailsNamingBoth(ValidateMojo mojo) throws Exception {
        log = fixture().prepare(mojo);

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("marketplace.host")
                .hasMessageContaining("marketplace.dropletId");
    }

    @Test
    @InjectMojo(goal = "validate")
    void sshWithoutAKeyFailsNamingThePrivateKeyParameter(ValidateMojo mojo) throws Exception {
        log = fixture().prepare(mojo);
        setVariableValueToObject(mojo, "host", "203.0.113.10");

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("marketplace.privateKey")
                .hasMessageContaining("marketplace.sshServerId");
    }

    @Test
    @InjectMojo(goal = "validate")
    void anUnreadableKeyFileFailsBeforeConnecting(ValidateMojo mojo) throws Exception {
        log = fixture().prepare(mojo);
        setVariableValueToObject(mojo, "host", "127.0.0.1");
        setVariableValueToObject(mojo, "port", 1);
        setVariableValueToObject(
                mojo, "privateKey", work.resolve("missing_ed25519").toFile());

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("missing_ed25519");
    }
}
