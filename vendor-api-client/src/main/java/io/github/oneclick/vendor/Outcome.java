package io.github.oneclick.vendor;

/**
 * What a failed request did to DigitalOcean, as far as the client observed it. Decided for every failure by the
 * client's one sending policy; workflows and callers act on it and never guess.
 */
public enum Outcome {
    /**
     * Nothing changed: the request never reached DigitalOcean (the connection failed), was refused before being
     * processed (429), or was refused with a definite answer (a 4xx such as 400, 403, 404, 409 or 422, or a redirect
     * the client does not follow). Reads always end here: they change nothing.
     */
    NOT_APPLIED,
    /** DigitalOcean answered with success, but the answer could not be used (an empty body, {@code {}}). */
    APPLIED,
    /**
     * The request was sent and no usable answer came back (a cut connection, a timeout, a 5xx): it may or may not
     * have taken effect. Never send it again before a read shows what happened.
     */
    UNKNOWN
}
