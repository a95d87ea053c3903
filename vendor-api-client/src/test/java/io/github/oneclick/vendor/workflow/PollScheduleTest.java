package io.github.oneclick.vendor.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.vendor.InvalidSettingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule as a pure function of the elapsed time: no clock, no server. */
class PollScheduleTest {
    private static final PollSchedule TWENTY_GB = PollSchedule.forSnapshot(20);

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    /** The times of the polls up to {@code until}, as a wait on this schedule makes them. */
    private static List<Duration> polls(PollSchedule schedule, Duration until) {
        List<Duration> at = new ArrayList<>();
        Duration t = Duration.ZERO;
        while (t.compareTo(until) < 0) {
            t = t.plus(schedule.next(t));
            at.add(t);
        }
        return at;
    }

    @Test
    void aSnapshotIsExpectedToEndBetweenOneAndThreeMinutesPerGbInUse() {
        assertThat(TWENTY_GB.earliest()).isEqualTo(Duration.ofMinutes(20));
        assertThat(TWENTY_GB.latest()).isEqualTo(Duration.ofMinutes(60));
        assertThat(PollSchedule.forSnapshot(2.5).earliest()).isEqualTo(Duration.ofSeconds(150));
        assertThat(PollSchedule.slowestSnapshot(25)).isEqualTo(Duration.ofMinutes(75));
    }

    @Test
    void pausesStartAtTwoSecondsAndGrowWithTheElapsedTime() {
        assertThat(TWENTY_GB.next(Duration.ZERO)).isEqualTo(s(2));
        assertThat(TWENTY_GB.next(s(3))).isEqualTo(s(2));
        assertThat(TWENTY_GB.next(s(10))).isEqualTo(s(5));
        assertThat(TWENTY_GB.next(s(60))).isEqualTo(s(30));
    }

    @Test
    void farFromTheEarliestEndPausesAreCappedAtOneMinute() {
        assertThat(TWENTY_GB.next(Duration.ofMinutes(5))).isEqualTo(s(60));
        assertThat(TWENTY_GB.next(Duration.ofMinutes(15))).isEqualTo(s(60));
    }

    @Test
    void pausesCloseInOnTheEarliestEndByAQuarterOfTheTimeLeft() {
        assertThat(TWENTY_GB.next(Duration.ofMinutes(18))).isEqualTo(s(30));
        assertThat(TWENTY_GB.next(Duration.ofMinutes(19))).isEqualTo(s(15));
        assertThat(TWENTY_GB.next(Duration.ofMinutes(20).minus(s(12)))).isEqualTo(s(5));
    }

    @Test
    void fromTheEarliestEndOnEveryPauseIsFiveSecondsHoweverLongItTakes() {
        for (long minutes : new long[] {20, 21, 40, 60, 61, 600}) {
            assertThat(TWENTY_GB.next(Duration.ofMinutes(minutes)))
                    .as("at %d min", minutes)
                    .isEqualTo(s(5));
        }
    }

    @Test
    void noPauseIsLongerThanTheCapAndNoneAfterTheEarliestEndLongerThanFiveSeconds() {
        for (PollSchedule schedule : List.of(
                PollSchedule.forSnapshot(1), TWENTY_GB, PollSchedule.forSnapshot(60), PollSchedule.forSnapshot(400))) {
            List<Duration> at = polls(schedule, schedule.latest().plus(Duration.ofMinutes(5)));
            Duration previous = Duration.ZERO;
            for (Duration t : at) {
                Duration gap = t.minus(previous);
                assertThat(gap).isLessThanOrEqualTo(s(60)).isPositive();
                if (previous.compareTo(schedule.earliest()) >= 0) {
                    assertThat(gap).isLessThanOrEqualTo(s(5));
                }
                previous = t;
            }
        }
    }

    @Test
    void aTwentyGbSnapshotCostsAboutFortyPollsUpToItsTwentiethMinute() {
        List<Duration> at = polls(TWENTY_GB, Duration.ofMinutes(20));

        // a fixed 3-second poll makes 400
        assertThat(at).hasSizeBetween(30, 45);
        // the poll just after minute 20 is at most 5 s after it
        assertThat(at.get(at.size() - 1))
                .isLessThanOrEqualTo(Duration.ofMinutes(20).plus(s(5)));
    }

    @Test
    void withoutAnEarliestEndEveryPauseIsDense() {
        PollSchedule unknown = new PollSchedule(
                Duration.ZERO,
                Duration.ofMinutes(75),
                PollSchedule.DEFAULT_FIRST,
                PollSchedule.DEFAULT_DENSE,
                PollSchedule.DEFAULT_CAP);

        assertThat(unknown.next(Duration.ZERO)).isEqualTo(s(5));
        assertThat(unknown.next(Duration.ofMinutes(30))).isEqualTo(s(5));
    }

    @Test
    void invalidInputIsRefused() {
        assertThatThrownBy(() -> PollSchedule.forSnapshot(0))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("diskUsedGb");
        assertThatThrownBy(() -> PollSchedule.forSnapshot(Double.NaN)).isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> new PollSchedule(Duration.ofMinutes(2), Duration.ofMinutes(1), s(2), s(5), s(60)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PollSchedule(Duration.ZERO, Duration.ZERO, s(2), s(90), s(60)))
                .isInstanceOf(InvalidSettingException.class);
    }
}
