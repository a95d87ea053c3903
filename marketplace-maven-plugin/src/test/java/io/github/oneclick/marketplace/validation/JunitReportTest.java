package io.github.oneclick.marketplace.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReportTest {

    /** PASS, OK, WARN (inactive ufw), FAIL (agent directory) and SKIP (MP-MOTD) results. */
    private static ValidationReport report(boolean failOnWarning) {
        FactFile facts = FactFile.load("ubuntu-24.04")
                .replace("ufw.status", "ufw.status | inactive")
                .replace("dir | /opt/digitalocean", "dir | /opt/digitalocean | 1");
        ValidationOptions options = ValidationOptions.builder()
                .skipCheck("MP-MOTD")
                .failOnWarning(failOnWarning)
                .build();
        ValidationReport report = new ValidationReport(
                "ssh root@203.0.113.7:22",
                "Ubuntu",
                "24.04",
                Instant.parse("2026-12-02T01:55:10.123456Z"),
                facts.evaluation(options),
                failOnWarning);
        assertThat(report.results())
                .extracting(CheckResult::status)
                .contains(Status.PASS, Status.OK, Status.WARN, Status.FAIL, Status.SKIP);
        return report;
    }

    private static Element suite(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document =
                factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return document.getDocumentElement();
    }

    private static Element testcase(Element suite, String name) {
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("name").equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no testcase " + name);
    }

    private static List<String> children(Element testcase) {
        List<String> names = new ArrayList<>();
        NodeList nodes = testcase.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e) {
                names.add(e.getTagName());
            }
        }
        return names;
    }

    private static long casesWith(Element suite, String child) {
        NodeList cases = suite.getElementsByTagName("testcase");
        long n = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            if (children((Element) cases.item(i)).contains(child)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void reportWithEveryStatus_isValidAgainstTheJunitSchemaOfJenkinsXunit() throws Exception {
        URL xsd = JunitReportTest.class.getResource("/junit/junit-10.xsd");
        var validator = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(xsd)
                .newValidator();

        for (boolean failOnWarning : new boolean[] {false, true}) {
            String xml = new ReportWriter().junitXml(report(failOnWarning));

            validator.validate(new StreamSource(new StringReader(xml)));
        }
    }

    @Test
    void timestamp_isUtcWholeSecondsWithoutAZone() throws Exception {
        Element suite = suite(new ReportWriter().junitXml(report(false)));

        assertThat(suite.getAttribute("timestamp")).isEqualTo("2026-12-02T01:55:10");
    }

    @Test
    void warning_isSkippedWithItsMessageAndNeverAPass() throws Exception {
        Element firewall = testcase(suite(new ReportWriter().junitXml(report(false))), "MP-FIREWALL");

        assertThat(children(firewall)).contains("skipped").doesNotContain("failure");
        Element skipped = (Element) firewall.getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message"))
                .isEqualTo("[WARN] No firewall is configured. Ensure ufw is installed and configured");
        assertThat(skipped.getTextContent()).contains("Fix: Enable a firewall that allows SSH");
    }

    @Test
    void warningWithFailOnWarning_isAFailure() throws Exception {
        Element firewall = testcase(suite(new ReportWriter().junitXml(report(true))), "MP-FIREWALL");

        assertThat(children(firewall)).containsExactly("failure");
        assertThat(((Element) firewall.getElementsByTagName("failure").item(0)).getAttribute("type"))
                .isEqualTo("WARN");
    }

    @Test
    void failure_hasItsMessageTypeAndFix() throws Exception {
        Element agent = testcase(suite(new ReportWriter().junitXml(report(false))), "MP-DO-AGENT");

        Element failure = (Element) agent.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("DigitalOcean directory detected.");
        assertThat(failure.getAttribute("type")).isEqualTo("FAIL");
        assertThat(failure.getTextContent())
                .contains("apt-get purge droplet-agent")
                .contains("Fix: Or build with droplet_agent = false");
    }

    @Test
    void skippedRule_isSkipped() throws Exception {
        Element motd = testcase(suite(new ReportWriter().junitXml(report(false))), "MP-MOTD");

        assertThat(children(motd)).containsExactly("skipped");
    }

    @Test
    void passAndInformationalLines_arePassesWithTheirText() throws Exception {
        Element suite = suite(new ReportWriter().junitXml(report(false)));

        assertThat(children(testcase(suite, "MP-OS-SUPPORTED"))).containsExactly("system-out");
        Element rootSsh = testcase(suite, "MP-ROOT-SSH[root]");
        assertThat(children(rootSsh)).containsExactly("system-out");
        assertThat(rootSsh.getElementsByTagName("system-out").item(0).getTextContent())
                .isEqualTo("[ OK ] User root has no SSH keys present");
    }

    @Test
    void suiteCounts_matchTheTestcases() throws Exception {
        for (boolean failOnWarning : new boolean[] {false, true}) {
            ValidationReport report = report(failOnWarning);
            Element suite = suite(new ReportWriter().junitXml(report));

            assertThat(suite.getAttribute("tests"))
                    .isEqualTo(String.valueOf(
                            suite.getElementsByTagName("testcase").getLength()));
            assertThat(suite.getAttribute("failures")).isEqualTo(String.valueOf(casesWith(suite, "failure")));
            assertThat(suite.getAttribute("skipped")).isEqualTo(String.valueOf(casesWith(suite, "skipped")));
            assertThat(suite.getAttribute("errors")).isEqualTo("0");
            assertThat(Long.parseLong(suite.getAttribute("failures")))
                    .isEqualTo(report.failures() + (failOnWarning ? report.warnings() : 0));
            assertThat(Long.parseLong(suite.getAttribute("skipped")))
                    .isEqualTo(report.skipped() + (failOnWarning ? 0 : report.warnings()));
        }
    }

    @Test
    void everyAppliedRule_hasATestcaseEvenWithoutFindings() throws Exception {
        ValidationReport report = report(false);
        Element suite = suite(new ReportWriter().junitXml(report));
        NodeList cases = suite.getElementsByTagName("testcase");
        List<String> classnames = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            classnames.add(((Element) cases.item(i)).getAttribute("classname"));
        }

        for (Rule rule : report.rules()) {
            assertThat(classnames).contains("marketplace.validation." + rule.id());
        }
        assertThat(report.rules()).extracting(Rule::id).doesNotContain("MP-CLEANUP");
    }
}
