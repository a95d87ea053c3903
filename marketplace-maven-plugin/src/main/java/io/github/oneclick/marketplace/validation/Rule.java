package io.github.oneclick.marketplace.validation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One check: what it is (id, title, severity, where upstream stands, the probe facts it reads, how to fix a finding)
 * and its verdict, which turns those facts into results. Immutable; built with {@link #id(String)}, which checks
 * every value as it is given.
 *
 * <pre>{@code
 * Rule.id("MP-ARCH")
 *         .title("Generic x86_64 architecture")
 *         .severity(Severity.FAIL)
 *         .upstream(Upstream.none("docs: generic architecture"))
 *         .facts("arch")
 *         .fix("Build the image on an x86_64 droplet.")
 *         .verdict((facts, out) -> ...);
 * }</pre>
 *
 * <p>Text: {@link #title()} and {@link #fix()} are plain text, shown in the reports; {@link #description()} and
 * {@link #comparison()} are Markdown, shown in the rule table of the site.
 */
public final class Rule {
    /** Stable ids: {@code MP-<AREA>[-<WHAT>]}, upper case, never reused or renamed. */
    public static final Pattern ID = Pattern.compile("MP(-[A-Z0-9]+)+");

    /** Judges the whole system ({@link Scope#SYSTEM}). */
    @FunctionalInterface
    public interface Verdict {
        void judge(Facts facts, Results out);
    }

    /** Judges one user ({@link Scope#USER}); results name the user unless they say otherwise. */
    @FunctionalInterface
    public interface UserVerdict {
        void judge(Facts facts, String user, Results out);
    }

    private final String id;
    private final String title;
    private final String description;
    private final Severity severity;
    private final Scope scope;
    private final Upstream upstream;
    private final String comparison;
    private final List<String> facts;
    private final String fix;
    private final Predicate<Facts> appliesWhen;
    private final Predicate<Facts> collectedWhen;
    private final String notCollectedReason;
    private final Verdict verdict;
    private final UserVerdict userVerdict;

    private Rule(Builder b, Scope scope, Verdict verdict, UserVerdict userVerdict) {
        this.id = b.id;
        this.title = require(b.title, "title");
        this.description = b.description;
        this.severity = require(b.severity, "severity");
        this.scope = scope;
        this.upstream = require(b.upstream, "upstream");
        this.comparison = b.comparison;
        if (b.facts.isEmpty()) {
            throw new IllegalStateException("rule " + id + " must declare the probe facts it reads (facts(...))");
        }
        this.facts = List.copyOf(b.facts);
        this.fix = require(b.fix, "fix");
        this.appliesWhen = b.appliesWhen;
        this.collectedWhen = b.collectedWhen;
        this.notCollectedReason = b.notCollectedReason;
        this.verdict = verdict;
        this.userVerdict = userVerdict;
    }

    private <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalStateException("rule " + id + " has no " + what);
        }
        return value;
    }

    /** Starts a rule with its stable id, such as {@code MP-ROOT-SSH}. */
    public static Builder id(String id) {
        return new Builder(id);
    }

    public String id() {
        return id;
    }

    /** What the rule checks, in a few words (plain text; skipped and not collected lines show it). */
    public String title() {
        return title;
    }

    /** What exactly it checks (Markdown, for the rule table), or null when the title says it all. */
    public String description() {
        return description;
    }

    /** The strongest verdict the rule reports: FAIL, or WARN for rules that only warn. */
    public Severity severity() {
        return severity;
    }

    public Scope scope() {
        return scope;
    }

    public Upstream upstream() {
        return upstream;
    }

    /** How the verdicts compare with upstream's and why (Markdown, for the rule table), or null. */
    public String comparison() {
        return comparison;
    }

    /** The probe fact keys the verdict reads; it may read no others. */
    public List<String> facts() {
        return facts;
    }

    /** How to fix a finding (plain text), unless a result says more precisely. */
    public String fix() {
        return fix;
    }

    /** Why the rule may be reported as not collected, or null when it always has its facts. */
    public String notCollectedReason() {
        return notCollectedReason;
    }

    /** Whether the rule applies to this run at all (a rule that does not apply reports nothing). */
    boolean applies(Facts facts) {
        return appliesWhen.test(facts);
    }

    /** Whether the probe collected what the rule needs on this machine. */
    boolean collected(Facts facts) {
        return collectedWhen.test(facts);
    }

    void judge(Facts facts, Results out) {
        verdict.judge(facts, out);
    }

    void judge(Facts facts, String user, Results out) {
        userVerdict.judge(facts, user, out);
    }

    @Override
    public String toString() {
        return "Rule[" + id + "]";
    }

    /** Builds a {@link Rule}; each value is checked as it is given, completeness when the verdict is given. */
    public static final class Builder {
        private final String id;
        private String title;
        private String description;
        private Severity severity;
        private Upstream upstream;
        private String comparison;
        private final Set<String> facts = new LinkedHashSet<>();
        private String fix;
        private Predicate<Facts> appliesWhen = f -> true;
        private Predicate<Facts> collectedWhen = f -> true;
        private String notCollectedReason;

        private Builder(String id) {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException(
                        "rule id '" + id + "' is not of the form MP-AREA[-WHAT]" + " (upper case letters and digits)");
            }
            this.id = id;
        }

        public Builder title(String title) {
            this.title = text(title, "title");
            return this;
        }

        public Builder description(String description) {
            this.description = text(description, "description");
            return this;
        }

        public Builder severity(Severity severity) {
            this.severity = Objects.requireNonNull(severity, "severity");
            return this;
        }

        public Builder upstream(Upstream upstream) {
            this.upstream = Objects.requireNonNull(upstream, "upstream");
            return this;
        }

        public Builder comparison(String comparison) {
            this.comparison = text(comparison, "comparison");
            return this;
        }

        /** The probe fact keys the verdict reads (as printed by {@code probe.sh}, e.g. {@code sshfile}). */
        public Builder facts(String... keys) {
            for (String key : keys) {
                facts.add(text(key, "fact key"));
            }
            return this;
        }

        public Builder fix(String fix) {
            this.fix = text(fix, "fix");
            return this;
        }

        /** The rule reports nothing, not even a skip, unless {@code condition} holds (e.g. cleanup ran). */
        public Builder appliesWhen(Predicate<Facts> condition) {
            this.appliesWhen = Objects.requireNonNull(condition, "condition");
            return this;
        }

        /**
         * The rule is reported once as {@code [SKIP]} "not collected on this target ({@code reason})" unless
         * {@code condition} holds, e.g. when the probe ran no commands in an image directory.
         */
        public Builder notCollectedUnless(Predicate<Facts> condition, String reason) {
            this.collectedWhen = Objects.requireNonNull(condition, "condition");
            this.notCollectedReason = text(reason, "reason");
            return this;
        }

        /** Completes a rule that judges the whole system. */
        public Rule verdict(Verdict verdict) {
            return new Rule(this, Scope.SYSTEM, Objects.requireNonNull(verdict, "verdict"), null);
        }

        /** Completes a rule that judges each user in turn (see {@link Scope#USER}). */
        public Rule perUser(UserVerdict verdict) {
            return new Rule(this, Scope.USER, null, Objects.requireNonNull(verdict, "verdict"));
        }

        private String text(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("rule " + id + ": " + what + " must not be blank");
            }
            return value.strip();
        }
    }
}
