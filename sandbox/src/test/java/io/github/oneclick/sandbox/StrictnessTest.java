package io.github.oneclick.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Where DigitalOcean is strict, the sandbox is too: GPU droplets, and the image a listing serves. */
@ExtendWith(SandboxExtension.class)
class StrictnessTest {

    @Test
    @SandboxScenario(Scenarios.GPU_DROPLET)
    void aGpuDropletIsListedOnlyWithTypeGpus(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);

        assertThat(http.get("/v2/droplets?name=" + Scenarios.DROPLET_NAME)
                        .json()
                        .path("droplets"))
                .isEmpty();
        assertThat(http.get("/v2/droplets?name=" + Scenarios.DROPLET_NAME + "&type=gpus")
                        .json()
                        .path("droplets")
                        .get(0)
                        .path("id")
                        .asLong())
                .isEqualTo(Scenarios.DROPLET_ID);
        assertThat(http.get("/v2/droplets?type=gpus").json().path("droplets")).hasSize(1);
        assertThat(http.get("/v2/droplets/" + Scenarios.DROPLET_ID).status())
                .as("by id it is found")
                .isEqualTo(200);
    }

    @Test
    void deletingTheImageAListingServesIsRecordedAsAnIncident(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        long live = Scenarios.OLD_SNAPSHOT_IDS.get(2);
        long unused = sandbox.state()
                .addSnapshot(
                        Scenarios.DROPLET_ID, "acme-app-1.2.1", sandbox.clock().instant());

        assertThat(http.delete("/v2/images/" + unused).status()).isEqualTo(204);
        assertThat(sandbox.state().incidents()).isEmpty();
        assertThat(http.delete("/v2/snapshots/" + live).status()).isEqualTo(204);

        assertThat(sandbox.state().incidents())
                .singleElement()
                .asString()
                .contains("Deleted image " + live)
                .contains("app " + Scenarios.APP_ID)
                .contains("DELETE /v2/snapshots/" + live);
        assertThat(http.get("/_sandbox/state").json().path("incidents")).hasSize(1);
    }

    @Test
    void afterAnAcceptedUpdateTheListingStillServesTheOldImageUntilTheReviewApprovesIt(Sandbox sandbox)
            throws IOException {
        Http http = new Http(sandbox);
        long served = Scenarios.OLD_SNAPSHOT_IDS.get(2);
        long update = sandbox.state()
                .addSnapshot(
                        Scenarios.DROPLET_ID, "acme-app-1.3.0", sandbox.clock().instant());
        assertThat(http.patch("/api/v1/vendor-portal/apps/" + Scenarios.APP_ID, "{\"imageId\": " + update + "}")
                        .status())
                .isEqualTo(200);

        assertThat(servedImage(http)).isEqualTo(served);
        assertThat(http.delete("/v2/images/" + served).status()).isEqualTo(204);
        assertThat(sandbox.state().incidents())
                .singleElement()
                .asString()
                .contains("Deleted image " + served)
                .contains("serves");
    }

    @Test
    void approvingTheUpdateServesTheNewImageAndDeletingItIsAnIncidentWhileUnderReview(Sandbox sandbox)
            throws IOException {
        Http http = new Http(sandbox);
        long update = sandbox.state()
                .addSnapshot(
                        Scenarios.DROPLET_ID, "acme-app-1.3.0", sandbox.clock().instant());
        http.patch("/api/v1/vendor-portal/apps/" + Scenarios.APP_ID, "{\"imageId\": " + update + "}");
        sandbox.state().approveApp(Scenarios.APP_ID);

        assertThat(servedImage(http)).isEqualTo(update);

        long next = sandbox.state()
                .addSnapshot(
                        Scenarios.DROPLET_ID, "acme-app-1.4.0", sandbox.clock().instant());
        http.patch("/api/v1/vendor-portal/apps/" + Scenarios.APP_ID, "{\"imageId\": " + next + "}");
        http.delete("/v2/images/" + next);
        assertThat(sandbox.state().incidents())
                .singleElement()
                .asString()
                .contains("Deleted image " + next)
                .contains("names in the update under review");
    }

    private static long servedImage(Http http) throws IOException {
        for (var app : http.get("/_sandbox/state").json().path("apps")) {
            if (app.path("appId").asText().equals(Scenarios.APP_ID)) {
                return app.path("servedImageId").asLong();
            }
        }
        throw new AssertionError("no app " + Scenarios.APP_ID + " in the state");
    }
}
