package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.oneclick.vendor.internal.http.Deadlines;
import io.github.oneclick.vendor.internal.http.HttpLog;
import io.github.oneclick.vendor.model.AppUpdate;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every mutating request reaches the server at most once, whatever the answer; reads go out exactly as often as the
 * message says. Counted where the server receives them ({@link MockWebServer#getRequestCount()}), not in the client.
 */
class AtMostOnceTest extends MockServerTest {
    private static final AppUpdate UPDATE =
            AppUpdate.builder().imageId(171234567).build();
    private static final String APP_ID = "60089fc6d333037bffa70d9b";

    private static MockResponse unavailableRetryAtOnce() {
        return json(503, "{\"id\":\"service_unavailable\",\"message\":\"try again\"}")
                .setHeader("Retry-After", "0");
    }

    @Test
    void snapshotPostAnswered503WithRetryAfterZeroReachesTheServerOnce() {
        server.enqueue(unavailableRetryAtOnce());
        server.enqueue(unavailableRetryAtOnce());
        enqueueJson(201, actionJson(1, "snapshot"));

        ServerErrorException e =
                catchThrowableOfType(ServerErrorException.class, () -> client().snapshot(3164444, "app-1.4.0"));

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(e.details().attempts()).isEqualTo(1);
        assertThat(e.getMessage()).contains("(1 attempt)");
        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void appUpdateAnswered503WithRetryAfterZeroReachesTheServerOnce() {
        server.enqueue(unavailableRetryAtOnce());
        server.enqueue(unavailableRetryAtOnce());

        ServerErrorException e =
                catchThrowableOfType(ServerErrorException.class, () -> client().updateApp(APP_ID, UPDATE));

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(e.getMessage()).contains("(1 attempt)");
    }

    @Test
    void deleteAnswered503WithRetryAfterZeroReachesTheServerOnce() {
        server.enqueue(unavailableRetryAtOnce());
        server.enqueue(new MockResponse().setResponseCode(204));

        catchThrowableOfType(ServerErrorException.class, () -> client().deleteImage(140000001));

        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void readAnswered503WithRetryAfterZeroGoesOutExactlyAsOftenAsItsMessageSays() {
        for (int i = 0; i < 2 * POLICY.maxAttempts(); i++) {
            server.enqueue(unavailableRetryAtOnce());
        }

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class, () -> client().getDroplet(7));

        assertThat(server.getRequestCount()).isEqualTo(POLICY.maxAttempts());
        assertThat(e.details().attempts()).isEqualTo(POLICY.maxAttempts());
        assertThat(e.getMessage()).contains("(" + POLICY.maxAttempts() + " attempts)");
        assertThat(sleeper.sleeps())
                .as("Retry-After: 0 is floored, never back to back")
                .allMatch(wait -> wait.compareTo(Duration.ofSeconds(1)) >= 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void noRedirectIsFollowedForAnyMethod(int status) throws Exception {
        try (MockWebServer elsewhere = new MockWebServer()) {
            elsewhere.start();
            server.enqueue(
                    json(status, "{}").setHeader("Location", elsewhere.url("/api/v1/vendor-portal/apps/" + APP_ID)));
            server.enqueue(json(status, "{}").setHeader("Location", elsewhere.url("/v2/droplets/7")));

            UnexpectedResponseException patch =
                    catchThrowableOfType(UnexpectedResponseException.class, () -> client().updateApp(APP_ID, UPDATE));
            UnexpectedResponseException get =
                    catchThrowableOfType(UnexpectedResponseException.class, () -> client().getDroplet(7));

            assertThat(patch.outcome()).isEqualTo(Outcome.NOT_APPLIED);
            assertThat(get.status()).isEqualTo(status);
            assertThat(server.getRequestCount()).isEqualTo(2);
            assertThat(elsewhere.getRequestCount())
                    .as("nothing reached the redirect's target")
                    .isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "{}", "{\"droplets\":[]}"})
    void aSuccessWithoutTheEnvelopeIsATypedErrorNamingTheEndpointNeverNull(String body) {
        enqueueJson(200, body);

        IncompleteResponseException e = catchThrowableOfType(
                IncompleteResponseException.class,
                () -> clientBuilder().retryPolicy(RetryPolicy.NONE).build().getDroplet(7));

        assertThat(e.getMessage())
                .startsWith("GET /v2/droplets/7 succeeded (200) but its response has")
                .contains("a droplet");
        assertThat(e.outcome()).isEqualTo(Outcome.NOT_APPLIED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "{}", "{\"links\":{}}"})
    void anActionPostAcceptedWithoutTheActionIsAppliedAndNotSentAgain(String body) {
        enqueueJson(201, body);
        enqueueJson(201, actionJson(2, "snapshot"));

        IncompleteResponseException e =
                catchThrowableOfType(IncompleteResponseException.class, () -> client().snapshot(3164444, "app-1.4.0"));

        assertThat(e.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(e.getMessage())
                .contains("POST /v2/droplets/3164444/actions succeeded (201)", "an action", "DigitalOcean accepted it");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anAppUpdateAcceptedWithAnEmptyObjectIsAppliedAndNotSentAgain() {
        enqueueJson(200, "{}");

        IncompleteResponseException e =
                catchThrowableOfType(IncompleteResponseException.class, () -> client().updateApp(APP_ID, UPDATE));

        assertThat(e.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aListWithoutItsCollectionIsATypedError() {
        enqueueJson(200, "{\"meta\":{\"total\":0}}");

        IncompleteResponseException e = catchThrowableOfType(
                IncompleteResponseException.class,
                () -> clientBuilder()
                        .retryPolicy(RetryPolicy.NONE)
                        .build()
                        .listDropletActions(5)
                        .toList());

        assertThat(e.getMessage()).contains("GET /v2/droplets/5/actions", "a list of actions");
    }

    @Test
    void retriesStopAtTheCallsDeadlineInsteadOfRunningOn() {
        RetryPolicy policy = new RetryPolicy(
                10, Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofMinutes(1), Duration.ofSeconds(10));
        for (int i = 0; i < 10; i++) {
            enqueueJson(502, "{}");
        }

        ServerErrorException e = catchThrowableOfType(
                ServerErrorException.class,
                () -> clientBuilder().clock(sleeper).retryPolicy(policy).build().getDroplet(7));

        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(sleeper.sleeps())
                .containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3));
        assertThat(e.getMessage()).contains("would come after the call's deadline");
    }

    @Test
    void aTryInFlightIsCutOffWhenTheDeadlineOfTheWaitItServesPasses() {
        enqueueJson(200, dropletJson(6));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        Clock real = Clock.systemUTC();
        DigitalOceanClient client = clientBuilder().clock(real).build();
        client.getDroplet(6); // the connection is open and the classes loaded: the next request goes out at once

        DeadlineExceededException e = catchThrowableOfType(
                DeadlineExceededException.class,
                () -> Deadlines.within(real.instant().plusSeconds(1), () -> client.getDroplet(7)));

        assertThat(e.getMessage()).contains("GET /v2/droplets/7 ran out of time", "while the request was in flight");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void debugLoggingCutsEveryBodyAtTheLimit() {
        String huge = "{\"droplet\":{\"id\":7,\"name\":\"" + "x".repeat(1_000_000) + "\"}}";
        enqueueJson(200, huge);
        StringBuilder longest = new StringBuilder();
        Consumer<String> sink = line -> {
            if (line.length() > longest.length()) {
                longest.setLength(0);
                longest.append(line);
            }
        };

        clientBuilder().log(sink, HttpLogLevel.BODY).build().getDroplet(7);

        assertThat(longest.length()).isLessThan(HttpLog.BODY_LIMIT + 100);
        assertThat(longest.toString()).endsWith("(body cut at 4096 bytes of " + huge.length() + ")");
    }
}
