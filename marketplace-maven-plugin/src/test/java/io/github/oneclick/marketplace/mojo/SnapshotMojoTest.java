package io.github.oneclick.marketplace.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oneclick.marketplace.output.GoalOutputs;
import io.github.oneclick.marketplace.output.PlannedSnapshot;
import io.github.oneclick.sandbox.RecordedCall;
import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.sandbox.Scenarios;
import io.github.oneclick.vendor.workflow.SnapshotRequest;
import io.github.oneclick.vendor.workflow.WaitTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot goal against the sandbox's demo world, whose build droplet is the POM's {@code acme-build-01}. */
@MojoTest
@Basedir("/unit/snapshot")
class SnapshotMojoTest {
    private Sandbox sandbox;
    private MojoFixture fixture;
    private CapturingLog log;

    @TempDir
    Path target;

    @BeforeEach
    void startSandbox() {
        sandbox = Sandbox.builder().scenario(Scenarios.DEMO).start();
        fixture = MojoFixture.in(target).apiUrl(sandbox.url()).token(sandbox.token());
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void dryRunResolvesTheDropletReportsThePlanAndPostsNothing(SnapshotMojo mojo) throws Exception {
        log = fixture.prepare(mojo);
        setVariableValueToObject(mojo, "dryRun", true);

        mojo.execute();

        assertThat(sandbox.requests().all())
                .isNotEmpty()
                .extracting(RecordedCall::method)
                .containsOnly("GET");
        assertThat(log.at("INFO"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("Dry run step: ")
                        .contains("Snapshot it as 'acme-1click-1.4.0'")
                        .contains("45m"));
        assertThat(log.at("INFO"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("Dry run step: ")
                        .contains("2m")
                        .contains("shutdownTimeout"));
        assertThat(target.resolve("marketplace/snapshot.json")).doesNotExist();
        @SuppressWarnings("unchecked")
        Map<Object, Object> context = mojo.getPluginContext();
        assertThat(GoalOutputs.planned(context)).map(PlannedSnapshot::name).contains("acme-1click-1.4.0");
        assertThat(GoalOutputs.handedOver(context)).isEmpty();
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void noDropletSelectorFailsNamingTheThreePropertiesBeforeAnyRequest(SnapshotMojo mojo) throws Exception {
        log = fixture.prepare(mojo);
        setVariableValueToObject(mojo, "dropletName", null);

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("set exactly one of them to select the droplet; none is set")
                .hasMessageContaining(
                        "<dropletId> (-Dmarketplace.dropletId), <dropletName> (-Dmarketplace.dropletName),"
                                + " <dropletTag> (-Dmarketplace.dropletTag)");
        assertThat(sandbox.requests().all()).isEmpty();
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void twoDropletSelectorsFail(SnapshotMojo mojo) throws Exception {
        log = fixture.prepare(mojo);
        setVariableValueToObject(mojo, "dropletTag", Scenarios.DROPLET_TAG);

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("set exactly one of them")
                .hasMessageContaining("2 are set");
        assertThat(sandbox.requests().all()).isEmpty();
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void zeroOrUnreadableTimeoutsFailNamingTheProperty(SnapshotMojo mojo) throws Exception {
        log = fixture.prepare(mojo);
        setVariableValueToObject(mojo, "snapshotTimeout", "0s");
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("marketplace.snapshotTimeout must be longer than zero");

        setVariableValueToObject(mojo, "snapshotTimeout", "an hour");
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("marketplace.snapshotTimeout 'an hour' is not a duration");
        assertThat(sandbox.requests().all()).isEmpty();
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void diskUsedAndResumeActionReachTheRequestAndAnUnsetTimeoutScalesWithTheDisk(SnapshotMojo mojo) throws Exception {
        log = fixture.prepare(mojo);
        setVariableValueToObject(mojo, "snapshotTimeout", null);
        setVariableValueToObject(mojo, "diskUsedGb", 40.0);
        setVariableValueToObject(mojo, "resumeActionId", 1234567L);

        SnapshotRequest request = mojo.buildRequest();

        assertThat(request.snapshotTimeoutSet()).isFalse();
        assertThat(request.diskUsedGb()).isEqualTo(40.0);
        assertThat(request.snapshotTimeout(25)).isEqualTo(Duration.ofMinutes(130));
        assertThat(request.resumeActionId()).isEqualTo(1234567L);
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void aSnapshotTimeoutSaysHowToResumeTheActionInALaterRun(SnapshotMojo mojo) throws Exception {
        log = fixture.prepare(mojo);
        WaitTimeoutException timeout = new WaitTimeoutException(
                "snapshot: gave up",
                "snapshot",
                "action 77 (snapshot)",
                "in-progress",
                Duration.ofMinutes(45),
                "snapshotTimeout",
                77L);

        assertThat(mojo.hintFor(timeout))
                .contains("-Dmarketplace.snapshotTimeout")
                .contains("<resumeActionId>77</resumeActionId>")
                .contains("-Dmarketplace.resumeActionId=77");
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void snapshotNameOverTheLimitFailsBeforeAnyRequest(SnapshotMojo mojo) throws Exception {
        log = fixture.prepare(mojo);
        setVariableValueToObject(mojo, "snapshotName", "x".repeat(300));

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("Invalid configuration of marketplace:snapshot: snapshotName must be at most 255")
                .hasMessageContaining("<snapshotName> (-Dmarketplace.snapshotName)");
        assertThat(sandbox.requests().all()).isEmpty();
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void aNameMatchingNoDropletFailsNamingIt(SnapshotMojo mojo) throws Exception {
        log = fixture.prepare(mojo);
        setVariableValueToObject(mojo, "dropletName", "acme-build-02");

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("acme-build-02");
        assertThat(sandbox.requests().all())
                .as("the name, then GPU droplets of that name")
                .extracting(RecordedCall::method)
                .containsExactly("GET", "GET");
    }

    @Test
    @InjectMojo(goal = "snapshot")
    void skipSaysWhy(SnapshotMojo mojo) throws Exception {
        log = fixture.prepare(mojo);
        setVariableValueToObject(mojo, "skip", true);

        mojo.execute();

        assertThat(log.at("INFO")).containsExactly("Skipping marketplace:snapshot because marketplace.skip is true.");
        assertThat(sandbox.requests().all()).isEmpty();
    }
}
