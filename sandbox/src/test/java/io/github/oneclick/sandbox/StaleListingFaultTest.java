package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class StaleListingFaultTest {

    private static final String DROPLET = "/v2/droplets/" + Scenarios.DROPLET_ID;
    private static final String SNAPSHOTS = DROPLET + "/snapshots";

    private static long snapshot(Sandbox sandbox, Http http) throws IOException {
        long action = http.post(DROPLET + "/actions", json("{'type':'snapshot','name':'acme-app-1.3.0'}"))
                .json()
                .path("action")
                .path("id")
                .asLong();
        sandbox.advance(sandbox.options().snapshotDuration());
        assertThat(sandbox.state().action(action).path("status").asText()).isEqualTo("completed");
        return sandbox.state()
                .droplet(Scenarios.DROPLET_ID)
                .path("snapshot_ids")
                .get(3)
                .asLong();
    }

    private static List<String> names(Http http, String path, String key) throws IOException {
        return http.get(path).json().path(key).findValuesAsText("name");
    }

    @Test
    void theNextListingsLeaveOutTheNewSnapshotThenItShows(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long image = snapshot(sandbox, http);
        sandbox.faults()
                .add(Fault.on("GET", "/v2/droplets/*/snapshots").staleListing().times(2));

        List<String> first = names(http, SNAPSHOTS + "?per_page=200", "snapshots");
        List<String> second = names(http, SNAPSHOTS + "?per_page=200", "snapshots");
        List<String> third = names(http, SNAPSHOTS + "?per_page=200", "snapshots");

        assertThat(first).containsExactly("acme-app-1.0.0", "acme-app-1.1.0", "acme-app-1.2.0");
        assertThat(second).isEqualTo(first);
        assertThat(third).endsWith("acme-app-1.3.0").hasSize(4);
        assertThat(http.get("/v2/images/" + image).status())
                .as("the image itself reads at once")
                .isEqualTo(200);
        assertThat(sandbox.requests().matching("GET", SNAPSHOTS))
                .extracting(RecordedCall::fault)
                .containsExactly("stale_listing", "stale_listing", null);
    }

    @Test
    void aStaleListingAppliesToEveryListingItHits(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        snapshot(sandbox, http);
        sandbox.faults().add(Fault.onAny().staleListing().always());

        assertThat(names(http, "/v2/snapshots", "snapshots"))
                .doesNotContain("acme-app-1.3.0")
                .hasSize(3);
        assertThat(names(http, "/v2/images?private=true", "images")).doesNotContain("acme-app-1.3.0");
        assertThat(sandbox.state().toJson().path("images").findValuesAsText("name"))
                .contains("acme-app-1.3.0");
    }

    @Test
    void aStaleListingCanBeInjectedOverTheAdminEndpoint(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        snapshot(sandbox, http);
        Http.Result added = new Http(sandbox)
                .token(null)
                .post(
                        "/_sandbox/faults",
                        json("{'method':'GET','path':'/v2/droplets/*/snapshots','kind':'stale_listing'}"));

        assertThat(added.status()).isEqualTo(201);
        assertThat(names(http, SNAPSHOTS, "snapshots")).doesNotContain("acme-app-1.3.0");
        assertThat(names(http, SNAPSHOTS, "snapshots")).contains("acme-app-1.3.0");
    }
}
