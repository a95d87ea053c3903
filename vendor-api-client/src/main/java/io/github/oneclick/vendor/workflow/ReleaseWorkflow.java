package io.github.oneclick.vendor.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.vendor.AppIds;
import io.github.oneclick.vendor.AppPendingReviewException;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.ForbiddenException;
import io.github.oneclick.vendor.NotFoundException;
import io.github.oneclick.vendor.Outcome;
import io.github.oneclick.vendor.internal.http.VendorPortalApi;
import io.github.oneclick.vendor.model.AppDetails;
import io.github.oneclick.vendor.model.AppUpdate;
import io.github.oneclick.vendor.model.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Points a Marketplace listing at a new image, safely.
 *
 * <ol>
 *   <li>Preflight, read-only: {@code GET /v2/images/{imageId}} must show a private snapshot whose status is
 *       {@code available}. A missing image, another team's image, a public or base image, or one still pending
 *       stops the release before anything changes. An image whose minimum disk is larger than the smallest droplet
 *       disk than the droplet DigitalOcean recommends building on (it hides cheaper plans) or whose distribution
 *       contradicts {@code osVersion} gets a warning. The listing is read, best effort: when it serves the image
 *       already, the release is done without sending anything; when it is pending or in review, nothing is sent,
 *       since DigitalOcean would refuse it.</li>
 *   <li>The Vendor Portal update, sent at most once. A refusal (a 400 because the app is pending or in review, 403,
 *       404, 409...) is reported as such: nothing was applied. An update without a usable answer is never sent
 *       again: the listing is read back ({@code GET /api/v1/vendor-portal/apps/{appId}}, which DigitalOcean's own
 *       scripts use but does not document) and the release counts as done only when the listing shows the new
 *       image; otherwise the outcome is reported as unknown, with where to check it.</li>
 * </ol>
 */
public final class ReleaseWorkflow {
    /** Where vendors see their listings. */
    public static final String VENDOR_PORTAL = VendorPortalApi.WEB;

    private static final ObjectMapper JSON = DigitalOceanClient.objectMapper();

    private final DigitalOceanClient client;

    public ReleaseWorkflow(DigitalOceanClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Checks the image and builds the exact request, without changing anything. */
    public ReleasePlan preflight(ReleaseRequest request) {
        AppUpdate update = request.update();
        long imageId = update.imageId();
        Image image;
        try {
            image = client.getImage(imageId);
        } catch (NotFoundException | ForbiddenException e) {
            throw new ReleaseException(
                    "Image " + imageId + " was not found for this token (" + e.status()
                            + "): it does not exist, or it belongs to another team. Release an image snapshotted under the"
                            + " team that owns app '" + request.appId() + "'.",
                    e);
        }
        String label = "Image " + imageId + (image.name() == null ? "" : " (" + image.name() + ")");
        if (image.isPublic() || "base".equals(image.type())) {
            throw new ReleaseException(label + " is a public " + Objects.toString(image.type(), "")
                    + " image, not a snapshot of your build droplet. Release the id of your own snapshot.");
        }
        if (!image.isSnapshot()) {
            throw new ReleaseException(label + " is a " + image.type() + " image; the Marketplace needs a droplet"
                    + " snapshot. Snapshot the build droplet and release that image id.");
        }
        if (!image.isAvailable()) {
            throw new ReleaseException(label + " is not available yet (status " + image.status() + "). Wait until"
                    + " its status is 'available', then release again.");
        }
        List<String> warnings = new ArrayList<>();
        Integer minDisk = image.minDiskSize();
        if (minDisk != null && minDisk > request.recommendedDiskGb()) {
            warnings.add(label + " needs a disk of at least " + minDisk + " GB, more than the "
                    + request.recommendedDiskGb() + " GB of the droplet DigitalOcean recommends building on, so plans"
                    + " with disks between them cannot use it. Build on the smallest droplet that fits the app:"
                    + " disks cannot shrink.");
        }
        String distribution = image.distribution();
        String osVersion = update.osVersion();
        if (osVersion != null
                && !osVersion.isBlank()
                && distribution != null
                && !distribution.isBlank()
                && !"unknown".equalsIgnoreCase(distribution)
                && !normalise(osVersion).contains(normalise(distribution))) {
            warnings.add(label + " is a " + distribution + " image, but osVersion says '" + osVersion
                    + "'. Check osVersion.");
        }
        String path = "/" + VendorPortalApi.APPS + request.appId()
                + (request.useVersionsEndpoint()
                        ? "/versions/" + update.version().trim()
                        : "");
        return new ReleasePlan(request, image, warnings, "PATCH", path, json(update), checkListing(request.appId()));
    }

    /**
     * Reads the listing, best effort: whether it is pending or in review, and which image it serves. Nothing is sent.
     * Used before a release and before spending a snapshot on a listing that could not take it.
     */
    public ListingState checkListing(String appId) {
        String id = AppIds.check(appId, "appId");
        try {
            return ListingState.of(id, client.getApp(id));
        } catch (DigitalOceanException e) {
            return ListingState.unreadable(id, e.getMessage());
        }
    }

    /** Runs the preflight, then the update. */
    public ReleaseResult release(ReleaseRequest request) {
        return release(preflight(request), message -> {});
    }

    /**
     * Sends the update of a plan returned by {@link #preflight}, at most once.
     *
     * @param plan the checked plan
     * @param log told when an unclear answer is settled by reading the listing
     * @throws ReleaseException when the update was refused (nothing applied), or when its outcome stays unknown
     */
    public ReleaseResult release(ReleasePlan plan, Consumer<String> log) {
        ReleaseRequest request = plan.request();
        ListingState listing = plan.listing();
        long imageId = request.update().imageId();
        if (listing.serves(imageId)) {
            log.accept("App '" + request.appId() + "' serves image " + imageId + " already; nothing to send.");
            return new ReleaseResult(plan, null, listing.status(), false, true);
        }
        if (listing.inReview()) {
            throw new ReleaseException("App '" + request.appId() + "' is " + listing.status() + " (read from the"
                    + " Vendor Portal); DigitalOcean refuses updates until its review ends, so nothing was sent."
                    + " Wait for the review to finish, then release image " + imageId + " again.");
        }
        try {
            AppDetails app = send(request);
            return new ReleaseResult(plan, app, app.statusValue(), false, false);
        } catch (AppPendingReviewException e) {
            throw new ReleaseException(e.getMessage(), e);
        } catch (DigitalOceanException e) {
            if (e.outcome() == Outcome.NOT_APPLIED) {
                throw e;
            }
            return settleByReading(plan, e, log);
        }
    }

    /** After an update without a usable answer: read the listing, never send the update again. */
    private ReleaseResult settleByReading(ReleasePlan plan, DigitalOceanException unclear, Consumer<String> log) {
        ReleaseRequest request = plan.request();
        long imageId = request.update().imageId();
        boolean accepted = unclear.outcome() == Outcome.APPLIED;
        log.accept("The update of app '" + request.appId() + "' got no usable answer (" + unclear.getMessage()
                + "); reading the listing to learn whether it took effect, instead of sending it again");
        AppDetails listing;
        try {
            listing = client.getApp(request.appId());
        } catch (DigitalOceanException readFailed) {
            if (accepted) {
                return new ReleaseResult(plan, null, null, false, false);
            }
            throw new ReleaseException(
                    "The update of app '" + request.appId() + "' to image " + imageId + " got no"
                            + " usable answer (" + unclear.getMessage() + "), and the listing could not be read back ("
                            + readFailed.getMessage() + "). Outcome unknown: it was not sent again. Check app '"
                            + request.appId() + "' in the Vendor Portal (" + VENDOR_PORTAL
                            + ") before releasing again: if it"
                            + " shows image " + imageId + ", the release went through.",
                    unclear);
        }
        OptionalLong listed = listing.listedImageId();
        if (listed.isPresent() && listed.getAsLong() == imageId) {
            return new ReleaseResult(plan, listing, listing.statusValue(), true, false);
        }
        if (accepted) {
            return new ReleaseResult(plan, null, null, false, false);
        }
        throw new ReleaseException(
                "The update of app '" + request.appId() + "' to image " + imageId + " got no usable"
                        + " answer (" + unclear.getMessage() + "), and the listing read back shows "
                        + (listed.isPresent() ? "image " + listed.getAsLong() : "no image") + " with status "
                        + listing.statusValue() + ", not image " + imageId
                        + ". The update was not sent again. Check app '"
                        + request.appId() + "' in the Vendor Portal (" + VENDOR_PORTAL
                        + "); once it is not pending, release"
                        + " image " + imageId + " again.",
                unclear);
    }

    @SuppressWarnings("deprecation")
    private AppDetails send(ReleaseRequest request) {
        AppUpdate update = request.update();
        return request.useVersionsEndpoint()
                ? client.updateAppVersion(request.appId(), update.version(), update)
                : client.updateApp(request.appId(), update);
    }

    private static String json(AppUpdate update) {
        try {
            return JSON.writeValueAsString(update);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the update as JSON", e);
        }
    }

    private static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
