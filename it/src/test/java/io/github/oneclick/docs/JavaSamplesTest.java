package io.github.oneclick.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java samples compile against the client as it is now, without warnings. */
class JavaSamplesTest {

    @Test
    void everyJavaSampleCompilesAgainstTheClientWithoutWarnings(@TempDir Path out) throws Exception {
        List<Path> sources = Docs.samples(".java");
        assertThat(sources).isNotEmpty();
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter output = new StringWriter();

        boolean compiled;
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            compiled = compiler.getTask(
                            output,
                            files,
                            diagnostics,
                            List.of(
                                    "--release",
                                    "17",
                                    "-Xlint:all",
                                    "-classpath",
                                    System.getProperty("java.class.path"),
                                    "-d",
                                    out.toString()),
                            null,
                            files.getJavaFileObjectsFromPaths(sources))
                    .call();
        }

        List<String> problems = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
                .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                .toList();
        assertThat(problems).as("compiler output %s", output).isEmpty();
        assertThat(compiled).isTrue();
        for (Path source : sources) {
            String name = source.getFileName().toString().replace(".java", ".class");
            assertThat(Files.exists(out.resolve(name)))
                    .as("%s compiled to %s", source, name)
                    .isTrue();
        }
    }
}
