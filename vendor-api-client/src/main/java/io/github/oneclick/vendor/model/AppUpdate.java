package io.github.oneclick.vendor.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.oneclick.vendor.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of the Vendor Portal app update ({@code PATCH /api/v1/vendor-portal/apps/{appId}}).
 *
 * <p>Only {@code imageId} is required. A {@code null} field is left out of the JSON and keeps the listing's value;
 * a blank string or an empty list is sent as given and clears it. {@code imageId} is sent as a JSON number.
 *
 * @param imageId the snapshot to publish; must be positive
 * @param reasonForUpdate a short description of the change
 * @param version the version shown in the listing
 * @param osVersion the OS version the app runs on
 * @param softwareIncluded the software table, or {@code null} to keep the listing's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppUpdate(
        long imageId, String reasonForUpdate, String version, String osVersion, List<Software> softwareIncluded) {

    public AppUpdate {
        requirePositiveImageId(imageId);
        softwareIncluded = softwareIncluded == null ? null : List.copyOf(softwareIncluded);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static long requirePositiveImageId(long imageId) {
        if (imageId <= 0) {
            throw new InvalidSettingException("imageId must be a positive number, was " + imageId, "imageId");
        }
        return imageId;
    }

    /** Builds an {@link AppUpdate}; the image id is checked as soon as it is set. */
    public static final class Builder {
        private Long imageId;
        private String reasonForUpdate;
        private String version;
        private String osVersion;
        private List<Software> softwareIncluded;

        private Builder() {}

        public Builder imageId(long imageId) {
            this.imageId = requirePositiveImageId(imageId);
            return this;
        }

        public Builder reasonForUpdate(String reasonForUpdate) {
            this.reasonForUpdate = reasonForUpdate;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder osVersion(String osVersion) {
            this.osVersion = osVersion;
            return this;
        }

        /** Sets the software table; an empty list clears the listing's table, {@code null} keeps it. */
        public Builder softwareIncluded(List<Software> softwareIncluded) {
            this.softwareIncluded = softwareIncluded == null ? null : new ArrayList<>(softwareIncluded);
            return this;
        }

        public Builder addSoftware(Software software) {
            if (software == null) {
                throw new InvalidSettingException("softwareIncluded entries must not be null", "softwareIncluded");
            }
            if (softwareIncluded == null) {
                softwareIncluded = new ArrayList<>();
            }
            softwareIncluded.add(software);
            return this;
        }

        /** Builds the update; every software entry needs a name. */
        public AppUpdate build() {
            if (imageId == null) {
                throw new InvalidSettingException("imageId is required", "imageId");
            }
            if (softwareIncluded != null) {
                for (int i = 0; i < softwareIncluded.size(); i++) {
                    Software entry = softwareIncluded.get(i);
                    if (entry == null || entry.name() == null || entry.name().isBlank()) {
                        throw new InvalidSettingException(
                                "softwareIncluded entry " + (i + 1) + " has no name: every"
                                        + " entry of the listing's software table needs one",
                                "softwareIncluded");
                    }
                }
            }
            return new AppUpdate(imageId, reasonForUpdate, version, osVersion, softwareIncluded);
        }
    }
}
