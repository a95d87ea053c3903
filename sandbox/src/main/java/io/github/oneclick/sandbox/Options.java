package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How the sandbox behaves, beyond its state. Scenarios start from the options the sandbox was built
 * with and change some of them.
 *
 * @param actionDuration how long shutdown, power and transfer actions stay {@code in-progress}
 * @param snapshotDuration how long a snapshot action stays {@code in-progress}
 * @param listingLag how long a new snapshot stays out of the snapshot listings after its action
 *     completed ({@code GET /v2/images/{id}} finds it at once)
 * @param shutdownIgnored the {@code shutdown} action completes but droplets stay {@code active}
 * @param snapshotErrored snapshot actions end {@code errored} and make no image
 * @param rateLimitPerHour requests per token per rolling hour ({@code ratelimit-limit})
 * @param burstLimitPerMinute requests per token per rolling minute before a 429 with {@code
 *     retry-after}; 0 disables the burst limit
 * @param vendorErrorsHtml the Vendor API answers errors with an HTML page instead of JSON
 * @param statusLag how long a droplet still reads {@code active} after a {@code shutdown} or {@code power_off}
 *     completed and turned it off
 * @param publicIpv4 the public IPv4 address every droplet reports, such as {@code 127.0.0.1} when this process
 *     also serves the build droplet over SSH on loopback; {@code null} gives each droplet an address of its own from
 *     the documentation range 203.0.113.0/24
 * @param createDuration how long a {@code create} action of {@code POST /v2/droplets} stays {@code in-progress}, and so
 *     how long the new droplet stays {@code new}, without addresses
 * @param dropletAddressesFrom {@code null} (the default), or a loopback address such as {@code 127.0.1.1}: each
 *     droplet created through {@code POST /v2/droplets} then gets a loopback address of its own as its public IPv4,
 *     the lowest free one from this address upward, and a deleted droplet's address goes to the next droplet, as
 *     DigitalOcean reuses addresses; with it a process can serve each created droplet over SSH on its own address
 *     (Linux routes all of 127.0.0.0/8 to loopback). It wins over {@code publicIpv4} for those droplets.
 */
public record Options(
        Duration actionDuration,
        Duration snapshotDuration,
        Duration listingLag,
        boolean shutdownIgnored,
        boolean snapshotErrored,
        int rateLimitPerHour,
        int burstLimitPerMinute,
        boolean vendorErrorsHtml,
        boolean vendorAppsReadable,
        Duration statusLag,
        String publicIpv4,
        Duration createDuration,
        String dropletAddressesFrom) {

    public static Options defaults() {
        return new Options(
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                Duration.ZERO,
                false,
                false,
                5000,
                250,
                false,
                true,
                Duration.ZERO,
                null,
                Duration.ofSeconds(5),
                null);
    }

    public Options {
        requireNonNegative(actionDuration, "actionDuration");
        requireNonNegative(snapshotDuration, "snapshotDuration");
        requireNonNegative(listingLag, "listingLag");
        requireNonNegative(statusLag, "statusLag");
        requireNonNegative(createDuration, "createDuration");
        if (rateLimitPerHour < 1) {
            throw new IllegalArgumentException("rateLimitPerHour must be >= 1, got " + rateLimitPerHour);
        }
        if (dropletAddressesFrom != null && LoopbackAddresses.parse(dropletAddressesFrom) < 0) {
            throw new IllegalArgumentException("dropletAddressesFrom must be an IPv4 address in 127.0.0.0/8 other than"
                    + " 127.0.0.0 and 127.255.255.255, got " + dropletAddressesFrom);
        }
        if (burstLimitPerMinute < 0) {
            throw new IllegalArgumentException("burstLimitPerMinute must be >= 0, got " + burstLimitPerMinute);
        }
    }

    private static void requireNonNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a non-negative duration, got " + d);
        }
    }

    public Options withActionDuration(Duration d) {
        return edit(o -> o.actionDuration = d);
    }

    public Options withSnapshotDuration(Duration d) {
        return edit(o -> o.snapshotDuration = d);
    }

    public Options withListingLag(Duration d) {
        return edit(o -> o.listingLag = d);
    }

    public Options withShutdownIgnored(boolean b) {
        return edit(o -> o.shutdownIgnored = b);
    }

    public Options withSnapshotErrored(boolean b) {
        return edit(o -> o.snapshotErrored = b);
    }

    public Options withRateLimit(int perHour, int burstPerMinute) {
        return edit(o -> {
            o.rateLimitPerHour = perHour;
            o.burstLimitPerMinute = burstPerMinute;
        });
    }

    public Options withVendorErrorsHtml(boolean b) {
        return edit(o -> o.vendorErrorsHtml = b);
    }

    /**
     * Whether {@code GET /api/v1/vendor-portal/apps/{id}} answers (DigitalOcean's own scripts use it, but it is not
     * documented); when {@code false} it answers 404 like an unknown endpoint.
     */
    public Options withVendorAppsReadable(boolean b) {
        return edit(o -> o.vendorAppsReadable = b);
    }

    public Options withStatusLag(Duration d) {
        return edit(o -> o.statusLag = d);
    }

    public Options withPublicIpv4(String address) {
        return edit(o -> o.publicIpv4 = address);
    }

    public Options withCreateDuration(Duration d) {
        return edit(o -> o.createDuration = d);
    }

    /** Gives each droplet created through the API its own loopback address from this one upward; {@code null}: off. */
    public Options withDropletAddressesFrom(String firstAddress) {
        return edit(o -> o.dropletAddressesFrom = firstAddress);
    }

    /** This with some fields changed: the one way a wither makes a copy, through the compact constructor's checks. */
    private Options edit(Consumer<Draft> change) {
        Draft o = new Draft(this);
        change.accept(o);
        return o.build();
    }

    /** The fields of an {@link Options} while a wither changes some of them. */
    private static final class Draft {
        Duration actionDuration;
        Duration snapshotDuration;
        Duration listingLag;
        boolean shutdownIgnored;
        boolean snapshotErrored;
        int rateLimitPerHour;
        int burstLimitPerMinute;
        boolean vendorErrorsHtml;
        boolean vendorAppsReadable;
        Duration statusLag;
        String publicIpv4;
        Duration createDuration;
        String dropletAddressesFrom;

        Draft(Options from) {
            actionDuration = from.actionDuration;
            snapshotDuration = from.snapshotDuration;
            listingLag = from.listingLag;
            shutdownIgnored = from.shutdownIgnored;
            snapshotErrored = from.snapshotErrored;
            rateLimitPerHour = from.rateLimitPerHour;
            burstLimitPerMinute = from.burstLimitPerMinute;
            vendorErrorsHtml = from.vendorErrorsHtml;
            vendorAppsReadable = from.vendorAppsReadable;
            statusLag = from.statusLag;
            publicIpv4 = from.publicIpv4;
            createDuration = from.createDuration;
            dropletAddressesFrom = from.dropletAddressesFrom;
        }

        Options build() {
            return new Options(
                    actionDuration,
                    snapshotDuration,
                    listingLag,
                    shutdownIgnored,
                    snapshotErrored,
                    rateLimitPerHour,
                    burstLimitPerMinute,
                    vendorErrorsHtml,
                    vendorAppsReadable,
                    statusLag,
                    publicIpv4,
                    createDuration,
                    dropletAddressesFrom);
        }
    }

    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("actionSeconds", actionDuration.toMillis() / 1000.0);
        n.put("snapshotSeconds", snapshotDuration.toMillis() / 1000.0);
        n.put("listingLagSeconds", listingLag.toMillis() / 1000.0);
        n.put("shutdownIgnored", shutdownIgnored);
        n.put("snapshotErrored", snapshotErrored);
        n.put("rateLimitPerHour", rateLimitPerHour);
        n.put("burstLimitPerMinute", burstLimitPerMinute);
        n.put("vendorErrorsHtml", vendorErrorsHtml);
        n.put("vendorAppsReadable", vendorAppsReadable);
        n.put("statusLagSeconds", statusLag.toMillis() / 1000.0);
        n.put("publicIpv4", publicIpv4);
        n.put("createSeconds", createDuration.toMillis() / 1000.0);
        n.put("dropletAddressesFrom", dropletAddressesFrom);
        return n;
    }

    /** Applies the fields present in the admin endpoint's JSON; absent fields keep their value. */
    Options merge(JsonNode n) {
        Options o = this;
        if (n.hasNonNull("actionSeconds")) {
            o = o.withActionDuration(seconds(n.get("actionSeconds")));
        }
        if (n.hasNonNull("snapshotSeconds")) {
            o = o.withSnapshotDuration(seconds(n.get("snapshotSeconds")));
        }
        if (n.hasNonNull("listingLagSeconds")) {
            o = o.withListingLag(seconds(n.get("listingLagSeconds")));
        }
        if (n.hasNonNull("shutdownIgnored")) {
            o = o.withShutdownIgnored(n.get("shutdownIgnored").asBoolean());
        }
        if (n.hasNonNull("snapshotErrored")) {
            o = o.withSnapshotErrored(n.get("snapshotErrored").asBoolean());
        }
        if (n.hasNonNull("rateLimitPerHour") || n.hasNonNull("burstLimitPerMinute")) {
            o = o.withRateLimit(
                    n.path("rateLimitPerHour").asInt(o.rateLimitPerHour),
                    n.path("burstLimitPerMinute").asInt(o.burstLimitPerMinute));
        }
        if (n.hasNonNull("vendorErrorsHtml")) {
            o = o.withVendorErrorsHtml(n.get("vendorErrorsHtml").asBoolean());
        }
        if (n.hasNonNull("vendorAppsReadable")) {
            o = o.withVendorAppsReadable(n.get("vendorAppsReadable").asBoolean());
        }
        if (n.hasNonNull("statusLagSeconds")) {
            o = o.withStatusLag(seconds(n.get("statusLagSeconds")));
        }
        if (n.has("publicIpv4")) {
            o = o.withPublicIpv4(
                    n.get("publicIpv4").isNull() ? null : n.get("publicIpv4").asText());
        }
        if (n.hasNonNull("createSeconds")) {
            o = o.withCreateDuration(seconds(n.get("createSeconds")));
        }
        if (n.has("dropletAddressesFrom")) {
            o = o.withDropletAddressesFrom(
                    n.get("dropletAddressesFrom").isNull()
                            ? null
                            : n.get("dropletAddressesFrom").asText());
        }
        return o;
    }

    private static Duration seconds(JsonNode n) {
        return Duration.ofMillis(Math.round(n.asDouble() * 1000));
    }
}
