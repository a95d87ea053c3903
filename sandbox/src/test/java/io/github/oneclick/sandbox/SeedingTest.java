package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What tests set up in the state directly, as the control panel or another client would have. */
@ExtendWith(SandboxExtension.class)
class SeedingTest {

    private static final String DROPLET = "/v2/droplets/" + Scenarios.DROPLET_ID;

    @Test
    void aDropletSetOffReadsOffAndTakesASnapshotWithoutAnyPowerAction(Sandbox sandbox) throws IOException {
        sandbox.state().setDropletStatus(Scenarios.DROPLET_ID, "off");
        Http http = new Http(sandbox);

        assertThat(http.get(DROPLET).json().path("droplet").path("status").asText())
                .isEqualTo("off");
        assertThat(http.post(DROPLET + "/actions", json("{'type':'snapshot','name':'acme-app-1.3.0'}"))
                        .status())
                .isEqualTo(201);
        assertThat(sandbox.state().toJson().path("actions")).hasSize(1);
    }

    @Test
    void theStatusOfAnUnknownDropletCannotBeSet(Sandbox sandbox) {
        assertThatThrownBy(() -> sandbox.state().setDropletStatus(42, "off"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("42");
    }

    @Test
    void anActionOfAnotherClientRunsForItsTimeAndMeanwhileRefusesNewActions(Sandbox sandbox) throws IOException {
        Instant start = sandbox.clock().instant();
        long id = sandbox.state().addRunningAction(Scenarios.DROPLET_ID, "enable_backups", Duration.ofSeconds(40));
        Http http = new Http(sandbox);

        JsonNode listed = http.get(DROPLET + "/actions").json().path("actions").get(0);
        assertThat(listed.path("id").asLong()).isEqualTo(id);
        assertThat(listed.path("type").asText()).isEqualTo("enable_backups");
        assertThat(listed.path("status").asText()).isEqualTo("in-progress");
        Http.Result refused = http.post(DROPLET + "/actions", json("{'type':'shutdown'}"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("message").asText()).contains("pending event");

        sandbox.advance(Duration.ofSeconds(40));

        JsonNode done = http.get("/v2/actions/" + id).json().path("action");
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("completed_at").asText())
                .isEqualTo(start.plusSeconds(40).toString());
        assertThat(http.post(DROPLET + "/actions", json("{'type':'shutdown'}")).status())
                .isEqualTo(201);
    }

    @Test
    void aRebootOfAnotherClientTurnsTheDropletOnAndItsSnapshotMakesAnImage(Sandbox sandbox) throws IOException {
        sandbox.state().setDropletStatus(Scenarios.DROPLET_ID, "off");
        sandbox.state().addRunningAction(Scenarios.DROPLET_ID, "reboot", Duration.ofSeconds(10));
        sandbox.advance(Duration.ofSeconds(10));
        long snapshot = sandbox.state().addRunningAction(Scenarios.DROPLET_ID, "snapshot", Duration.ofMinutes(3));
        sandbox.advance(Duration.ofMinutes(3));

        assertThat(sandbox.state().droplet(Scenarios.DROPLET_ID).path("status").asText())
                .isEqualTo("active");
        assertThat(sandbox.state().action(snapshot).path("status").asText()).isEqualTo("completed");
        assertThat(sandbox.state().droplet(Scenarios.DROPLET_ID).path("snapshot_ids"))
                .hasSize(Scenarios.OLD_SNAPSHOT_IDS.size() + 1);
    }

    @Test
    void aRunningSnapshotErrsWhenSnapshotsDo(Sandbox sandbox) {
        sandbox.options(o -> o.withSnapshotErrored(true));
        long snapshot = sandbox.state().addRunningAction(Scenarios.DROPLET_ID, "snapshot", Duration.ofSeconds(20));

        sandbox.advance(Duration.ofSeconds(20));

        assertThat(sandbox.state().action(snapshot).path("status").asText()).isEqualTo("errored");
        assertThatThrownBy(
                        () -> sandbox.state().addRunningAction(Scenarios.DROPLET_ID, "reboot", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
