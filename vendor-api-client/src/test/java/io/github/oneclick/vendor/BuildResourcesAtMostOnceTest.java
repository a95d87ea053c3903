package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.vendor.model.DropletCreateRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The requests that create and delete a run's droplets and keys reach the server once under each answer that leaves
 * a client unsure: a 503 with {@code Retry-After: 0}, a redirect, a cut connection and a 2xx with an empty body.
 * Counted where the server receives them. The server's reads say what really happened (the droplet and the key
 * exist, the deleted key is gone), so no read ever proves that the first request did not take effect.
 */
class BuildResourcesAtMostOnceTest extends MockServerTest {
    private static final String RUN_TAG = "oneclick-run:20261202t161100z-7f3a9c";
    private static final String DROPLET = "{\"id\":7,\"name\":\"acme-build\",\"status\":\"new\",\"tags\":"
            + "[\"oneclick-marketplace\",\"" + RUN_TAG + "\"]}";
    private static final String KEY_JSON = "{\"ssh_key\":{\"id\":512190,\"fingerprint\":\"" + SshKeysTest.FINGERPRINT
            + "\",\"public_key\":\"" + SshKeysTest.PUBLIC_KEY + "\",\"name\":\"oneclick-marketplace-x\"}}";

    enum Answer {
        UNAVAILABLE_RETRY_AT_ONCE,
        REDIRECT,
        CUT_CONNECTION,
        EMPTY_SUCCESS
    }

    record Endpoint(String name, String method, String path, Consumer<DigitalOceanClient> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> endpointsAndAnswers() {
        List<Endpoint> endpoints = List.of(
                new Endpoint(
                        "createDroplet",
                        "POST",
                        "/v2/droplets",
                        client -> client.createDroplet(DropletCreateRequest.builder()
                                .name("acme-build")
                                .region("nyc3")
                                .size("s-1vcpu-1gb")
                                .image("ubuntu-24-04-x64")
                                .runTag(RUN_TAG)
                                .build())),
                new Endpoint(
                        "deleteDropletsByTag",
                        "DELETE",
                        "/v2/droplets?tag_name=" + RUN_TAG.replace(":", "%3A"),
                        client -> client.deleteDropletsByTag(RUN_TAG)),
                new Endpoint(
                        "createSshKey",
                        "POST",
                        "/v2/account/keys",
                        client -> client.createSshKey("oneclick-marketplace-x", SshKeysTest.PUBLIC_KEY)),
                new Endpoint(
                        "deleteSshKey",
                        "DELETE",
                        "/v2/account/keys/" + SshKeysTest.FINGERPRINT,
                        client -> client.deleteSshKey(SshKeysTest.FINGERPRINT)));
        return endpoints.stream().flatMap(e -> Stream.of(Answer.values()).map(a -> Arguments.of(e, a)));
    }

    @ParameterizedTest(name = "{0} answered {1}")
    @MethodSource("endpointsAndAnswers")
    void aMutatingRequestReachesTheServerOnce(Endpoint endpoint, Answer answer) throws Exception {
        try (MockWebServer elsewhere = new MockWebServer()) {
            elsewhere.start();
            List<String> mutating = new CopyOnWriteArrayList<>();
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    String method = request.getMethod();
                    String path = request.getPath();
                    if (!"GET".equals(method)) {
                        mutating.add(method + " " + path);
                        return mutating.size() == 1
                                ? unsure(answer, method, elsewhere)
                                : json(500, "{\"id\":\"server_error\",\"message\":\"sent again\"}");
                    }
                    if (path.startsWith("/v2/droplets?")) {
                        return json(200, "{\"droplets\":[" + DROPLET + "],\"links\":{},\"meta\":{\"total\":1}}");
                    }
                    if (path.startsWith("/v2/account/keys/") && endpoint.name().equals("createSshKey")) {
                        return json(200, KEY_JSON);
                    }
                    return json(404, "{\"id\":\"not_found\",\"message\":\"The resource could not be found.\"}");
                }
            });

            try {
                endpoint.call().accept(client());
            } catch (DigitalOceanException e) {
                // the outcome may stay unclear; what counts is what reached the server
            }

            assertThat(mutating).containsExactly(endpoint.method() + " " + endpoint.path());
            assertThat(elsewhere.getRequestCount())
                    .as("no redirect is followed")
                    .isZero();
        }
    }

    private static MockResponse unsure(Answer answer, String method, MockWebServer elsewhere) {
        return switch (answer) {
            case UNAVAILABLE_RETRY_AT_ONCE ->
                json(503, "{\"id\":\"service_unavailable\",\"message\":\"try again\"}")
                        .setHeader("Retry-After", "0");
            case REDIRECT -> json(307, "{}").setHeader("Location", elsewhere.url("/v2/droplets"));
            case CUT_CONNECTION -> new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
            case EMPTY_SUCCESS -> new MockResponse().setResponseCode("POST".equals(method) ? 202 : 204);
        };
    }
}
