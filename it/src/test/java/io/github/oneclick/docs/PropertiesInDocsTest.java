package io.github.oneclick.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code marketplace.<name>} the pages, samples and README name is a user property of a goal; a file in a path
 * ({@code target/marketplace/marketplace.env}) is not a property.
 */
class PropertiesInDocsTest {
    private static final Pattern PROPERTY = Pattern.compile("(?<![\\w./])marketplace\\.([a-zA-Z]+)\\b");

    @Test
    void everyMarketplacePropertyNamedInTheDocsExists() {
        Set<String> known = PomSamplesTest.allProperties();
        List<Path> files = new ArrayList<>(Docs.pages());
        Docs.samples().forEach(s -> files.add(Docs.siteDir().resolve(s)));
        files.add(Docs.root().resolve("README.md"));

        List<String> unknown = new ArrayList<>();
        for (Path file : files) {
            Matcher m = PROPERTY.matcher(Docs.read(file));
            while (m.find()) {
                String name = "marketplace." + m.group(1);
                if (!known.contains(name)) {
                    unknown.add(Docs.root().relativize(file) + ": " + name);
                }
            }
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void theDocumentedSwitchesAreUserPropertiesOfEveryGoal() {
        for (String goal : List.of("validate", "snapshot", "release")) {
            assertThat(Docs.goals().get(goal).properties())
                    .as(goal)
                    .contains("marketplace.skip", "marketplace.dryRun", "marketplace.apiUrl", "marketplace.serverId");
        }
    }
}
