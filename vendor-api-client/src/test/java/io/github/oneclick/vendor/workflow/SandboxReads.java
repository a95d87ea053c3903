package io.github.oneclick.vendor.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.vendor.DigitalOceanClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of a sandbox for the workflow tests, and what the tests read back from the sandbox's state: its actions,
 * a droplet's snapshots and the requests it received.
 */
final class SandboxReads {

    private SandboxReads() {}

    /**
     * A client of the sandbox on its manual clock: every wait moves the clock ({@code sandbox::advance}) instead of
     * sleeping, jitter is zero and the rate-limit budget is the client's own.
     */
    static DigitalOceanClient.Builder client(Sandbox sandbox) {
        return DigitalOceanClient.builder()
                .token(sandbox.token())
                .apiUrl(sandbox.url())
                .clock(sandbox.clock())
                .sleeper(sandbox::advance)
                .random(() -> 0.0)
                .isolatedRateBudget();
    }

    /** The sandbox's actions of a type ({@code snapshot}, {@code transfer}, ...), oldest first. */
    static List<JsonNode> actions(Sandbox sandbox, String type) {
        List<JsonNode> found = new ArrayList<>();
        sandbox.state().toJson().path("actions").forEach(a -> {
            if (type.equals(a.path("type").asText())) {
                found.add(a);
            }
        });
        return found;
    }

    /** The newest action of a type; fails when there is none. */
    static JsonNode lastAction(Sandbox sandbox, String type) {
        List<JsonNode> all = actions(sandbox, type);
        if (all.isEmpty()) {
            throw new AssertionError("the sandbox has no " + type + " action");
        }
        return all.get(all.size() - 1);
    }

    static long id(JsonNode action) {
        return action.path("id").asLong();
    }

    static Instant startedAt(JsonNode action) {
        return Instant.parse(action.path("started_at").asText());
    }

    static Instant completedAt(JsonNode action) {
        return Instant.parse(action.path("completed_at").asText());
    }

    /** Droplet action POSTs of a type ({@code shutdown}, {@code snapshot}, ...) the sandbox received. */
    static long actionPosts(Sandbox sandbox, String type) {
        return sandbox.requests().matching("POST", "/v2/droplets/*/actions").stream()
                .filter(c -> c.body() != null && c.body().contains("\"type\":\"" + type + "\""))
                .count();
    }

    /** The ids of a droplet's snapshots, in the order they were made. */
    static List<Long> snapshotIds(Sandbox sandbox, long dropletId) {
        List<Long> ids = new ArrayList<>();
        sandbox.state().droplet(dropletId).path("snapshot_ids").forEach(id -> ids.add(id.asLong()));
        return ids;
    }

    static String dropletStatus(Sandbox sandbox, long dropletId) {
        return sandbox.state().droplet(dropletId).path("status").asText();
    }
}
