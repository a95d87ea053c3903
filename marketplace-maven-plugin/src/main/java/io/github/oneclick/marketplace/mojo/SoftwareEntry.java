package io.github.oneclick.marketplace.mojo;

/**
 * One row of the listing's "software included" table, as configured in the POM:
 *
 * <pre>{@code
 * <software>
 *   <software>
 *     <name>Nginx</name>
 *     <version>1.26.2</version>
 *     <licenseType>BSD-2-Clause</licenseType>
 *   </software>
 * </software>
 * }</pre>
 *
 * An element left out keeps the listing's value; an empty element clears it.
 */
public class SoftwareEntry {
    private String name;
    private String version;
    private String releaseNotes;
    private String website;
    private String licenseType;
    private String licenseLink;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getReleaseNotes() {
        return releaseNotes;
    }

    public void setReleaseNotes(String releaseNotes) {
        this.releaseNotes = releaseNotes;
    }

    public String getWebsite() {
        return website;
    }

    public void setWebsite(String website) {
        this.website = website;
    }

    public String getLicenseType() {
        return licenseType;
    }

    public void setLicenseType(String licenseType) {
        this.licenseType = licenseType;
    }

    public String getLicenseLink() {
        return licenseLink;
    }

    public void setLicenseLink(String licenseLink) {
        this.licenseLink = licenseLink;
    }

    io.github.oneclick.vendor.model.Software toModel() {
        return new io.github.oneclick.vendor.model.Software(
                name, version, releaseNotes, website, licenseType, licenseLink);
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
