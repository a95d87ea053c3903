package io.github.oneclick.marketplace.validation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns probe facts into results, in the order of 99-img-check.sh v1.8.1, followed by the recommendations upstream
 * never checks. Stateless apart from the result list of one evaluation.
 */
final class Rules {
    private static final Set<String> RHEL_NAMES = Set.of("CentOS Linux", "CentOS Stream", "Rocky Linux", "AlmaLinux",
            "CloudLinux");
    private static final Set<String> LOCKED = Set.of("!", "!!", "*");
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final String USERS_NOT_COUNTED = "counted: 99-img-check.sh v1.8.1 prints user findings but never"
            + " counts them (img-check.md §1.6-1)";
    private static final String USERS_SSH_NOT_READ = "99-img-check.sh v1.8.1 never reads users' .ssh (quoted glob,"
            + " img-check.md §1.6-2)";

    enum Family { UBUNTU, DEBIAN, RHEL, OTHER }

    private final Facts facts;
    private final ValidationOptions options;
    private final SupportedReleases releases;
    private final List<CheckResult> out = new ArrayList<>();
    private final Set<RuleId> skipReported = EnumSet.noneOf(RuleId.class);

    private Rules(Facts facts, ValidationOptions options) {
        this.facts = facts;
        this.options = options;
        this.releases = SupportedReleases.withAdditional(options.additionalReleases());
    }

    static List<CheckResult> evaluate(Facts facts, ValidationOptions options) {
        Rules rules = new Rules(facts, options);
        rules.run();
        return List.copyOf(rules.out);
    }

    private void run() {
        operatingSystem();
        cloudInit();
        sshd();
        firewall();
        securityUpdates();
        logs();
        users();
        root();
        agent();
        firstBoot();
        cloudInstances();
        motd();
        hostKeys();
        architecture();
    }

    // ---------------------------------------------------------------- helpers

    private void add(RuleId rule, String subject, Status status, String message, List<String> details,
            String upstream, Parity parity, String note) {
        out.add(new CheckResult(rule.id(), subject, status, message, details, upstream, parity, note));
    }

    /** Reports a skipped rule once; true when the rule is skipped. */
    private boolean skipped(RuleId rule) {
        if (!options.skips(rule)) {
            return false;
        }
        if (skipReported.add(rule)) {
            add(rule, null, Status.SKIP, rule.id() + " (" + rule.title() + ") skipped by marketplace.skipChecks",
                    List.of(), null, Parity.SAME, null);
        }
        return true;
    }

    private void notCollected(RuleId rule, String what) {
        add(rule, null, Status.SKIP, rule.title() + ": not collected on this target (" + what + ")", List.of(), null,
                Parity.SAME, null);
    }

    private String osName() {
        return facts.get("os.name").orElse("");
    }

    private String osVersion() {
        return facts.get("os.version").orElse("");
    }

    Family family() {
        String os = osName();
        if (os.equals("Ubuntu")) {
            return Family.UBUNTU;
        }
        if (os.contains("Debian")) {
            return Family.DEBIAN;
        }
        if (RHEL_NAMES.contains(os)) {
            return Family.RHEL;
        }
        String ids = " " + facts.get("os.id").orElse("") + " " + facts.get("os.id_like").orElse("") + " ";
        if (ids.contains(" ubuntu ")) {
            return Family.UBUNTU;
        }
        if (ids.contains(" debian ")) {
            return Family.DEBIAN;
        }
        if (ids.contains(" rhel ") || ids.contains(" fedora ") || ids.contains(" centos ")) {
            return Family.RHEL;
        }
        return Family.OTHER;
    }

    private boolean cmd(String name) {
        return "1".equals(facts.lookup("cmd", name).orElse("0"));
    }

    private static long number(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String field(List<String> row, int i) {
        return i < row.size() ? row.get(i) : "";
    }

    // ---------------------------------------------------------------- upstream checks 1-2

    private void operatingSystem() {
        String os = osName();
        String shown = os.isEmpty() ? "(unknown)" : os;
        Optional<SupportedReleases.Entry> entry = releases.find(os);
        if (!skipped(RuleId.OS_SUPPORTED)) {
            if (entry.isPresent()) {
                add(RuleId.OS_SUPPORTED, null, Status.PASS, "Supported Operating System Detected: " + os, List.of(),
                        "Supported Operating System Detected: " + os, Parity.SAME, null);
            } else {
                add(RuleId.OS_SUPPORTED, null, Status.FAIL, shown + " is not a supported Operating System",
                        List.of("Build on a supported base image, or add the release with"
                                + " marketplace.additionalReleases if DigitalOcean accepts it."),
                        shown + " is not a supported Operating System", Parity.SAME,
                        "99-img-check.sh v1.8.1 stops here (exit 1); the remaining checks still run so that every"
                                + " finding is reported");
            }
        }
        if (entry.isEmpty() || skipped(RuleId.OS_RELEASE)) {
            return;
        }
        if (entry.get().accepts(osVersion())) {
            add(RuleId.OS_RELEASE, null, Status.PASS, "Supported Release Detected: " + osVersion(), List.of(),
                    "Supported Release Detected: " + osVersion(), Parity.SAME, null);
        } else {
            boolean upstreamAccepts = upstreamAcceptsRelease(os, osVersion());
            add(RuleId.OS_RELEASE, null, Status.FAIL, os + " " + osVersion()
                    + " is not a supported Operating System Version",
                    List.of("Supported " + entry.get().name() + " releases: "
                            + String.join(", ", entry.get().releases())),
                    os + " " + osVersion() + " is not a supported Operating System Version",
                    upstreamAccepts ? Parity.STRICTER : Parity.SAME,
                    upstreamAccepts ? "release matching is anchored: 99-img-check.sh v1.8.1 accepts any "
                            + os + " version containing 8 or 9 (img-check.md §1.6-5)" : null);
        }
    }

    /** What the unanchored upstream matchers accept (img-check.md §1.3), for the parity note only. */
    static boolean upstreamAcceptsRelease(String os, String version) {
        switch (os) {
            case "Rocky Linux":
                return version.contains("8.") || version.contains("9.");
            case "AlmaLinux":
            case "CloudLinux":
                return version.contains("8") || version.contains("9");
            default:
                return false;
        }
    }

    // ---------------------------------------------------------------- cloud-init, openssh-server

    private void cloudInit() {
        boolean commands = facts.commandsCollected();
        boolean present = commands ? cmd("cloud-init")
                : "1".equals(facts.lookup("file", "/usr/bin/cloud-init").orElse("0"));
        if (!skipped(RuleId.CLOUDINIT_PRESENT)) {
            if (present) {
                add(RuleId.CLOUDINIT_PRESENT, null, Status.PASS, "Cloud-init is installed.", List.of(),
                        "Cloud-init is installed.", Parity.SAME, null);
            } else {
                add(RuleId.CLOUDINIT_PRESENT, null, Status.FAIL, "No valid version of cloud-init was found.",
                        List.of("Install cloud-init: DigitalOcean configures droplets (keys, network) with it."),
                        "No valid verison of cloud-init was found.", Parity.SAME, null);
            }
        }
        if (skipped(RuleId.CLOUDINIT_VERSION)) {
            return;
        }
        if (!commands) {
            notCollected(RuleId.CLOUDINIT_VERSION, "cloud-init --version is not run in an image directory");
            return;
        }
        if (!present) {
            return;
        }
        String raw = facts.get("cloudinit.version").orElse("");
        Matcher m = VERSION.matcher(raw);
        if (!m.find()) {
            add(RuleId.CLOUDINIT_VERSION, null, Status.WARN, "Cannot read the cloud-init version from '"
                    + raw.trim() + "'", List.of(), null, Parity.NEW, "DigitalOcean requires cloud-init 0.7.6 or"
                            + " newer (0.7.9 recommended); 99-img-check.sh v1.8.1 does not check the version");
            return;
        }
        int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
        String version = m.group();
        String note = "99-img-check.sh v1.8.1 only checks that cloud-init is on PATH (img-check.md §6.1)";
        if (compare(v, new int[] {0, 7, 6}) < 0) {
            add(RuleId.CLOUDINIT_VERSION, null, Status.FAIL, "cloud-init " + version
                    + " is older than 0.7.6, the oldest version DigitalOcean supports.",
                    List.of("Upgrade cloud-init (0.7.9 or newer is recommended)."), null, Parity.NEW, note);
        } else if (compare(v, new int[] {0, 7, 9}) < 0) {
            add(RuleId.CLOUDINIT_VERSION, null, Status.WARN, "cloud-init " + version
                    + " is older than the recommended 0.7.9.", List.of("Upgrade cloud-init."), null, Parity.NEW,
                    note);
        } else {
            add(RuleId.CLOUDINIT_VERSION, null, Status.PASS, "cloud-init " + version
                    + " meets the recommended 0.7.9.", List.of(), null, Parity.NEW, null);
        }
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private void sshd() {
        if (skipped(RuleId.SSHD_PRESENT)) {
            return;
        }
        Optional<String> pkg = facts.lookup("pkg", "openssh-server");
        boolean present = pkg.map(p -> p.equals("installed") || p.equals("install-ok-installed"))
                .orElseGet(() -> "1".equals(facts.lookup("file", "/usr/sbin/sshd").orElse("0")));
        if (present) {
            add(RuleId.SSHD_PRESENT, null, Status.PASS, "openssh-server is installed.", List.of(), null, Parity.NEW,
                    null);
        } else {
            add(RuleId.SSHD_PRESENT, null, Status.FAIL, "openssh-server is not installed; droplets created from"
                    + " this image cannot be reached over SSH.", List.of("Install the openssh-server package."), null,
                    Parity.NEW, "a documented prerequisite 99-img-check.sh v1.8.1 never checks (img-check.md §6.1)");
        }
    }

    // ---------------------------------------------------------------- firewall

    private static final String FIREWALL_COUNTED = "counted: 99-img-check.sh v1.8.1 shows the firewall warning but"
            + " leaves the summary at All Tests Passed (img-check.md §1.6-4)";

    private void firewall() {
        if (skipped(RuleId.FIREWALL)) {
            return;
        }
        if (!facts.commandsCollected()) {
            if ("yes".equalsIgnoreCase(facts.get("ufw.conf.enabled").orElse(""))) {
                firewallPass("ufw", Parity.SAME, "read from /etc/ufw/ufw.conf (ENABLED=yes)");
            } else if ("1".equals(facts.get("firewalld.enabled").orElse("0"))) {
                firewallPass("firewalld", Parity.SAME, "firewalld.service is enabled in the image");
            } else {
                firewallWarn("ufw", Parity.STRICTER, FIREWALL_COUNTED + "; in an image directory only ufw.conf and"
                        + " the firewalld unit are read");
            }
            return;
        }
        boolean ufwActive = "active".equals(facts.get("ufw.status").orElse(""));
        boolean firewalldActive = "active".equals(facts.get("firewalld.state").orElse(""));
        switch (family()) {
            case UBUNTU:
                if (ufwActive) {
                    firewallPass("ufw", Parity.SAME, null);
                } else {
                    firewallWarn("ufw", Parity.STRICTER, FIREWALL_COUNTED);
                }
                return;
            case RHEL:
                if ("1".equals(facts.get("csf.service").orElse("0"))
                        && "active".equals(facts.get("csf.state").orElse(""))) {
                    firewallPass("csf", Parity.SAME, null);
                } else if (firewalldActive) {
                    firewallPass("firewalld", Parity.SAME, null);
                } else {
                    firewallWarn("firewalld", Parity.STRICTER, "99-img-check.sh v1.8.1 always passes here: its"
                            + " firewalld test is true even when firewalld is stopped (img-check.md §1.6-3)");
                }
                return;
            default:
                debianFirewall(ufwActive, firewalldActive);
        }
    }

    private void debianFirewall(boolean ufwActive, boolean firewalldActive) {
        if (cmd("ufw")) {
            if (ufwActive) {
                firewallPass("ufw", Parity.SAME, null);
            } else {
                firewallWarn("ufw", Parity.STRICTER, FIREWALL_COUNTED);
            }
        } else if (cmd("firewall-cmd")) {
            if (firewalldActive) {
                firewallPass("firewalld", Parity.CORRECTED, "99-img-check.sh v1.8.1 always warns on Debian with"
                        + " firewalld (img-check.md §1.6-3); firewalld is active");
            } else {
                firewallWarn("firewalld", Parity.STRICTER, FIREWALL_COUNTED);
            }
        } else if ("1".equals(facts.get("iptables.module").orElse("0"))) {
            firewallPass("iptables", Parity.SAME, null);
        } else if (number(facts.get("nft.input_chains").orElse("0")) > 0) {
            firewallPass("nftables", Parity.CORRECTED, "99-img-check.sh v1.8.1 never examines nftables; an input"
                    + " chain is loaded");
        } else {
            firewallWarn("iptables", Parity.STRICTER, FIREWALL_COUNTED);
        }
    }

    private void firewallPass(String service, Parity parity, String note) {
        add(RuleId.FIREWALL, null, Status.PASS, "Firewall service (" + service + ") is active", List.of(),
                "Firewall service (" + service + ") is active", parity, note);
    }

    private void firewallWarn(String service, Parity parity, String note) {
        String message = "No firewall is configured. Ensure " + service + " is installed and configured";
        add(RuleId.FIREWALL, null, Status.WARN, message,
                List.of("Enable a firewall that allows SSH, e.g. 'ufw limit ssh && ufw --force enable'."), message,
                parity, note);
    }

    // ---------------------------------------------------------------- security updates

    private void securityUpdates() {
        if (skipped(RuleId.UPDATES_SECURITY)) {
            return;
        }
        String state = facts.get("updates.state").orElse("not-collected");
        if (!facts.commandsCollected() || state.equals("not-collected")) {
            notCollected(RuleId.UPDATES_SECURITY, "the package manager is not run in an image directory");
            return;
        }
        String manager = facts.get("updates.manager").orElse("none");
        if (state.equals("unavailable")) {
            add(RuleId.UPDATES_SECURITY, null, Status.FAIL, "No package manager found to check for security updates"
                    + " (" + manager + ")", List.of(), "Error encountered", Parity.SAME,
                    "99-img-check.sh v1.8.1 prints 'Error encountered' and exits 1");
            return;
        }
        if (state.equals("failed")) {
            add(RuleId.UPDATES_SECURITY, null, Status.FAIL, "The package manager (" + manager + ") could not list"
                    + " pending updates, so security updates cannot be ruled out.",
                    List.of(manager.equals("apt") ? "Run 'apt-get --just-print upgrade' on the droplet to see why."
                            : "Run 'yum check-update --security' on the droplet to see why."),
                    null, Parity.STRICTER, "99-img-check.sh v1.8.1 counts nothing and passes when the package"
                            + " manager fails");
            return;
        }
        List<String> packages = facts.all("updates.security.pkg").stream().map(r -> field(r, 0)).toList();
        long lines = number(facts.get("updates.security.lines").orElse("0"));
        long upstreamCount = manager.equals("apt") ? lines / 2 : lines;
        long count = Math.max(upstreamCount, packages.size());
        List<String> details = new ArrayList<>();
        if ("failed".equals(facts.get("updates.refresh").orElse(""))) {
            details.add("apt-get update failed: the package index may be stale.");
        }
        if (count > 0) {
            List<String> d = new ArrayList<>(details);
            if (!packages.isEmpty()) {
                d.add("Here is a list of the security updates that are not installed:");
                packages.forEach(p -> d.add("  " + p));
            }
            String message = "There are " + count
                    + " security updates available for this image that have not been installed.";
            boolean same = upstreamCount > 0;
            add(RuleId.UPDATES_SECURITY, null, Status.FAIL, message, d, "There are " + upstreamCount
                    + " security updates available for this image that have not been installed.",
                    same ? Parity.SAME : Parity.STRICTER, same ? null
                            : "99-img-check.sh v1.8.1 halves the matching line count and misses a single update");
        } else {
            add(RuleId.UPDATES_SECURITY, null, Status.PASS, "There are no pending security updates for this image.",
                    details, "There are no pending security updates for this image.", Parity.SAME, null);
        }
    }

    // ---------------------------------------------------------------- logs

    private void logs() {
        List<List<String>> rows = facts.all("log");
        if (!skipped(RuleId.LOGS_ARCHIVE)) {
            for (List<String> r : rows) {
                String path = field(r, 1);
                if (field(r, 0).equals("archive") && !path.equals("/var/log/cpanel-install.log")) {
                    add(RuleId.LOGS_ARCHIVE, path, Status.WARN, "Log archive " + path + " found; "
                            + field(r, 2) + " bytes (contents are not copied into reports)", List.of(),
                            "Log archive " + path + " found; Contents:", Parity.SAME, null);
                } else if (field(r, 0).equals("compressed")) {
                    add(RuleId.LOGS_ARCHIVE, path, Status.WARN, "Log archive " + path + " found; " + field(r, 2)
                            + " bytes", List.of(), null, Parity.STRICTER, "99-img-check.sh v1.8.1 ignores compressed"
                                    + " archives; 90-cleanup.sh removes them");
                }
            }
        }
        if (!skipped(RuleId.LOGS_ROTATED)) {
            for (List<String> r : rows) {
                if (field(r, 0).equals("rotated")) {
                    String path = field(r, 1);
                    add(RuleId.LOGS_ROTATED, path, Status.WARN, "Log archive " + path + " found; " + field(r, 2)
                            + " bytes (contents are not copied into reports)", List.of(),
                            "Log archive " + path + " found; Contents:", Parity.SAME, null);
                }
            }
        }
        if (!skipped(RuleId.LOGS_UNCLEARED)) {
            for (List<String> r : rows) {
                String path = field(r, 1);
                if (field(r, 0).equals("log") && !path.equals("/var/log/cpanel-install.log")
                        && number(field(r, 2)) > 50) {
                    add(RuleId.LOGS_UNCLEARED, path, Status.WARN, "un-cleared log file, " + path + " found; "
                            + field(r, 2) + " bytes (contents are not copied into reports)", List.of(),
                            "un-cleared log file, " + path + " found; Contents:", Parity.SAME, null);
                }
            }
        }
    }

    // ---------------------------------------------------------------- users and root

    private void users() {
        for (List<String> row : facts.all("passwd")) {
            String user = field(row, 0);
            long uid;
            try {
                uid = Long.parseLong(field(row, 1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (uid < 1000 || user.equals("nobody") || user.equals("centos") || user.equals("nfsnobody")) {
                continue;
            }
            userPassword(user);
            if (!skipped(RuleId.USER_SSH)) {
                homes(RuleId.USER_SSH, user, false);
            }
            if (!skipped(RuleId.USER_HISTORY)) {
                for (List<String> h : facts.all("history")) {
                    if (field(h, 0).equals(user)) {
                        history(RuleId.USER_HISTORY, user, number(field(h, 2)), false);
                    }
                }
            }
        }
    }

    private Optional<List<String>> shadow(String user) {
        return facts.all("shadow").stream().filter(r -> field(r, 0).equals(user)).findFirst();
    }

    private static String describePassword(List<String> shadow) {
        String kind = field(shadow, 1);
        String scheme = field(shadow, 2);
        switch (kind) {
            case "empty":
                return "The password field is empty: the account may log in without a password ('passwd --delete'"
                        + " leaves it empty); lock it with 'passwd --lock' or 'usermod -p \"*\"'.";
            case "locked-hash":
                return "The account is locked but still holds a " + scheme + " password hash; replace it with '*'.";
            case "hash":
                return "The password field holds a " + scheme + " hash (" + field(shadow, 3)
                        + " characters; not shown); lock it with 'passwd --lock' or 'usermod -p \"*\"'.";
            default:
                return "The password field is '" + kind + "'; only '!', '!!' or '*' count as no password.";
        }
    }

    private void userPassword(String user) {
        if (skipped(RuleId.USER_PASSWORD)) {
            return;
        }
        if (!"1".equals(facts.get("shadow.readable").orElse("0"))) {
            notCollected(RuleId.USER_PASSWORD, "/etc/shadow is not readable");
            return;
        }
        Optional<List<String>> entry = shadow(user);
        if (entry.isEmpty()) {
            add(RuleId.USER_PASSWORD, user, Status.WARN, "User " + user + " has no entry in /etc/shadow.",
                    List.of("Check the account with 'pwck'."), null, Parity.STRICTER,
                    "99-img-check.sh v1.8.1 prints nothing for a user without a shadow entry (img-check.md §1.6-7)");
        } else if (LOCKED.contains(field(entry.get(), 1))) {
            add(RuleId.USER_PASSWORD, user, Status.PASS, "User " + user + " has no password set.", List.of(),
                    "User " + user + " has no password set.", Parity.SAME, null);
        } else {
            String message = "User " + user
                    + " has a password set on their account. Only system users are allowed on the image.";
            add(RuleId.USER_PASSWORD, user, Status.FAIL, message, List.of(describePassword(entry.get())), message,
                    Parity.STRICTER, USERS_NOT_COUNTED);
        }
    }

    private void homes(RuleId rule, String user, boolean root) {
        for (List<String> home : facts.all("home")) {
            if (!field(home, 0).equals(user)) {
                continue;
            }
            String dir = field(home, 1);
            boolean upstreamHome = root ? dir.equals("/root") : dir.equals("/home/" + user);
            Parity infoParity = upstreamHome ? Parity.SAME : Parity.STRICTER;
            if (!"1".equals(field(home, 2))) {
                if (upstreamHome) {
                    add(rule, user, Status.OK, "User " + user + " does not have a directory in /home", List.of(),
                            "User " + user + " does not have a directory in /home", Parity.SAME, null);
                }
                continue;
            }
            String sshDir = dir + "/.ssh";
            boolean hasSshDir = facts.all("sshdir").stream()
                    .anyMatch(r -> field(r, 0).equals(user) && field(r, 1).equals(sshDir) && "1".equals(field(r, 2)));
            String where = upstreamHome ? "" : " in " + dir;
            if (!hasSshDir) {
                add(rule, user, Status.OK, "User " + user + " does not have an .ssh directory" + where, List.of(),
                        upstreamHome ? "User " + user + " does not have an .ssh directory" : null, infoParity, null);
                continue;
            }
            List<List<String>> files = facts.all("sshfile").stream()
                    .filter(r -> field(r, 0).equals(user) && field(r, 1).startsWith(sshDir + "/")).toList();
            int findings = 0;
            for (List<String> file : files) {
                findings += sshFile(rule, user, root, upstreamHome, file) ? 1 : 0;
            }
            if (findings == 0) {
                add(rule, user, Status.OK, "User " + user + " has no SSH keys present" + where, List.of(),
                        upstreamHome ? "User " + user + " has no SSH keys present" : null, infoParity, null);
            }
        }
    }

    /** One file in a .ssh directory; true when it produced a finding. */
    private boolean sshFile(RuleId rule, String user, boolean root, boolean upstreamHome, List<String> file) {
        String path = field(file, 1);
        long size = number(field(file, 2));
        String kind = field(file, 3);
        long keys = number(field(file, 4));
        String name = path.substring(path.lastIndexOf('/') + 1);
        boolean hidden = name.startsWith(".");
        boolean privateKey = kind.startsWith("private-");
        String userNote = root ? null : USERS_SSH_NOT_READ;
        if (name.equals("authorized_keys") || name.equals("authorized_keys2")) {
            if (size <= 50 && keys == 0) {
                return false;
            }
            String message = "User " + user + " has a populated " + name + " file in " + path;
            boolean same = root && upstreamHome && name.equals("authorized_keys") && size > 50;
            add(rule, user, Status.FAIL, message, List.of(keys + " key line(s), " + size + " bytes (not shown)."
                    + " Remove the file before the snapshot (marketplace.cleanup=true does for root); droplets get"
                    + " their keys from cloud-init."), name.equals("authorized_keys") ? message : null,
                    same ? Parity.SAME : Parity.STRICTER, same ? null
                            : userNote != null ? userNote : "99-img-check.sh v1.8.1 only reads authorized_keys"
                                    + " over 50 bytes in the home it assumes");
            return true;
        }
        if (privateKey || name.equals("id_rsa")) {
            if (size == 0) {
                String message = "User " + user + " has empty private key file in " + path;
                add(rule, user, Status.WARN, message, List.of("Remove the file."), message,
                        root && upstreamHome ? Parity.SAME : Parity.STRICTER, userNote);
                return true;
            }
            String message = "User " + user + " has a private key file in " + path;
            boolean same = root && upstreamHome && name.equals("id_rsa");
            add(rule, user, Status.FAIL, message, List.of("Kind: " + kind.replace("private-", "") + " private key, "
                    + size + " bytes (not shown). Remove it: every droplet would share it."),
                    same ? message : name.equals("id_rsa") ? message : null, same ? Parity.SAME : Parity.STRICTER,
                    same ? null : userNote != null ? userNote : "99-img-check.sh v1.8.1 only recognises id_rsa and"
                            + " merely warns about other private keys as 'a file' (img-check.md §1.4)");
            return true;
        }
        if (name.equals("known_hosts")) {
            if (size <= 50) {
                return false;
            }
            String message = root ? "User " + user + " has a populated known_hosts file in " + path
                    : "User " + user + " has a known_hosts file in " + path;
            add(rule, user, Status.WARN, message, List.of("Remove it unless the image needs it."), message,
                    root && upstreamHome ? Parity.SAME : Parity.STRICTER, userNote);
            return true;
        }
        String message = root ? "User " + user + " has a file in their .ssh directory at " + path
                : "User " + user + " has a file in their .ssh directory named " + path;
        add(rule, user, Status.WARN, message, List.of("Kind: " + kind + ", " + size + " bytes."),
                hidden ? null : message, root && upstreamHome && !hidden ? Parity.SAME : Parity.STRICTER,
                hidden ? "99-img-check.sh v1.8.1 skips hidden files in .ssh" : userNote);
        return true;
    }

    private void history(RuleId rule, String user, long size, boolean root) {
        if (size < 200) {
            String message = user + "'s Bash History appears to have been cleared";
            add(rule, user, Status.PASS, message, List.of(), message, Parity.SAME, null);
        } else {
            String message = user + "'s Bash History should be cleared to prevent sensitive information from leaking";
            add(rule, user, Status.FAIL, message, List.of(size + " bytes. Clear it: 'cat /dev/null > ~"
                    + (root ? "root" : user) + "/.bash_history' (marketplace.cleanup=true does for root)."), message,
                    root ? Parity.SAME : Parity.STRICTER, root ? null : USERS_NOT_COUNTED);
        }
    }

    private void root() {
        if (!skipped(RuleId.ROOT_PASSWORD)) {
            if (!"1".equals(facts.get("shadow.readable").orElse("0"))) {
                notCollected(RuleId.ROOT_PASSWORD, "/etc/shadow is not readable");
            } else {
                Optional<List<String>> entry = shadow("root");
                if (entry.isPresent() && LOCKED.contains(field(entry.get(), 1))) {
                    add(RuleId.ROOT_PASSWORD, "root", Status.PASS, "User root has no password set.", List.of(),
                            "User root has no password set.", Parity.SAME, null);
                } else if (entry.isEmpty()) {
                    add(RuleId.ROOT_PASSWORD, "root", Status.FAIL, "User root has no entry in /etc/shadow.",
                            List.of("Check the account with 'pwck'."), null, Parity.STRICTER,
                            "a missing shadow entry cannot be judged as no password");
                } else {
                    add(RuleId.ROOT_PASSWORD, "root", Status.FAIL, "User root has a password set on their account.",
                            List.of(describePassword(entry.get())), "User root has a password set on their account.",
                            Parity.SAME, null);
                }
            }
        }
        if (!skipped(RuleId.ROOT_SSH)) {
            homes(RuleId.ROOT_SSH, "root", true);
        }
        if (!skipped(RuleId.ROOT_HISTORY)) {
            Optional<List<String>> h = facts.all("history").stream()
                    .filter(r -> field(r, 0).equals("root") && field(r, 1).equals("/root/.bash_history")).findFirst();
            if (h.isPresent()) {
                history(RuleId.ROOT_HISTORY, "root", number(field(h.get(), 2)), true);
            } else {
                add(RuleId.ROOT_HISTORY, "root", Status.PASS, "The Root User's Bash History is not present",
                        List.of(), "The Root User's Bash History is not present", Parity.SAME, null);
            }
        }
    }

    // ---------------------------------------------------------------- agent

    private void agent() {
        if (skipped(RuleId.DO_AGENT)) {
            return;
        }
        if ("1".equals(facts.lookup("dir", "/opt/digitalocean").orElse("0"))) {
            List<String> hints = family() == Family.RHEL
                    ? List.of("To uninstall the agent: 'sudo yum remove droplet-agent'",
                            "To remove the DO directory: 'find /opt/digitalocean/ -type d -empty -delete'")
                    : List.of("To uninstall the agent and remove the DO directory: 'sudo apt-get purge"
                            + " droplet-agent'");
            List<String> details = new ArrayList<>(hints);
            details.add("Or build with droplet_agent = false in the Packer digitalocean source.");
            add(RuleId.DO_AGENT, null, Status.FAIL, "DigitalOcean directory detected.", details,
                    "DigitalOcean directory detected.", Parity.SAME, null);
        } else {
            add(RuleId.DO_AGENT, null, Status.PASS, "DigitalOcean Monitoring agent was not found", List.of(),
                    "DigitalOcean Monitoring agent was not found", Parity.SAME, null);
        }
    }

    // ---------------------------------------------------------------- recommendations upstream never checks

    private void firstBoot() {
        if (skipped(RuleId.FIRSTBOOT_EXEC)) {
            return;
        }
        List<List<String>> scripts = facts.all("firstboot");
        int good = 0;
        for (List<String> s : scripts) {
            String path = field(s, 0);
            if (!field(s, 1).equals("file")) {
                add(RuleId.FIRSTBOOT_EXEC, path, Status.WARN, path + " is not a regular file; cloud-init only runs"
                        + " executable regular files", List.of(), null, Parity.NEW,
                        "img-check.md §6.2: not checked by 99-img-check.sh v1.8.1");
            } else if (!"1".equals(field(s, 2))) {
                add(RuleId.FIRSTBOOT_EXEC, path, Status.FAIL, "First-boot script " + path
                        + " is not executable; cloud-init skips it and it never runs.",
                        List.of("Make it executable: 'chmod +x " + path + "' (or store it with mode 755)."), null,
                        Parity.NEW, "img-check.md §6.2: not checked by 99-img-check.sh v1.8.1");
            } else {
                good++;
            }
        }
        if (good == scripts.size()) {
            if (good > 0) {
                add(RuleId.FIRSTBOOT_EXEC, null, Status.PASS, "All " + good
                        + " first-boot scripts in /var/lib/cloud/scripts are executable.", List.of(), null,
                        Parity.NEW, null);
            } else {
                add(RuleId.FIRSTBOOT_EXEC, null, Status.OK, "No first-boot scripts in /var/lib/cloud/scripts",
                        List.of(), null, Parity.NEW, null);
            }
        }
    }

    private void cloudInstances() {
        if (skipped(RuleId.CLOUDINIT_INSTANCES)) {
            return;
        }
        long n = number(facts.get("cloud.instances").orElse("0"));
        if (n > 0) {
            add(RuleId.CLOUDINIT_INSTANCES, null, Status.WARN, "Stale cloud-init instance data found in"
                    + " /var/lib/cloud/instances (" + n + " entries).",
                    List.of("Remove it before the snapshot: 'rm -rf /var/lib/cloud/instances/*'"
                            + " (marketplace.cleanup=true does)."), null, Parity.NEW,
                    "90-cleanup.sh removes it; 99-img-check.sh v1.8.1 does not check it");
        } else {
            add(RuleId.CLOUDINIT_INSTANCES, null, Status.PASS, "No cloud-init instance data in"
                    + " /var/lib/cloud/instances.", List.of(), null, Parity.NEW, null);
        }
    }

    private void motd() {
        if (skipped(RuleId.MOTD)) {
            return;
        }
        if (!"1".equals(facts.get("motd.dir").orElse("0"))) {
            add(RuleId.MOTD, null, Status.OK, "No /etc/update-motd.d directory; the MOTD check does not apply",
                    List.of(), null, Parity.NEW, null);
            return;
        }
        List<List<String>> files = facts.all("motd").stream().filter(r -> field(r, 0).startsWith("99-")).toList();
        Optional<List<String>> executable = files.stream().filter(r -> "1".equals(field(r, 1))).findFirst();
        if (executable.isPresent()) {
            add(RuleId.MOTD, null, Status.PASS, "MOTD file /etc/update-motd.d/" + field(executable.get(), 0)
                    + " found.", List.of(), null, Parity.NEW, null);
        } else if (!files.isEmpty()) {
            add(RuleId.MOTD, null, Status.WARN, "MOTD file /etc/update-motd.d/" + field(files.get(0), 0)
                    + " is not executable; update-motd skips it.", List.of("chmod +x the file."), null, Parity.NEW,
                    "img-check.md §6.4: not checked by 99-img-check.sh v1.8.1");
        } else {
            add(RuleId.MOTD, null, Status.WARN, "No 99- MOTD file in /etc/update-motd.d.",
                    List.of("Add an executable /etc/update-motd.d/99-one-click that tells users how to get"
                            + " started."), null, Parity.NEW,
                    "img-check.md §6.4: not checked by 99-img-check.sh v1.8.1");
        }
    }

    private void hostKeys() {
        if (skipped(RuleId.HOSTKEYS)) {
            return;
        }
        List<String> keys = facts.all("hostkey").stream().map(r -> field(r, 0)).toList();
        if (keys.isEmpty()) {
            add(RuleId.HOSTKEYS, null, Status.PASS, "No SSH host keys in /etc/ssh.", List.of(), null, Parity.NEW,
                    null);
        } else {
            List<String> details = new ArrayList<>(keys);
            details.add("Remove them before the snapshot ('rm -f /etc/ssh/*key*', marketplace.cleanup=true does);"
                    + " each droplet then generates its own on first boot.");
            add(RuleId.HOSTKEYS, null, Status.WARN, keys.size() + " SSH host key(s) found in /etc/ssh.", details,
                    null, Parity.NEW, "90-cleanup.sh removes host keys; 99-img-check.sh v1.8.1 never verifies it");
        }
    }

    private void architecture() {
        if (skipped(RuleId.ARCH)) {
            return;
        }
        Optional<String> arch = facts.get("arch").filter(a -> !a.isBlank());
        if (!facts.commandsCollected() || arch.isEmpty()) {
            notCollected(RuleId.ARCH, "uname -m is not run in an image directory");
            return;
        }
        if (arch.get().equals("x86_64") || arch.get().equals("amd64")) {
            add(RuleId.ARCH, null, Status.PASS, "Architecture " + arch.get() + " is supported.", List.of(), null,
                    Parity.NEW, null);
        } else {
            add(RuleId.ARCH, null, Status.FAIL, "Architecture " + arch.get() + " is not x86_64; DigitalOcean"
                    + " droplets run x86_64 images.", List.of("Build the image on an x86_64 droplet."), null,
                    Parity.NEW, "img-check.md §6.9: not checked by 99-img-check.sh v1.8.1");
        }
    }
}
