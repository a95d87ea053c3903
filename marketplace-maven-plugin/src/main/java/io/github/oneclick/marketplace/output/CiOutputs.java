package io.github.oneclick.marketplace.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the goals tell the CI job they run in, in the forms CI tools read:
 *
 * <ul>
 *   <li>GitHub Actions: Markdown appended to {@code $GITHUB_STEP_SUMMARY}, and step outputs ({@code image-id},
 *       {@code snapshot-name}, {@code version}, {@code listing-status}) appended to {@code $GITHUB_OUTPUT}.</li>
 *   <li>GitLab CI (and any tool that reads dotenv files): the same values as {@code MARKETPLACE_IMAGE_ID=...} lines in
 *       {@value #DOTENV} in the output directory, which a job declares as its {@code artifacts:reports:dotenv}.</li>
 * </ul>
 *
 * <p>Each goal adds what it knows; later values of the same name replace earlier ones in the dotenv file.
 */
public final class CiOutputs {
    /** The dotenv file, in the goals' output directory. */
    public static final String DOTENV = "marketplace.env";
    /** The step summary file GitHub Actions names. */
    public static final String STEP_SUMMARY = "GITHUB_STEP_SUMMARY";
    /** The step outputs file GitHub Actions names. */
    public static final String STEP_OUTPUT = "GITHUB_OUTPUT";

    private final Map<String, String> environment;
    private final Path outputDirectory;

    /**
     * @param environment the environment variables the build sees
     * @param outputDirectory where the dotenv file goes ({@code target/marketplace})
     */
    public CiOutputs(Map<String, String> environment, Path outputDirectory) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.outputDirectory = Objects.requireNonNull(outputDirectory, "outputDirectory");
    }

    /**
     * Appends Markdown to the GitHub step summary, when there is one, after a blank line when the summary has text
     * already; returns the file written, if any.
     */
    public List<Path> summary(String markdown) throws IOException {
        String summary = environment.get(STEP_SUMMARY);
        if (summary == null || summary.isBlank()) {
            return List.of();
        }
        Path file = Path.of(summary);
        // A blank line between the goals' sections, so a heading never runs into the table before it.
        String separator = Files.isRegularFile(file) && Files.size(file) > 0 ? "\n" : "";
        Files.writeString(
                file,
                separator + (markdown.endsWith("\n") ? markdown : markdown + "\n"),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return List.of(file);
    }

    /**
     * Publishes values, such as {@code image-id} and {@code version}: as GitHub step outputs when the job has them,
     * and always in the dotenv file. Names are lower case with dashes; {@code null} values are left out.
     *
     * @return the files written
     */
    public List<Path> outputs(Map<String, String> values) throws IOException {
        Map<String, String> present = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value != null) {
                present.put(name, value.replace('\n', ' ').replace('\r', ' '));
            }
        });
        List<Path> written = new ArrayList<>();
        if (present.isEmpty()) {
            return written;
        }
        String output = environment.get(STEP_OUTPUT);
        if (output != null && !output.isBlank()) {
            StringBuilder lines = new StringBuilder();
            present.forEach((name, value) ->
                    lines.append(name).append('=').append(value).append('\n'));
            Path file = Path.of(output);
            Files.writeString(
                    file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            written.add(file);
        }
        written.add(dotenv(present));
        return written;
    }

    private Path dotenv(Map<String, String> values) throws IOException {
        Files.createDirectories(outputDirectory);
        Path file = outputDirectory.resolve(DOTENV);
        Map<String, String> all = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    all.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        }
        values.forEach((name, value) -> all.put(dotenvName(name), value));
        StringBuilder text = new StringBuilder();
        all.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** {@code image-id} becomes {@code MARKETPLACE_IMAGE_ID}. */
    static String dotenvName(String name) {
        return "MARKETPLACE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
