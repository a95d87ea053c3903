package io.github.oneclick.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.marketplace.validation.RuleTable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the site resolves: to a Markdown page (and, with an anchor, to one of its headings, named as
 * Doxia names them), to a page the build writes (rendered here by the same code), or to a report the build generates.
 */
class SiteLinksTest {
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*$");

    /** Reports of the root site (project-info reports). */
    private static final Set<String> ROOT_REPORTS =
            Set.of("summary.html", "licenses.html", "modules.html", "project-info.html");
    /** Reports of a module site; the plugin's goal pages are added from plugin.xml. */
    private static final Set<String> MODULE_REPORTS =
            Set.of("dependencies.html", "project-info.html", "project-reports.html");
    /** The modules with a site of their own, staged under the root site in a directory of their name. */
    private static final List<String> MODULES = List.of("marketplace-maven-plugin", "vendor-api-client");
    /** Markdown pages the build writes before the site (staged-site path to content): the plugin's rule table. */
    private static final Map<String, String> GENERATED_PAGES =
            Map.of("marketplace-maven-plugin/" + RuleTable.PAGE + ".html", RuleTable.markdown());

    @Test
    void everyRelativeLinkOfThePagesResolves() {
        List<String> broken = new ArrayList<>();
        for (Path page : Docs.pages()) {
            Matcher m = MARKDOWN_LINK.matcher(Docs.prose(page));
            while (m.find()) {
                check(page.getParent(), m.group(1), Docs.root().relativize(page).toString(), broken);
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void everyRelativeLinkOfTheGeneratedPagesResolves() {
        List<String> broken = new ArrayList<>();
        for (Map.Entry<String, String> page : GENERATED_PAGES.entrySet()) {
            String module = page.getKey().substring(0, page.getKey().indexOf('/'));
            Matcher m = MARKDOWN_LINK.matcher(page.getValue());
            while (m.find()) {
                check(Docs.root().resolve(module).resolve("src/site/markdown"), m.group(1), page.getKey(), broken);
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void everyMenuLinkOfTheSiteDescriptorsResolves() {
        List<String> broken = new ArrayList<>();
        List<Path> descriptors = List.of(
                Docs.siteDir().resolve("site.xml"),
                Docs.root().resolve("marketplace-maven-plugin/src/site/site.xml"),
                Docs.root().resolve("vendor-api-client/src/site/site.xml"));
        for (Path descriptor : descriptors) {
            Matcher m = HREF.matcher(Docs.read(descriptor));
            while (m.find()) {
                check(
                        descriptor.resolveSibling("markdown"),
                        m.group(1),
                        Docs.root().relativize(descriptor).toString(),
                        broken);
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theGoalReferenceOfEveryGoalIsInTheRootMenu() {
        String menu = Docs.read(Docs.siteDir().resolve("site.xml"));
        for (String goal : Docs.goals().keySet()) {
            assertThat(menu).contains("href=\"marketplace-maven-plugin/" + goal + "-mojo.html\"");
        }
        assertThat(menu).contains("href=\"marketplace-maven-plugin/plugin-info.html\"");
    }

    @Test
    void headingIdsAreNamedAsDoxiaNamesThem() {
        assertThat(anchor("Image validation: rules and parity with `99-img-check.sh`"))
                .isEqualTo("Image_validation.3A_rules_and_parity_with_99-img-check.sh");
        assertThat(anchor("Give it a token")).isEqualTo("Give_it_a_token");
        assertThat(anchor("3. Release")).isEqualTo("a3._Release");
    }

    /** Checks one link written in the Markdown directory {@code dir}. */
    private static void check(Path dir, String link, String where, List<String> broken) {
        if (link.matches("^[a-z][a-z0-9+.-]*:.*") || link.startsWith("//")) {
            return; // absolute: https:, mailto:
        }
        String target = link;
        String fragment = null;
        int hash = link.indexOf('#');
        if (hash >= 0) {
            target = link.substring(0, hash);
            fragment = link.substring(hash + 1);
        }
        if (target.isEmpty()) {
            return; // same page; these pages use none
        }
        if (!target.endsWith(".html")) {
            broken.add(where + ": " + link + " (link to the .html page a Markdown page becomes)");
            return;
        }
        // Where the link points in the staged site, where the root site is "" and a module's site "<module>/".
        String sitePath = URI.create(siteDirectoryOf(dir) + target).normalize().toString();
        if (sitePath.startsWith("../")) {
            broken.add(where + ": " + link + " (outside the site)");
            return;
        }
        Path markdown = sourceOf(sitePath);
        String generated = GENERATED_PAGES.get(sitePath);
        if (markdown == null && generated == null) {
            if (!generatedReports().contains(sitePath)) {
                broken.add(where + ": " + link + " (no page " + sitePath + " in the staged site)");
            }
            return;
        }
        Set<String> anchors = anchors(markdown != null ? Docs.prose(markdown) : generated);
        if (fragment != null && !anchors.contains(fragment)) {
            broken.add(where + ": " + link + " (no heading with id '" + fragment + "' in "
                    + (markdown != null ? Docs.root().relativize(markdown) : sitePath) + "; ids: " + anchors + ")");
        }
    }

    /** The staged-site directory a Markdown directory renders to: "" for the root site, "module/" for a module. */
    private static String siteDirectoryOf(Path markdownDir) {
        if (markdownDir.equals(Docs.siteDir().resolve("markdown"))) {
            return "";
        }
        for (String module : MODULES) {
            if (markdownDir.equals(Docs.root().resolve(module).resolve("src/site/markdown"))) {
                return module + "/";
            }
        }
        throw new IllegalArgumentException("not a site directory: " + markdownDir);
    }

    /** The Markdown source of a staged page, or null when no Markdown page renders to it. */
    private static Path sourceOf(String sitePath) {
        String md = sitePath.replaceFirst("\\.html$", ".md");
        for (String module : MODULES) {
            if (md.startsWith(module + "/")) {
                Path source = Docs.root()
                        .resolve(module)
                        .resolve("src/site/markdown")
                        .resolve(md.substring(module.length() + 1));
                return Files.isRegularFile(source) ? source : null;
            }
        }
        Path source = Docs.siteDir().resolve("markdown").resolve(md);
        return Files.isRegularFile(source) ? source : null;
    }

    /** The report pages the site build generates, as staged-site paths. */
    private static Set<String> generatedReports() {
        Set<String> pages = new HashSet<>(ROOT_REPORTS);
        for (String module : MODULES) {
            MODULE_REPORTS.forEach(report -> pages.add(module + "/" + report));
        }
        pages.add("marketplace-maven-plugin/plugin-info.html");
        Docs.goals().keySet().forEach(goal -> pages.add("marketplace-maven-plugin/" + goal + "-mojo.html"));
        return pages;
    }

    /** The heading ids of a Markdown page's prose. */
    private static Set<String> anchors(String prose) {
        Set<String> ids = new HashSet<>();
        for (String line : prose.lines().toList()) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                ids.add(anchor(heading.group(1)));
            }
        }
        return ids;
    }

    /** The id Doxia gives a heading: inline markup dropped, spaces to '_', other characters hex-escaped. */
    static String anchor(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replace("`", "")
                .replace("*", "")
                .strip();
        StringBuilder id = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.') {
                id.append(c);
            } else if (c == ' ') {
                id.append('_');
            } else {
                id.append('.').append(String.format("%02X", b & 0xff));
            }
        }
        if (id.length() == 0 || !Character.isLetter(id.charAt(0))) {
            id.insert(0, 'a');
        }
        return id.toString();
    }
}
