package io.github.oneclick.marketplace.imagetest;

import io.github.oneclick.marketplace.validation.Status;
import java.util.List;
import java.util.Objects;

/**
 * One line of an image test: what was checked on the droplet made from the new image, and the verdict.
 *
 * @param id the check, such as {@code IMG-SERVICE}
 * @param subject what the line is about (a unit, a script, a command) or {@code null}
 * @param status {@code PASS} or {@code FAIL}; {@code WARN} for a first boot with recoverable errors; {@code OK} for
 *     information that is not counted
 * @param message what was found
 * @param details extra lines, such as the end of a command's output
 * @param fix how to fix a FAIL or WARN, or {@code null}
 */
public record ImageCheck(String id, String subject, Status status, String message, List<String> details, String fix) {
    /** cloud-init finished the first boot without errors. */
    public static final String FIRST_BOOT = "IMG-FIRST-BOOT";
    /** A script of {@code /var/lib/cloud/scripts/per-instance} ran at the first boot. */
    public static final String PER_INSTANCE = "IMG-PER-INSTANCE";
    /** The message of the day shows. */
    public static final String MOTD = "IMG-MOTD";
    /** A service the vendor lists is active. */
    public static final String SERVICE = "IMG-SERVICE";
    /** A test command of the vendor's passes. */
    public static final String COMMAND = "IMG-COMMAND";

    public ImageCheck {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        details = details == null ? List.of() : List.copyOf(details);
        if (fix != null && !status.finding()) {
            throw new IllegalArgumentException("only a FAIL or WARN has a fix: " + status + " " + message);
        }
    }

    static ImageCheck pass(String id, String subject, String message, List<String> details) {
        return new ImageCheck(id, subject, Status.PASS, message, details, null);
    }

    static ImageCheck fail(String id, String subject, String message, List<String> details, String fix) {
        return new ImageCheck(id, subject, Status.FAIL, message, details, Objects.requireNonNull(fix, "fix"));
    }

    /** A stable name for CI: the id, with the subject in brackets when there is one. */
    public String name() {
        return subject == null ? id : id + "[" + subject + "]";
    }
}
