package io.github.oneclick.marketplace.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pieces both report writers (validation and image test) share: the three files, the JSON, the JUnit testcase
 * elements and the Markdown result cell. What each report says stays in its own writer.
 */
public final class ReportFiles {
    /** JUnit's timestamp: ISO 8601 in UTC, whole seconds, without a zone (the JUnit schemas reject one). */
    private static final DateTimeFormatter JUNIT_TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private ReportFiles() {}

    /**
     * Writes each file of {@code contents} (name to text, in order) into {@code directory}, created if missing.
     *
     * @return the files written, in order
     */
    static List<Path> write(Path directory, Map<String, String> contents) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Files.createDirectories(directory);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> file : contents.entrySet()) {
            written.add(Files.writeString(directory.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8));
        }
        return written;
    }

    /** A report's JSON tree as indented text with a final newline. */
    public static String json(Object tree) {
        try {
            return GoalOutputs.json().writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The testsuite's {@code timestamp}. */
    public static String junitTimestamp(Instant at) {
        return JUNIT_TIMESTAMP.format(at);
    }

    /** Opens a {@code <testcase>} of zero duration; the caller adds the outcome and {@code </testcase>}. */
    public static void openTestcase(StringBuilder cases, String classname, String name) {
        cases.append("  <testcase classname=\"")
                .append(Markup.xml(classname))
                .append("\" name=\"")
                .append(Markup.xml(name))
                .append("\" time=\"0\">\n");
    }

    /** A {@code <failure>} or {@code <skipped>} element with its type, message and text. */
    public static void outcome(StringBuilder cases, String element, String type, String message, String text) {
        cases.append("    <")
                .append(element)
                .append(" type=\"")
                .append(type)
                .append("\" message=\"")
                .append(Markup.xml(message))
                .append("\">")
                .append(Markup.xml(text))
                .append("</")
                .append(element)
                .append(">\n");
    }

    /** The Markdown summary's count line, without its final full stop. */
    public static void counts(StringBuilder md, long passed, long warnings, long failed) {
        md.append("**")
                .append(passed)
                .append("** passed, **")
                .append(warnings)
                .append("** warnings, **")
                .append(failed)
                .append("** failed");
    }

    /** A result's Markdown cell: the message, then each detail and the fix on a line of their own. */
    public static void resultCell(StringBuilder md, String message, List<String> details, String fix) {
        md.append(Markup.markdownCell(message));
        for (String d : details) {
            md.append("<br>").append(Markup.markdownCell(d.strip()));
        }
        if (fix != null) {
            md.append("<br>Fix: ").append(Markup.markdownCell(fix));
        }
    }
}
