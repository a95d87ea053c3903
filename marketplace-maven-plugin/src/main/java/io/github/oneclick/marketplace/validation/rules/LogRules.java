package io.github.oneclick.marketplace.validation.rules;

import io.github.oneclick.marketplace.validation.Facts;
import io.github.oneclick.marketplace.validation.Rule;
import io.github.oneclick.marketplace.validation.Severity;
import io.github.oneclick.marketplace.validation.Upstream;
import java.util.List;

/**
 * Upstream checks #7 to #9: logs at the top level of {@code /var/log}, one line per file. The probe reports sizes
 * only; no log content reaches a report. Each {@code log} fact is {@code KIND PATH SIZE}.
 */
final class LogRules {
    private LogRules() {}

    /** cPanel's installer log, which upstream ignores. */
    private static final String CPANEL_LOG = "/var/log/cpanel-install.log";

    static final Rule ARCHIVE = Rule.id("MP-LOGS-ARCHIVE")
            .title("No archived logs in /var/log")
            .description("No `/var/log/*-YYYYMMDD` archives, and no compressed `*.gz`, `*.xz`, `*.bz2`, `*.zst`.")
            .severity(Severity.WARN)
            .upstream(Upstream.check("#7 log archives"))
            .comparison("Same, or stricter: compressed archives also WARN (`90-cleanup.sh` removes them). Contents"
                    + " are never copied into reports (size only).")
            .facts("log")
            .fix("Delete archived logs before the snapshot (marketplace.cleanup=true does).")
            .verdict((facts, out) -> {
                for (List<String> r : facts.all("log")) {
                    String kind = Facts.field(r, 0);
                    String path = Facts.field(r, 1);
                    if (kind.equals("archive") && !path.equals(CPANEL_LOG)) {
                        out.warn("Log archive " + path + " found; " + Facts.field(r, 2) + " bytes (contents are not"
                                        + " copied into reports)")
                                .subject(path)
                                .upstreamWording("Log archive " + path + " found; Contents:");
                    } else if (kind.equals("compressed")) {
                        out.warn("Log archive " + path + " found; " + Facts.field(r, 2) + " bytes")
                                .subject(path)
                                .stricter("99-img-check.sh v1.8.1 ignores compressed archives; 90-cleanup.sh"
                                        + " removes them");
                    }
                }
            });

    static final Rule ROTATED = Rule.id("MP-LOGS-ROTATED")
            .title("No rotated logs in /var/log")
            .description("No `/var/log/*.[0-9]`.")
            .severity(Severity.WARN)
            .upstream(Upstream.check("#8 rotated logs"))
            .comparison("Same. Contents are never copied into reports (size only).")
            .facts("log")
            .fix("Delete rotated logs before the snapshot (marketplace.cleanup=true does).")
            .verdict((facts, out) -> {
                for (List<String> r : facts.all("log")) {
                    if (Facts.field(r, 0).equals("rotated")) {
                        String path = Facts.field(r, 1);
                        out.warn("Log archive " + path + " found; " + Facts.field(r, 2) + " bytes (contents are not"
                                        + " copied into reports)")
                                .subject(path)
                                .upstreamWording("Log archive " + path + " found; Contents:");
                    }
                }
            });

    static final Rule UNCLEARED = Rule.id("MP-LOGS-UNCLEARED")
            .title("Logs in /var/log are cleared")
            .description("Every top-level `/var/log/*.log` is at most 50 bytes (`lfd.log` without its reset lines;"
                    + " `cpanel-install.log` is ignored).")
            .severity(Severity.WARN)
            .upstream(Upstream.check("#9 un-cleared logs"))
            .comparison("Same. Logs written by the SSH session itself may appear (upstream issue #95).")
            .facts("log")
            .fix("Truncate the logs before the snapshot (marketplace.cleanup=true does).")
            .verdict((facts, out) -> {
                for (List<String> r : facts.all("log")) {
                    String path = Facts.field(r, 1);
                    if (Facts.field(r, 0).equals("log")
                            && !path.equals(CPANEL_LOG)
                            && Facts.number(Facts.field(r, 2)) > 50) {
                        out.warn("un-cleared log file, " + path + " found; " + Facts.field(r, 2) + " bytes (contents"
                                        + " are not copied into reports)")
                                .subject(path)
                                .upstreamWording("un-cleared log file, " + path + " found; Contents:");
                    }
                }
            });

    static final List<Rule> RULES = List.of(ARCHIVE, ROTATED, UNCLEARED);
}
