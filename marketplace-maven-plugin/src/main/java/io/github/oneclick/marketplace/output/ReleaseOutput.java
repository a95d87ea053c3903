package io.github.oneclick.marketplace.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * What {@code marketplace:release} did, or would do in a dry run: written to {@code target/marketplace/release.json}.
 *
 * @param appId the listing
 * @param imageId the released image
 * @param imageName its name
 * @param version the version the listing shows, or {@code null} when it keeps its own
 * @param endpoint the method and path of the update
 * @param dryRun whether nothing was sent
 * @param listingStatus the listing's status after the update, or {@code null} when unknown or in a dry run
 * @param confirmedByReading whether the update got no usable answer and reading the listing showed the image
 * @param releasedAt when the update was accepted, or {@code null} in a dry run
 * @param warnings the preflight's warnings
 * @param request the body sent, or that would be sent
 */
public record ReleaseOutput(
        String appId,
        long imageId,
        String imageName,
        String version,
        String endpoint,
        boolean dryRun,
        String listingStatus,
        boolean confirmedByReading,
        Instant releasedAt,
        List<String> warnings,
        JsonNode request) {

    public ReleaseOutput {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
