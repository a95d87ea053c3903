package io.github.oneclick.vendor.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * A snapshot as the listings return it. The id is a JSON number in {@code /v2/droplets/{id}/snapshots} and a JSON
 * string in {@code /v2/snapshots} (a UUID for volume snapshots); it is kept as text here, and {@link #imageId()}
 * gives the numeric image id the Vendor Portal wants.
 *
 * @param id the snapshot id as text
 * @param name the snapshot name
 * @param createdAt when the snapshot was created (second precision)
 * @param regions slugs of the regions it is available in
 * @param minDiskSize the minimum disk size in GB a droplet needs to use it
 * @param sizeGigabytes the billable size in GB
 * @param type {@code snapshot} or {@code backup} in droplet listings
 * @param resourceId the droplet or volume id ({@code /v2/snapshots} only)
 * @param resourceType {@code droplet} or {@code volume} ({@code /v2/snapshots} only)
 * @param tags tags ({@code /v2/snapshots} only)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Snapshot(
        String id,
        String name,
        Instant createdAt,
        List<String> regions,
        Integer minDiskSize,
        Double sizeGigabytes,
        String type,
        String resourceId,
        String resourceType,
        List<String> tags) {

    public Snapshot {
        regions = regions == null ? List.of() : List.copyOf(regions);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The numeric image id, or empty for snapshots without one (volume snapshots). */
    public OptionalLong imageId() {
        if (id == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(id.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
