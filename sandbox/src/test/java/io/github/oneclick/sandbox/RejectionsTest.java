package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class RejectionsTest {

    private static final String PATCH_APP = "/api/v1/vendor-portal/apps/";

    @Test
    void unknownTokenGets401InDigitalOceanShape(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox).token("dop_v1_not-a-real-token").get("/v2/droplets/" + Scenarios.DROPLET_ID);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("id").asText()).isEqualTo("unauthorized");
        assertThat(r.json().path("message").asText()).isEqualTo("Unable to authenticate you.");
        assertThat(r.json().path("request_id").asText())
                .isEqualTo(r.header("x-request-id"))
                .isNotBlank();
    }

    @Test
    void missingAuthorizationGets401(Sandbox sandbox) throws IOException {
        assertThat(new Http(sandbox).token(null).get("/v2/actions/1").status()).isEqualTo(401);
    }

    @Test
    void vendorApiRefusesAnUnknownTokenWith403(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox)
                .token("dop_v1_not-a-real-token")
                .patch(PATCH_APP + Scenarios.APP_ID, json("{'imageId': 140000003}"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("message").asText()).contains("token");
    }

    @Test
    void unknownAppGets404(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox).patch(PATCH_APP + "ffffffffffffffffffffffff", json("{'imageId': 140000003}"));

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("message").asText()).contains("ffffffffffffffffffffffff");
    }

    @Test
    void anotherTeamsAppGets403(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox).patch(PATCH_APP + Scenarios.FOREIGN_APP_ID, json("{'imageId': 140000003}"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("message").asText()).contains("team");
    }

    @Test
    void anImageOfAnotherTeamGets403(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox)
                .patch(PATCH_APP + Scenarios.APP_ID, "{\"imageId\": " + Scenarios.FOREIGN_IMAGE_ID + "}");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("message").asText()).contains(Long.toString(Scenarios.FOREIGN_IMAGE_ID));
        assertThat(sandbox.state()
                        .app(Scenarios.APP_ID)
                        .path("status")
                        .path("value")
                        .asText())
                .isEqualTo("approved");
    }

    @Test
    void aPublicImageIsNotOwnedEither(Sandbox sandbox) throws IOException {
        Http.Result r =
                new Http(sandbox).patch(PATCH_APP + Scenarios.APP_ID, "{\"imageId\": " + Scenarios.BASE_IMAGE_ID + "}");

        assertThat(r.status()).isEqualTo(403);
    }

    @Test
    void aPendingAppGets400(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox).patch(PATCH_APP + Scenarios.PENDING_APP_ID, json("{'imageId': 140000003}"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).contains("pending");
    }

    @Test
    void anAppInReviewGets400(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox).patch(PATCH_APP + Scenarios.IN_REVIEW_APP_ID, json("{'imageId': 140000003}"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).contains("in review");
    }

    @Test
    void anAppThatIsNotADropletOneClickGets400(Sandbox sandbox) throws IOException {
        Http.Result r =
                new Http(sandbox).patch(PATCH_APP + Scenarios.KUBERNETES_APP_ID, json("{'imageId': 140000003}"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).contains("not a droplet 1-click");
    }

    @Test
    void aMissingOrNullImageIdGets400(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);

        assertThat(http.patch(PATCH_APP + Scenarios.APP_ID, json("{'version': '1.3.0'}"))
                        .status())
                .isEqualTo(400);
        assertThat(http.patch(PATCH_APP + Scenarios.APP_ID, json("{'imageId': null}"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void anImageIdSentAsAStringGets400(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox).patch(PATCH_APP + Scenarios.APP_ID, json("{'imageId': '140000003'}"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).contains("imageId must be a number");
    }

    @Test
    void aSecondActionWhileOneIsInProgressGets422(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        String actions = "/v2/droplets/" + Scenarios.DROPLET_ID + "/actions";
        assertThat(http.post(actions, json("{'type':'shutdown'}")).status()).isEqualTo(201);

        Http.Result r = http.post(actions, json("{'type':'snapshot','name':'acme-app-1.3.0'}"));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("id").asText()).isEqualTo("unprocessable_entity");
        assertThat(r.json().path("message").asText()).isEqualTo("Droplet already has a pending event.");
    }

    @Test
    void anotherTeamsDropletIsNotFound(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox).get("/v2/droplets/" + Scenarios.FOREIGN_DROPLET_ID);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("id").asText()).isEqualTo("not_found");
    }

    @Test
    void anUnknownDropletActionTypeGets422(Sandbox sandbox) throws IOException {
        Http.Result r =
                new Http(sandbox).post("/v2/droplets/" + Scenarios.DROPLET_ID + "/actions", json("{'type':'explode'}"));

        assertThat(r.status()).isEqualTo(422);
    }
}
