package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.Durations;
import io.github.oneclick.vendor.NotFoundException;
import io.github.oneclick.vendor.Outcome;
import io.github.oneclick.vendor.PendingEventException;
import io.github.oneclick.vendor.Sleeper;
import io.github.oneclick.vendor.model.Action;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.model.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Snapshots a build droplet and returns the new image, the way a 1-Click release needs it, avoiding the known traps of
 * the DigitalOcean API:
 *
 * <ol>
 *   <li>Resolves the droplet by id, or by a name or tag that must match exactly one droplet.</li>
 *   <li>Waits (bounded by {@code busyTimeout}) for any action already in progress on the droplet, found in its
 *       action list (the droplet's {@code locked} flag does not tell).</li>
 *   <li>If the droplet is not {@code off}: {@code shutdown}, wait for the action and for the droplet to read
 *       {@code off} within {@code shutdownTimeout}; otherwise {@code power_off} and wait again.</li>
 *   <li>{@code snapshot} with the requested name; wait up to {@code snapshotTimeout}. An {@code errored} action fails
 *       at once.</li>
 *   <li>Finds the image, which the action does not name: pages the droplet's snapshots 200 at a time and takes the
 *       newest with the requested name created at or after the action started, listing again while the listing lags
 *       (up to {@code listingTimeout}). Older snapshots of a reused droplet, even with the same name, are never
 *       picked.</li>
 *   <li>Confirms it with {@code GET /v2/images/{id}}.</li>
 *   <li>Optionally copies it to more regions (all transfers are posted, then awaited together), and powers the
 *       droplet back on or destroys it. By default the droplet is left off. Older snapshots are deleted by the
 *       {@link RetentionWorkflow}, after the release.</li>
 * </ol>
 *
 * <p>Actions are posted with care: a refusal with 422 "pending event" waits for the running action and posts again
 * (bounded by {@code busyTimeout}); a POST whose outcome is unknown (sent, then no usable answer) is followed by a
 * look at the droplet's action list, and the action found there is adopted, so no second snapshot is made.
 *
 * <p>With {@link SnapshotRequest#dryRun()} the droplet is resolved and the plan reported through
 * {@link ProgressListener#planned}; nothing is posted or deleted.
 *
 * <p>Time and sleeping come from the client's clock and sleeper. A workflow is stateless and may run several
 * requests one after the other.
 *
 * <pre>{@code
 * SnapshotResult result = new SnapshotWorkflow(client).run(request, listener);
 * long imageId = result.imageId();
 * }</pre>
 */
public final class SnapshotWorkflow {
    /** Tolerated difference between this machine's clock and DigitalOcean's when matching actions by start time. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    /** How long the droplet is read after a post whose outcome is unknown, before deciding what happened. */
    static final Duration RECONCILE_WINDOW = Duration.ofSeconds(15);
    /** How many of the droplet's most recent actions are inspected. */
    static final int RECENT_ACTIONS = 50;

    private final DigitalOceanClient client;
    private final Clock clock;
    private final Sleeper sleeper;

    public SnapshotWorkflow(DigitalOceanClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = client.clock();
        this.sleeper = client.sleeper();
    }

    /**
     * Runs the request.
     *
     * @param request what to do
     * @param listener hears of progress; {@code null} for none
     * @return the new image, or the plan of a dry run
     * @throws DropletSelectionException if the droplet does not exist or the name or tag does not match exactly one
     * @throws ActionErroredException if DigitalOcean reports the power-off or snapshot action as errored
     * @throws WaitTimeoutException if a wait runs out; it names the setting to raise
     * @throws SnapshotNotFoundException if the snapshot never shows in the droplet's snapshot list
     * @throws SnapshotException for other workflow failures
     * @throws DigitalOceanException for API failures the workflow cannot work around (token, permissions...)
     */
    public SnapshotResult run(SnapshotRequest request, ProgressListener listener) {
        Objects.requireNonNull(request, "request");
        return new Run(request, listener == null ? ProgressListener.NONE : listener).execute();
    }

    /** One execution: the state of a single run. */
    private final class Run {
        private final SnapshotRequest request;
        private final ProgressListener out;
        private final ActionWaiter waiter;
        private final Set<Long> knownActionIds = new HashSet<>();
        private final List<String> warnings = new ArrayList<>();
        private long dropletId;

        Run(SnapshotRequest request, ProgressListener out) {
            this.request = request;
            this.out = out;
            this.waiter = new ActionWaiter(client, request.pollInterval(), request.progressInterval());
        }

        SnapshotResult execute() {
            out.phase("Resolving the droplet (" + request.selector() + ")");
            Droplet droplet = resolve();
            dropletId = droplet.id();
            Optional<Action> busy = inProgressAction(true);
            Optional<Action> resumed = resumable(busy);
            if (resumed.isPresent()) {
                busy = Optional.empty();
            }
            SnapshotPlan plan = plan(droplet, busy, resumed);
            if (request.dryRun()) {
                out.phase("Dry run: nothing will be posted or deleted");
                plan.steps().forEach(out::planned);
                return SnapshotResult.ofDryRun(plan, warnings);
            }
            plan.steps().forEach(step -> out.phase("Plan: " + step));
            WaitPhase snapshotPhase = new WaitPhase("snapshot", snapshotTimeout(droplet), "snapshotTimeout");

            boolean forced = false;
            Action snapshot;
            Instant postedAt = clock.instant();
            if (resumed.isPresent()) {
                snapshot = resumed.get();
                knownActionIds.add(snapshot.id());
                warn("Resuming " + ActionWaiter.describe(snapshot) + " on droplet " + dropletId + " (started "
                        + snapshot.startedAt() + ", " + snapshot.status() + ") instead of taking another snapshot");
            } else {
                busy.ifPresent(this::awaitForeignAction);
                // Without a wait in between, the droplet read while resolving is current enough.
                forced = powerOff(busy.isPresent() ? client.getDroplet(dropletId) : droplet);
                out.phase("Snapshotting droplet " + describe(droplet) + " as '" + request.snapshotName() + "'");
                postedAt = clock.instant();
                snapshot = post("snapshot", () -> client.snapshot(dropletId, request.snapshotName()));
            }
            Action done = awaitSnapshot(snapshot, snapshotPhase);

            Instant since = firstNonNull(done.startedAt(), snapshot.startedAt(), postedAt)
                    .truncatedTo(ChronoUnit.SECONDS);
            // A resumed action was started by another run, maybe under another (timestamped) name: its image is the
            // first snapshot of the droplet created after it started, whatever its name.
            String name = resumed.isPresent() ? null : request.snapshotName();
            out.phase("Looking for "
                    + (name == null ? "the snapshot of " + ActionWaiter.describe(done) : "snapshot '" + name + "'")
                    + " in droplet " + dropletId + "'s snapshots (created at or after " + since + ")");
            Snapshot found = findSnapshot(done.id(), since, name);
            long imageId = found.imageId().getAsLong();

            Image image = client.getImage(imageId);
            out.phase("Snapshot '" + image.name() + "' is image " + image.id() + " in " + image.regions() + " ("
                    + image.sizeGigabytes() + " GB, min disk " + image.minDiskSize() + " GB)");
            out.imageFound(dropletId, done.id(), image);
            if (image.status() != null && !image.isAvailable()) {
                warn("Image " + imageId + " reads status '" + image.status() + "', not 'available' yet");
            }

            List<String> transferred = transfer(image, plan.transferRegions());
            if (!transferred.isEmpty()) {
                image = client.getImage(imageId);
            }

            boolean poweredOn = false;
            boolean destroyed = false;
            if (request.powerOnAfter()) {
                out.phase("Powering droplet " + dropletId + " back on");
                Action on = post("power_on", () -> client.powerOn(dropletId));
                waiter.await(on, new WaitPhase("power on", request.shutdownTimeout(), "shutdownTimeout"), out);
                poweredOn = true;
            } else if (request.destroyDroplet()) {
                out.phase("Destroying droplet " + dropletId);
                destroyed = destroy();
            }
            return new SnapshotResult(
                    false,
                    plan,
                    dropletId,
                    done.id(),
                    image.id(),
                    image.name(),
                    image.regions(),
                    image.sizeGigabytes(),
                    image.minDiskSize(),
                    image.createdAt(),
                    forced,
                    transferred,
                    poweredOn,
                    destroyed,
                    warnings);
        }

        // ------------------------------------------------------------ droplet selection and plan

        private Droplet resolve() {
            return request.selection().resolve(client);
        }

        /**
         * The snapshot action to wait for instead of posting one: the one named by {@code resumeActionId}, or else a
         * snapshot action found in progress on the droplet (an earlier run that timed out left it). The droplet's
         * actions are listed once, at the start; a snapshot is never posted while one is in progress.
         */
        private Optional<Action> resumable(Optional<Action> busy) {
            Long id = request.resumeActionId();
            if (id == null) {
                return busy.filter(a -> "snapshot".equals(a.type()));
            }
            Action action = client.getAction(id);
            if (!"snapshot".equals(action.type()) || action.resourceId() == null || action.resourceId() != dropletId) {
                throw new SnapshotException("resumeActionId " + id + " is " + ActionWaiter.describe(action) + " on "
                        + action.resourceType() + " " + action.resourceId() + ", not a snapshot of droplet "
                        + dropletId + " (" + request.selector() + "). Give the action id printed by the run that"
                        + " timed out, or leave resumeActionId out to take a new snapshot.");
            }
            if (action.isErrored()) {
                throw ActionWaiter.errored(action, new WaitPhase("snapshot", Duration.ZERO, "snapshotTimeout"), null);
            }
            return Optional.of(action);
        }

        private Duration snapshotTimeout(Droplet droplet) {
            return request.snapshotTimeout(droplet.disk());
        }

        /**
         * Waits for the snapshot action: on {@link SnapshotRequest#snapshotSchedule()} when the disk in use is
         * known, else at the poll interval. When the wait runs out the snapshot goes on at DigitalOcean, so the
         * failure names the action and how a later run resumes it instead of taking another snapshot.
         */
        private Action awaitSnapshot(Action snapshot, WaitPhase phase) {
            PollSchedule schedule = request.snapshotSchedule();
            try {
                return schedule == null
                        ? waiter.await(snapshot, phase, out)
                        : waiter.await(snapshot, phase, schedule, out);
            } catch (WaitTimeoutException e) {
                throw new WaitTimeoutException(
                        "snapshot: gave up waiting for " + ActionWaiter.describe(snapshot) + " on droplet " + dropletId
                                + " after " + Durations.describe(phase.timeout())
                                + (e.lastState() == null ? "" : " (last state: " + e.lastState() + ")")
                                + ". The snapshot goes on at DigitalOcean: do not take another. To wait for it, run"
                                + " again with resumeActionId=" + snapshot.id() + " (a run without it also resumes a"
                                + " snapshot it finds in progress on the droplet), and raise snapshotTimeout if"
                                + " snapshots of this droplet need more time.",
                        e.phase(),
                        e.subject(),
                        e.lastState(),
                        e.timeout(),
                        e.timeoutSetting(),
                        snapshot.id());
            }
        }

        private SnapshotPlan plan(Droplet droplet, Optional<Action> busy, Optional<Action> resumed) {
            List<String> steps = new ArrayList<>();
            String region = droplet.region() == null ? null : droplet.region().slug();
            steps.add("Droplet " + describe(droplet) + (region == null ? "" : " in " + region) + " is "
                    + droplet.status());
            busy.ifPresent(a -> steps.add("Wait up to " + Durations.describe(request.busyTimeout())
                    + " (busyTimeout) for " + ActionWaiter.describe(a) + ", in progress on the droplet"));
            boolean shutdown = resumed.isEmpty() && !droplet.isOff();
            String bound = " and wait up to " + Durations.describe(snapshotTimeout(droplet)) + " (snapshotTimeout"
                    + (request.snapshotTimeoutSet()
                            ? ""
                            : ", scaled to "
                                    + (request.diskUsedGb() != null
                                            ? String.format(Locale.ROOT, "%.1f GB in use", request.diskUsedGb())
                                            : "the droplet's " + droplet.disk() + " GB disk"))
                    + ")";
            if (resumed.isPresent()) {
                steps.add("Resume " + ActionWaiter.describe(resumed.get()) + ", started "
                        + resumed.get().startedAt() + " by an earlier run, instead of taking another snapshot,"
                        + bound);
            } else {
                steps.add(
                        shutdown
                                ? "Shut the droplet down and wait up to "
                                        + Durations.describe(request.shutdownTimeout())
                                        + " (shutdownTimeout) for it to read off; if it does not, power it off"
                                : "The droplet is already off: no shutdown");
                steps.add("Snapshot it as '" + request.snapshotName() + "'" + bound);
            }
            steps.add("Find the image in the droplet's snapshot list and confirm it with GET /v2/images/{id}");
            List<String> regions = new ArrayList<>(request.transferRegions());
            if (region != null && regions.remove(region)) {
                warn("Transfer region " + region + " is the droplet's own region; the image is there already");
            }
            if (!regions.isEmpty()) {
                steps.add("Copy the image to " + String.join(", ", regions) + " and wait up to "
                        + Durations.describe(request.transferTimeout()) + " (transferTimeout)");
            }
            if (request.powerOnAfter()) {
                steps.add("Power the droplet back on");
            } else if (request.destroyDroplet()) {
                steps.add("Destroy droplet " + describe(droplet));
            } else {
                steps.add("Leave the droplet " + (shutdown ? "off" : "as it is"));
            }
            return new SnapshotPlan(
                    droplet.id(),
                    droplet.name(),
                    droplet.status(),
                    region,
                    busy.map(Action::id).orElse(null),
                    shutdown,
                    request.snapshotName(),
                    regions,
                    request.powerOnAfter(),
                    request.destroyDroplet(),
                    steps);
        }

        // ------------------------------------------------------------ power

        /** Brings the droplet to {@code off}; returns whether {@code power_off} was needed. */
        private boolean powerOff(Droplet droplet) {
            if (droplet.isOff()) {
                out.phase("Droplet " + dropletId + " is off");
                return false;
            }
            out.phase("Shutting down droplet " + describe(droplet));
            WaitPhase shutdown = new WaitPhase("shutdown", request.shutdownTimeout(), "shutdownTimeout");
            Instant start = clock.instant();
            try {
                Action action = post("shutdown", () -> client.shutdown(dropletId));
                waiter.await(action, shutdown, out);
                awaitOff(shutdown.withTimeout(
                        request.shutdownTimeout().minus(Duration.between(start, clock.instant()))));
                return false;
            } catch (WaitTimeoutException e) {
                warn("Droplet " + dropletId + " did not shut down within "
                        + Durations.describe(request.shutdownTimeout()) + " (shutdownTimeout); powering it off");
            } catch (ActionErroredException e) {
                warn("The shutdown of droplet " + dropletId + " errored (action " + e.actionId()
                        + "); powering it off");
            }
            out.phase("Powering off droplet " + dropletId);
            WaitPhase powerOff = new WaitPhase("power off", request.shutdownTimeout(), "shutdownTimeout");
            Instant again = clock.instant();
            Action action = post("power_off", () -> client.powerOff(dropletId));
            waiter.await(action, powerOff, out);
            awaitOff(powerOff.withTimeout(request.shutdownTimeout().minus(Duration.between(again, clock.instant()))));
            return true;
        }

        private void awaitOff(WaitPhase phase) {
            waiter.awaitCondition(
                    phase,
                    "droplet " + dropletId,
                    () -> client.getDroplet(dropletId),
                    Droplet::status,
                    Droplet::isOff,
                    out);
        }

        // ------------------------------------------------------------ posting actions at most once

        /**
         * Posts a droplet action so that DigitalOcean receives it at most once, unless reads prove an earlier post
         * did not take effect. A 422 "pending event" (nothing applied) waits for the running action, found in the
         * droplet's action list, and posts again, bounded by {@code busyTimeout}. Any other refusal fails. A post
         * without a usable answer (outcome unknown, or accepted without the action in the answer) is reconciled by
         * reading, never by re-sending: see {@link #reconcile}.
         */
        private Action post(String type, Supplier<Action> poster) {
            Instant begun = clock.instant();
            Duration pause = request.pollInterval().initial();
            boolean reposted = false;
            DigitalOceanException unclear = null;
            while (true) {
                try {
                    Action action = poster.get();
                    knownActionIds.add(action.id());
                    return action;
                } catch (PendingEventException e) {
                    Duration elapsed = Duration.between(begun, clock.instant());
                    if (elapsed.compareTo(request.busyTimeout()) >= 0) {
                        throw new WaitTimeoutException(
                                "pending event: DigitalOcean kept refusing " + type
                                        + " on droplet " + dropletId + " with \"pending event\" for "
                                        + Durations.describe(elapsed)
                                        + ". Another action is running on the droplet; wait for"
                                        + " it in the control panel, or raise busyTimeout. Last refusal: "
                                        + e.getMessage(),
                                "pending event",
                                "droplet " + dropletId,
                                "pending event",
                                request.busyTimeout(),
                                "busyTimeout");
                    }
                    Optional<Action> running = inProgressAction(false);
                    if (running.isPresent() && unclear != null && isOwn(running.get(), type, begun)) {
                        return adopt(running.get(), unclear);
                    }
                    if (running.isPresent()) {
                        warn("Droplet " + dropletId + " has a pending event: waiting for "
                                + ActionWaiter.describe(running.get()) + " before posting " + type);
                        awaitForeign(running.get(), request.busyTimeout().minus(elapsed));
                    } else {
                        warn("Droplet " + dropletId + " has a pending event not yet in its action list; posting " + type
                                + " again in " + Durations.describe(pause));
                        sleep(pause);
                        pause = request.pollInterval().next(pause);
                    }
                } catch (DigitalOceanException e) {
                    if (e.outcome() == Outcome.NOT_APPLIED) {
                        throw e;
                    }
                    unclear = e;
                    warn("POST " + type + " on droplet " + dropletId + " got no usable answer (" + e.getMessage()
                            + "); reading the droplet's actions to learn whether it took effect, instead of posting it"
                            + " again");
                    Optional<Action> mine = reconcile(type, begun, e, reposted);
                    if (mine.isPresent()) {
                        return adopt(mine.get(), e);
                    }
                    reposted = true;
                    out.phase("Reads prove POST " + type + " on droplet " + dropletId + " did not take effect: no "
                            + type + " action of this run, nothing in progress"
                            + ("snapshot".equals(type) ? ", no snapshot named '" + request.snapshotName() + "'" : "")
                            + ". Posting " + type + " again, once.");
                }
            }
        }

        /**
         * Reads the droplet's actions (and, for a snapshot, its snapshots) for up to {@link #RECONCILE_WINDOW} after
         * a post whose outcome is not known.
         *
         * @return the action the post started, to carry on with; empty when the reads prove the post did not take
         *     effect (no action of this run, nothing in progress, no snapshot of the name) and it may be sent again
         * @throws SnapshotException with "outcome unknown" and what to check, when the reads do not settle it, when
         *     DigitalOcean said it accepted the post, or when the post was already sent again once
         */
        private Optional<Action> reconcile(String type, Instant begun, DigitalOceanException cause, boolean reposted) {
            WaitPhase window = new WaitPhase("reconcile " + type, RECONCILE_WINDOW, "the reconcile window");
            Reading last;
            try {
                last = waiter.awaitCondition(
                        window,
                        "droplet " + dropletId + "'s actions",
                        () -> read(type, begun),
                        Reading::describe,
                        Reading::settled,
                        out);
            } catch (WaitTimeoutException stillUnclear) {
                last = read(type, begun);
            }
            if (last.own().isPresent()) {
                return last.own();
            }
            String check = "Outcome unknown: look at droplet " + dropletId + "'s actions and snapshots in the"
                    + " DigitalOcean control panel before running again"
                    + ("snapshot".equals(type)
                            ? "; if a snapshot named '" + request.snapshotName() + "' exists,"
                                    + " release its image id instead of taking another"
                            : "")
                    + ".";
            String what =
                    "POST " + type + " on droplet " + dropletId + " got no usable answer (" + cause.getMessage() + ")";
            if (cause.outcome() == Outcome.APPLIED) {
                throw new SnapshotException(
                        what + ". DigitalOcean accepted it, but no " + type + " action of this"
                                + " run showed in the droplet's actions within " + Durations.describe(RECONCILE_WINDOW)
                                + ". "
                                + check,
                        cause);
            }
            if (last.busy() != null) {
                throw new SnapshotException(
                        what + ", and the reads within " + Durations.describe(RECONCILE_WINDOW)
                                + " do not settle whether it took effect: " + last.busy() + ". " + check,
                        cause);
            }
            if (reposted) {
                throw new SnapshotException(
                        what + ", for the second time; it is not sent a third time. " + check, cause);
            }
            return Optional.empty();
        }

        /**
         * One look at the droplet after an unclear post.
         *
         * @param own the action this run's post started, if it shows
         * @param busy why the reads cannot prove the post did not take effect, or {@code null}
         */
        private record Reading(Optional<Action> own, String busy) {
            boolean settled() {
                return own.isPresent();
            }

            String describe() {
                return own.map(a -> "found " + ActionWaiter.describe(a)).orElse(busy == null ? "nothing" : busy);
            }
        }

        private Reading read(String type, Instant begun) {
            List<Action> recent =
                    client.listDropletActions(dropletId).limit(RECENT_ACTIONS).toList();
            Optional<Action> own =
                    recent.stream().filter(a -> isOwn(a, type, begun)).findFirst();
            if (own.isPresent()) {
                return new Reading(own, null);
            }
            Optional<Action> running =
                    recent.stream().filter(Action::isInProgress).findFirst();
            if (running.isPresent()) {
                return new Reading(
                        Optional.empty(), ActionWaiter.describe(running.get()) + " is in progress on the" + " droplet");
            }
            if ("snapshot".equals(type)) {
                Instant since = begun.minus(CLOCK_SKEW);
                Optional<Snapshot> image = client.listDropletSnapshots(dropletId)
                        .filter(x -> request.snapshotName().equals(x.name())
                                && x.createdAt() != null
                                && !x.createdAt().isBefore(since))
                        .findFirst();
                if (image.isPresent()) {
                    return new Reading(
                            Optional.empty(),
                            "snapshot " + image.get().id() + " named '" + request.snapshotName() + "' exists");
                }
            }
            return new Reading(Optional.empty(), null);
        }

        private Action adopt(Action action, DigitalOceanException cause) {
            knownActionIds.add(action.id());
            warn("Continuing with " + ActionWaiter.describe(action) + ", found in droplet " + dropletId
                    + "'s actions: the earlier POST did reach DigitalOcean"
                    + (cause != null && cause.requestId() != null ? " (request id " + cause.requestId() + ")" : ""));
            return action;
        }

        /** An action of this type, not seen before this run posted, started around or after the POST. */
        private boolean isOwn(Action action, String type, Instant begun) {
            return type.equals(action.type())
                    && !knownActionIds.contains(action.id())
                    && (action.startedAt() == null || !action.startedAt().isBefore(begun.minus(CLOCK_SKEW)));
        }

        /** The newest in-progress action of the droplet, if any; optionally remembers every action id seen. */
        private Optional<Action> inProgressAction(boolean remember) {
            List<Action> recent =
                    client.listDropletActions(dropletId).limit(RECENT_ACTIONS).toList();
            if (remember) {
                recent.forEach(a -> knownActionIds.add(a.id()));
            }
            return recent.stream().filter(Action::isInProgress).findFirst();
        }

        private void awaitForeignAction(Action action) {
            out.phase("Waiting for " + ActionWaiter.describe(action) + ", in progress on droplet " + dropletId);
            awaitForeign(action, request.busyTimeout());
        }

        private void awaitForeign(Action action, Duration timeout) {
            try {
                waiter.await(action.id(), new WaitPhase("busy", timeout, "busyTimeout"), out);
            } catch (ActionErroredException e) {
                warn(ActionWaiter.describe(action) + ", which was running on droplet " + dropletId
                        + ", errored; carrying on");
            }
        }

        // ------------------------------------------------------------ finding the image

        /**
         * The snapshot the action made: the newest named {@code name} created at or after {@code since}; with no
         * name (a resumed action), the first created at or after {@code since}.
         */
        private Snapshot findSnapshot(long actionId, Instant since, String name) {
            WaitPhase lookup = new WaitPhase("image lookup", request.listingTimeout(), "listingTimeout");
            try {
                Optional<Snapshot> found = waiter.awaitCondition(
                        lookup,
                        name == null ? "the snapshot of action " + actionId : "snapshot '" + name + "'",
                        () -> {
                            List<Snapshot> made = client.listDropletSnapshots(dropletId)
                                    .filter(s -> (name == null || name.equals(s.name()))
                                            && s.createdAt() != null
                                            && !s.createdAt().isBefore(since)
                                            && s.imageId().isPresent()
                                            && !"backup".equals(s.type()))
                                    .toList();
                            return name == null
                                    ? made.stream().min(NEWEST_LAST)
                                    : made.stream().max(NEWEST_LAST);
                        },
                        s -> s.map(x -> "listed as image " + x.id()).orElse("not listed yet"),
                        Optional::isPresent,
                        out);
                return found.get();
            } catch (WaitTimeoutException e) {
                throw new SnapshotNotFoundException(
                        "Snapshot action " + actionId + " completed, but no snapshot"
                                + (name == null ? "" : " named '" + name + "'")
                                + " created at or after " + since + " showed up in droplet " + dropletId
                                + "'s snapshot list within " + Durations.describe(request.listingTimeout())
                                + " (listingTimeout). It most likely exists: look for "
                                + (name == null ? "droplet " + dropletId + "'s snapshot of " + since : "'" + name + "'")
                                + " under Images > Snapshots"
                                + " in the control panel (or for action " + actionId + ") and use its image id.",
                        dropletId,
                        actionId,
                        name == null ? request.snapshotName() : name);
            }
        }

        // ------------------------------------------------------------ transfers and retention

        private List<String> transfer(Image image, List<String> wanted) {
            List<String> regions =
                    wanted.stream().filter(r -> !image.regions().contains(r)).toList();
            if (regions.isEmpty()) {
                return List.of();
            }
            out.phase("Copying image " + image.id() + " to " + String.join(", ", regions));
            List<Action> actions = new ArrayList<>();
            List<String> posted = new ArrayList<>();
            try {
                for (String region : regions) {
                    Instant begun = clock.instant();
                    try {
                        actions.add(client.transferImage(image.id(), region));
                        posted.add(region);
                    } catch (DigitalOceanException e) {
                        if (e.outcome() == Outcome.NOT_APPLIED) {
                            throw e;
                        }
                        Optional<Action> started = findTransfer(image.id(), region, begun);
                        if (started.isPresent()) {
                            warn("The transfer of image " + image.id() + " to " + region + " got no usable answer ("
                                    + e.getMessage() + "), but it shows in the image's actions: continuing with "
                                    + ActionWaiter.describe(started.get()));
                            actions.add(started.get());
                            posted.add(region);
                        } else {
                            warn("The transfer of image " + image.id() + " to " + region + " got no usable answer ("
                                    + e.getMessage() + ") and does not show in the image's actions; it is not posted"
                                    + " again. Outcome unknown: check the image's regions in the control panel.");
                        }
                    }
                }
                waiter.awaitAll(actions, new WaitPhase("transfer", request.transferTimeout(), "transferTimeout"), out);
            } catch (SnapshotException | DigitalOceanException e) {
                throw new SnapshotException(
                        "Snapshot '" + image.name() + "' was created as image " + image.id() + ", but copying it to "
                                + String.join(", ", regions) + " failed: " + e.getMessage(),
                        e);
            }
            return posted;
        }

        /** A transfer of the image to the region that started around or after {@code begun}, from its actions. */
        private Optional<Action> findTransfer(long imageId, String region, Instant begun) {
            return client.listImageActions(imageId)
                    .limit(RECENT_ACTIONS)
                    .filter(a -> "transfer".equals(a.type())
                            && region.equals(a.regionSlug())
                            && (a.startedAt() == null || !a.startedAt().isBefore(begun.minus(CLOCK_SKEW))))
                    .findFirst();
        }

        /** Destroys the droplet (sent at most once); an unclear answer is settled by reading the droplet. */
        private boolean destroy() {
            try {
                client.deleteDroplet(dropletId);
                return true;
            } catch (NotFoundException e) {
                return true;
            } catch (DigitalOceanException e) {
                if (e.outcome() != Outcome.NOT_APPLIED) {
                    try {
                        client.getDroplet(dropletId);
                    } catch (NotFoundException gone) {
                        out.phase("Droplet " + dropletId + " is gone (confirmed by reading it)");
                        return true;
                    } catch (DigitalOceanException cannotTell) {
                        // fall through to the warning
                    }
                }
                warn("Could not confirm that droplet " + dropletId + " was destroyed (" + e.getMessage() + "); it is"
                        + " not asked again. Check it in the control panel: a droplet left running costs money.");
                return false;
            }
        }

        private void warn(String message) {
            warnings.add(message);
            out.warning(message);
        }

        private void sleep(Duration pause) {
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SnapshotException("Interrupted while working on droplet " + dropletId, e);
            }
        }
    }

    private static final Comparator<Snapshot> NEWEST_LAST = Comparator.comparing(
                    Snapshot::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingLong(s -> s.imageId().orElse(0));

    private static String describe(Droplet droplet) {
        return DropletSelection.label(droplet);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        throw new IllegalStateException("no value");
    }
}
