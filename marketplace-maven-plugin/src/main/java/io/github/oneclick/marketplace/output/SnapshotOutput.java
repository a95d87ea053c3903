package io.github.oneclick.marketplace.output;

import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.workflow.SnapshotResult;
import java.time.Instant;
import java.util.List;

/**
 * What {@code marketplace:snapshot} produced: written to {@code target/marketplace/snapshot.json} as soon as the image
 * is confirmed ({@code complete} false), then again when the goal ends ({@code complete} true), and handed to
 * {@code marketplace:release} of the same build.
 *
 * @param dropletId the snapshotted droplet
 * @param actionId the snapshot action
 * @param imageId the new image: the id the Vendor Portal takes
 * @param name the snapshot's name
 * @param regions the regions the image is in
 * @param sizeGigabytes the image's size, if reported
 * @param minDiskSize the smallest disk a droplet made from it needs, if reported
 * @param createdAt when the image was created
 * @param complete whether the goal ran to its end (transfers, retention, power); {@code false} while they run
 * @param forcedPowerOff whether the graceful shutdown failed and the power was cut
 * @param transferredRegions the regions the image was copied to
 * @param poweredOn whether the droplet was powered back on
 * @param dropletDestroyed whether the droplet was destroyed
 * @param warnings what went wrong without failing the goal
 */
public record SnapshotOutput(
        long dropletId,
        Long actionId,
        long imageId,
        String name,
        List<String> regions,
        Double sizeGigabytes,
        Integer minDiskSize,
        Instant createdAt,
        boolean complete,
        boolean forcedPowerOff,
        List<String> transferredRegions,
        boolean poweredOn,
        boolean dropletDestroyed,
        List<String> warnings) {

    public SnapshotOutput {
        regions = regions == null ? List.of() : List.copyOf(regions);
        transferredRegions = transferredRegions == null ? List.of() : List.copyOf(transferredRegions);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The image as soon as it is confirmed, before the optional steps. */
    public static SnapshotOutput found(long dropletId, long actionId, Image image) {
        return new SnapshotOutput(
                dropletId,
                actionId,
                image.id(),
                image.name(),
                image.regions(),
                image.sizeGigabytes(),
                image.minDiskSize(),
                image.createdAt(),
                false,
                false,
                List.of(),
                false,
                false,
                List.of());
    }

    /** Everything the goal did. */
    public static SnapshotOutput of(SnapshotResult result) {
        return new SnapshotOutput(
                result.dropletId(),
                result.actionId(),
                result.imageId(),
                result.name(),
                result.regions(),
                result.sizeGigabytes(),
                result.minDiskSize(),
                result.createdAt(),
                true,
                result.forcedPowerOff(),
                result.transferredRegions(),
                result.poweredOn(),
                result.dropletDestroyed(),
                result.warnings());
    }
}
