package io.github.oneclick.marketplace.imagetest;

import io.github.oneclick.marketplace.output.Markup;
import io.github.oneclick.marketplace.output.ReportFiles;
import io.github.oneclick.marketplace.output.ReportForms;
import io.github.oneclick.marketplace.validation.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link ImageTestReport} as {@value #JSON}, JUnit XML ({@value #JUNIT}, one testcase per check) and a
 * Markdown summary ({@value #MARKDOWN}), like the validation reports; the goal also appends the Markdown to the CI's
 * step summary.
 */
public final class ImageTestReportWriter extends ReportForms<ImageTestReport> {
    public static final String JSON = "image-test.json";
    public static final String JUNIT = "TEST-marketplace-image-test.xml";
    public static final String MARKDOWN = "image-test.md";
    /** The version of the JSON layout. */
    public static final int JSON_FORMAT = 1;

    public ImageTestReportWriter() {
        super(JSON, JUNIT, MARKDOWN);
    }

    @Override
    public String json(ImageTestReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", JSON_FORMAT);
        root.put("imageId", report.subject().imageId());
        root.put("imageName", report.subject().imageName());
        root.put("dropletId", report.subject().dropletId());
        root.put("region", report.subject().region());
        root.put("size", report.subject().size());
        root.put("target", report.target());
        root.put("executedAt", report.executedAt().toString());
        root.put("failed", report.failed());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("passed", report.passed());
        counts.put("warnings", report.warnings());
        counts.put("failed", report.failures());
        root.put("counts", counts);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (ImageCheck c : report.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("subject", c.subject());
            m.put("status", c.status().name());
            m.put("message", c.message());
            m.put("details", c.details());
            m.put("fix", c.fix());
            checks.add(m);
        }
        root.put("checks", checks);
        root.put("failureSummary", report.failureSummary());
        return ReportFiles.json(root);
    }

    /** JUnit XML as CI servers read it: a FAIL is a {@code <failure>}, a WARN and an OK line are {@code <skipped>}. */
    @Override
    public String junitXml(ImageTestReport report) {
        StringBuilder cases = new StringBuilder();
        int failures = 0;
        int skipped = 0;
        for (ImageCheck c : report.checks()) {
            ReportFiles.openTestcase(cases, "marketplace.image-test." + c.id(), c.name());
            String text = text(c);
            if (c.status() == Status.FAIL) {
                failures++;
                ReportFiles.outcome(cases, "failure", "FAIL", c.message(), text);
            } else if (c.status() == Status.PASS) {
                cases.append("    <system-out>").append(Markup.xml(text)).append("</system-out>\n");
            } else {
                skipped++;
                ReportFiles.outcome(
                        cases, "skipped", c.status().name(), c.status().tag() + " " + c.message(), text);
            }
            cases.append("  </testcase>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuite name=\"marketplace-image-test\" tests=\""
                + report.checks().size() + "\" failures=\""
                + failures + "\" errors=\"0\" skipped=\"" + skipped + "\" time=\"0\" timestamp=\""
                + ReportFiles.junitTimestamp(report.executedAt()) + "\" hostname=\"" + Markup.xml(report.target())
                + "\">\n"
                + "  <properties>\n"
                + "    <property name=\"imageId\" value=\"" + report.subject().imageId() + "\"/>\n"
                + "    <property name=\"dropletId\" value=\"" + report.subject().dropletId() + "\"/>\n"
                + "    <property name=\"size\" value=\""
                + Markup.xml(report.subject().size()) + "\"/>\n"
                + "  </properties>\n" + cases + "</testsuite>\n";
    }

    @Override
    public String markdown(ImageTestReport report) {
        StringBuilder md = new StringBuilder();
        md.append("## Marketplace image test: ")
                .append(report.failed() ? "failed" : "passed")
                .append("\n\n");
        md.append("Image `")
                .append(report.subject().imageId())
                .append("` (")
                .append(Markup.markdownCell(report.subject().imageName()))
                .append(") on droplet ")
                .append(report.subject().dropletId())
                .append(", `")
                .append(report.subject().size())
                .append("` in ")
                .append(report.subject().region())
                .append(", ")
                .append(report.executedAt())
                .append(".\n\n");
        ReportFiles.counts(md, report.passed(), report.warnings(), report.failures());
        md.append(".\n\n| Status | Check | Result |\n|---|---|---|\n");
        for (ImageCheck c : report.checks()) {
            md.append("| ").append(c.status().badge()).append(" | ");
            ReportFiles.nameCell(md, c.name());
            md.append(" | ");
            ReportFiles.resultCell(md, c.message(), c.details(), c.fix());
            md.append(" |\n");
        }
        return md.toString();
    }

    private static String text(ImageCheck c) {
        StringBuilder text = new StringBuilder(c.status().tag()).append(' ').append(c.message());
        c.details().forEach(d -> text.append('\n').append(d));
        if (c.fix() != null) {
            text.append("\nFix: ").append(c.fix());
        }
        return text.toString();
    }
}
