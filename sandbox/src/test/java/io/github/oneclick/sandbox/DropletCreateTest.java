package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class DropletCreateTest {

    private static final String DROPLETS = "/v2/droplets";

    /** A create body that DigitalOcean accepts, changed by {@code change}. */
    private static String body(Consumer<ObjectNode> change) {
        ObjectNode n = Json.object();
        n.put("name", "acme-build-02");
        n.put("region", "nyc3");
        n.put("size", "s-1vcpu-1gb");
        n.put("image", "debian-12-x64");
        n.putArray("tags").add("marketplace-build").add("env:ci");
        change.accept(n);
        return Json.write(n);
    }

    private static String body() {
        return body(n -> {});
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.path("droplets").forEach(d -> ids.add(d.path("id").asLong()));
        return ids;
    }

    private static JsonNode droplet(Http http, long id) throws IOException {
        return http.get(DROPLETS + "/" + id).json().path("droplet");
    }

    private static long create(Http http, String body) throws IOException {
        Http.Result r = http.post(DROPLETS, body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().path("droplet").path("id").asLong();
    }

    private static void assertRefused(Sandbox sandbox, String body, String message) throws IOException {
        int before = sandbox.state().toJson().path("droplets").size();

        Http.Result r = new Http(sandbox).post(DROPLETS, body);

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.json().path("id").asText()).isEqualTo("unprocessable_entity");
        assertThat(r.json().path("message").asText()).contains(message);
        assertThat(sandbox.state().toJson().path("droplets")).hasSize(before);
        assertThat(sandbox.requests().last().status()).isEqualTo(422);
    }

    @Test
    void aCreateAnswers202WithANewDropletWithoutAddressesAndItsCreateAction(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);

        Http.Result r = http.post(DROPLETS, body());

        assertThat(r.status()).isEqualTo(202);
        JsonNode d = r.json().path("droplet");
        assertThat(d.path("status").asText()).isEqualTo("new");
        assertThat(d.path("name").asText()).isEqualTo("acme-build-02");
        assertThat(d.path("networks").path("v4")).isEmpty();
        JsonNode link = r.json().path("links").path("actions").get(0);
        assertThat(link.path("rel").asText()).isEqualTo("create");
        assertThat(link.path("href").asText())
                .isEqualTo(sandbox.url("/v2/actions/" + link.path("id").asLong()));
        JsonNode action = http.get(link.path("href").asText()).json().path("action");
        assertThat(action.path("type").asText()).isEqualTo("create");
        assertThat(action.path("status").asText()).isEqualTo("in-progress");
        assertThat(action.path("resource_id").asLong()).isEqualTo(d.path("id").asLong());
        assertThat(action.path("region_slug").asText()).isEqualTo("nyc3");
        assertThat(sandbox.requests().count("POST", DROPLETS)).isEqualTo(1);
    }

    @Test
    void theDropletIsActiveWithAPublicAddressOnceItsCreateActionCompleted(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        Instant start = sandbox.clock().instant();
        long id = create(http, body());

        sandbox.advance(sandbox.options().createDuration().minusSeconds(1));
        assertThat(droplet(http, id).path("status").asText()).isEqualTo("new");

        sandbox.advance(Duration.ofSeconds(1));
        JsonNode d = droplet(http, id);
        assertThat(d.path("status").asText()).isEqualTo("active");
        assertThat(d.path("networks").path("v4").findValuesAsText("type")).containsExactly("private", "public");
        assertThat(d.path("disk").asInt()).isEqualTo(25);
        assertThat(d.path("memory").asInt()).isEqualTo(1024);
        assertThat(d.path("size_slug").asText()).isEqualTo("s-1vcpu-1gb");
        assertThat(d.path("size").path("price_monthly").asDouble()).isEqualTo(6.0);
        assertThat(d.path("image").path("slug").asText()).isEqualTo("debian-12-x64");
        assertThat(d.path("region").path("slug").asText()).isEqualTo("nyc3");
        assertThat(d.path("tags").toString()).isEqualTo("[\"marketplace-build\",\"env:ci\"]");
        assertThat(d.path("created_at").asText()).isEqualTo(start.toString());
    }

    @Test
    void theCreateTakesAsLongAsTheOptionsSayAndTheAddressIsTheConfiguredOne(Sandbox sandbox) throws IOException {
        sandbox.options(o -> o.withCreateDuration(Duration.ofSeconds(45)).withPublicIpv4("127.0.0.1"));
        Http http = new Http(sandbox);
        long id = create(http, body(n -> n.put("ipv6", true)));

        sandbox.advance(Duration.ofSeconds(44));
        assertThat(droplet(http, id).path("status").asText()).isEqualTo("new");
        sandbox.advance(Duration.ofSeconds(1));

        JsonNode networks = droplet(http, id).path("networks");
        assertThat(networks.path("v4").get(1).path("ip_address").asText()).isEqualTo("127.0.0.1");
        assertThat(networks.path("v6")).hasSize(1);
    }

    @Test
    void aNewDropletRefusesActionsUntilItIsCreated(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long id = create(http, body());

        Http.Result r = http.post(DROPLETS + "/" + id + "/actions", json("{'type':'power_off'}"));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("message").asText()).isEqualTo("Droplet already has a pending event.");
        sandbox.advance(sandbox.options().createDuration());
        assertThat(http.post(DROPLETS + "/" + id + "/actions", json("{'type':'power_off'}"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void createdDropletsAreFoundByNameAndTagAndGpuDropletsOnlyWithTypeGpus(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long id = create(http, body());
        long gpu = create(
                http,
                body(n ->
                        n.put("name", "acme-gpu").put("size", "gpu-h100x1-80gb").put("region", "tor1")));

        assertThat(ids(http.get(DROPLETS + "?name=ACME-BUILD-02").json())).containsExactly(id);
        assertThat(ids(http.get(DROPLETS + "?tag_name=env:ci").json())).containsExactly(id);
        assertThat(ids(http.get(DROPLETS + "?name=acme-gpu").json())).isEmpty();
        assertThat(ids(http.get(DROPLETS + "?type=gpus").json())).containsExactly(gpu);
    }

    @Test
    void whatTheDropletWasCreatedWithIsReadableForTheSshSide(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long first = sandbox.state().addSshKey(Scenarios.TEAM, "ci", TestKeys.ed25519(1));
        sandbox.state().addSshKey(Scenarios.TEAM, "build", TestKeys.KNOWN);
        String userData = "#cloud-config\nssh_keys:\n  ed25519_public: ssh-ed25519 AAAA host\n";

        long id = create(http, body(n -> {
            n.putArray("ssh_keys").add(TestKeys.FINGERPRINT).add(first);
            n.put("user_data", userData);
        }));

        SandboxState.DropletCreation c = sandbox.state().creation(id);
        assertThat(c.userData()).isEqualTo(userData);
        assertThat(c.authorizedKeys()).containsExactly(TestKeys.KNOWN, TestKeys.ed25519(1));
        assertThat(c.imageId()).isEqualTo(Scenarios.DEBIAN_12_IMAGE_ID);
        assertThat(c.fromSnapshot()).isFalse();
        assertThat(c.createdThroughApi()).isTrue();
        assertThat(sandbox.state().creation(Scenarios.DROPLET_ID).createdThroughApi())
                .isFalse();
        JsonNode admin =
                new Http(sandbox).get("/_sandbox/droplets/" + id + "/creation").json();
        assertThat(admin.path("userData").asText()).isEqualTo(userData);
        assertThat(admin.path("authorizedKeys")).hasSize(2);
    }

    @Test
    void aSnapshotOfACreatedDropletCreatesDropletsWithADiskAtLeastAsLargeInItsRegions(Sandbox sandbox)
            throws IOException {
        Http http = new Http(sandbox);
        long build = create(http, body());
        sandbox.advance(sandbox.options().createDuration());
        http.post(DROPLETS + "/" + build + "/actions", json("{'type':'power_off'}"));
        sandbox.advance(sandbox.options().actionDuration());
        http.post(DROPLETS + "/" + build + "/actions", json("{'type':'snapshot','name':'acme-1.0.0'}"));
        sandbox.advance(sandbox.options().snapshotDuration());
        long snapshot = droplet(http, build).path("snapshot_ids").get(0).asLong();
        JsonNode image = http.get("/v2/images/" + snapshot).json().path("image");
        assertThat(image.path("min_disk_size").asInt()).isEqualTo(25);
        assertThat(image.path("distribution").asText()).isEqualTo("Debian");

        long test = create(http, body(n -> n.put("name", "acme-test").put("image", snapshot)));

        assertThat(sandbox.state().creation(test).fromSnapshot()).isTrue();
        assertThat(sandbox.state().creation(test).imageId()).isEqualTo(snapshot);
        assertThat(droplet(http, test).path("image").path("id").asLong()).isEqualTo(snapshot);
        assertRefused(sandbox, body(n -> n.put("image", snapshot).put("size", "s-1vcpu-512mb-10gb")), "at least 25 GB");
        assertRefused(sandbox, body(n -> n.put("image", snapshot).put("region", "sfo3")), "not available in region");
        assertThat(create(http, body(n -> n.put("image", snapshot).put("size", "s-1vcpu-2gb"))))
                .isPositive();
    }

    @Test
    void aMissingOrInvalidNameGets422(Sandbox sandbox) throws IOException {
        assertRefused(sandbox, body(n -> n.remove("name")), "Name is required");
        assertRefused(sandbox, body(n -> n.put("name", "acme_build")), "Only valid hostname characters");
        assertRefused(sandbox, body(n -> n.put("name", "acme build")), "Only valid hostname characters");
        assertRefused(sandbox, body(n -> n.put("name", 7)), "Only valid hostname characters");
    }

    @Test
    void anUnknownRegionGets422(Sandbox sandbox) throws IOException {
        assertRefused(sandbox, body(n -> n.put("region", "mars1")), "invalid region");
        assertRefused(sandbox, body(n -> n.remove("region")), "invalid region");
    }

    @Test
    void anUnknownSizeOrOneNotOfferedInTheRegionGets422(Sandbox sandbox) throws IOException {
        assertRefused(sandbox, body(n -> n.put("size", "1gb")), "invalid size");
        assertRefused(sandbox, body(n -> n.put("size", "gpu-h100x1-80gb")), "not available in this region");
    }

    @Test
    void anUnknownOrForeignImageGets422(Sandbox sandbox) throws IOException {
        assertRefused(sandbox, body(n -> n.put("image", "centos-5-x64")), "invalid image");
        assertRefused(sandbox, body(n -> n.put("image", Scenarios.FOREIGN_IMAGE_ID)), "invalid image");
        assertRefused(
                sandbox, body(n -> n.put("image", Long.toString(Scenarios.OLD_SNAPSHOT_IDS.get(0)))), "invalid image");
        assertRefused(sandbox, body(n -> n.put("image", "acme-app-1.0.0")), "invalid image");
    }

    @Test
    void aSizeWhoseDiskIsSmallerThanTheImagesMinimumGets422(Sandbox sandbox) throws IOException {
        assertRefused(
                sandbox,
                body(n -> n.put("image", "ubuntu-24-04-x64").put("size", "s-1vcpu-512mb-10gb")),
                "at least 15 GB");
        assertThat(create(new Http(sandbox), body(n -> n.put("size", "s-1vcpu-512mb-10gb"))))
                .as("debian-12-x64 fits 10 GB")
                .isPositive();
    }

    @Test
    void anSshKeyThatIsNotTheAccountsGets422(Sandbox sandbox) throws IOException {
        long own = sandbox.state().addSshKey(Scenarios.TEAM, "ci", TestKeys.ed25519(1));
        long foreign = sandbox.state().addSshKey(Scenarios.FOREIGN_TEAM, "theirs", TestKeys.ed25519(2));

        assertRefused(
                sandbox,
                body(n -> n.putArray("ssh_keys").add(own).add(foreign).add(TestKeys.FINGERPRINT)),
                foreign + ", " + TestKeys.FINGERPRINT + " are invalid key identifiers for Droplet creation.");
        assertRefused(
                sandbox, body(n -> n.putArray("ssh_keys").add(Long.toString(own))), "are invalid key identifiers");
    }

    @Test
    void userDataOver64KiBGets422(Sandbox sandbox) throws IOException {
        String limit = "#".repeat(64 * 1024);

        assertRefused(sandbox, body(n -> n.put("user_data", limit + "#")), "64 KiB");
        assertRefused(sandbox, body(n -> n.put("user_data", "é".repeat(32 * 1024 + 1))), "64 KiB");
        assertThat(create(new Http(sandbox), body(n -> n.put("user_data", limit))))
                .isPositive();
    }

    @Test
    void invalidTagsGet422(Sandbox sandbox) throws IOException {
        assertRefused(sandbox, body(n -> n.putArray("tags").add("two words")), "Tag names");
        assertRefused(sandbox, body(n -> n.putArray("tags").add("")), "Tag names");
        assertRefused(sandbox, body(n -> n.putArray("tags").add("x".repeat(256))), "Tag names");
        assertRefused(sandbox, body(n -> n.put("tags", "marketplace-build")), "tags must be an array");
    }

    @Test
    void mistypedFlagsAndAnUnknownVpcGet422(Sandbox sandbox) throws IOException {
        assertRefused(sandbox, body(n -> n.put("monitoring", "yes")), "monitoring must be a boolean");
        assertRefused(sandbox, body(n -> n.put("vpc_uuid", "0b3c0a5e-1d5a-4f0b-9d2c-3b1e4b0f6a11")), "vpc_uuid");
        assertThat(create(
                        new Http(sandbox),
                        body(n -> n.put("monitoring", true)
                                .put("backups", false)
                                .put("with_droplet_agent", true)
                                .put("vpc_uuid", Api.DEFAULT_VPC_UUID))))
                .isPositive();
    }

    @Test
    void aBodyThatIsNotJsonGets400AndEveryCreateIsRecorded(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);

        assertThat(http.post(DROPLETS, "name=acme").status()).isEqualTo(400);
        http.post(DROPLETS, body(n -> n.put("region", "mars1")));
        create(http, body());

        assertThat(sandbox.requests().count("POST", DROPLETS)).isEqualTo(3);
        assertThat(sandbox.requests().countMutating()).isEqualTo(3);
        assertThat(sandbox.requests().matching("POST", DROPLETS).stream()
                        .map(RecordedCall::status)
                        .toList())
                .containsExactly(400, 422, 202);
    }
}
