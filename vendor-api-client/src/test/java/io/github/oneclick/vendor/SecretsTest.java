package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.oneclick.vendor.model.AppUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token never leaves the {@code Authorization} header: not in HTTP logs at BODY level, exception messages,
 * {@code toString()}s or {@link ErrorDetails}, even when the server echoes it back in every error it sends.
 */
class SecretsTest extends MockServerTest {
    private static final AppUpdate UPDATE =
            AppUpdate.builder().imageId(413639).reasonForUpdate("release").build();

    /** Answers by path; every error echoes the caller's token in the body and in {@code x-request-id}. */
    private static final class EchoingServer extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String authorization = request.getHeader("Authorization");
            String token = authorization.substring("Bearer ".length());
            String echo = "{\"id\":\"" + token + "\",\"message\":\"token " + token + " refused; Authorization: "
                    + authorization + "\",\"request_id\":\"" + token + "\"}";
            String path = request.getPath();
            switch (path) {
                case "/v2/snapshots/400":
                case "/api/v1/vendor-portal/apps/0000000000000000000000a1":
                case "/api/v1/vendor-portal/apps/0000000000000000000000a1/versions/3":
                    return error(400, echo);
                case "/v2/droplets/401":
                    return error(401, echo);
                case "/v2/images/403":
                case "/api/v1/vendor-portal/apps/0000000000000000000000a2":
                    return error(403, echo);
                case "/v2/droplets/404":
                case "/api/v1/vendor-portal/apps/0000000000000000000000a3":
                    return error(404, echo);
                case "/v2/droplets/422/actions":
                    return error(422, echo.replace("refused", "has a pending event"));
                case "/v2/actions/429":
                    return error(429, echo).setHeader("retry-after", "1");
                case "/v2/actions/500":
                    return error(500, echo);
                case "/v2/droplets/409/actions":
                    return error(409, echo);
                case "/v2/images/504":
                    return new MockResponse()
                            .setResponseCode(504)
                            .setHeader("Content-Type", "text/html")
                            .setHeader("x-request-id", token)
                            .setBody("<html><head><title>504 for " + token + "</title></head><body>Authorization: "
                                    + authorization + " " + token + "</body></html>");
                case "/v2/images/200":
                    return new MockResponse()
                            .setHeader("Content-Type", "application/json")
                            .setBody(token);
                case "/v2/droplets/999":
                    return error(200, echo).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
                case "/v2/droplets/998/actions":
                    return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
                default:
                    return error(200, "{\"droplet\":{\"id\":1,\"name\":\"" + token + "\"}}");
            }
        }

        private static MockResponse error(int status, String body) {
            String token = body.substring(7, body.indexOf('"', 7));
            return new MockResponse()
                    .setResponseCode(status)
                    .setHeader("Content-Type", "application/json")
                    .setHeader("x-request-id", token)
                    .setBody(body);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "dop_v1_" + "c4a9a1e0f5d2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c",
                "canary-7f3a9c2e51d84b06e0a1"
            })
    @SuppressWarnings("deprecation")
    void theTokenAppearsInNoLogLineExceptionOrToString(String canary) throws Exception {
        server.setDispatcher(new EchoingServer());
        List<String> lines = new ArrayList<>();
        DigitalOceanClient.Builder builder = clientBuilder().token(canary).log(lines::add, HttpLogLevel.BODY);
        DigitalOceanClient client = builder.build();
        List<Throwable> thrown = new ArrayList<>();
        Consumer<Runnable> provoke = call -> thrown.add(catchThrowableOfType(DigitalOceanException.class, call::run));

        provoke.accept(() -> client.deleteSnapshot("400"));
        provoke.accept(() -> client.updateApp("0000000000000000000000a1", UPDATE));
        provoke.accept(() -> client.updateAppVersion("0000000000000000000000a1", "3", UPDATE));
        provoke.accept(() -> client.getDroplet(401));
        provoke.accept(() -> client.getImage(403));
        provoke.accept(() -> client.updateApp("0000000000000000000000a2", UPDATE));
        provoke.accept(() -> client.getDroplet(404));
        provoke.accept(() -> client.updateApp("0000000000000000000000a3", UPDATE));
        provoke.accept(() -> client.snapshot(422, "snap"));
        provoke.accept(() -> client.getAction(429));
        provoke.accept(() -> client.getAction(500));
        provoke.accept(() -> client.powerOn(409));
        provoke.accept(() -> client.getImage(504));
        provoke.accept(() -> client.getImage(200));
        provoke.accept(() -> client.getDroplet(999));
        provoke.accept(() -> client.powerOff(998));
        assertThat(client.getDroplet(1).name())
                .as("the server did see the token")
                .isEqualTo(canary);

        assertThat(thrown).hasSize(16).doesNotContainNull();
        assertThat(thrown)
                .extracting(Object::getClass)
                .contains(
                        BadRequestException.class,
                        AppPendingReviewException.class,
                        UnauthorizedException.class,
                        ForbiddenException.class,
                        NotFoundException.class,
                        PendingEventException.class,
                        RateLimitExceededException.class,
                        ServerErrorException.class,
                        UnexpectedResponseException.class,
                        TransportException.class);
        for (Throwable e : thrown) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(t.getMessage()).as("message of %s", t.getClass()).doesNotContain(canary);
                assertThat(t.toString()).doesNotContain(canary);
            }
            ErrorDetails details = ((DigitalOceanException) e).details();
            assertThat(details.toString()).as("details of %s", e).doesNotContain(canary);
        }
        assertThat(lines)
                .as("HTTP logging at BODY level wrote the exchanges")
                .isNotEmpty()
                .anySatisfy(line -> assertThat(line).startsWith("Authorization: "))
                .anySatisfy(line -> assertThat(line).startsWith("<-- 504"));
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain(canary));
        assertThat(client.toString()).doesNotContain(canary).contains("[REDACTED]");
        assertThat(builder.toString()).doesNotContain(canary).contains("[REDACTED]");
    }

    @Test
    void aDropletsUserDataAndTheHostKeyInItAppearInNoLogLine() {
        String hostKey = "-----BEGIN OPENSSH PRIVATE K" + "EY-----\nb3BlbnNzaC1rZXktdjEAAAAA-canary-host-key\n-----END"
                + " OPENSSH PRIVATE K" + "EY-----";
        String userData = "#cloud-config\nssh_keys:\n  ed25519_private: |\n    " + hostKey.replace("\n", "\n    ")
                + "\nruncmd: [\"echo vendor-secret-4821\"]\n";
        server.enqueue(new MockResponse()
                .setResponseCode(202)
                .setHeader("Content-Type", "application/json")
                .setBody("{\"droplet\":{\"id\":7,\"name\":\"acme-build\",\"status\":\"new\"}}"));
        List<String> lines = new ArrayList<>();
        DigitalOceanClient client =
                clientBuilder().log(lines::add, HttpLogLevel.BODY).build();

        client.createDroplet(io.github.oneclick.vendor.model.DropletCreateRequest.builder()
                .name("acme-build")
                .region("nyc3")
                .size("s-1vcpu-1gb")
                .image("ubuntu-24-04-x64")
                .runTag("oneclick-run:20261202t161100z-7f3a9c")
                .userData(userData)
                .build());

        assertThat(lines).anyMatch(l -> l.contains("\"user_data\":\"[REDACTED]\""));
        assertThat(String.join("\n", lines))
                .doesNotContain("canary-host-key")
                .doesNotContain("vendor-secret-4821")
                .doesNotContain("PRIVATE K" + "EY");
    }
}
