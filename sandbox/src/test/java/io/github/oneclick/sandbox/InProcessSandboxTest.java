package io.github.oneclick.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InProcessSandboxTest {

    @Test
    void aSandboxStartsOnAFreePortWithTheDemoScenarioAndAManualClock() throws IOException {
        try (Sandbox sandbox = Sandbox.start()) {
            assertThat(sandbox.url()).startsWith("http://").endsWith(":" + sandbox.port() + "/");
            assertThat(sandbox.url("/v2/droplets")).isEqualTo(sandbox.url() + "v2/droplets");
            assertThat(sandbox.token()).isEqualTo(Scenarios.TOKEN);
            assertThat(sandbox.scenario()).isEqualTo(Scenarios.DEMO);
            assertThat(sandbox.clock().instant()).isEqualTo(ManualClock.DEFAULT_START);
            assertThat(new Http(sandbox).get("/v2/droplets").json().path("droplets"))
                    .hasSize(2);
        }
    }

    @Test
    void theEmptyScenarioKnowsOnlyItsTeam() throws IOException {
        try (Sandbox sandbox = Sandbox.builder().scenario(Scenarios.EMPTY).start()) {
            Http.Result r = new Http(sandbox).get("/v2/droplets");

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("droplets")).isEmpty();
            assertThat(r.json().path("meta").path("total").asInt()).isZero();
        }
    }

    @Test
    void stateCanBeSeededInProcess() throws IOException {
        ManualClock clock = new ManualClock(Instant.parse("2026-06-01T00:00:00Z"));
        try (Sandbox sandbox = Sandbox.builder()
                .clock(clock)
                .scenario(Scenarios.EMPTY)
                .options(o -> o.withSnapshotDuration(Duration.ofMinutes(3)))
                .start()) {
            long droplet = sandbox.state().addDroplet(Scenarios.TEAM, "seeded", "off", "lon1", 80, java.util.List.of());
            sandbox.state().addSnapshot(droplet, "older", clock.instant().minusSeconds(3600));

            assertThat(sandbox.state().droplet(droplet).path("snapshot_ids")).hasSize(1);
            assertThat(new Http(sandbox)
                            .get("/v2/droplets/" + droplet)
                            .json()
                            .path("droplet")
                            .path("disk")
                            .asInt())
                    .isEqualTo(80);
            assertThat(sandbox.options().snapshotDuration()).isEqualTo(Duration.ofMinutes(3));
        }
    }

    @Test
    void onlyAManualClockCanBeAdvanced() {
        try (Sandbox sandbox = Sandbox.builder().clock(Clock.systemUTC()).start()) {
            assertThatThrownBy(() -> sandbox.advance(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void anUnknownScenarioIsRefusedWithTheKnownNames() {
        assertThatThrownBy(() -> Sandbox.builder().scenario("chaos"))
                .hasMessageContaining("Unknown scenario 'chaos'")
                .hasMessageContaining(Scenarios.SHUTDOWN_IGNORED);
    }

    @Test
    void aManualClockOnlyMovesForward() {
        assertThatThrownBy(() -> new ManualClock().advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
