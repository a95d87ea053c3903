package io.github.oneclick.vendor.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A droplet ({@code GET /v2/droplets/{id}}), with the fields the publishing workflows use.
 *
 * @param id the droplet id
 * @param name the droplet name
 * @param status {@code new}, {@code active}, {@code off} or {@code archive}
 * @param locked an administrative lock; it does not say whether an action is running
 * @param snapshotIds ids of the droplet's snapshots
 * @param region the droplet's region
 * @param sizeSlug the size slug, such as {@code s-1vcpu-1gb}
 * @param disk the disk size in GB
 * @param networks the droplet's addresses
 * @param tags the droplet's tags
 * @param createdAt when the droplet was created
 * @param image the image the droplet was created from, or {@code null} when the answer has none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Droplet(
        long id,
        String name,
        String status,
        boolean locked,
        List<Long> snapshotIds,
        Region region,
        String sizeSlug,
        Integer disk,
        Networks networks,
        List<String> tags,
        Instant createdAt,
        Image image) {

    public static final String ACTIVE = "active";
    public static final String OFF = "off";

    public Droplet {
        snapshotIds = snapshotIds == null ? List.of() : List.copyOf(snapshotIds);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A droplet without its image, as before the image was read. */
    public Droplet(
            long id,
            String name,
            String status,
            boolean locked,
            List<Long> snapshotIds,
            Region region,
            String sizeSlug,
            Integer disk,
            Networks networks,
            List<String> tags,
            Instant createdAt) {
        this(id, name, status, locked, snapshotIds, region, sizeSlug, disk, networks, tags, createdAt, null);
    }

    public boolean isActive() {
        return ACTIVE.equals(status);
    }

    /** The region's slug, such as {@code nyc3}, or {@code null} when the answer has no region. */
    public String regionSlug() {
        return region == null ? null : region.slug();
    }

    public boolean isOff() {
        return OFF.equals(status);
    }

    /** The first public IPv4 address, as {@code godo}'s {@code PublicIPv4()} picks it. */
    public Optional<String> publicIpv4() {
        if (networks == null) {
            return Optional.empty();
        }
        return networks.v4().stream()
                .filter(n -> "public".equals(n.type()))
                .map(NetworkV4::ipAddress)
                .findFirst();
    }

    /** The droplet's networks. */
    public record Networks(List<NetworkV4> v4) {
        public Networks {
            v4 = v4 == null ? List.of() : List.copyOf(v4);
        }
    }

    /** One IPv4 network of a droplet. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NetworkV4(String ipAddress, String netmask, String gateway, String type) {}
}
