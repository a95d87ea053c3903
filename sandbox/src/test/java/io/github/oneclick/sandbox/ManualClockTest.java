package io.github.oneclick.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    private static final Instant START = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void sleepingRecordsTheWaitAndMovesTheClockByItAtOnce() {
        ManualClock clock = new ManualClock(START);
        Consumer<Duration> sleeper = clock::sleep;

        sleeper.accept(Duration.ofMillis(750));
        sleeper.accept(Duration.ofSeconds(2));

        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(750), Duration.ofSeconds(2));
        assertThat(clock.instant()).isEqualTo(START.plusMillis(2750));
    }

    @Test
    void zeroAndNegativeSleepsAreRecordedButLeaveTheClockWhereItIs() {
        ManualClock clock = new ManualClock(START);

        clock.sleep(Duration.ZERO);
        clock.sleep(Duration.ofSeconds(-1));

        assertThat(clock.sleeps()).containsExactly(Duration.ZERO, Duration.ofSeconds(-1));
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void advancingMovesTheClockWithoutRecordingASleep() {
        ManualClock clock = new ManualClock(START);

        clock.advance(Duration.ofMinutes(1));

        assertThat(clock.sleeps()).isEmpty();
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(60));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingTheClockStartsANewTimelineWithoutSleeps() {
        ManualClock clock = new ManualClock(START);
        clock.sleep(Duration.ofSeconds(5));

        clock.set(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void aSandboxOnTheClockSeesEverySleep() {
        ManualClock clock = new ManualClock(START);
        try (Sandbox sandbox = Sandbox.builder().clock(clock).start()) {
            clock.sleep(Duration.ofSeconds(30));

            assertThat(sandbox.clock().instant()).isEqualTo(START.plusSeconds(30));
            assertThat(sandbox.manualClock().sleeps()).containsExactly(Duration.ofSeconds(30));
        }
    }

    @Test
    void aClockInAnotherZoneSharesTheTimeAndTheSleeps() {
        ManualClock clock = new ManualClock(START);
        ManualClock tokyo = (ManualClock) clock.withZone(ZoneOffset.ofHours(9));

        tokyo.sleep(Duration.ofSeconds(5));

        assertThat(clock.instant()).isEqualTo(START.plusSeconds(5));
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5));
    }
}
