package io.github.oneclick.vendor;

/** How much of each HTTP exchange the client logs. The {@code Authorization} header is always redacted. */
public enum HttpLogLevel {
    /** Nothing. */
    NONE,
    /** Request and response lines. */
    BASIC,
    /** Lines and headers. */
    HEADERS,
    /** Lines, headers and bodies. */
    BODY
}
