package io.github.oneclick.marketplace.validation;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stable rule ids. Scheme: {@code MP-<AREA>[-<WHAT>]}, upper case, never reused or renamed. The upstream column
 * names the 99-img-check.sh v1.8.1 check (img-check.md §1.4 row) or the recommendation (§6) a rule covers.
 */
public enum RuleId {
    CLEANUP("MP-CLEANUP", "Cleanup steps of 90-cleanup.sh ran without error", "90-cleanup.sh"),
    OS_SUPPORTED("MP-OS-SUPPORTED", "Operating system is supported", "#1 OS family"),
    OS_RELEASE("MP-OS-RELEASE", "Operating system release is supported", "#2 OS release"),
    CLOUDINIT_PRESENT("MP-CLOUDINIT-PRESENT", "cloud-init is installed", "#3 cloud-init present"),
    CLOUDINIT_VERSION("MP-CLOUDINIT-VERSION", "cloud-init is 0.7.6 or newer (0.7.9 recommended)", "§6.1"),
    SSHD_PRESENT("MP-SSHD-PRESENT", "openssh-server is installed", "§6.1"),
    FIREWALL("MP-FIREWALL", "A firewall is active", "#4 firewall"),
    UPDATES_SECURITY("MP-UPDATES-SECURITY", "No pending security updates", "#5 security updates"),
    LOGS_ARCHIVE("MP-LOGS-ARCHIVE", "No archived logs in /var/log", "#7 log archives"),
    LOGS_ROTATED("MP-LOGS-ROTATED", "No rotated logs in /var/log", "#8 rotated logs"),
    LOGS_UNCLEARED("MP-LOGS-UNCLEARED", "Logs in /var/log are cleared", "#9 un-cleared logs"),
    USER_PASSWORD("MP-USER-PASSWORD", "Users (UID >= 1000) have no password", "#10-11 user password"),
    USER_SSH("MP-USER-SSH", "Users' .ssh holds no keys or stray files", "#12-13 user SSH files"),
    USER_HISTORY("MP-USER-HISTORY", "Users' bash history is cleared", "#14 user bash history"),
    ROOT_PASSWORD("MP-ROOT-PASSWORD", "root has no password", "#15 root password"),
    ROOT_SSH("MP-ROOT-SSH", "root's .ssh holds no keys or stray files", "#16 root SSH files"),
    ROOT_HISTORY("MP-ROOT-HISTORY", "root's bash history is cleared", "#17 root bash history"),
    DO_AGENT("MP-DO-AGENT", "No DigitalOcean agent directory /opt/digitalocean", "#18 agent directory"),
    FIRSTBOOT_EXEC("MP-FIRSTBOOT-EXEC", "First-boot scripts are executable", "§6.2"),
    CLOUDINIT_INSTANCES("MP-CLOUDINIT-INSTANCES", "No stale cloud-init instance data", "§6.2 / 90-cleanup.sh"),
    MOTD("MP-MOTD", "A 99- MOTD file in /etc/update-motd.d", "§6.4"),
    HOSTKEYS("MP-HOSTKEYS", "No SSH host keys baked into the image", "§6.10 / 90-cleanup.sh"),
    ARCH("MP-ARCH", "Generic x86_64 architecture", "§6.9");

    private final String id;
    private final String title;
    private final String upstream;

    RuleId(String id, String title, String upstream) {
        this.id = id;
        this.title = title;
        this.upstream = upstream;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The upstream check or recommendation this rule covers. */
    public String upstream() {
        return upstream;
    }

    public static Optional<RuleId> of(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equalsIgnoreCase(id.trim())).findFirst();
    }

    /** All ids, comma-separated, for messages. */
    public static String validIds() {
        return Arrays.stream(values()).map(RuleId::id).collect(Collectors.joining(", "));
    }
}
