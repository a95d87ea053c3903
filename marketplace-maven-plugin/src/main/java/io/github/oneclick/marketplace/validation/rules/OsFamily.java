package io.github.oneclick.marketplace.validation.rules;

import io.github.oneclick.marketplace.validation.Facts;
import java.util.Set;

/** The distribution family upstream branches on (firewall, agent hints): by OS name, else by os-release ids. */
enum OsFamily {
    UBUNTU,
    DEBIAN,
    RHEL,
    OTHER;

    /** The facts {@link #of(Facts)} reads; a rule that calls it declares them. */
    static final String[] FACTS = {"os.name", "os.id", "os.id_like"};

    private static final Set<String> RHEL_NAMES =
            Set.of("CentOS Linux", "CentOS Stream", "Rocky Linux", "AlmaLinux", "CloudLinux");

    static OsFamily of(Facts facts) {
        String os = facts.get("os.name").orElse("");
        if (os.equals("Ubuntu")) {
            return UBUNTU;
        }
        if (os.contains("Debian")) {
            return DEBIAN;
        }
        if (RHEL_NAMES.contains(os)) {
            return RHEL;
        }
        String ids = " " + facts.get("os.id").orElse("") + " "
                + facts.get("os.id_like").orElse("") + " ";
        if (ids.contains(" ubuntu ")) {
            return UBUNTU;
        }
        if (ids.contains(" debian ")) {
            return DEBIAN;
        }
        if (ids.contains(" rhel ") || ids.contains(" fedora ") || ids.contains(" centos ")) {
            return RHEL;
        }
        return OTHER;
    }
}
