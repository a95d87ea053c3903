package io.github.oneclick.marketplace.validation.rules;

import io.github.oneclick.marketplace.validation.Rule;
import io.github.oneclick.marketplace.validation.Severity;
import io.github.oneclick.marketplace.validation.Upstream;
import java.util.List;
import java.util.Optional;

/** The SSH server droplets are reached with. */
final class SshRules {
    private SshRules() {}

    static final Rule SSHD_PRESENT = Rule.id("MP-SSHD-PRESENT")
            .title("openssh-server is installed")
            .description("The `openssh-server` package is installed (dpkg or rpm; without either, `/usr/sbin/sshd`"
                    + " exists).")
            .severity(Severity.FAIL)
            .upstream(Upstream.none("docs: prerequisites"))
            .comparison("New: a documented prerequisite that upstream never checks.")
            .facts("pkg", "file")
            .fix("Install the openssh-server package.")
            .verdict((facts, out) -> {
                Optional<String> pkg = facts.lookup("pkg", "openssh-server");
                boolean present = pkg.map(p -> p.equals("installed") || p.equals("install-ok-installed"))
                        .orElseGet(() -> "1"
                                .equals(facts.lookup("file", "/usr/sbin/sshd").orElse("0")));
                if (present) {
                    out.pass("openssh-server is installed.");
                } else {
                    out.fail("openssh-server is not installed; droplets created from this image cannot be reached"
                                    + " over SSH.")
                            .note("a prerequisite of DigitalOcean's Marketplace documentation that"
                                    + " 99-img-check.sh v1.8.1 never checks");
                }
            });

    static final List<Rule> RULES = List.of(SSHD_PRESENT);
}
