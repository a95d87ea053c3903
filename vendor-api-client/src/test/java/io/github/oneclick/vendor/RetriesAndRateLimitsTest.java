package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.oneclick.sandbox.ManualClock;
import io.github.oneclick.vendor.model.AppUpdate;
import io.github.oneclick.vendor.model.RateLimit;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retries with exponential backoff and jitter, server-requested waits, the never-re-send rule for POST and PATCH, and
 * the rate-limit bookkeeping. The policy is 4 attempts, 1 s doubling to 8 s; jitter makes each backoff 3/4 of it.
 */
class RetriesAndRateLimitsTest extends MockServerTest {
    private static final String TOO_MANY = "{\"id\":\"too_many_requests\",\"message\":\"API rate limit exceeded.\"}";
    private static final long RESET_EPOCH = NOW.getEpochSecond();

    // ---------------------------------------------------------------- reads

    @Test
    void readIsRetriedAfter503ThenSucceeds() {
        enqueueJson(503, "{\"id\":\"service_unavailable\",\"message\":\"try again\"}");
        enqueueJson(200, dropletJson(7));

        assertThat(client().getDroplet(7).id()).isEqualTo(7);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(750));
        assertThat(log).contains("Retrying GET /v2/droplets/7 in 0.8 s after 503 (try 2 of 4)");
    }

    @Test
    void waitsGoToTheirOwnSinkWhereProgressShowsWhileTheHttpExchangeStaysInTheLog() {
        List<String> waits = new ArrayList<>();
        enqueueJson(503, "{\"id\":\"service_unavailable\",\"message\":\"try again\"}");
        enqueueJson(200, dropletJson(7));

        clientBuilder()
                .waits(waits::add)
                .log(log::add, HttpLogLevel.HEADERS)
                .build()
                .getDroplet(7);

        assertThat(waits).containsExactly("Retrying GET /v2/droplets/7 in 0.8 s after 503 (try 2 of 4)");
        assertThat(log).noneMatch(line -> line.startsWith("Retrying")).anyMatch(line -> line.contains("GET"));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void readIsRetriedOnTransientServerErrors(int status) {
        enqueueJson(status, "{}");
        enqueueJson(200, dropletJson(7));

        client().getDroplet(7);

        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {501, 505})
    void readIsNotRetriedOnOtherServerErrors(int status) {
        enqueueJson(status, "{}");

        catchThrowableOfType(ServerErrorException.class, () -> client().getDroplet(7));

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheCapWithJitter() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            enqueueJson(502, "{}");
        }
        enqueueJson(200, dropletJson(7));

        clientBuilder().retryPolicy(policy).build().getDroplet(7);

        assertThat(sleeper.sleeps())
                .containsExactly(
                        Duration.ofMillis(750),
                        Duration.ofMillis(1500),
                        Duration.ofMillis(3000),
                        Duration.ofMillis(3000),
                        Duration.ofMillis(3000));
    }

    @Test
    void jitterSpreadsEachWaitBetweenHalfAndAllOfTheBackoff() {
        enqueueJson(500, "{}");
        enqueueJson(500, "{}");
        enqueueJson(200, dropletJson(7));
        double[] randoms = {0.0, 0.999};
        int[] next = {0};

        clientBuilder().random(() -> randoms[next[0]++]).build().getDroplet(7);

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1999));
    }

    @Test
    void readIsRetriedWhenTheConnectionDropsMidResponse() {
        server.enqueue(
                json(200, resource("droplet.json")).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        enqueueJson(200, resource("droplet.json"));

        assertThat(client().getDroplet(3164444).name()).isEqualTo("example.com");

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(750));
    }

    @Test
    void readIsRetriedWhenTheConnectionDropsBeforeAnyResponse() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        enqueueJson(200, dropletJson(7));

        assertThat(client().getDroplet(7).id()).isEqualTo(7);

        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void readGivesUpWithATransportErrorWhenEveryAttemptDrops() {
        for (int i = 0; i < POLICY.maxAttempts(); i++) {
            server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        }

        TransportException e = catchThrowableOfType(TransportException.class, () -> client().getDroplet(7));

        assertThat(e.details().attempts()).isEqualTo(POLICY.maxAttempts());
        assertThat(e.outcomeUnknown())
                .as("a read has no effect to be unsure about")
                .isFalse();
        assertThat(sleeper.sleeps())
                .containsExactly(Duration.ofMillis(750), Duration.ofMillis(1500), Duration.ofMillis(3000));
    }

    @Test
    void deleteIsNotResentAfterAServerErrorAndItsOutcomeIsUnknown() {
        enqueueJson(503, "{}");
        enqueueJson(404, "{\"id\":\"not_found\",\"message\":\"gone\"}");

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class, () -> client().deleteImage(6918990));

        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(e.getMessage()).contains("may have taken effect");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- POST and PATCH

    @Test
    void postIsNotResentWhenTheConnectionDropsAfterSending() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        enqueueJson(201, actionJson(1, "snapshot"));

        TransportException e =
                catchThrowableOfType(TransportException.class, () -> client().snapshot(3164444, "app-1.4.0"));

        assertThat(e.outcomeUnknown()).isTrue();
        assertThat(e.details().attempts()).isEqualTo(1);
        assertThat(e.getMessage()).contains("POST /v2/droplets/3164444/actions", "may have taken effect");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(takeRequest().getBody().readUtf8()).isEqualTo("{\"type\":\"snapshot\",\"name\":\"app-1.4.0\"}");
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void postWhoseSuccessIsCutMidBodyIsNotResentAndCountsAsApplied() {
        server.enqueue(
                json(201, actionJson(1, "snapshot")).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        enqueueJson(201, actionJson(2, "snapshot"));

        IncompleteResponseException e =
                catchThrowableOfType(IncompleteResponseException.class, () -> client().snapshot(3164444, "app-1.4.0"));

        assertThat(e.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(e.status()).isEqualTo(201);
        assertThat(e.getMessage())
                .contains("POST /v2/droplets/3164444/actions succeeded (201)", "DigitalOcean" + " accepted it");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void patchWhoseSuccessIsCutMidBodyIsNotResent() {
        server.enqueue(json(200, resource("app-update-response.json"))
                .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));

        IncompleteResponseException e = catchThrowableOfType(
                IncompleteResponseException.class,
                () -> client().updateApp(
                                "60089fc6d333037bffa70d9b",
                                AppUpdate.builder().imageId(1).build()));

        assertThat(e.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void postIsRetriedWhenTheConnectionIsRefusedBecauseNothingWasSent() throws Exception {
        DigitalOceanClient client = client();
        server.shutdown();

        TransportException e = catchThrowableOfType(TransportException.class, () -> client.powerOff(3164444));

        assertThat(e.outcome()).isEqualTo(Outcome.NOT_APPLIED);
        assertThat(e.details().attempts()).as("requests that reached the wire").isZero();
        assertThat(e.getMessage()).contains("never sent", "Gave up after 4 tries", "It was not applied");
        assertThat(sleeper.sleeps())
                .containsExactly(Duration.ofMillis(750), Duration.ofMillis(1500), Duration.ofMillis(3000));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void postIsNotRetriedOnServerErrors(int status) {
        enqueueJson(status, "{}");
        enqueueJson(201, actionJson(1, "shutdown"));

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class, () -> client().shutdown(3164444));

        assertThat(e.outcomeUnknown()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void patchIsNotRetriedOnServerErrors() {
        enqueueJson(502, "{}");

        catchThrowableOfType(
                ServerErrorException.class,
                () -> client().updateApp(
                                "60089fc6d333037bffa70d9b",
                                AppUpdate.builder().imageId(1).build()));

        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void postRefusedWith429IsSentAgainAfterRetryAfter() throws Exception {
        server.enqueue(json(429, TOO_MANY).setHeader("retry-after", "5"));
        enqueueJson(201, actionJson(1, "snapshot"));

        assertThat(client().snapshot(3164444, "app-1.4.0").id()).isEqualTo(1);

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(5));
        assertThat(takeRequest().getBody().readUtf8())
                .isEqualTo(takeRequest().getBody().readUtf8());
    }

    // ---------------------------------------------------------------- server-requested waits

    @Test
    void tooManyRequestsWaitsExactlyTheRetryAfterSeconds() {
        server.enqueue(json(429, TOO_MANY)
                .setHeader("retry-after", "29")
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "4200")
                .setHeader("ratelimit-reset", RESET_EPOCH + 900));
        enqueueJson(200, dropletJson(7));

        client().getDroplet(7);

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(29));
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        String date =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(45).atZone(ZoneOffset.UTC));
        server.enqueue(json(503, "{}").setHeader("Retry-After", date));
        enqueueJson(200, dropletJson(7));

        client().getDroplet(7);

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(45));
    }

    @Test
    void tooManyRequestsWithoutRetryAfterWaitsUntilRatelimitReset() {
        server.enqueue(json(429, TOO_MANY)
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "0")
                .setHeader("ratelimit-reset", RESET_EPOCH + 17));
        server.enqueue(json(200, dropletJson(7))
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "1")
                .setHeader("ratelimit-reset", RESET_EPOCH + 18));

        clientBuilder().clock(sleeper).build().getDroplet(7);

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(17));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void tooManyRequestsWithoutAnyWaitHintIsWaitedOutAgainstTheMinuteWindow() {
        enqueueJson(429, TOO_MANY);
        enqueueJson(200, dropletJson(7));

        client().getDroplet(7);

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void perMinuteLimitWithRequestsLeftThisHourWaitsUntilTheOldestRequestOfTheMinuteIsAMinuteOld() {
        DigitalOceanClient client = clientBuilder().clock(sleeper).build();
        enqueueJson(200, dropletJson(1));
        client.getDroplet(1);
        sleeper.sleep(Duration.ofSeconds(20));
        server.enqueue(json(429, TOO_MANY)
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "4700")
                .setHeader("ratelimit-reset", RESET_EPOCH + 3000));
        enqueueJson(200, dropletJson(7));

        client.getDroplet(7);

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(40));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "Thu, 01 Jan 2015 00:00:00 GMT"})
    void retryAfterOfZeroNegativeOrPastIsFlooredAtOneSecond(String retryAfter) {
        server.enqueue(json(503, "{}").setHeader("Retry-After", retryAfter));
        server.enqueue(json(503, "{}").setHeader("Retry-After", retryAfter));
        enqueueJson(200, dropletJson(7));

        client().getDroplet(7);

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(server.getRequestCount()).as("requests the server received").isEqualTo(3);
    }

    @Test
    void serverAskingForLongerThanAllowedFailsAtOnceInsteadOfWaiting() {
        server.enqueue(json(429, TOO_MANY).setHeader("retry-after", "600"));

        RateLimitExceededException e =
                catchThrowableOfType(RateLimitExceededException.class, () -> client().getDroplet(7));

        assertThat(e.details().attempts()).isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(e.getMessage()).contains("asked to wait 600 s, longer than the 60 s the client may wait");
    }

    // ---------------------------------------------------------------- rate-limit bookkeeping

    @Test
    void lastRateLimitIsReadable() {
        DigitalOceanClient client = client();
        assertThat(client.rateLimit()).isEmpty();
        server.enqueue(json(200, dropletJson(7))
                .setHeader("RateLimit-Limit", "5000")
                .setHeader("RateLimit-Remaining", "4999")
                .setHeader("RateLimit-Reset", RESET_EPOCH + 3600));
        server.enqueue(json(200, dropletJson(7))
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "4998")
                .setHeader("ratelimit-reset", RESET_EPOCH + 3601));

        client.getDroplet(7);
        assertThat(client.rateLimit()).contains(new RateLimit(5000, 4999, NOW.plusSeconds(3600)));
        client.getDroplet(7);
        assertThat(client.rateLimit()).contains(new RateLimit(5000, 4998, NOW.plusSeconds(3601)));
    }

    @Test
    void lastRateLimitIsKeptWhenAResponseCarriesNone() {
        DigitalOceanClient client = client();
        server.enqueue(json(200, dropletJson(7))
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "10")
                .setHeader("ratelimit-reset", RESET_EPOCH + 60));
        enqueueJson(200, dropletJson(7));

        client.getDroplet(7);
        client.getDroplet(7);

        assertThat(client.rateLimit()).contains(new RateLimit(5000, 10, NOW.plusSeconds(60)));
    }

    @Test
    void waitsForTheResetInsteadOfBurningA429WhenNoRequestsRemain() throws Exception {
        List<String> timeline = new ArrayList<>();
        DigitalOceanClient client = clientBuilder()
                .sleeper(duration ->
                        timeline.add("sleep " + duration + " after " + server.getRequestCount() + " request(s)"))
                .build();
        server.enqueue(json(200, dropletJson(7))
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "0")
                .setHeader("ratelimit-reset", RESET_EPOCH + 42));
        server.enqueue(json(200, dropletJson(8))
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "1")
                .setHeader("ratelimit-reset", RESET_EPOCH + 43));
        enqueueJson(200, dropletJson(9));

        client.getDroplet(7);
        client.getDroplet(8);
        client.getDroplet(9);

        assertThat(timeline).containsExactly("sleep PT42S after 1 request(s)");
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(log).anySatisfy(line -> assertThat(line).contains("holding GET /v2/droplets/8 back for 42.0 s"));
    }

    @Test
    void aSuccessSayingNoRequestsRemainIsTakenForTheMinuteLimitFirstNotTheHourlyReset() {
        DigitalOceanClient client = client();
        server.enqueue(json(200, dropletJson(7))
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "0")
                .setHeader("ratelimit-reset", RESET_EPOCH + 3600));
        enqueueJson(200, dropletJson(8));

        client.getDroplet(7);
        assertThat(client.getDroplet(8).id()).isEqualTo(8);

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(60));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void theHourlyLimitIsAssumedOnlyOnceA429ConfirmsItAndThenNothingIsSentUntilItsReset() {
        DigitalOceanClient client = client();
        server.enqueue(json(200, dropletJson(7))
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "0")
                .setHeader("ratelimit-reset", RESET_EPOCH + 3600));
        server.enqueue(json(429, TOO_MANY)
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "0")
                .setHeader("ratelimit-reset", RESET_EPOCH + 3600));
        enqueueJson(200, dropletJson(9));

        client.getDroplet(7);
        RateLimitExceededException confirmed =
                catchThrowableOfType(RateLimitExceededException.class, () -> client.getDroplet(8));
        RateLimitExceededException held =
                catchThrowableOfType(RateLimitExceededException.class, () -> client.getDroplet(9));

        assertThat(confirmed.details().attempts()).isEqualTo(1);
        assertThat(confirmed).hasMessageContaining("asked to wait 3600 s");
        assertThat(held)
                .hasMessageContaining("GET /v2/droplets/9 was not sent")
                .hasMessageContaining("hourly API rate limit")
                .hasMessageContaining("in 3600 s");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void clientsOfTheSameTokenHoldOffTogetherAfterA429() {
        String token = TOKEN + "-shared-" + System.nanoTime();
        DigitalOceanClient first =
                sharedClient(token).retryPolicy(RetryPolicy.NONE).build();
        ManualClock secondSleeper = new ManualClock(NOW);
        DigitalOceanClient second =
                sharedClient(token).sleeper(secondSleeper::sleep).build();
        server.enqueue(json(429, TOO_MANY).setHeader("retry-after", "9"));
        enqueueJson(200, dropletJson(9));

        catchThrowableOfType(RateLimitExceededException.class, () -> first.getDroplet(8));
        assertThat(second.getDroplet(9).id()).isEqualTo(9);

        assertThat(secondSleeper.sleeps())
                .as("the second client waited out the first one's 429")
                .containsExactly(Duration.ofSeconds(9));
        assertThat(server.getRequestCount()).as("no second 429 was burned").isEqualTo(2);
    }

    /** A client that shares the rate-limit budget of its token with every other client of the same token. */
    private DigitalOceanClient.Builder sharedClient(String token) {
        return DigitalOceanClient.builder()
                .token(token)
                .apiUrl(server.url("/").toString())
                .clock(FIXED_CLOCK)
                .sleeper(sleeper::sleep)
                .random(() -> JITTER)
                .retryPolicy(POLICY)
                .log(log::add, HttpLogLevel.NONE);
    }

    @Test
    void aRetryAfterIsNotFollowedByASecondWaitForTheReset() {
        server.enqueue(json(429, TOO_MANY)
                .setHeader("retry-after", "29")
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "0")
                .setHeader("ratelimit-reset", RESET_EPOCH + 900));
        enqueueJson(200, dropletJson(7));

        client().getDroplet(7);

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(29));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void noWaitWhenTheResetHasAlreadyPassed() {
        DigitalOceanClient client = client();
        server.enqueue(json(200, dropletJson(7))
                .setHeader("ratelimit-limit", "5000")
                .setHeader("ratelimit-remaining", "0")
                .setHeader("ratelimit-reset", RESET_EPOCH - 1));
        enqueueJson(200, dropletJson(8));

        client.getDroplet(7);
        client.getDroplet(8);

        assertThat(sleeper.sleeps()).isEmpty();
    }

    // ---------------------------------------------------------------- interruption

    @Test
    void interruptionWhileWaitingToRetryStopsWithATransportErrorAndKeepsTheFlag() {
        enqueueJson(503, "{}");
        DigitalOceanClient client = clientBuilder()
                .sleeper(duration -> {
                    throw new InterruptedException();
                })
                .build();

        try {
            TransportException e = catchThrowableOfType(TransportException.class, () -> client.getDroplet(7));
            assertThat(e.getMessage()).contains("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void requestsAfterARetryCarryTheSameHeaders() throws Exception {
        enqueueJson(500, "{}");
        enqueueJson(200, dropletJson(7));

        client().getDroplet(7);

        RecordedRequest first = takeRequest();
        RecordedRequest second = takeRequest();
        assertThat(second.getHeader("Authorization")).isEqualTo(first.getHeader("Authorization"));
        assertThat(second.getPath()).isEqualTo(first.getPath());
    }
}
