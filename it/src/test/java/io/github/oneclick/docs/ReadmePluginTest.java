package io.github.oneclick.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's plugin block is what the {@code readme-plugin} integration test runs: its POM holds the block exactly
 * as printed, only indented, and that test runs {@code mvn deploy} with it against the sandbox.
 */
class ReadmePluginTest {
    private static final Pattern BLOCK = Pattern.compile("## Use the plugin\n\n```xml\n(.*?)```", Pattern.DOTALL);

    @Test
    void theReadmesPluginBlockIsTheOneTheReadmePluginIntegrationTestRuns() {
        Matcher block = BLOCK.matcher(Docs.read(Docs.root().resolve("README.md")));
        assertThat(block.find())
                .as("README.md has a Use the plugin section with an XML block")
                .isTrue();
        String pom = Docs.read(Docs.root().resolve("it/src/it/readme-plugin/pom.xml"))
                .lines()
                .map(line -> line.startsWith("      ") ? line.substring(6) : line)
                .collect(Collectors.joining("\n", "", "\n"));

        assertThat(pom).contains(block.group(1));
    }

    @Test
    void theBlockUsesThePluginVersionThisBuildMakes() {
        Matcher block = BLOCK.matcher(Docs.read(Docs.root().resolve("README.md")));
        assertThat(block.find()).isTrue();

        assertThat(block.group(1)).contains("<version>" + Docs.pluginVersion() + "</version>");
    }
}
