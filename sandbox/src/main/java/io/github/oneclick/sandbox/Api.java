package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oneclick.sandbox.SandboxState.Action;
import io.github.oneclick.sandbox.SandboxState.App;
import io.github.oneclick.sandbox.SandboxState.Droplet;
import io.github.oneclick.sandbox.SandboxState.Image;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/** The DigitalOcean endpoints: API v2 subset and the Vendor Portal app update. */
final class Api {

    static final String VENDOR_PREFIX = "/api/v1/vendor-portal/";
    static final Set<String> REGIONS =
            Set.of("ams3", "blr1", "fra1", "lon1", "nyc1", "nyc2", "nyc3", "sfo2", "sfo3", "sgp1", "syd1", "tor1");
    private static final Set<String> DROPLET_ACTIONS =
            Set.of("shutdown", "power_off", "power_on", "reboot", "power_cycle", "snapshot");

    /** A parsed request. */
    record Req(String method, HttpUrl url, List<String> segments, String body, String requestId, String team) {

        String query(String name) {
            return url.queryParameter(name);
        }
    }

    private final SandboxState state;
    private final Supplier<HttpUrl> baseUrl;
    private final Supplier<Options> options;

    Api(SandboxState state, Supplier<HttpUrl> baseUrl, Supplier<Options> options) {
        this.state = state;
        this.baseUrl = baseUrl;
        this.options = options;
    }

    static boolean isVendor(String path) {
        return path.startsWith(VENDOR_PREFIX);
    }

    /** Handles a request whose token was already checked for API v2 ({@code team} may be null for vendor calls). */
    Reply handle(Req r) {
        state.tick();
        List<String> s = r.segments();
        String path = r.url().encodedPath();
        if (isVendor(path)) {
            return vendor(r);
        }
        if (s.size() < 2 || !"v2".equals(s.get(0))) {
            return notFound(r);
        }
        String m = r.method();
        return switch (s.get(1)) {
            case "droplets" -> droplets(r, s, m);
            case "actions" -> s.size() == 3 && "GET".equals(m) ? actionGet(r, s.get(2)) : notFound(r);
            case "snapshots" -> snapshots(r, s, m);
            case "images" -> images(r, s, m);
            default -> notFound(r);
        };
    }

    // ---------------------------------------------------------------- droplets

    private Reply droplets(Req r, List<String> s, String m) {
        if (s.size() == 2) {
            return "GET".equals(m) ? dropletList(r) : notFound(r);
        }
        Droplet d = ownDroplet(r, s.get(2));
        if (d == null) {
            return notFound(r);
        }
        if (s.size() == 3) {
            return switch (m) {
                case "GET" -> Reply.json(200, wrap("droplet", state.dropletJson(d)));
                case "DELETE" -> {
                    state.deleteDroplet(d.id);
                    yield Reply.noContent();
                }
                default -> notFound(r);
            };
        }
        String sub = s.get(3);
        if ("actions".equals(sub) && s.size() == 4) {
            return switch (m) {
                case "GET" ->
                    page(
                            r,
                            "actions",
                            state.actionsOf("droplet", d.id).stream()
                                    .map(state::actionJson)
                                    .toList());
                case "POST" -> dropletAction(r, d);
                default -> notFound(r);
            };
        }
        if ("actions".equals(sub) && s.size() == 5 && "GET".equals(m)) {
            Action a = parseId(s.get(4)) == null ? null : state.findAction(parseId(s.get(4)));
            if (a == null || !"droplet".equals(a.resourceType) || a.resourceId != d.id) {
                return notFound(r);
            }
            return Reply.json(200, wrap("action", state.actionJson(a)));
        }
        if ("snapshots".equals(sub) && s.size() == 4 && "GET".equals(m)) {
            List<ObjectNode> items = state.listedSnapshots(d.team).stream()
                    .filter(i -> i.dropletId != null && i.dropletId == d.id)
                    .map(state::dropletSnapshotJson)
                    .toList();
            return page(r, "snapshots", items);
        }
        return notFound(r);
    }

    private Reply dropletList(Req r) {
        String name = r.query("name");
        String tag = r.query("tag_name");
        if (name != null && tag != null) {
            return Reply.error(422, "unprocessable_entity", "name and tag_name can not be combined.", r.requestId());
        }
        // Like DigitalOcean: GPU droplets are listed only with type=gpus, and then only they are.
        boolean gpus = "gpus".equals(r.query("type"));
        List<ObjectNode> items = state.dropletsOf(r.team()).stream()
                .filter(d -> d.gpu == gpus)
                .filter(d -> name == null || d.name.equalsIgnoreCase(name))
                .filter(d -> tag == null || d.tags.contains(tag))
                .map(state::dropletJson)
                .toList();
        return page(r, "droplets", items);
    }

    private Reply dropletAction(Req r, Droplet d) {
        JsonNode body = Json.parseOrNull(r.body());
        if (body == null || !body.isObject()) {
            return Reply.error(400, "bad_request", "unable to parse the request body as JSON", r.requestId());
        }
        JsonNode typeNode = body.get("type");
        if (typeNode == null || !typeNode.isTextual() || !DROPLET_ACTIONS.contains(typeNode.asText())) {
            return Reply.error(
                    422,
                    "unprocessable_entity",
                    "Action type must be one of "
                            + String.join(
                                    ", ", DROPLET_ACTIONS.stream().sorted().toList()) + ".",
                    r.requestId());
        }
        boolean busy = state.actionsOf("droplet", d.id).stream().anyMatch(a -> "in-progress".equals(a.status));
        if (busy) {
            return Reply.error(422, "unprocessable_entity", "Droplet already has a pending event.", r.requestId());
        }
        String type = typeNode.asText();
        String name = null;
        if ("snapshot".equals(type)) {
            JsonNode n = body.get("name");
            if (n != null && !n.isNull() && !n.isTextual()) {
                return Reply.error(422, "unprocessable_entity", "name must be a string.", r.requestId());
            }
            name = n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
        }
        Action a = state.startAction(d.team, type, "droplet", d.id, d.region, name);
        return Reply.json(201, wrap("action", state.actionJson(a)));
    }

    private Droplet ownDroplet(Req r, String idText) {
        Long id = parseId(idText);
        Droplet d = id == null ? null : state.findDroplet(id);
        return d != null && d.team.equals(r.team()) ? d : null;
    }

    // ---------------------------------------------------------------- actions

    private Reply actionGet(Req r, String idText) {
        Long id = parseId(idText);
        Action a = id == null ? null : state.findAction(id);
        if (a == null || !a.team.equals(r.team())) {
            return notFound(r);
        }
        return Reply.json(200, wrap("action", state.actionJson(a)));
    }

    // ---------------------------------------------------------------- snapshots

    private Reply snapshots(Req r, List<String> s, String m) {
        if (s.size() == 2 && "GET".equals(m)) {
            String type = r.query("resource_type");
            if (type != null && !"droplet".equals(type)) {
                return page(r, "snapshots", List.of());
            }
            return page(
                    r,
                    "snapshots",
                    state.listedSnapshots(r.team()).stream()
                            .map(state::snapshotJson)
                            .toList());
        }
        if (s.size() != 3) {
            return notFound(r);
        }
        Image i = ownImage(r, s.get(2));
        if (i == null) {
            return notFound(r);
        }
        return switch (m) {
            case "GET" ->
                "snapshot".equals(i.type) && state.isListed(i)
                        ? Reply.json(200, wrap("snapshot", state.snapshotJson(i)))
                        : notFound(r);
            case "DELETE" -> {
                if (!"snapshot".equals(i.type)) {
                    yield Reply.error(400, "bad_request", "the resource is not a snapshot", r.requestId());
                }
                state.deleteImage(i.id, r.method() + " " + r.url().encodedPath());
                yield Reply.noContent();
            }
            default -> notFound(r);
        };
    }

    // ---------------------------------------------------------------- images

    private Reply images(Req r, List<String> s, String m) {
        if (s.size() == 2 && "GET".equals(m)) {
            boolean onlyPrivate = "true".equals(r.query("private"));
            return page(r, "images", imagesVisibleTo(r.team(), onlyPrivate));
        }
        if (s.size() < 3) {
            return notFound(r);
        }
        Long id = parseId(s.get(2));
        Image i = id == null ? null : state.findImage(id);
        if (i == null || !(i.isPublic || r.team().equals(i.team))) {
            return notFound(r);
        }
        if (s.size() == 3) {
            return switch (m) {
                case "GET" -> Reply.json(200, wrap("image", state.imageJson(i)));
                case "DELETE" -> {
                    if (i.isPublic) {
                        yield Reply.error(
                                403, "forbidden", "You do not have access for the attempted action.", r.requestId());
                    }
                    state.deleteImage(i.id, r.method() + " " + r.url().encodedPath());
                    yield Reply.noContent();
                }
                default -> notFound(r);
            };
        }
        if (!"actions".equals(s.get(3))) {
            return notFound(r);
        }
        if (s.size() == 4 && "GET".equals(m)) {
            return page(
                    r,
                    "actions",
                    state.actionsOf("image", i.id).stream()
                            .map(state::actionJson)
                            .toList());
        }
        if (s.size() == 4 && "POST".equals(m)) {
            return imageAction(r, i);
        }
        if (s.size() == 5 && "GET".equals(m)) {
            Long actionId = parseId(s.get(4));
            Action a = actionId == null ? null : state.findAction(actionId);
            if (a == null || !"image".equals(a.resourceType) || a.resourceId != i.id) {
                return notFound(r);
            }
            return Reply.json(200, wrap("action", state.actionJson(a)));
        }
        return notFound(r);
    }

    private List<ObjectNode> imagesVisibleTo(String team, boolean onlyPrivate) {
        return state.toImages().stream()
                .filter(i -> team.equals(i.team) ? state.isListed(i) : !onlyPrivate && i.isPublic)
                .map(state::imageJson)
                .toList();
    }

    private Reply imageAction(Req r, Image i) {
        if (i.isPublic) {
            return Reply.error(403, "forbidden", "You do not have access for the attempted action.", r.requestId());
        }
        JsonNode body = Json.parseOrNull(r.body());
        if (body == null || !body.isObject()) {
            return Reply.error(400, "bad_request", "unable to parse the request body as JSON", r.requestId());
        }
        String type = body.path("type").asText("");
        if (!"transfer".equals(type) && !"convert".equals(type)) {
            return Reply.error(422, "unprocessable_entity", "Action type must be transfer or convert.", r.requestId());
        }
        String region = body.path("region").asText(null);
        if ("transfer".equals(type) && (region == null || !REGIONS.contains(region))) {
            return Reply.error(
                    422, "unprocessable_entity", "You specified an invalid region for the transfer.", r.requestId());
        }
        Action a = state.startAction(i.team, type, "image", i.id, region == null ? i.regions.get(0) : region, null);
        return Reply.json(201, wrap("action", state.actionJson(a)));
    }

    private Image ownImage(Req r, String idText) {
        Long id = parseId(idText);
        Image i = id == null ? null : state.findImage(id);
        return i != null && r.team().equals(i.team) ? i : null;
    }

    // ---------------------------------------------------------------- Vendor Portal

    private Reply vendor(Req r) {
        List<String> s = r.segments();
        // api, v1, vendor-portal, apps, {appId}[, versions, {version}]
        boolean appPath = s.size() >= 5
                && "apps".equals(s.get(3))
                && (s.size() == 5 || (s.size() == 7 && "versions".equals(s.get(5))));
        boolean read =
                "GET".equals(r.method()) && s.size() == 5 && options.get().vendorAppsReadable();
        if (!appPath || !("PATCH".equals(r.method()) || read)) {
            return vendorError(
                    404,
                    "Not Found",
                    "No such Vendor Portal endpoint: " + r.method() + " "
                            + r.url().encodedPath());
        }
        if (r.team() == null) {
            return vendorError(403, "Forbidden", "The authentication token is missing or invalid.");
        }
        String appId = s.get(4);
        App app = state.findApp(appId);
        if (app == null) {
            return vendorError(404, "Not Found", "App " + appId + " was not found.");
        }
        if (!app.team.equals(r.team())) {
            return vendorError(403, "Forbidden", "App " + appId + " does not belong to the requestor's team.");
        }
        if (read) {
            return Reply.json(200, state.appJson(app));
        }
        JsonNode body = Json.parseOrNull(r.body());
        if (body == null || !body.isObject()) {
            return vendorError(400, "Bad Request", "The request body must be a JSON object.");
        }
        JsonNode imageIdNode = body.get("imageId");
        if (imageIdNode == null || imageIdNode.isNull()) {
            return vendorError(400, "Bad Request", "Image ID was missing from the request.");
        }
        if (!imageIdNode.isIntegralNumber()) {
            return vendorError(400, "Bad Request", "imageId must be a number.");
        }
        for (String field : List.of("reasonForUpdate", "version", "osVersion")) {
            JsonNode f = body.get(field);
            if (f != null && !f.isNull() && !f.isTextual()) {
                return vendorError(400, "Bad Request", field + " must be a string.");
            }
        }
        JsonNode software = body.get("softwareIncluded");
        if (software != null && !software.isNull()) {
            if (!software.isArray()) {
                return vendorError(400, "Bad Request", "softwareIncluded must be an array.");
            }
            for (JsonNode item : software) {
                if (!item.isObject()) {
                    return vendorError(400, "Bad Request", "softwareIncluded items must be objects.");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                    JsonNode v = it.next().getValue();
                    if (!v.isNull() && !v.isTextual()) {
                        return vendorError(400, "Bad Request", "softwareIncluded fields must be strings.");
                    }
                }
            }
        }
        if (!"droplet".equals(app.type)) {
            return vendorError(400, "Bad Request", "App " + appId + " is not a droplet 1-click.");
        }
        if (SandboxState.LOCKED_APP_STATUSES.contains(app.status.toLowerCase(Locale.ROOT))) {
            return vendorError(
                    400,
                    "Bad Request",
                    "App " + appId + " is " + app.status + "; it can not be updated until the review is finished.");
        }
        long imageId = imageIdNode.asLong();
        Image image = state.findImage(imageId);
        if (image == null || !app.team.equals(image.team)) {
            return vendorError(403, "Forbidden", "Image " + imageId + " does not belong to the requestor's team.");
        }
        applyUpdate(app, (ObjectNode) body, image);
        return Reply.json(200, state.appJson(app));
    }

    /**
     * Merges an accepted update into the listing: absent or null keeps a value, a blank string or an
     * empty array clears it. A software item whose {@code name} matches an existing item keeps the
     * fields it leaves null; the array as a whole replaces the list.
     */
    private void applyUpdate(App app, ObjectNode body, Image image) {
        ObjectNode custom = app.customData;
        custom.put("imageId", image.id);
        custom.put("imageName", image.name);
        for (String field : List.of("reasonForUpdate", "version", "osVersion")) {
            JsonNode v = body.get(field);
            if (v != null && !v.isNull()) {
                custom.put(field, v.asText());
            }
        }
        JsonNode software = body.get("softwareIncluded");
        if (software != null && !software.isNull()) {
            JsonNode previous = custom.path("softwareIncluded");
            ArrayNode merged = Json.array();
            for (JsonNode item : software) {
                ObjectNode result = Json.object();
                JsonNode old = findByName(previous, item.path("name").asText(null));
                if (old != null) {
                    result.setAll((ObjectNode) old.deepCopy());
                }
                item.fields().forEachRemaining(e -> {
                    if (!e.getValue().isNull()) {
                        result.set(e.getKey(), e.getValue());
                    }
                });
                merged.add(result);
            }
            custom.set("softwareIncluded", merged);
        }
        JsonNode reason = body.get("reasonForUpdate");
        app.version++;
        app.status = "pending";
        app.lastUpdated = state.now().toEpochMilli();
        app.modifiedBy = "api";
        app.reason = reason == null || reason.isNull() ? "" : reason.asText();
    }

    private static JsonNode findByName(JsonNode list, String name) {
        if (name == null || !list.isArray()) {
            return null;
        }
        for (JsonNode n : list) {
            if (n.isObject() && name.equals(n.path("name").asText(null))) {
                return n;
            }
        }
        return null;
    }

    Reply vendorError(int status, String error, String message) {
        if (options.get().vendorErrorsHtml()) {
            return Reply.html(
                    status,
                    "<html><head><title>" + status + " " + error + "</title></head><body>" + "<h1>" + status + " "
                            + error + "</h1><p>" + message + "</p></body></html>");
        }
        ObjectNode n = Json.object();
        n.put("status", status);
        n.put("error", error);
        n.put("message", message);
        return Reply.json(status, n);
    }

    // ---------------------------------------------------------------- shared

    static Reply notFound(Req r) {
        return Reply.error(404, "not_found", "The resource you were accessing could not be found.", r.requestId());
    }

    private static ObjectNode wrap(String key, ObjectNode value) {
        ObjectNode n = Json.object();
        n.set(key, value);
        return n;
    }

    static Long parseId(String text) {
        try {
            long id = Long.parseLong(text);
            return id > 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** DigitalOcean pagination: {@code page} (from 1), {@code per_page} (default 20, at most 200). */
    private Reply page(Req r, String key, List<ObjectNode> items) {
        int perPage = Math.max(1, Math.min(200, intParam(r.query("per_page"), 20)));
        int page = Math.max(1, intParam(r.query("page"), 1));
        int total = items.size();
        int lastPage = Math.max(1, (total + perPage - 1) / perPage);
        int from = (int) Math.min((long) (page - 1) * perPage, total);
        int to = Math.min(from + perPage, total);
        ObjectNode root = Json.object();
        ArrayNode array = root.putArray(key);
        items.subList(from, to).forEach(array::add);
        ObjectNode links = root.putObject("links");
        if (total > perPage || page > 1) {
            ObjectNode pages = links.putObject("pages");
            if (page > 1) {
                pages.put("first", pageUrl(r, 1));
                pages.put("prev", pageUrl(r, Math.min(page - 1, lastPage)));
            }
            if (page < lastPage) {
                pages.put("next", pageUrl(r, page + 1));
                pages.put("last", pageUrl(r, lastPage));
            }
        }
        root.putObject("meta").put("total", total);
        return Reply.json(200, root);
    }

    private String pageUrl(Req r, int page) {
        HttpUrl.Builder b =
                baseUrl.get().newBuilder().encodedPath(r.url().encodedPath()).query(null);
        for (String name : r.url().queryParameterNames()) {
            if (!"page".equals(name)) {
                for (String value : r.url().queryParameterValues(name)) {
                    b.addQueryParameter(name, value);
                }
            }
        }
        b.addQueryParameter("page", Integer.toString(page));
        return b.build().toString();
    }

    private static int intParam(String text, int fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
