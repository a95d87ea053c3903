package io.github.oneclick.marketplace.validation.rules;

import io.github.oneclick.marketplace.validation.Facts;
import io.github.oneclick.marketplace.validation.Results;
import io.github.oneclick.marketplace.validation.Rule;
import io.github.oneclick.marketplace.validation.Severity;
import io.github.oneclick.marketplace.validation.Upstream;
import java.util.ArrayList;
import java.util.List;

/** Upstream check #5: no pending security updates. */
final class UpdateRules {
    private UpdateRules() {}

    static final Rule SECURITY = Rule.id("MP-UPDATES-SECURITY")
            .title("No pending security updates")
            .description("apt: lines of `apt-get --just-print upgrade` matching *security*; yum/dnf:"
                    + " `check-update --security`. With `marketplace.refreshPackageIndex` (default true) the"
                    + " indexes of the `-security` suites are refreshed first (`apt-get update` of those sources"
                    + " only), or the whole index, as upstream, when no source is a security suite.")
            .severity(Severity.FAIL)
            .upstream(Upstream.check("#5 security updates"))
            .comparison("Same, or stricter: the count is the larger of upstream's halved line count and the"
                    + " distinct package list, so a single update is not halved to 0; a failing package manager"
                    + " FAILs instead of passing. Refreshing only the security suites (upstream refreshes all)"
                    + " cannot lower the count: the other lists can only be older, so a security candidate wins as"
                    + " often or more.")
            .facts(
                    "updates.state",
                    "updates.manager",
                    "updates.security.pkg",
                    "updates.security.lines",
                    "updates.refresh",
                    "updates.refresh.scope")
            .fix("Install the updates ('apt-get upgrade', or 'yum update --security').")
            .notCollectedUnless(
                    facts -> facts.commandsCollected()
                            && !facts.get("updates.state")
                                    .orElse("not-collected")
                                    .equals("not-collected"),
                    "the package manager is not run in an image directory")
            .verdict(UpdateRules::judge);

    static final List<Rule> RULES = List.of(SECURITY);

    private static void judge(Facts facts, Results out) {
        String state = facts.get("updates.state").orElse("not-collected");
        String manager = facts.get("updates.manager").orElse("none");
        if (state.equals("unavailable")) {
            out.fail("No package manager found to check for security updates (" + manager + ")")
                    .upstreamWording("Error encountered")
                    .fix("Validate a distribution with apt or yum, the package managers 99-img-check.sh v1.8.1"
                            + " knows.")
                    .note("99-img-check.sh v1.8.1 prints 'Error encountered' and exits 1");
            return;
        }
        if (state.equals("failed")) {
            out.fail("The package manager (" + manager + ") could not list pending updates, so security updates"
                            + " cannot be ruled out.")
                    .fix(
                            manager.equals("apt")
                                    ? "Run 'apt-get --just-print upgrade' on the droplet to see why."
                                    : "Run 'yum check-update --security' on the droplet to see why.")
                    .stricter("99-img-check.sh v1.8.1 counts nothing and passes when the package manager fails");
            return;
        }
        List<String> packages = facts.all("updates.security.pkg").stream()
                .map(r -> Facts.field(r, 0))
                .toList();
        long lines = Facts.number(facts.get("updates.security.lines").orElse("0"));
        long upstreamCount = manager.equals("apt") ? lines / 2 : lines;
        long count = Math.max(upstreamCount, packages.size());
        List<String> details = new ArrayList<>();
        if ("failed".equals(facts.get("updates.refresh").orElse(""))) {
            details.add("apt-get update failed: the package index may be stale.");
        }
        if (count == 0) {
            out.pass("There are no pending security updates for this image.")
                    .details(details)
                    .upstreamWording("There are no pending security updates for this image.");
            return;
        }
        if (!packages.isEmpty()) {
            details.add("Here is a list of the security updates that are not installed:");
            packages.forEach(p -> details.add("  " + p));
        }
        var result = out.fail("There are " + count
                        + " security updates available for this image that have not been installed.")
                .details(details)
                .upstreamWording("There are " + upstreamCount
                        + " security updates available for this image that have not been installed.");
        if (upstreamCount == 0) {
            result.stricter("99-img-check.sh v1.8.1 halves the matching line count and misses a single update");
        }
    }
}
