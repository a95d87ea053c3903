package io.github.oneclick.vendor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * An image ({@code GET /v2/images/{id}}): a snapshot, backup, custom or public base image.
 *
 * @param id the image id
 * @param name the image name
 * @param type {@code base}, {@code snapshot}, {@code backup}, {@code custom} or {@code admin}
 * @param distribution the distribution, such as {@code Ubuntu}
 * @param slug the slug of a public image, {@code null} for snapshots
 * @param isPublic whether the image is public
 * @param regions slugs of the regions it is available in
 * @param createdAt when the image was created
 * @param minDiskSize the minimum disk size in GB a droplet needs to use it
 * @param sizeGigabytes the billable size in GB
 * @param description the description
 * @param tags tags
 * @param status {@code NEW}, {@code available}, {@code pending}, {@code deleted} or {@code retired}
 * @param errorMessage the reason of a failed import, if any
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Image(
        long id,
        String name,
        String type,
        String distribution,
        String slug,
        @JsonProperty("public") boolean isPublic,
        List<String> regions,
        Instant createdAt,
        Integer minDiskSize,
        Double sizeGigabytes,
        String description,
        List<String> tags,
        String status,
        String errorMessage) {

    public static final String AVAILABLE = "available";
    public static final String TYPE_SNAPSHOT = "snapshot";

    public Image {
        regions = regions == null ? List.of() : List.copyOf(regions);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public boolean isAvailable() {
        return AVAILABLE.equalsIgnoreCase(status);
    }

    public boolean isSnapshot() {
        return TYPE_SNAPSHOT.equals(type);
    }
}
