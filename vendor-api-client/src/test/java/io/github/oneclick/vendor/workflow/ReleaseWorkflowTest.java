package io.github.oneclick.vendor.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.vendor.ConflictException;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.ForbiddenException;
import io.github.oneclick.vendor.NoDelayServerSockets;
import io.github.oneclick.vendor.NotFoundException;
import io.github.oneclick.vendor.Outcome;
import io.github.oneclick.vendor.model.AppUpdate;
import io.github.oneclick.vendor.model.Software;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReleaseWorkflowTest {
    private static final String APP_ID = "60089fc6d333037bffa70d9b";
    private static final String APP = "{\"appId\":\"" + APP_ID + "\",\"name\":\"Acme\",\"version\":4,"
            + "\"type\":\"droplet\",\"status\":{\"value\":\"pending\"},\"customData\":{\"imageId\":171234567}}";

    private final MockWebServer server = new MockWebServer();
    private final List<String> log = new ArrayList<>();
    private ReleaseWorkflow workflow;

    @BeforeEach
    void start() throws Exception {
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.start();
        DigitalOceanClient client = DigitalOceanClient.builder()
                .token("test-token")
                .apiUrl(server.url("/").toString())
                .sleeper(duration -> {})
                .random(() -> 0.5)
                .isolatedRateBudget()
                .build();
        workflow = new ReleaseWorkflow(client);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private static String image(String type, boolean isPublic, String status, int minDisk, String distribution) {
        return "{\"image\":{\"id\":171234567,\"name\":\"acme-1.4.0\",\"type\":\"" + type + "\",\"distribution\":\""
                + distribution + "\",\"public\":" + isPublic + ",\"regions\":[\"nyc3\"],\"min_disk_size\":" + minDisk
                + ",\"size_gigabytes\":2.3,\"status\":\"" + status + "\"}}";
    }

    /** The listing as the Vendor Portal's app read returns it. */
    private static MockResponse listing(String status, long imageId) {
        return new MockResponse()
                .setBody("{\"appId\":\"" + APP_ID + "\",\"status\":{\"value\":\"" + status
                        + "\"},\"customData\":{\"imageId\":" + imageId + "}}");
    }

    private static String goodImage() {
        return image("snapshot", false, "available", 10, "Ubuntu");
    }

    private static ReleaseRequest request(String osVersion) {
        return new ReleaseRequest(
                APP_ID,
                AppUpdate.builder()
                        .imageId(171234567L)
                        .version("1.4.0")
                        .osVersion(osVersion)
                        .addSoftware(Software.of("Nginx", "1.26.2"))
                        .build());
    }

    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> recorded = new ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) {
            recorded.add(server.takeRequest());
        }
        return recorded;
    }

    private long patches() throws InterruptedException {
        return requests().stream().filter(r -> r.getMethod().equals("PATCH")).count();
    }

    @Test
    void releasesAnAvailablePrivateSnapshotAndReportsTheListingStatus() throws Exception {
        server.enqueue(new MockResponse().setBody(goodImage()));
        server.enqueue(listing("approved", 140000003));
        server.enqueue(new MockResponse().setBody(APP));

        ReleaseResult result = workflow.release(request("Ubuntu 24.04"));

        assertThat(result.listingStatus()).isEqualTo("pending");
        assertThat(result.confirmedByReading()).isFalse();
        assertThat(result.plan().warnings()).isEmpty();
        List<RecordedRequest> requests = requests();
        assertThat(requests.get(0).getPath()).isEqualTo("/v2/images/171234567");
        assertThat(requests.get(1).getMethod()).as("the listing is read first").isEqualTo("GET");
        assertThat(requests.get(2).getPath()).isEqualTo("/api/v1/vendor-portal/apps/" + APP_ID);
        assertThat(new ObjectMapper().readTree(requests.get(2).getBody().readUtf8()))
                .isEqualTo(new ObjectMapper().readTree(result.plan().body()));
    }

    @Test
    void missingImageStopsBeforeTheUpdateNamingTheImage() throws Exception {
        server.enqueue(new MockResponse()
                .setResponseCode(404)
                .setBody("{\"id\":\"not_found\",\"message\":\"The resource you were accessing could not be found.\"}"));

        assertThatThrownBy(() -> workflow.release(request(null)))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("Image 171234567 was not found")
                .hasCauseInstanceOf(NotFoundException.class);
        assertThat(patches()).isZero();
    }

    @Test
    void anotherTeamsImageStopsBeforeTheUpdate() throws Exception {
        server.enqueue(new MockResponse()
                .setResponseCode(403)
                .setBody("{\"id\":\"forbidden\",\"message\":\"You do not have access for the attempted action.\"}"));

        assertThatThrownBy(() -> workflow.release(request(null)))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("Image 171234567")
                .hasMessageContaining("another team")
                .hasCauseInstanceOf(ForbiddenException.class);
        assertThat(patches()).isZero();
    }

    @Test
    void publicBaseImageIsRefused() throws Exception {
        server.enqueue(new MockResponse().setBody(image("base", true, "available", 10, "Ubuntu")));

        assertThatThrownBy(() -> workflow.release(request(null)))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("Image 171234567 (acme-1.4.0) is a public base image");
        assertThat(patches()).isZero();
    }

    @Test
    void backupImageIsRefused() throws Exception {
        server.enqueue(new MockResponse().setBody(image("backup", false, "available", 10, "Ubuntu")));

        assertThatThrownBy(() -> workflow.release(request(null)))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("is a backup image");
        assertThat(patches()).isZero();
    }

    @Test
    void pendingImageIsRefusedUntilAvailable() throws Exception {
        server.enqueue(new MockResponse().setBody(image("snapshot", false, "pending", 10, "Ubuntu")));

        assertThatThrownBy(() -> workflow.release(request(null)))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("not available yet (status pending)");
        assertThat(patches()).isZero();
    }

    @Test
    void largeMinimumDiskAndContradictingDistributionAreWarnedAbout() throws Exception {
        server.enqueue(new MockResponse().setBody(image("snapshot", false, "available", 26, "Debian")));
        server.enqueue(listing("approved", 140000003));

        ReleasePlan plan = workflow.preflight(request("Ubuntu 24.04"));

        assertThat(plan.warnings()).hasSize(2);
        assertThat(plan.warnings().get(0)).contains("at least 26 GB").contains("more than the 25 GB");
        assertThat(plan.warnings().get(1)).contains("Debian image").contains("'Ubuntu 24.04'");
        assertThat(patches()).isZero();
    }

    @Test
    void preflightBuildsTheExactBodyAndPathWithoutSendingIt() throws Exception {
        server.enqueue(new MockResponse().setBody(goodImage()));
        server.enqueue(listing("approved", 140000003));

        ReleasePlan plan = workflow.preflight(request("Ubuntu 24.04").withVersionsEndpoint(true));

        assertThat(plan.method()).isEqualTo("PATCH");
        assertThat(plan.path()).isEqualTo("/api/v1/vendor-portal/apps/" + APP_ID + "/versions/1.4.0");
        assertThat(plan.body())
                .isEqualTo("{\"imageId\":171234567,\"version\":\"1.4.0\",\"osVersion\":\"Ubuntu 24.04\","
                        + "\"softwareIncluded\":[{\"name\":\"Nginx\",\"version\":\"1.26.2\"}]}");
        assertThat(requests()).extracting(RecordedRequest::getMethod).containsExactly("GET", "GET");
    }

    @Test
    void versionsEndpointIsUsedOnRequest() throws Exception {
        server.enqueue(new MockResponse().setBody(goodImage()));
        server.enqueue(listing("approved", 140000003));
        server.enqueue(new MockResponse().setBody(APP));

        workflow.release(request(null).withVersionsEndpoint(true));

        assertThat(requests().get(2).getPath()).isEqualTo("/api/v1/vendor-portal/apps/" + APP_ID + "/versions/1.4.0");
    }

    @Test
    void appPendingReviewIsReportedAndNeverRetried() throws Exception {
        server.enqueue(new MockResponse().setBody(goodImage()));
        server.enqueue(listing("approved", 140000003));
        server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"error\":\"Bad Request\"}"));

        assertThatThrownBy(() -> workflow.release(request(null)))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("pending or in review")
                .hasMessageContaining("wait for DigitalOcean's review")
                .hasMessageContaining("nothing of it was applied");
        assertThat(patches()).isEqualTo(1);
    }

    @Test
    void unknownAppIsNotRetried() throws Exception {
        server.enqueue(new MockResponse().setBody(goodImage()));
        server.enqueue(listing("approved", 140000003));
        server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"error\":\"Not Found\"}"));

        assertThatThrownBy(() -> workflow.release(request(null)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("App id '" + APP_ID + "' was not found");
        assertThat(patches()).isEqualTo(1);
    }

    @Test
    void updateWithoutAnAnswerIsNeverSentAgainAndCountsWhenTheListingShowsTheImage() throws Exception {
        server.enqueue(new MockResponse().setBody(goodImage()));
        server.enqueue(listing("approved", 140000003));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(new MockResponse().setBody(APP));

        ReleaseResult result = workflow.release(workflow.preflight(request(null)), log::add);

        assertThat(result.confirmedByReading()).isTrue();
        assertThat(result.listingStatus()).isEqualTo("pending");
        List<RecordedRequest> requests = requests();
        assertThat(requests).extracting(RecordedRequest::getMethod).containsExactly("GET", "GET", "PATCH", "GET");
        assertThat(requests.get(3).getPath()).isEqualTo("/api/v1/vendor-portal/apps/" + APP_ID);
        assertThat(log)
                .singleElement()
                .asString()
                .contains("got no usable answer")
                .contains("reading the listing")
                .contains("instead of sending it again");
    }

    @Test
    void updateWithoutAnAnswerWhoseListingShowsAnotherImageIsNotReportedAsReleased() throws Exception {
        server.enqueue(new MockResponse().setBody(goodImage()));
        server.enqueue(listing("approved", 140000003));
        server.enqueue(new MockResponse().setResponseCode(502).setBody("<html><title>502 Bad Gateway</title></html>"));
        server.enqueue(new MockResponse().setBody(APP.replace("171234567", "140000003")));

        assertThatThrownBy(() -> workflow.release(request(null)))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("shows image 140000003")
                .hasMessageContaining("not image 171234567")
                .hasMessageContaining("was not sent again")
                .hasMessageContaining(ReleaseWorkflow.VENDOR_PORTAL);
        assertThat(patches()).isEqualTo(1);
    }

    @Test
    void updateWithoutAnAnswerAndAnUnreadableListingIsAnUnknownOutcomeWithWhereToCheck() throws Exception {
        server.enqueue(new MockResponse().setBody(goodImage()));
        server.enqueue(listing("approved", 140000003));
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "0"));
        server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"error\":\"Not Found\"}"));

        assertThatThrownBy(() -> workflow.release(request(null)))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("Outcome unknown")
                .hasMessageContaining("it was not sent again")
                .hasMessageContaining("Vendor Portal (https://cloud.digitalocean.com/vendorportal)");
        assertThat(patches()).isEqualTo(1);
    }

    @Test
    void conflictIsARefusalAndNothingIsSentOrReadAfterIt() throws Exception {
        server.enqueue(new MockResponse().setBody(goodImage()));
        server.enqueue(listing("approved", 140000003));
        server.enqueue(new MockResponse().setResponseCode(409).setBody("{\"message\":\"conflict\"}"));

        assertThatThrownBy(() -> workflow.release(request(null)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("It was not applied")
                .satisfies(e -> assertThat(((ConflictException) e).outcome()).isEqualTo(Outcome.NOT_APPLIED));
        assertThat(requests()).extracting(RecordedRequest::getMethod).containsExactly("GET", "GET", "PATCH");
    }

    @Test
    void successWithAnEmptyObjectCountsAsAcceptedAndIsConfirmedByReading() throws Exception {
        server.enqueue(new MockResponse().setBody(goodImage()));
        server.enqueue(listing("approved", 140000003));
        server.enqueue(new MockResponse().setBody("{}"));
        server.enqueue(new MockResponse().setBody(APP));

        ReleaseResult result = workflow.release(request(null));

        assertThat(result.confirmedByReading()).isTrue();
        assertThat(patches()).isEqualTo(1);
    }

    @Test
    void anImageTheListingServesAlreadyIsASuccessThatSendsNothing() throws Exception {
        server.enqueue(new MockResponse().setBody(goodImage()));
        server.enqueue(listing("approved", 171234567));

        ReleaseResult result = workflow.release(request(null));

        assertThat(result.alreadyServed()).isTrue();
        assertThat(patches()).isZero();
    }

    @Test
    void aListingInReviewIsNotSentAnUpdateAndTheMessageSaysSo() throws Exception {
        server.enqueue(new MockResponse().setBody(goodImage()));
        server.enqueue(listing("in review", 140000003));

        assertThatThrownBy(() -> workflow.release(request(null)))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("is in review")
                .hasMessageContaining("nothing was sent")
                .hasMessageContaining("release image 171234567 again");
        assertThat(patches()).isZero();
    }

    @Test
    void aListingThatCannotBeReadIsNoReasonNotToRelease() throws Exception {
        server.enqueue(new MockResponse().setBody(goodImage()));
        server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"error\":\"Not Found\"}"));
        server.enqueue(new MockResponse().setBody(APP));

        ReleaseResult result = workflow.release(request(null));

        assertThat(result.plan().listing().readable()).isFalse();
        assertThat(result.listingStatus()).isEqualTo("pending");
        assertThat(patches()).isEqualTo(1);
    }

    @Test
    void requestNeedsAnAppIdAndAVersionForTheVersionsEndpoint() {
        AppUpdate noVersion = AppUpdate.builder().imageId(1).build();
        assertThatThrownBy(() -> new ReleaseRequest(" ", noVersion))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("appId");
        assertThatThrownBy(() -> new ReleaseRequest(APP_ID, noVersion).withVersionsEndpoint(true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
    }
}
