package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.model.AppDetails;

/**
 * A release that went through, as the client observed it.
 *
 * @param plan the preflight result, with the request that was sent
 * @param app the app data DigitalOcean returned, or read back; {@code null} when neither had any
 * @param listingStatus the listing's status after the update, usually {@code pending}; {@code null} when unknown
 * @param confirmedByReading {@code true} when the update got no usable answer and a read of the listing showed the
 *     new image: the update took effect, though its own answer was lost
 * @param alreadyServed {@code true} when the listing served the image already, so nothing was sent
 */
public record ReleaseResult(
        ReleasePlan plan, AppDetails app, String listingStatus, boolean confirmedByReading, boolean alreadyServed) {}
