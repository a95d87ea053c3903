package io.github.oneclick.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

/**
 * Every POM sample is a valid POM (fragments are wrapped in a minimal project), and everything it configures on the
 * plugin exists: the version, the goals and every configuration element.
 */
class PomSamplesTest {
    private static final String PLUGIN = "io.github.oneclick:marketplace-maven-plugin";

    @Test
    void everyPomSampleIsAValidPom() throws Exception {
        List<Path> poms = pomSamples();
        assertThat(poms).hasSizeGreaterThanOrEqualTo(3);
        for (Path pom : poms) {
            Model model = read(pom);
            assertThat(model.getModelVersion()).as(pom.toString()).isEqualTo("4.0.0");
        }
    }

    @Test
    void pluginConfigurationInSamplesUsesOnlyRealGoalsAndParameters() throws Exception {
        Map<String, Docs.Goal> goals = Docs.goals();
        int checked = 0;
        for (Path pom : pomSamples()) {
            Model model = read(pom);
            if (model.getBuild() == null) {
                continue;
            }
            for (Plugin plugin : model.getBuild().getPlugins()) {
                if (!plugin.getKey().equals(PLUGIN)) {
                    continue;
                }
                checked++;
                assertThat(plugin.getVersion()).as("plugin version in %s", pom).isEqualTo(Docs.pluginVersion());
                Set<String> executed = new TreeSet<>();
                for (PluginExecution execution : plugin.getExecutions()) {
                    assertThat(goals.keySet()).as("goals of %s", pom).containsAll(execution.getGoals());
                    executed.addAll(execution.getGoals());
                    assertConfigures(pom, (Xpp3Dom) execution.getConfiguration(), execution.getGoals(), goals);
                }
                // Plugin-level configuration applies to every goal; each element must mean something to one of
                // the goals the sample runs (or to release, the goal the sample is meant for when it runs none).
                List<String> targets = executed.isEmpty() ? List.of("release") : List.copyOf(executed);
                assertConfigures(pom, (Xpp3Dom) plugin.getConfiguration(), targets, goals);
            }
        }
        assertThat(checked).as("samples configuring the plugin").isGreaterThanOrEqualTo(3);
    }

    @Test
    void propertiesNamedMarketplaceInSamplePomsAreUserPropertiesOfTheGoals() throws Exception {
        Set<String> known = allProperties();
        for (Path pom : pomSamples()) {
            for (String name : read(pom).getProperties().stringPropertyNames()) {
                if (name.startsWith("marketplace.")) {
                    assertThat(known).as("property %s in %s", name, pom).contains(name);
                }
            }
        }
    }

    static Set<String> allProperties() {
        Set<String> known = new TreeSet<>();
        Docs.goals().values().forEach(g -> known.addAll(g.properties()));
        return known;
    }

    private static void assertConfigures(
            Path pom, Xpp3Dom configuration, List<String> goalNames, Map<String, Docs.Goal> goals) {
        if (configuration == null) {
            return;
        }
        for (Xpp3Dom element : configuration.getChildren()) {
            List<String> accepting = new ArrayList<>();
            for (String goal : goalNames) {
                if (goals.get(goal).parameters().contains(element.getName())) {
                    accepting.add(goal);
                }
            }
            assertThat(accepting)
                    .as("goals of %s that take <%s>", pom, element.getName())
                    .isNotEmpty();
        }
    }

    private static List<Path> pomSamples() {
        return Docs.samples(".xml").stream()
                .filter(p -> {
                    String text = Docs.read(p).stripLeading();
                    return text.startsWith("<project")
                            || text.startsWith("<plugin>")
                            || text.startsWith("<dependency>");
                })
                .toList();
    }

    /** Reads a POM, wrapping a {@code <plugin>} or {@code <dependency>} fragment in a minimal project. */
    static Model read(Path pom) throws Exception {
        String text = Docs.read(pom).strip();
        String project = "<project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId>"
                + "<artifactId>fragment</artifactId><version>1</version>";
        if (text.startsWith("<plugin>")) {
            text = project + "<build><plugins>" + text + "</plugins></build></project>";
        } else if (text.startsWith("<dependency>")) {
            text = project + "<dependencies>" + text + "</dependencies></project>";
        }
        return new MavenXpp3Reader().read(new StringReader(text), true);
    }
}
