package io.github.oneclick.vendor.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.vendor.DigitalOceanClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A stateful stand-in for the DigitalOcean endpoints the snapshot workflow uses. Droplets change state, actions
 * progress on the virtual clock, snapshots appear in listings after a configurable number of listings, and droplet
 * actions are refused with 422 "pending event" while another action runs, as DigitalOcean does. Every request is
 * recorded.
 */
final class FakeDigitalOcean extends Dispatcher {
    private static final Pattern DROPLET = Pattern.compile("/v2/droplets/(\\d+)");
    private static final Pattern DROPLET_ACTIONS = Pattern.compile("/v2/droplets/(\\d+)/actions");
    private static final Pattern DROPLET_SNAPSHOTS = Pattern.compile("/v2/droplets/(\\d+)/snapshots");
    private static final Pattern ACTION = Pattern.compile("/v2/actions/(\\d+)");
    private static final Pattern IMAGE = Pattern.compile("/v2/images/(\\d+)");
    private static final Pattern IMAGE_ACTIONS = Pattern.compile("/v2/images/(\\d+)/actions");
    private static final Pattern IMAGE_ACTION = Pattern.compile("/v2/images/(\\d+)/actions/(\\d+)");

    final VirtualClock clock;
    private final ObjectMapper json = DigitalOceanClient.objectMapper();

    // Behaviour, set by the scenario before the run.
    Duration shutdownTakes = Duration.ofSeconds(8);
    boolean shutdownIgnored;
    Duration powerOffTakes = Duration.ofSeconds(4);
    Duration powerOnTakes = Duration.ofSeconds(10);
    /** How long after a shutdown or power_off completes the droplet still reads its old status. */
    Duration statusLag = Duration.ofSeconds(3);
    Duration snapshotTakes = Duration.ofMinutes(4);
    boolean snapshotErrors;
    /** Listings after the snapshot completes that do not show it yet. */
    int listingLag;
    Duration transferTakes = Duration.ofMinutes(3);
    /** Snapshot POSTs refused with 422 "pending event" although no action shows in the list. */
    int hiddenPendingEvents;
    /** Starts an action of this type the first time the droplet's actions are listed (a race with another tool). */
    String raceActionType;
    Duration raceActionTakes = Duration.ofSeconds(40);

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<Long, Droplet> droplets = new LinkedHashMap<>();
    final Map<Long, Act> actions = new LinkedHashMap<>();
    final Map<Long, Img> images = new LinkedHashMap<>();
    final Map<Long, Instant> firstSeenCompleted = new LinkedHashMap<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>(
            Comparator.comparing(Event::at).thenComparingLong(Event::seq));
    private final List<Fault> faults = new ArrayList<>();
    private long nextId = 5000;
    private long seq;
    private int listings;
    private boolean raced;

    /** One recorded request. */
    record Call(String method, String path, String query, String body) {
        boolean is(String m, String p) {
            return method.equals(m) && path.equals(p);
        }

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query) + (body.isEmpty() ? "" : " " + body);
        }
    }

    static final class Droplet {
        final long id;
        final String name;
        String status;
        final String region;
        final List<String> tags = new ArrayList<>();

        Droplet(long id, String name, String status, String region) {
            this.id = id;
            this.name = name;
            this.status = status;
            this.region = region;
        }
    }

    static final class Act {
        long id;
        String type;
        String status = "in-progress";
        Instant startedAt;
        Instant completedAt;
        long resourceId;
        String resourceType;
        String region;
        boolean fails;
    }

    static final class Img {
        long id;
        long dropletId;
        String name;
        Instant createdAt;
        final List<String> regions = new ArrayList<>();
        String type = "snapshot";
        int visibleFromListing;
    }

    private record Event(Instant at, long seq, Runnable effect) {
    }

    private record Fault(Predicate<Call> which, Supplier<MockResponse> response, boolean processed) {
    }

    FakeDigitalOcean(VirtualClock clock) {
        this.clock = clock;
    }

    Droplet droplet(long id, String name, String status, String region) {
        Droplet d = new Droplet(id, name, status, region);
        droplets.put(id, d);
        return d;
    }

    /** An existing snapshot of the droplet. */
    synchronized Img existingSnapshot(long dropletId, String name, Instant createdAt) {
        Img img = new Img();
        img.id = ++nextId;
        img.dropletId = dropletId;
        img.name = name;
        img.createdAt = createdAt;
        img.regions.add(droplets.get(dropletId).region);
        images.put(img.id, img);
        return img;
    }

    /** An action already in progress on the droplet, started by someone else. */
    synchronized Act runningAction(long dropletId, String type, Duration remaining) {
        return startAction(dropletId, "droplet", type, null, remaining, () -> { });
    }

    /** The next request matching {@code which} is processed normally, then answered with {@code response}. */
    synchronized void failAfterProcessing(Predicate<Call> which, Supplier<MockResponse> response) {
        faults.add(new Fault(which, response, true));
    }

    /** The next request matching {@code which} is not processed at all, and answered with {@code response}. */
    synchronized void failWithoutProcessing(Predicate<Call> which, Supplier<MockResponse> response) {
        faults.add(new Fault(which, response, false));
    }

    List<Call> calls(String method, String pathPrefix) {
        return calls.stream().filter(c -> c.method.equals(method) && c.path.startsWith(pathPrefix)).toList();
    }

    long actionPosts(String type) {
        return calls.stream().filter(c -> c.method.equals("POST") && c.path.matches("/v2/droplets/\\d+/actions")
                && c.body.contains("\"type\":\"" + type + "\"")).count();
    }

    List<Img> snapshotsOf(long dropletId) {
        return images.values().stream().filter(i -> i.dropletId == dropletId).toList();
    }

    Act lastAction(String type) {
        return actions.values().stream().filter(a -> a.type.equals(type)).reduce((a, b) -> b).orElseThrow();
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        advance();
        HttpUrl url = request.getRequestUrl();
        String body = request.getBody().readUtf8();
        Call call = new Call(request.getMethod(), url.encodedPath(), url.encodedQuery(), body);
        calls.add(call);
        for (Fault fault : faults) {
            if (!fault.processed && fault.which.test(call)) {
                faults.remove(fault);
                return fault.response.get();
            }
        }
        MockResponse response;
        try {
            response = handle(call, url);
        } catch (Exception e) {
            response = error(500, "server_error", "fake failed: " + e);
        }
        for (Fault fault : faults) {
            if (fault.processed && fault.which.test(call)) {
                faults.remove(fault);
                return fault.response.get();
            }
        }
        return response;
    }

    private void advance() {
        Instant now = clock.instant();
        while (!events.isEmpty() && !events.peek().at.isAfter(now)) {
            events.poll().effect.run();
        }
    }

    private void at(Instant when, Runnable effect) {
        events.add(new Event(when, seq++, effect));
    }

    private MockResponse handle(Call call, HttpUrl url) throws Exception {
        String path = call.path;
        String method = call.method;
        Matcher m;
        if (method.equals("GET") && path.equals("/v2/droplets")) {
            String name = url.queryParameter("name");
            String tag = url.queryParameter("tag_name");
            boolean gpus = "gpus".equals(url.queryParameter("type")); // no GPU droplets here
            List<Object> found = droplets.values().stream()
                    .filter(d -> !gpus)
                    .filter(d -> name != null ? d.name.equalsIgnoreCase(name) : d.tags.contains(tag))
                    .map(this::dropletJson).map(Object.class::cast).toList();
            return page("droplets", found, url);
        }
        if ((m = DROPLET.matcher(path)).matches()) {
            Droplet d = droplets.get(Long.parseLong(m.group(1)));
            if (d == null) {
                return error(404, "not_found", "The resource you were accessing could not be found.");
            }
            if (method.equals("DELETE")) {
                droplets.remove(d.id);
                return new MockResponse().setResponseCode(204);
            }
            return ok(200, Map.of("droplet", dropletJson(d)));
        }
        if ((m = DROPLET_ACTIONS.matcher(path)).matches()) {
            long id = Long.parseLong(m.group(1));
            if (!droplets.containsKey(id)) {
                return error(404, "not_found", "The resource you were accessing could not be found.");
            }
            if (method.equals("GET")) {
                if (raceActionType != null && !raced) {
                    raced = true;
                    List<Object> before = actionsOf(id);
                    runningAction(id, raceActionType, raceActionTakes);
                    return page("actions", before, url);
                }
                return page("actions", actionsOf(id), url);
            }
            return postDropletAction(id, json.readTree(call.body));
        }
        if ((m = DROPLET_SNAPSHOTS.matcher(path)).matches()) {
            long id = Long.parseLong(m.group(1));
            String pageParam = url.queryParameter("page");
            if (pageParam == null || pageParam.equals("1")) {
                listings++;
            }
            int listing = listings;
            List<Object> visible = snapshotsOf(id).stream().filter(i -> i.visibleFromListing <= listing)
                    .map(this::snapshotJson).map(Object.class::cast).toList();
            return page("snapshots", visible, url);
        }
        if ((m = ACTION.matcher(path)).matches()) {
            Act a = actions.get(Long.parseLong(m.group(1)));
            return a == null ? error(404, "not_found", "no such action") : actionResponse(200, a, true);
        }
        if ((m = IMAGE_ACTION.matcher(path)).matches()) {
            Act a = actions.get(Long.parseLong(m.group(2)));
            return a == null ? error(404, "not_found", "no such action") : actionResponse(200, a, true);
        }
        if ((m = IMAGE_ACTIONS.matcher(path)).matches() && method.equals("POST")) {
            Img img = images.get(Long.parseLong(m.group(1)));
            if (img == null) {
                return error(404, "not_found", "no such image");
            }
            String region = json.readTree(call.body).path("region").asText();
            Act a = startAction(img.id, "image", "transfer", region, transferTakes, () -> img.regions.add(region));
            return actionResponse(201, a, false);
        }
        if ((m = IMAGE.matcher(path)).matches()) {
            Img img = images.get(Long.parseLong(m.group(1)));
            if (img == null) {
                return error(404, "not_found", "The image was not found.");
            }
            if (method.equals("DELETE")) {
                images.remove(img.id);
                return new MockResponse().setResponseCode(204);
            }
            Map<String, Object> image = new LinkedHashMap<>(snapshotJson(img));
            image.put("distribution", "Ubuntu");
            image.put("public", false);
            image.put("status", "available");
            return ok(200, Map.of("image", image));
        }
        return error(404, "not_found", "no route " + method + " " + path);
    }

    private MockResponse postDropletAction(long dropletId, JsonNode body) {
        Droplet d = droplets.get(dropletId);
        String type = body.path("type").asText();
        boolean busy = actions.values().stream()
                .anyMatch(a -> a.resourceId == dropletId && "droplet".equals(a.resourceType) && a.completedAt == null);
        if (busy || (type.equals("snapshot") && hiddenPendingEvents > 0)) {
            if (!busy) {
                hiddenPendingEvents--;
            }
            return error(422, "unprocessable_entity", "Droplet already has a pending event.");
        }
        Act a;
        switch (type) {
            case "shutdown":
                a = startAction(dropletId, "droplet", type, d.region, shutdownTakes, () -> {
                    if (!shutdownIgnored) {
                        at(clock.instant().plus(statusLag), () -> d.status = "off");
                    }
                });
                break;
            case "power_off":
                a = startAction(dropletId, "droplet", type, d.region, powerOffTakes,
                        () -> at(clock.instant().plus(statusLag), () -> d.status = "off"));
                break;
            case "power_on":
                a = startAction(dropletId, "droplet", type, d.region, powerOnTakes, () -> d.status = "active");
                break;
            case "snapshot":
                String name = body.path("name").asText();
                Instant started = clock.instant();
                a = startAction(dropletId, "droplet", type, d.region,
                        snapshotErrors ? Duration.ofSeconds(20) : snapshotTakes, () -> {
                            Img img = existingSnapshot(dropletId, name, started);
                            img.visibleFromListing = listings + listingLag + 1;
                        });
                a.fails = snapshotErrors;
                break;
            default:
                return error(422, "unprocessable_entity", "unsupported action " + type);
        }
        return actionResponse(201, a, false);
    }

    private Act startAction(long resourceId, String resourceType, String type, String region, Duration takes,
            Runnable effect) {
        Act a = new Act();
        a.id = ++nextId;
        a.type = type;
        a.startedAt = clock.instant();
        a.resourceId = resourceId;
        a.resourceType = resourceType;
        a.region = region;
        actions.put(a.id, a);
        at(a.startedAt.plus(takes), () -> {
            a.completedAt = a.startedAt.plus(takes);
            if (a.fails) {
                a.status = "errored";
                return;
            }
            a.status = "completed";
            effect.run();
        });
        return a;
    }

    private List<Object> actionsOf(long dropletId) {
        List<Object> list = new ArrayList<>();
        actions.values().stream().filter(a -> a.resourceId == dropletId && "droplet".equals(a.resourceType))
                .sorted(Comparator.comparingLong((Act a) -> a.id).reversed())
                .forEach(a -> list.add(actionJson(a)));
        return list;
    }

    private MockResponse actionResponse(int status, Act a, boolean poll) {
        if (poll && "completed".equals(a.status)) {
            firstSeenCompleted.putIfAbsent(a.id, clock.instant());
        }
        return ok(status, Map.of("action", actionJson(a)));
    }

    private Map<String, Object> actionJson(Act a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id);
        m.put("status", a.status);
        m.put("type", a.type);
        m.put("started_at", a.startedAt.toString());
        m.put("completed_at", a.completedAt == null ? null : a.completedAt.toString());
        m.put("resource_id", a.resourceId);
        m.put("resource_type", a.resourceType);
        m.put("region", a.region == null ? null : Map.of("slug", a.region, "name", a.region.toUpperCase()));
        m.put("region_slug", a.region);
        return m;
    }

    private Map<String, Object> dropletJson(Droplet d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id);
        m.put("name", d.name);
        m.put("status", d.status);
        m.put("locked", false);
        m.put("region", Map.of("slug", d.region, "name", d.region.toUpperCase()));
        m.put("size_slug", "s-1vcpu-1gb");
        m.put("disk", 25);
        m.put("tags", d.tags);
        return m;
    }

    private Map<String, Object> snapshotJson(Img i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id);
        m.put("name", i.name);
        m.put("type", i.type);
        m.put("created_at", i.createdAt.toString());
        m.put("regions", List.copyOf(i.regions));
        m.put("min_disk_size", 25);
        m.put("size_gigabytes", 2.36);
        return m;
    }

    private MockResponse page(String key, List<Object> items, HttpUrl url) {
        int perPage = Math.min(200, Integer.parseInt(orElse(url.queryParameter("per_page"), "20")));
        int page = Integer.parseInt(orElse(url.queryParameter("page"), "1"));
        int from = Math.min(items.size(), (page - 1) * perPage);
        int to = Math.min(items.size(), from + perPage);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, items.subList(from, to));
        Map<String, Object> pages = new LinkedHashMap<>();
        if (to < items.size()) {
            pages.put("next", url.newBuilder().setQueryParameter("page", String.valueOf(page + 1))
                    .setQueryParameter("per_page", String.valueOf(perPage)).build().toString());
        }
        body.put("links", pages.isEmpty() ? Map.of() : Map.of("pages", pages));
        body.put("meta", Map.of("total", items.size()));
        return ok(200, body);
    }

    private MockResponse ok(int status, Object body) {
        try {
            return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                    .setBody(json.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static MockResponse error(int status, String id, String message) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody("{\"id\":\"" + id + "\",\"message\":\"" + message + "\",\"request_id\":\"req-" + status
                        + "\"}");
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
