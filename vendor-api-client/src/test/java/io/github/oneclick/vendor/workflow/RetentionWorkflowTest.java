package io.github.oneclick.vendor.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.sandbox.Fault;
import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.sandbox.Scenarios;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.InvalidSettingException;
import io.github.oneclick.vendor.workflow.RetentionWorkflow.RetentionRequest;
import io.github.oneclick.vendor.workflow.RetentionWorkflow.RetentionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention against the sandbox: the newest snapshots of the series are kept, the new image and the image the
 * listing serves always, and nothing the listing might serve when the listing cannot be read.
 */
class RetentionWorkflowTest {
    private static final String PREFIX = "acme-lemp-";

    private Sandbox sandbox;
    private DigitalOceanClient client;
    private final RecordingListener listener = new RecordingListener();
    private long v1;
    private long v2;
    private long v3;
    private long fresh;

    @BeforeEach
    void seedASeriesOfFourWhoseSecondIsLive() {
        sandbox = Sandbox.builder().scenario(Scenarios.DEMO).start();
        client = DigitalOceanClient.builder()
                .token(sandbox.token())
                .apiUrl(sandbox.url())
                .clock(sandbox.clock())
                .sleeper(sandbox::advance)
                .isolatedRateBudget()
                .build();
        Instant now = sandbox.clock().instant();
        v1 = sandbox.state().addSnapshot(Scenarios.DROPLET_ID, PREFIX + "1.0.0", now.minus(Duration.ofDays(40)));
        v2 = sandbox.state().addSnapshot(Scenarios.OTHER_DROPLET_ID, PREFIX + "1.1.0", now.minus(Duration.ofDays(30)));
        v3 = sandbox.state().addSnapshot(Scenarios.DROPLET_ID, PREFIX + "1.2.0", now.minus(Duration.ofDays(20)));
        fresh = sandbox.state().addSnapshot(Scenarios.DROPLET_ID, PREFIX + "2.0.0", now.minus(Duration.ofMinutes(5)));
        sandbox.state().setAppImage(Scenarios.APP_ID, v2);
    }

    @AfterEach
    void stop() {
        client.close();
        sandbox.close();
    }

    private RetentionResult run(int keep, boolean dryRun) {
        return new RetentionWorkflow(client)
                .run(new RetentionRequest(Scenarios.APP_ID, PREFIX, keep, fresh, dryRun), listener);
    }

    @Test
    void afterAReleaseTheImageTheListingServedBeforeIsKeptThoughTheListingNowNamesTheNewOne() {
        sandbox.state().setAppImage(Scenarios.APP_ID, fresh);
        ListingState before = new ListingState(Scenarios.APP_ID, true, "approved", v1, null);

        RetentionResult result = new RetentionWorkflow(client)
                .run(new RetentionRequest(Scenarios.APP_ID, PREFIX, 1, fresh, before, false), listener);

        assertThat(result.kept()).containsExactly(fresh, v1);
        assertThat(result.deleted()).containsExactly(v3, v2);
        assertThat(sandbox.state().image(v1))
                .as("users are served it until the review ends")
                .isNotNull();
        assertThat(sandbox.state().incidents()).isEmpty();
    }

    @Test
    void whenTheReleaseCouldNotReadTheListingAtLeastTwoSnapshotsAreKept() {
        sandbox.state().setAppImage(Scenarios.APP_ID, fresh);
        ListingState before = new ListingState(Scenarios.APP_ID, false, null, null, "503 Service Unavailable");

        RetentionResult result = new RetentionWorkflow(client)
                .run(new RetentionRequest(Scenarios.APP_ID, PREFIX, 1, fresh, before, false), listener);

        assertThat(result.kept()).containsExactly(fresh, v3);
        assertThat(result.deleted()).containsExactly(v2, v1);
        assertThat(result.warnings())
                .singleElement()
                .asString()
                .contains("served before the release is unknown (503 Service Unavailable)");
    }

    @Test
    void theNewestAreKeptTheNewImageIncludedAndTheLiveImageWhateverItsAge() {
        RetentionResult result = run(2, false);

        assertThat(result.liveImageId()).isEqualTo(v2);
        assertThat(result.kept()).containsExactly(fresh, v3, v2);
        assertThat(result.deleted()).containsExactly(v1);
        assertThat(sandbox.state().image(v1)).isNull();
        assertThat(sandbox.state().image(v2)).as("the live image").isNotNull();
        assertThat(sandbox.state().incidents()).isEmpty();
    }

    @Test
    void theSeriesIsTheTeamsNotOneDroplets() {
        RetentionResult result = run(1, false);

        assertThat(result.deleted()).containsExactlyInAnyOrder(v1, v3);
        assertThat(result.kept()).containsExactly(fresh, v2);
        assertThat(sandbox.state().incidents()).isEmpty();
    }

    @Test
    void whenTheListingCannotBeReadAtLeastTwoAreKeptAndTheRunSaysWhy() {
        sandbox.options(o -> o.withVendorAppsReadable(false));

        RetentionResult result = run(1, false);

        assertThat(result.liveImageId()).isNull();
        assertThat(result.kept()).containsExactly(fresh, v3);
        assertThat(result.deleted()).containsExactlyInAnyOrder(v2, v1);
        assertThat(result.warnings())
                .singleElement()
                .asString()
                .contains("Cannot tell which image")
                .contains("keeping at least 2");
    }

    @Test
    void aDryRunSaysWhatWouldGoAndDeletesNothing() {
        RetentionResult result = run(1, true);

        assertThat(result.deleted()).containsExactlyInAnyOrder(v1, v3);
        assertThat(sandbox.requests().mutating()).isEmpty();
        assertThat(listener.of("PHASE")).anyMatch(l -> l.contains("would delete"));
    }

    @Test
    void aDeleteWithoutAUsableAnswerIsSentOnceAndSettledByReading() {
        sandbox.faults()
                .add(Fault.on("DELETE", "/v2/images/" + v1)
                        .afterApplying(503, null)
                        .retryAfter(0));
        sandbox.faults().add(Fault.on("DELETE", "/v2/images/" + v3).status(503).retryAfter(0));

        RetentionResult result = run(1, false);

        assertThat(sandbox.requests().count("DELETE", "/v2/images/*")).isEqualTo(2);
        assertThat(result.deleted()).containsExactly(v1);
        assertThat(result.warnings()).singleElement().asString().contains("Could not delete old snapshot " + v3);
    }

    @Test
    void aRequestWithoutAPrefixOrKeepingNothingIsRefused() {
        assertThatThrownBy(() -> new RetentionRequest(Scenarios.APP_ID, " ", 2, 1, false))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("retentionPrefix");
        assertThatThrownBy(() -> new RetentionRequest(Scenarios.APP_ID, PREFIX, 0, 1, false))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("keepSnapshots");
        assertThat(List.of(v1, v2, v3)).doesNotContain(fresh);
    }
}
