package io.github.oneclick.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The code a page shows is the sample file the build checks, character for character. */
class SamplesOnPagesTest {

    @Test
    void everyBlockUnderASampleMarkerEqualsItsSampleFile() {
        List<Docs.Shown> shown = Docs.pages().stream()
                .flatMap(p -> Docs.shownSamples(p).stream())
                .toList();

        assertThat(shown).isNotEmpty();
        for (Docs.Shown block : shown) {
            Path file = Docs.siteDir().resolve(block.sample());
            String where = Docs.root().relativize(block.page()) + ":" + block.line();
            assertThat(file).as("sample named at %s", where).isRegularFile();
            assertThat(block.content())
                    .as("fenced block right after the marker at %s", where)
                    .isNotNull();
            assertThat(block.content())
                    .as("block at %s, which must equal %s (copy the file into the page)", where, block.sample())
                    .isEqualTo(withFinalNewline(Docs.read(file)));
        }
    }

    @Test
    void everySampleFileIsShownOnSomePage() {
        Set<String> shown = Docs.pages().stream()
                .flatMap(p -> Docs.shownSamples(p).stream())
                .map(Docs.Shown::sample)
                .collect(Collectors.toSet());

        assertThat(Docs.samples())
                .allSatisfy(sample ->
                        assertThat(shown).as("pages showing %s", sample).contains(sample));
    }

    @Test
    void javaAndPomBlocksOnPagesAreAllSamples() {
        for (Path page : Docs.pages()) {
            List<String> lines = Docs.read(page).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.equals("```java") || line.equals("```xml")) {
                    String previous = i == 0 ? "" : lines.get(i - 1).strip();
                    assertThat(previous)
                            .as(
                                    "%s:%d shows Java or XML without a sample marker",
                                    Docs.root().relativize(page), i + 1)
                            .matches(Docs.SAMPLE_MARKER);
                }
            }
        }
    }

    @Test
    void readmeClientExampleIsThePublishImageSample() {
        String readme = Docs.read(Docs.root().resolve("README.md"));
        Matcher example = Pattern.compile(
                        "<!-- readme-example:start -->\\n```java\\n(.*?)```\\n<!-- readme-example:end" + " -->",
                        Pattern.DOTALL)
                .matcher(readme);

        assertThat(example.find()).as("README.md has the marked client example").isTrue();
        assertThat(example.group(1)).isEqualTo(Docs.read(Docs.samplesDir().resolve("PublishImage.java")));
    }

    @Test
    void samplesDirectoryHoldsNoStrayFiles() throws Exception {
        try (var files = Files.walk(Docs.samplesDir())) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(f -> f.getFileName().toString()))
                    .noneMatch(name -> name.endsWith("~") || name.endsWith(".orig") || name.endsWith(".class"));
        }
    }

    private static String withFinalNewline(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }
}
