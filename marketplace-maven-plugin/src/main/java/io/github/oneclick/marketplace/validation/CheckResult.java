package io.github.oneclick.marketplace.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One line of the report. Verdicts build results through {@link Results}, which fills in what the rule declares.
 *
 * @param rule the rule that reported it (its id, title, severity, fix and upstream)
 * @param subject what the line is about (a user, a file) or null
 * @param status the verdict
 * @param message the console message (upstream wording where upstream has the check)
 * @param details extra lines (package names, sizes); never file contents, hashes or keys
 * @param fix how to fix this finding: the rule's fix unless the verdict knows better; null unless FAIL or WARN
 * @param upstreamWording the line 99-img-check.sh v1.8.1 prints for this finding, or null if it has none
 * @param parity how the verdict compares with upstream
 * @param note why the verdict is stricter or different, or null
 */
public record CheckResult(
        Rule rule,
        String subject,
        Status status,
        String message,
        List<String> details,
        String fix,
        String upstreamWording,
        Parity parity,
        String note) {

    public CheckResult {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        details = details == null ? List.of() : List.copyOf(details);
        Objects.requireNonNull(parity, "parity");
        if (!rule.severity().allows(status)) {
            throw new IllegalArgumentException("rule " + rule.id() + " has severity " + rule.severity()
                    + " and cannot report " + status + ": " + message);
        }
        if (fix != null && !status.finding()) {
            throw new IllegalArgumentException("only a FAIL or WARN has a fix: " + status + " " + message);
        }
    }

    /** The stable rule id, e.g. {@code MP-ROOT-SSH}. */
    public String id() {
        return rule.id();
    }

    /** True when this verdict is stricter than upstream's, or upstream has no such check. */
    public boolean stricter() {
        return (parity == Parity.STRICTER || parity == Parity.NEW) && status.finding();
    }

    /** A stable name for CI: the id, with the subject in brackets when there is one. */
    public String name() {
        return subject == null ? id() : id() + "[" + subject + "]";
    }

    /**
     * A result under construction; {@link Results} hands these out and builds them when the verdict returns. Each
     * value is checked as it is given.
     */
    public static final class Builder {
        private final Rule rule;
        private final Status status;
        private final String message;
        private String subject;
        private final List<String> details = new ArrayList<>();
        private String fix;
        private String upstreamWording;
        private Parity parity;
        private String note;

        Builder(Rule rule, Status status, String message, String subject) {
            this.rule = Objects.requireNonNull(rule, "rule");
            this.status = Objects.requireNonNull(status, "status");
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("rule " + rule.id() + ": a result needs a message");
            }
            if (!rule.severity().allows(status)) {
                throw new IllegalArgumentException("rule " + rule.id() + " has severity " + rule.severity()
                        + " and cannot report " + status + ": " + message);
            }
            this.message = message;
            this.subject = subject;
            this.parity = rule.upstream().defaultParity();
            this.fix = status.finding() ? rule.fix() : null;
        }

        /** What the line is about (a user, a file); null for the system as a whole. */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /** One more detail line. */
        public Builder detail(String detail) {
            details.add(Objects.requireNonNull(detail, "detail"));
            return this;
        }

        public Builder details(Collection<String> lines) {
            lines.forEach(this::detail);
            return this;
        }

        /** How to fix this particular finding, instead of the rule's fix. */
        public Builder fix(String fix) {
            if (!status.finding()) {
                throw new IllegalArgumentException("rule " + rule.id() + ": only a FAIL or WARN has a fix");
            }
            this.fix = Objects.requireNonNull(fix, "fix");
            return this;
        }

        /** The line 99-img-check.sh v1.8.1 prints for the same finding. */
        public Builder upstreamWording(String wording) {
            this.upstreamWording = Objects.requireNonNull(wording, "wording");
            return this;
        }

        /** Says why the verdict differs from, or how it relates to, upstream's. */
        public Builder note(String note) {
            this.note = Objects.requireNonNull(note, "note");
            return this;
        }

        public Builder parity(Parity parity) {
            this.parity = Objects.requireNonNull(parity, "parity");
            return this;
        }

        /** Upstream has the check but misses or does not count this finding; {@code why} says how. */
        public Builder stricter(String why) {
            return parity(Parity.STRICTER).note(why);
        }

        /** Upstream gets this wrong in the lenient direction too; {@code why} says how. */
        public Builder corrected(String why) {
            return parity(Parity.CORRECTED).note(why);
        }

        CheckResult build() {
            return new CheckResult(rule, subject, status, message, details, fix, upstreamWording, parity, note);
        }
    }
}
