package io.github.oneclick.vendor.workflow;

import static io.github.oneclick.vendor.workflow.SandboxReads.completedAt;
import static io.github.oneclick.vendor.workflow.SandboxReads.id;
import static io.github.oneclick.vendor.workflow.SandboxReads.lastAction;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oneclick.sandbox.ManualClock;
import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.sandbox.Scenarios;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Requests and detection delay of a whole snapshot run on a simulated timeline: an active droplet that shuts down in
 * 8 s (plus 3 s until it reads off) and a snapshot that takes 20 minutes, polled three ways on the same workflow and
 * timeline, against the sandbox: the default growing poll interval, a fixed 3-second poll (Packer's interval), and
 * the {@link PollSchedule} of a snapshot whose disk in use is given ({@code diskUsedGb}). The 20-minute snapshot is
 * of 20 GB in use (1 min per GB, the fast end of DigitalOcean's quote and the average reported for large
 * snapshots); the same rate is run for 5 and 60 minutes, and the 20-minute snapshot at other rates (0.8, 1.25, 2 and
 * 3 min per GB) shows what the schedule costs when the snapshot is slower, or faster, than 1 min per GB. Runs only
 * with {@code -Pbenchmark}; time is the sandbox's manual clock, so the figures do not depend on the machine.
 */
@Tag("benchmark")
class SnapshotPollingBenchmarkTest {
    private static final Instant START = ManualClock.DEFAULT_START;
    private static final Duration SHUTDOWN_TAKES = Duration.ofSeconds(8);
    private static final Duration STATUS_LAG = Duration.ofSeconds(3);
    private static final Duration SNAPSHOT_TAKES = Duration.ofMinutes(20);
    private static final PollInterval FIXED = PollInterval.fixed(Duration.ofSeconds(3));

    record Figures(String label, int requests, long snapshotPolls, Duration detectionDelay, Duration total) {}

    @Test
    void scheduleGrowingPollAndFixedThreeSecondPollOnTheSameSnapshots() {
        System.out.println();
        System.out.println(
                "Snapshot workflow, simulated snapshots (sandbox, manual clock); ratio = requests / fixed 3s");
        System.out.printf(
                Locale.ROOT,
                "%-44s %9s %7s %9s %10s %10s%n",
                "snapshot / poll",
                "requests",
                "ratio",
                "snap polls",
                "detection",
                "run time");

        // the simulation: 20 minutes, 20 GB in use
        Figures fixed = run("20m, fixed 3s (Packer)", SNAPSHOT_TAKES, FIXED, null);
        Figures growing = run("20m, growing 2s..10s (default)", SNAPSHOT_TAKES, PollInterval.DEFAULT, null);
        Figures schedule = run("20m, schedule, 20 GB in use (1 min/GB)", SNAPSHOT_TAKES, PollInterval.DEFAULT, 20.0);
        print(fixed, fixed);
        print(growing, fixed);
        print(schedule, fixed);

        // the same rate for a shorter and a longer snapshot
        for (int minutes : new int[] {5, 60}) {
            Duration takes = Duration.ofMinutes(minutes);
            Figures f = run(minutes + "m, fixed 3s (Packer)", takes, FIXED, null);
            print(f, f);
            print(run(minutes + "m, growing 2s..10s (default)", takes, PollInterval.DEFAULT, null), f);
            print(
                    run(
                            minutes + "m, schedule, " + minutes + " GB in use (1 min/GB)",
                            takes,
                            PollInterval.DEFAULT,
                            (double) minutes),
                    f);
        }

        // the 20-minute snapshot at other rates: faster than quoted, and slower
        for (double gb : new double[] {25, 16, 10, 20.0 / 3}) {
            print(
                    run(
                            String.format(Locale.ROOT, "20m, schedule, %.1f GB in use (%.2f min/GB)", gb, 20 / gb),
                            SNAPSHOT_TAKES,
                            PollInterval.DEFAULT,
                            gb),
                    fixed);
        }
        System.out.printf(
                Locale.ROOT,
                "20m at 1 min/GB: schedule requests ratio %.3f (target <= 0.200), detection delay %s (target <= 5s);"
                        + " growing default: ratio %.3f, detection delay %s%n%n",
                schedule.requests() / (double) fixed.requests(),
                Durations.describe(schedule.detectionDelay()),
                growing.requests() / (double) fixed.requests(),
                Durations.describe(growing.detectionDelay()));

        assertThat(schedule.requests() * 5).isLessThanOrEqualTo(fixed.requests());
        assertThat(schedule.detectionDelay()).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(growing.requests() * 3).isLessThanOrEqualTo(fixed.requests());
        assertThat(growing.detectionDelay()).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    private static void print(Figures f, Figures fixed) {
        System.out.printf(
                Locale.ROOT,
                "%-44s %9d %7.3f %9d %10s %10s%n",
                f.label(),
                f.requests(),
                f.requests() / (double) fixed.requests(),
                f.snapshotPolls(),
                Durations.describe(f.detectionDelay()),
                Durations.describe(f.total()));
    }

    private static Figures run(String label, Duration snapshotTakes, PollInterval interval, Double diskUsedGb) {
        try (Sandbox sandbox = Sandbox.builder().scenario(Scenarios.EMPTY).start()) {
            sandbox.options(o -> o.withActionDuration(SHUTDOWN_TAKES)
                    .withStatusLag(STATUS_LAG)
                    .withSnapshotDuration(snapshotTakes));
            int disk = diskUsedGb == null || diskUsedGb <= 25 ? 25 : 80;
            long droplet = sandbox.state().addDroplet(Scenarios.TEAM, "build", "active", "nyc3", disk, List.of());
            SeenCompleted seen = new SeenCompleted(sandbox);
            SnapshotRequest.Builder request = SnapshotRequest.builder()
                    .dropletId(droplet)
                    .snapshotName("bench-1")
                    .pollInterval(interval);
            if (diskUsedGb != null) {
                request.diskUsedGb(diskUsedGb);
            }
            try (DigitalOceanClient client = SandboxReads.client(sandbox).build()) {
                new SnapshotWorkflow(client).run(request.build(), seen);
            }
            JsonNode snapshot = lastAction(sandbox, "snapshot");
            long polls = sandbox.requests().count("GET", "/v2/actions/" + id(snapshot));
            Duration delay = Duration.between(completedAt(snapshot), seen.snapshotCompleted);
            return new Figures(
                    label,
                    sandbox.requests().size(),
                    polls,
                    delay,
                    Duration.between(START, sandbox.clock().instant()));
        }
    }

    /** Notes the sandbox's time when a poll first shows the snapshot action completed. */
    private static final class SeenCompleted implements ProgressListener {
        private final Sandbox sandbox;
        private Instant snapshotCompleted;

        SeenCompleted(Sandbox sandbox) {
            this.sandbox = sandbox;
        }

        @Override
        public void stateChanged(StateChange change) {
            if (snapshotCompleted == null && "snapshot".equals(change.phase()) && "completed".equals(change.to())) {
                snapshotCompleted = sandbox.clock().instant();
            }
        }
    }
}
