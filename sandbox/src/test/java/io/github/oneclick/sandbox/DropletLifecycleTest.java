package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class DropletLifecycleTest {

    private static final String DROPLET = "/v2/droplets/" + Scenarios.DROPLET_ID;
    private static final String ACTIONS = DROPLET + "/actions";

    private static String status(Http http) throws IOException {
        return http.get(DROPLET).json().path("droplet").path("status").asText();
    }

    private static JsonNode action(Http http, long id) throws IOException {
        return http.get("/v2/actions/" + id).json().path("action");
    }

    @Test
    void aDropletReadsAsDigitalOceanShapesIt(Sandbox sandbox) throws IOException {
        JsonNode d = new Http(sandbox).get(DROPLET).json().path("droplet");

        assertThat(d.path("id").asLong()).isEqualTo(Scenarios.DROPLET_ID);
        assertThat(d.path("status").asText()).isEqualTo("active");
        assertThat(d.path("region").path("slug").asText()).isEqualTo("nyc3");
        assertThat(d.path("disk").asInt()).isEqualTo(25);
        assertThat(d.path("snapshot_ids")).hasSize(3);
        assertThat(d.path("networks").path("v4").findValuesAsText("type")).containsExactly("private", "public");
    }

    @Test
    void everyDropletReportsTheConfiguredPublicAddressSoItsSshTargetIsReachable(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        String own = publicAddress(http.get(DROPLET).json());
        assertThat(own).startsWith("203.0.113.");

        sandbox.options(o -> o.withPublicIpv4("127.0.0.1"));

        assertThat(publicAddress(http.get(DROPLET).json())).isEqualTo("127.0.0.1");
        assertThat(http.get("/v2/droplets").json().path("droplets").findValues("networks"))
                .allSatisfy(
                        n -> assertThat(n.path("v4").get(1).path("ip_address").asText())
                                .isEqualTo("127.0.0.1"));
    }

    private static String publicAddress(JsonNode dropletResponse) {
        for (JsonNode v4 : dropletResponse.path("droplet").path("networks").path("v4")) {
            if (v4.path("type").asText().equals("public")) {
                return v4.path("ip_address").asText();
            }
        }
        return null;
    }

    @Test
    void shutdownTurnsTheDropletOffWhenItsActionCompletes(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        Instant start = sandbox.clock().instant();
        JsonNode posted = http.post(ACTIONS, json("{'type':'shutdown'}")).json().path("action");

        assertThat(posted.path("status").asText()).isEqualTo("in-progress");
        assertThat(posted.path("type").asText()).isEqualTo("shutdown");
        assertThat(posted.path("resource_id").asLong()).isEqualTo(Scenarios.DROPLET_ID);
        assertThat(posted.path("resource_type").asText()).isEqualTo("droplet");
        assertThat(posted.path("region_slug").asText()).isEqualTo("nyc3");
        assertThat(posted.path("region").path("slug").asText()).isEqualTo("nyc3");
        assertThat(posted.path("started_at").asText()).isEqualTo(start.toString());
        assertThat(posted.path("completed_at").isNull()).isTrue();
        assertThat(status(http)).isEqualTo("active");

        sandbox.advance(sandbox.options().actionDuration());

        JsonNode done = action(http, posted.path("id").asLong());
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("completed_at").asText())
                .isEqualTo(start.plus(sandbox.options().actionDuration()).toString());
        assertThat(status(http)).isEqualTo("off");
    }

    @Test
    @SandboxScenario(Scenarios.SHUTDOWN_IGNORED)
    void anIgnoredShutdownCompletesButLeavesTheDropletActiveUntilPowerOff(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long shutdown = http.post(ACTIONS, json("{'type':'shutdown'}"))
                .json()
                .path("action")
                .path("id")
                .asLong();
        sandbox.advance(Duration.ofMinutes(5));

        assertThat(action(http, shutdown).path("status").asText()).isEqualTo("completed");
        assertThat(status(http)).isEqualTo("active");

        long powerOff = http.post(ACTIONS, json("{'type':'power_off'}"))
                .json()
                .path("action")
                .path("id")
                .asLong();
        sandbox.advance(sandbox.options().actionDuration());

        assertThat(action(http, powerOff).path("status").asText()).isEqualTo("completed");
        assertThat(status(http)).isEqualTo("off");
    }

    @Test
    void powerOnBringsAnOffDropletBack(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        http.post(ACTIONS, json("{'type':'power_off'}"));
        sandbox.advance(sandbox.options().actionDuration());
        assertThat(status(http)).isEqualTo("off");

        http.post(ACTIONS, json("{'type':'power_on'}"));
        sandbox.advance(sandbox.options().actionDuration());

        assertThat(status(http)).isEqualTo("active");
    }

    @Test
    void aSnapshotActionMakesAPrivateImageOfTheDropletWhenItCompletes(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        sandbox.advance(Duration.ofMillis(700)); // started_at has second precision
        JsonNode posted = http.post(ACTIONS, json("{'type':'snapshot','name':'acme-app-1.3.0'}"))
                .json()
                .path("action");
        long actionId = posted.path("id").asLong();
        Instant startedAt = Instant.parse(posted.path("started_at").asText());

        sandbox.advance(sandbox.options().snapshotDuration().minusSeconds(1));
        assertThat(action(http, actionId).path("status").asText()).isEqualTo("in-progress");
        assertThat(http.get(DROPLET).json().path("droplet").path("snapshot_ids"))
                .hasSize(3);

        sandbox.advance(Duration.ofSeconds(1));
        assertThat(action(http, actionId).path("status").asText()).isEqualTo("completed");
        JsonNode ids = http.get(DROPLET).json().path("droplet").path("snapshot_ids");
        assertThat(ids).hasSize(4);
        long imageId = ids.get(3).asLong();

        JsonNode image = http.get("/v2/images/" + imageId).json().path("image");
        assertThat(image.path("name").asText()).isEqualTo("acme-app-1.3.0");
        assertThat(image.path("type").asText()).isEqualTo("snapshot");
        assertThat(image.path("public").asBoolean()).isFalse();
        assertThat(image.path("status").asText()).isEqualTo("available");
        assertThat(image.path("slug").isNull()).isTrue();
        assertThat(image.path("regions").get(0).asText()).isEqualTo("nyc3");
        assertThat(image.path("min_disk_size").asInt()).isEqualTo(25);
        assertThat(image.path("size_gigabytes").isNumber()).isTrue();
        Instant createdAt = Instant.parse(image.path("created_at").asText());
        assertThat(createdAt).isAfterOrEqualTo(startedAt);
        assertThat(image.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(new Http(sandbox)
                        .token(Scenarios.FOREIGN_TOKEN)
                        .get("/v2/images/" + imageId)
                        .status())
                .isEqualTo(404);
    }

    @Test
    @SandboxScenario(Scenarios.SNAPSHOT_ERRORED)
    void anErroredSnapshotMakesNoImage(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long actionId = http.post(ACTIONS, json("{'type':'snapshot','name':'broken'}"))
                .json()
                .path("action")
                .path("id")
                .asLong();

        sandbox.advance(sandbox.options().snapshotDuration());

        JsonNode action = action(http, actionId);
        assertThat(action.path("status").asText()).isEqualTo("errored");
        assertThat(action.path("completed_at").isNull()).isFalse();
        assertThat(http.get(DROPLET).json().path("droplet").path("snapshot_ids"))
                .hasSize(3);
    }

    @Test
    @SandboxScenario(Scenarios.LISTING_LAG)
    void aNewSnapshotReachesTheListingsOnlyAfterTheLag(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        http.post(ACTIONS, json("{'type':'snapshot','name':'acme-app-1.3.0'}"));
        sandbox.advance(sandbox.options().snapshotDuration());
        long imageId = http.get(DROPLET)
                .json()
                .path("droplet")
                .path("snapshot_ids")
                .get(3)
                .asLong();

        assertThat(names(http.get(DROPLET + "/snapshots?per_page=200").json())).doesNotContain("acme-app-1.3.0");
        assertThat(names(http.get("/v2/snapshots?per_page=200").json())).doesNotContain("acme-app-1.3.0");
        assertThat(http.get("/v2/images/" + imageId).status()).isEqualTo(200);

        sandbox.advance(sandbox.options().listingLag());

        assertThat(names(http.get(DROPLET + "/snapshots?per_page=200").json())).contains("acme-app-1.3.0");
        assertThat(names(http.get("/v2/snapshots?per_page=200").json())).contains("acme-app-1.3.0");
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("snapshots").forEach(s -> names.add(s.path("name").asText()));
        return names;
    }

    @Test
    void actionsAreListedNewestFirstAndReadableThroughTheDroplet(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long first = http.post(ACTIONS, json("{'type':'power_off'}"))
                .json()
                .path("action")
                .path("id")
                .asLong();
        sandbox.advance(sandbox.options().actionDuration());
        long second = http.post(ACTIONS, json("{'type':'snapshot','name':'n'}"))
                .json()
                .path("action")
                .path("id")
                .asLong();

        JsonNode list = http.get(ACTIONS).json();
        assertThat(list.path("actions").findValuesAsText("status")).containsExactly("in-progress", "completed");
        assertThat(list.path("actions").get(0).path("id").asLong()).isEqualTo(second);
        assertThat(list.path("meta").path("total").asInt()).isEqualTo(2);
        assertThat(http.get(ACTIONS + "/" + first)
                        .json()
                        .path("action")
                        .path("type")
                        .asText())
                .isEqualTo("power_off");
    }

    @Test
    void dropletsAreFoundByExactCaseInsensitiveNameAndByTag(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);

        JsonNode byName = http.get("/v2/droplets?name=ACME-BUILD-01").json();
        assertThat(byName.path("droplets")).hasSize(1);
        assertThat(byName.path("droplets").get(0).path("id").asLong()).isEqualTo(Scenarios.DROPLET_ID);
        assertThat(http.get("/v2/droplets?name=acme-build").json().path("droplets"))
                .isEmpty();

        JsonNode byTag =
                http.get("/v2/droplets?tag_name=" + Scenarios.DROPLET_TAG).json();
        assertThat(byTag.path("droplets")).hasSize(1);
        assertThat(byTag.path("droplets").get(0).path("name").asText()).isEqualTo(Scenarios.DROPLET_NAME);
        assertThat(byTag.path("meta").path("total").asInt()).isEqualTo(1);
    }

    @Test
    void deletingADropletAnswers204AndKeepsItsSnapshots(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);

        Http.Result r = http.delete(DROPLET);

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(http.get(DROPLET).status()).isEqualTo(404);
        assertThat(http.get("/v2/snapshots").json().path("meta").path("total").asInt())
                .isEqualTo(3);
    }

    @Test
    void snapshotsAndImagesCanBeDeleted(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long first = Scenarios.OLD_SNAPSHOT_IDS.get(0);
        long second = Scenarios.OLD_SNAPSHOT_IDS.get(1);

        assertThat(http.delete("/v2/snapshots/" + first).status()).isEqualTo(204);
        assertThat(http.delete("/v2/images/" + second).status()).isEqualTo(204);

        assertThat(http.get("/v2/images/" + first).status()).isEqualTo(404);
        assertThat(http.get(DROPLET).json().path("droplet").path("snapshot_ids"))
                .hasSize(1);
        assertThat(http.delete("/v2/images/" + Scenarios.FOREIGN_IMAGE_ID).status())
                .isEqualTo(404);
    }

    @Test
    void anImageTransferAddsTheRegionWhenItCompletes(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long image = Scenarios.OLD_SNAPSHOT_IDS.get(2);

        Http.Result posted = http.post("/v2/images/" + image + "/actions", json("{'type':'transfer','region':'ams3'}"));

        assertThat(posted.status()).isEqualTo(201);
        JsonNode action = posted.json().path("action");
        assertThat(action.path("type").asText()).isEqualTo("transfer");
        assertThat(action.path("resource_type").asText()).isEqualTo("image");
        assertThat(action.path("resource_id").asLong()).isEqualTo(image);
        sandbox.advance(sandbox.options().actionDuration());
        String actionPath =
                "/v2/images/" + image + "/actions/" + action.path("id").asLong();
        assertThat(http.get(actionPath).json().path("action").path("status").asText())
                .isEqualTo("completed");
        assertThat(http.get("/v2/images/" + image)
                        .json()
                        .path("image")
                        .path("regions")
                        .toString())
                .isEqualTo("[\"nyc3\",\"ams3\"]");
    }
}
