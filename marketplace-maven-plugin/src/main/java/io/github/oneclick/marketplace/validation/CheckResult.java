package io.github.oneclick.marketplace.validation;

import java.util.List;
import java.util.Objects;

/**
 * One line of the report.
 *
 * @param id the stable rule id, e.g. {@code MP-ROOT-SSH}
 * @param subject what the line is about (a user, a file) or null
 * @param status the verdict
 * @param message the console message (upstream wording where upstream has the check)
 * @param details extra lines (package names, hints); never file contents, hashes or keys
 * @param upstreamWording the line 99-img-check.sh v1.8.1 prints for this finding, or null if it has none
 * @param parity how the verdict compares with upstream
 * @param note why the verdict is stricter or different, or null
 */
public record CheckResult(String id, String subject, Status status, String message, List<String> details,
        String upstreamWording, Parity parity, String note) {

    public CheckResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        details = details == null ? List.of() : List.copyOf(details);
        Objects.requireNonNull(parity, "parity");
    }

    /** True when this verdict is stricter than upstream's, or upstream has no such check. */
    public boolean stricter() {
        return (parity == Parity.STRICTER || parity == Parity.NEW) && (status == Status.FAIL || status == Status.WARN);
    }

    /** A stable name for CI: the id, with the subject in brackets when there is one. */
    public String name() {
        return subject == null ? id : id + "[" + subject + "]";
    }
}
