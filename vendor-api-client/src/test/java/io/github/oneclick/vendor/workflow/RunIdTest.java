package io.github.oneclick.vendor.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.vendor.InvalidSettingException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunIdTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T16:11:00.750Z"), ZoneOffset.UTC);

    @Test
    void anIdIsTheUtcStartSecondAndSixHexDigits() {
        RunId id = RunId.generate(CLOCK, new Random(1));

        assertThat(id.value()).matches("20261202t161100z-[0-9a-f]{6}");
        assertThat(id.startedAt()).isEqualTo(Instant.parse("2026-12-02T16:11:00Z"));
    }

    @Test
    void twoRunsInTheSameSecondGetDifferentIds() {
        assertThat(RunId.generate(CLOCK)).isNotEqualTo(RunId.generate(CLOCK));
    }

    @Test
    void theRunIsReadBackFromADropletsTagsAndAKeysName() {
        RunId id = new RunId("20261202t161100z-7f3a9c");

        assertThat(id.dropletTag()).isEqualTo("oneclick-run:20261202t161100z-7f3a9c");
        assertThat(id.keyName()).isEqualTo("oneclick-marketplace-20261202t161100z-7f3a9c");
        assertThat(RunId.fromTags(List.of("web", RunId.MARKER_TAG, id.dropletTag())))
                .hasValue(id);
        assertThat(RunId.fromKeyName(id.keyName())).hasValue(id);
    }

    @Test
    void tagsAndNamesThatOnlyLookLikeARunAreNotOne() {
        assertThat(RunId.fromTags(List.of(RunId.MARKER_TAG, "oneclick-run:yesterday")))
                .isEmpty();
        assertThat(RunId.fromTags(List.of("oneclick-run:20261302t161100z-7f3a9c")))
                .as("month 13")
                .isEmpty();
        assertThat(RunId.fromKeyName("oneclick-marketplace-deploy-key")).isEmpty();
        assertThat(RunId.fromKeyName("laptop")).isEmpty();
        assertThat(RunId.fromTags(null)).isEmpty();
    }

    @Test
    void aMalformedIdIsRefusedNamingTheSettingAndTheForm() {
        assertThatThrownBy(() -> new RunId("20261202-161100"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("runId '20261202-161100'")
                .hasMessageContaining("20261202t161100z-7f3a9c");
    }
}
