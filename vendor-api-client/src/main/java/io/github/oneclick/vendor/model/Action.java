package io.github.oneclick.vendor.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * An action on a droplet or an image ({@code GET /v2/actions/{id}}). A snapshot action's {@code resourceId} is the
 * droplet id, never the new image id.
 *
 * @param id the action id
 * @param status {@code in-progress}, {@code completed} or {@code errored}
 * @param type {@code shutdown}, {@code power_off}, {@code snapshot}, {@code transfer}, ...
 * @param startedAt when the action started
 * @param completedAt when it ended, {@code null} while in progress
 * @param resourceId the droplet or image the action runs on
 * @param resourceType {@code droplet} or {@code image}
 * @param region the region, when the API sent one
 * @param regionSlug the region slug, when the API sent one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Action(
        long id,
        String status,
        String type,
        Instant startedAt,
        Instant completedAt,
        Long resourceId,
        String resourceType,
        Region region,
        String regionSlug) {

    public static final String IN_PROGRESS = "in-progress";
    public static final String COMPLETED = "completed";
    public static final String ERRORED = "errored";

    public boolean isInProgress() {
        return IN_PROGRESS.equals(status);
    }

    public boolean isCompleted() {
        return COMPLETED.equals(status);
    }

    public boolean isErrored() {
        return ERRORED.equals(status);
    }
}
