package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.model.AppDetails;

/**
 * A release that went through.
 *
 * @param plan the preflight result, with the request that was sent
 * @param app the app data the Vendor Portal returned, or {@code null} when the outcome was inferred
 * @param listingStatus the listing's status after the update, usually {@code pending}
 * @param inferred {@code true} when the first update got no clear answer and the retry was refused because the app
 *     is already pending: the update was most likely accepted
 */
public record ReleaseResult(ReleasePlan plan, AppDetails app, String listingStatus, boolean inferred) {
}
