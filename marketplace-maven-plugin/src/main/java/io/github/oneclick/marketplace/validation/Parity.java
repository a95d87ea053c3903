package io.github.oneclick.marketplace.validation;

/** How a verdict compares with what 99-img-check.sh v1.8.1 reports for the same system. */
public enum Parity {
    /** Same verdict and the same effect on the summary as upstream. */
    SAME,
    /** Upstream has this check but misses or does not count this finding (a defect, img-check.md §1.6). */
    STRICTER,
    /** A documented recommendation upstream never checks (img-check.md §6). */
    NEW,
    /** Upstream gets this wrong in the lenient direction too; the verdict follows the real state. */
    CORRECTED
}
