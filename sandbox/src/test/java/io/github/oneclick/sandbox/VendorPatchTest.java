package io.github.oneclick.sandbox;

import static io.github.oneclick.sandbox.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class VendorPatchTest {

    private static final String APP = "/api/v1/vendor-portal/apps/" + Scenarios.APP_ID;
    private static final long NEWEST = Scenarios.OLD_SNAPSHOT_IDS.get(2);
    private static final long OLDER = Scenarios.OLD_SNAPSHOT_IDS.get(1);

    @Test
    void anAcceptedUpdateReturnsTheAppAndLeavesItPending(Sandbox sandbox) throws IOException {
        sandbox.advance(Duration.ofSeconds(42));

        Http.Result r = new Http(sandbox)
                .patch(
                        APP,
                        "{\"imageId\": " + OLDER
                                + ", \"reasonForUpdate\": \"Security fixes\", \"version\": \"1.3.0\"}");

        assertThat(r.status()).isEqualTo(200);
        JsonNode app = r.json();
        assertThat(app.path("appId").asText()).isEqualTo(Scenarios.APP_ID);
        assertThat(app.path("type").asText()).isEqualTo("droplet");
        assertThat(app.path("version").isInt()).isTrue();
        assertThat(app.path("version").asInt()).isEqualTo(2);
        assertThat(app.path("status").path("value").asText()).isEqualTo("pending");
        assertThat(app.path("status").path("lastUpdated").asLong())
                .isEqualTo(sandbox.clock().instant().toEpochMilli());
        assertThat(app.path("status").path("reason").asText()).isEqualTo("Security fixes");
        assertThat(app.path("customData").path("imageId").asLong()).isEqualTo(OLDER);
        assertThat(app.path("customData").path("version").asText()).isEqualTo("1.3.0");
        assertThat(app.path("customData").path("reasonForUpdate").asText()).isEqualTo("Security fixes");
    }

    @Test
    void absentAndNullFieldsKeepTheListingValues(Sandbox sandbox) throws IOException {
        JsonNode before = sandbox.state().app(Scenarios.APP_ID).path("customData");

        Http.Result r = new Http(sandbox)
                .patch(APP, "{\"imageId\": " + OLDER + ", \"osVersion\": null, \"softwareIncluded\": null}");

        JsonNode after = r.json().path("customData");
        assertThat(after.path("osVersion")).isEqualTo(before.path("osVersion"));
        assertThat(after.path("version")).isEqualTo(before.path("version"));
        assertThat(after.path("reasonForUpdate")).isEqualTo(before.path("reasonForUpdate"));
        assertThat(after.path("softwareIncluded")).isEqualTo(before.path("softwareIncluded"));
    }

    @Test
    void blankStringsAndEmptyArraysClearTheListingValues(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox)
                .patch(APP, "{\"imageId\": " + OLDER + ", \"osVersion\": \"\", \"softwareIncluded\": []}");

        JsonNode custom = r.json().path("customData");
        assertThat(custom.path("osVersion").asText("missing")).isEmpty();
        assertThat(custom.path("softwareIncluded").isArray()).isTrue();
        assertThat(custom.path("softwareIncluded")).isEmpty();
    }

    @Test
    void aSoftwareItemKeepsTheFieldsItLeavesNullAndClearsTheBlankOnes(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox)
                .patch(
                        APP,
                        "{\"imageId\": " + OLDER + ", \"softwareIncluded\": ["
                                + "{\"name\": \"Acme App\", \"version\": \"1.3.0\", \"releaseNotes\": \"\", \"website\": null},"
                                + "{\"name\": \"Redis\", \"version\": \"7.2\"}]}");

        JsonNode software = r.json().path("customData").path("softwareIncluded");
        assertThat(software).hasSize(2);
        JsonNode acme = software.get(0);
        assertThat(acme.path("version").asText()).isEqualTo("1.3.0");
        assertThat(acme.path("releaseNotes").asText("missing")).isEmpty();
        assertThat(acme.path("website").asText()).isEqualTo("https://example.com/acme");
        assertThat(acme.path("licenseType").asText()).isEqualTo("Apache-2.0");
        assertThat(software.get(1).path("name").asText()).isEqualTo("Redis");
        assertThat(software.get(1).has("website")).isFalse();
    }

    @Test
    void aSecondUpdateIsRefusedUntilTheAppIsApproved(Sandbox sandbox) throws IOException {
        Http http = new Http(sandbox);
        assertThat(http.patch(APP, "{\"imageId\": " + OLDER + "}").status()).isEqualTo(200);

        assertThat(http.patch(APP, "{\"imageId\": " + NEWEST + "}").status()).isEqualTo(400);

        sandbox.approveApp(Scenarios.APP_ID);
        Http.Result again = http.patch(APP, "{\"imageId\": " + NEWEST + "}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("version").asInt()).isEqualTo(3);
    }

    @Test
    void theDeprecatedVersionsPathBehavesTheSame(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox).patch(APP + "/versions/1", "{\"imageId\": " + OLDER + "}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").path("value").asText()).isEqualTo("pending");
        assertThat(sandbox.requests().count("PATCH", "/api/v1/vendor-portal/apps/*/versions/*"))
                .isEqualTo(1);
    }

    @Test
    @SandboxScenario(Scenarios.APP_PENDING)
    void theAppPendingScenarioRefusesTheMainApp(Sandbox sandbox) throws IOException {
        assertThat(new Http(sandbox).patch(APP, "{\"imageId\": " + OLDER + "}").status())
                .isEqualTo(400);
    }

    @Test
    @SandboxScenario(Scenarios.VENDOR_HTML_ERRORS)
    void vendorErrorsCanComeAsHtml(Sandbox sandbox) throws IOException {
        Http.Result r = new Http(sandbox)
                .patch("/api/v1/vendor-portal/apps/" + Scenarios.PENDING_APP_ID, json("{'imageId': 140000003}"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body()).contains("<html>").contains("pending");
    }
}
