package io.github.oneclick.marketplace.validation.rules;

import io.github.oneclick.marketplace.validation.Facts;
import io.github.oneclick.marketplace.validation.Rule;
import io.github.oneclick.marketplace.validation.Severity;
import io.github.oneclick.marketplace.validation.Upstream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Upstream check #3 (cloud-init is installed) and the version DigitalOcean's documentation asks for. */
final class CloudInitRules {
    private CloudInitRules() {}

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    static final Rule PRESENT = Rule.id("MP-CLOUDINIT-PRESENT")
            .title("cloud-init is installed")
            .description("`cloud-init` is on PATH (in an image directory: `/usr/bin/cloud-init` exists).")
            .severity(Severity.FAIL)
            .upstream(Upstream.check("#3 cloud-init present"))
            .comparison("Same. The message spells *version* correctly; upstream's wording is kept in the reports.")
            .facts("cmd", "file")
            .fix("Install cloud-init: DigitalOcean configures droplets (keys, network) with it.")
            .verdict((facts, out) -> {
                if (present(facts)) {
                    out.pass("Cloud-init is installed.").upstreamWording("Cloud-init is installed.");
                } else {
                    out.fail("No valid version of cloud-init was found.")
                            .upstreamWording("No valid verison of cloud-init was found.");
                }
            });

    static final Rule VERSION_SUPPORTED = Rule.id("MP-CLOUDINIT-VERSION")
            .title("cloud-init is 0.7.6 or newer (0.7.9 recommended)")
            .description("`cloud-init --version` is at least 0.7.6 (FAIL below) and at least 0.7.9 (WARN below).")
            .severity(Severity.FAIL)
            .upstream(Upstream.none("docs: prerequisites"))
            .comparison("New: the documentation requires 0.76 and recommends 0.79 (0.7.6 and 0.7.9); upstream"
                    + " never tests the version.")
            .facts("cmd", "file", "cloudinit.version")
            .fix("Upgrade cloud-init (0.7.9 or newer is recommended).")
            .notCollectedUnless(Facts::commandsCollected, "cloud-init --version is not run in an image directory")
            .verdict((facts, out) -> {
                if (!present(facts)) {
                    return;
                }
                String raw = facts.get("cloudinit.version").orElse("");
                Matcher m = VERSION.matcher(raw);
                if (!m.find()) {
                    out.warn("Cannot read the cloud-init version from '" + raw.trim() + "'")
                            .fix("Check what 'cloud-init --version' prints on the droplet.")
                            .note("DigitalOcean requires cloud-init 0.7.6 or newer (0.7.9 recommended);"
                                    + " 99-img-check.sh v1.8.1 does not check the version");
                    return;
                }
                int[] v = {
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3))
                };
                String version = m.group();
                String note = "99-img-check.sh v1.8.1 only checks that cloud-init is on PATH";
                if (compare(v, new int[] {0, 7, 6}) < 0) {
                    out.fail("cloud-init " + version + " is older than 0.7.6, the oldest version DigitalOcean"
                                    + " supports.")
                            .note(note);
                } else if (compare(v, new int[] {0, 7, 9}) < 0) {
                    out.warn("cloud-init " + version + " is older than the recommended 0.7.9.")
                            .note(note);
                } else {
                    out.pass("cloud-init " + version + " meets the recommended 0.7.9.");
                }
            });

    static final List<Rule> RULES = List.of(PRESENT, VERSION_SUPPORTED);

    /** On PATH when the probe ran commands, else the file in the image. */
    private static boolean present(Facts facts) {
        return facts.commandsCollected()
                ? "1".equals(facts.lookup("cmd", "cloud-init").orElse("0"))
                : "1".equals(facts.lookup("file", "/usr/bin/cloud-init").orElse("0"));
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}
