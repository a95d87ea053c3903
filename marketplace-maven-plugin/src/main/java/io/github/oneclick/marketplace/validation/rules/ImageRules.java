package io.github.oneclick.marketplace.validation.rules;

import io.github.oneclick.marketplace.validation.Facts;
import io.github.oneclick.marketplace.validation.Rule;
import io.github.oneclick.marketplace.validation.Severity;
import io.github.oneclick.marketplace.validation.Upstream;
import java.util.List;
import java.util.Optional;

/**
 * Upstream check #18 (the DigitalOcean agent) and what DigitalOcean's Marketplace documentation and 90-cleanup.sh ask
 * of an image that 99-img-check.sh v1.8.1 never checks: first boot, cloud-init state, MOTD, host keys, architecture.
 */
final class ImageRules {
    private ImageRules() {}

    static final Rule DO_AGENT = Rule.id("MP-DO-AGENT")
            .title("No DigitalOcean agent directory /opt/digitalocean")
            .description("`/opt/digitalocean` does not exist.")
            .severity(Severity.FAIL)
            .upstream(Upstream.check("#18 agent directory"))
            .comparison("Same. The uninstall hint is given for every Debian (upstream gives it only for an OS named"
                    + " exactly `Debian`).")
            .facts("dir")
            .facts(OsFamily.FACTS)
            .fix("Uninstall the agent ('apt-get purge droplet-agent' or 'yum remove droplet-agent'), or build with"
                    + " droplet_agent = false in the Packer digitalocean source.")
            .verdict((facts, out) -> {
                if (!"1".equals(facts.lookup("dir", "/opt/digitalocean").orElse("0"))) {
                    out.pass("DigitalOcean Monitoring agent was not found")
                            .upstreamWording("DigitalOcean Monitoring agent was not found");
                    return;
                }
                List<String> hints = OsFamily.of(facts) == OsFamily.RHEL
                        ? List.of(
                                "To uninstall the agent: 'sudo yum remove droplet-agent'",
                                "To remove the DO directory: 'find /opt/digitalocean/ -type d -empty -delete'")
                        : List.of("To uninstall the agent and remove the DO directory: 'sudo apt-get purge"
                                + " droplet-agent'");
                out.fail("DigitalOcean directory detected.")
                        .details(hints)
                        .fix("Or build with droplet_agent = false in the Packer digitalocean source.")
                        .upstreamWording("DigitalOcean directory detected.");
            });

    static final Rule FIRSTBOOT_EXEC = Rule.id("MP-FIRSTBOOT-EXEC")
            .title("First-boot scripts are executable")
            .description("Every entry of `/var/lib/cloud/scripts/per-{instance,boot,once}` is an executable regular"
                    + " file (a non-executable file FAILs, anything else WARNs).")
            .severity(Severity.FAIL)
            .upstream(Upstream.none("docs: first-boot scripts"))
            .comparison("New: cloud-init silently skips non-executable scripts, so they never run.")
            .facts("firstboot")
            .fix("Make each first-boot script executable: 'chmod +x PATH' (or store it with mode 755).")
            .verdict((facts, out) -> {
                String note = "DigitalOcean's Marketplace documentation requires executable first-boot scripts;"
                        + " 99-img-check.sh v1.8.1 does not check them";
                List<List<String>> scripts = facts.all("firstboot");
                int good = 0;
                for (List<String> s : scripts) {
                    String path = Facts.field(s, 0);
                    if (!Facts.field(s, 1).equals("file")) {
                        out.warn(path + " is not a regular file; cloud-init only runs executable regular files")
                                .subject(path)
                                .fix("Replace it with an executable script, or remove it.")
                                .note(note);
                    } else if (!"1".equals(Facts.field(s, 2))) {
                        out.fail("First-boot script " + path + " is not executable; cloud-init skips it and it never"
                                        + " runs.")
                                .subject(path)
                                .fix("Make it executable: 'chmod +x " + path + "' (or store it with mode 755).")
                                .note(note);
                    } else {
                        good++;
                    }
                }
                if (good == scripts.size() && good > 0) {
                    out.pass("All " + good + " first-boot scripts in /var/lib/cloud/scripts are executable.");
                } else if (scripts.isEmpty()) {
                    out.ok("No first-boot scripts in /var/lib/cloud/scripts");
                }
            });

    static final Rule CLOUDINIT_INSTANCES = Rule.id("MP-CLOUDINIT-INSTANCES")
            .title("No stale cloud-init instance data")
            .description("`/var/lib/cloud/instances` is empty.")
            .severity(Severity.WARN)
            .upstream(Upstream.none("docs / 90-cleanup.sh"))
            .comparison("New: instance data of the build droplet keeps per-instance scripts from running on new"
                    + " droplets; `90-cleanup.sh` removes it.")
            .facts("cloud.instances")
            .fix("Remove it before the snapshot: 'rm -rf /var/lib/cloud/instances/*' (marketplace.cleanup=true"
                    + " does).")
            .verdict((facts, out) -> {
                long n = Facts.number(facts.get("cloud.instances").orElse("0"));
                if (n > 0) {
                    out.warn("Stale cloud-init instance data found in /var/lib/cloud/instances (" + n + " entries).")
                            .note("90-cleanup.sh removes it; 99-img-check.sh v1.8.1 does not check it");
                } else {
                    out.pass("No cloud-init instance data in /var/lib/cloud/instances.");
                }
            });

    static final Rule MOTD = Rule.id("MP-MOTD")
            .title("A 99- MOTD file in /etc/update-motd.d")
            .description(
                    "An executable `99-*` file in `/etc/update-motd.d` (does not apply without that" + " directory).")
            .severity(Severity.WARN)
            .upstream(Upstream.none("docs: MOTD"))
            .comparison("New: the documentation recommends a MOTD that tells users how to get started.")
            .facts("motd.dir", "motd")
            .fix("Add an executable /etc/update-motd.d/99-one-click that tells users how to get started.")
            .verdict((facts, out) -> {
                if (!"1".equals(facts.get("motd.dir").orElse("0"))) {
                    out.ok("No /etc/update-motd.d directory; the MOTD check does not apply");
                    return;
                }
                String note = "DigitalOcean's Marketplace documentation recommends a 99- MOTD file; 99-img-check.sh"
                        + " v1.8.1 does not check it";
                List<List<String>> files = facts.all("motd").stream()
                        .filter(r -> Facts.field(r, 0).startsWith("99-"))
                        .toList();
                Optional<List<String>> executable = files.stream()
                        .filter(r -> "1".equals(Facts.field(r, 1)))
                        .findFirst();
                if (executable.isPresent()) {
                    out.pass("MOTD file /etc/update-motd.d/" + Facts.field(executable.get(), 0) + " found.");
                } else if (!files.isEmpty()) {
                    out.warn("MOTD file /etc/update-motd.d/" + Facts.field(files.get(0), 0) + " is not executable;"
                                    + " update-motd skips it.")
                            .fix("chmod +x the file.")
                            .note(note);
                } else {
                    out.warn("No 99- MOTD file in /etc/update-motd.d.").note(note);
                }
            });

    static final Rule HOSTKEYS = Rule.id("MP-HOSTKEYS")
            .title("No SSH host keys baked into the image")
            .description("No `/etc/ssh/ssh_host_*_key`.")
            .severity(Severity.WARN)
            .upstream(Upstream.none("docs / 90-cleanup.sh"))
            .comparison("New: droplets would share host keys until cloud-init regenerates them; `90-cleanup.sh`"
                    + " removes them.")
            .facts("hostkey")
            .fix("Remove them before the snapshot ('rm -f /etc/ssh/*key*', marketplace.cleanup=true does); each"
                    + " droplet then generates its own on first boot.")
            .verdict((facts, out) -> {
                List<String> keys = facts.all("hostkey").stream()
                        .map(r -> Facts.field(r, 0))
                        .toList();
                if (keys.isEmpty()) {
                    out.pass("No SSH host keys in /etc/ssh.");
                } else {
                    out.warn(keys.size() + " SSH host key(s) found in /etc/ssh.")
                            .details(keys)
                            .note("90-cleanup.sh removes host keys; 99-img-check.sh v1.8.1 never verifies it");
                }
            });

    static final Rule ARCH = Rule.id("MP-ARCH")
            .title("Generic x86_64 architecture")
            .description("`uname -m` is `x86_64` (or `amd64`).")
            .severity(Severity.FAIL)
            .upstream(Upstream.none("docs: generic architecture"))
            .comparison("New: DigitalOcean droplets are x86_64.")
            .facts("arch")
            .fix("Build the image on an x86_64 droplet.")
            .notCollectedUnless(
                    facts -> facts.commandsCollected()
                            && facts.get("arch").filter(a -> !a.isBlank()).isPresent(),
                    "uname -m is not run in an image directory")
            .verdict((facts, out) -> {
                String arch = facts.get("arch").orElse("");
                if (arch.equals("x86_64") || arch.equals("amd64")) {
                    out.pass("Architecture " + arch + " is supported.");
                } else {
                    out.fail("Architecture " + arch + " is not x86_64; DigitalOcean droplets run x86_64 images.")
                            .note("DigitalOcean's Marketplace documentation asks for a generic architecture;"
                                    + " 99-img-check.sh v1.8.1 does not check it");
                }
            });

    static final List<Rule> RULES = List.of(DO_AGENT, FIRSTBOOT_EXEC, CLOUDINIT_INSTANCES, MOTD, HOSTKEYS, ARCH);
}
