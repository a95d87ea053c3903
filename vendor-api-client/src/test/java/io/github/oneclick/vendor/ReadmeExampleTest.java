package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's client example compiles against this module, so it cannot rot. */
class ReadmeExampleTest {
    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- readme-example:start -->\\s*```java\\R(.*?)```\\s*<!-- readme-example:end -->", Pattern.DOTALL);
    private static final Pattern PUBLIC_CLASS = Pattern.compile("public\\s+(?:final\\s+)?class\\s+(\\w+)");

    @Test
    void readmeExampleCompiles(@TempDir Path dir) throws IOException {
        String source = example();
        Matcher className = PUBLIC_CLASS.matcher(source);
        assertThat(className.find())
                .as("the README example declares a public class")
                .isTrue();
        Path file = dir.resolve(className.group(1) + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("a JDK compiler").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean compiled;
        try (StandardJavaFileManager files =
                compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of(
                    "-classpath",
                    System.getProperty("java.class.path"),
                    "-d",
                    dir.toString(),
                    "-Xlint:all",
                    "-Werror",
                    "--release",
                    "17");
            compiled = compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(file))
                    .call();
        }

        String report = diagnostics.getDiagnostics().stream()
                .map(d -> d.getKind() + " line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"));
        assertThat(compiled)
                .as("README example compiles:%n%s%n%s", report, source)
                .isTrue();
        assertThat(diagnostics.getDiagnostics())
                .filteredOn(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .isEmpty();
        assertThat(dir.resolve(className.group(1) + ".class")).exists();
    }

    private static String example() throws IOException {
        try (InputStream in = ReadmeExampleTest.class.getResourceAsStream("/README.md")) {
            assertThat(in).as("README.md on the test classpath").isNotNull();
            String readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher matcher = EXAMPLE.matcher(readme);
            assertThat(matcher.find())
                    .as("a ```java block between the readme-example markers")
                    .isTrue();
            return matcher.group(1);
        }
    }
}
