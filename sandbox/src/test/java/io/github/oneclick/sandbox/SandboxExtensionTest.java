package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
@SandboxScenario(Scenarios.SHUTDOWN_IGNORED)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxExtensionTest {

    @Test
    @Order(1)
    void aTestMayChangeEverything(Sandbox sandbox) throws IOException {
        new Http(sandbox).post("/v2/droplets/" + Scenarios.DROPLET_ID + "/actions", json("{'type':'power_off'}"));
        sandbox.faults().add(Fault.onAny().status(500).always());
        sandbox.advance(Duration.ofHours(2));

        assertThat(sandbox.scenario()).isEqualTo(Scenarios.SHUTDOWN_IGNORED);
    }

    @Test
    @Order(2)
    void theNextTestStartsFromTheScenarioAgainWithTheClockBackAtTheStart(Sandbox sandbox) throws IOException {
        assertThat(sandbox.clock().instant()).isEqualTo(ManualClock.DEFAULT_START);
        assertThat(sandbox.faults().pending()).isEmpty();
        assertThat(sandbox.requests().all()).isEmpty();
        assertThat(sandbox.state().droplet(Scenarios.DROPLET_ID).path("status").asText())
                .isEqualTo("active");
        assertThat(new Http(sandbox)
                        .get("/v2/droplets/" + Scenarios.DROPLET_ID + "/actions")
                        .json()
                        .path("actions"))
                .isEmpty();
    }

    @Test
    @Order(3)
    @SandboxScenario(Scenarios.EMPTY)
    void aMethodAnnotationWinsOverTheClassOne(Sandbox sandbox) {
        assertThat(sandbox.scenario()).isEqualTo(Scenarios.EMPTY);
        assertThat(sandbox.options().shutdownIgnored()).isFalse();
    }

    @Test
    @Order(4)
    void responsesCarryTheRealReasonPhrase(Sandbox sandbox) throws IOException {
        okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
        try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder()
                        .url(sandbox.url("/v2/droplets/" + Scenarios.DROPLET_ID + "/actions"))
                        .header("Authorization", "Bearer " + sandbox.token())
                        .post(okhttp3.RequestBody.create(
                                json("{'type':'power_off'}"), okhttp3.MediaType.get("application/json")))
                        .build())
                .execute()) {
            assertThat(r.code()).isEqualTo(201);
            assertThat(r.message()).isEqualTo("Created");
        }
    }
}
