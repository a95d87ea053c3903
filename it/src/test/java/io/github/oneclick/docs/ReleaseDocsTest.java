package io.github.oneclick.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.Profile;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

/**
 * The release documentation (README's Release section, the release notes page and its release sample, CHANGELOG.md)
 * says what the build and the CI scripts do.
 */
class ReleaseDocsTest {
    private static final Set<String> CHANGE_GROUPS =
            Set.of("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security");

    @Test
    void releaseNotesPageMirrorsTheChangelogFromItsVersionsSection() {
        String changelog = Docs.read(Docs.root().resolve("CHANGELOG.md"));
        String page = Docs.read(Docs.siteDir().resolve("markdown/release-notes.md"));
        Matcher mirrored = Pattern.compile("<!-- changelog:start -->\\n(.*?)<!-- changelog:end -->", Pattern.DOTALL)
                .matcher(page);

        assertThat(mirrored.find())
                .as("release-notes.md has the marked changelog")
                .isTrue();
        assertThat(changelog).contains("\n## Versions\n");
        assertThat(mirrored.group(1))
                .as("release-notes.md between the changelog markers (copy CHANGELOG.md from"
                        + " its '## Versions' heading on)")
                .isEqualTo(changelog.substring(changelog.indexOf("## Versions")));
    }

    @Test
    void changelogKeepsAnUnreleasedSectionAndTheKeepAChangelogGroups() {
        List<String> lines =
                Docs.read(Docs.root().resolve("CHANGELOG.md")).lines().toList();
        List<String> versions = lines.stream()
                .filter(l -> l.startsWith("## ["))
                .map(l -> l.substring(3))
                .toList();
        List<String> groups = lines.stream()
                .filter(l -> l.startsWith("### "))
                .map(l -> l.substring(4))
                .toList();

        assertThat(versions).first().isEqualTo("[Unreleased]");
        assertThat(versions)
                .allSatisfy(v ->
                        assertThat(v).matches("\\[Unreleased]|\\[\\d+\\.\\d+\\.\\d+] - " + "\\d{4}-\\d{2}-\\d{2}"));
        assertThat(groups)
                .isNotEmpty()
                .allSatisfy(g -> assertThat(CHANGE_GROUPS).contains(g));
        for (String version : versions) {
            String name = version.substring(0, version.indexOf(']') + 1);
            assertThat(lines).as("link definition of %s", name).anyMatch(l -> l.startsWith(name + ": https://"));
        }
    }

    @Test
    void readmeReleaseCommandIsTheRehearsalThatCiRunsAfterTheTests() {
        String readme = Docs.read(Docs.root().resolve("README.md"));
        Matcher release = Pattern.compile("\\n## Release\\n\\n```\\n(.*?)```\\n", Pattern.DOTALL)
                .matcher(readme);
        String ci = Docs.read(Docs.root().resolve(".ci/run"));

        assertThat(release.find())
                .as("README.md has a Release section that starts with a command")
                .isTrue();
        assertThat(release.group(1)).isEqualTo(".ci/reproducible\n");
        assertThat(Docs.read(Docs.samplesDir().resolve("release.sh"))).contains("\n.ci/reproducible\n");
        List<String> commands =
                ci.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(commands).containsSubsequence("./mvnw -B verify", ".ci/reproducible");
        assertThat(commands).last().isEqualTo(".ci/reproducible");
    }

    @Test
    void everyScriptTheReleaseSampleRunsIsAnExecutableOfTheRepository() {
        Matcher script = Pattern.compile("(?m)^(\\.ci/[\\w-]+)")
                .matcher(Docs.read(Docs.samplesDir().resolve("release.sh")));
        List<String> scripts = new ArrayList<>();
        while (script.find()) {
            scripts.add(script.group(1));
        }

        assertThat(scripts).contains(".ci/reproducible", ".ci/set-version");
        assertThat(scripts)
                .allSatisfy(
                        s -> assertThat(Docs.root().resolve(s)).isRegularFile().isExecutable());
    }

    @Test
    void releaseProfileSignsFromTheEnvironmentAndUploadsOnlyOnRequest() throws Exception {
        Model pom = parentPom();
        Map<String, Plugin> plugins = releaseProfile(pom).getBuild().getPlugins().stream()
                .collect(Collectors.toMap(Plugin::getArtifactId, Function.identity()));

        assertThat(plugins)
                .containsKeys(
                        "maven-source-plugin",
                        "maven-javadoc-plugin",
                        "cyclonedx-maven-plugin",
                        "maven-gpg-plugin",
                        "central-publishing-maven-plugin");
        assertThat(child(plugins.get("maven-gpg-plugin"), "signer")).isEqualTo("bc");
        assertThat(child(plugins.get("maven-gpg-plugin"), "passphrase"))
                .as("no passphrase in the POM")
                .isNull();
        assertThat(child(plugins.get("cyclonedx-maven-plugin"), "includeBomSerialNumber"))
                .isEqualTo("false");
        Plugin central = plugins.get("central-publishing-maven-plugin");
        assertThat(central.isExtensions()).isTrue();
        assertThat(child(central, "publishingServerId")).isEqualTo("central");
        assertThat(child(central, "autoPublish")).isEqualTo("false");
        assertThat(child(central, "waitUntil")).isEqualTo("validated");
        assertThat(child(central, "skipUpload")).isEqualTo("${central.skipUpload}");
        assertThat(pom.getProperties().getProperty("central.skipUpload"))
                .as("upload off by default")
                .isEqualTo("true");
        assertThat(Docs.read(Docs.samplesDir().resolve("release.sh")))
                .contains("./mvnw -B -Prelease clean deploy -Dcentral.skipUpload=false");
    }

    @Test
    void everyReleasePluginHasItsVersionPinnedInThePluginManagement() throws Exception {
        Model pom = parentPom();
        Map<String, String> pinned = pom.getBuild().getPluginManagement().getPlugins().stream()
                .filter(p -> p.getVersion() != null)
                .collect(Collectors.toMap(Plugin::getKey, Plugin::getVersion));

        for (Plugin plugin : releaseProfile(pom).getBuild().getPlugins()) {
            assertThat(plugin.getVersion())
                    .as("version of %s in the profile", plugin.getKey())
                    .isNull();
            assertThat(pinned).as("pluginManagement").containsKey(plugin.getKey());
        }
        assertThat(pinned)
                .containsKeys(
                        "org.apache.maven.plugins:maven-artifact-plugin", "org.codehaus.mojo:versions-maven-plugin");
    }

    @Test
    void releasedPomsCarryTheMetadataMavenCentralRequires() throws Exception {
        Model pom = parentPom();

        assertThat(pom.getName()).isNotBlank();
        assertThat(pom.getDescription()).isNotBlank();
        assertThat(pom.getUrl()).isEqualTo("https://github.com/oneclick/marketplace-maven-plugin");
        assertThat(pom.getLicenses())
                .singleElement()
                .satisfies(l -> assertThat(l.getName()).isEqualTo("Apache-2.0"));
        assertThat(pom.getDevelopers()).isNotEmpty();
        assertThat(pom.getScm().getConnection()).startsWith("scm:git:");
        assertThat(pom.getScm().getDeveloperConnection()).startsWith("scm:git:");
        assertThat(pom.getScm().getUrl()).isEqualTo(pom.getUrl());
        assertThat(pom.getIssueManagement().getUrl()).isEqualTo(pom.getUrl() + "/issues");
        // The modules inherit all of it unchanged: no module path appended.
        assertThat(pom.getChildProjectUrlInheritAppendPath()).isEqualTo("false");
        assertThat(pom.getScm().getChildScmConnectionInheritAppendPath()).isEqualTo("false");
        assertThat(pom.getScm().getChildScmDeveloperConnectionInheritAppendPath())
                .isEqualTo("false");
        assertThat(pom.getScm().getChildScmUrlInheritAppendPath()).isEqualTo("false");
        assertThat(Docs.read(Docs.root().resolve("LICENSE")))
                .contains("Apache License", "Version 2.0, January 2004", "END OF TERMS AND CONDITIONS");
    }

    private static Model parentPom() throws Exception {
        return new MavenXpp3Reader().read(new StringReader(Docs.read(Docs.root().resolve("pom.xml"))));
    }

    private static Profile releaseProfile(Model pom) {
        return pom.getProfiles().stream()
                .filter(p -> p.getId().equals("release"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no release profile in pom.xml"));
    }

    private static String child(Plugin plugin, String name) {
        Xpp3Dom configuration = (Xpp3Dom) plugin.getConfiguration();
        Xpp3Dom child = configuration == null ? null : configuration.getChild(name);
        return child == null ? null : child.getValue();
    }
}
