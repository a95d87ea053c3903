package io.github.oneclick.marketplace.mojo;

import java.time.Duration;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Reads duration parameters with the client's one duration check ({@link io.github.oneclick.vendor.Durations}):
 * {@code 500ms}, {@code 90s}, {@code 3m}, {@code 1h}, or ISO-8601 {@code PT3M}; positive and at most two days. A bad
 * value fails before any request, naming the property.
 */
final class Durations {
    private Durations() {}

    static Duration parse(String text, String property) throws MojoFailureException {
        try {
            return io.github.oneclick.vendor.Durations.parse(text, property);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }
}
