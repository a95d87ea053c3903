package io.github.oneclick.sandbox;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** The loopback addresses (127.0.0.0/8) the sandbox hands to droplets: the lowest free one, reused once freed. */
final class LoopbackAddresses {
    private static final int NETWORK = 127 << 24;
    private static final int BROADCAST = NETWORK | 0x00ff_ffff;

    private LoopbackAddresses() {}

    /** The address as an int, or -1 when it is not a usable address of 127.0.0.0/8. */
    static int parse(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
        }
        return (value >>> 24) == 127 && value != NETWORK && value != BROADCAST ? value : -1;
    }

    static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /** The lowest address from {@code first} upward that is not in {@code taken}. */
    static String lowestFree(String first, Collection<String> taken) {
        Set<String> used = new HashSet<>(taken);
        for (int a = parse(first); a > 0 && a < BROADCAST; a++) {
            String candidate = format(a);
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No free loopback address left from " + first);
    }
}
