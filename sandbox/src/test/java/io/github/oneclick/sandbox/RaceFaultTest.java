package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class RaceFaultTest {

    private static final String ACTIONS = "/v2/droplets/" + Scenarios.DROPLET_ID + "/actions";
    private static final String SNAPSHOT = json("{'type':'snapshot','name':'acme-app-1.3.0'}");

    @Test
    void anActionPostThatLosesARaceGets422PendingEventAndTheRacingActionIsListed(Sandbox sandbox) throws IOException {
        sandbox.faults()
                .add(Fault.on("POST", "/v2/droplets/*/actions")
                        .bodyContains("\"snapshot\"")
                        .race());
        Http http = new Http(sandbox);

        Http.Result refused = http.post(ACTIONS, SNAPSHOT);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("message").asText()).isEqualTo("Droplet already has a pending event.");
        JsonNode racing = http.get(ACTIONS).json().path("actions").get(0);
        assertThat(racing.path("type").asText()).isEqualTo("enable_backups");
        assertThat(racing.path("status").asText()).isEqualTo("in-progress");
        assertThat(sandbox.requests().matching("POST", ACTIONS).get(0).fault()).isEqualTo("race");

        sandbox.advance(sandbox.options().actionDuration());

        assertThat(http.get("/v2/actions/" + racing.path("id").asLong())
                        .json()
                        .path("action")
                        .path("status")
                        .asText())
                .isEqualTo("completed");
        assertThat(http.post(ACTIONS, SNAPSHOT).status())
                .as("the race hits once by default")
                .isEqualTo(201);
    }

    @Test
    void aRaceCanBeInjectedOverTheAdminEndpoint(Sandbox sandbox) throws IOException {
        Http admin = new Http(sandbox).token(null);
        Http.Result added =
                admin.post("/_sandbox/faults", json("{'method':'POST','path':'/v2/droplets/*/actions','kind':'race'}"));

        assertThat(added.status()).isEqualTo(201);
        assertThat(new Http(sandbox).post(ACTIONS, json("{'type':'shutdown'}")).status())
                .isEqualTo(422);
    }

    @Test
    void aRaceNeedsADropletPath() {
        assertThatThrownBy(() -> Fault.on("GET", "/v2/images/*").race())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/v2/droplets/");
    }
}
