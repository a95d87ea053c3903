package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Plain-HTTP control of the sandbox under {@code /_sandbox/}, without authentication, for callers in
 * other processes (invoker hook scripts, the demo). Answers are JSON; mistakes get a 400 with a
 * {@code message}.
 */
final class Admin {

    static final String PREFIX = "/_sandbox";

    private final Sandbox sandbox;

    Admin(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    Reply handle(String method, HttpUrl url, String body) {
        List<String> s = url.pathSegments().subList(1, url.pathSegments().size());
        String route = method + " /" + String.join("/", s);
        try {
            JsonNode json = Json.parseOrNull(body);
            if (body != null && !body.isBlank() && json == null) {
                return bad("The body is not JSON");
            }
            if (json == null) {
                json = Json.object();
            }
            return switch (route) {
                case "GET /info", "GET /" -> Reply.json(200, sandbox.info());
                case "POST /reset" -> {
                    String scenario = url.queryParameter("scenario");
                    if (scenario == null) {
                        scenario = json.path("scenario").asText(sandbox.scenario());
                    }
                    sandbox.reset(scenario);
                    yield Reply.json(200, sandbox.info());
                }
                case "GET /state" -> Reply.json(200, sandbox.state().toJson());
                case "GET /requests" -> requests(url);
                case "DELETE /requests" -> {
                    sandbox.requests().clear();
                    yield Reply.noContent();
                }
                case "GET /faults" -> faultsJson(200);
                case "POST /faults" -> {
                    List<Fault> added = new ArrayList<>();
                    if (json.isArray()) {
                        json.forEach(n -> added.add(Fault.fromJson(n)));
                    } else {
                        added.add(Fault.fromJson(json));
                    }
                    added.forEach(sandbox.faults()::add);
                    yield faultsJson(201);
                }
                case "DELETE /faults" -> {
                    sandbox.faults().clear();
                    yield Reply.noContent();
                }
                case "GET /options" -> Reply.json(200, sandbox.options().toJson());
                case "POST /options" -> {
                    JsonNode change = json;
                    sandbox.options(o -> o.merge(change));
                    yield Reply.json(200, sandbox.options().toJson());
                }
                case "POST /clock/advance" -> {
                    String query = url.queryParameter("seconds");
                    double seconds = query != null
                            ? Double.parseDouble(query)
                            : json.path("seconds").asDouble(0);
                    if (!(sandbox.clock() instanceof ManualClock)) {
                        yield message(409, "The sandbox runs on the system clock; only a manual clock can be advanced");
                    }
                    sandbox.advance(Duration.ofMillis(Math.round(seconds * 1000)));
                    yield Reply.json(
                            200,
                            Json.object().put("now", Json.time(sandbox.clock().instant())));
                }
                case "POST /teams" -> {
                    List<String> tokens = new ArrayList<>();
                    json.path("tokens").forEach(t -> tokens.add(t.asText()));
                    sandbox.state().addTeam(required(json, "team"), tokens.toArray(String[]::new));
                    yield Reply.json(
                            201, Json.object().put("team", json.get("team").asText()));
                }
                case "POST /droplets" -> addDroplet(json);
                case "POST /keys" -> {
                    long id = sandbox.state()
                            .addSshKey(required(json, "team"), required(json, "name"), required(json, "publicKey"));
                    yield Reply.json(
                            201, Json.object().set("ssh_key", sandbox.state().sshKey(id)));
                }
                case "POST /images" -> {
                    long id = sandbox.state()
                            .addImage(
                                    required(json, "team"),
                                    required(json, "name"),
                                    json.path("region").asText("nyc3"),
                                    instant(json, "createdAt"));
                    yield Reply.json(
                            201, Json.object().set("image", sandbox.state().image(id)));
                }
                case "POST /apps" -> {
                    String appId = required(json, "appId");
                    sandbox.state()
                            .addApp(
                                    appId,
                                    required(json, "team"),
                                    json.path("name").asText("App " + appId),
                                    json.path("type").asText("droplet"),
                                    json.path("status").asText("approved"),
                                    json.path("customData").isObject() ? (ObjectNode) json.get("customData") : null);
                    yield Reply.json(201, sandbox.state().app(appId));
                }
                default -> appRoute(method, s, json);
            };
        } catch (RuntimeException e) {
            return bad(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Reply appRoute(String method, List<String> s, JsonNode json) {
        // GET /_sandbox/droplets/{id}/creation: what the droplet was created with, for the SSH side
        if (s.size() == 3 && "droplets".equals(s.get(0)) && "creation".equals(s.get(2)) && "GET".equals(method)) {
            Long id = Api.parseId(s.get(1));
            SandboxState.DropletCreation c = id == null ? null : sandbox.state().creation(id);
            if (c == null) {
                return message(404, "Unknown droplet " + s.get(1));
            }
            ObjectNode n = Json.object();
            n.put("dropletId", c.dropletId());
            n.put("imageId", c.imageId());
            n.put("fromSnapshot", c.fromSnapshot());
            n.put("userData", c.userData());
            ArrayNode keys = n.putArray("authorizedKeys");
            c.authorizedKeys().forEach(keys::add);
            n.put("createdThroughApi", c.createdThroughApi());
            return Reply.json(200, n);
        }
        // POST /_sandbox/apps/{appId}/approve, POST /_sandbox/apps/{appId}/status, GET /_sandbox/apps/{appId}
        if (s.size() >= 2 && "apps".equals(s.get(0))) {
            String appId = s.get(1);
            if (sandbox.state().app(appId) == null) {
                return message(404, "Unknown app " + appId);
            }
            if (s.size() == 2 && "GET".equals(method)) {
                return Reply.json(200, sandbox.state().app(appId));
            }
            if (s.size() == 3 && "POST".equals(method) && "approve".equals(s.get(2))) {
                sandbox.approveApp(appId);
                return Reply.json(200, sandbox.state().app(appId));
            }
            if (s.size() == 3 && "POST".equals(method) && "status".equals(s.get(2))) {
                sandbox.state()
                        .setAppStatus(
                                appId,
                                required(json, "value"),
                                json.path("reason").asText(""));
                return Reply.json(200, sandbox.state().app(appId));
            }
        }
        return message(
                404,
                "No admin endpoint " + method + " " + PREFIX + "/" + String.join("/", s) + "; see GET " + PREFIX
                        + "/info");
    }

    private Reply addDroplet(JsonNode json) {
        List<String> tags = new ArrayList<>();
        json.path("tags").forEach(t -> tags.add(t.asText()));
        long id = sandbox.state()
                .addDroplet(
                        required(json, "team"),
                        required(json, "name"),
                        json.path("status").asText("active"),
                        json.path("region").asText("nyc3"),
                        json.path("disk").asInt(25),
                        tags);
        for (JsonNode snap : json.path("snapshots")) {
            sandbox.state().addSnapshot(id, required(snap, "name"), instant(snap, "createdAt"));
        }
        return Reply.json(201, Json.object().set("droplet", sandbox.state().droplet(id)));
    }

    private Reply requests(HttpUrl url) {
        String method = url.queryParameter("method");
        String path = url.queryParameter("path");
        List<RecordedCall> selection = sandbox.requests().matching(method == null ? "*" : method, path);
        ObjectNode n = Json.object();
        n.put("total", selection.size());
        n.put("mutating", selection.stream().filter(RecordedCall::mutating).count());
        n.set("requests", sandbox.requests().toJson(selection));
        return Reply.json(200, n);
    }

    private Reply faultsJson(int status) {
        ObjectNode n = Json.object();
        ArrayNode a = n.putArray("faults");
        sandbox.faults().pending().forEach(f -> a.add(f.toJson()));
        return Reply.json(status, n);
    }

    private Instant instant(JsonNode json, String field) {
        return json.hasNonNull(field)
                ? Instant.parse(json.get(field).asText())
                : sandbox.clock().instant();
    }

    private static String required(JsonNode json, String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull() || n.asText().isBlank()) {
            throw new IllegalArgumentException("Field '" + field + "' is required");
        }
        return n.asText();
    }

    private static Reply bad(String message) {
        return message(400, message);
    }

    private static Reply message(int status, String message) {
        return Reply.json(status, Json.object().put("message", message));
    }
}
