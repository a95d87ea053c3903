package io.github.oneclick.vendor.workflow;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of {@link SnapshotWorkflow#run}. After a real run the image fields describe the new snapshot as
 * {@code GET /v2/images/{id}} reported it; after a dry run ({@link #dryRun()}) they are {@code null} and
 * {@link #plan()} says what a real run would do.
 *
 * @param dryRun whether nothing was changed
 * @param plan what the run did or would do
 * @param dropletId the snapshotted droplet
 * @param actionId the snapshot action's id, {@code null} in a dry run
 * @param imageId the new image's id (the id the Vendor Portal wants), {@code null} in a dry run
 * @param name the snapshot's name
 * @param regions the regions the image is available in, after transfers
 * @param sizeGigabytes the image's billable size in GB, if reported
 * @param minDiskSize the smallest disk in GB a droplet made from it needs, if reported
 * @param createdAt when the image was created, {@code null} in a dry run
 * @param forcedPowerOff whether the graceful shutdown failed and {@code power_off} was used
 * @param transferredRegions the regions the image was copied to by this run
 * @param poweredOn whether the droplet was powered back on
 * @param dropletDestroyed whether the droplet was destroyed
 * @param warnings what went wrong without failing the run, also reported to the listener
 */
public record SnapshotResult(
        boolean dryRun,
        SnapshotPlan plan,
        long dropletId,
        Long actionId,
        Long imageId,
        String name,
        List<String> regions,
        Double sizeGigabytes,
        Integer minDiskSize,
        Instant createdAt,
        boolean forcedPowerOff,
        List<String> transferredRegions,
        boolean poweredOn,
        boolean dropletDestroyed,
        List<String> warnings) {

    public SnapshotResult {
        regions = List.copyOf(regions);
        transferredRegions = List.copyOf(transferredRegions);
        warnings = List.copyOf(warnings);
    }

    static SnapshotResult ofDryRun(SnapshotPlan plan, List<String> warnings) {
        return new SnapshotResult(
                true,
                plan,
                plan.dropletId(),
                null,
                null,
                plan.snapshotName(),
                List.of(),
                null,
                null,
                null,
                false,
                List.of(),
                false,
                false,
                warnings);
    }
}
