package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.model.AppDetails;
import java.util.Locale;
import java.util.Set;

/**
 * What the Vendor Portal says of a listing, read before anything is spent on it
 * ({@code GET /api/v1/vendor-portal/apps/{appId}}, which DigitalOcean's own scripts use but does not document). When
 * it cannot be read, {@link #readable()} is {@code false} and nothing is assumed.
 *
 * @param appId the listing
 * @param readable whether the listing could be read
 * @param status its status, such as {@code approved}, {@code pending} or {@code in review}; {@code null} when unknown
 * @param imageId the image it serves, or {@code null} when unknown
 * @param problem why it could not be read, or {@code null}
 */
public record ListingState(String appId, boolean readable, String status, Long imageId, String problem) {
    private static final Set<String> IN_REVIEW = Set.of("pending", "in review", "in-review", "inreview", "in_review");

    static ListingState of(String appId, AppDetails app) {
        return new ListingState(
                appId,
                true,
                app.statusValue(),
                app.listedImageId().isPresent() ? app.listedImageId().getAsLong() : null,
                null);
    }

    static ListingState unreadable(String appId, String problem) {
        return new ListingState(appId, false, null, null, problem);
    }

    /** Whether the listing is pending or in review: an update would be refused until the review ends. */
    public boolean inReview() {
        return status != null && IN_REVIEW.contains(status.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether the listing serves this image already. */
    public boolean serves(long image) {
        return imageId != null && imageId == image;
    }
}
