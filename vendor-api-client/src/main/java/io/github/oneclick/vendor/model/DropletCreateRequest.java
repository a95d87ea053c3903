package io.github.oneclick.vendor.model;

import io.github.oneclick.vendor.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code POST /v2/droplets} creates: one droplet. Immutable; build one with {@link #builder()}, whose setters
 * check their input at once with an {@link InvalidSettingException} that names the field.
 *
 * <p><b>The run tag.</b> A droplet costs money, so a create is never sent twice blindly: when its outcome is unclear
 * (a timeout after sending, a cut connection, a 5xx), the client reads the droplets carrying {@link #runTag()} to
 * learn whether it took effect, and sends it again only when the reads prove it did not. That works only if the run
 * tag is carried by no other droplet: use a tag unique to this create, such as the pipeline's run id
 * ({@code run:github-1234567-1}). It is required, and it is sent among {@link #tags()}.
 *
 * <p>Defaults: no SSH key, no user data, no monitoring, no IPv6, no backups, the region's default VPC. DigitalOcean
 * advises building a Marketplace image on a droplet without monitoring, IPv6 or backups, so that none of their agents
 * or settings end up in the image.
 *
 * <pre>{@code
 * DropletCreateRequest request = DropletCreateRequest.builder()
 *         .name("wordpress-build-6-8-1")
 *         .region("nyc3")
 *         .size("s-1vcpu-1gb")
 *         .image("ubuntu-24-04-x64")
 *         .sshKey(SshKey.fingerprintOf(publicKey))
 *         .runTag("run:github-1234567-1")
 *         .build();
 * }</pre>
 *
 * @param name the droplet name: letters, digits, {@code .} and {@code -}
 * @param region the region slug, such as {@code nyc3}
 * @param size the size slug, such as {@code s-1vcpu-1gb}
 * @param image a public image slug, such as {@code ubuntu-24-04-x64}, or the numeric id of a snapshot or custom image
 * @param sshKeys ids or MD5 fingerprints of the account's SSH keys that get root access
 * @param userData cloud-init user data, at most {@value #MAX_USER_DATA_BYTES} bytes in UTF-8, or {@code null}
 * @param tags the droplet's tags, the run tag included
 * @param runTag the tag unique to this create, by which an unclear create is reconciled
 * @param monitoring whether the monitoring agent is installed
 * @param ipv6 whether IPv6 is enabled
 * @param backups whether automated backups are enabled
 * @param vpcUuid the VPC to place the droplet in, or {@code null} for the region's default VPC
 */
public record DropletCreateRequest(
        String name,
        String region,
        String size,
        String image,
        List<String> sshKeys,
        String userData,
        List<String> tags,
        String runTag,
        boolean monitoring,
        boolean ipv6,
        boolean backups,
        String vpcUuid) {

    /** The most user data DigitalOcean accepts: 64 KiB. */
    public static final int MAX_USER_DATA_BYTES = 64 * 1024;
    /** The longest tag DigitalOcean accepts. */
    public static final int MAX_TAG_LENGTH = 255;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9.-]+");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern IMAGE = Pattern.compile("[1-9][0-9]*|[a-z0-9][a-z0-9.-]*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_:.-]+");
    private static final Pattern KEY_ID = Pattern.compile("[1-9][0-9]*");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){15}");
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Checks every field, as the builder does, so that no invalid request exists. */
    public DropletCreateRequest {
        name = checkName(name);
        region = checkSlug(region, "region", "nyc3");
        size = checkSlug(size, "size", "s-1vcpu-1gb");
        image = checkImage(image);
        sshKeys = List.copyOf(checkEach(sshKeys == null ? List.of() : sshKeys, DropletCreateRequest::checkSshKey));
        userData = checkUserData(userData);
        runTag = checkTag(runTag, "runTag");
        Set<String> allTags = new LinkedHashSet<>(checkEach(tags == null ? List.of() : tags, t -> checkTag(t, "tags")));
        allTags.add(runTag);
        tags = List.copyOf(allTags);
        vpcUuid = checkVpc(vpcUuid);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The image as the API takes it: a numeric id as a number, a slug as a string. */
    public boolean imageIsId() {
        return KEY_ID.matcher(image).matches();
    }

    /** Leaves the user data out: it may hold secrets. */
    @Override
    public String toString() {
        return "DropletCreateRequest[name=" + name + ", region=" + region + ", size=" + size + ", image=" + image
                + ", sshKeys=" + sshKeys + ", userData=" + (userData == null ? "none" : userData.length() + " chars")
                + ", tags=" + tags + ", runTag=" + runTag + ", monitoring=" + monitoring + ", ipv6=" + ipv6
                + ", backups=" + backups + ", vpcUuid=" + vpcUuid + "]";
    }

    // ---------------------------------------------------------------- checks

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidSettingException("name is required: the droplet's name, such as 'app-build'", "name");
        }
        String trimmed = name.strip();
        if (!NAME.matcher(trimmed).matches()) {
            throw new InvalidSettingException(
                    "name '" + trimmed + "' has characters DigitalOcean does not allow in a droplet name: use only"
                            + " letters a-z A-Z, digits 0-9, '.' and '-'",
                    "name");
        }
        return trimmed;
    }

    private static String checkSlug(String value, String field, String example) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(
                    field + " is required: a " + field + " slug such as '" + example + "'", field);
        }
        String trimmed = value.strip();
        if (!SLUG.matcher(trimmed).matches()) {
            throw new InvalidSettingException(
                    field + " '" + trimmed + "' is not a " + field + " slug: use lower-case letters, digits and '-',"
                            + " such as '" + example + "'",
                    field);
        }
        return trimmed;
    }

    private static String checkImage(String image) {
        if (image == null || image.isBlank()) {
            throw new InvalidSettingException(
                    "image is required: a public image slug such as 'ubuntu-24-04-x64', or a snapshot's numeric id",
                    "image");
        }
        String trimmed = image.strip();
        if (!IMAGE.matcher(trimmed).matches()) {
            throw new InvalidSettingException(
                    "image '" + trimmed + "' is neither an image slug nor an image id: use a public image slug such"
                            + " as 'ubuntu-24-04-x64', or a snapshot's numeric id",
                    "image");
        }
        return trimmed;
    }

    private static String checkSshKey(String key) {
        String trimmed = key == null ? "" : key.strip();
        if (!KEY_ID.matcher(trimmed).matches() && !FINGERPRINT.matcher(trimmed).matches()) {
            throw new InvalidSettingException(
                    "sshKeys entry '" + trimmed + "' is neither an SSH key id nor an MD5 fingerprint: use the id or"
                            + " the fingerprint (such as 3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa) of a key"
                            + " of the account; SshKey.fingerprintOf(publicKey) computes it",
                    "sshKeys");
        }
        return trimmed;
    }

    private static String checkUserData(String userData) {
        if (userData == null) {
            return null;
        }
        int bytes = userData.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_USER_DATA_BYTES) {
            throw new InvalidSettingException(
                    "userData is " + bytes + " bytes, more than the " + MAX_USER_DATA_BYTES + " bytes (64 KiB)"
                            + " DigitalOcean accepts: move large files out of the cloud-init data and fetch them"
                            + " from the droplet instead",
                    "userData");
        }
        return userData;
    }

    private static String checkTag(String tag, String field) {
        if (tag == null || tag.isBlank()) {
            throw new InvalidSettingException(
                    "runTag".equals(field)
                            ? "runTag is required: a tag no other droplet carries, such as the pipeline's run id"
                                    + " ('run:github-1234567-1'), so that an unclear create is settled by reading"
                                    + " the droplets with that tag instead of creating a second droplet"
                            : "tags entries must not be blank",
                    field);
        }
        String trimmed = tag.strip();
        if (trimmed.length() > MAX_TAG_LENGTH) {
            throw new InvalidSettingException(
                    label(field) + " of " + trimmed.length() + " characters is longer than the " + MAX_TAG_LENGTH
                            + " DigitalOcean accepts: shorten it",
                    field);
        }
        if (!TAG.matcher(trimmed).matches()) {
            throw new InvalidSettingException(
                    label(field) + " '" + trimmed + "' has characters DigitalOcean does not allow in a tag: use only"
                            + " letters, digits, '_', ':', '.' and '-'",
                    field);
        }
        return trimmed;
    }

    private static String label(String field) {
        return "tags".equals(field) ? "tags entry" : field;
    }

    private static String checkVpc(String vpcUuid) {
        if (vpcUuid == null) {
            return null;
        }
        String trimmed = vpcUuid.strip();
        if (!UUID.matcher(trimmed).matches()) {
            throw new InvalidSettingException(
                    "vpcUuid '" + trimmed + "' is not a VPC id: use the UUID of a VPC in the droplet's region, or"
                            + " leave it unset for the region's default VPC",
                    "vpcUuid");
        }
        return trimmed;
    }

    private interface Check {
        String apply(String value);
    }

    private static List<String> checkEach(List<String> values, Check check) {
        List<String> checked = new ArrayList<>(values.size());
        for (String value : values) {
            String one = check.apply(value);
            if (!checked.contains(one)) {
                checked.add(one);
            }
        }
        return checked;
    }

    /** Builds a {@link DropletCreateRequest}; every setter checks its input at once. */
    public static final class Builder {
        private String name;
        private String region;
        private String size;
        private String image;
        private final List<String> sshKeys = new ArrayList<>();
        private String userData;
        private final List<String> tags = new ArrayList<>();
        private String runTag;
        private boolean monitoring;
        private boolean ipv6;
        private boolean backups;
        private String vpcUuid;

        private Builder() {}

        public Builder name(String name) {
            this.name = checkName(name);
            return this;
        }

        public Builder region(String region) {
            this.region = checkSlug(region, "region", "nyc3");
            return this;
        }

        public Builder size(String size) {
            this.size = checkSlug(size, "size", "s-1vcpu-1gb");
            return this;
        }

        /** A public image slug, such as {@code ubuntu-24-04-x64}. */
        public Builder image(String slug) {
            this.image = checkImage(slug);
            return this;
        }

        /** A snapshot or custom image by its id. */
        public Builder image(long imageId) {
            if (imageId <= 0) {
                throw new InvalidSettingException("image must be a positive image id, was " + imageId, "image");
            }
            this.image = Long.toString(imageId);
            return this;
        }

        /** Adds an SSH key of the account, by id or MD5 fingerprint. */
        public Builder sshKey(String idOrFingerprint) {
            String key = checkSshKey(idOrFingerprint);
            if (!sshKeys.contains(key)) {
                sshKeys.add(key);
            }
            return this;
        }

        /** Replaces the SSH keys, each by id or MD5 fingerprint. */
        public Builder sshKeys(List<String> idsOrFingerprints) {
            List<String> checked = checkEach(
                    idsOrFingerprints == null ? List.of() : idsOrFingerprints, DropletCreateRequest::checkSshKey);
            sshKeys.clear();
            sshKeys.addAll(checked);
            return this;
        }

        /** Cloud-init user data, at most 64 KiB in UTF-8; {@code null} for none. */
        public Builder userData(String userData) {
            this.userData = checkUserData(userData);
            return this;
        }

        /** Adds a tag. */
        public Builder tag(String tag) {
            String checked = checkTag(tag, "tags");
            if (!tags.contains(checked)) {
                tags.add(checked);
            }
            return this;
        }

        /** Replaces the tags (the run tag is added to them when the request is built). */
        public Builder tags(List<String> tags) {
            List<String> checked = checkEach(tags == null ? List.of() : tags, t -> checkTag(t, "tags"));
            this.tags.clear();
            this.tags.addAll(checked);
            return this;
        }

        /**
         * The tag unique to this create, such as the pipeline's run id (required). It is sent among the tags, and an
         * unclear create is reconciled by reading the droplets that carry it: see {@link DropletCreateRequest}.
         */
        public Builder runTag(String runTag) {
            this.runTag = checkTag(runTag, "runTag");
            return this;
        }

        public Builder monitoring(boolean monitoring) {
            this.monitoring = monitoring;
            return this;
        }

        public Builder ipv6(boolean ipv6) {
            this.ipv6 = ipv6;
            return this;
        }

        public Builder backups(boolean backups) {
            this.backups = backups;
            return this;
        }

        /** The VPC's UUID; {@code null} for the region's default VPC. */
        public Builder vpcUuid(String vpcUuid) {
            this.vpcUuid = checkVpc(vpcUuid);
            return this;
        }

        /** Builds the request; name, region, size, image and run tag are required. */
        public DropletCreateRequest build() {
            return new DropletCreateRequest(
                    name, region, size, image, sshKeys, userData, tags, runTag, monitoring, ipv6, backups, vpcUuid);
        }

        @Override
        public String toString() {
            return "DropletCreateRequest.Builder[name=" + name + ", runTag=" + runTag + "]";
        }
    }
}
