package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.DeadlineExceededException;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.Durations;
import io.github.oneclick.vendor.Sleeper;
import io.github.oneclick.vendor.internal.http.Deadlines;
import io.github.oneclick.vendor.model.Action;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for DigitalOcean actions ({@code GET /v2/actions/{id}}) and other awaited states, with a bound per wait.
 *
 * <ul>
 *   <li>{@code completed} ends the wait; {@code errored} fails at once with {@link ActionErroredException} (action
 *       id and type in the message), instead of spinning until the timeout.</li>
 *   <li>Polls start after {@link PollInterval#initial()} and grow to {@link PollInterval#max()}: short actions are
 *       seen quickly, long ones cost few requests. An action whose duration can be estimated, such as a snapshot of
 *       a known disk in use, is polled on a {@link PollSchedule} instead: sparsely before it can end, densely
 *       after.</li>
 *   <li>A poll that fails transiently ({@link DigitalOceanException#transientFailure()}: a 5xx, a rate limit, the
 *       network, an unusable body, after the client's own retries) is reported as a warning and polled again; five
 *       such failures in a row end the wait with the last error.</li>
 *   <li>The bound is {@link WaitPhase#timeout()} and it holds: pauses end at it, and a poll in flight is cut off
 *       when it passes. Running out throws {@link WaitTimeoutException} naming the setting to raise.</li>
 *   <li>The listener hears of every state change and every poll, and of the elapsed time about every progress
 *       period (30 s by default).</li>
 * </ul>
 *
 * <p>Time and sleeping come from the client's {@link DigitalOceanClient#clock()} and
 * {@link DigitalOceanClient#sleeper()}. Immutable; one instance serves any number of sequential waits.
 *
 * <pre>{@code
 * ActionWaiter waiter = new ActionWaiter(client);
 * Action done = waiter.await(client.powerOff(dropletId),
 *         new WaitPhase("power off", Duration.ofMinutes(3), "shutdownTimeout"), ProgressListener.NONE);
 * }</pre>
 */
public final class ActionWaiter {
    /** How often a long wait reports its elapsed time by default. */
    public static final Duration DEFAULT_PROGRESS_PERIOD = Duration.ofSeconds(30);

    /** Transient poll failures in a row that end a wait. */
    static final int MAX_CONSECUTIVE_FAILURES = 5;

    private final DigitalOceanClient client;
    private final PollInterval pollInterval;
    private final Duration progressPeriod;
    private final Clock clock;
    private final Sleeper sleeper;

    /** A waiter with the default poll interval (2 s growing to 10 s) and progress period (30 s). */
    public ActionWaiter(DigitalOceanClient client) {
        this(client, PollInterval.DEFAULT, DEFAULT_PROGRESS_PERIOD);
    }

    public ActionWaiter(DigitalOceanClient client, PollInterval pollInterval, Duration progressPeriod) {
        this.client = Objects.requireNonNull(client, "client");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.progressPeriod = Durations.requirePositive(progressPeriod, "progressPeriod");
        this.clock = client.clock();
        this.sleeper = client.sleeper();
    }

    public PollInterval pollInterval() {
        return pollInterval;
    }

    /**
     * Waits for an action just returned by a POST. Its status is known, so the first poll comes after the initial
     * interval.
     *
     * @return the completed action
     * @throws ActionErroredException if the action errored
     * @throws WaitTimeoutException if it did not complete within the phase's timeout
     */
    public Action await(Action action, WaitPhase phase, ProgressListener listener) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(phase, "phase");
        settled(action, phase);
        return poll(
                phase,
                describe(action),
                action,
                () -> client.getAction(action.id()),
                Action::status,
                a -> settled(a, phase),
                this::byInterval,
                listener);
    }

    /**
     * Waits for an action whose duration can be estimated, such as a snapshot, polling on {@code schedule} instead of
     * the poll interval. The schedule's elapsed time counts from the action's {@code started_at} (from the start of
     * this wait when the action has none), so an action resumed by a later run is polled as densely as it would have
     * been by the first.
     *
     * @return the completed action
     * @throws ActionErroredException if the action errored
     * @throws WaitTimeoutException if it did not complete within the phase's timeout
     */
    public Action await(Action action, WaitPhase phase, PollSchedule schedule, ProgressListener listener) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(schedule, "schedule");
        settled(action, phase);
        Instant now = clock.instant();
        Duration before = action.startedAt() == null || action.startedAt().isAfter(now)
                ? Duration.ZERO
                : Duration.between(action.startedAt(), now);
        return poll(
                phase,
                describe(action),
                action,
                () -> client.getAction(action.id()),
                Action::status,
                a -> settled(a, phase),
                (previous, elapsed) -> schedule.next(before.plus(elapsed)),
                listener);
    }

    /** Waits for an action known only by id; the first poll is immediate. */
    public Action await(long actionId, WaitPhase phase, ProgressListener listener) {
        Objects.requireNonNull(phase, "phase");
        return poll(
                phase,
                "action " + actionId,
                null,
                () -> client.getAction(actionId),
                Action::status,
                a -> settled(a, phase),
                this::byInterval,
                listener);
    }

    /**
     * Waits for several actions at once, such as image transfers posted together: each round polls every action
     * still in progress, one after the other, then pauses. The bound covers all of them. Fails at the first
     * {@code errored} action.
     *
     * @return the completed actions, in the given order
     */
    public List<Action> awaitAll(Collection<Action> actions, WaitPhase phase, ProgressListener listener) {
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(phase, "phase");
        if (actions.size() == 1) {
            return List.of(await(actions.iterator().next(), phase, listener));
        }
        Map<Long, Action> latest = new LinkedHashMap<>();
        for (Action action : actions) {
            settled(action, phase);
            latest.put(action.id(), action);
        }
        String subject = actions.size() + " actions ("
                + String.join(
                        ", ", latest.keySet().stream().map(String::valueOf).toList()) + ")";
        Supplier<List<Action>> round = () -> {
            for (Action action : List.copyOf(latest.values())) {
                if (!action.isCompleted()) {
                    Action now = client.getAction(action.id());
                    settled(now, phase);
                    latest.put(now.id(), now);
                }
            }
            return List.copyOf(latest.values());
        };
        return poll(
                phase,
                subject,
                List.copyOf(latest.values()),
                round,
                ActionWaiter::progressOf,
                all -> all.stream().allMatch(Action::isCompleted),
                this::byInterval,
                listener);
    }

    /**
     * Polls {@code read} until {@code done} holds, immediately at first, then at the poll interval. Useful for states
     * that are not actions, such as a droplet reaching {@code off}. {@code done} may throw to end the wait early.
     *
     * @param phase the phase and its bound
     * @param subject what is awaited, for messages, such as {@code droplet 123}
     * @param read one poll
     * @param state the state of a read value, for messages and change events
     * @param done whether the wait is over
     * @param listener hears of changes and polls
     * @return the value that satisfied {@code done}
     */
    public <T> T awaitCondition(
            WaitPhase phase,
            String subject,
            Supplier<T> read,
            Function<T, String> state,
            Predicate<T> done,
            ProgressListener listener) {
        Objects.requireNonNull(phase, "phase");
        return poll(phase, subject, null, read, state, done, this::byInterval, listener);
    }

    /**
     * The one poll loop. With a {@code known} value (the answer of a POST) its state is reported and the first poll
     * comes after the initial interval; without, the first poll is immediate.
     */
    private <T> T poll(
            WaitPhase phase,
            String subject,
            T known,
            Supplier<T> read,
            Function<T, String> state,
            Predicate<T> done,
            Pace pace,
            ProgressListener listener) {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(done, "done");
        ProgressListener out = listener == null ? ProgressListener.NONE : listener;
        Instant start = clock.instant();
        Instant end = start.plus(phase.timeout());
        Instant nextProgress = start.plus(progressPeriod);
        Duration interval = null;
        String lastState = null;
        int failures = 0;
        if (known != null) {
            lastState = state.apply(known);
            out.stateChanged(new ProgressListener.StateChange(phase.name(), subject, null, lastState, Duration.ZERO));
            if (done.test(known)) {
                return known;
            }
            interval = pace.next(null, Duration.ZERO);
            sleep(min(interval, phase.timeout()), phase);
        }
        boolean seen = known != null;
        while (true) {
            T value = null;
            boolean ok = false;
            if (clock.instant().isBefore(end)) {
                try {
                    value = Deadlines.within(end, read);
                    ok = true;
                    failures = 0;
                } catch (DeadlineExceededException e) {
                    if (clock.instant().isBefore(end)) {
                        failures = transientFailure(e, failures, phase, subject, start, out);
                    }
                } catch (DigitalOceanException e) {
                    failures = transientFailure(e, failures, phase, subject, start, out);
                }
            }
            Duration elapsed = Duration.between(start, clock.instant());
            Duration left = Duration.between(clock.instant(), end);
            boolean over = left.isNegative() || left.isZero();
            Duration pause = pace.next(interval, elapsed);
            if (ok) {
                String now = state.apply(value);
                if (!seen || !Objects.equals(lastState, now)) {
                    out.stateChanged(new ProgressListener.StateChange(
                            phase.name(), subject, seen ? lastState : null, now, elapsed));
                }
                seen = true;
                lastState = now;
                boolean finished = done.test(value);
                out.poll(new ProgressListener.PollEvent(
                        phase.name(), subject, now, elapsed, finished || over ? Duration.ZERO : min(pause, left)));
                if (finished) {
                    return value;
                }
            }
            if (over) {
                throw timeout(phase, subject, lastState);
            }
            if (!clock.instant().isBefore(nextProgress)) {
                out.waiting(new ProgressListener.WaitProgress(
                        phase.name(), subject, lastState == null ? "unknown" : lastState, elapsed, phase.timeout()));
                while (!clock.instant().isBefore(nextProgress)) {
                    nextProgress = nextProgress.plus(progressPeriod);
                }
            }
            sleep(min(pause, left), phase);
            interval = pause;
        }
    }

    /**
     * The pause before the next poll.
     *
     * @param previous the last pause, {@code null} before the first
     * @param elapsed the time since the wait started
     */
    @FunctionalInterface
    private interface Pace {
        Duration next(Duration previous, Duration elapsed);
    }

    private Duration byInterval(Duration previous, Duration elapsed) {
        return previous == null ? pollInterval.initial() : pollInterval.next(previous);
    }

    private int transientFailure(
            DigitalOceanException e,
            int failures,
            WaitPhase phase,
            String subject,
            Instant start,
            ProgressListener out) {
        if (!e.transientFailure() || failures + 1 >= MAX_CONSECUTIVE_FAILURES) {
            throw e;
        }
        Duration elapsed = Duration.between(start, clock.instant());
        out.warning(phase.name() + ": polling " + subject + " failed, will poll again: " + e.getMessage());
        out.poll(new ProgressListener.PollEvent(
                phase.name(), subject, "poll failed (" + e.getClass().getSimpleName() + ")", elapsed, Duration.ZERO));
        return failures + 1;
    }

    private static boolean settled(Action action, WaitPhase phase) {
        if (action.isErrored()) {
            throw errored(action, phase, null);
        }
        return action.isCompleted();
    }

    private static String progressOf(List<Action> actions) {
        long completed = actions.stream().filter(Action::isCompleted).count();
        return completed == actions.size() ? "completed" : completed + " of " + actions.size() + " completed";
    }

    /** The failure for an errored action. */
    static ActionErroredException errored(Action action, WaitPhase phase, String requestId) {
        String region = action.regionSlug() != null ? " in " + action.regionSlug() : "";
        return new ActionErroredException(
                phase.name() + ": DigitalOcean reports " + describe(action) + region
                        + " as errored (started " + action.startedAt() + ", resource " + action.resourceType() + " "
                        + action.resourceId() + "; request id "
                        + (requestId == null ? "not given by the API" : requestId)
                        + "). Quote action id " + action.id()
                        + " to DigitalOcean support; the resource may need attention in"
                        + " the control panel before you try again.",
                action.id(),
                action.type(),
                requestId);
    }

    private static WaitTimeoutException timeout(WaitPhase phase, String subject, String lastState) {
        return new WaitTimeoutException(
                phase.name() + ": gave up waiting for " + subject + " after "
                        + Durations.describe(phase.timeout())
                        + (lastState == null ? "" : " (last state: " + lastState + ")")
                        + ". Raise " + phase.timeoutSetting()
                        + " if it needs more time, or look at it in the DigitalOcean"
                        + " control panel.",
                phase.name(),
                subject,
                lastState,
                phase.timeout(),
                phase.timeoutSetting());
    }

    private void sleep(Duration pause, WaitPhase phase) {
        try {
            sleeper.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(phase.name() + ": interrupted while waiting", e);
        }
    }

    static String describe(Action action) {
        return "action " + action.id() + " (" + action.type() + ")";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
