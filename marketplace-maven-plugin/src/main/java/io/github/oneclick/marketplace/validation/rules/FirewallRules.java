package io.github.oneclick.marketplace.validation.rules;

import io.github.oneclick.marketplace.validation.CheckResult;
import io.github.oneclick.marketplace.validation.Facts;
import io.github.oneclick.marketplace.validation.Results;
import io.github.oneclick.marketplace.validation.Rule;
import io.github.oneclick.marketplace.validation.Severity;
import io.github.oneclick.marketplace.validation.Upstream;
import java.util.List;

/** Upstream check #4: a firewall is active. */
final class FirewallRules {
    private FirewallRules() {}

    private static final String COUNTED = "counted: 99-img-check.sh v1.8.1 shows the firewall warning but leaves the"
            + " summary at All Tests Passed";

    static final Rule FIREWALL = Rule.id("MP-FIREWALL")
            .title("A firewall is active")
            .description("Ubuntu: `ufw` active. Debian: ufw, else firewalld, else the `ip_tables` module, else an"
                    + " nftables input chain. RHEL family: csf or firewalld active. In an image directory:"
                    + " `ENABLED=yes` in `/etc/ufw/ufw.conf` or the firewalld unit enabled.")
            .severity(Severity.WARN)
            .upstream(Upstream.check("#4 firewall"))
            .comparison("Stricter (and corrected): the WARN is counted (the summary says *Some non-critical tests"
                    + " failed*; upstream stays at *All Tests Passed*). RHEL firewalld is really checked (upstream"
                    + " always passes). Debian firewalld or nftables that are active pass (upstream always warns or"
                    + " never looks).")
            .facts(
                    "ufw.conf.enabled",
                    "firewalld.enabled",
                    "ufw.status",
                    "firewalld.state",
                    "csf.service",
                    "csf.state",
                    "cmd",
                    "iptables.module",
                    "nft.input_chains")
            .facts(OsFamily.FACTS)
            .fix("Enable a firewall that allows SSH, e.g. 'ufw limit ssh && ufw --force enable'.")
            .verdict(FirewallRules::judge);

    static final List<Rule> RULES = List.of(FIREWALL);

    private static void judge(Facts facts, Results out) {
        if (!facts.commandsCollected()) {
            if ("yes".equalsIgnoreCase(facts.get("ufw.conf.enabled").orElse(""))) {
                pass(out, "ufw").note("read from /etc/ufw/ufw.conf (ENABLED=yes)");
            } else if ("1".equals(facts.get("firewalld.enabled").orElse("0"))) {
                pass(out, "firewalld").note("firewalld.service is enabled in the image");
            } else {
                warn(out, "ufw")
                        .stricter(
                                COUNTED + "; in an image directory only ufw.conf and the firewalld unit" + " are read");
            }
            return;
        }
        boolean ufwActive = "active".equals(facts.get("ufw.status").orElse(""));
        boolean firewalldActive = "active".equals(facts.get("firewalld.state").orElse(""));
        switch (OsFamily.of(facts)) {
            case UBUNTU:
                if (ufwActive) {
                    pass(out, "ufw");
                } else {
                    warn(out, "ufw").stricter(COUNTED);
                }
                return;
            case RHEL:
                if ("1".equals(facts.get("csf.service").orElse("0"))
                        && "active".equals(facts.get("csf.state").orElse(""))) {
                    pass(out, "csf");
                } else if (firewalldActive) {
                    pass(out, "firewalld");
                } else {
                    warn(out, "firewalld")
                            .stricter("99-img-check.sh v1.8.1 always passes here: its firewalld test"
                                    + " is true even when firewalld is stopped");
                }
                return;
            default:
                debian(facts, out, ufwActive, firewalldActive);
        }
    }

    private static void debian(Facts facts, Results out, boolean ufwActive, boolean firewalldActive) {
        if (command(facts, "ufw")) {
            if (ufwActive) {
                pass(out, "ufw");
            } else {
                warn(out, "ufw").stricter(COUNTED);
            }
        } else if (command(facts, "firewall-cmd")) {
            if (firewalldActive) {
                pass(out, "firewalld")
                        .corrected("99-img-check.sh v1.8.1 always warns on Debian with firewalld;"
                                + " firewalld is active");
            } else {
                warn(out, "firewalld").stricter(COUNTED);
            }
        } else if ("1".equals(facts.get("iptables.module").orElse("0"))) {
            pass(out, "iptables");
        } else if (Facts.number(facts.get("nft.input_chains").orElse("0")) > 0) {
            pass(out, "nftables")
                    .corrected("99-img-check.sh v1.8.1 never examines nftables; an input chain is" + " loaded");
        } else {
            warn(out, "iptables").stricter(COUNTED);
        }
    }

    private static boolean command(Facts facts, String name) {
        return "1".equals(facts.lookup("cmd", name).orElse("0"));
    }

    private static CheckResult.Builder pass(Results out, String service) {
        String message = "Firewall service (" + service + ") is active";
        return out.pass(message).upstreamWording(message);
    }

    private static CheckResult.Builder warn(Results out, String service) {
        String message = "No firewall is configured. Ensure " + service + " is installed and configured";
        return out.warn(message).upstreamWording(message);
    }
}
