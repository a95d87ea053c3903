package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.AppIds;
import io.github.oneclick.vendor.model.AppUpdate;
import java.util.Objects;

/**
 * What to release: the app whose listing changes and the update to send.
 *
 * @param appId the Vendor Portal app id (the 24 hexadecimal characters at the end of the app's Vendor Portal URL)
 * @param update the update; its {@code imageId} is checked by the preflight before anything is sent
 * @param useVersionsEndpoint send to the deprecated {@code /apps/{appId}/versions/{version}} endpoint
 * @param smallestDropletDiskGb the smallest droplet disk offered; an image needing more hides cheaper plans
 */
public record ReleaseRequest(String appId, AppUpdate update, boolean useVersionsEndpoint, int smallestDropletDiskGb) {

    /** The disk of DigitalOcean's smallest droplet plan, {@code s-1vcpu-512mb-10gb}. */
    public static final int SMALLEST_DROPLET_DISK_GB = 10;

    public ReleaseRequest {
        appId = AppIds.check(appId, "appId");
        Objects.requireNonNull(update, "update");
        if (useVersionsEndpoint && (update.version() == null || update.version().isBlank())) {
            throw new IllegalArgumentException("version is required with the versions endpoint");
        }
        if (smallestDropletDiskGb <= 0) {
            throw new IllegalArgumentException("smallestDropletDiskGb must be positive, was " + smallestDropletDiskGb);
        }
    }

    public ReleaseRequest(String appId, AppUpdate update) {
        this(appId, update, false, SMALLEST_DROPLET_DISK_GB);
    }

    public ReleaseRequest withVersionsEndpoint(boolean use) {
        return new ReleaseRequest(appId, update, use, smallestDropletDiskGb);
    }
}
