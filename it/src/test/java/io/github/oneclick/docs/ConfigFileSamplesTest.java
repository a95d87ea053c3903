package io.github.oneclick.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.oneclick.marketplace.packer.PackerManifest;
import java.io.StringReader;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.io.xpp3.SettingsXpp3Reader;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

/** The CI files, settings and Packer files shown on the site parse, and say what the pages say they say. */
class ConfigFileSamplesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void githubWorkflowRunsOnTagsWithTheTokenFromSecretsInBatchMode() throws Exception {
        JsonNode workflow = YAML.readTree(Docs.read(sample("github-actions.yml")));

        assertThat(workflow.at("/on/push/tags").isArray()).isTrue();
        JsonNode steps = workflow.at("/jobs/release/steps");
        String all = steps.toString();
        assertThat(all)
                .contains(
                        "${{ secrets.DIGITALOCEAN_TOKEN }}",
                        "./mvnw -B deploy",
                        "target/marketplace/TEST-marketplace-validation.xml");
        boolean tokenInEnvOfMavenStep = false;
        for (JsonNode step : steps) {
            if (step.path("run").asText().contains("./mvnw -B deploy")) {
                tokenInEnvOfMavenStep =
                        step.at("/env/DIGITALOCEAN_TOKEN").asText().equals("${{ secrets.DIGITALOCEAN_TOKEN }}");
            }
        }
        assertThat(tokenInEnvOfMavenStep)
                .as("the Maven step gets the token as an environment variable")
                .isTrue();
    }

    @Test
    void gitlabJobRunsOnTagsAndPublishesTheJunitReport() throws Exception {
        JsonNode ci = YAML.readTree(Docs.read(sample(".gitlab-ci.yml")));
        JsonNode job = ci.path("release-1-click");

        assertThat(job.at("/rules/0/if").asText()).contains("$CI_COMMIT_TAG");
        assertThat(job.at("/artifacts/reports/junit").asText())
                .isEqualTo("target/marketplace/TEST-marketplace-validation.xml");
        assertThat(job.path("script").toString()).contains("./mvnw -B deploy", "$BUILD_SSH_KEY");
    }

    @Test
    void jenkinsfileBindsSecretsWithCredentialsAndPublishesTheJunitReport() {
        String jenkinsfile = Docs.read(sample("Jenkinsfile"));

        assertThat(jenkinsfile)
                .contains(
                        "buildingTag()",
                        "string(credentialsId: 'digitalocean-api-token', variable: 'DIGITALOCEAN_TOKEN')",
                        "sshUserPrivateKey(",
                        "./mvnw -B deploy",
                        "junit allowEmptyResults: true, testResults: 'target/marketplace/TEST-marketplace-validation.xml'");
        assertThat(count(jenkinsfile, '{')).as("balanced braces").isEqualTo(count(jenkinsfile, '}'));
        assertThat(count(jenkinsfile, '(')).as("balanced parentheses").isEqualTo(count(jenkinsfile, ')'));
        assertThat(count(jenkinsfile, '[')).as("balanced brackets").isEqualTo(count(jenkinsfile, ']'));
        assertThat(jenkinsfile).as("secrets are never interpolated by Groovy").doesNotContain("\"${DIGITALOCEAN");
    }

    @Test
    void settingsSampleHasTheDefaultTokenServerWithAnEncryptedPassword() throws Exception {
        Settings settings = new SettingsXpp3Reader().read(new StringReader(Docs.read(sample("settings.xml"))), true);

        Server token = settings.getServer("digitalocean");
        assertThat(token).isNotNull();
        assertThat(token.getPassword()).matches("\\{.+}");
        Server ssh = settings.getServer("build-droplet");
        assertThat(ssh.getPrivateKey()).isNotBlank();
    }

    @Test
    void settingsSecuritySampleIsWellFormedXml() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var document = factory.newDocumentBuilder()
                .parse(new InputSource(new StringReader(Docs.read(sample("settings-security.xml")))));

        assertThat(document.getDocumentElement().getTagName()).isEqualTo("settingsSecurity");
    }

    @Test
    void packerManifestSampleGivesTheImageIdThePageNames() throws Exception {
        Path manifest = sample("packer/manifest.json");

        PackerManifest.DigitalOceanImage image = PackerManifest.read(manifest).lastDigitalOceanImage();

        assertThat(image.imageId()).isEqualTo(171234567L);
        assertThat(Docs.read(Docs.siteDir().resolve("markdown/packer.md")))
                .contains("For the file above that is image `171234567`.");
    }

    @Test
    void packerTemplateWritesTheManifestThePomReads() {
        String template = Docs.read(sample("packer/acme-lemp.pkr.hcl"));

        assertThat(template).contains("post-processor \"manifest\"", "output     = \"packer/manifest.json\"");
        assertThat(Docs.read(sample("pom-packer.xml")))
                .contains("<packerManifest>${project.basedir}/packer/manifest.json</packerManifest>");
    }

    private static Path sample(String name) {
        return Docs.samplesDir().resolve(name);
    }

    private static long count(String text, char c) {
        return text.chars().filter(x -> x == c).count();
    }
}
