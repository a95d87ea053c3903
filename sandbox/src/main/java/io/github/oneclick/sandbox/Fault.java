package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One injected fault: which requests it hits ({@code method}, {@code path} glob, optional {@code
 * bodyContains}), what happens to them ({@code kind}) and how often ({@code skip} the first matching
 * requests, then hit the next {@code times}, or every one when {@code times} is negative).
 *
 * <pre>{@code
 * sandbox.faults().add(Fault.on("POST", "/v2/droplets/*}{@code /actions").bodyContains("snapshot").dropAfter());
 * sandbox.faults().add(Fault.on("GET", "/v2/actions/*").status(503).times(2));
 * }</pre>
 */
public record Fault(
        String method,
        String path,
        String bodyContains,
        Kind kind,
        int status,
        String body,
        Duration delay,
        Long retryAfterSeconds,
        String location,
        int times,
        int skip) {

    /** What a fault does to a matching request. */
    public enum Kind {
        /** Answers with the status and a DigitalOcean-style JSON error (or the given body); nothing is applied. */
        STATUS,
        /** Answers with the status and an HTML page (Cloudflare-like by default); nothing is applied. */
        HTML,
        /** Applies the request normally but holds the response headers back for {@code delay}. */
        DELAY,
        /** Drops the connection after reading the request and before applying it. */
        DROP_BEFORE,
        /** Applies the request, then drops the connection instead of answering (the ambiguous case). */
        DROP_AFTER,
        /** Applies the request and sends only the first half of the response body, then disconnects. */
        TRUNCATE,
        /** Answers with a redirect (301-308) to {@code location}; nothing is applied. */
        REDIRECT,
        /**
         * Applies the request, then answers with the status and body given instead of the real answer: a 503 with
         * {@code Retry-After: 0} after the work was done, or a success whose body is {@code {}}.
         */
        AFTER_APPLYING,
        /**
         * Another client starts an {@code enable_backups} action ({@link Options#actionDuration()} long) on the droplet
         * of the path just before the request is applied: a droplet action POST meets it and gets 422 "pending event",
         * and the droplet's actions list it.
         */
        RACE,
        /**
         * Applies the request, but its snapshot and image listings leave out the snapshots the sandbox's snapshot
         * actions made, as a listing that lags behind does; {@code times} counts the listings that lag.
         */
        STALE_LISTING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind parse(String text) {
            return Kind.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        method = method == null || method.isBlank() ? "*" : method.toUpperCase(Locale.ROOT);
        path = path == null || path.isBlank() ? "**" : path;
        if (skip < 0) {
            throw new IllegalArgumentException("skip must be >= 0, got " + skip);
        }
        if ((kind == Kind.STATUS || kind == Kind.HTML || kind == Kind.AFTER_APPLYING)
                && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("A " + kind.wireName() + " fault needs an HTTP status, got " + status);
        }
        if (kind == Kind.REDIRECT && (status < 300 || status > 399 || location == null || location.isBlank())) {
            throw new IllegalArgumentException("A redirect fault needs a 3xx status and a location");
        }
        if (kind == Kind.RACE && !path.startsWith("/v2/droplets/")) {
            throw new IllegalArgumentException("A race fault needs a droplet path (/v2/droplets/...), got " + path);
        }
        if (kind == Kind.DELAY && (delay == null || delay.isNegative())) {
            throw new IllegalArgumentException("A delay fault needs a non-negative delay");
        }
    }

    /** Starts a fault for requests with this method ({@code *} for any) and path glob. */
    public static Matcher on(String method, String pathGlob) {
        return new Matcher(method, pathGlob, null);
    }

    /** Starts a fault for every request. */
    public static Matcher onAny() {
        return new Matcher("*", "**", null);
    }

    /** The first step of building a fault: where it applies. */
    public record Matcher(String method, String path, String bodyContains) {

        /** Only requests whose body contains this text (e.g. {@code "snapshot"}). */
        public Matcher bodyContains(String text) {
            return new Matcher(method, path, text);
        }

        /** Error status with a DigitalOcean JSON body ({@code id}, {@code message}, {@code request_id}). */
        public Fault status(int status) {
            return fault(Kind.STATUS, status, null, null, null);
        }

        /** Error status with exactly this body (JSON or not). */
        public Fault status(int status, String body) {
            return fault(Kind.STATUS, status, body, null, null);
        }

        /** 429 with {@code retry-after}, as a burst limit answers. */
        public Fault tooManyRequests(long retryAfterSeconds) {
            return fault(Kind.STATUS, 429, null, null, retryAfterSeconds);
        }

        /** Error status with an HTML page like the one Cloudflare serves on a 504. */
        public Fault html(int status) {
            return fault(Kind.HTML, status, null, null, null);
        }

        /** A redirect to {@code location}, such as a 307 or 308 to another path; nothing is applied. */
        public Fault redirect(int status, String location) {
            return new Fault(method, path, bodyContains, Kind.REDIRECT, status, null, null, null, location, 1, 0);
        }

        /**
         * Applies the request, then answers with {@code status} and {@code body} (a DigitalOcean JSON error when
         * {@code null} and the status is an error).
         */
        public Fault afterApplying(int status, String body) {
            return fault(Kind.AFTER_APPLYING, status, body, null, null);
        }

        public Fault delay(Duration delay) {
            return fault(Kind.DELAY, 0, null, delay, null);
        }

        public Fault dropBefore() {
            return fault(Kind.DROP_BEFORE, 0, null, null, null);
        }

        public Fault dropAfter() {
            return fault(Kind.DROP_AFTER, 0, null, null, null);
        }

        public Fault truncate() {
            return fault(Kind.TRUNCATE, 0, null, null, null);
        }

        /**
         * Another client's action starts on the droplet of the path just before the request is applied, such as
         * between a workflow's look at the droplet's actions and its action POST, which then gets 422 "pending
         * event".
         */
        public Fault race() {
            return fault(Kind.RACE, 0, null, null, null);
        }

        /**
         * The listing lags: snapshots made by snapshot actions are missing from it (seeded ones are listed), such
         * as {@code Fault.on("GET", "/v2/droplets/*}{@code /snapshots").staleListing().times(2)} for a snapshot
         * that shows from the third listing on.
         */
        public Fault staleListing() {
            return fault(Kind.STALE_LISTING, 0, null, null, null);
        }

        private Fault fault(Kind kind, int status, String body, Duration delay, Long retryAfter) {
            return new Fault(method, path, bodyContains, kind, status, body, delay, retryAfter, null, 1, 0);
        }
    }

    /** Hits the next {@code n} matching requests; a negative number means every one. */
    public Fault times(int n) {
        return new Fault(method, path, bodyContains, kind, status, body, delay, retryAfterSeconds, location, n, skip);
    }

    /** Adds a {@code retry-after} header of this many seconds (0 and negative values included) to the answer. */
    public Fault retryAfter(long seconds) {
        return new Fault(method, path, bodyContains, kind, status, body, delay, seconds, location, times, skip);
    }

    public Fault always() {
        return times(-1);
    }

    /** Lets the first {@code n} matching requests through untouched. */
    public Fault skip(int n) {
        return new Fault(method, path, bodyContains, kind, status, body, delay, retryAfterSeconds, location, times, n);
    }

    boolean matches(String requestMethod, String requestPath, String requestBody) {
        return PathPattern.methodMatches(method, requestMethod)
                && PathPattern.of(path).matches(requestPath)
                && (bodyContains == null || (requestBody != null && requestBody.contains(bodyContains)));
    }

    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("method", method);
        n.put("path", path);
        if (bodyContains != null) {
            n.put("bodyContains", bodyContains);
        }
        n.put("kind", kind.wireName());
        if (status > 0) {
            n.put("status", status);
        }
        if (body != null) {
            n.put("body", body);
        }
        if (delay != null) {
            n.put("delayMillis", delay.toMillis());
        }
        if (retryAfterSeconds != null) {
            n.put("retryAfter", retryAfterSeconds);
        }
        if (location != null) {
            n.put("location", location);
        }
        n.put("times", times);
        n.put("skip", skip);
        return n;
    }

    /**
     * Reads the admin endpoint's JSON form: {@code {"method","path","bodyContains","kind","status",
     * "body","delayMillis","retryAfter","location","times","skip"}}; {@code kind} defaults to {@code status}.
     */
    static Fault fromJson(JsonNode n) {
        Kind kind = n.hasNonNull("kind") ? Kind.parse(n.get("kind").asText()) : Kind.STATUS;
        Duration delay = n.hasNonNull("delayMillis")
                ? Duration.ofMillis(n.get("delayMillis").asLong())
                : null;
        Long retryAfter = n.hasNonNull("retryAfter") ? n.get("retryAfter").asLong() : null;
        int status = n.path("status").asInt(kind == Kind.HTML ? 504 : 0);
        if (kind == Kind.STATUS && status == 0 && retryAfter != null) {
            status = 429;
        }
        return new Fault(
                text(n, "method"),
                text(n, "path"),
                text(n, "bodyContains"),
                kind,
                status,
                text(n, "body"),
                delay,
                retryAfter,
                text(n, "location"),
                n.path("times").asInt(1),
                n.path("skip").asInt(0));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
