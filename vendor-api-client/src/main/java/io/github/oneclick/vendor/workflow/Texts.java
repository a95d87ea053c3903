package io.github.oneclick.vendor.workflow;

import java.time.Duration;
import java.util.Locale;

/** Formatting shared by the workflow's messages. */
final class Texts {
    private Texts() {
    }

    /** {@code 45s}, {@code 2m 05s}, {@code 1h 00m 00s}, {@code 1.5s}. */
    static String duration(Duration duration) {
        if (duration == null) {
            return "?";
        }
        long millis = duration.toMillis();
        if (millis < 0) {
            return "-" + duration(duration.negated());
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            long rest = millis % 1000;
            return rest == 0 ? seconds + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long hours = seconds / 3600;
        long minutes = (seconds % 3600) / 60;
        long secs = seconds % 60;
        if (hours > 0) {
            return String.format(Locale.ROOT, "%dh %02dm %02ds", hours, minutes, secs);
        }
        return String.format(Locale.ROOT, "%dm %02ds", minutes, secs);
    }
}
