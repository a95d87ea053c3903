package io.github.oneclick.vendor.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.vendor.AppPendingReviewException;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.ForbiddenException;
import io.github.oneclick.vendor.NotFoundException;
import io.github.oneclick.vendor.model.AppDetails;
import io.github.oneclick.vendor.model.AppUpdate;
import io.github.oneclick.vendor.model.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Points a Marketplace listing at a new image, safely.
 *
 * <ol>
 *   <li>Preflight, read-only: {@code GET /v2/images/{imageId}} must show a private snapshot whose status is
 *       {@code available}. A missing image, another team's image, a public or base image, or one still pending
 *       stops the release before anything changes. An image whose minimum disk is larger than the smallest droplet
 *       disk (it hides cheaper plans) or whose distribution contradicts {@code osVersion} gets a warning.</li>
 *   <li>The Vendor Portal update. A 400 because the app is pending or in review is never retried. An ambiguous
 *       outcome (timeout or 5xx after sending) is retried once; if that retry is refused because the app is now
 *       pending, the first update was most likely accepted and the release is reported as done, marked inferred.</li>
 * </ol>
 */
public final class ReleaseWorkflow {
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
            throw new ReleaseException("Image " + imageId + " was not found for this token (" + e.status()
                    + "): it does not exist, or it belongs to another team. Release an image snapshotted under the"
                    + " team that owns app '" + request.appId() + "'.", e);
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
        if (minDisk != null && minDisk > request.smallestDropletDiskGb()) {
            warnings.add(label + " needs a disk of at least " + minDisk + " GB, so droplet plans with smaller disks"
                    + " (down to " + request.smallestDropletDiskGb() + " GB) cannot use it. Build on the smallest"
                    + " droplet that fits the app: disks cannot shrink.");
        }
        String distribution = image.distribution();
        String osVersion = update.osVersion();
        if (osVersion != null && !osVersion.isBlank() && distribution != null && !distribution.isBlank()
                && !"unknown".equalsIgnoreCase(distribution)
                && !normalise(osVersion).contains(normalise(distribution))) {
            warnings.add(label + " is a " + distribution + " image, but osVersion says '" + osVersion
                    + "'. Check osVersion.");
        }
        String path = request.useVersionsEndpoint()
                ? "/api/v1/vendor-portal/apps/" + request.appId() + "/versions/" + update.version().trim()
                : "/api/v1/vendor-portal/apps/" + request.appId();
        return new ReleasePlan(request, image, warnings, "PATCH", path, json(update));
    }

    /** Runs the preflight, then the update. */
    public ReleaseResult release(ReleaseRequest request) {
        return release(preflight(request), message -> { });
    }

    /**
     * Sends the update of a plan returned by {@link #preflight}.
     *
     * @param plan the checked plan
     * @param log told when the update is retried after an ambiguous outcome
     */
    public ReleaseResult release(ReleasePlan plan, Consumer<String> log) {
        ReleaseRequest request = plan.request();
        try {
            AppDetails app = send(request);
            return new ReleaseResult(plan, app, app.statusValue(), false);
        } catch (AppPendingReviewException e) {
            throw new ReleaseException("App '" + request.appId() + "' refused the update: it is most likely pending"
                    + " or in review after an earlier update. Wait for DigitalOcean's review to finish, then release"
                    + " again. (" + e.getMessage() + ")", e);
        } catch (DigitalOceanException first) {
            if (!first.outcomeUnknown()) {
                throw first;
            }
            log.accept("The update of app '" + request.appId() + "' got no clear answer (" + first.getMessage()
                    + "); sending it once more");
            try {
                AppDetails app = send(request);
                return new ReleaseResult(plan, app, app.statusValue(), false);
            } catch (AppPendingReviewException pending) {
                return new ReleaseResult(plan, null, "pending", true);
            } catch (DigitalOceanException second) {
                if (second.outcomeUnknown()) {
                    throw new ReleaseException("The update of app '" + request.appId() + "' got no clear answer"
                            + " twice; it may or may not have been applied. Check the listing in the Vendor Portal"
                            + " before releasing again. Last error: " + second.getMessage(), second);
                }
                throw second;
            }
        }
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
