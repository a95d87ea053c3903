package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.Durations;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.NoDelayServerSockets;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Requests and detection delay of a whole snapshot run on a simulated timeline: an active droplet that shuts down in
 * 8 s (plus 3 s until it reads off) and a snapshot that takes 20 minutes, with the default growing poll interval next
 * to a fixed 3-second poll (Packer's interval) on the same workflow and timeline. Runs only with {@code -Pbenchmark};
 * time is virtual, so the figures do not depend on the machine.
 */
@Tag("benchmark")
class SnapshotPollingBenchmarkTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration SNAPSHOT_TAKES = Duration.ofMinutes(20);

    record Figures(String label, int requests, long snapshotPolls, Duration detectionDelay, Duration total) {
    }

    @Test
    void growingPollVersusFixedThreeSecondPollOnATwentyMinuteSnapshot() throws IOException {
        Figures growing = run("growing 2s..10s (default)", PollInterval.DEFAULT);
        Figures fixed = run("fixed 3s (Packer)", PollInterval.fixed(Duration.ofSeconds(3)));

        System.out.println();
        System.out.println("Snapshot workflow, simulated 20-minute snapshot (virtual clock)");
        System.out.printf(Locale.ROOT, "%-28s %14s %15s %17s %12s%n", "poll", "API requests", "snapshot polls",
                "detection delay", "run time");
        for (Figures f : new Figures[] {growing, fixed}) {
            System.out.printf(Locale.ROOT, "%-28s %14d %15d %17s %12s%n", f.label(), f.requests(), f.snapshotPolls(),
                    Durations.describe(f.detectionDelay()), Durations.describe(f.total()));
        }
        System.out.printf(Locale.ROOT, "requests ratio %.3f (target <= 0.333), detection delay %s (target <= 10s)%n%n",
                growing.requests() / (double) fixed.requests(), Durations.describe(growing.detectionDelay()));

        assertThat(growing.requests() * 3).isLessThanOrEqualTo(fixed.requests());
        assertThat(growing.detectionDelay()).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    private static Figures run(String label, PollInterval interval) throws IOException {
        VirtualClock clock = new VirtualClock(START);
        FakeDigitalOcean fake = new FakeDigitalOcean(clock);
        fake.droplet(101, "build", "active", "nyc3");
        fake.snapshotTakes = SNAPSHOT_TAKES;
        try (MockWebServer server = new MockWebServer()) {
            server.setServerSocketFactory(new NoDelayServerSockets());
            server.setDispatcher(fake);
            server.start();
            DigitalOceanClient client = DigitalOceanClient.builder().token("dop_v1_benchmark")
                    .apiUrl(server.url("/").toString()).clock(clock).sleeper(clock).build();
            try {
                new SnapshotWorkflow(client).run(SnapshotRequest.builder().dropletId(101).snapshotName("bench-1")
                        .pollInterval(interval).build(), ProgressListener.NONE);
            } finally {
                client.close();
            }
        }
        FakeDigitalOcean.Act snapshot = fake.lastAction("snapshot");
        long polls = fake.calls("GET", "/v2/actions/" + snapshot.id).size();
        Duration delay = Duration.between(snapshot.completedAt, fake.firstSeenCompleted.get(snapshot.id));
        return new Figures(label, fake.calls.size(), polls, delay, Duration.between(START, clock.instant()));
    }
}
