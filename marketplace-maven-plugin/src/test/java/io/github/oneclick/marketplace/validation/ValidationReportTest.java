package io.github.oneclick.marketplace.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.marketplace.output.CiOutputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ValidationReportTest {

    private static ValidationReport report(FactFile facts, boolean failOnWarning) {
        return new ValidationReport(
                "ssh root@203.0.113.7:22",
                "Ubuntu",
                "24.04",
                Instant.parse("2026-01-02T03:04:05Z"),
                facts.evaluation(ValidationOptions.defaults()),
                failOnWarning);
    }

    private static FactFile defective() {
        return FactFile.load("ubuntu-24.04")
                .replace("ufw.status", "ufw.status | inactive")
                .with("sshfile | root | /root/.ssh/authorized_keys | 96 | public | 1")
                .replace("dir | /opt/digitalocean", "dir | /opt/digitalocean | 1");
    }

    @Test
    void cleanReport_endsWithTheUpstreamAllPassedLines() {
        ValidationReport r = report(FactFile.load("ubuntu-24.04"), false);

        assertThat(r.status()).isZero();
        assertThat(r.exitCode()).isZero();
        assertThat(r.failed()).isFalse();
        assertThat(r.consoleLines()).contains("Scan Complete.", "All Tests Passed!", "0 WARNINGS", "0 Tests FAILED");
        assertThat(r.consoleLines().get(r.consoleLines().size() - 1))
                .startsWith("We did not detect any issues with this image.");
    }

    @Test
    void onlyAFirewallWarning_givesTheWarningSummaryUnlikeUpstream() {
        ValidationReport r =
                report(FactFile.load("ubuntu-24.04").replace("ufw.status", "ufw.status | inactive"), false);

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.failed()).isFalse();
        assertThat(r.consoleLines()).contains("Some non-critical tests failed.  Please review these items.");
        assertThat(r.consoleLines())
                .anySatisfy(l -> assertThat(l)
                        .startsWith("[WARN] No firewall is configured")
                        .contains("stricter than 99-img-check.sh"));
    }

    @Test
    void warningWithFailOnWarning_failsTheGoal() {
        ValidationReport r = report(FactFile.load("ubuntu-24.04").replace("ufw.status", "ufw.status | inactive"), true);

        assertThat(r.failed()).isTrue();
        assertThat(r.exitCode()).isZero();
        assertThat(r.failureSummary()).singleElement().asString().startsWith("[WARN] MP-FIREWALL:");
    }

    @Test
    void failures_giveOneSummaryLineEachAndTheCriticalClosingLine() {
        ValidationReport r = report(defective(), false);

        assertThat(r.failed()).isTrue();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.failureSummary())
                .containsExactly(
                        "[FAIL] MP-ROOT-SSH[root]: User root has a populated authorized_keys file in"
                                + " /root/.ssh/authorized_keys",
                        "[FAIL] MP-DO-AGENT: DigitalOcean directory detected.");
        assertThat(r.consoleLines()).contains("2 Tests FAILED", "1 WARNINGS");
        assertThat(r.consoleLines().get(r.consoleLines().size() - 1)).startsWith("Some critical tests failed.");
    }

    @Test
    void userFindings_areIntroducedByACheckingUserLine() {
        ValidationReport r = report(
                FactFile.load("ubuntu-24.04")
                        .with(
                                "passwd | app | 1000 | /home/app | /bin/bash",
                                "shadow | app | ! | - | 1",
                                "home | app | /home/app | 0"),
                false);

        List<String> lines = r.consoleLines();
        int checking = lines.indexOf("Checking user: app...");
        assertThat(checking).isPositive();
        assertThat(lines.get(checking + 1)).isEqualTo("[PASS] User app has no password set.");
    }

    @Test
    void writer_writesJsonJunitAndMarkdownAndTheMarkdownGoesToTheStepSummary(@TempDir Path dir) throws Exception {
        ValidationReport r = report(defective(), false);
        Path summary = Files.writeString(dir.resolve("summary.md"), "previous step\n");

        ReportWriter writer = new ReportWriter();
        List<Path> files = writer.write(r, dir.resolve("out"));
        new CiOutputs(Map.of("GITHUB_STEP_SUMMARY", summary.toString()), dir.resolve("out"))
                .summary(writer.markdown(r));

        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("validation.json", "TEST-marketplace-validation.xml", "validation.md");
        JsonNode json =
                new ObjectMapper().readTree(dir.resolve("out/validation.json").toFile());
        assertThat(json.get("failed").asBoolean()).isTrue();
        assertThat(json.get("counts").get("failed").asInt()).isEqualTo(2);
        assertThat(json.get("results").get(0).get("id").asText()).isEqualTo("MP-OS-SUPPORTED");

        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(dir.resolve("out/TEST-marketplace-validation.xml").toFile());
        Element suite = xml.getDocumentElement();
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(Integer.parseInt(suite.getAttribute("tests"))).isEqualTo(cases.getLength());
        assertThat(cases.getLength()).isGreaterThanOrEqualTo(r.rules().size());

        String summaryText = Files.readString(summary);
        assertThat(summaryText).startsWith("previous step\n\n## Marketplace image validation: failed");
        assertThat(summaryText).contains("`MP-DO-AGENT`");
    }

    @Test
    void markdown_aCheckNameWithAPipeOrBacktick_staysInItsCellAndItsCodeSpan() {
        ValidationReport r = report(
                FactFile.load("ubuntu-24.04")
                        .with(
                                "passwd | a`b|c | 1000 | /home/abc | /bin/bash",
                                "shadow | a`b|c | ! | - | 1",
                                "home | a`b|c | /home/abc | 0"),
                false);

        List<String> rows = new ReportWriter()
                .markdown(r)
                .lines()
                .filter(l -> l.contains("[a'b\\|c]`"))
                .toList();

        // split at the pipes that are not escaped: five of them make four cells between the row's edges
        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            String[] cells = row.split("(?<!\\\\)\\|", -1);
            assertThat(cells).hasSize(6);
            assertThat(cells[2].strip()).matches("`MP-USER-[A-Z-]+\\[a'b\\\\\\|c]`");
        });
    }

    @Test
    void json_givesEachResultItsRulesTitleSeverityUpstreamCheckAndFix() throws Exception {
        JsonNode results = new ObjectMapper()
                .readTree(new ReportWriter().json(report(defective(), false)))
                .get("results");
        JsonNode firewall = null;
        JsonNode passed = null;
        for (JsonNode r : results) {
            if (r.get("id").asText().equals("MP-FIREWALL")) {
                firewall = r;
            } else if (r.get("id").asText().equals("MP-ARCH")) {
                passed = r;
            }
        }

        assertThat(firewall.get("title").asText()).isEqualTo("A firewall is active");
        assertThat(firewall.get("severity").asText()).isEqualTo("WARN");
        assertThat(firewall.get("upstreamCheck").asText()).isEqualTo("#4 firewall");
        assertThat(firewall.get("fix").asText()).startsWith("Enable a firewall that allows SSH");
        assertThat(passed.get("severity").asText()).isEqualTo("FAIL");
        assertThat(passed.get("upstreamCheck").isNull()).isTrue();
        assertThat(passed.get("fix").isNull()).isTrue();
    }

    @Test
    void writer_withoutStepSummary_writesOnlyTheThreeFiles(@TempDir Path dir) throws Exception {
        List<Path> files = new ReportWriter().write(report(FactFile.load("ubuntu-24.04"), false), dir);

        assertThat(files).hasSize(3);
    }

    @Test
    void junitXml_escapesMarkupInMessages() throws Exception {
        ValidationReport r =
                report(FactFile.load("ubuntu-24.04").replace("os.name", "os.name | <Evil & \"OS\">"), false);

        String xml = new ReportWriter().junitXml(r);

        assertThat(xml).contains("&lt;Evil &amp; &quot;OS&quot;&gt;");
        DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
