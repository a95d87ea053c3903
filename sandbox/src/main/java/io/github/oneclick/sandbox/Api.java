package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oneclick.sandbox.SandboxState.Action;
import io.github.oneclick.sandbox.SandboxState.App;
import io.github.oneclick.sandbox.SandboxState.Droplet;
import io.github.oneclick.sandbox.SandboxState.Image;
import io.github.oneclick.sandbox.SandboxState.SshKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/** The DigitalOcean endpoints: API v2 subset and the Vendor Portal app update. */
final class Api {

    static final String VENDOR_PREFIX = "/api/v1/vendor-portal/";
    static final Set<String> REGIONS = Set.copyOf(Catalogue.REGIONS);
    /** The largest {@code user_data} DigitalOcean takes: 64 KiB. */
    static final int USER_DATA_MAX_BYTES = 64 * 1024;

    private static final Pattern DROPLET_NAME = Pattern.compile("[a-zA-Z0-9.-]+");
    private static final Pattern TAG_NAME = Pattern.compile("[a-zA-Z0-9_:-]{1,255}");
    /** The one VPC of the sandbox: the default VPC every droplet reports. */
    static final String DEFAULT_VPC_UUID = "5a4981aa-9653-4bd1-bef5-d6bff52042e4";

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
            case "account" -> account(r, s, m);
            case "sizes" ->
                s.size() == 2 && "GET".equals(m)
                        ? page(
                                r,
                                "sizes",
                                Catalogue.SIZES.stream()
                                        .map(Catalogue::sizeJson)
                                        .toList())
                        : notFound(r);
            case "regions" ->
                s.size() == 2 && "GET".equals(m)
                        ? page(
                                r,
                                "regions",
                                Catalogue.REGIONS.stream()
                                        .map(Catalogue::regionJson)
                                        .toList())
                        : notFound(r);
            default -> notFound(r);
        };
    }

    // ---------------------------------------------------------------- droplets

    private Reply droplets(Req r, List<String> s, String m) {
        if (s.size() == 2) {
            return switch (m) {
                case "GET" -> dropletList(r);
                case "POST" -> dropletCreate(r);
                case "DELETE" -> dropletDeleteByTag(r);
                default -> notFound(r);
            };
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

    /**
     * {@code POST /v2/droplets}: one droplet, refused with 422 as DigitalOcean refuses it; {@code new} without
     * addresses until its {@code create} action completes ({@link Options#createDuration()}).
     */
    private Reply dropletCreate(Req r) {
        JsonNode body = Json.parseOrNull(r.body());
        if (body == null || !body.isObject()) {
            return Reply.error(400, "bad_request", "unable to parse the request body as JSON", r.requestId());
        }
        if (body.has("names")) {
            return unprocessable(r, "The sandbox creates one droplet per request: send name, not names.");
        }
        JsonNode nameNode = body.get("name");
        if (nameNode == null
                || nameNode.isNull()
                || (nameNode.isTextual() && nameNode.asText().isEmpty())) {
            return unprocessable(r, "Name is required.");
        }
        if (!nameNode.isTextual() || !DROPLET_NAME.matcher(nameNode.asText()).matches()) {
            return unprocessable(r, "Only valid hostname characters are allowed. (a-z, A-Z, 0-9, . and -)");
        }
        if (nameNode.asText().length() > 255) {
            return unprocessable(r, "Name must be at most 255 characters long.");
        }
        String region = text(body, "region");
        if (region == null || !Catalogue.isRegion(region)) {
            return unprocessable(r, "You specified an invalid region for Droplet creation.");
        }
        Catalogue.Size size = Catalogue.size(text(body, "size"));
        if (size == null) {
            return unprocessable(r, "You specified an invalid size for Droplet creation.");
        }
        if (!size.regions().contains(region)) {
            return unprocessable(r, "Size is not available in this region.");
        }
        Image image = imageToCreateFrom(r, body.get("image"));
        if (image == null) {
            return unprocessable(r, "You specified an invalid image for Droplet creation.");
        }
        if (image.minDiskSize != null && image.minDiskSize > size.disk()) {
            return unprocessable(
                    r,
                    "The image needs a disk of at least " + image.minDiskSize + " GB; size " + size.slug() + " has "
                            + size.disk() + " GB.");
        }
        if (!image.regions.contains(region)) {
            return unprocessable(
                    r,
                    "The image is not available in region " + region + "; it is in " + String.join(", ", image.regions)
                            + ".");
        }
        List<String> authorizedKeys = new ArrayList<>();
        JsonNode keys = body.get("ssh_keys");
        if (keys != null && !keys.isNull()) {
            if (!keys.isArray()) {
                return unprocessable(r, "ssh_keys must be an array of key ids or fingerprints.");
            }
            List<String> invalid = new ArrayList<>();
            for (JsonNode k : keys) {
                SshKey key = accountKey(r.team(), k);
                if (key == null) {
                    invalid.add(k.isTextual() ? k.asText() : k.toString());
                } else {
                    authorizedKeys.add(key.publicKey);
                }
            }
            if (!invalid.isEmpty()) {
                return unprocessable(
                        r, String.join(", ", invalid) + " are invalid key identifiers for Droplet creation.");
            }
        }
        JsonNode userData = body.get("user_data");
        if (userData != null && !userData.isNull()) {
            if (!userData.isTextual()) {
                return unprocessable(r, "user_data must be a string.");
            }
            if (userData.asText().getBytes(StandardCharsets.UTF_8).length > USER_DATA_MAX_BYTES) {
                return unprocessable(r, "user_data must not be larger than 64 KiB.");
            }
        }
        List<String> tags = new ArrayList<>();
        JsonNode tagsNode = body.get("tags");
        if (tagsNode != null && !tagsNode.isNull()) {
            if (!tagsNode.isArray()) {
                return unprocessable(r, "tags must be an array of tag names.");
            }
            for (JsonNode t : tagsNode) {
                if (!t.isTextual() || !TAG_NAME.matcher(t.asText()).matches()) {
                    return unprocessable(
                            r,
                            "Tag names must be 1 to 255 characters: letters, numbers, colons, dashes and underscores.");
                }
                if (!tags.contains(t.asText())) {
                    tags.add(t.asText());
                }
            }
        }
        for (String flag : List.of("monitoring", "ipv6", "backups", "with_droplet_agent", "private_networking")) {
            JsonNode f = body.get(flag);
            if (f != null && !f.isNull() && !f.isBoolean()) {
                return unprocessable(r, flag + " must be a boolean.");
            }
        }
        JsonNode vpc = body.get("vpc_uuid");
        if (vpc != null && !vpc.isNull() && !DEFAULT_VPC_UUID.equals(vpc.asText())) {
            return unprocessable(r, "vpc_uuid must be the UUID of a VPC of yours in " + region + ".");
        }
        Droplet d = new Droplet();
        d.team = r.team();
        d.name = nameNode.asText();
        d.region = region;
        d.size = size;
        d.baseImageId = image.id;
        d.tags.addAll(tags);
        d.userData = userData == null || userData.isNull() ? null : userData.asText();
        d.authorizedKeys.addAll(authorizedKeys);
        d.monitoring = body.path("monitoring").asBoolean(false);
        d.ipv6 = body.path("ipv6").asBoolean(false);
        d.backups = body.path("backups").asBoolean(false);
        d.withDropletAgent = body.path("with_droplet_agent").asBoolean(false);
        d.vpcUuid = vpc == null || vpc.isNull() ? null : vpc.asText();
        Action a = state.createDroplet(d);
        ObjectNode root = wrap("droplet", state.dropletJson(d));
        ObjectNode link = root.putObject("links").putArray("actions").addObject();
        link.put("id", a.id);
        link.put("rel", "create");
        link.put(
                "href",
                baseUrl.get()
                        .newBuilder()
                        .encodedPath("/v2/actions/" + a.id)
                        .build()
                        .toString());
        return Reply.json(202, root);
    }

    /** A distribution image by slug, or by id a public image or an available image of the team; else {@code null}. */
    private Image imageToCreateFrom(Req r, JsonNode image) {
        Image i;
        if (image != null && image.isTextual()) {
            i = state.findPublicImage(image.asText());
        } else if (image != null && image.isIntegralNumber() && image.asLong() > 0) {
            i = state.findImage(image.asLong());
        } else {
            return null;
        }
        boolean usable = i != null && (i.isPublic || r.team().equals(i.team)) && "available".equals(i.status);
        return usable ? i : null;
    }

    /** An account key by id (a JSON number) or fingerprint (a string); a number in a string is no id. */
    private SshKey accountKey(String team, JsonNode k) {
        if (k.isIntegralNumber()) {
            return state.keysOf(team).stream()
                    .filter(key -> key.id == k.asLong())
                    .findFirst()
                    .orElse(null);
        }
        if (k.isTextual()) {
            return state.keysOf(team).stream()
                    .filter(key -> key.fingerprint.equals(k.asText()))
                    .findFirst()
                    .orElse(null);
        }
        return null;
    }

    /** {@code DELETE /v2/droplets?tag_name=}: every droplet of the team with the tag, GPU droplets too. */
    private Reply dropletDeleteByTag(Req r) {
        String tag = r.query("tag_name");
        if (tag == null || tag.isBlank()) {
            return unprocessable(r, "tag_name is required to delete droplets by tag.");
        }
        state.dropletsOf(r.team()).stream()
                .filter(d -> d.tags.contains(tag))
                .toList()
                .forEach(d -> state.deleteDroplet(d.id));
        return Reply.noContent();
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    private static Reply unprocessable(Req r, String message) {
        return Reply.error(422, "unprocessable_entity", message, r.requestId());
    }

    // ---------------------------------------------------------------- account keys

    private Reply account(Req r, List<String> s, String m) {
        if (s.size() < 3 || !"keys".equals(s.get(2)) || s.size() > 4) {
            return notFound(r);
        }
        if (s.size() == 3) {
            return switch (m) {
                case "GET" ->
                    page(
                            r,
                            "ssh_keys",
                            state.keysOf(r.team()).stream()
                                    .map(state::sshKeyJson)
                                    .toList());
                case "POST" -> keyCreate(r);
                default -> notFound(r);
            };
        }
        SshKey key = state.findKey(r.team(), s.get(3));
        if (key == null) {
            return notFound(r);
        }
        return switch (m) {
            case "GET" -> Reply.json(200, wrap("ssh_key", state.sshKeyJson(key)));
            case "DELETE" -> {
                state.deleteKey(key.id);
                yield Reply.noContent();
            }
            default -> notFound(r);
        };
    }

    private Reply keyCreate(Req r) {
        JsonNode body = Json.parseOrNull(r.body());
        if (body == null || !body.isObject()) {
            return Reply.error(400, "bad_request", "unable to parse the request body as JSON", r.requestId());
        }
        String name = text(body, "name");
        if (name == null || name.isBlank()) {
            return unprocessable(r, "Name is required.");
        }
        String publicKey = text(body, "public_key");
        String fingerprint = SshKeys.fingerprint(publicKey);
        if (fingerprint == null) {
            return unprocessable(r, "Key invalid, key should be of the form `type key [comment]`");
        }
        if (state.keysOf(r.team()).stream().anyMatch(k -> k.fingerprint.equals(fingerprint))) {
            return unprocessable(r, "SSH Key is already in use on your account");
        }
        SshKey key = state.newKey(r.team(), name, publicKey.trim(), fingerprint);
        return Reply.json(201, wrap("ssh_key", state.sshKeyJson(key)));
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
            String type = r.query("type");
            if ("distribution".equals(type) || "application".equals(type)) {
                // The catalogue has distribution images only; 1-Click application images are not served.
                List<ObjectNode> items = state.toImages().stream()
                        .filter(i -> "distribution".equals(type) && i.isPublic && "base".equals(i.type))
                        .map(state::imageJson)
                        .toList();
                return page(r, "images", items);
            }
            boolean onlyPrivate = "true".equals(r.query("private"));
            return page(r, "images", imagesVisibleTo(r.team(), onlyPrivate));
        }
        if (s.size() < 3) {
            return notFound(r);
        }
        Long id = parseId(s.get(2));
        Image i = id == null ? state.findPublicImage(s.get(2)) : state.findImage(id);
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
