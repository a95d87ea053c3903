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
 * 8 s (plus 3 s until it reads off) and a snapshot that takes 20 minutes, with the default growing poll interval next to a fixed 3-second poll
 * (Packer's interval) on the same workflow and timeline, against the sandbox. Runs only with {@code -Pbenchmark};
 * time is the sandbox's manual clock, so the figures do not depend on the machine.
 */
@Tag("benchmark")
class SnapshotPollingBenchmarkTest {
    private static final Instant START = ManualClock.DEFAULT_START;
    private static final Duration SHUTDOWN_TAKES = Duration.ofSeconds(8);
    private static final Duration STATUS_LAG = Duration.ofSeconds(3);
    private static final Duration SNAPSHOT_TAKES = Duration.ofMinutes(20);

    record Figures(String label, int requests, long snapshotPolls, Duration detectionDelay, Duration total) {}

    @Test
    void growingPollVersusFixedThreeSecondPollOnATwentyMinuteSnapshot() {
        Figures growing = run("growing 2s..10s (default)", PollInterval.DEFAULT);
        Figures fixed = run("fixed 3s (Packer)", PollInterval.fixed(Duration.ofSeconds(3)));

        System.out.println();
        System.out.println("Snapshot workflow, simulated 20-minute snapshot (sandbox, manual clock)");
        System.out.printf(
                Locale.ROOT,
                "%-28s %14s %15s %17s %12s%n",
                "poll",
                "API requests",
                "snapshot polls",
                "detection delay",
                "run time");
        for (Figures f : new Figures[] {growing, fixed}) {
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %14d %15d %17s %12s%n",
                    f.label(),
                    f.requests(),
                    f.snapshotPolls(),
                    Durations.describe(f.detectionDelay()),
                    Durations.describe(f.total()));
        }
        System.out.printf(
                Locale.ROOT,
                "requests ratio %.3f (target <= 0.333), detection delay %s (target <= 10s)%n%n",
                growing.requests() / (double) fixed.requests(),
                Durations.describe(growing.detectionDelay()));

        assertThat(growing.requests() * 3).isLessThanOrEqualTo(fixed.requests());
        assertThat(growing.detectionDelay()).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    private static Figures run(String label, PollInterval interval) {
        try (Sandbox sandbox = Sandbox.builder().scenario(Scenarios.EMPTY).start()) {
            sandbox.options(o -> o.withActionDuration(SHUTDOWN_TAKES)
                    .withStatusLag(STATUS_LAG)
                    .withSnapshotDuration(SNAPSHOT_TAKES));
            long droplet = sandbox.state().addDroplet(Scenarios.TEAM, "build", "active", "nyc3", 25, List.of());
            SeenCompleted seen = new SeenCompleted(sandbox);
            try (DigitalOceanClient client = SandboxReads.client(sandbox).build()) {
                new SnapshotWorkflow(client)
                        .run(
                                SnapshotRequest.builder()
                                        .dropletId(droplet)
                                        .snapshotName("bench-1")
                                        .pollInterval(interval)
                                        .build(),
                                seen);
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
