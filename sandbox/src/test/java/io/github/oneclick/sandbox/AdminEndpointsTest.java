package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class AdminEndpointsTest {

    private static final String DROPLET = "/v2/droplets/" + Scenarios.DROPLET_ID;

    private static Http admin(Sandbox sandbox) {
        return new Http(sandbox).token(null);
    }

    @Test
    void infoNamesTheUrlTokenScenarioAndScenarios(Sandbox sandbox) throws IOException {
        JsonNode info = admin(sandbox).get("/_sandbox/info").json();

        assertThat(info.path("url").asText()).isEqualTo(sandbox.url());
        assertThat(info.path("token").asText()).isEqualTo(Scenarios.TOKEN);
        assertThat(info.path("scenario").asText()).isEqualTo("demo");
        assertThat(info.path("scenarios").toString()).contains("shutdown-ignored", "many-snapshots");
    }

    @Test
    void adminCallsNeedNoTokenAndAreNotRecorded(Sandbox sandbox) throws IOException {
        admin(sandbox).get("/_sandbox/state");

        assertThat(sandbox.requests().all()).isEmpty();
    }

    @Test
    void resetLoadsANamedScenario(Sandbox sandbox) throws IOException {
        Http.Result r = admin(sandbox).post("/_sandbox/reset", json("{'scenario':'shutdown-ignored'}"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(sandbox.scenario()).isEqualTo(Scenarios.SHUTDOWN_IGNORED);
        assertThat(sandbox.options().shutdownIgnored()).isTrue();
        assertThat(admin(sandbox).post("/_sandbox/reset?scenario=nope", null).status())
                .isEqualTo(400);
    }

    @Test
    void faultsCanBeAddedListedAndCleared(Sandbox sandbox) throws IOException {
        Http.Result added = admin(sandbox)
                .post(
                        "/_sandbox/faults",
                        json(
                                "{'method':'POST','path':'/v2/droplets/*/actions','kind':'drop_after','bodyContains':'snapshot'}"));
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().path("faults").get(0).path("kind").asText()).isEqualTo("drop_after");

        admin(sandbox).post("/_sandbox/faults", json("[{'path':'/v2/droplets/*','status':503,'times':3}]"));
        assertThat(admin(sandbox).get("/_sandbox/faults").json().path("faults")).hasSize(2);
        assertThat(new Http(sandbox).get(DROPLET).status()).isEqualTo(503);

        assertThat(admin(sandbox).delete("/_sandbox/faults").status()).isEqualTo(204);
        assertThat(new Http(sandbox).get(DROPLET).status()).isEqualTo(200);
    }

    @Test
    void anAppCanBeApprovedOrGivenAStatus(Sandbox sandbox) throws IOException {
        Http.Result approved = admin(sandbox).post("/_sandbox/apps/" + Scenarios.PENDING_APP_ID + "/approve", null);
        assertThat(approved.json().path("status").path("value").asText()).isEqualTo("approved");

        admin(sandbox).post("/_sandbox/apps/" + Scenarios.APP_ID + "/status", json("{'value':'in review'}"));
        assertThat(sandbox.state()
                        .app(Scenarios.APP_ID)
                        .path("status")
                        .path("value")
                        .asText())
                .isEqualTo("in review");
        assertThat(admin(sandbox)
                        .post("/_sandbox/apps/000000000000000000000000/approve", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void recordedRequestsCanBeFetchedAndFiltered(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        http.get(DROPLET);
        http.post(DROPLET + "/actions", json("{'type':'power_off'}"));

        JsonNode all = admin(sandbox).get("/_sandbox/requests").json();
        JsonNode posts = admin(sandbox)
                .get("/_sandbox/requests?method=POST&path=/v2/droplets/*/actions")
                .json();

        assertThat(all.path("total").asInt()).isEqualTo(2);
        assertThat(all.path("mutating").asInt()).isEqualTo(1);
        assertThat(posts.path("requests")).hasSize(1);
        assertThat(posts.path("requests").get(0).path("body").asText()).contains("power_off");
        assertThat(posts.path("requests")
                        .get(0)
                        .path("headers")
                        .path("authorization")
                        .asText())
                .isEqualTo("Bearer ***");
    }

    @Test
    void stateShowsAppsDropletsImagesAndActions(Sandbox sandbox) throws IOException {
        new Http(sandbox).post(DROPLET + "/actions", json("{'type':'power_off'}"));

        JsonNode state = admin(sandbox).get("/_sandbox/state").json();

        assertThat(state.path("apps").findValuesAsText("appId")).contains(Scenarios.APP_ID, Scenarios.PENDING_APP_ID);
        assertThat(state.path("droplets")).hasSize(3);
        assertThat(state.path("images").size()).isGreaterThanOrEqualTo(5);
        assertThat(state.path("actions").get(0).path("type").asText()).isEqualTo("power_off");
        assertThat(state.toString()).doesNotContain(Scenarios.TOKEN);
    }

    @Test
    void stateTimesActionsAndNewSnapshotListingsToTheMillisecond(Sandbox sandbox) throws IOException {
        sandbox.options(o -> o.withSnapshotDuration(Duration.ofMillis(2500)).withListingLag(Duration.ofMillis(1200)));
        sandbox.advance(Duration.ofMillis(400));
        Instant started = ManualClock.DEFAULT_START.plusMillis(400);
        long actionId = new Http(sandbox)
                .post(DROPLET + "/actions", json("{'type':'snapshot','name':'timed'}"))
                .json()
                .path("action")
                .path("id")
                .asLong();

        JsonNode running = action(admin(sandbox).get("/_sandbox/state").json(), actionId);
        sandbox.advance(Duration.ofMillis(2500));
        JsonNode state = admin(sandbox).get("/_sandbox/state").json();
        JsonNode done = action(state, actionId);
        JsonNode image = null;
        for (JsonNode i : state.path("images")) {
            if (i.path("actionId").asLong() == actionId) {
                image = i;
            }
        }

        assertThat(running.path("started_at").asText()).isEqualTo(ManualClock.DEFAULT_START.toString());
        assertThat(running.path("startedAtExact").asText()).isEqualTo(started.toString());
        assertThat(running.path("completedAtExact").isNull()).isTrue();
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("completed_at").asText())
                .isEqualTo(ManualClock.DEFAULT_START.plusSeconds(2).toString());
        assertThat(done.path("completedAtExact").asText())
                .isEqualTo(started.plusMillis(2500).toString());
        assertThat(image).isNotNull();
        assertThat(image.path("name").asText()).isEqualTo("timed");
        assertThat(image.path("listedFrom").asText())
                .isEqualTo(started.plusMillis(2500 + 1200).toString());
        assertThat(image.path("listed").asBoolean()).isFalse();
    }

    private static JsonNode action(JsonNode state, long id) {
        for (JsonNode a : state.path("actions")) {
            if (a.path("id").asLong() == id) {
                return a;
            }
        }
        throw new AssertionError("no action " + id + " in " + state.path("actions"));
    }

    @Test
    void theManualClockCanBeAdvancedOverHttp(Sandbox sandbox) throws IOException {
        new Http(sandbox).post(DROPLET + "/actions", json("{'type':'power_off'}"));

        JsonNode r = admin(sandbox)
                .post("/_sandbox/clock/advance", json("{'seconds': 60}"))
                .json();

        assertThat(r.path("now").asText())
                .isEqualTo(ManualClock.DEFAULT_START.plusSeconds(60).toString());
        assertThat(new Http(sandbox)
                        .get(DROPLET)
                        .json()
                        .path("droplet")
                        .path("status")
                        .asText())
                .isEqualTo("off");
    }

    @Test
    void optionsCanBeChanged(Sandbox sandbox) throws IOException {
        JsonNode options = admin(sandbox)
                .post(
                        "/_sandbox/options",
                        json("{'snapshotSeconds': 1.5, 'shutdownIgnored': true, 'rateLimitPerHour': 100}"))
                .json();

        assertThat(options.path("snapshotSeconds").asDouble()).isEqualTo(1.5);
        assertThat(sandbox.options().shutdownIgnored()).isTrue();
        assertThat(new Http(sandbox).get(DROPLET).header("ratelimit-limit")).isEqualTo("100");
    }

    @Test
    void teamsDropletsImagesAndAppsCanBeSeeded(Sandbox sandbox) throws IOException {
        Http admin = admin(sandbox);
        admin.post("/_sandbox/teams", json("{'team':'initech','tokens':['dop_v1_initech']}"));
        JsonNode droplet = admin.post(
                        "/_sandbox/droplets",
                        json("{'team':'initech','name':'builder','region':'sfo3',"
                                + "'snapshots':[{'name':'old','createdAt':'2026-01-01T00:00:00Z'}]}"))
                .json()
                .path("droplet");
        long imageId = admin.post("/_sandbox/images", json("{'team':'initech','name':'img'}"))
                .json()
                .path("image")
                .path("id")
                .asLong();
        admin.post("/_sandbox/apps", json("{'appId':'aaaaaaaaaaaaaaaaaaaaaaaa','team':'initech','status':'approved'}"));

        Http initech = new Http(sandbox).token("dop_v1_initech");
        assertThat(initech.get("/v2/droplets/" + droplet.path("id").asLong()).status())
                .isEqualTo(200);
        assertThat(droplet.path("snapshot_ids")).hasSize(1);
        assertThat(initech.patch("/api/v1/vendor-portal/apps/aaaaaaaaaaaaaaaaaaaaaaaa", "{\"imageId\":" + imageId + "}")
                        .status())
                .isEqualTo(200);
        assertThat(admin.post("/_sandbox/droplets", json("{'team':'nobody','name':'x'}"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void anUnknownAdminPathSaysWhereToLook(Sandbox sandbox) throws IOException {
        Http.Result r = admin(sandbox).get("/_sandbox/nothing");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("message").asText()).contains("/_sandbox/info");
    }
}
