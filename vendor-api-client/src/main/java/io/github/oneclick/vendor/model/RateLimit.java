package io.github.oneclick.vendor.model;

import java.time.Instant;

/**
 * The rate limit the API reported on its last response ({@code ratelimit-limit}, {@code ratelimit-remaining},
 * {@code ratelimit-reset}).
 *
 * @param limit requests allowed per hour
 * @param remaining requests left in the window
 * @param reset when the oldest counted request expires
 */
public record RateLimit(int limit, int remaining, Instant reset) {}
