package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.AppIds;
import io.github.oneclick.vendor.InvalidSettingException;
import io.github.oneclick.vendor.model.AppUpdate;
import java.util.Objects;

/**
 * What to release: the app whose listing changes and the update to send. Every check of the release's settings is
 * made here, before any request.
 *
 * @param appId the Vendor Portal app id (the 24 hexadecimal characters at the end of the app's Vendor Portal URL)
 * @param update the update; its {@code imageId} is checked by the preflight before anything is sent
 * @param useVersionsEndpoint send to the deprecated {@code /apps/{appId}/versions/{version}} endpoint
 * @param recommendedDiskGb the disk of the droplet DigitalOcean recommends building on; an image needing more
 *     hides the plans with smaller disks
 * @param allowSnapshotVersion whether a version ending in {@code -SNAPSHOT} may be released, for rehearsals
 */
public record ReleaseRequest(
        String appId,
        AppUpdate update,
        boolean useVersionsEndpoint,
        int recommendedDiskGb,
        boolean allowSnapshotVersion) {

    /**
     * The disk of the $6 droplet DigitalOcean recommends building 1-Click images on: an image built there fits every
     * plan but the smallest, and needing more than that is worth a warning.
     */
    public static final int RECOMMENDED_DISK_GB = 25;

    public ReleaseRequest {
        appId = AppIds.check(appId, "appId");
        Objects.requireNonNull(update, "update");
        String version = update.version();
        if (useVersionsEndpoint && (version == null || version.isBlank())) {
            throw new InvalidSettingException(
                    "useVersionsEndpoint needs a version: the deprecated endpoint has the"
                            + " version in its path; set version",
                    "useVersionsEndpoint",
                    "version");
        }
        if (version != null && version.strip().endsWith("-SNAPSHOT") && !allowSnapshotVersion) {
            throw new InvalidSettingException(
                    "version " + version.strip() + " is a snapshot version. Release a"
                            + " release version, or set allowSnapshotVersion for a rehearsal",
                    "version",
                    "allowSnapshotVersion");
        }
        if (recommendedDiskGb <= 0) {
            throw new InvalidSettingException(
                    "recommendedDiskGb must be positive, was " + recommendedDiskGb, "recommendedDiskGb");
        }
    }

    /** A release to the current endpoint; a snapshot version is refused. */
    public ReleaseRequest(String appId, AppUpdate update) {
        this(appId, update, false, RECOMMENDED_DISK_GB, false);
    }

    public ReleaseRequest withVersionsEndpoint(boolean use) {
        return new ReleaseRequest(appId, update, use, recommendedDiskGb, allowSnapshotVersion);
    }

    public ReleaseRequest withSnapshotVersionAllowed(boolean allow) {
        return new ReleaseRequest(appId, update, useVersionsEndpoint, recommendedDiskGb, allow);
    }
}
