package io.github.oneclick.vendor;

import io.github.oneclick.sandbox.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the HTTP tests: a fresh {@link MockWebServer} per test and a client pointed at it with a fixed clock, a
 * sleeper that records every wait and a fixed jitter source, so every wait is known exactly and nothing really sleeps.
 */
abstract class MockServerTest {
    static final String TOKEN = "dop_v1_" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    /** 2024-05-01T12:00:00Z: the instant the fixed clock shows. */
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    static final Clock FIXED_CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** The jitter source: a factor of 0.5 + 0.5 * 0.5, so every backoff is three quarters of its nominal value. */
    static final double JITTER = 0.5;
    /** 4 attempts, 1 s doubling to 8 s, server-requested waits up to 60 s. */
    static final RetryPolicy POLICY =
            new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(60));

    MockWebServer server;
    /**
     * The client's sleeper ({@code sleeper::sleep}): a manual clock that records every wait and moves by it at once.
     * Tests that want the waits to pass on the client's clock too give it as the clock ({@code .clock(sleeper)}).
     */
    ManualClock sleeper;

    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.start();
        sleeper = new ManualClock(NOW);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.shutdown();
    }

    /** A builder for a client of the mock server, with the test's clock, sleeper, jitter, policy and log. */
    DigitalOceanClient.Builder clientBuilder() {
        return DigitalOceanClient.builder()
                .token(TOKEN)
                .apiUrl(server.url("/").toString())
                .clock(FIXED_CLOCK)
                .sleeper(sleeper::sleep)
                .random(() -> JITTER)
                .retryPolicy(POLICY)
                .isolatedRateBudget()
                .log(log::add, HttpLogLevel.NONE);
    }

    DigitalOceanClient client() {
        return clientBuilder().build();
    }

    void enqueueJson(int status, String body) {
        server.enqueue(json(status, body));
    }

    static MockResponse json(int status, String body) {
        return new MockResponse()
                .setResponseCode(status)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setBody(body);
    }

    /** The next request the server received; fails rather than hangs when there is none. */
    RecordedRequest takeRequest() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the server received no (further) request");
        }
        return request;
    }

    /** A test resource under {@code io/github/oneclick/vendor/api/}, as text. */
    static String resource(String name) {
        try (InputStream in = MockServerTest.class.getResourceAsStream("api/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource api/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String dropletJson(long id) {
        return "{\"droplet\":{\"id\":" + id + ",\"name\":\"build-" + id + "\",\"status\":\"active\"}}";
    }

    static String actionJson(long id, String type) {
        return "{\"action\":{\"id\":" + id + ",\"status\":\"in-progress\",\"type\":\"" + type
                + "\",\"started_at\":\"2024-05-01T12:00:00Z\",\"completed_at\":null,\"resource_id\":3164494,"
                + "\"resource_type\":\"droplet\",\"region_slug\":\"nyc3\"}}";
    }
}
