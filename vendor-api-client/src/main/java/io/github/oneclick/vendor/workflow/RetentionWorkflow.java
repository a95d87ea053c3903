package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.AppIds;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.InvalidSettingException;
import io.github.oneclick.vendor.NotFoundException;
import io.github.oneclick.vendor.Outcome;
import io.github.oneclick.vendor.model.AppDetails;
import io.github.oneclick.vendor.model.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Deletes older snapshots of a series, after a release, without ever losing what users have:
 *
 * <ul>
 *   <li>The series is every droplet snapshot of the token's team whose name starts with the prefix (build droplets
 *       come and go, so the series is not one droplet's).</li>
 *   <li>The newest {@code keep} snapshots are kept, the new image included; so are, whatever their age, the new
 *       image, the image the listing served before the release (read by the release's preflight) and the image the
 *       listing names now ({@link DigitalOceanClient#getApp}): a read after the update names the submitted image,
 *       while users are still served the previous one until DigitalOcean approves the update.</li>
 *   <li>When either read could not tell an image, the image users are served is unknown: at least two snapshots are
 *       kept, and the run says so.</li>
 *   <li>Each {@code DELETE} is sent at most once; an unclear answer is settled by reading the image.</li>
 * </ul>
 *
 * <pre>{@code
 * RetentionResult result = new RetentionWorkflow(client).run(
 *         new RetentionRequest("60089fc6d333037bffa70d9b", "acme-lemp-", 3, newImageId, plan.listing(), false),
 *         listener);
 * }</pre>
 */
public final class RetentionWorkflow {
    /** How many snapshots are kept when the image the listing serves cannot be determined. */
    public static final int KEEP_WHEN_LIVE_IMAGE_UNKNOWN = 2;

    private final DigitalOceanClient client;

    public RetentionWorkflow(DigitalOceanClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * What to keep.
     *
     * @param appId the listing whose live image is protected
     * @param prefix the name prefix of the series, such as {@code acme-lemp-}
     * @param keep how many snapshots of the series to keep, the new one included; at least 1
     * @param newImageId the image just released, always kept
     * @param servedBefore the listing as the release read it before its update ({@link ReleasePlan#listing()}), whose
     *     image is always kept; {@code null} when no release preceded
     * @param dryRun report what would be deleted, delete nothing
     */
    public record RetentionRequest(
            String appId, String prefix, int keep, long newImageId, ListingState servedBefore, boolean dryRun) {
        /** Retention with no release before it: only the listing's current image is protected beside the new one. */
        public RetentionRequest(String appId, String prefix, int keep, long newImageId, boolean dryRun) {
            this(appId, prefix, keep, newImageId, null, dryRun);
        }

        public RetentionRequest {
            appId = AppIds.check(appId, "appId");
            if (prefix == null || prefix.isBlank()) {
                throw new InvalidSettingException(
                        "retentionPrefix must not be blank: retention deletes only"
                                + " snapshots whose names start with it",
                        "retentionPrefix");
            }
            if (keep < 1) {
                throw new InvalidSettingException(
                        "keepSnapshots must be at least 1 to delete older snapshots, was " + keep, "keepSnapshots");
            }
            if (newImageId <= 0) {
                throw new InvalidSettingException("newImageId must be a positive number, was " + newImageId, "imageId");
            }
        }
    }

    /**
     * What retention did, or would do in a dry run.
     *
     * @param liveImageId the image the listing serves, or {@code null} when it could not be read
     * @param kept the series' snapshots kept, newest first
     * @param deleted the ids deleted (in a dry run: that would be deleted)
     * @param warnings what could not be done or told
     */
    public record RetentionResult(Long liveImageId, List<Long> kept, List<Long> deleted, List<String> warnings) {
        public RetentionResult {
            kept = List.copyOf(kept);
            deleted = List.copyOf(deleted);
            warnings = List.copyOf(warnings);
        }
    }

    public RetentionResult run(RetentionRequest request, ProgressListener listener) {
        Objects.requireNonNull(request, "request");
        ProgressListener out = listener == null ? ProgressListener.NONE : listener;
        List<String> warnings = new ArrayList<>();
        OptionalLong live = liveImage(request.appId(), warnings, out);
        ListingState before = request.servedBefore();
        boolean beforeUnknown = before != null && before.imageId() == null;
        if (beforeUnknown && live.isPresent()) {
            warn(
                    "The image app '" + request.appId() + "' served before the release is unknown ("
                            + (before.problem() == null ? "its listing named none" : before.problem())
                            + "); keeping at least "
                            + KEEP_WHEN_LIVE_IMAGE_UNKNOWN + " snapshots.",
                    warnings,
                    out);
        }
        int keep = live.isPresent() && !beforeUnknown
                ? request.keep()
                : Math.max(request.keep(), KEEP_WHEN_LIVE_IMAGE_UNKNOWN);
        List<Snapshot> series = client.listSnapshots()
                .filter(s -> s.name() != null
                        && s.name().startsWith(request.prefix())
                        && s.imageId().isPresent())
                .sorted(Comparator.comparing(Snapshot::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparingLong(s -> s.imageId().getAsLong())
                        .reversed())
                .toList();
        Set<Long> protectedIds = new LinkedHashSet<>();
        protectedIds.add(request.newImageId());
        if (before != null && before.imageId() != null) {
            protectedIds.add(before.imageId());
        }
        live.ifPresent(protectedIds::add);
        List<Long> kept = new ArrayList<>();
        List<Snapshot> doomed = new ArrayList<>();
        for (Snapshot snapshot : series) {
            long id = snapshot.imageId().getAsLong();
            if (protectedIds.contains(id) || kept.size() < keep) {
                kept.add(id);
            } else {
                doomed.add(snapshot);
            }
        }
        out.phase("Retention: " + series.size() + " snapshot(s) named '" + request.prefix() + "*'; keeping "
                + kept
                + (before != null && before.imageId() != null && before.imageId() != request.newImageId()
                        ? " (the listing served " + before.imageId() + " before this release)"
                        : live.isPresent() ? " (the listing names " + live.getAsLong() + ")" : "")
                + (doomed.isEmpty()
                        ? ", nothing to delete"
                        : ", " + (request.dryRun() ? "would delete " : "deleting ")
                                + doomed.stream()
                                        .map(s -> s.imageId().getAsLong() + " '" + s.name() + "'")
                                        .toList()));
        List<Long> deleted = new ArrayList<>();
        for (Snapshot snapshot : doomed) {
            long id = snapshot.imageId().getAsLong();
            if (request.dryRun() || delete(id, snapshot.name(), warnings, out)) {
                deleted.add(id);
            }
        }
        return new RetentionResult(live.isPresent() ? live.getAsLong() : null, kept, deleted, warnings);
    }

    private OptionalLong liveImage(String appId, List<String> warnings, ProgressListener out) {
        try {
            AppDetails app = client.getApp(appId);
            OptionalLong listed = app.listedImageId();
            if (listed.isEmpty()) {
                warn(
                        "The listing of app '" + appId + "' names no image; keeping at least "
                                + KEEP_WHEN_LIVE_IMAGE_UNKNOWN + " snapshots.",
                        warnings,
                        out);
            }
            return listed;
        } catch (DigitalOceanException e) {
            warn(
                    "Cannot tell which image app '" + appId + "' serves (" + e.getMessage() + "); keeping at least "
                            + KEEP_WHEN_LIVE_IMAGE_UNKNOWN + " snapshots so that it is not deleted.",
                    warnings,
                    out);
            return OptionalLong.empty();
        }
    }

    /** Deletes one image, at most once; an unclear answer is settled by reading it. */
    private boolean delete(long id, String name, List<String> warnings, ProgressListener out) {
        try {
            client.deleteImage(id);
            out.phase("Deleted snapshot " + id + " '" + name + "'");
            return true;
        } catch (NotFoundException e) {
            return true;
        } catch (DigitalOceanException e) {
            if (e.outcome() != Outcome.NOT_APPLIED && isGone(id)) {
                out.phase("Deleted snapshot " + id + " '" + name + "' (confirmed by reading it)");
                return true;
            }
            warn("Could not delete old snapshot " + id + " '" + name + "': " + e.getMessage(), warnings, out);
            return false;
        }
    }

    private boolean isGone(long imageId) {
        try {
            client.getImage(imageId);
            return false;
        } catch (NotFoundException e) {
            return true;
        } catch (DigitalOceanException e) {
            return false;
        }
    }

    private static void warn(String message, List<String> warnings, ProgressListener out) {
        warnings.add(message);
        out.warning(message);
    }
}
