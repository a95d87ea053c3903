package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.marketplace.output.BuildOutput;
import io.github.oneclick.marketplace.output.GoalOutputs;
import io.github.oneclick.marketplace.output.PlannedSnapshot;
import io.github.oneclick.marketplace.output.SnapshotOutput;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.workflow.ListingState;
import io.github.oneclick.vendor.workflow.ReleaseWorkflow;
import io.github.oneclick.vendor.workflow.SnapshotException;
import io.github.oneclick.vendor.workflow.SnapshotRequest;
import io.github.oneclick.vendor.workflow.SnapshotResult;
import io.github.oneclick.vendor.workflow.SnapshotWorkflow;
import io.github.oneclick.vendor.workflow.WaitTimeoutException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Powers down the build droplet, snapshots it, waits, and finds the new image id.
 *
 * <p>The droplet is given by {@code dropletId}, or by {@code dropletName} or {@code dropletTag} matching exactly
 * one droplet. A graceful {@code shutdown} comes first; if the droplet is not {@code off} within
 * {@code shutdownTimeout} it is powered off. Every action reaches DigitalOcean at most once: after an answer that does
 * not say what happened, the droplet's actions are read, and a POST goes out again only when the reads prove the first
 * did not take effect. The image is found in the droplet's snapshots by name and creation time, then confirmed. What
 * the goal produced goes to {@code target/marketplace/snapshot.json} and to {@code marketplace:release} of the same
 * build.
 */
@Mojo(name = "snapshot", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class SnapshotMojo extends AbstractDropletMojo {

    /**
     * The listing the snapshot is for, the 24-character id at the end of the app's Vendor Portal URL, such as
     * {@code <appId>60089fc6d333037bffa70d9b</appId>}. When set, the listing is read before anything is spent: a
     * listing pending or in review could not take the new image, so no snapshot is taken.
     */
    @Parameter(property = "marketplace.appId")
    String appId;

    /**
     * The snapshot's name, such as {@code <snapshotName>acme-lemp-2.0.0</snapshotName>}; at most 255 characters.
     * Defaults to {@code <artifactId>-<version>-<yyyyMMdd-HHmmss>} in UTC, with the run's version (see version).
     */
    @Parameter(property = "marketplace.snapshotName")
    String snapshotName;

    /**
     * How long to wait for a graceful {@code shutdown} to leave the droplet {@code off} before cutting its power
     * with {@code power_off}, such as {@code -Dmarketplace.shutdownTimeout=5m}. Units: ms, s, m, h (a bare number
     * is seconds), or ISO-8601 such as PT3M.
     */
    @Parameter(property = "marketplace.shutdownTimeout", defaultValue = "3m")
    String shutdownTimeout;

    /**
     * How long the snapshot may take, such as {@code -Dmarketplace.snapshotTimeout=2h}. DigitalOcean quotes 1-3
     * minutes per GB of used disk, so by default it is 3 minutes per GB of diskUsedGb (or, without it, of the
     * droplet's whole disk) plus 10 minutes, never less than 60 minutes. When it runs out, the failure names the
     * snapshot action, which goes on: a later run resumes it (see resumeActionId) instead of taking another snapshot.
     */
    @Parameter(property = "marketplace.snapshotTimeout")
    String snapshotTimeout;

    /**
     * The disk in use on the build droplet, in GB, such as {@code -Dmarketplace.diskUsedGb=12.5} (the "Used" of
     * {@code df -h /}); by default what {@code marketplace:validate} measured earlier in the same build, after its
     * cleanup. The snapshot is then expected to take 1-3 minutes per GB: it is polled about once a minute
     * before 1 minute per GB and every 5 seconds from then on, and the default snapshotTimeout scales with it.
     */
    @Parameter(property = "marketplace.diskUsedGb")
    Double diskUsedGb;

    /**
     * The snapshot action a run that timed out left in progress, such as {@code -Dmarketplace.resumeActionId=1234567}
     * (its failure prints the id): the goal waits for that snapshot and finds its image instead of taking another. A
     * run without it also resumes a snapshot it finds in progress on the droplet.
     */
    @Parameter(property = "marketplace.resumeActionId")
    Long resumeActionId;

    /**
     * The first pause between polls of an action, such as {@code 2s}; each pause is 1.5 times the previous one, up
     * to maxPollInterval, so long waits cost few requests.
     */
    @Parameter(property = "marketplace.pollInterval", defaultValue = "2s")
    String pollInterval;

    /** The longest pause between polls, such as {@code 10s}: the most a finished action can go unnoticed. */
    @Parameter(property = "marketplace.maxPollInterval", defaultValue = "10s")
    String maxPollInterval;

    /**
     * Regions to copy the image to, such as {@code -Dmarketplace.transferRegions=ams3,sfo3} or
     * {@code <transferRegions><region>ams3</region></transferRegions>}. The copies run in parallel and are waited
     * for; the droplet's own region is skipped.
     */
    @Parameter(property = "marketplace.transferRegions")
    List<String> transferRegions;

    /** Powers the droplet back on after the snapshot, for a build droplet that is reused. */
    @Parameter(property = "marketplace.powerOnAfter", defaultValue = "false")
    boolean powerOnAfter;

    /**
     * Destroys the droplet once the snapshot was found and confirmed (and copied, with transferRegions). Never the
     * default; cannot be combined with powerOnAfter.
     */
    @Parameter(property = "marketplace.destroyDroplet", defaultValue = "false")
    boolean destroyDroplet;

    /**
     * How long copying the image to transferRegions may take, such as {@code -Dmarketplace.transferTimeout=90m}.
     * Copies to far regions can take an hour.
     */
    @Parameter(property = "marketplace.transferTimeout", defaultValue = "30m")
    String transferTimeout;

    /**
     * How long to wait for an action already running on the droplet (a backup, a resize) before posting, such as
     * {@code 10m}.
     */
    @Parameter(property = "marketplace.busyTimeout", defaultValue = "10m")
    String busyTimeout;

    /**
     * How long the droplet's snapshot list may lag behind a completed snapshot before the goal gives up looking for
     * the image, such as {@code 2m}.
     */
    @Parameter(property = "marketplace.listingTimeout", defaultValue = "2m")
    String listingTimeout;

    @Override
    protected String goal() {
        return "snapshot";
    }

    @Override
    protected void doExecute() throws MojoExecutionException, MojoFailureException {
        Optional<String> plannedBuild =
                dropletSelected() ? Optional.empty() : GoalOutputs.plannedBuild(getPluginContext());
        if (dryRun && plannedBuild.isPresent()) {
            String name = snapshotName != null ? snapshotName : project.getArtifactId() + "-" + runVersion();
            GoalOutputs.plan(getPluginContext(), new PlannedSnapshot(0, name));
            getLog().info("Dry run: would shut down the build droplet " + plannedBuild.get() + " of this run,"
                    + " snapshot it as '" + name + "' and destroy it.");
            return;
        }
        SnapshotRequest request = buildRequest();
        try (DigitalOceanClient client = createClient()) {
            checkTheListing(client);
            SnapshotResult result = new SnapshotWorkflow(client).run(request, new MavenProgress());
            if (result.dryRun()) {
                GoalOutputs.plan(getPluginContext(), new PlannedSnapshot(result.dropletId(), result.name()));
                getLog().info("Dry run: nothing was posted. A real run would snapshot droplet " + result.dropletId()
                        + " as '" + result.name() + "'.");
                return;
            }
            SnapshotOutput output = SnapshotOutput.of(result);
            Path file = record(output);
            destroyTheBuildDroplet(client, result.dropletId());
            getLog().info("Image " + result.imageId() + " handed to marketplace:release and written to " + file);
            publish(
                    Map.of("image-id", String.valueOf(result.imageId()), "snapshot-name", result.name()),
                    "### Snapshot\n\nImage `" + result.imageId() + "` (`" + result.name() + "`) of droplet "
                            + result.dropletId() + ", in " + String.join(", ", result.regions()) + ".\n");
        } catch (SnapshotException e) {
            throw new MojoFailureException(e.getMessage() + hintFor(e), e);
        } catch (DigitalOceanException e) {
            throw failure(e);
        }
    }

    /**
     * The build droplet of this run has served its purpose once its image exists: destroyed now (unless the user keeps
     * it), so it costs nothing while the image is tested and released.
     */
    private void destroyTheBuildDroplet(DigitalOceanClient client, long snapshotted) {
        Optional<BuildOutput> built = GoalOutputs.handedOverBuild(getPluginContext());
        if (built.isEmpty() || built.get().dropletId() != snapshotted) {
            return;
        }
        RunSession.of(getPluginContext(), client.clock())
                .resources()
                .removeDroplet(client, snapshotted, new LogProgress(getLog()));
    }

    /**
     * Reads the listing before a snapshot is paid for: a listing pending or in review could not take the new image.
     * Best effort: the read is not documented by DigitalOcean, so when it fails the goal says so and goes on.
     */
    private void checkTheListing(DigitalOceanClient client) throws MojoFailureException {
        if (blank(appId)) {
            return;
        }
        ListingState listing = build(() -> new ReleaseWorkflow(client).checkListing(appId));
        if (!listing.readable()) {
            getLog().info("Could not read the listing of app '" + listing.appId() + "' to check that it can take a"
                    + " new image (" + listing.problem() + "); going on.");
        } else if (listing.inReview()) {
            throw new MojoFailureException("App '" + listing.appId() + "' is " + listing.status() + " (read from the"
                    + " Vendor Portal): DigitalOcean refuses updates until its review ends, so a snapshot taken now"
                    + " could not be released. No snapshot was taken. Run again once the review is over.");
        } else {
            getLog().info("App '" + listing.appId() + "' is " + listing.status() + " and serves image "
                    + listing.imageId() + ": it can take a new image.");
        }
    }

    /** Maps the parameters onto the workflow's request; the request checks them. */
    SnapshotRequest buildRequest() throws MojoFailureException {
        SnapshotRequest.Builder builder = SnapshotRequest.builder();
        Duration poll = Durations.parse(pollInterval, "marketplace.pollInterval");
        String runVersion = snapshotName == null ? runVersion() : null;
        Optional<BuildOutput> built =
                dropletSelected() ? Optional.empty() : GoalOutputs.handedOverBuild(getPluginContext());
        return build(() -> {
            if (dropletId != null) {
                builder.dropletId(dropletId);
            }
            built.ifPresent(b -> builder.dropletId(b.dropletId()));
            if (dropletName != null) {
                builder.dropletName(dropletName);
            }
            if (dropletTag != null) {
                builder.dropletTag(dropletTag);
            }
            if (snapshotName != null) {
                builder.snapshotName(snapshotName);
            } else if (project != null && runVersion != null) {
                builder.defaultName(project.getArtifactId(), runVersion);
            }
            if (snapshotTimeout != null) {
                builder.snapshotTimeout(Durations.parse(snapshotTimeout, "marketplace.snapshotTimeout"));
            }
            Optional<Double> diskUsed =
                    diskUsedGb != null ? Optional.of(diskUsedGb) : GoalOutputs.handedOverDiskUsed(getPluginContext());
            diskUsed.ifPresent(builder::diskUsedGb);
            if (resumeActionId != null) {
                builder.resumeActionId(resumeActionId);
            }
            return builder.shutdownTimeout(Durations.parse(shutdownTimeout, "marketplace.shutdownTimeout"))
                    .transferTimeout(Durations.parse(transferTimeout, "marketplace.transferTimeout"))
                    .busyTimeout(Durations.parse(busyTimeout, "marketplace.busyTimeout"))
                    .listingTimeout(Durations.parse(listingTimeout, "marketplace.listingTimeout"))
                    .pollInterval(poll, Durations.parse(maxPollInterval, "marketplace.maxPollInterval"))
                    .transferRegions(transferRegions == null ? List.of() : transferRegions)
                    .powerOnAfter(powerOnAfter)
                    .destroyDroplet(destroyDroplet)
                    .dryRun(dryRun)
                    .build();
        });
    }

    /** After a snapshot wait ran out: how to resume the snapshot, which goes on, in a later run. */
    @Override
    protected String hintFor(Exception e) {
        String hint = super.hintFor(e);
        if (e instanceof WaitTimeoutException timeout && timeout.actionId() != null) {
            hint += " To wait for snapshot action " + timeout.actionId()
                    + " instead of taking another: <resumeActionId>"
                    + timeout.actionId() + "</resumeActionId> (-Dmarketplace.resumeActionId=" + timeout.actionId()
                    + ").";
        }
        return hint;
    }

    /** Records the snapshot for later builds and hands it to marketplace:release of this build. */
    private Path record(SnapshotOutput output) throws MojoExecutionException {
        GoalOutputs.handOver(getPluginContext(), output);
        try {
            return GoalOutputs.write(outputDirectory(), GoalOutputs.SNAPSHOT_FILE, output);
        } catch (IOException e) {
            throw new MojoExecutionException(
                    "Cannot write " + outputDirectory().resolve(GoalOutputs.SNAPSHOT_FILE)
                            + ": " + e.getMessage() + ". The snapshot exists: image " + output.imageId() + " ('"
                            + output.name() + "').",
                    e);
        }
    }

    /** The goals' progress, and the image recorded as soon as it is found. */
    private final class MavenProgress extends LogProgress {
        MavenProgress() {
            super(getLog());
        }

        @Override
        public void imageFound(long dropletId, long actionId, Image image) {
            try {
                record(SnapshotOutput.found(dropletId, actionId, image));
            } catch (MojoExecutionException e) {
                getLog().warn(e.getMessage());
            }
        }
    }
}
