package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.model.Image;
import java.util.List;

/**
 * The outcome of the read-only preflight: the image checked, the warnings, and the exact request that would be sent.
 *
 * @param request the release request
 * @param image the image as {@code GET /v2/images/{id}} returned it
 * @param warnings things worth fixing that do not stop the release
 * @param method the HTTP method of the update ({@code PATCH})
 * @param path the path of the update
 * @param body the exact JSON body of the update
 * @param listing what the Vendor Portal said of the listing, read before anything is sent
 */
public record ReleasePlan(
        ReleaseRequest request,
        Image image,
        List<String> warnings,
        String method,
        String path,
        String body,
        ListingState listing) {

    public ReleasePlan {
        warnings = List.copyOf(warnings);
    }
}
