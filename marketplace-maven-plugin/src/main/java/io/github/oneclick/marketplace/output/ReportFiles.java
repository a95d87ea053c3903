package io.github.oneclick.marketplace.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The pieces both report writers (validation and image test) share: the JSON, the JUnit testcase elements and the
 * Markdown cells. What each report says stays in its own writer; {@link ReportForms} writes the files.
 */
public final class ReportFiles {
    /** JUnit's timestamp: ISO 8601 in UTC, whole seconds, without a zone (the JUnit schemas reject one). */
    private static final DateTimeFormatter JUNIT_TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private ReportFiles() {}

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

    /** A check's name as a Markdown code cell: escaped for the table, with no backtick to end the code span early. */
    public static void nameCell(StringBuilder md, String name) {
        md.append('`').append(Markup.markdownCell(name).replace("`", "'")).append('`');
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
