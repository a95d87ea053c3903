package io.github.oneclick.vendor.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotRequestTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T23:04:05Z"), ZoneOffset.UTC);

    @Test
    void defaultsAreThoseDocumented() {
        SnapshotRequest request =
                SnapshotRequest.builder().dropletId(1).snapshotName("x").build();

        assertThat(request.shutdownTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(request.snapshotTimeout()).isEqualTo(Duration.ofMinutes(60));
        assertThat(request.pollInterval().initial()).isEqualTo(Duration.ofSeconds(2));
        assertThat(request.pollInterval().max()).isEqualTo(Duration.ofSeconds(10));
        assertThat(request.progressInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(request.transferRegions()).isEmpty();
        assertThat(request.powerOnAfter()).isFalse();
        assertThat(request.destroyDroplet()).isFalse();
        assertThat(request.dryRun()).isFalse();
    }

    @Test
    void theDefaultSnapshotTimeoutScalesWithTheDiskAtThreeMinutesPerGbPlusTenNeverBelowAnHour() {
        SnapshotRequest unknown =
                SnapshotRequest.builder().dropletId(1).snapshotName("x").build();
        SnapshotRequest forty = SnapshotRequest.builder()
                .dropletId(1)
                .snapshotName("x")
                .diskUsedGb(40)
                .build();
        SnapshotRequest small = SnapshotRequest.builder()
                .dropletId(1)
                .snapshotName("x")
                .diskUsedGb(5)
                .build();

        // the droplet's whole disk bounds the disk in use when that is not given
        assertThat(unknown.snapshotTimeout(160)).isEqualTo(Duration.ofMinutes(490));
        assertThat(unknown.snapshotTimeout(25)).isEqualTo(Duration.ofMinutes(85));
        assertThat(unknown.snapshotTimeout(null)).isEqualTo(Duration.ofMinutes(60));
        assertThat(unknown.snapshotTimeoutSet()).isFalse();
        assertThat(unknown.snapshotSchedule()).isNull();
        // the disk in use, when given, wins over the droplet's disk
        assertThat(forty.snapshotTimeout(160)).isEqualTo(Duration.ofMinutes(130));
        assertThat(forty.snapshotTimeout()).isEqualTo(Duration.ofMinutes(130));
        assertThat(forty.snapshotSchedule()).isEqualTo(PollSchedule.forSnapshot(40));
        // never below today's hour
        assertThat(small.snapshotTimeout(10)).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void aSnapshotTimeoutSetWinsOverTheScaledDefault() {
        SnapshotRequest request = SnapshotRequest.builder()
                .dropletId(1)
                .snapshotName("x")
                .diskUsedGb(200)
                .snapshotTimeout(Duration.ofMinutes(20))
                .build();

        assertThat(request.snapshotTimeoutSet()).isTrue();
        assertThat(request.snapshotTimeout(500)).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void diskUsedAndResumeActionMustBePositive() {
        assertThatThrownBy(() -> SnapshotRequest.builder().diskUsedGb(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("diskUsedGb");
        assertThatThrownBy(() -> SnapshotRequest.builder().resumeActionId(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resumeActionId");
    }

    @Test
    void defaultNameIsArtifactIdVersionAndUtcTimestamp() {
        SnapshotRequest request = SnapshotRequest.builder()
                .dropletName("build")
                .defaultName("wp-1click", "6.8.1")
                .clock(CLOCK.withZone(ZoneOffset.ofHours(9)))
                .build();

        assertThat(request.snapshotName()).isEqualTo("wp-1click-6.8.1-20260301-230405");
    }

    @Test
    void anExplicitNameWinsOverTheDefault() {
        SnapshotRequest request = SnapshotRequest.builder()
                .dropletId(1)
                .defaultName("a", "1")
                .snapshotName(" mine ")
                .build();

        assertThat(request.snapshotName()).isEqualTo("mine");
    }

    @Test
    void noDropletSelectorIsRefusedNamingTheThreeFields() {
        assertThatThrownBy(() -> SnapshotRequest.builder().snapshotName("x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropletId, dropletName, dropletTag")
                .hasMessageContaining("none is set");
    }

    @Test
    void twoDropletSelectorsAreRefused() {
        assertThatThrownBy(() -> SnapshotRequest.builder()
                        .dropletId(1)
                        .dropletTag("t")
                        .snapshotName("x")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one");
    }

    @Test
    void blankOrNonPositiveSelectorsAreRefusedAtOnce() {
        assertThatThrownBy(() -> SnapshotRequest.builder().dropletId(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dropletId");
        assertThatThrownBy(() -> SnapshotRequest.builder().dropletName(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dropletName");
        assertThatThrownBy(() -> SnapshotRequest.builder().dropletTag(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dropletTag");
    }

    @Test
    void snapshotNameOverTheLimitIsRefused() {
        String name = "n".repeat(SnapshotRequest.MAX_NAME_LENGTH + 1);

        assertThatThrownBy(() -> SnapshotRequest.builder().snapshotName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("snapshotName must be at most 255 characters, was 256");
        assertThat(SnapshotRequest.builder()
                        .dropletId(1)
                        .snapshotName("n".repeat(255))
                        .build()
                        .snapshotName())
                .hasSize(255);
    }

    @Test
    void defaultNameOverTheLimitIsRefused() {
        assertThatThrownBy(() -> SnapshotRequest.builder()
                        .dropletId(1)
                        .defaultName("a".repeat(250), "1.0")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("snapshotName");
    }

    @Test
    void snapshotNameWithALineBreakIsRefused() {
        assertThatThrownBy(() -> SnapshotRequest.builder().snapshotName("a\nb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control characters");
    }

    @Test
    void noNameAndNoDefaultNamePartsIsRefused() {
        assertThatThrownBy(() -> SnapshotRequest.builder().dropletId(1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("snapshotName");
    }

    @Test
    void zeroOrNegativeTimeoutsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> SnapshotRequest.builder().shutdownTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("shutdownTimeout must be longer than zero");
        assertThatThrownBy(() -> SnapshotRequest.builder().snapshotTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("snapshotTimeout must be longer than zero");
        assertThatThrownBy(() -> SnapshotRequest.builder().transferTimeout(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("transferTimeout");
        assertThatThrownBy(() -> SnapshotRequest.builder().pollInterval(Duration.ZERO, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pollInterval");
        assertThatThrownBy(() -> SnapshotRequest.builder().pollInterval(Duration.ofSeconds(10), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxPollInterval");
    }

    @Test
    void powerOnAndDestroyTogetherAreRefused() {
        assertThatThrownBy(() -> SnapshotRequest.builder()
                        .dropletId(1)
                        .snapshotName("x")
                        .powerOnAfter(true)
                        .destroyDroplet(true)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("powerOnAfter, destroyDroplet");
    }

    @Test
    void transferRegionsAreCheckedLowerCasedAndDeduplicated() {
        SnapshotRequest request = SnapshotRequest.builder()
                .dropletId(1)
                .snapshotName("x")
                .transferRegions(List.of("AMS3", " sgp1", "ams3"))
                .build();

        assertThat(request.transferRegions()).containsExactly("ams3", "sgp1");
        assertThatThrownBy(() -> SnapshotRequest.builder().transferRegions(List.of("New York")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("transferRegions");
    }
}
