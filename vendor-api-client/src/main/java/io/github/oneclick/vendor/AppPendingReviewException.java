package io.github.oneclick.vendor;

import java.util.List;
import java.util.Locale;

/**
 * 400 from the Vendor Portal app update: nothing of the update was applied. The documented causes are, most likely
 * first: the app is {@code pending} or {@code in review} after an earlier update (wait for the review to finish); the
 * request had no image id; the app is not a droplet 1-Click. It is never retried, and never read as a sign that an
 * earlier update went through: the app may equally be pending from another release.
 */
public class AppPendingReviewException extends BadRequestException {
    private static final long serialVersionUID = 1L;

    /** The documented causes of a 400 from the app update, most likely first. */
    public static final List<String> DOCUMENTED_CAUSES = List.of(
            "the app is pending or in review after an earlier update: wait for DigitalOcean's review to finish",
            "the request had no image id",
            "the app is not a droplet 1-Click");

    private final String appId;

    public AppPendingReviewException(
            String message,
            ErrorDetails details,
            Outcome outcome,
            boolean transientFailure,
            Throwable cause,
            String appId) {
        super(message, details, outcome, transientFailure, cause);
        this.appId = appId;
    }

    /**
     * The one explanation of this refusal, for every message that reports it.
     *
     * @param appId the app whose update was refused
     */
    public static String explanation(String appId) {
        return "The Vendor Portal refused the update of app '" + appId + "'; nothing of it was applied. Most likely"
                + " the app is pending or in review after an earlier update: wait for DigitalOcean's review to finish"
                + " before the next release. Other documented causes: the request had no image id; the app is not a"
                + " droplet 1-Click.";
    }

    public String appId() {
        return appId;
    }

    /** Whether the response itself said the app is pending or in review (the body is not documented). */
    public boolean confirmedPending() {
        String text = (details().apiMessage() + " " + details().bodyExcerpt()).toLowerCase(Locale.ROOT);
        return text.contains("pending") || text.contains("review");
    }
}
