package io.github.oneclick.vendor.workflow;

import static io.github.oneclick.vendor.workflow.SandboxReads.completedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.sandbox.Fault;
import io.github.oneclick.sandbox.ManualClock;
import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.sandbox.SandboxExtension;
import io.github.oneclick.sandbox.SandboxScenario;
import io.github.oneclick.sandbox.Scenarios;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.Durations;
import io.github.oneclick.vendor.RetryPolicy;
import io.github.oneclick.vendor.model.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
@SandboxScenario(Scenarios.EMPTY)
class ActionWaiterTest {
    private static final Instant START = ManualClock.DEFAULT_START;

    private final RecordingListener listener = new RecordingListener();
    private Sandbox sandbox;
    private DigitalOceanClient client;
    /** An idle droplet that is off. */
    private long droplet;

    @BeforeEach
    void start(Sandbox sandbox) {
        this.sandbox = sandbox;
        droplet = sandbox.state().addDroplet(Scenarios.TEAM, "d", "off", "nyc3", 25, List.of());
        client = SandboxReads.client(sandbox).retryPolicy(RetryPolicy.NONE).build();
    }

    @AfterEach
    void stop() {
        client.close();
    }

    /** An action another client started on the droplet, done after {@code takes}. */
    private long running(long dropletId, String type, Duration takes) {
        return sandbox.state().addRunningAction(dropletId, type, takes);
    }

    private Instant completed(long action) {
        return completedAt(sandbox.state().action(action));
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
        long act = running(droplet, "snapshot", Duration.ofMinutes(3));

        Action done = new ActionWaiter(client).await(act, phase(Duration.ofMinutes(10)), listener);

        assertThat(done.isCompleted()).isTrue();
        Duration delay = Duration.between(completed(act), sandbox.clock().instant());
        assertThat(delay).isBetween(Duration.ZERO, Duration.ofSeconds(10));
        assertThat(listener.of("STATE"))
                .containsExactly(
                        "snapshot: action " + act + " is in-progress (0s elapsed)",
                        "snapshot: action " + act + " went from in-progress to completed after 3m 06s");
    }

    @Test
    void erroredActionFailsAtTheFirstPollThatSeesIt() {
        sandbox.options(o -> o.withSnapshotErrored(true));
        long act = running(droplet, "snapshot", Duration.ofSeconds(20));

        assertThatThrownBy(() -> new ActionWaiter(client).await(act, phase(Duration.ofMinutes(60)), listener))
                .isInstanceOfSatisfying(ActionErroredException.class, e -> {
                    assertThat(e.actionId()).isEqualTo(act);
                    assertThat(e.actionType()).isEqualTo("snapshot");
                });
        assertThat(Duration.between(START, sandbox.clock().instant())).isLessThan(Duration.ofSeconds(31));
    }

    @Test
    void timeoutNamesThePhaseAndTheSettingToRaise() {
        long act = running(droplet, "snapshot", Duration.ofHours(2));

        assertThatThrownBy(() -> new ActionWaiter(client).await(act, phase(Duration.ofMinutes(1)), listener))
                .isInstanceOf(WaitTimeoutException.class)
                .hasMessageStartingWith("snapshot: gave up waiting for action " + act + " after 1m 00s")
                .hasMessageContaining("Raise snapshotTimeout");
        assertThat(sandbox.clock().instant()).isEqualTo(START.plus(Duration.ofMinutes(1)));
    }

    @Test
    void transientPollFailuresAreWarnedAndPolledAgain() {
        long act = running(droplet, "snapshot", Duration.ofSeconds(30));
        sandbox.faults().add(Fault.on("GET", "/v2/actions/*").html(503));
        sandbox.faults().add(Fault.on("GET", "/v2/actions/*").status(500));

        Action done = new ActionWaiter(client).await(act, phase(Duration.ofMinutes(5)), listener);

        assertThat(done.isCompleted()).isTrue();
        assertThat(listener.of("WARN")).hasSize(2).allMatch(l -> l.startsWith("snapshot: polling action"));
    }

    @Test
    void awaitAllPollsEveryPendingActionEachRoundAndReturnsThemInOrder() {
        long other = sandbox.state().addDroplet(Scenarios.TEAM, "e", "off", "nyc3", 25, List.of());
        long a = running(droplet, "snapshot", Duration.ofSeconds(20));
        long b = running(other, "snapshot", Duration.ofSeconds(90));
        List<Action> start = List.of(client.getAction(a), client.getAction(b));

        List<Action> done = new ActionWaiter(client).awaitAll(start, phase(Duration.ofMinutes(5)), listener);

        assertThat(done).extracting(Action::id).containsExactly(a, b);
        assertThat(done).allMatch(Action::isCompleted);
        assertThat(Duration.between(completed(b), sandbox.clock().instant()))
                .isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void waitingIsReportedAboutEveryProgressPeriod() {
        long act = running(droplet, "snapshot", Duration.ofMinutes(2));

        new ActionWaiter(client, PollInterval.DEFAULT, Duration.ofSeconds(30))
                .await(act, phase(Duration.ofMinutes(10)), listener);

        assertThat(listener.of("WAIT"))
                .hasSize(3)
                .allMatch(l -> l.startsWith("snapshot: action " + act + " still in-progress"));
    }

    private static WaitPhase phase(Duration timeout) {
        return new WaitPhase("snapshot", timeout, "snapshotTimeout");
    }
}
