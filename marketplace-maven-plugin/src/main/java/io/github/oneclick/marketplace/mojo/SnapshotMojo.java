package io.github.oneclick.marketplace.mojo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.workflow.ProgressListener;
import io.github.oneclick.vendor.workflow.SnapshotException;
import io.github.oneclick.vendor.workflow.SnapshotRequest;
import io.github.oneclick.vendor.workflow.SnapshotResult;
import io.github.oneclick.vendor.workflow.SnapshotWorkflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * {@code shutdownTimeout} it is powered off. Only one snapshot action is ever posted: after an ambiguous failure the
 * droplet's action list is checked before anything is sent again. The image is found in the droplet's snapshots by
 * name and creation time, then confirmed. Its id goes to {@code target/marketplace/snapshot.json} and to the project
 * property {@code marketplace.imageId}, where {@code marketplace:release} in the same build finds it.
 */
@Mojo(name = "snapshot", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class SnapshotMojo extends AbstractMarketplaceMojo {

    /** Project property that hands the new image id to {@code marketplace:release}. */
    static final String IMAGE_ID_PROPERTY = "marketplace.imageId";
    /** Project property that tells a dry-run release that this build would have made a snapshot. */
    static final String PLANNED_SNAPSHOT_PROPERTY = "marketplace.plannedSnapshot";

    private static final ObjectMapper JSON = DigitalOceanClient.objectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The build droplet's numeric id, such as {@code -Dmarketplace.dropletId=3164444} (Packer prints it; the
     * droplet's page shows it). Also lets {@code marketplace:validate} find the droplet's address. Set exactly one
     * of dropletId, dropletName and dropletTag.
     */
    @Parameter(property = "marketplace.dropletId")
    Long dropletId;

    /**
     * The build droplet's exact name, such as {@code <dropletName>acme-build-01</dropletName>}; it must match
     * exactly one droplet of the token's team (the API matches names case-insensitively).
     */
    @Parameter(property = "marketplace.dropletName")
    String dropletName;

    /**
     * A tag carried by exactly one droplet, the build droplet, such as
     * {@code <dropletTag>marketplace-build</dropletTag>}. Useful when Packer names droplets with a timestamp.
     */
    @Parameter(property = "marketplace.dropletTag")
    String dropletTag;

    /**
     * The snapshot's name, such as {@code <snapshotName>acme-lemp-2.0.0</snapshotName>}; at most 255 characters.
     * Defaults to {@code <artifactId>-<version>-<yyyyMMdd-HHmmss>} in UTC, which keepSnapshots relies on.
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
     * How long the snapshot may take, such as {@code -Dmarketplace.snapshotTimeout=2h}. Snapshots take about 1-2
     * minutes per GB of used disk. When it runs out, the failure names the action so it can be followed by hand.
     */
    @Parameter(property = "marketplace.snapshotTimeout", defaultValue = "60m")
    String snapshotTimeout;

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
     * Keeps only the newest N snapshots of this droplet whose names start with the snapshot name's prefix
     * ({@code <artifactId>-}) and deletes older ones; the new snapshot is always kept. 0 keeps all.
     */
    @Parameter(property = "marketplace.keepSnapshots", defaultValue = "0")
    int keepSnapshots;

    @Override
    protected String goal() {
        return "snapshot";
    }

    @Override
    protected void doExecute() throws MojoExecutionException, MojoFailureException {
        SnapshotRequest request = buildRequest();
        DigitalOceanClient client = createClient();
        try {
            SnapshotResult result = new SnapshotWorkflow(client).run(request, new MavenProgress());
            if (result.dryRun()) {
                if (project != null) {
                    project.getProperties().setProperty(PLANNED_SNAPSHOT_PROPERTY, result.name());
                }
                getLog().info("Dry run: nothing was posted. A real run would snapshot droplet " + result.dropletId()
                        + " as '" + result.name() + "'.");
                return;
            }
            Path file = write(snapshotJson(result));
            handOver(result.imageId());
            getLog().info("Image " + result.imageId() + " handed to marketplace:release (project property "
                    + IMAGE_ID_PROPERTY + ") and written to " + file);
        } catch (SnapshotException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (DigitalOceanException e) {
            throw failure(e);
        } finally {
            client.close();
        }
    }

    SnapshotRequest buildRequest() throws MojoFailureException {
        int selectors = (dropletId != null ? 1 : 0) + (blank(dropletName) ? 0 : 1) + (blank(dropletTag) ? 0 : 1);
        if (selectors != 1) {
            throw new MojoFailureException((selectors == 0 ? "No droplet to snapshot" : "More than one droplet"
                    + " selector") + ": set exactly one of marketplace.dropletId, marketplace.dropletName or"
                    + " marketplace.dropletTag.");
        }
        Duration shutdown = Durations.parse(shutdownTimeout, "marketplace.shutdownTimeout");
        Duration snapshot = Durations.parse(snapshotTimeout, "marketplace.snapshotTimeout");
        Duration poll = Durations.parse(pollInterval, "marketplace.pollInterval");
        Duration maxPoll = Durations.parse(maxPollInterval, "marketplace.maxPollInterval");
        if (maxPoll.compareTo(poll) < 0) {
            maxPoll = poll;
        }
        if (keepSnapshots < 0) {
            throw new MojoFailureException("marketplace.keepSnapshots must be 0 (keep all) or more, was "
                    + keepSnapshots + ".");
        }
        try {
            SnapshotRequest.Builder builder = SnapshotRequest.builder();
            if (dropletId != null) {
                builder.dropletId(dropletId);
            } else if (!blank(dropletName)) {
                builder.dropletName(dropletName.strip());
            } else {
                builder.dropletTag(dropletTag.strip());
            }
            if (blank(snapshotName)) {
                String artifactId = project == null ? "snapshot" : project.getArtifactId();
                String version = project == null ? "0" : project.getVersion();
                builder.defaultName(artifactId, version);
                builder.retentionPrefix(artifactId + "-");
            } else {
                builder.snapshotName(snapshotName.strip());
            }
            return builder.shutdownTimeout(shutdown)
                    .snapshotTimeout(snapshot)
                    .pollInterval(poll, maxPoll)
                    .transferRegions(transferRegions == null ? List.of() : transferRegions)
                    .powerOnAfter(powerOnAfter)
                    .destroyDroplet(destroyDroplet)
                    .keepSnapshots(keepSnapshots)
                    .dryRun(dryRun)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("Invalid snapshot configuration: " + e.getMessage() + ".", e);
        }
    }

    /** Makes the image id available to marketplace:release in this build. */
    private void handOver(long imageId) {
        if (project != null) {
            project.getProperties().setProperty(IMAGE_ID_PROPERTY, String.valueOf(imageId));
        }
    }

    /** What is known as soon as the image is confirmed, before the optional steps. */
    private static ObjectNode snapshotJson(long dropletId, long actionId, Image image) {
        ObjectNode json = JSON.createObjectNode();
        json.put("dropletId", dropletId);
        json.put("actionId", actionId);
        json.put("imageId", image.id());
        json.put("name", image.name());
        json.set("regions", JSON.valueToTree(image.regions()));
        json.put("sizeGigabytes", image.sizeGigabytes());
        json.put("minDiskSize", image.minDiskSize());
        json.put("createdAt", image.createdAt() == null ? null : image.createdAt().toString());
        json.put("complete", false);
        return json;
    }

    private static ObjectNode snapshotJson(SnapshotResult result) {
        ObjectMapper mapper = JSON;
        ObjectNode json = mapper.createObjectNode();
        json.put("dropletId", result.dropletId());
        json.put("actionId", result.actionId());
        json.put("imageId", result.imageId());
        json.put("name", result.name());
        json.set("regions", mapper.valueToTree(result.regions()));
        json.put("sizeGigabytes", result.sizeGigabytes());
        json.put("minDiskSize", result.minDiskSize());
        json.put("createdAt", result.createdAt() == null ? null : result.createdAt().toString());
        json.put("forcedPowerOff", result.forcedPowerOff());
        json.set("transferredRegions", mapper.valueToTree(result.transferredRegions()));
        json.put("poweredOn", result.poweredOn());
        json.put("dropletDestroyed", result.dropletDestroyed());
        json.set("deletedSnapshotIds", mapper.valueToTree(result.deletedSnapshotIds()));
        json.set("warnings", mapper.valueToTree(result.warnings()));
        json.put("complete", true);
        return json;
    }

    private Path write(ObjectNode json) throws MojoExecutionException {
        Path file = outputDirectory().resolve("snapshot.json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(json) + System.lineSeparator());
            return file;
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write " + file + ": " + e.getMessage()
                    + ". The snapshot exists: image " + json.path("imageId").asText() + " ('"
                    + json.path("name").asText() + "').", e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Progress at INFO on each state change and periodically, each poll at DEBUG. */
    private final class MavenProgress implements ProgressListener {
        @Override
        public void phase(String message) {
            getLog().info(message);
        }

        @Override
        public void stateChanged(StateChange change) {
            getLog().info(change.message());
        }

        @Override
        public void waiting(WaitProgress progress) {
            getLog().info(progress.message());
        }

        @Override
        public void poll(PollEvent poll) {
            if (getLog().isDebugEnabled()) {
                getLog().debug(poll.message());
            }
        }

        @Override
        public void warning(String message) {
            getLog().warn(message);
        }

        @Override
        public void imageFound(long dropletId, long actionId, Image image) {
            try {
                write(snapshotJson(dropletId, actionId, image));
                handOver(image.id());
            } catch (MojoExecutionException e) {
                getLog().warn(e.getMessage());
            }
        }

        @Override
        public void planned(String message) {
            getLog().info("Dry run step: " + message);
        }
    }
}
