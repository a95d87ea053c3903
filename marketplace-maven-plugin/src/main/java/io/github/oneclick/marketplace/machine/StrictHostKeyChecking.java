package io.github.oneclick.marketplace.machine;

import java.util.Locale;

/** How an unknown SSH host key is treated, as in OpenSSH's {@code StrictHostKeyChecking}. */
public enum StrictHostKeyChecking {
    /** Only hosts already in known_hosts (or matching the pinned fingerprint) are accepted. The default. */
    YES,
    /** Unknown hosts are added to known_hosts; a changed key is still refused. */
    ACCEPT_NEW,
    /** No verification at all: anyone on the network path can impersonate the droplet. */
    NO;

    /** Parses {@code yes}, {@code accept-new} or {@code no} (case-insensitive). */
    public static StrictHostKeyChecking parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("strictHostKeyChecking is null; use yes, accept-new or no");
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "yes":
            case "true":
                return YES;
            case "accept-new":
            case "accept_new":
                return ACCEPT_NEW;
            case "no":
            case "false":
            case "off":
                return NO;
            default:
                throw new IllegalArgumentException("marketplace.strictHostKeyChecking='" + value
                        + "' is not valid; use yes (default), accept-new or no");
        }
    }

    /** The OpenSSH spelling. */
    public String value() {
        return this == ACCEPT_NEW ? "accept-new" : name().toLowerCase(Locale.ROOT);
    }
}
