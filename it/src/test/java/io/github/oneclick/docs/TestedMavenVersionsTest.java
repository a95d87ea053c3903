package io.github.oneclick.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

/**
 * The site's table of tested Maven versions (index.md, Requirements) is what the build tests: the Maven Wrapper's
 * Maven and the Maven home of every other invoker execution of it/pom.xml, each with the projects it runs.
 */
class TestedMavenVersionsTest {
    /** What the table says, and what an execution without its own pomIncludes runs. */
    private static final String ALL = "all of them";

    private static final Pattern WRAPPER_MAVEN = Pattern.compile("/apache-maven-([^/]+)-bin\\.zip");
    private static final Pattern MAVEN_HOME = Pattern.compile("/apache-maven-([^/]+)$");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void theTableNamesEveryMavenTheIntegrationTestsRunOnWithTheProjectsItRuns() throws Exception {
        Map<String, Set<String>> tested = tested();

        assertThat(tested).as("invoker executions of it/pom.xml").hasSizeGreaterThanOrEqualTo(3);
        assertThat(listed())
                .as("the table under '### Tested Maven versions' in index.md")
                .isEqualTo(tested);
    }

    @Test
    void theOldestSupportedMavenIsThePrerequisiteAndATestedOne() throws Exception {
        Properties properties = parentPom().getProperties();
        String prerequisite = properties.getProperty("maven.prerequisite");
        Model plugin = read("marketplace-maven-plugin/pom.xml");

        assertThat(plugin.getPrerequisites().getMaven()).isEqualTo("${maven.prerequisite}");
        assertThat(tested()).containsKey(prerequisite);
        assertThat(Docs.read(Docs.siteDir().resolve("markdown/index.md")))
                .contains("- Maven " + prerequisite + " or later, Maven 4 included");
    }

    @Test
    void theNewestMaven4IsTested() throws Exception {
        String maven4 = parentPom().getProperties().getProperty("maven4.version");

        assertThat(maven4).startsWith("4.");
        assertThat(tested()).containsKey(maven4);
    }

    /** Version to projects, from the wrapper and the invoker executions that run builds. */
    private static Map<String, Set<String>> tested() throws Exception {
        Properties properties = parentPom().getProperties();
        Model it = read("it/pom.xml");
        properties.putAll(it.getProperties());
        Plugin invoker = it.getBuild().getPlugins().stream()
                .filter(p -> p.getArtifactId().equals("maven-invoker-plugin"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no maven-invoker-plugin in it/pom.xml"));
        Set<String> allProjects = projects((Xpp3Dom) invoker.getConfiguration());
        assertThat(allProjects).as("pomIncludes of the invoker's configuration").contains("*");

        Map<String, Set<String>> tested = new TreeMap<>();
        for (PluginExecution execution : invoker.getExecutions()) {
            if (!execution.getGoals().contains("run")) {
                continue;
            }
            Xpp3Dom configuration = (Xpp3Dom) execution.getConfiguration();
            Xpp3Dom mavenHome = configuration == null ? null : configuration.getChild("mavenHome");
            String version = mavenHome == null ? wrapperMaven() : version(resolve(mavenHome.getValue(), properties));
            Set<String> projects = projects(configuration);
            Set<String> previous =
                    tested.put(version, projects.isEmpty() || projects.contains("*") ? Set.of(ALL) : projects);
            assertThat(previous)
                    .as("a second invoker execution on Maven %s", version)
                    .isNull();
        }
        return tested;
    }

    /** Version to projects, from the table of index.md. */
    private static Map<String, Set<String>> listed() {
        List<String> lines =
                Docs.read(Docs.siteDir().resolve("markdown/index.md")).lines().toList();
        int heading = lines.indexOf("### Tested Maven versions");
        assertThat(heading)
                .as("index.md has a '### Tested Maven versions' section")
                .isNotNegative();
        Map<String, Set<String>> listed = new TreeMap<>();
        int row = 0;
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("|") || row++ < 2) {
                continue;
            }
            String[] cells = line.split("\\|");
            String projects = cells[cells.length - 1].strip();
            Set<String> names = new LinkedHashSet<>();
            Matcher code = CODE.matcher(projects);
            while (code.find()) {
                names.add(code.group(1));
            }
            listed.put(cells[1].strip(), projects.equals(ALL) ? Set.of(ALL) : names);
        }
        return listed;
    }

    /** The project directories of a configuration's pomIncludes ({@code *} for a wildcard). */
    private static Set<String> projects(Xpp3Dom configuration) {
        Set<String> projects = new LinkedHashSet<>();
        Xpp3Dom includes = configuration == null ? null : configuration.getChild("pomIncludes");
        if (includes != null) {
            for (Xpp3Dom include : includes.getChildren("pomInclude")) {
                String project = include.getValue().strip().replaceFirst("/pom\\.xml$", "");
                projects.add(project.contains("*") ? "*" : project);
            }
        }
        return projects;
    }

    private static String wrapperMaven() {
        String wrapper = Docs.read(Docs.root().resolve(".mvn/wrapper/maven-wrapper.properties"));
        Matcher version = WRAPPER_MAVEN.matcher(wrapper);
        assertThat(version.find())
                .as("distributionUrl of .mvn/wrapper/maven-wrapper.properties")
                .isTrue();
        return version.group(1);
    }

    private static String version(String mavenHome) {
        Matcher version = MAVEN_HOME.matcher(mavenHome);
        assertThat(version.find())
                .as("mavenHome %s ends with apache-maven-<version>", mavenHome)
                .isTrue();
        return version.group(1);
    }

    private static String resolve(String value, Properties properties) {
        Matcher property = PROPERTY.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (property.find()) {
            String name = property.group(1);
            String replacement = name.equals("project.build.directory") ? "target" : properties.getProperty(name);
            assertThat(replacement).as("property %s of %s", name, value).isNotNull();
            property.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        return property.appendTail(resolved).toString();
    }

    private static Model parentPom() throws Exception {
        return read("pom.xml");
    }

    private static Model read(String pom) throws Exception {
        return new MavenXpp3Reader().read(new StringReader(Docs.read(Docs.root().resolve(pom))));
    }
}
