package io.github.oneclick.vendor.workflow;

import static io.github.oneclick.vendor.workflow.SandboxReads.actionPosts;
import static io.github.oneclick.vendor.workflow.SandboxReads.actions;
import static io.github.oneclick.vendor.workflow.SandboxReads.completedAt;
import static io.github.oneclick.vendor.workflow.SandboxReads.dropletStatus;
import static io.github.oneclick.vendor.workflow.SandboxReads.id;
import static io.github.oneclick.vendor.workflow.SandboxReads.lastAction;
import static io.github.oneclick.vendor.workflow.SandboxReads.snapshotIds;
import static io.github.oneclick.vendor.workflow.SandboxReads.startedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oneclick.sandbox.Fault;
import io.github.oneclick.sandbox.ManualClock;
import io.github.oneclick.sandbox.RecordedCall;
import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.sandbox.SandboxExtension;
import io.github.oneclick.sandbox.SandboxScenario;
import io.github.oneclick.sandbox.Scenarios;
import io.github.oneclick.vendor.ConflictException;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.UnexpectedResponseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
@SandboxScenario(Scenarios.EMPTY)
class SnapshotWorkflowTest {
    private static final String ACTION_POSTS = "/v2/droplets/*/actions";
    private static final Instant START = ManualClock.DEFAULT_START;
    private static final String NAME = "wp-1click-6.8.1-20260302-100000";

    private final RecordingListener listener = new RecordingListener();
    private Sandbox sandbox;
    private DigitalOceanClient client;
    /** The build droplet: active, nyc3, 25 GB, tag {@code wp-build}. */
    private long droplet;

    /** Droplets read their old status for 3 s after a power action completed. */
    @BeforeEach
    void start(Sandbox sandbox) {
        this.sandbox = sandbox;
        sandbox.options(o -> o.withStatusLag(Duration.ofSeconds(3)));
        droplet = sandbox.state().addDroplet(Scenarios.TEAM, "wp-build", "active", "nyc3", 25, List.of("wp-build"));
        client = SandboxReads.client(sandbox).build();
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private SnapshotRequest.Builder request() {
        return SnapshotRequest.builder().dropletId(droplet).snapshotName(NAME);
    }

    private SnapshotResult run(SnapshotRequest.Builder request) {
        return new SnapshotWorkflow(client).run(request.build(), listener);
    }

    private void dropletIsOff() {
        sandbox.state().setDropletStatus(droplet, "off");
    }

    /** A fault on the snapshot POST. */
    private static Fault.Matcher snapshotPost() {
        return Fault.on("POST", ACTION_POSTS).bodyContains("\"snapshot\"");
    }

    private List<RecordedCall> calls(String method, String path) {
        return sandbox.requests().matching(method, path);
    }

    private String snapshotsPath() {
        return "/v2/droplets/" + droplet + "/snapshots";
    }

    /** The request the sandbox received right after the first one matching {@code method} and {@code path}. */
    private RecordedCall callAfterFirst(String method, String path) {
        List<RecordedCall> all = sandbox.requests().all();
        for (int i = 0; i < all.size() - 1; i++) {
            if (all.get(i).matches(method, path)) {
                return all.get(i + 1);
            }
        }
        throw new AssertionError("no request after " + method + " " + path);
    }

    @Test
    void happyPathShutsDownSnapshotsAndReturnsTheConfirmedImage() {
        SnapshotResult result = run(request());

        long image = snapshotIds(sandbox, droplet).get(0);
        JsonNode snapshot = lastAction(sandbox, "snapshot");
        assertThat(result.dryRun()).isFalse();
        assertThat(result.imageId()).isEqualTo(image);
        assertThat(result.actionId()).isEqualTo(id(snapshot));
        assertThat(result.name()).isEqualTo(NAME);
        assertThat(result.regions()).containsExactly("nyc3");
        assertThat(result.sizeGigabytes()).isEqualTo(2.36);
        assertThat(result.minDiskSize()).isEqualTo(25);
        assertThat(result.createdAt()).isEqualTo(startedAt(snapshot));
        assertThat(result.forcedPowerOff()).isFalse();
        assertThat(result.poweredOn()).isFalse();
        assertThat(result.dropletDestroyed()).isFalse();
        assertThat(actionPosts(sandbox, "shutdown")).isEqualTo(1);
        assertThat(actionPosts(sandbox, "power_off")).isZero();
        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(1);
        assertThat(calls("GET", snapshotsPath()))
                .isNotEmpty()
                .allMatch(c -> c.query().contains("per_page=200"));
        assertThat(calls("GET", "/v2/images/" + image)).hasSize(1);
        assertThat(dropletStatus(sandbox, droplet)).isEqualTo("off");
        assertThat(listener.of("STATE")).anyMatch(l -> l.contains("(snapshot) went from in-progress to completed"));
        assertThat(listener.of("STATE")).anyMatch(l -> l.contains("droplet " + droplet + " went from active to off"));
    }

    @Test
    void droplet_already_off_is_snapshotted_without_any_power_action() {
        dropletIsOff();

        run(request());

        assertThat(actionPosts(sandbox, "shutdown") + actionPosts(sandbox, "power_off"))
                .isZero();
        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(1);
    }

    @Test
    void ignoredShutdownFallsBackToPowerOffAfterTheShutdownTimeout() {
        sandbox.options(o -> o.withShutdownIgnored(true));

        SnapshotResult result = run(request().shutdownTimeout(Duration.ofMinutes(2)));

        assertThat(result.forcedPowerOff()).isTrue();
        assertThat(actionPosts(sandbox, "shutdown")).isEqualTo(1);
        assertThat(actionPosts(sandbox, "power_off")).isEqualTo(1);
        Instant powerOff = startedAt(lastAction(sandbox, "power_off"));
        assertThat(Duration.between(START, powerOff))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(2))
                .isLessThan(Duration.ofMinutes(2).plusSeconds(15));
        assertThat(result.warnings()).anyMatch(w -> w.contains("did not shut down within 2m 00s (shutdownTimeout)"));
        assertThat(result.imageId()).isEqualTo(snapshotIds(sandbox, droplet).get(0));
    }

    @Test
    void pendingEventWithTheRunningActionListedWaitsForItAndPostsAgain() {
        dropletIsOff();
        sandbox.faults().add(snapshotPost().race());

        SnapshotResult result = run(request());

        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(2);
        assertThat(snapshotIds(sandbox, droplet)).hasSize(1);
        JsonNode race = lastAction(sandbox, "enable_backups");
        assertThat(startedAt(lastAction(sandbox, "snapshot"))).isAfterOrEqualTo(completedAt(race));
        assertThat(result.warnings()).anyMatch(w -> w.contains("pending event: waiting for action " + id(race)));
    }

    @Test
    void pendingEventNotYetInTheActionListIsRetriedWithBoundedPauses() {
        dropletIsOff();
        sandbox.faults().add(snapshotPost().status(422).times(2));

        SnapshotResult result = run(request());

        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(3);
        assertThat(snapshotIds(sandbox, droplet)).hasSize(1);
        assertThat(result.imageId()).isEqualTo(snapshotIds(sandbox, droplet).get(0));
    }

    @Test
    void pendingEventThatNeverClearsFailsNamingBusyTimeout() {
        dropletIsOff();
        sandbox.faults().add(snapshotPost().status(422).always());

        assertThatThrownBy(() -> run(request().busyTimeout(Duration.ofMinutes(1))))
                .isInstanceOf(WaitTimeoutException.class)
                .hasMessageContaining("pending event")
                .hasMessageContaining("busyTimeout");
        assertThat(snapshotIds(sandbox, droplet)).isEmpty();
    }

    @Test
    void actionInProgressBeforeTheStartIsAwaitedBeforeAnyPost() {
        long running = sandbox.state().addRunningAction(droplet, "reboot", Duration.ofMinutes(1));

        run(request());

        RecordedCall firstPost = sandbox.requests().mutating().get(0);
        assertThat(firstPost.body()).contains("shutdown");
        assertThat(startedAt(lastAction(sandbox, "shutdown")))
                .isAfterOrEqualTo(completedAt(lastAction(sandbox, "reboot")));
        assertThat(calls("GET", "/v2/actions/" + running)).isNotEmpty();
    }

    @Test
    void erroredSnapshotFailsAtOnceWithActionIdAndType() {
        dropletIsOff();
        sandbox.options(o -> o.withSnapshotErrored(true).withSnapshotDuration(Duration.ofSeconds(20)));

        assertThatThrownBy(() -> run(request()))
                .isInstanceOfSatisfying(ActionErroredException.class, e -> {
                    assertThat(e.actionId()).isEqualTo(id(lastAction(sandbox, "snapshot")));
                    assertThat(e.actionType()).isEqualTo("snapshot");
                })
                .hasMessageContaining("action " + id(lastAction(sandbox, "snapshot")) + " (snapshot)")
                .hasMessageContaining("errored")
                .hasMessageContaining("request id");
        assertThat(Duration.between(START, sandbox.clock().instant())).isLessThan(Duration.ofMinutes(1));
        assertThat(calls("GET", snapshotsPath())).isEmpty();
    }

    @Test
    void listingLagFindsTheImageOnTheThirdListing() {
        sandbox.faults()
                .add(Fault.on("GET", "/v2/droplets/*/snapshots").staleListing().times(2));

        SnapshotResult result = run(request());

        assertThat(result.imageId()).isEqualTo(snapshotIds(sandbox, droplet).get(0));
        assertThat(calls("GET", snapshotsPath())).hasSize(3);
        assertThat(listener.of("STATE")).anyMatch(l -> l.contains("not listed yet to listed as image"));
    }

    @Test
    void snapshotThatNeverShowsFailsNamingTheActionIdAndTheSnapshotName() {
        sandbox.faults()
                .add(Fault.on("GET", "/v2/droplets/*/snapshots").staleListing().always());

        assertThatThrownBy(() -> run(request().listingTimeout(Duration.ofSeconds(30))))
                .isInstanceOfSatisfying(SnapshotNotFoundException.class, e -> {
                    assertThat(e.actionId()).isEqualTo(id(lastAction(sandbox, "snapshot")));
                    assertThat(e.snapshotName()).isEqualTo(NAME);
                })
                .hasMessageContaining("action " + id(lastAction(sandbox, "snapshot")))
                .hasMessageContaining("'" + NAME + "'")
                .hasMessageContaining("listingTimeout");
    }

    @Test
    void reusedDropletWith450OlderSnapshotsOverThreePagesAndASameNamedOlderOnePicksTheNewSnapshot() {
        for (int i = 0; i < 449; i++) {
            sandbox.state().addSnapshot(droplet, "wp-1click-old-" + i, START.minus(Duration.ofDays(450 - i)));
        }
        long sameName = sandbox.state().addSnapshot(droplet, NAME, START.minus(Duration.ofHours(1)));

        SnapshotResult result = run(request());

        long newId = snapshotIds(sandbox, droplet).stream()
                .filter(i -> i != sameName
                        && sandbox.state().image(i).path("name").asText().equals(NAME))
                .findFirst()
                .orElseThrow();
        assertThat(result.imageId()).isEqualTo(newId).isNotEqualTo(sameName);
        List<RecordedCall> listing = calls("GET", snapshotsPath());
        assertThat(listing).hasSize(3);
        assertThat(listing.get(0).query()).contains("per_page=200");
        assertThat(listing.get(2).query()).contains("page=3");
    }

    @Test
    void ambiguousSnapshotPostWithAnHtmlGatewayErrorAdoptsTheActionInsteadOfPostingASecondSnapshot() {
        dropletIsOff();
        sandbox.faults()
                .add(
                        snapshotPost()
                                .afterApplying(
                                        504,
                                        "<html><head><title>504 Gateway Time-out</title></head><body>cloudflare</body></html>"));

        SnapshotResult result = run(request());

        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(1);
        assertThat(snapshotIds(sandbox, droplet)).hasSize(1);
        assertThat(result.actionId()).isEqualTo(id(lastAction(sandbox, "snapshot")));
        assertThat(result.imageId()).isEqualTo(snapshotIds(sandbox, droplet).get(0));
        assertThat(result.warnings())
                .anyMatch(w -> w.contains("may have taken effect"))
                .anyMatch(w -> w.contains("Continuing with action " + result.actionId()));
        assertThat(callAfterFirst("POST", ACTION_POSTS).matches("GET", "/v2/droplets/" + droplet + "/actions"))
                .isTrue();
    }

    @Test
    void snapshotPostCutAfterSendingIsNotSentTwice() {
        dropletIsOff();
        sandbox.faults().add(snapshotPost().dropAfter());

        SnapshotResult result = run(request());

        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(1);
        assertThat(snapshotIds(sandbox, droplet)).hasSize(1);
        assertThat(result.imageId()).isEqualTo(snapshotIds(sandbox, droplet).get(0));
    }

    @Test
    void snapshotPostAppliedAndAnswered503WithRetryAfterZeroReachesTheServerOnceAndIsAdopted() {
        dropletIsOff();
        sandbox.faults().add(snapshotPost().afterApplying(503, null).retryAfter(0));

        SnapshotResult result = run(request());

        assertThat(actionPosts(sandbox, "snapshot"))
                .as("snapshot POSTs the server received")
                .isEqualTo(1);
        assertThat(snapshotIds(sandbox, droplet)).hasSize(1);
        assertThat(result.actionId()).isEqualTo(id(lastAction(sandbox, "snapshot")));
        assertThat(result.warnings())
                .anyMatch(w -> w.contains("got no usable answer"))
                .anyMatch(w -> w.contains("Continuing with action " + result.actionId()));
    }

    @Test
    void snapshotPostThatReadsProveDidNotTakeEffectIsPostedAgainOnce() {
        dropletIsOff();
        sandbox.faults().add(snapshotPost().status(503).retryAfter(0));

        SnapshotResult result = run(request());

        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(2);
        assertThat(snapshotIds(sandbox, droplet)).hasSize(1);
        assertThat(callAfterFirst("POST", ACTION_POSTS).matches("GET", "/v2/droplets/" + droplet + "/actions"))
                .as("the droplet's actions were read before the second POST")
                .isTrue();
        assertThat(listener.of("PHASE")).anyMatch(l -> l.contains("did not take effect") && l.contains("again, once"));
        assertThat(result.imageId()).isEqualTo(snapshotIds(sandbox, droplet).get(0));
    }

    @Test
    void aSecondUnclearSnapshotPostFailsWithOutcomeUnknownAndIsNotSentAThirdTime() {
        dropletIsOff();
        sandbox.faults().add(snapshotPost().dropBefore().times(2));

        assertThatThrownBy(() -> run(request()))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("for the second time")
                .hasMessageContaining("Outcome unknown")
                .hasMessageContaining("'" + NAME + "'");
        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(2);
    }

    @Test
    void snapshotPostRefusedWith409IsNeitherReadNorPostedAgain() {
        dropletIsOff();
        sandbox.faults().add(snapshotPost().status(409));

        assertThatThrownBy(() -> run(request()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("It was not applied");
        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(1);
        assertThat(sandbox.requests().last().method()).isEqualTo("POST");
    }

    @Test
    void snapshotPostRedirectedIsNotFollowedNorPostedAgain() {
        dropletIsOff();
        sandbox.faults().add(snapshotPost().redirect(307, "/v2/elsewhere"));

        assertThatThrownBy(() -> run(request()))
                .isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("redirect");
        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(1);
        assertThat(calls("POST", "/v2/elsewhere")).isEmpty();
    }

    @Test
    void snapshotPostAcceptedWithAnEmptyObjectAdoptsTheActionFromTheDropletsActions() {
        dropletIsOff();
        sandbox.faults().add(snapshotPost().afterApplying(201, "{}"));

        SnapshotResult result = run(request());

        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(1);
        assertThat(result.actionId()).isEqualTo(id(lastAction(sandbox, "snapshot")));
    }

    @Test
    void shutdownAnswered503WithRetryAfterZeroReachesTheServerOnce() {
        sandbox.faults()
                .add(Fault.on("POST", ACTION_POSTS)
                        .bodyContains("\"shutdown\"")
                        .afterApplying(503, null)
                        .retryAfter(0));

        run(request());

        assertThat(actionPosts(sandbox, "shutdown")).isEqualTo(1);
        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(1);
    }

    @Test
    void transferToTwoRegionsPostsBothBeforeWaitingAndWaitsForEach() {
        SnapshotResult result = run(request().transferRegions(List.of("ams3", "SGP1", "nyc3")));

        assertThat(result.transferredRegions()).containsExactly("ams3", "sgp1");
        assertThat(result.regions()).containsExactlyInAnyOrder("nyc3", "ams3", "sgp1");
        List<RecordedCall> posts = calls("POST", "/v2/images/*/actions");
        assertThat(posts).hasSize(2);
        List<Long> transfers =
                actions(sandbox, "transfer").stream().map(SandboxReads::id).toList();
        assertThat(transfers).hasSize(2);
        RecordedCall firstPoll = sandbox.requests()
                .where(c -> c.method().equals("GET")
                        && transfers.stream().anyMatch(t -> c.path().equals("/v2/actions/" + t)))
                .get(0);
        assertThat(posts.get(1).sequence()).isLessThan(firstPoll.sequence());
        transfers.forEach(t -> assertThat(calls("GET", "/v2/actions/" + t))
                .as("polls of transfer %d", t)
                .last()
                .matches(
                        poll -> !poll.time()
                                .isBefore(completedAt(sandbox.state().action(t))),
                        "after completion"));
        assertThat(result.warnings()).anyMatch(w -> w.contains("nyc3 is the droplet's own region"));
    }

    @Test
    void theImageIsReportedAsSoonAsItIsConfirmedBeforeTheOptionalSteps() {
        SnapshotResult result = run(request().transferRegions(List.of("ams3")));

        List<String> lines = listener.lines;
        int found = lines.indexOf(
                "IMAGE " + result.imageId() + " of droplet " + result.dropletId() + " by action " + result.actionId());
        int transfer = lines.indexOf(lines.stream()
                .filter(l -> l.startsWith("STATE transfer"))
                .findFirst()
                .orElseThrow());
        assertThat(found).isNotNegative().isLessThan(transfer);
    }

    @Test
    void powerOnAfterPowersTheDropletBackOn() {
        SnapshotResult result = run(request().powerOnAfter(true));

        assertThat(result.poweredOn()).isTrue();
        assertThat(actionPosts(sandbox, "power_on")).isEqualTo(1);
        assertThat(dropletStatus(sandbox, droplet)).isEqualTo("active");
    }

    @Test
    void destroyDropletDeletesItOnlyWhenAsked() {
        SnapshotResult result = run(request().destroyDroplet(true));

        assertThat(result.dropletDestroyed()).isTrue();
        assertThat(sandbox.state().droplet(droplet)).isNull();
        assertThat(calls("DELETE", "/v2/droplets/*")).hasSize(1);
    }

    @Test
    void dryRunResolvesTheDropletAndReportsThePlanWithoutAnyPostOrDelete() {
        SnapshotResult result = new SnapshotWorkflow(client)
                .run(
                        SnapshotRequest.builder()
                                .dropletTag("wp-build")
                                .defaultName("wp-1click", "6.8.1")
                                .clock(sandbox.clock())
                                .transferRegions(List.of("ams3"))
                                .dryRun(true)
                                .build(),
                        listener);

        assertThat(result.dryRun()).isTrue();
        assertThat(result.imageId()).isNull();
        assertThat(result.name()).isEqualTo(NAME);
        assertThat(result.plan().shutdownNeeded()).isTrue();
        assertThat(sandbox.requests().mutating()).isEmpty();
        assertThat(listener.of("PLAN"))
                .anyMatch(l -> l.startsWith("Shut the droplet down"))
                .anyMatch(l -> l.contains("Snapshot it as '" + NAME + "'"))
                .anyMatch(l -> l.contains("Copy the image to ams3"));
    }

    @Test
    void dropletNameMatchingSeveralDropletsFailsBeforeAnyAction() {
        long second = sandbox.state().addDroplet(Scenarios.TEAM, "wp-build", "active", "ams3", 25, List.of());

        assertThatThrownBy(() -> new SnapshotWorkflow(client)
                        .run(
                                SnapshotRequest.builder()
                                        .dropletName("wp-build")
                                        .snapshotName(NAME)
                                        .build(),
                                listener))
                .isInstanceOfSatisfying(
                        DropletSelectionException.class,
                        e -> assertThat(e.matches()).containsExactly(droplet + " (wp-build)", second + " (wp-build)"))
                .hasMessageContaining("2 droplets have the name 'wp-build'")
                .hasMessageContaining("dropletId");
        assertThat(sandbox.requests().mutating()).isEmpty();
    }

    @Test
    void dropletTagMatchingNothingFailsBeforeAnyAction() {
        assertThatThrownBy(() -> new SnapshotWorkflow(client)
                        .run(
                                SnapshotRequest.builder()
                                        .dropletTag("nope")
                                        .snapshotName(NAME)
                                        .build(),
                                listener))
                .isInstanceOf(DropletSelectionException.class)
                .hasMessageContaining("No droplet has the tag 'nope'")
                .hasMessageContaining("dropletTag");
        assertThat(sandbox.requests().mutating()).isEmpty();
    }

    @Test
    void missingDropletIdFailsBeforeAnyAction() {
        assertThatThrownBy(() -> new SnapshotWorkflow(client)
                        .run(
                                SnapshotRequest.builder()
                                        .dropletId(999)
                                        .snapshotName(NAME)
                                        .build(),
                                listener))
                .isInstanceOf(DropletSelectionException.class)
                .hasMessageContaining("Droplet 999 does not exist")
                .hasMessageContaining("dropletId");
        assertThat(sandbox.requests().mutating()).isEmpty();
    }

    @Test
    void snapshotSlowerThanItsTimeoutFailsNamingSnapshotTimeoutTheActionIdAndHowToResume() {
        sandbox.options(o -> o.withSnapshotDuration(Duration.ofMinutes(90)));

        // the droplet's 25 GB disk bounds the default: 3 min per GB plus 10 min
        assertThatThrownBy(() -> run(request()))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    long action = id(lastAction(sandbox, "snapshot"));
                    assertThat(e.phase()).isEqualTo("snapshot");
                    assertThat(e.timeoutSetting()).isEqualTo("snapshotTimeout");
                    assertThat(e.actionId()).isEqualTo(action);
                    assertThat(e.getMessage())
                            .contains("action " + action + " (snapshot)")
                            .contains("resumeActionId=" + action)
                            .contains("do not take another");
                })
                .hasMessageContaining("snapshotTimeout")
                .hasMessageContaining("1h 25m 00s");
    }

    @Test
    void theDefaultSnapshotTimeoutScalesWithTheDiskInUse() {
        dropletIsOff();
        sandbox.options(o -> o.withSnapshotDuration(Duration.ofHours(3)));

        // 50 GB in use: 150 min at the slowest quoted rate, plus 10
        assertThatThrownBy(() -> run(request().diskUsedGb(50)))
                .isInstanceOfSatisfying(
                        WaitTimeoutException.class, e -> assertThat(e.timeout()).isEqualTo(Duration.ofMinutes(160)));
        assertThat(sandbox.clock().instant()).isAfterOrEqualTo(START.plus(Duration.ofMinutes(160)));
    }

    @Test
    void withTheDiskInUseTheSnapshotIsSeenWithinFiveSecondsOfItsEndForFewerPolls() {
        dropletIsOff();
        for (Duration takes : List.of(Duration.ofMinutes(20), Duration.ofMinutes(35))) {
            sandbox.options(o -> o.withSnapshotDuration(takes));
            RecordingListener seen = new RecordingListener();
            Instant[] completedSeen = new Instant[1];
            ProgressListener watch = new ProgressListener() {
                @Override
                public void stateChanged(StateChange change) {
                    if ("snapshot".equals(change.phase()) && "completed".equals(change.to())) {
                        completedSeen[0] = sandbox.clock().instant();
                    }
                    seen.stateChanged(change);
                }
            };

            new SnapshotWorkflow(client)
                    .run(
                            request()
                                    .snapshotName(NAME + "-" + takes.toMinutes())
                                    .diskUsedGb(20)
                                    .build(),
                            watch);

            JsonNode snapshot = lastAction(sandbox, "snapshot");
            long polls = sandbox.requests().count("GET", "/v2/actions/" + id(snapshot));
            assertThat(Duration.between(completedAt(snapshot), completedSeen[0]))
                    .as("detection delay of a %d-minute snapshot", takes.toMinutes())
                    .isBetween(Duration.ZERO, Duration.ofSeconds(5));
            // a fixed 3-second poll makes 400 and 700
            assertThat(polls).isLessThan(takes.toSeconds() / 3 / 2);
        }
    }

    @Test
    void aLaterRunGivenTheActionIdWaitsForTheSnapshotInsteadOfTakingAnother() {
        sandbox.options(o -> o.withSnapshotDuration(Duration.ofMinutes(30)));
        WaitTimeoutException timedOut = catchWaitTimeout(() -> run(request().snapshotTimeout(Duration.ofMinutes(10))));
        long action = timedOut.actionId();
        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(1);
        int before = sandbox.requests().all().size();

        // a later run has another default name (its timestamp): the image is found by the action's start
        SnapshotResult result = run(request().snapshotName(NAME + "-again").resumeActionId(action));

        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(1);
        assertThat(sandbox.requests()
                        .all()
                        .subList(before, sandbox.requests().all().size()))
                .noneMatch(c -> "POST".equals(c.method()));
        assertThat(result.actionId()).isEqualTo(action);
        assertThat(result.imageId()).isEqualTo(snapshotIds(sandbox, droplet).get(0));
        assertThat(result.name()).isEqualTo(NAME);
        assertThat(snapshotIds(sandbox, droplet)).hasSize(1);
        assertThat(listener.of("WARN")).anyMatch(w -> w.contains("Resuming action " + action));
    }

    @Test
    void aLaterRunWithoutTheActionIdResumesTheSnapshotInProgressOnTheDroplet() {
        sandbox.options(o -> o.withSnapshotDuration(Duration.ofMinutes(30)));
        long action = catchWaitTimeout(() -> run(request().snapshotTimeout(Duration.ofMinutes(10))))
                .actionId();
        int before = sandbox.requests().all().size();

        SnapshotResult result = run(request().snapshotName(NAME + "-again"));

        assertThat(actionPosts(sandbox, "snapshot")).isEqualTo(1);
        assertThat(sandbox.requests()
                        .all()
                        .subList(before, sandbox.requests().all().size()))
                .noneMatch(c -> "POST".equals(c.method()));
        // the droplet's actions are listed once
        assertThat(sandbox.requests()
                        .all()
                        .subList(before, sandbox.requests().all().size()))
                .filteredOn(c -> c.matches("GET", "/v2/droplets/" + droplet + "/actions"))
                .hasSize(1);
        assertThat(result.actionId()).isEqualTo(action);
        assertThat(snapshotIds(sandbox, droplet)).hasSize(1);
    }

    @Test
    void resumeActionIdThatIsNotASnapshotOfTheDropletIsRefusedBeforeAnyPost() {
        dropletIsOff();
        run(request());
        long snapshotAction = id(lastAction(sandbox, "snapshot"));
        long other = sandbox.state().addDroplet(Scenarios.TEAM, "other", "off", "nyc3", 25, List.of());
        int before = sandbox.requests().all().size();

        assertThatThrownBy(() -> new SnapshotWorkflow(client)
                        .run(
                                SnapshotRequest.builder()
                                        .dropletId(other)
                                        .snapshotName(NAME)
                                        .resumeActionId(snapshotAction)
                                        .build(),
                                listener))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("resumeActionId " + snapshotAction)
                .hasMessageContaining("not a snapshot of droplet " + other);
        assertThat(sandbox.requests()
                        .all()
                        .subList(before, sandbox.requests().all().size()))
                .noneMatch(c -> "POST".equals(c.method()));
    }

    private static WaitTimeoutException catchWaitTimeout(Runnable run) {
        try {
            run.run();
        } catch (WaitTimeoutException e) {
            return e;
        }
        throw new AssertionError("the run did not time out");
    }

    @Test
    void longWaitsReportElapsedTimeAboutEveryThirtySecondsAndEveryPoll() {
        dropletIsOff();
        sandbox.options(o -> o.withSnapshotDuration(Duration.ofMinutes(5)));

        run(request());

        List<String> waits = listener.of("WAIT").stream()
                .filter(l -> l.startsWith("snapshot:"))
                .toList();
        assertThat(waits).hasSizeBetween(9, 10);
        assertThat(waits.get(0)).contains("still in-progress, 3").contains("elapsed (timeout 1h 25m 00s)");
        assertThat(listener.of("POLL")).hasSizeGreaterThan(waits.size());
    }
}
