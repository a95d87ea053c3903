package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the sandbox received (admin calls under {@code /_sandbox} are not recorded).
 *
 * @param sequence 1-based order of arrival since the last reset
 * @param time the sandbox clock when the request arrived
 * @param path the path without the query
 * @param query the raw query string, or {@code null}
 * @param headers request headers with lower-case names; {@code authorization} is reduced to its
 *     scheme ({@code "Bearer ***"})
 * @param authorized whether the token belonged to a team
 * @param team the team of the token, or {@code null}
 * @param status the status the sandbox answered with, or 0 when the connection was dropped before
 *     any answer was made
 * @param fault the kind of fault that hit the request ({@code "drop_after"}, ...), or {@code null}
 * @param applied whether the request reached the model of the sandbox: false when a fault
 *     ({@code status}, {@code html}, {@code drop_before}), an unknown token or the rate limit
 *     answered instead
 */
public record RecordedCall(
        long sequence,
        Instant time,
        String method,
        String path,
        String query,
        String body,
        Map<String, List<String>> headers,
        boolean authorized,
        String team,
        int status,
        String fault,
        boolean applied) {

    public boolean mutating() {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    /** True when the method matches ({@code *} for any) and the path matches the glob. */
    public boolean matches(String methodOrStar, String pathGlob) {
        return PathPattern.methodMatches(methodOrStar, method)
                && PathPattern.of(pathGlob).matches(path);
    }

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("sequence", sequence);
        n.put("time", time.toString());
        n.put("method", method);
        n.put("path", path);
        n.put("query", query);
        n.put("body", body);
        ObjectNode h = n.putObject("headers");
        headers.forEach((k, v) -> v.forEach(value -> h.put(k, value)));
        n.put("authorized", authorized);
        n.put("team", team);
        n.put("status", status);
        n.put("fault", fault);
        n.put("applied", applied);
        n.put("mutating", mutating());
        return n;
    }
}
