package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.DropletCreateRequest;
import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v2/droplets} reaches DigitalOcean at most once unless reads prove it did not take effect: an unclear
 * create is settled by listing the droplets with its run tag. Counted where the server receives the requests.
 */
class DropletCreateTest extends MockServerTest {
    private static final String RUN_TAG = "run:github-42-1";
    private static final String NO_DROPLETS = "{\"droplets\":[],\"links\":{},\"meta\":{\"total\":0}}";
    /** The reads of one reconcile: each lists by tag twice, without and with {@code type=gpus}. */
    private static final int READS = 5;

    private static DropletCreateRequest.Builder request() {
        return DropletCreateRequest.builder()
                .name("app-build")
                .region("nyc3")
                .size("s-1vcpu-1gb")
                .image("ubuntu-24-04-x64")
                .runTag(RUN_TAG);
    }

    private static String droplet(long id, String name, String... tags) {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"status\":\"new\",\"tags\":[\""
                + String.join("\",\"", tags) + "\"]}";
    }

    private static String dropletsPage(String... droplets) {
        return "{\"droplets\":[" + String.join(",", droplets) + "],\"links\":{},\"meta\":{\"total\":" + droplets.length
                + "}}";
    }

    private void enqueueEmptyReads() {
        for (int i = 0; i < 2 * READS; i++) {
            enqueueJson(200, NO_DROPLETS);
        }
    }

    private List<RecordedRequest> received() throws InterruptedException {
        List<RecordedRequest> requests = new java.util.ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) {
            requests.add(takeRequest());
        }
        return requests;
    }

    private long posts() throws InterruptedException {
        return received().stream().filter(r -> "POST".equals(r.getMethod())).count();
    }

    @Test
    void createPostsTheDropletWithTheRunTagAmongItsTagsAndNoMonitoringIpv6OrBackups() throws Exception {
        enqueueJson(202, "{\"droplet\":" + droplet(3164494, "app-build", "app", RUN_TAG) + ",\"links\":{}}");

        Droplet droplet = client().createDroplet(request()
                .tag("app")
                .sshKey("512189")
                .sshKey("16:52:4e:e8:95:42:43:02:97:36:49:06:40:3d:3e:69")
                .userData("#cloud-config\n")
                .build());

        RecordedRequest post = takeRequest();
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(post.getPath()).isEqualTo("/v2/droplets");
        assertThat(post.getBody().readUtf8())
                .isEqualTo("{\"name\":\"app-build\",\"region\":\"nyc3\",\"size\":\"s-1vcpu-1gb\","
                        + "\"image\":\"ubuntu-24-04-x64\","
                        + "\"ssh_keys\":[512189,\"16:52:4e:e8:95:42:43:02:97:36:49:06:40:3d:3e:69\"],"
                        + "\"backups\":false,\"ipv6\":false,\"monitoring\":false,\"tags\":[\"app\",\"" + RUN_TAG
                        + "\"],\"user_data\":\"#cloud-config\\n\"}");
        assertThat(droplet.id()).isEqualTo(3164494);
        assertThat(droplet.status()).isEqualTo("new");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aSnapshotIdIsSentAsAJsonNumberAndAVpcAsItsUuid() throws Exception {
        enqueueJson(202, "{\"droplet\":" + droplet(7, "app-test", RUN_TAG) + "}");

        client().createDroplet(request()
                .name("app-test")
                .image(171234567L)
                .vpcUuid("760e09ef-dc84-11e8-981e-3cfdfeaae000")
                .monitoring(true)
                .build());

        assertThat(takeRequest().getBody().readUtf8())
                .contains("\"image\":171234567,", "\"monitoring\":true", "\"ssh_keys\":[]")
                .contains("\"vpc_uuid\":\"760e09ef-dc84-11e8-981e-3cfdfeaae000\"")
                .doesNotContain("user_data");
    }

    @Test
    void aCreateWhoseAnswerIsLostIsFoundByItsRunTagAndNotSentAgain() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        enqueueJson(200, dropletsPage(droplet(3164494, "app-build", RUN_TAG)));
        enqueueJson(200, NO_DROPLETS);
        enqueueJson(202, "{\"droplet\":" + droplet(3164495, "app-build", RUN_TAG) + "}");

        Droplet droplet = client().createDroplet(request().build());

        assertThat(droplet.id()).isEqualTo(3164494);
        List<RecordedRequest> requests = received();
        assertThat(requests).extracting(RecordedRequest::getMethod).containsExactly("POST", "GET", "GET");
        assertThat(requests.get(1).getPath()).isEqualTo("/v2/droplets?tag_name=run%3Agithub-42-1&per_page=200");
        assertThat(requests.get(2).getPath())
                .isEqualTo("/v2/droplets?tag_name=run%3Agithub-42-1&type=gpus&per_page=200");
        assertThat(log).anyMatch(line -> line.contains("took effect: found by reading"));
    }

    @Test
    void aCreateAnswered500IsSentAgainOnceOnlyAfterEveryReadWithinTheWindowShowsNoSuchDroplet() throws Exception {
        enqueueJson(500, "{\"id\":\"server_error\",\"message\":\"Server was unable to give you a response.\"}");
        enqueueJson(200, dropletsPage(droplet(11, "app-test", RUN_TAG))); // the run's other droplet: not this one
        for (int i = 1; i < 2 * READS; i++) {
            enqueueJson(200, NO_DROPLETS);
        }
        enqueueJson(202, "{\"droplet\":" + droplet(12, "app-build", RUN_TAG) + "}");

        Droplet droplet = client().createDroplet(request().build());

        assertThat(droplet.id()).isEqualTo(12);
        assertThat(posts()).isEqualTo(2);
        assertThat(server.getRequestCount()).isEqualTo(2 + 2 * READS);
        assertThat(sleeper.sleeps().stream().reduce(Duration.ZERO, Duration::plus))
                .as("the reads span the reconcile window")
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(log).anyMatch(line -> line.contains("did not take effect; sending it again, once"));
    }

    @Test
    void aCreateUnclearTwiceIsNotSentAThirdTimeAndItsOutcomeStaysUnknown() throws Exception {
        enqueueJson(503, "{\"id\":\"service_unavailable\",\"message\":\"try again\"}");
        enqueueEmptyReads();
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        enqueueEmptyReads();
        enqueueJson(202, "{\"droplet\":" + droplet(12, "app-build", RUN_TAG) + "}");

        DigitalOceanException e = catchThrowableOfType(
                DigitalOceanException.class,
                () -> client().createDroplet(request().build()));

        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(e.getMessage())
                .contains("POST /v2/droplets", "found no trace of it", "was sent 2 times and is not sent again");
        assertThat(posts()).isEqualTo(2);
    }

    @Test
    void aCreateAcceptedWithoutTheDropletInTheAnswerIsNeverSentAgain() throws Exception {
        enqueueJson(202, "{}");
        enqueueEmptyReads();
        enqueueJson(202, "{\"droplet\":" + droplet(12, "app-build", RUN_TAG) + "}");

        DigitalOceanException e = catchThrowableOfType(
                DigitalOceanException.class,
                () -> client().createDroplet(request().build()));

        assertThat(e.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(e.getMessage()).contains("although DigitalOcean accepted it; it is not sent again");
        assertThat(posts()).isEqualTo(1);
    }

    @Test
    void aCreateAcceptedWithoutTheDropletReturnsTheDropletTheReadsFind() throws Exception {
        enqueueJson(202, "{\"links\":{}}");
        enqueueJson(200, dropletsPage(droplet(21, "APP-BUILD", "app", RUN_TAG)));
        enqueueJson(200, NO_DROPLETS);

        assertThat(client().createDroplet(request().build()).id()).isEqualTo(21);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aRefusedCreateIsThrownAsItIsWithoutReads() {
        enqueueJson(422, "{\"id\":\"unprocessable_entity\",\"message\":\"Size is not available in this region.\"}");

        UnprocessableEntityException e = catchThrowableOfType(
                UnprocessableEntityException.class,
                () -> client().createDroplet(request().build()));

        assertThat(e.outcome()).isEqualTo(Outcome.NOT_APPLIED);
        assertThat(e.getMessage()).contains("Size is not available in this region.");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void whenTheReadsFailTooTheCreateIsNotSentAgainAndItsOutcomeStaysUnknown() throws Exception {
        enqueueJson(504, "<html><title>504 Gateway Time-out</title></html>");
        enqueueJson(403, "{\"id\":\"forbidden\",\"message\":\"You are not authorized to perform this operation\"}");

        DigitalOceanException e = catchThrowableOfType(
                DigitalOceanException.class,
                () -> client().createDroplet(request().build()));

        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(e.getMessage()).contains("Reading whether POST /v2/droplets", "failed too", "not sent again");
        assertThat(e.getMessage()).doesNotContain(TOKEN);
        assertThat(posts()).isEqualTo(1);
    }

    @Test
    void deleteDropletsByTagSendsOneDeleteWithTheTagEvenWhenAnswered503() throws Exception {
        enqueueJson(503, "{\"id\":\"service_unavailable\",\"message\":\"try again\"}");
        server.enqueue(new MockResponse().setResponseCode(204));

        ServerErrorException e =
                catchThrowableOfType(ServerErrorException.class, () -> client().deleteDropletsByTag(RUN_TAG));

        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        RecordedRequest delete = takeRequest();
        assertThat(delete.getMethod()).isEqualTo("DELETE");
        assertThat(delete.getPath()).isEqualTo("/v2/droplets?tag_name=run%3Agithub-42-1");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void deleteDropletsByTagRefusesABlankTagBeforeAnyRequest() {
        InvalidSettingException e =
                catchThrowableOfType(InvalidSettingException.class, () -> client().deleteDropletsByTag(" "));

        assertThat(e.settings()).containsExactly("tag");
        assertThat(server.getRequestCount()).isZero();
    }
}
