package io.github.oneclick.vendor;

import java.util.List;

/**
 * 400 from the Vendor Portal app update. The documented causes are, most likely first: the app is {@code pending}
 * or {@code in review} after an earlier update (wait for the review to finish); the request had no image id; the
 * app is not a droplet 1-Click. It is never retried.
 */
public class AppPendingReviewException extends BadRequestException {
    private static final long serialVersionUID = 1L;

    /** The documented causes of a 400 from the app update, most likely first. */
    public static final List<String> DOCUMENTED_CAUSES = List.of(
            "the app is pending or in review after an earlier update: wait for DigitalOcean's review to finish",
            "the request had no image id",
            "the app is not a droplet 1-Click");

    private final String appId;

    public AppPendingReviewException(String message, ErrorDetails details, String appId) {
        super(message, details, null);
        this.appId = appId;
    }

    public String appId() {
        return appId;
    }

    /** Whether the response itself said the app is pending or in review (the body is not documented). */
    public boolean confirmedPending() {
        String text = (details().apiMessage() + " " + details().bodyExcerpt()).toLowerCase(java.util.Locale.ROOT);
        return text.contains("pending") || text.contains("review");
    }
}
