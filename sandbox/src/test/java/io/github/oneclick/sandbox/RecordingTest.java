package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class RecordingTest {

    private static final String ACTIONS = "/v2/droplets/" + Scenarios.DROPLET_ID + "/actions";

    @Test
    void everyRequestIsRecordedWithItsDetails(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        http.get("/v2/droplets?tag_name=marketplace-build&per_page=200");
        sandbox.advance(Duration.ofSeconds(3));
        http.post(ACTIONS, json("{'type':'power_off'}"));

        assertThat(sandbox.requests().all()).hasSize(2);
        RecordedCall list = sandbox.requests().all().get(0);
        assertThat(list.sequence()).isEqualTo(1);
        assertThat(list.method()).isEqualTo("GET");
        assertThat(list.path()).isEqualTo("/v2/droplets");
        assertThat(list.query()).isEqualTo("tag_name=marketplace-build&per_page=200");
        assertThat(list.authorized()).isTrue();
        assertThat(list.team()).isEqualTo(Scenarios.TEAM);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.fault()).isNull();
        RecordedCall post = sandbox.requests().last();
        assertThat(post.body()).isEqualTo(json("{'type':'power_off'}"));
        assertThat(post.time()).isEqualTo(list.time().plusSeconds(3));
        assertThat(post.status()).isEqualTo(201);
    }

    @Test
    void theTokenNeverReachesTheRecord(Sandbox sandbox) throws IOException {
        new Http(sandbox).get("/v2/droplets");

        RecordedCall call = sandbox.requests().last();
        assertThat(call.header("Authorization")).isEqualTo("Bearer ***");
        assertThat(call.toString()).doesNotContain(sandbox.token());
        assertThat(call.header("user-agent")).startsWith("okhttp/");
    }

    @Test
    void unauthorisedRequestsAreRecordedToo(Sandbox sandbox) throws IOException {
        new Http(sandbox).token("dop_v1_wrong").post(ACTIONS, json("{'type':'power_off'}"));

        RecordedCall call = sandbox.requests().last();
        assertThat(call.authorized()).isFalse();
        assertThat(call.status()).isEqualTo(401);
        assertThat(call.applied()).isFalse();
    }

    @Test
    void helpersCountMutatingRequestsAndMatchPaths(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        http.get("/v2/droplets/" + Scenarios.DROPLET_ID);
        http.post(ACTIONS, json("{'type':'snapshot','name':'a'}"));
        http.get("/v2/actions/1");
        http.delete("/v2/snapshots/" + Scenarios.OLD_SNAPSHOT_IDS.get(0));
        http.patch("/api/v1/vendor-portal/apps/" + Scenarios.APP_ID, json("{'imageId': 140000002}"));

        assertThat(sandbox.requests().countMutating()).isEqualTo(3);
        assertThat(sandbox.requests().mutating())
                .extracting(RecordedCall::method)
                .containsExactly("POST", "DELETE", "PATCH");
        assertThat(sandbox.requests().count("POST", "/v2/droplets/*/actions")).isEqualTo(1);
        assertThat(sandbox.requests().count("GET", "/v2/**")).isEqualTo(2);
        assertThat(sandbox.requests().count("*", "/api/**")).isEqualTo(1);
    }

    @Test
    void aResetForgetsTheRecord(Sandbox sandbox) throws IOException {
        new Http(sandbox).get("/v2/droplets");

        sandbox.reset();

        assertThat(sandbox.requests().all()).isEmpty();
    }
}
