package io.github.oneclick.marketplace.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CiOutputsTest {

    @Test
    void valuesGoToTheGitHubStepOutputsAndTheDotenvFileWhereLaterGoalsReplaceThem(@TempDir Path dir) throws Exception {
        Path output = Files.writeString(dir.resolve("github-output"), "earlier=1\n");
        CiOutputs ci = new CiOutputs(Map.of("GITHUB_OUTPUT", output.toString()), dir.resolve("marketplace"));
        Map<String, String> snapshot = new LinkedHashMap<>();
        snapshot.put("image-id", "140000005");
        snapshot.put("snapshot-name", "acme-lemp-2.0.2-20261202-101500");
        Map<String, String> release = new LinkedHashMap<>();
        release.put("image-id", "140000005");
        release.put("version", "2.0.2");
        release.put("listing-status", "pending");
        release.put("nothing", null);

        ci.outputs(snapshot);
        ci.outputs(release);

        assertThat(Files.readString(output))
                .isEqualTo("earlier=1\nimage-id=140000005\n"
                        + "snapshot-name=acme-lemp-2.0.2-20261202-101500\nimage-id=140000005\nversion=2.0.2\n"
                        + "listing-status=pending\n");
        assertThat(Files.readString(dir.resolve("marketplace").resolve(CiOutputs.DOTENV)))
                .isEqualTo("MARKETPLACE_IMAGE_ID=140000005\nMARKETPLACE_SNAPSHOT_NAME=acme-lemp-2.0.2-20261202-101500\n"
                        + "MARKETPLACE_VERSION=2.0.2\nMARKETPLACE_LISTING_STATUS=pending\n");
    }

    @Test
    void withoutGitHubOnlyTheDotenvFileIsWrittenAndTheSummaryIsSkipped(@TempDir Path dir) throws Exception {
        CiOutputs ci = new CiOutputs(Map.of(), dir);

        assertThat(ci.outputs(Map.of("version", "2.0.2"))).containsExactly(dir.resolve(CiOutputs.DOTENV));
        assertThat(ci.summary("## Release")).isEmpty();
    }

    @Test
    void theStepSummaryIsAppendedToAfterABlankLine(@TempDir Path dir) throws Exception {
        Path summary = Files.writeString(dir.resolve("summary.md"), "## Validation\n");

        new CiOutputs(Map.of("GITHUB_STEP_SUMMARY", summary.toString()), dir).summary("### Snapshot\n\nImage `1`.");

        assertThat(Files.readString(summary)).isEqualTo("## Validation\n\n### Snapshot\n\nImage `1`.\n");
    }

    @Test
    void aNewStepSummaryStartsWithTheSection(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("summary.md");

        new CiOutputs(Map.of("GITHUB_STEP_SUMMARY", summary.toString()), dir).summary("### Release");

        assertThat(Files.readString(summary)).isEqualTo("### Release\n");
    }
}
