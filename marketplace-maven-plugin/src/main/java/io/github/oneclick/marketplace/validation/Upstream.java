package io.github.oneclick.marketplace.validation;

import java.util.Objects;

/**
 * Where DigitalOcean's own tooling stands on a rule: a check of 99-img-check.sh v1.8.1, a step of 90-cleanup.sh, or
 * neither (a recommendation of DigitalOcean's Marketplace documentation, or a gap next to an upstream check).
 *
 * @param kind which of the three
 * @param reference the upstream check in the order the script runs them (e.g. {@code #4 firewall}) or where the
 *     requirement comes from (e.g. {@code docs: prerequisites}); shown in the rule table
 */
public record Upstream(Kind kind, String reference) {

    /** Which upstream tool has the rule. */
    public enum Kind {
        /** 99-img-check.sh v1.8.1 has this check: verdicts are the same unless a result says why not. */
        CHECK,
        /** 90-cleanup.sh does this; 99-img-check.sh never checks it. Verdicts mirror the cleanup script. */
        CLEANUP,
        /** 99-img-check.sh v1.8.1 has no such check: every finding is stricter than upstream. */
        NONE
    }

    public Upstream {
        Objects.requireNonNull(kind, "kind");
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("upstream reference must name the check or the source");
        }
    }

    /** A check of 99-img-check.sh v1.8.1, such as {@code #4 firewall}. */
    public static Upstream check(String reference) {
        return new Upstream(Kind.CHECK, reference);
    }

    /** What 90-cleanup.sh does, such as {@code 90-cleanup.sh}. */
    public static Upstream cleanup(String reference) {
        return new Upstream(Kind.CLEANUP, reference);
    }

    /** No upstream check; {@code source} says where the requirement comes from, such as {@code docs: MOTD}. */
    public static Upstream none(String source) {
        return new Upstream(Kind.NONE, source);
    }

    /** Whether 99-img-check.sh v1.8.1 has this check. */
    public boolean checked() {
        return kind == Kind.CHECK;
    }

    /** The parity of a result that says nothing else. */
    Parity defaultParity() {
        return kind == Kind.NONE ? Parity.NEW : Parity.SAME;
    }
}
