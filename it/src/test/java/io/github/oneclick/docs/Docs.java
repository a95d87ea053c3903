package io.github.oneclick.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The project site's sources, as the doc tests read them. */
final class Docs {
    /** The line before a fenced block that shows a sample file, relative to {@code src-site}. */
    static final Pattern SAMPLE_MARKER = Pattern.compile("<!-- sample: (\\S+) -->");

    private Docs() {}

    /** The project's root directory (the tests run in {@code it/}). */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("src-site"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "src-site not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path siteDir() {
        return root().resolve("src-site");
    }

    static Path samplesDir() {
        return siteDir().resolve("samples");
    }

    /** Every Markdown page of the root site and of the module sites. */
    static List<Path> pages() {
        List<Path> pages = new ArrayList<>(list(siteDir().resolve("markdown"), ".md"));
        for (String module : List.of("marketplace-maven-plugin", "vendor-api-client")) {
            pages.addAll(list(root().resolve(module).resolve("src/site/markdown"), ".md"));
        }
        return pages;
    }

    /** Every sample file, relative to {@code src-site}, such as {@code samples/pom-pipeline.xml}. */
    static List<String> samples() {
        try (Stream<Path> files = Files.walk(samplesDir())) {
            return files.filter(Files::isRegularFile)
                    .map(f -> siteDir().relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> samples(String suffix) {
        return samples().stream()
                .filter(s -> s.endsWith(suffix))
                .map(s -> siteDir().resolve(s))
                .toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One fenced block shown under a sample marker. */
    record Shown(Path page, int line, String sample, String content) {}

    /** The blocks each page shows under a sample marker; a marker without a block right after it has content null. */
    static List<Shown> shownSamples(Path page) {
        List<String> lines = read(page).lines().toList();
        List<Shown> shown = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = SAMPLE_MARKER.matcher(lines.get(i).strip());
            if (!marker.matches()) {
                continue;
            }
            String content = null;
            if (i + 1 < lines.size() && lines.get(i + 1).startsWith("```")) {
                StringBuilder block = new StringBuilder();
                int j = i + 2;
                while (j < lines.size() && !lines.get(j).equals("```")) {
                    block.append(lines.get(j)).append('\n');
                    j++;
                }
                content = j < lines.size() ? block.toString() : null;
            }
            shown.add(new Shown(page, i + 1, marker.group(1), content));
        }
        return shown;
    }

    /** The text of a page outside its fenced code blocks. */
    static String prose(Path page) {
        StringBuilder text = new StringBuilder();
        boolean fenced = false;
        for (String line : read(page).lines().toList()) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    /** The goals of the plugin with their parameters and user properties, from its generated plugin.xml. */
    static Map<String, Goal> goals() {
        try (InputStream in = Docs.class.getClassLoader().getResourceAsStream("META-INF/maven/plugin.xml")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/maven/plugin.xml of the plugin is not on the class path");
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document xml = factory.newDocumentBuilder().parse(in);
            Map<String, Goal> goals = new LinkedHashMap<>();
            NodeList mojos = xml.getElementsByTagName("mojo");
            for (int i = 0; i < mojos.getLength(); i++) {
                Element mojo = (Element) mojos.item(i);
                String goal = childText(mojo, "goal");
                Set<String> parameters = new TreeSet<>();
                Set<String> properties = new TreeSet<>();
                Element params = child(mojo, "parameters");
                if (params != null) {
                    for (Node n = params.getFirstChild(); n != null; n = n.getNextSibling()) {
                        if (n instanceof Element p && "true".equals(childText(p, "editable"))) {
                            parameters.add(childText(p, "name"));
                        }
                    }
                }
                Element configuration = child(mojo, "configuration");
                if (configuration != null) {
                    for (Node n = configuration.getFirstChild(); n != null; n = n.getNextSibling()) {
                        Matcher property = Pattern.compile("\\$\\{([^}]+)}").matcher(n.getTextContent());
                        if (n instanceof Element && property.find()) {
                            properties.add(property.group(1));
                        }
                    }
                }
                goals.put(goal, new Goal(goal, parameters, properties));
            }
            return goals;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("plugin.xml cannot be read", e);
        }
    }

    /** The plugin's version, from its plugin.xml. */
    static String pluginVersion() {
        try (InputStream in = Docs.class.getClassLoader().getResourceAsStream("META-INF/maven/plugin.xml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher version = Pattern.compile(
                            "<artifactId>marketplace-maven-plugin</artifactId>\\s*<version>([^<]+)" + "</version>")
                    .matcher(text);
            if (!version.find()) {
                throw new IllegalStateException("no version in plugin.xml");
            }
            return version.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A goal as plugin.xml describes it. */
    record Goal(String name, Set<String> parameters, Set<String> properties) {}

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String childText(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }

    private static List<Path> list(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
