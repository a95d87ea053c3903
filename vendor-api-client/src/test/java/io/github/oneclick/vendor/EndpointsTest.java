package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.oneclick.vendor.model.Action;
import io.github.oneclick.vendor.model.AppDetails;
import io.github.oneclick.vendor.model.AppUpdate;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.model.Software;
import java.util.List;
import java.util.function.Consumer;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every endpoint: method, path, query, headers and the exact JSON body. */
class EndpointsTest extends MockServerTest {

    private static final String EMPTY_ACTIONS = "{\"actions\":[],\"links\":{},\"meta\":{\"total\":0}}";
    private static final String EMPTY_DROPLETS = "{\"droplets\":[],\"links\":{},\"meta\":{\"total\":0}}";
    private static final String EMPTY_SNAPSHOTS = "{\"snapshots\":[],\"links\":{},\"meta\":{\"total\":0}}";

    @Test
    void updateAppPatchesTheVendorPortalAppWithTheUpdateAsJson() throws Exception {
        enqueueJson(200, resource("app-update-response.json"));
        AppUpdate update = AppUpdate.builder()
                .imageId(413639)
                .reasonForUpdate("example")
                .version("3")
                .addSoftware(Software.of("Ubuntu Linux", "22.04"))
                .build();

        AppDetails app = client().updateApp("60089fc6d333037bffa70d9b", update);

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getPath()).isEqualTo("/api/v1/vendor-portal/apps/60089fc6d333037bffa70d9b");
        assertStandardHeaders(request);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getBody().readUtf8())
                .isEqualTo(
                        "{\"imageId\":413639,\"reasonForUpdate\":\"example\","
                                + "\"version\":\"3\",\"softwareIncluded\":[{\"name\":\"Ubuntu Linux\",\"version\":\"22.04\"}]}");
        assertThat(app.appId()).isEqualTo("60089fc6d333037bffa70d9b");
    }

    @Test
    @SuppressWarnings("deprecation")
    void deprecatedUpdateAppVersionPatchesTheVersionedPath() throws Exception {
        enqueueJson(200, resource("app-update-response.json"));

        client().updateAppVersion(
                        "60089fc6d333037bffa70d9b",
                        "3",
                        AppUpdate.builder().imageId(413639).build());

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getPath()).isEqualTo("/api/v1/vendor-portal/apps/60089fc6d333037bffa70d9b/versions/3");
        assertStandardHeaders(request);
        assertThat(request.getBody().readUtf8()).isEqualTo("{\"imageId\":413639}");
    }

    @Test
    void appIdIsTrimmed() throws Exception {
        enqueueJson(200, resource("app-update-response.json"));

        client().updateApp(
                        "  60089fc6d333037bffa70d9b ",
                        AppUpdate.builder().imageId(1).build());

        assertThat(takeRequest().getPath()).isEqualTo("/api/v1/vendor-portal/apps/60089fc6d333037bffa70d9b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "my app", "../v2/droplets", "60089fc6d333037bffa70d9"})
    void anAppIdThatIsNotOneIsRefusedBeforeAnyRequest(String appId) {
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        client().updateApp(appId, AppUpdate.builder().imageId(1).build()))
                .withMessageContaining("appId '" + appId.strip() + "'");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aPastedVendorPortalUrlIsRefusedNamingThePartToUse() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> client().updateApp(
                                "https://cloud.digitalocean.com/vendorportal/60089fc6d333037bffa70d9b/10/edit",
                                AppUpdate.builder().imageId(1).build()))
                .withMessageContaining("looks like a URL")
                .withMessageContaining("Use its id part:" + " 60089fc6d333037bffa70d9b");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void getDropletGetsTheDropletById() throws Exception {
        enqueueJson(200, resource("droplet.json"));

        Droplet droplet = client().getDroplet(3164444);

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/v2/droplets/3164444");
        assertStandardHeaders(request);
        assertThat(request.getBodySize()).isZero();
        assertThat(droplet.id()).isEqualTo(3164444);
    }

    @Test
    void listDropletsByNameQueriesByNameWith200PerPage() throws Exception {
        enqueueJson(200, EMPTY_DROPLETS);
        enqueueJson(200, EMPTY_DROPLETS);

        assertThat(client().listDropletsByName("build 1").toList()).isEmpty();

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/v2/droplets?name=build%201&per_page=200");
        assertStandardHeaders(request);
        assertThat(takeRequest().getPath())
                .as("GPU droplets are listed only when asked for")
                .isEqualTo("/v2/droplets?name=build%201&type=gpus&per_page=200");
    }

    @Test
    void listDropletsByTagQueriesByTagNameWith200PerPage() throws Exception {
        enqueueJson(200, EMPTY_DROPLETS);
        enqueueJson(200, EMPTY_DROPLETS);

        assertThat(client().listDropletsByTag("env:prod").toList()).isEmpty();

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/v2/droplets");
        assertThat(request.getRequestUrl().queryParameter("tag_name")).isEqualTo("env:prod");
        assertThat(request.getRequestUrl().queryParameter("per_page")).isEqualTo("200");
        assertThat(request.getRequestUrl().querySize()).isEqualTo(2);
        assertStandardHeaders(request);
        assertThat(takeRequest().getRequestUrl().queryParameter("type")).isEqualTo("gpus");
    }

    @Test
    void deleteDropletDeletesTheDroplet() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));

        client().deleteDroplet(3164444);

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getPath()).isEqualTo("/v2/droplets/3164444");
        assertStandardHeaders(request);
        assertThat(request.getBodySize()).isZero();
    }

    @Test
    void shutdownPostsAShutdownAction() throws Exception {
        assertDropletAction(client -> client.shutdown(3164444), "{\"type\":\"shutdown\"}");
    }

    @Test
    void powerOffPostsAPowerOffAction() throws Exception {
        assertDropletAction(client -> client.powerOff(3164444), "{\"type\":\"power_off\"}");
    }

    @Test
    void powerOnPostsAPowerOnAction() throws Exception {
        assertDropletAction(client -> client.powerOn(3164444), "{\"type\":\"power_on\"}");
    }

    @Test
    void snapshotPostsASnapshotActionWithItsName() throws Exception {
        assertDropletAction(
                client -> client.snapshot(3164444, "app-1.4.0"), "{\"type\":\"snapshot\",\"name\":\"app-1.4.0\"}");
    }

    @Test
    void listDropletActionsGetsTheDropletsActionsWith200PerPage() throws Exception {
        enqueueJson(200, EMPTY_ACTIONS);

        assertThat(client().listDropletActions(3164444).toList()).isEmpty();

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/v2/droplets/3164444/actions?per_page=200");
        assertStandardHeaders(request);
    }

    @Test
    void getActionGetsTheActionById() throws Exception {
        enqueueJson(200, resource("action-region-object.json"));

        Action action = client().getAction(36804636);

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/v2/actions/36804636");
        assertStandardHeaders(request);
        assertThat(action.id()).isEqualTo(36804636);
    }

    @Test
    void listDropletSnapshotsGetsTheDropletsSnapshotsWith200PerPage() throws Exception {
        enqueueJson(200, EMPTY_SNAPSHOTS);

        assertThat(client().listDropletSnapshots(3164444).toList()).isEmpty();

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/v2/droplets/3164444/snapshots?per_page=200");
        assertStandardHeaders(request);
    }

    @Test
    void listSnapshotsGetsTheTeamsDropletSnapshotsWith200PerPage() throws Exception {
        enqueueJson(200, EMPTY_SNAPSHOTS);

        assertThat(client().listSnapshots().toList()).isEmpty();

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/v2/snapshots?resource_type=droplet&per_page=200");
        assertStandardHeaders(request);
    }

    @Test
    void deleteSnapshotDeletesBySnapshotId() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));

        client().deleteSnapshot(" 6372321 ");

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getPath()).isEqualTo("/v2/snapshots/6372321");
        assertStandardHeaders(request);
    }

    @Test
    void getImageGetsTheImageById() throws Exception {
        enqueueJson(200, resource("image.json"));

        Image image = client().getImage(6918990);

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/v2/images/6918990");
        assertStandardHeaders(request);
        assertThat(image.id()).isEqualTo(6918990);
    }

    @Test
    void deleteImageDeletesTheImage() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));

        client().deleteImage(6918990);

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getPath()).isEqualTo("/v2/images/6918990");
        assertStandardHeaders(request);
    }

    @Test
    void transferImagePostsATransferActionWithTheRegion() throws Exception {
        enqueueJson(201, actionJson(36805022, "transfer"));

        Action action = client().transferImage(6918990, " fra1 ");

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/v2/images/6918990/actions");
        assertStandardHeaders(request);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getBody().readUtf8()).isEqualTo("{\"type\":\"transfer\",\"region\":\"fra1\"}");
        assertThat(action.type()).isEqualTo("transfer");
    }

    @Test
    void getImageActionGetsTheImagesAction() throws Exception {
        enqueueJson(200, actionJson(36805022, "transfer"));

        client().getImageAction(6918990, 36805022);

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/v2/images/6918990/actions/36805022");
        assertStandardHeaders(request);
    }

    @Test
    void aCustomUserAgentReplacesTheDefault() throws Exception {
        enqueueJson(200, dropletJson(1));

        clientBuilder().userAgent("release-bot/2.0").build().getDroplet(1);

        assertThat(takeRequest().getHeader("User-Agent")).isEqualTo("release-bot/2.0");
    }

    @Test
    void anApiUrlWithAPathPrefixKeepsThePrefix() throws Exception {
        enqueueJson(200, dropletJson(1));

        clientBuilder().apiUrl(server.url("/sandbox").toString()).build().getDroplet(1);

        assertThat(takeRequest().getPath()).isEqualTo("/sandbox/v2/droplets/1");
    }

    @Test
    void surroundingWhitespaceOfTheTokenIsNotSent() throws Exception {
        enqueueJson(200, dropletJson(1));

        clientBuilder().token("  " + TOKEN + "\n").build().getDroplet(1);

        assertThat(takeRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    private void assertDropletAction(Consumer<DigitalOceanClient> call, String expectedBody) throws Exception {
        enqueueJson(201, actionJson(36804636, "any"));

        call.accept(client());

        RecordedRequest request = takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/v2/droplets/3164444/actions");
        assertStandardHeaders(request);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getBody().readUtf8()).isEqualTo(expectedBody);
    }

    private static void assertStandardHeaders(RecordedRequest request) {
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.getHeader("Accept")).isEqualTo("application/json");
        String version = DigitalOceanClient.version();
        assertThat(version).isNotBlank().isNotEqualTo("unknown").doesNotContain("${");
        assertThat(request.getHeaders().values("User-Agent"))
                .isEqualTo(List.of("vendor-api-client/" + version))
                .as("User-Agent, unless replaced by the builder");
    }
}
