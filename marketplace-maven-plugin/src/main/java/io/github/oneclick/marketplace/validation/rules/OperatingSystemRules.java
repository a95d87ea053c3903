package io.github.oneclick.marketplace.validation.rules;

import io.github.oneclick.marketplace.validation.Rule;
import io.github.oneclick.marketplace.validation.Severity;
import io.github.oneclick.marketplace.validation.SupportedReleases;
import io.github.oneclick.marketplace.validation.Upstream;
import java.util.List;
import java.util.Optional;

/** Upstream checks #1 and #2: the operating system and its release are supported. */
final class OperatingSystemRules {
    private OperatingSystemRules() {}

    static final Rule SUPPORTED = Rule.id("MP-OS-SUPPORTED")
            .title("Operating system is supported")
            .description("The OS name (`NAME` of `/etc/os-release`, with upstream's fallbacks) is in the supported"
                    + " table.")
            .severity(Severity.FAIL)
            .upstream(Upstream.check("#1 OS family"))
            .comparison("Same. Upstream exits here; the other checks still run so that every finding shows (the"
                    + " verdict is the same FAIL).")
            .facts("os.name")
            .fix("Build on a supported base image, or add the release with marketplace.additionalReleases if"
                    + " DigitalOcean accepts it.")
            .verdict((facts, out) -> {
                String os = facts.get("os.name").orElse("");
                String shown = os.isEmpty() ? "(unknown)" : os;
                if (out.supportedReleases().find(os).isPresent()) {
                    out.pass("Supported Operating System Detected: " + os)
                            .upstreamWording("Supported Operating System Detected: " + os);
                } else {
                    out.fail(shown + " is not a supported Operating System")
                            .upstreamWording(shown + " is not a supported Operating System")
                            .note("99-img-check.sh v1.8.1 stops here (exit 1); the remaining checks still run so"
                                    + " that every finding is reported");
                }
            });

    static final Rule RELEASE = Rule.id("MP-OS-RELEASE")
            .title("Operating system release is supported")
            .description("The release (`VERSION_ID`) is accepted for that OS; not judged when the OS itself is not"
                    + " supported.")
            .severity(Severity.FAIL)
            .upstream(Upstream.check("#2 OS release"))
            .comparison("Same, or stricter: matching is anchored, so AlmaLinux/CloudLinux `10.8` or `18` FAIL"
                    + " (upstream accepts any version containing 8 or 9). Rocky keeps upstream's `N.x` form.")
            .facts("os.name", "os.version")
            .fix("Use a supported release, or add it with marketplace.additionalReleases (e.g. Ubuntu:26.04).")
            .verdict((facts, out) -> {
                String os = facts.get("os.name").orElse("");
                String version = facts.get("os.version").orElse("");
                Optional<SupportedReleases.Entry> entry =
                        out.supportedReleases().find(os);
                if (entry.isEmpty()) {
                    return;
                }
                if (entry.get().accepts(version)) {
                    out.pass("Supported Release Detected: " + version)
                            .upstreamWording("Supported Release Detected: " + version);
                    return;
                }
                String message = os + " " + version + " is not a supported Operating System Version";
                var result = out.fail(message)
                        .upstreamWording(message)
                        .detail("Supported " + entry.get().name() + " releases: "
                                + String.join(", ", entry.get().releases()));
                if (upstreamAcceptsRelease(os, version)) {
                    result.stricter("release matching is anchored: 99-img-check.sh v1.8.1 accepts any " + os
                            + " version containing 8 or 9");
                }
            });

    static final List<Rule> RULES = List.of(SUPPORTED, RELEASE);

    /** What the unanchored release matchers of 99-img-check.sh v1.8.1 accept, for the parity note only. */
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
}
