package io.github.oneclick.marketplace.validation;

/** The verdict of one check, with the tag the console shows (as in 99-img-check.sh). */
public enum Status {
    PASS("[PASS]"),
    WARN("[WARN]"),
    FAIL("[FAIL]"),
    /** Informational, never counted (upstream's {@code [ OK ]} lines). */
    OK("[ OK ]"),
    /** Skipped by configuration, or the facts it needs were not collected on this target. Never counted. */
    SKIP("[SKIP]");

    private final String tag;

    Status(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /** The Markdown summaries' form: an icon and the name. */
    public String badge() {
        return switch (this) {
            case PASS -> "✅ PASS";
            case WARN -> "⚠️ WARN";
            case FAIL -> "❌ FAIL";
            case OK -> "ℹ️ OK";
            case SKIP -> "⏭️ SKIP";
        };
    }

    /** Whether this is a finding: FAIL or WARN, the verdicts that are counted against the image. */
    public boolean finding() {
        return this == FAIL || this == WARN;
    }
}
