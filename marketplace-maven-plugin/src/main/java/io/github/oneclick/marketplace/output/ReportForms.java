package io.github.oneclick.marketplace.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A report's three files: JSON for tools, JUnit XML for CI servers and Markdown for the CI's step summary. A writer
 * says what each form holds; writing them is the same for every report.
 *
 * @param <R> the report
 */
public abstract class ReportForms<R> {
    private final String jsonFile;
    private final String junitFile;
    private final String markdownFile;

    protected ReportForms(String jsonFile, String junitFile, String markdownFile) {
        this.jsonFile = Objects.requireNonNull(jsonFile, "jsonFile");
        this.junitFile = Objects.requireNonNull(junitFile, "junitFile");
        this.markdownFile = Objects.requireNonNull(markdownFile, "markdownFile");
    }

    public abstract String json(R report);

    public abstract String junitXml(R report);

    public abstract String markdown(R report);

    /**
     * Writes the three files into {@code directory} (created if missing).
     *
     * @return the files written: JSON, JUnit XML, Markdown
     */
    public final List<Path> write(R report, Path directory) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(directory, "directory");
        Map<String, String> files = new LinkedHashMap<>();
        files.put(jsonFile, json(report));
        files.put(junitFile, junitXml(report));
        files.put(markdownFile, markdown(report));
        Files.createDirectories(directory);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            written.add(Files.writeString(directory.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8));
        }
        return written;
    }
}
