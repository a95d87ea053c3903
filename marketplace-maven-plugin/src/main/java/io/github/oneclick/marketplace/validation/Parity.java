package io.github.oneclick.marketplace.validation;

/** How a verdict compares with what 99-img-check.sh v1.8.1 reports for the same system. */
public enum Parity {
    /** Same verdict and the same effect on the summary as upstream. */
    SAME,
    /** Upstream has this check but misses or does not count this finding (a defect of 99-img-check.sh v1.8.1). */
    STRICTER,
    /** A check 99-img-check.sh v1.8.1 does not have (a documented recommendation, or a gap next to its checks). */
    NEW,
    /** Upstream gets this wrong in the lenient direction too; the verdict follows the real state. */
    CORRECTED
}
