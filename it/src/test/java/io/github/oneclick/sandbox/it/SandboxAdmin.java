package io.github.oneclick.sandbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.sandbox.ssh.SandboxSsh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The invoker hook scripts' handle on the sandbox process: waits for it to listen, resets it to a scenario, adds
 * faults, and reads back what the build did ({@code /_sandbox/...} admin endpoints).
 */
public final class SandboxAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final URI base;
    private final Path sshDirectory;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SandboxAdmin(String url, Path sshDirectory) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.sshDirectory = sshDirectory;
    }

    /**
     * Connects to the sandbox at {@code url}, first waiting (event-driven, bounded) for the info file the sandbox
     * writes once it listens.
     */
    public static SandboxAdmin connect(String url, String infoFile) {
        Path info = Path.of(infoFile);
        awaitFile(info, STARTUP);
        return new SandboxAdmin(url, info.toAbsolutePath().getParent().resolve("ssh"));
    }

    private static void awaitFile(Path file, Duration timeout) {
        try {
            Files.createDirectories(file.getParent());
            try (WatchService watcher = file.getFileSystem().newWatchService()) {
                file.getParent()
                        .register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                Instant deadline = Instant.now().plus(timeout);
                while (!Files.isRegularFile(file)) {
                    Duration left = Duration.between(Instant.now(), deadline);
                    if (left.isNegative() || left.isZero()) {
                        throw new IllegalStateException("The sandbox did not start within " + timeout.toSeconds()
                                + " s: no " + file + ". See target/sandbox.log of the it module.");
                    }
                    var key = watcher.poll(left.toMillis(), TimeUnit.MILLISECONDS);
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                }
            } catch (ClosedWatchServiceException e) {
                throw new IllegalStateException("Stopped waiting for the sandbox", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the sandbox", e);
        }
    }

    /**
     * Resets state, faults, recorded requests and rate limits to a named scenario, and the SSH target to the clean
     * prepared droplet.
     */
    public SandboxAdmin reset(String scenario) {
        send("POST", "_sandbox/reset", "{\"scenario\":\"" + scenario + "\"}");
        return sshTarget(SandboxSsh.CLEAN);
    }

    /** Points the SSH target at a prepared droplet: {@code clean} or {@code failing}. */
    public SandboxAdmin sshTarget(String variant) {
        try {
            SandboxSsh.select(sshDirectory, variant);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Adds faults: one JSON object or an array, as {@code POST /_sandbox/faults} takes them. */
    public SandboxAdmin faults(String json) {
        send("POST", "_sandbox/faults", json);
        return this;
    }

    /** Merges options such as {@code {"shutdownIgnored":true}}. */
    public SandboxAdmin options(String json) {
        send("POST", "_sandbox/options", json);
        return this;
    }

    /** Adds a token to a team, so a build may use it. */
    public SandboxAdmin addToken(String team, String token) {
        send("POST", "_sandbox/teams", "{\"team\":\"" + team + "\",\"tokens\":[\"" + token + "\"]}");
        return this;
    }

    /** Adds a droplet, as {@code POST /_sandbox/droplets} takes it ({@code team}, {@code name}, {@code tags}...). */
    public JsonNode addDroplet(String json) {
        return send("POST", "_sandbox/droplets", json).path("droplet");
    }

    /** Adds an SSH key to a team's account. */
    public JsonNode addKey(String team, String name, String publicKey) {
        return send(
                        "POST",
                        "_sandbox/keys",
                        "{\"team\":\"" + team + "\",\"name\":\"" + name + "\",\"publicKey\":\"" + publicKey + "\"}")
                .path("ssh_key");
    }

    /** Every recorded request, oldest first. */
    public List<JsonNode> requests() {
        return list(send("GET", "_sandbox/requests", null).path("requests"));
    }

    /** Recorded requests with this method whose path matches the glob ({@code *} one segment, {@code **} any). */
    public List<JsonNode> requests(String method, String pathGlob) {
        return list(send("GET", "_sandbox/requests?method=" + method + "&path=" + pathGlob, null)
                .path("requests"));
    }

    /** Recorded requests that would change state (POST, PATCH, PUT, DELETE). */
    public int mutatingCount() {
        return send("GET", "_sandbox/requests", null).path("mutating").asInt();
    }

    /**
     * Checks what every survived fault must leave behind: exactly one snapshot action applied, exactly one listing
     * update applied, and the listing pointing at the image the build recorded.
     *
     * @throws AssertionError naming what differs
     */
    public void assertOneSnapshotAndOneReleaseOf(String appId, long imageId) {
        long snapshots = requests("POST", "/v2/droplets/*/actions").stream()
                .filter(r -> r.path("body").asText().contains("\"snapshot\"")
                        && r.path("applied").asBoolean())
                .count();
        long updates = requests("PATCH", "/api/v1/vendor-portal/apps/**").stream()
                .filter(r -> r.path("applied").asBoolean())
                .count();
        long listed = app(appId).path("customData").path("imageId").asLong();
        assertNoIncidents();
        if (snapshots != 1 || updates != 1 || listed != imageId) {
            throw new AssertionError("expected one snapshot, one listing update and image " + imageId
                    + " listed; got " + snapshots + " snapshot(s), " + updates + " update(s), image " + listed
                    + " listed");
        }
    }

    /** Fails when anything happened that would hurt users, such as deleting the image a listing serves. */
    public void assertNoIncidents() {
        JsonNode incidents = state().path("incidents");
        if (incidents.size() > 0) {
            throw new AssertionError("incidents in the sandbox: " + incidents);
        }
    }

    /** An app as the Vendor Portal would hold it. */
    public JsonNode app(String appId) {
        return send("GET", "_sandbox/apps/" + appId, null);
    }

    /** URL, token, scenario, clock, the options (timings such as {@code createSeconds}) and the scenario names. */
    public JsonNode info() {
        return send("GET", "_sandbox/info", null);
    }

    /** The whole state. */
    public JsonNode state() {
        return send("GET", "_sandbox/state", null);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
