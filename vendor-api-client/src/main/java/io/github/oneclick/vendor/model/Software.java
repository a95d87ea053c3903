package io.github.oneclick.vendor.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of a listing's "software included" table. A {@code null} field is left out of the request and keeps
 * the listing's value; a blank string is sent as given and clears it.
 *
 * @param name name of the software
 * @param version version of the software
 * @param releaseNotes release notes shown in the listing
 * @param website website of the software
 * @param licenseType license type
 * @param licenseLink link to the license
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Software(
        String name, String version, String releaseNotes, String website, String licenseType, String licenseLink) {

    /** Shorthand for the common case of a name and a version. */
    public static Software of(String name, String version) {
        return new Software(name, version, null, null, null, null);
    }
}
