package io.github.oneclick.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.oneclick.sandbox.it.SandboxAdmin;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each CI sample of the site runs as printed, on a tag push of {@code v2.0.2}, with the site's pipeline POM, against
 * the strict sandbox: its build droplet has the login key in root's authorized_keys and a host key nobody handed to
 * the client. Each run validates (with the cleanup), snapshots and releases version 2.0.2 of the listing, once, and
 * hands the results on the way the CI does (step outputs, a dotenv report, the job summary). Run by failsafe once the
 * sandbox is up.
 */
class CiSamplesIT {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String APP_ID = "60089fc6d333037bffa70d9b";
    private static final String TAG = "v2.0.2";
    /** The host key fingerprint of the sandbox's droplet, which the vendor stores as a CI variable. */
    private static final String HOST_KEY = "SHA256:vaz/lyLK8kTFdVUuNsR5gL9blmHFB0Oy6oqi5go0TL8";

    @TempDir
    Path runner;

    private SandboxAdmin sandbox;
    private String token;
    private Path privateKey;

    @BeforeEach
    void resetTheSandbox() throws IOException {
        String infoFile = CiProject.require("sandbox.infoFile");
        sandbox =
                SandboxAdmin.connect(CiProject.require("sandbox.url"), infoFile).reset("demo");
        Properties info = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(infoFile))) {
            info.load(reader);
        }
        token = info.getProperty("token");
        privateKey = Path.of(info.getProperty("ssh.privateKey"));
    }

    @Test
    void theGitHubActionsWorkflowReleasesTheTagsVersionAndHandsOnItsOutputs() throws Exception {
        CiProject project = CiProject.checkout(runner.resolve("work"));
        JsonNode workflow = YAML.readTree(Docs.read(Docs.samplesDir().resolve("github-actions.yml")));
        assertThat(workflow.at("/on/push/tags/0").asText()).isEqualTo("v*");

        GitHubActionsJob.Result job = GitHubActionsJob.run(
                workflow.at("/jobs/release"),
                project,
                TAG,
                Map.of("DIGITALOCEAN_TOKEN", token, "BUILD_SSH_KEY", Files.readString(privateKey)),
                Map.of("BUILD_DROPLET_HOST_KEY", HOST_KEY),
                runner.resolve("temp"));

        assertThat(job.failed()).as(project.output()).isFalse();
        long imageId = assertReleased(project);
        Map<String, String> outputs = job.outputs().get("publish");
        assertThat(outputs)
                .containsEntry("image-id", Long.toString(imageId))
                .containsEntry("version", "2.0.2")
                .containsEntry("listing-status", "pending");
        assertThat(outputs.get("snapshot-name")).startsWith("acme-lemp-2.0.2-");
        assertThat(project.output())
                .contains("Image " + imageId + " (" + outputs.get("snapshot-name")
                        + ") is version 2.0.2 of the listing, now pending");
        assertThat(job.summary())
                .contains("## Marketplace image validation: passed", "### Snapshot", "Released image " + imageId);
        assertThat(job.skipped()).contains("actions/checkout@v4", "mikepenz/action-junit-report@v5");
        assertThat(runner.resolve("temp/ssh"))
                .as("the key file is removed at the end")
                .doesNotExist();
    }

    @Test
    void theGitLabPipelineReleasesTheTagsVersionAndHandsOnItsDotenvReport() throws Exception {
        CiProject project = CiProject.checkout(runner.resolve("builds/acme/acme-lemp"));
        JsonNode ci = YAML.readTree(Docs.read(Docs.samplesDir().resolve(".gitlab-ci.yml")));
        Path keyFile = Files.copy(privateKey, runner.resolve("BUILD_SSH_KEY.tmp"));
        GitLabCiPipeline pipeline = new GitLabCiPipeline(
                ci,
                project,
                TAG,
                Map.of(
                        "DIGITALOCEAN_TOKEN",
                        token,
                        "BUILD_SSH_KEY",
                        keyFile.toString(),
                        "BUILD_DROPLET_HOST_KEY",
                        HOST_KEY));
        assertThat(pipeline.runs("release-1-click")).isTrue();

        assertThat(pipeline.run("release-1-click")).as(project.output()).isZero();
        assertThat(pipeline.run("announce")).as(project.output()).isZero();

        long imageId = assertReleased(project);
        JsonNode artifacts = pipeline.job("release-1-click").path("artifacts");
        assertThat(project.directory().resolve(artifacts.at("/reports/junit").asText()))
                .isRegularFile();
        Map<String, String> dotenv = CiProject.keyValues(
                project.directory().resolve(artifacts.at("/reports/dotenv").asText()));
        assertThat(dotenv)
                .containsEntry("MARKETPLACE_IMAGE_ID", Long.toString(imageId))
                .containsEntry("MARKETPLACE_VERSION", "2.0.2")
                .containsEntry("MARKETPLACE_LISTING_STATUS", "pending");
        assertThat(project.output())
                .contains("Image " + imageId + " (" + dotenv.get("MARKETPLACE_SNAPSHOT_NAME")
                        + ") is version 2.0.2, now pending");
    }

    @Test
    void theJenkinsPipelinesShellStepReleasesTheTagsVersion() throws Exception {
        CiProject project = CiProject.checkout(runner.resolve("workspace"));
        String jenkinsfile = Docs.read(Docs.samplesDir().resolve("Jenkinsfile"));
        assertThat(jenkinsfile).contains("buildingTag()");
        Matcher sh = Pattern.compile("sh '''(.*?)'''", Pattern.DOTALL).matcher(jenkinsfile);
        assertThat(sh.find()).isTrue();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TAG_NAME", TAG);
        env.put("BRANCH_NAME", TAG);
        env.put("JENKINS_URL", "http://jenkins.example/");
        env.put("BUILD_DROPLET_HOST_KEY", HOST_KEY); // the global environment variable
        env.put("DIGITALOCEAN_TOKEN", token); // string(credentialsId: 'digitalocean-api-token')
        env.put("BUILD_SSH_KEY", privateKey.toString()); // sshUserPrivateKey(keyFileVariable: 'BUILD_SSH_KEY')

        assertThat(project.bash("Release 1-Click image", sh.group(1), env))
                .as(project.output())
                .isZero();

        assertReleased(project);
    }

    /**
     * The pipeline passed on the strict droplet because the cleanup ran first; one snapshot and one listing update,
     * of version 2.0.2 from the tag; no secret in the output. Returns the released image.
     */
    private long assertReleased(CiProject project) throws IOException {
        String output = project.output();
        assertThat(output).contains("Cleanup: ssh-keys", "All Tests Passed!", "Version 2.0.2 from tag");
        JsonNode snapshot = new ObjectMapper()
                .readTree(project.directory()
                        .resolve("target/marketplace/snapshot.json")
                        .toFile());
        long imageId = snapshot.path("imageId").asLong();
        assertThat(snapshot.path("name").asText()).startsWith("acme-lemp-2.0.2-");
        sandbox.assertOneSnapshotAndOneReleaseOf(APP_ID, imageId);
        assertThat(sandbox.app(APP_ID).at("/customData/version").asText()).isEqualTo("2.0.2");
        String keyBody = Files.readString(privateKey, StandardCharsets.US_ASCII)
                .lines()
                .filter(line -> !line.startsWith("-----"))
                .findFirst()
                .orElseThrow();
        assertThat(output).doesNotContain(token).doesNotContain(keyBody);
        return imageId;
    }
}
