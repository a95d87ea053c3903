package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.Durations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.NoDelayServerSockets;
import io.github.oneclick.vendor.RetryPolicy;
import io.github.oneclick.vendor.model.Action;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActionWaiterTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final VirtualClock clock = new VirtualClock(START);
    private final FakeDigitalOcean fake = new FakeDigitalOcean(clock);
    private final RecordingListener listener = new RecordingListener();
    private MockWebServer server;
    private DigitalOceanClient client;

    @BeforeEach
    void start() throws IOException {
        fake.droplet(7, "d", "off", "nyc3");
        server = new MockWebServer();
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.setDispatcher(fake);
        server.start();
        client = DigitalOceanClient.builder().token("dop_v1_test").apiUrl(server.url("/").toString())
                .clock(clock).sleeper(clock).random(() -> 0.0).retryPolicy(RetryPolicy.NONE).build();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.shutdown();
    }

    @Test
    void pollIntervalStartsAtTwoSecondsAndGrowsToTenSeconds() {
        PollInterval interval = PollInterval.DEFAULT;
        Duration d = interval.initial();
        StringBuilder seen = new StringBuilder(Durations.describe(d));
        for (int i = 0; i < 6; i++) {
            d = interval.next(d);
            seen.append(' ').append(Durations.describe(d));
        }
        assertThat(seen).hasToString("2s 3s 4.5s 6.8s 10s 10s 10s");
    }

    @Test
    void completedActionEndsTheWaitWithinOneMaxIntervalOfCompletion() {
        FakeDigitalOcean.Act act = fake.runningAction(7, "snapshot", Duration.ofMinutes(3));

        Action done = new ActionWaiter(client).await(act.id, phase(Duration.ofMinutes(10)), listener);

        assertThat(done.isCompleted()).isTrue();
        Duration delay = Duration.between(act.completedAt, clock.instant());
        assertThat(delay).isBetween(Duration.ZERO, Duration.ofSeconds(10));
        assertThat(listener.of("STATE")).containsExactly(
                "snapshot: action " + act.id + " is in-progress (0s elapsed)",
                "snapshot: action " + act.id + " went from in-progress to completed after 3m 06s");
    }

    @Test
    void erroredActionFailsAtTheFirstPollThatSeesIt() {
        fake.snapshotErrors = true;
        FakeDigitalOcean.Act act = fake.runningAction(7, "snapshot", Duration.ofSeconds(20));
        act.fails = true;

        assertThatThrownBy(() -> new ActionWaiter(client).await(act.id, phase(Duration.ofMinutes(60)), listener))
                .isInstanceOfSatisfying(ActionErroredException.class, e -> {
                    assertThat(e.actionId()).isEqualTo(act.id);
                    assertThat(e.actionType()).isEqualTo("snapshot");
                });
        assertThat(Duration.between(START, clock.instant())).isLessThan(Duration.ofSeconds(31));
    }

    @Test
    void timeoutNamesThePhaseAndTheSettingToRaise() {
        FakeDigitalOcean.Act act = fake.runningAction(7, "snapshot", Duration.ofHours(2));

        assertThatThrownBy(() -> new ActionWaiter(client).await(act.id, phase(Duration.ofMinutes(1)), listener))
                .isInstanceOf(WaitTimeoutException.class)
                .hasMessageStartingWith("snapshot: gave up waiting for action " + act.id + " after 1m 00s")
                .hasMessageContaining("Raise snapshotTimeout");
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(1)));
    }

    @Test
    void transientPollFailuresAreWarnedAndPolledAgain() {
        FakeDigitalOcean.Act act = fake.runningAction(7, "snapshot", Duration.ofSeconds(30));
        fake.failAfterProcessing(c -> c.path().startsWith("/v2/actions/"),
                () -> new MockResponse().setResponseCode(503).setBody("<html><title>Service Unavailable</title>"));
        fake.failAfterProcessing(c -> c.path().startsWith("/v2/actions/"),
                () -> FakeDigitalOcean.error(500, "server_error", "boom"));

        Action done = new ActionWaiter(client).await(act.id, phase(Duration.ofMinutes(5)), listener);

        assertThat(done.isCompleted()).isTrue();
        assertThat(listener.of("WARN")).hasSize(2).allMatch(l -> l.startsWith("snapshot: polling action"));
    }

    @Test
    void awaitAllPollsEveryPendingActionEachRoundAndReturnsThemInOrder() {
        FakeDigitalOcean.Act a = fake.runningAction(7, "transfer", Duration.ofSeconds(20));
        FakeDigitalOcean.Act b = fake.runningAction(8, "transfer", Duration.ofSeconds(90));
        List<Action> start = List.of(client.getAction(a.id), client.getAction(b.id));

        List<Action> done = new ActionWaiter(client).awaitAll(start, phase(Duration.ofMinutes(5)), listener);

        assertThat(done).extracting(Action::id).containsExactly(a.id, b.id);
        assertThat(done).allMatch(Action::isCompleted);
        assertThat(Duration.between(b.completedAt, clock.instant())).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void waitingIsReportedAboutEveryProgressPeriod() {
        FakeDigitalOcean.Act act = fake.runningAction(7, "snapshot", Duration.ofMinutes(2));

        new ActionWaiter(client, PollInterval.DEFAULT, Duration.ofSeconds(30)).await(act.id,
                phase(Duration.ofMinutes(10)), listener);

        assertThat(listener.of("WAIT")).hasSize(3)
                .allMatch(l -> l.startsWith("snapshot: action " + act.id + " still in-progress"));
    }

    private static WaitPhase phase(Duration timeout) {
        return new WaitPhase("snapshot", timeout, "snapshotTimeout");
    }
}
