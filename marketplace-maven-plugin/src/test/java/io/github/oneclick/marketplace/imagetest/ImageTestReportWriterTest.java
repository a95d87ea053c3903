package io.github.oneclick.marketplace.imagetest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.marketplace.validation.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ImageTestReportWriterTest {
    @TempDir
    Path dir;

    private static ImageTestReport report() {
        return new ImageTestReport(
                new ImageTestReport.Subject(171234567, "acme|lemp <2.0.2>", 4242, "nyc3", "s-1vcpu-1gb"),
                "root@203.0.113.7:22",
                Instant.parse("2026-12-02T16:30:00.123Z"),
                List.of(
                        new ImageCheck(
                                ImageCheck.FIRST_BOOT, null, Status.PASS, "cloud-init finished.", List.of(), null),
                        new ImageCheck(
                                ImageCheck.SERVICE,
                                "mysql",
                                Status.FAIL,
                                "mysql is inactive.",
                                List.of("a & b"),
                                "systemctl enable mysql"),
                        new ImageCheck(ImageCheck.PER_INSTANCE, null, Status.OK, "No scripts.", List.of(), null)));
    }

    @Test
    void theThreeFilesAreWrittenAndTheJsonCarriesEveryCheckAndTheVerdict() throws Exception {
        List<Path> written = new ImageTestReportWriter().write(report(), dir);

        assertThat(written)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("image-test.json", "TEST-marketplace-image-test.xml", "image-test.md");
        JsonNode json =
                new ObjectMapper().readTree(dir.resolve("image-test.json").toFile());
        assertThat(json.path("failed").asBoolean()).isTrue();
        assertThat(json.path("imageId").asLong()).isEqualTo(171234567);
        assertThat(json.path("checks")).hasSize(3);
        assertThat(json.path("checks").get(1).path("fix").asText()).isEqualTo("systemctl enable mysql");
        assertThat(json.path("failureSummary").get(0).asText())
                .isEqualTo("[FAIL] IMG-SERVICE[mysql]: mysql is inactive.");
    }

    @Test
    void theJunitXmlParsesAndCountsAFailureAndAnInformationalLineAsSkipped() throws Exception {
        String xml = new ImageTestReportWriter().junitXml(report());

        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        var suite = doc.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("timestamp")).isEqualTo("2026-12-02T16:30:00");
        assertThat(doc.getElementsByTagName("failure").item(0).getTextContent()).contains("a & b");
    }

    @Test
    void theMarkdownKeepsEachCheckOnOneTableRow() {
        String md = new ImageTestReportWriter().markdown(report());

        assertThat(md).startsWith("## Marketplace image test: failed");
        assertThat(md).contains("acme\\|lemp &lt;2.0.2&gt;");
        assertThat(md.lines().filter(l -> l.startsWith("| ")).count()).isEqualTo(4);
    }
}
