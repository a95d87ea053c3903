package io.github.oneclick.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.vendor.DigitalOceanClient;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The client's public types are exactly the API the Java client page lists: a public type outside
 * {@code io.github.oneclick.vendor.internal} that the page does not name, or a named type that is gone, fails.
 */
class ClientApiTest {
    private static final String ROOT = "io.github.oneclick.vendor";
    private static final Pattern PACKAGE_LINE = Pattern.compile("^- `(io\\.github\\.oneclick\\.vendor[a-z.]*)`:");
    private static final Pattern TYPE = Pattern.compile("`([A-Z][A-Za-z]+)`");

    @Test
    void theClientsPublicTypesAreExactlyTheOnesThePageLists() throws Exception {
        Set<String> listed = listedOnThePage();
        assertThat(listed).contains(ROOT + ".DigitalOceanClient", ROOT + ".workflow.SnapshotWorkflow");
        assertThat(publicTypes()).isEqualTo(listed);
    }

    private static Set<String> listedOnThePage() throws IOException {
        String page = Files.readString(Docs.siteDir().resolve("markdown/java-client.md"));
        String section = page.substring(page.indexOf("## The API"), page.indexOf("## The client"));
        Set<String> listed = new TreeSet<>();
        String currentPackage = null;
        for (String line : section.split("\n")) {
            Matcher header = PACKAGE_LINE.matcher(line);
            String rest = line;
            if (header.find()) {
                currentPackage = header.group(1);
                rest = line.substring(header.end());
            }
            if (currentPackage == null || !(line.startsWith("- ") || line.startsWith("  "))) {
                continue;
            }
            Matcher type = TYPE.matcher(rest);
            while (type.find()) {
                listed.add(currentPackage + "." + type.group(1));
            }
        }
        return listed;
    }

    private static Set<String> publicTypes() throws IOException, URISyntaxException {
        Path location = Path.of(DigitalOceanClient.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Set<String> types = new TreeSet<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> location.relativize(f).toString())
                        .forEach(name -> addIfPublic(name, types));
            }
        } else {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(location.toFile())) {
                jar.stream()
                        .map(java.util.jar.JarEntry::getName)
                        .filter(n -> n.endsWith(".class"))
                        .forEach(name -> addIfPublic(name, types));
            }
        }
        return types;
    }

    private static void addIfPublic(String classFile, Set<String> types) {
        String name = classFile
                .substring(0, classFile.length() - ".class".length())
                .replace('/', '.')
                .replace('\\', '.');
        if (!name.startsWith(ROOT)
                || name.contains("$")
                || name.endsWith("package-info")
                || name.startsWith(ROOT + ".internal.")) {
            return;
        }
        try {
            if (Modifier.isPublic(Class.forName(name, false, ClientApiTest.class.getClassLoader())
                    .getModifiers())) {
                types.add(name);
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
