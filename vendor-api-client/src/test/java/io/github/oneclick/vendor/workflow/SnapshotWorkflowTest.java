package io.github.oneclick.vendor.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.vendor.ConflictException;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.NoDelayServerSockets;
import io.github.oneclick.vendor.UnexpectedResponseException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnapshotWorkflowTest {
    /** The snapshot POST, which faults aim at. */
    private static final Predicate<FakeDigitalOcean.Call> SNAPSHOT_POST =
            c -> c.method().equals("POST") && c.body().contains("\"snapshot\"");

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final long DROPLET = 101;
    private static final String NAME = "wp-1click-6.8.1-20260301-100000";

    private final VirtualClock clock = new VirtualClock(START);
    private final FakeDigitalOcean fake = new FakeDigitalOcean(clock);
    private final RecordingListener listener = new RecordingListener();
    private MockWebServer server;
    private DigitalOceanClient client;

    @BeforeEach
    void start() throws IOException {
        fake.droplet(DROPLET, "wp-build", "active", "nyc3");
        server = new MockWebServer();
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.setDispatcher(fake);
        server.start();
        client = DigitalOceanClient.builder().token("dop_v1_test").apiUrl(server.url("/").toString())
                .clock(clock).sleeper(clock).random(() -> 0.0).build();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.shutdown();
    }

    private SnapshotRequest.Builder request() {
        return SnapshotRequest.builder().dropletId(DROPLET).snapshotName(NAME);
    }

    private SnapshotResult run(SnapshotRequest.Builder request) {
        return new SnapshotWorkflow(client).run(request.build(), listener);
    }

    @Test
    void happyPathShutsDownSnapshotsAndReturnsTheConfirmedImage() {
        SnapshotResult result = run(request());

        FakeDigitalOcean.Img image = fake.snapshotsOf(DROPLET).get(0);
        assertThat(result.dryRun()).isFalse();
        assertThat(result.imageId()).isEqualTo(image.id);
        assertThat(result.actionId()).isEqualTo(fake.lastAction("snapshot").id);
        assertThat(result.name()).isEqualTo(NAME);
        assertThat(result.regions()).containsExactly("nyc3");
        assertThat(result.sizeGigabytes()).isEqualTo(2.36);
        assertThat(result.minDiskSize()).isEqualTo(25);
        assertThat(result.createdAt()).isEqualTo(fake.lastAction("snapshot").startedAt);
        assertThat(result.forcedPowerOff()).isFalse();
        assertThat(result.poweredOn()).isFalse();
        assertThat(result.dropletDestroyed()).isFalse();
        assertThat(fake.actionPosts("shutdown")).isEqualTo(1);
        assertThat(fake.actionPosts("power_off")).isZero();
        assertThat(fake.actionPosts("snapshot")).isEqualTo(1);
        assertThat(fake.calls("GET", "/v2/droplets/101/snapshots")).allMatch(c -> c.query().contains("per_page=200"));
        assertThat(fake.calls("GET", "/v2/images/" + image.id)).hasSize(1);
        assertThat(fake.droplets.get(DROPLET).status).isEqualTo("off");
        assertThat(listener.of("STATE")).anyMatch(l -> l.contains("(snapshot) went from in-progress to completed"));
        assertThat(listener.of("STATE")).anyMatch(l -> l.contains("droplet 101 went from active to off"));
    }

    @Test
    void droplet_already_off_is_snapshotted_without_any_power_action() {
        fake.droplets.get(DROPLET).status = "off";

        run(request());

        assertThat(fake.actionPosts("shutdown") + fake.actionPosts("power_off")).isZero();
        assertThat(fake.actionPosts("snapshot")).isEqualTo(1);
    }

    @Test
    void ignoredShutdownFallsBackToPowerOffAfterTheShutdownTimeout() {
        fake.shutdownIgnored = true;

        SnapshotResult result = run(request().shutdownTimeout(Duration.ofMinutes(2)));

        assertThat(result.forcedPowerOff()).isTrue();
        assertThat(fake.actionPosts("shutdown")).isEqualTo(1);
        assertThat(fake.actionPosts("power_off")).isEqualTo(1);
        FakeDigitalOcean.Act powerOff = fake.lastAction("power_off");
        assertThat(Duration.between(START, powerOff.startedAt)).isGreaterThanOrEqualTo(Duration.ofMinutes(2))
                .isLessThan(Duration.ofMinutes(2).plusSeconds(15));
        assertThat(result.warnings()).anyMatch(w -> w.contains("did not shut down within 2m 00s (shutdownTimeout)"));
        assertThat(result.imageId()).isEqualTo(fake.snapshotsOf(DROPLET).get(0).id);
    }

    @Test
    void pendingEventWithTheRunningActionListedWaitsForItAndPostsAgain() {
        fake.droplets.get(DROPLET).status = "off";
        fake.raceActionType = "enable_backups";

        SnapshotResult result = run(request());

        assertThat(fake.actionPosts("snapshot")).isEqualTo(2);
        assertThat(fake.snapshotsOf(DROPLET)).hasSize(1);
        FakeDigitalOcean.Act race = fake.lastAction("enable_backups");
        assertThat(fake.lastAction("snapshot").startedAt).isAfterOrEqualTo(race.completedAt);
        assertThat(result.warnings()).anyMatch(w -> w.contains("pending event: waiting for action " + race.id));
    }

    @Test
    void pendingEventNotYetInTheActionListIsRetriedWithBoundedPauses() {
        fake.droplets.get(DROPLET).status = "off";
        fake.hiddenPendingEvents = 2;

        SnapshotResult result = run(request());

        assertThat(fake.actionPosts("snapshot")).isEqualTo(3);
        assertThat(fake.snapshotsOf(DROPLET)).hasSize(1);
        assertThat(result.imageId()).isEqualTo(fake.snapshotsOf(DROPLET).get(0).id);
    }

    @Test
    void pendingEventThatNeverClearsFailsNamingBusyTimeout() {
        fake.droplets.get(DROPLET).status = "off";
        fake.hiddenPendingEvents = Integer.MAX_VALUE;

        assertThatThrownBy(() -> run(request().busyTimeout(Duration.ofMinutes(1))))
                .isInstanceOf(WaitTimeoutException.class)
                .hasMessageContaining("pending event").hasMessageContaining("busyTimeout");
        assertThat(fake.snapshotsOf(DROPLET)).isEmpty();
    }

    @Test
    void actionInProgressBeforeTheStartIsAwaitedBeforeAnyPost() {
        FakeDigitalOcean.Act running = fake.runningAction(DROPLET, "reboot", Duration.ofMinutes(1));

        run(request());

        FakeDigitalOcean.Call firstPost = fake.calls.stream().filter(c -> c.method().equals("POST")).findFirst()
                .orElseThrow();
        assertThat(firstPost.body()).contains("shutdown");
        assertThat(fake.lastAction("shutdown").startedAt).isAfterOrEqualTo(running.completedAt);
        assertThat(fake.calls("GET", "/v2/actions/" + running.id)).isNotEmpty();
    }

    @Test
    void erroredSnapshotFailsAtOnceWithActionIdAndType() {
        fake.droplets.get(DROPLET).status = "off";
        fake.snapshotErrors = true;

        assertThatThrownBy(() -> run(request()))
                .isInstanceOfSatisfying(ActionErroredException.class, e -> {
                    assertThat(e.actionId()).isEqualTo(fake.lastAction("snapshot").id);
                    assertThat(e.actionType()).isEqualTo("snapshot");
                })
                .hasMessageContaining("action " + fake.lastAction("snapshot").id + " (snapshot)")
                .hasMessageContaining("errored").hasMessageContaining("request id");
        assertThat(Duration.between(START, clock.instant())).isLessThan(Duration.ofMinutes(1));
        assertThat(fake.calls("GET", "/v2/droplets/101/snapshots")).isEmpty();
    }

    @Test
    void listingLagFindsTheImageOnTheThirdListing() {
        fake.listingLag = 2;

        SnapshotResult result = run(request());

        assertThat(result.imageId()).isEqualTo(fake.snapshotsOf(DROPLET).get(0).id);
        assertThat(fake.calls("GET", "/v2/droplets/101/snapshots")).hasSize(3);
        assertThat(listener.of("STATE")).anyMatch(l -> l.contains("not listed yet to listed as image"));
    }

    @Test
    void snapshotThatNeverShowsFailsNamingTheActionIdAndTheSnapshotName() {
        fake.listingLag = Integer.MAX_VALUE / 2;

        assertThatThrownBy(() -> run(request().listingTimeout(Duration.ofSeconds(30))))
                .isInstanceOfSatisfying(SnapshotNotFoundException.class, e -> {
                    assertThat(e.actionId()).isEqualTo(fake.lastAction("snapshot").id);
                    assertThat(e.snapshotName()).isEqualTo(NAME);
                })
                .hasMessageContaining("action " + fake.lastAction("snapshot").id)
                .hasMessageContaining("'" + NAME + "'").hasMessageContaining("listingTimeout");
    }

    @Test
    void reusedDropletWith450OlderSnapshotsOverThreePagesAndASameNamedOlderOnePicksTheNewSnapshot() {
        for (int i = 0; i < 449; i++) {
            fake.existingSnapshot(DROPLET, "wp-1click-old-" + i, START.minus(Duration.ofDays(450 - i)));
        }
        FakeDigitalOcean.Img sameName = fake.existingSnapshot(DROPLET, NAME, START.minus(Duration.ofHours(1)));

        SnapshotResult result = run(request());

        long newId = fake.snapshotsOf(DROPLET).stream().filter(i -> i.id != sameName.id && i.name.equals(NAME))
                .findFirst().orElseThrow().id;
        assertThat(result.imageId()).isEqualTo(newId).isNotEqualTo(sameName.id);
        List<FakeDigitalOcean.Call> listing = fake.calls("GET", "/v2/droplets/101/snapshots");
        assertThat(listing).hasSize(3);
        assertThat(listing.get(0).query()).contains("per_page=200");
        assertThat(listing.get(2).query()).contains("page=3");
    }

    @Test
    void ambiguousSnapshotPostWithAnHtmlGatewayErrorAdoptsTheActionInsteadOfPostingASecondSnapshot() {
        fake.droplets.get(DROPLET).status = "off";
        fake.failAfterProcessing(c -> c.method().equals("POST") && c.body().contains("snapshot"),
                () -> new MockResponse().setResponseCode(504).setHeader("Content-Type", "text/html")
                        .setBody("<html><head><title>504 Gateway Time-out</title></head><body>cloudflare</body>"
                                + "</html>"));

        SnapshotResult result = run(request());

        assertThat(fake.actionPosts("snapshot")).isEqualTo(1);
        assertThat(fake.snapshotsOf(DROPLET)).hasSize(1);
        assertThat(result.actionId()).isEqualTo(fake.lastAction("snapshot").id);
        assertThat(result.imageId()).isEqualTo(fake.snapshotsOf(DROPLET).get(0).id);
        assertThat(result.warnings()).anyMatch(w -> w.contains("may have taken effect"))
                .anyMatch(w -> w.contains("Continuing with action " + result.actionId()));
        int post = indexOf("POST", "/v2/droplets/101/actions");
        assertThat(fake.calls.get(post + 1)).matches(c -> c.is("GET", "/v2/droplets/101/actions"));
    }

    @Test
    void snapshotPostCutAfterSendingIsNotSentTwice() {
        fake.droplets.get(DROPLET).status = "off";
        fake.failAfterProcessing(c -> c.method().equals("POST") && c.body().contains("snapshot"),
                () -> new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));

        SnapshotResult result = run(request());

        assertThat(fake.actionPosts("snapshot")).isEqualTo(1);
        assertThat(fake.snapshotsOf(DROPLET)).hasSize(1);
        assertThat(result.imageId()).isEqualTo(fake.snapshotsOf(DROPLET).get(0).id);
    }

    @Test
    void snapshotPostAppliedAndAnswered503WithRetryAfterZeroReachesTheServerOnceAndIsAdopted() {
        fake.droplets.get(DROPLET).status = "off";
        fake.failAfterProcessing(SNAPSHOT_POST,
                () -> new MockResponse().setResponseCode(503).setHeader("Retry-After", "0"));

        SnapshotResult result = run(request());

        assertThat(fake.actionPosts("snapshot")).as("snapshot POSTs the server received").isEqualTo(1);
        assertThat(fake.snapshotsOf(DROPLET)).hasSize(1);
        assertThat(result.actionId()).isEqualTo(fake.lastAction("snapshot").id);
        assertThat(result.warnings()).anyMatch(w -> w.contains("got no usable answer"))
                .anyMatch(w -> w.contains("Continuing with action " + result.actionId()));
    }

    @Test
    void snapshotPostThatReadsProveDidNotTakeEffectIsPostedAgainOnce() {
        fake.droplets.get(DROPLET).status = "off";
        fake.failWithoutProcessing(SNAPSHOT_POST,
                () -> new MockResponse().setResponseCode(503).setHeader("Retry-After", "0"));

        SnapshotResult result = run(request());

        assertThat(fake.actionPosts("snapshot")).isEqualTo(2);
        assertThat(fake.snapshotsOf(DROPLET)).hasSize(1);
        int first = indexOf("POST", "/v2/droplets/101/actions");
        assertThat(fake.calls.subList(first + 1, fake.calls.size()))
                .as("the droplet's actions were read before the second POST")
                .first().matches(c -> c.is("GET", "/v2/droplets/101/actions"));
        assertThat(listener.of("PHASE")).anyMatch(l -> l.contains("did not take effect") && l.contains("again, once"));
        assertThat(result.imageId()).isEqualTo(fake.snapshotsOf(DROPLET).get(0).id);
    }

    @Test
    void aSecondUnclearSnapshotPostFailsWithOutcomeUnknownAndIsNotSentAThirdTime() {
        fake.droplets.get(DROPLET).status = "off";
        for (int i = 0; i < 2; i++) {
            fake.failWithoutProcessing(SNAPSHOT_POST,
                    () -> new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        }

        assertThatThrownBy(() -> run(request())).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("for the second time").hasMessageContaining("Outcome unknown")
                .hasMessageContaining("'" + NAME + "'");
        assertThat(fake.actionPosts("snapshot")).isEqualTo(2);
    }

    @Test
    void snapshotPostRefusedWith409IsNeitherReadNorPostedAgain() {
        fake.droplets.get(DROPLET).status = "off";
        fake.failWithoutProcessing(SNAPSHOT_POST,
                () -> FakeDigitalOcean.error(409, "conflict", "conflict"));

        assertThatThrownBy(() -> run(request())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("It was not applied");
        assertThat(fake.actionPosts("snapshot")).isEqualTo(1);
        assertThat(fake.calls.get(fake.calls.size() - 1)).matches(c -> c.method().equals("POST"));
    }

    @Test
    void snapshotPostRedirectedIsNotFollowedNorPostedAgain() {
        fake.droplets.get(DROPLET).status = "off";
        fake.failWithoutProcessing(SNAPSHOT_POST,
                () -> new MockResponse().setResponseCode(307).setHeader("Location", "/v2/elsewhere"));

        assertThatThrownBy(() -> run(request())).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("redirect");
        assertThat(fake.actionPosts("snapshot")).isEqualTo(1);
        assertThat(fake.calls(("POST"), "/v2/elsewhere")).isEmpty();
    }

    @Test
    void snapshotPostAcceptedWithAnEmptyObjectAdoptsTheActionFromTheDropletsActions() {
        fake.droplets.get(DROPLET).status = "off";
        fake.failAfterProcessing(SNAPSHOT_POST,
                () -> new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                        .setBody("{}"));

        SnapshotResult result = run(request());

        assertThat(fake.actionPosts("snapshot")).isEqualTo(1);
        assertThat(result.actionId()).isEqualTo(fake.lastAction("snapshot").id);
    }

    @Test
    void shutdownAnswered503WithRetryAfterZeroReachesTheServerOnce() {
        fake.failAfterProcessing(c -> c.method().equals("POST") && c.body().contains("\"shutdown\""),
                () -> new MockResponse().setResponseCode(503).setHeader("Retry-After", "0"));

        run(request());

        assertThat(fake.actionPosts("shutdown")).isEqualTo(1);
        assertThat(fake.actionPosts("snapshot")).isEqualTo(1);
    }

    @Test
    void transferToTwoRegionsPostsBothBeforeWaitingAndWaitsForEach() {
        SnapshotResult result = run(request().transferRegions(List.of("ams3", "SGP1", "nyc3")));

        assertThat(result.transferredRegions()).containsExactly("ams3", "sgp1");
        assertThat(result.regions()).containsExactlyInAnyOrder("nyc3", "ams3", "sgp1");
        List<FakeDigitalOcean.Call> posts = fake.calls("POST", "/v2/images/");
        assertThat(posts).hasSize(2);
        int secondPost = fake.calls.indexOf(posts.get(1));
        int firstPoll = fake.calls.indexOf(fake.calls.stream()
                .filter(c -> c.method().equals("GET") && c.path().startsWith("/v2/actions/")
                        && fake.actions.get(Long.parseLong(c.path().substring(12))).type.equals("transfer"))
                .findFirst().orElseThrow());
        assertThat(secondPost).isLessThan(firstPoll);
        fake.actions.values().stream().filter(a -> a.type.equals("transfer"))
                .forEach(a -> assertThat(fake.firstSeenCompleted).containsKey(a.id));
        assertThat(result.warnings()).anyMatch(w -> w.contains("nyc3 is the droplet's own region"));
    }

    @Test
    void theImageIsReportedAsSoonAsItIsConfirmedBeforeTheOptionalSteps() {
        SnapshotResult result = run(request().transferRegions(List.of("ams3")));

        List<String> lines = listener.lines;
        int found = lines.indexOf("IMAGE " + result.imageId() + " of droplet " + result.dropletId() + " by action "
                + result.actionId());
        int transfer = lines.indexOf(lines.stream().filter(l -> l.startsWith("STATE transfer")).findFirst()
                .orElseThrow());
        assertThat(found).isNotNegative().isLessThan(transfer);
    }

    @Test
    void powerOnAfterPowersTheDropletBackOn() {
        SnapshotResult result = run(request().powerOnAfter(true));

        assertThat(result.poweredOn()).isTrue();
        assertThat(fake.actionPosts("power_on")).isEqualTo(1);
        assertThat(fake.droplets.get(DROPLET).status).isEqualTo("active");
    }

    @Test
    void destroyDropletDeletesItOnlyWhenAsked() {
        SnapshotResult result = run(request().destroyDroplet(true));

        assertThat(result.dropletDestroyed()).isTrue();
        assertThat(fake.droplets).doesNotContainKey(DROPLET);
        assertThat(fake.calls("DELETE", "/v2/droplets/")).hasSize(1);
    }

    @Test
    void dryRunResolvesTheDropletAndReportsThePlanWithoutAnyPostOrDelete() {
        fake.droplets.get(DROPLET).tags.add("wp-build");

        SnapshotResult result = new SnapshotWorkflow(client).run(SnapshotRequest.builder().dropletTag("wp-build")
                .defaultName("wp-1click", "6.8.1").clock(clock).transferRegions(List.of("ams3"))
                .dryRun(true).build(), listener);

        assertThat(result.dryRun()).isTrue();
        assertThat(result.imageId()).isNull();
        assertThat(result.name()).isEqualTo("wp-1click-6.8.1-20260301-100000");
        assertThat(result.plan().shutdownNeeded()).isTrue();
        assertThat(fake.calls).noneMatch(c -> c.method().equals("POST") || c.method().equals("DELETE"));
        assertThat(listener.of("PLAN")).anyMatch(l -> l.startsWith("Shut the droplet down"))
                .anyMatch(l -> l.contains("Snapshot it as 'wp-1click-6.8.1-20260301-100000'"))
                .anyMatch(l -> l.contains("Copy the image to ams3"));
    }

    @Test
    void dropletNameMatchingSeveralDropletsFailsBeforeAnyAction() {
        fake.droplet(102, "wp-build", "active", "ams3");

        assertThatThrownBy(() -> new SnapshotWorkflow(client).run(SnapshotRequest.builder().dropletName("wp-build")
                .snapshotName(NAME).build(), listener))
                .isInstanceOfSatisfying(DropletSelectionException.class,
                        e -> assertThat(e.matches()).containsExactly("101 (wp-build)", "102 (wp-build)"))
                .hasMessageContaining("2 droplets have the name 'wp-build'").hasMessageContaining("dropletId");
        assertThat(fake.calls).noneMatch(c -> c.method().equals("POST"));
    }

    @Test
    void dropletTagMatchingNothingFailsBeforeAnyAction() {
        assertThatThrownBy(() -> new SnapshotWorkflow(client).run(SnapshotRequest.builder().dropletTag("nope")
                .snapshotName(NAME).build(), listener))
                .isInstanceOf(DropletSelectionException.class)
                .hasMessageContaining("No droplet has the tag 'nope'").hasMessageContaining("dropletTag");
        assertThat(fake.calls).noneMatch(c -> c.method().equals("POST"));
    }

    @Test
    void missingDropletIdFailsBeforeAnyAction() {
        assertThatThrownBy(() -> new SnapshotWorkflow(client).run(SnapshotRequest.builder().dropletId(999)
                .snapshotName(NAME).build(), listener))
                .isInstanceOf(DropletSelectionException.class)
                .hasMessageContaining("Droplet 999 does not exist").hasMessageContaining("dropletId");
        assertThat(fake.calls).noneMatch(c -> c.method().equals("POST"));
    }

    @Test
    void snapshotSlowerThanItsTimeoutFailsNamingSnapshotTimeout() {
        fake.snapshotTakes = Duration.ofMinutes(90);

        assertThatThrownBy(() -> run(request()))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.phase()).isEqualTo("snapshot");
                    assertThat(e.timeoutSetting()).isEqualTo("snapshotTimeout");
                })
                .hasMessageContaining("snapshotTimeout").hasMessageContaining("1h 00m 00s");
    }

    @Test
    void longWaitsReportElapsedTimeAboutEveryThirtySecondsAndEveryPoll() {
        fake.droplets.get(DROPLET).status = "off";
        fake.snapshotTakes = Duration.ofMinutes(5);

        run(request());

        List<String> waits = listener.of("WAIT").stream().filter(l -> l.startsWith("snapshot:")).toList();
        assertThat(waits).hasSizeBetween(9, 10);
        assertThat(waits.get(0)).contains("still in-progress, 3").contains("elapsed (timeout 1h 00m 00s)");
        assertThat(listener.of("POLL")).hasSizeGreaterThan(waits.size());
    }

    private int indexOf(String method, String path) {
        for (int i = 0; i < fake.calls.size(); i++) {
            if (fake.calls.get(i).is(method, path)) {
                return i;
            }
        }
        return -1;
    }
}
