package io.github.oneclick.marketplace.validation;

import io.github.oneclick.marketplace.output.Markup;
import io.github.oneclick.marketplace.output.ReportFiles;
import io.github.oneclick.marketplace.output.ReportForms;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link ValidationReport} as {@value #JSON}, JUnit XML ({@value #JUNIT}, one testcase per check) and a
 * Markdown summary ({@value #MARKDOWN}); the goal also appends the Markdown to the CI's step summary.
 */
public final class ReportWriter extends ReportForms<ValidationReport> {
    public static final String JSON = "validation.json";
    public static final String JUNIT = "TEST-marketplace-validation.xml";
    public static final String MARKDOWN = "validation.md";
    /** The version of the JSON layout. */
    public static final int JSON_FORMAT = 1;

    public ReportWriter() {
        super(JSON, JUNIT, MARKDOWN);
    }

    @Override
    public String json(ValidationReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", JSON_FORMAT);
        root.put("upstream", ValidationReport.UPSTREAM);
        root.put("target", report.target());
        root.put("executedAt", report.executedAt().toString());
        root.put("distribution", report.osName());
        root.put("version", report.osVersion());
        root.put("status", report.status());
        root.put("exitCode", report.exitCode());
        root.put("failed", report.failed());
        root.put("failOnWarning", report.failOnWarning());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("passed", report.passed());
        counts.put("warnings", report.warnings());
        counts.put("failed", report.failures());
        counts.put("skipped", report.skipped());
        root.put("counts", counts);
        List<Map<String, Object>> results = new ArrayList<>();
        for (CheckResult r : report.results()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("subject", r.subject());
            m.put("status", r.status().name());
            m.put("message", r.message());
            m.put("details", r.details());
            m.put("fix", r.fix());
            m.put("upstreamWording", r.upstreamWording());
            m.put("parity", r.parity().name());
            m.put("stricter", r.stricter());
            m.put("note", r.note());
            m.put("title", r.rule().title());
            m.put("severity", r.rule().severity().name());
            m.put(
                    "upstreamCheck",
                    r.rule().upstream().checked() ? r.rule().upstream().reference() : null);
            results.add(m);
        }
        root.put("results", results);
        root.put("failureSummary", report.failureSummary());
        return ReportFiles.json(root);
    }

    /**
     * JUnit XML as the junit-10 schema of Jenkins' xunit plugin (and GitLab) reads it: one testcase per result, plus
     * one passing testcase for each applied rule without results. A FAIL (and a WARN with failOnWarning) is a
     * {@code <failure>}; a WARN is otherwise {@code <skipped>} with the finding, never a pass; a SKIP is
     * {@code <skipped>}. The timestamp is UTC without a zone, as the schemas expect.
     */
    @Override
    public String junitXml(ValidationReport report) {
        StringBuilder cases = new StringBuilder();
        int tests = 0;
        int failures = 0;
        int skipped = 0;
        Set<String> reported = new HashSet<>();
        for (CheckResult r : report.results()) {
            reported.add(r.id());
            tests++;
            ReportFiles.openTestcase(cases, "marketplace.validation." + r.id(), r.name());
            boolean failing = r.status() == Status.FAIL || (r.status() == Status.WARN && report.failOnWarning());
            if (failing) {
                failures++;
                ReportFiles.outcome(cases, "failure", r.status().name(), r.message(), junitText(r));
            } else if (r.status() == Status.WARN) {
                skipped++;
                ReportFiles.outcome(cases, "skipped", "WARN", r.status().tag() + " " + r.message(), junitText(r));
            } else if (r.status() == Status.SKIP) {
                skipped++;
                cases.append("    <skipped message=\"")
                        .append(Markup.xml(r.message()))
                        .append("\"/>\n");
            } else {
                cases.append("    <system-out>")
                        .append(Markup.xml(r.status().tag() + " " + junitText(r)))
                        .append("</system-out>\n");
            }
            cases.append("  </testcase>\n");
        }
        for (Rule rule : report.rules()) {
            if (reported.contains(rule.id())) {
                continue;
            }
            tests++;
            ReportFiles.openTestcase(cases, "marketplace.validation." + rule.id(), rule.id());
            cases.append("    <system-out>")
                    .append(Markup.xml("No findings: " + rule.title()))
                    .append("</system-out>\n  </testcase>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuite name=\"marketplace-validation\" tests=\"" + tests + "\" failures=\"" + failures
                + "\" errors=\"0\" skipped=\"" + skipped + "\" time=\"0\" timestamp=\""
                + ReportFiles.junitTimestamp(report.executedAt()) + "\" hostname=\"" + Markup.xml(report.target())
                + "\">\n"
                + "  <properties>\n"
                + "    <property name=\"distribution\" value=\"" + Markup.xml(report.osName()) + "\"/>\n"
                + "    <property name=\"version\" value=\"" + Markup.xml(report.osVersion()) + "\"/>\n"
                + "    <property name=\"upstream\" value=\"" + Markup.xml(ValidationReport.UPSTREAM) + "\"/>\n"
                + "  </properties>\n" + cases + "</testsuite>\n";
    }

    /** The message, details, fix and upstream note of a result, one per line. */
    private static String junitText(CheckResult r) {
        StringBuilder text = new StringBuilder(r.message());
        r.details().forEach(d -> text.append('\n').append(d));
        if (r.fix() != null) {
            text.append("\nFix: ").append(r.fix());
        }
        if (r.note() != null) {
            text.append("\n(")
                    .append(r.stricter() ? "stricter than " : "vs ")
                    .append(ValidationReport.UPSTREAM)
                    .append(": ")
                    .append(r.note())
                    .append(')');
        }
        return text.toString();
    }

    @Override
    public String markdown(ValidationReport report) {
        StringBuilder md = new StringBuilder();
        String verdict = report.failed() ? "failed" : report.warnings() > 0 ? "passed with warnings" : "passed";
        md.append("## Marketplace image validation: ").append(verdict).append("\n\n");
        md.append("Target `")
                .append(report.target())
                .append("`, ")
                .append(Markup.markdownCell(report.osName()))
                .append(' ')
                .append(Markup.markdownCell(report.osVersion()))
                .append(", ")
                .append(report.executedAt())
                .append(".\n\n");
        ReportFiles.counts(md, report.passed(), report.warnings(), report.failures());
        if (report.skipped() > 0) {
            md.append(", ").append(report.skipped()).append(" skipped");
        }
        md.append(".\n\n| Status | Check | Result | Compared with ")
                .append(ValidationReport.UPSTREAM)
                .append(" |\n|---|---|---|---|\n");
        for (CheckResult r : report.results()) {
            String parity = r.stricter()
                    ? "**stricter**: " + r.note()
                    : r.parity() == Parity.CORRECTED
                            ? "differs: " + r.note()
                            : r.parity() == Parity.NEW ? "not checked upstream" : "same";
            md.append("| ").append(r.status().badge()).append(" | ");
            ReportFiles.nameCell(md, r.name());
            md.append(" | ");
            ReportFiles.resultCell(md, r.message(), r.details(), r.fix());
            md.append(" | ").append(Markup.markdownCell(parity)).append(" |\n");
        }
        return md.toString();
    }
}
