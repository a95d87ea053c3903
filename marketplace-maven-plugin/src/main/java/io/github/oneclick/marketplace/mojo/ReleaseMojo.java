package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.marketplace.output.GoalOutputs;
import io.github.oneclick.marketplace.output.PlannedSnapshot;
import io.github.oneclick.marketplace.output.ReleaseOutput;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.model.AppUpdate;
import io.github.oneclick.vendor.workflow.ReleaseException;
import io.github.oneclick.vendor.workflow.ReleasePlan;
import io.github.oneclick.vendor.workflow.ReleaseRequest;
import io.github.oneclick.vendor.workflow.ReleaseResult;
import io.github.oneclick.vendor.workflow.ReleaseWorkflow;
import io.github.oneclick.vendor.workflow.RetentionWorkflow;
import io.github.oneclick.vendor.workflow.RetentionWorkflow.RetentionRequest;
import io.github.oneclick.vendor.workflow.RetentionWorkflow.RetentionResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Points a Marketplace 1-Click listing at a new image through the Vendor Portal API.
 *
 * <p>The image id comes from {@code imageId}, else from the snapshot taken earlier in this build
 * ({@code target/marketplace/snapshot.json}), else from Packer's manifest. Before anything changes, the image is
 * checked: it must be a private snapshot of the token's team with status {@code available}. Then the listing is
 * updated once; afterwards the app is pending DigitalOcean's review. The outcome is logged and written to
 * {@code target/marketplace/release.json}.
 *
 * <p>Runs without a project too, with the plugin's full coordinates:
 *
 * <pre>
 * mvn io.github.oneclick:marketplace-maven-plugin:&lt;version&gt;:release \
 *     -Dmarketplace.appId=60089fc6d333037bffa70d9b -Dmarketplace.imageId=171234567 -Dmarketplace.version=2.0.1
 * </pre>
 */
@Mojo(name = "release", defaultPhase = LifecyclePhase.DEPLOY, requiresProject = false, threadSafe = true)
public class ReleaseMojo extends AbstractMarketplaceMojo {
    /** The image id a dry run checks the settings with when marketplace:snapshot only planned its snapshot. */
    private static final long PLANNED_IMAGE = 1L;

    /**
     * The Vendor Portal app id: the last part of the app's URL in the Vendor Portal. Required. Example:
     * {@code <appId>60089fc6d333037bffa70d9b</appId>}.
     */
    @Parameter(property = "marketplace.appId")
    String appId;

    /**
     * The numeric id of the snapshot to release, such as {@code -Dmarketplace.imageId=171234567} (not the snapshot's
     * name, not an action id). When unset, the snapshot taken by {@code marketplace:snapshot} earlier in this build
     * is used, else the last DigitalOcean build of Packer's manifest (see packerManifest).
     */
    @Parameter(property = "marketplace.imageId")
    String imageId;

    /**
     * Packer's manifest (the file its {@code manifest} post-processor writes), read when no {@code imageId} is given
     * and no snapshot was taken in this build. The image is the last {@code digitalocean} build of the last run,
     * its id the number after the last {@code :} of {@code artifact_id}. When unset, {@code manifest.json}, then
     * {@code packer-manifest.json}, in the project directory. Example:
     * <code>&lt;packerManifest&gt;$&#123;project.basedir&#125;/packer/manifest.json&lt;/packerManifest&gt;</code>.
     */
    @Parameter(property = "marketplace.packerManifest")
    File packerManifest;

    /**
     * Keeps only the newest N snapshots of the series after the release, the new one included, and deletes older ones:
     * every droplet snapshot of the token's team whose name starts with retentionPrefix. The new image and the image
     * the listing serves are never deleted; when the listing cannot be read, at least two are kept. 0 (the default)
     * deletes nothing.
     */
    @Parameter(property = "marketplace.keepSnapshots", defaultValue = "0")
    int keepSnapshots;

    /**
     * The name prefix of the snapshot series keepSnapshots counts, such as
     * {@code <retentionPrefix>acme-lemp-</retentionPrefix>}. Defaults to {@code <artifactId>-}, the prefix of the
     * default snapshot names; set it with a custom snapshotName.
     */
    @Parameter(property = "marketplace.retentionPrefix")
    String retentionPrefix;

    /** Allows releasing a {@code -SNAPSHOT} version, for rehearsals. */
    @Parameter(property = "marketplace.allowSnapshotVersion", defaultValue = "false")
    boolean allowSnapshotVersion;

    /**
     * Why the listing changes, shown to DigitalOcean's reviewers. Defaults to "Release &lt;version&gt;". Example:
     * {@code -Dmarketplace.reasonForUpdate="Security updates"}.
     */
    @Parameter(property = "marketplace.reasonForUpdate")
    String reasonForUpdate;

    /**
     * The OS the image runs, as the listing shows it, such as {@code <osVersion>Ubuntu 24.04</osVersion>}. Unset
     * keeps the listing's value; an empty element clears it. A value that does not name the image's distribution
     * gets a warning.
     */
    @Parameter(property = "marketplace.osVersion")
    String osVersion;

    /**
     * The listing's "software included" table. Each entry needs a name; version, releaseNotes, website,
     * licenseType and licenseLink are optional. Unset keeps the listing's table; an empty list clears it. Example:
     *
     * <pre>
     * &lt;software&gt;
     *   &lt;software&gt;
     *     &lt;name&gt;Nginx&lt;/name&gt;
     *     &lt;version&gt;1.26.2&lt;/version&gt;
     *     &lt;licenseType&gt;BSD-2-Clause&lt;/licenseType&gt;
     *   &lt;/software&gt;
     * &lt;/software&gt;
     * </pre>
     */
    @Parameter
    List<SoftwareEntry> software;

    /**
     * Sends the update to DigitalOcean's deprecated endpoint
     * <code>/api/v1/vendor-portal/apps/&#123;appId&#125;/versions/&#123;version&#125;</code> instead of
     * <code>/api/v1/vendor-portal/apps/&#123;appId&#125;</code>. Needs a version.
     */
    @Parameter(property = "marketplace.useVersionsEndpoint", defaultValue = "false")
    boolean useVersionsEndpoint;

    @Override
    protected String goal() {
        return "release";
    }

    @Override
    protected void doExecute() throws MojoExecutionException, MojoFailureException {
        Optional<PlannedSnapshot> planned = dryRun && (imageId == null || imageId.isBlank())
                ? GoalOutputs.planned(getPluginContext())
                : Optional.empty();
        if (planned.isPresent()) {
            ReleaseRequest request = buildRequest(PLANNED_IMAGE);
            getLog().info("Dry run: marketplace:snapshot planned snapshot '"
                    + planned.get().name() + "'; its image"
                    + " would be released to app '" + request.appId() + "' with PATCH " + path(request)
                    + ". Nothing was changed.");
            return;
        }
        ImageIdResolver.Resolved image = ImageIdResolver.resolve(
                imageId,
                GoalOutputs.handedOver(getPluginContext()),
                outputDirectory(),
                packerManifest == null ? null : packerManifest.toPath(),
                baseDirectory(),
                "release");
        ReleaseRequest request = buildRequest(image.imageId());
        getLog().info("Image " + image.imageId() + " from " + image.source() + ".");
        try (DigitalOceanClient client = createClient()) {
            ReleaseWorkflow workflow = new ReleaseWorkflow(client);
            ReleasePlan plan = workflow.preflight(request);
            plan.warnings().forEach(getLog()::warn);
            if (dryRun) {
                getLog().info("Dry run: image " + plan.image().id() + " ("
                        + plan.image().name() + ") passed the" + " checks. Would send " + plan.method() + " "
                        + plan.path() + " with:");
                getLog().info(plan.body());
                Path file = record(plan, null);
                retention(client, plan);
                getLog().info("Nothing was changed. Plan written to " + file);
                return;
            }
            ReleaseResult result;
            try {
                result = workflow.release(plan, getLog()::warn);
            } catch (ReleaseException | DigitalOceanException e) {
                throw new MojoFailureException(e.getMessage() + keptImage(image, request), e);
            }
            Path file = record(plan, result);
            String status = result.listingStatus() == null ? "unknown" : result.listingStatus();
            if (result.confirmedByReading()) {
                getLog().warn("The update of app '" + request.appId() + "' got no usable answer; reading the listing"
                        + " back showed image " + plan.image().id() + ", so it took effect.");
            }
            String what = result.alreadyServed()
                    ? "App '" + request.appId() + "' serves image "
                            + plan.image().id() + " (" + plan.image().name() + ") already: nothing was sent"
                    : "Released image " + plan.image().id() + " ("
                            + plan.image().name() + ") to app '"
                            + request.appId() + "'"
                            + (request.update().version() == null
                                    ? ""
                                    : " as version " + request.update().version());
            getLog().info(what + ": listing status " + status + ". Details in " + file);
            retention(client, plan);
            Map<String, String> outputs = new LinkedHashMap<>();
            outputs.put("image-id", String.valueOf(plan.image().id()));
            outputs.put("version", request.update().version());
            outputs.put("listing-status", status);
            publish(outputs, "### Release\n\n" + what + ": listing status `" + status + "`.\n");
            finishTheRun(client);
        } catch (ReleaseException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (DigitalOceanException e) {
            throw failure(e);
        }
    }

    /**
     * The pipeline ends here: whatever {@code marketplace:build} created and no later goal deleted (the run's SSH key)
     * is deleted now, and the run's summary says what each thing cost.
     */
    private void finishTheRun(DigitalOceanClient client) {
        Optional<RunSession> session = RunSession.existing(getPluginContext());
        session.ifPresent(run -> {
            List<String> summary = RunSession.summary(run.finish(client, new LogProgress(getLog())));
            summary.forEach(getLog()::info);
            publish(
                    Map.of(),
                    "### Run " + run.runId() + "\n\n"
                            + String.join("\n", summary.subList(1, summary.size()))
                                    .replace("  ", "- ") + "\n");
        });
    }

    /** Maps the parameters onto the release request; the request checks them. */
    ReleaseRequest buildRequest(long image) throws MojoFailureException {
        String releaseVersion = runVersion();
        return build(() -> {
            List<io.github.oneclick.vendor.model.Software> table = software == null
                    ? null
                    : software.stream()
                            .map(entry -> entry == null ? null : entry.toModel())
                            .toList();
            String reason = reasonForUpdate != null
                    ? reasonForUpdate
                    : releaseVersion == null ? null : "Release " + releaseVersion;
            AppUpdate update = AppUpdate.builder()
                    .imageId(image)
                    .version(releaseVersion)
                    .reasonForUpdate(reason)
                    .osVersion(osVersion)
                    .softwareIncluded(table)
                    .build();
            return new ReleaseRequest(
                    appId, update, useVersionsEndpoint, ReleaseRequest.RECOMMENDED_DISK_GB, allowSnapshotVersion);
        });
    }

    private static String path(ReleaseRequest request) {
        return "/api/v1/vendor-portal/apps/" + request.appId()
                + (request.useVersionsEndpoint()
                        ? "/versions/" + request.update().version()
                        : "");
    }

    /**
     * After a refused or unclear release of the snapshot this build took: which image is kept, and the command that
     * releases it later.
     */
    private static String keptImage(ImageIdResolver.Resolved image, ReleaseRequest request) {
        if (!image.fromThisBuild()) {
            return "";
        }
        return " The new image " + image.imageId() + " is kept; release it later with: mvn marketplace:release"
                + " -Dmarketplace.appId=" + request.appId() + " -Dmarketplace.imageId=" + image.imageId()
                + (request.update().version() == null
                        ? ""
                        : " -Dmarketplace.version=" + request.update().version());
    }

    /** Deletes older snapshots of the series, after the release; never the new image or the live one. */
    private void retention(DigitalOceanClient client, ReleasePlan plan) throws MojoFailureException {
        if (keepSnapshots <= 0) {
            return;
        }
        String prefix = retentionPrefix != null
                ? retentionPrefix
                : project == null || project.getFile() == null ? null : project.getArtifactId() + "-";
        RetentionRequest request = build(() ->
                new RetentionRequest(appId, prefix, keepSnapshots, plan.image().id(), plan.listing(), dryRun));
        RetentionResult result = new RetentionWorkflow(client).run(request, new LogProgress(getLog()));
        getLog().info("Retention: kept " + result.kept() + ", " + (dryRun ? "would delete " : "deleted ")
                + result.deleted() + ".");
    }

    private Path record(ReleasePlan plan, ReleaseResult result) throws MojoExecutionException {
        ReleaseOutput output = new ReleaseOutput(
                plan.request().appId(),
                plan.image().id(),
                plan.image().name(),
                plan.request().update().version(),
                plan.method() + " " + plan.path(),
                result == null,
                result == null ? null : result.listingStatus(),
                result != null && result.confirmedByReading(),
                result == null ? null : Instant.now(),
                plan.warnings(),
                GoalOutputs.tree(plan.body()));
        try {
            return GoalOutputs.write(outputDirectory(), GoalOutputs.RELEASE_FILE, output);
        } catch (IOException e) {
            throw new MojoExecutionException(
                    "Cannot write " + outputDirectory().resolve(GoalOutputs.RELEASE_FILE) + ": " + e.getMessage(), e);
        }
    }
}
