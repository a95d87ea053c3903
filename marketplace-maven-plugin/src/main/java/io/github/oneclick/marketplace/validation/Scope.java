package io.github.oneclick.marketplace.validation;

/** What one run of a rule's verdict judges. */
public enum Scope {
    /** The whole system, once; the verdict reports one line per file or account it finds where it needs to. */
    SYSTEM,
    /**
     * One user at a time, as the user loop of 99-img-check.sh v1.8.1 does: every account of {@code /etc/passwd} with
     * UID 1000 or more except {@code nobody}, {@code nfsnobody} and {@code centos}. Rules of this scope that follow
     * each other in the registry run together, user by user, and the console introduces each user with
     * {@code Checking user: NAME...}. Their results name the user as subject.
     */
    USER
}
