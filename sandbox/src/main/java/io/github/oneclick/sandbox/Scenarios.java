package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named scenarios. Every scenario except {@code empty} starts from {@code demo} and changes one
 * thing; its ids and tokens are the constants below.
 */
public final class Scenarios {

    /**
     * One team ({@link #TEAM}, token {@link #TOKEN}) and nothing else but DigitalOcean's catalogue of sizes, regions and
     * distribution images, which every scenario has.
     */
    public static final String EMPTY = "empty";
    /** The demo world; see the constants. */
    public static final String DEMO = "demo";
    /** {@link #APP_ID} is {@code pending}: a PATCH gets 400 until it is approved. */
    public static final String APP_PENDING = "app-pending";
    /** Shutdown actions complete but the droplet stays {@code active}; {@code power_off} works. */
    public static final String SHUTDOWN_IGNORED = "shutdown-ignored";
    /** Snapshot actions end {@code errored} and make no image. */
    public static final String SNAPSHOT_ERRORED = "snapshot-errored";
    /** New snapshots reach the listings 10 s after their action completed (or the configured lag). */
    public static final String LISTING_LAG = "listing-lag";
    /** A low limit: 20 requests per hour per token, no burst limit. */
    public static final String RATE_LIMITED = "rate-limited";
    /** The first two API requests, whatever they are, get a burst 429 with {@code retry-after: 1}. */
    public static final String BURST_429 = "burst-429";
    /** The first two GET requests get a 503 with a JSON body. */
    public static final String FLAKY_503 = "flaky-503";
    /** The first snapshot POST gets a Cloudflare-like HTML 504 and is not applied. */
    public static final String HTML_504 = "html-504";
    /** The first snapshot POST loses its connection before it is applied. */
    public static final String DROP_BEFORE_SNAPSHOT = "drop-before-snapshot";
    /** The first snapshot POST is applied, then its connection is dropped (the action exists). */
    public static final String DROP_AFTER_SNAPSHOT = "drop-after-snapshot";
    /** The first {@code GET /v2/actions/{id}} response is cut in half. */
    public static final String TRUNCATED_ACTION = "truncated-action";
    /** The droplet has 450 snapshots: three pages at {@code per_page=200}. */
    public static final String MANY_SNAPSHOTS = "many-snapshots";
    /** The Vendor API answers errors with HTML pages. */
    public static final String VENDOR_HTML_ERRORS = "vendor-html-errors";
    /** The build droplet is a GPU droplet: listed only with {@code type=gpus}. */
    public static final String GPU_DROPLET = "gpu-droplet";
    /**
     * A series of earlier releases, {@code acme-lemp-1.8.0} to {@code acme-lemp-2.0.0}; the listing of {@link #APP_ID}
     * serves {@code acme-lemp-2.0.0}.
     */
    public static final String SNAPSHOT_SERIES = "snapshot-series";

    public static final String TEAM = "acme";
    public static final String TOKEN = "sandbox-acme-token-0001";
    public static final String FOREIGN_TEAM = "globex";
    public static final String FOREIGN_TOKEN = "sandbox-globex-token-0002";

    /** Approved droplet 1-Click of {@link #TEAM}. */
    public static final String APP_ID = "60089fc6d333037bffa70d9b";
    /** A second app of {@link #TEAM}, {@code pending}. */
    public static final String PENDING_APP_ID = "60089fc6d333037bffa70d9c";
    /** A third app of {@link #TEAM}, {@code in review}. */
    public static final String IN_REVIEW_APP_ID = "60089fc6d333037bffa70d9d";
    /** An approved app of {@link #TEAM} that is not a droplet 1-Click (type {@code kubernetes}). */
    public static final String KUBERNETES_APP_ID = "60089fc6d333037bffa70d9e";
    /** An approved droplet 1-Click of {@link #FOREIGN_TEAM}. */
    public static final String FOREIGN_APP_ID = "92052e1d7b34519f48b3b269";

    /** The build droplet of {@link #TEAM}: active, nyc3, 25 GB, tag {@code marketplace-build}. */
    public static final long DROPLET_ID = 3_164_444L;

    public static final String DROPLET_NAME = "acme-build-01";
    public static final String DROPLET_TAG = "marketplace-build";
    /** Another droplet of {@link #TEAM} (tag {@code web}). */
    public static final long OTHER_DROPLET_ID = 3_164_445L;
    /** A droplet of {@link #FOREIGN_TEAM}. */
    public static final long FOREIGN_DROPLET_ID = 3_164_446L;

    /** The older snapshots of {@link #DROPLET_ID}, oldest first; the last is live in {@link #APP_ID}. */
    public static final List<Long> OLD_SNAPSHOT_IDS = List.of(140_000_001L, 140_000_002L, 140_000_003L);
    /** A snapshot image owned by {@link #FOREIGN_TEAM}. */
    public static final long FOREIGN_IMAGE_ID = 140_000_004L;
    /** The public Ubuntu image the droplets run: {@code ubuntu-22-04-x64}, {@code min_disk_size} 7. */
    public static final long BASE_IMAGE_ID = 129_211_873L;
    /** The distribution image {@code ubuntu-24-04-x64} ({@code min_disk_size} 15), in every scenario. */
    public static final long UBUNTU_24_04_IMAGE_ID = 160_133_345L;
    /** The distribution image {@code debian-12-x64} ({@code min_disk_size} 10), in every scenario. */
    public static final long DEBIAN_12_IMAGE_ID = 158_386_254L;

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(
                EMPTY, "one team and its token, nothing else (the catalogue of sizes, regions and images aside)");
        DESCRIPTIONS.put(
                DEMO,
                "one team with an approved app, a pending app and an active droplet with older snapshots,"
                        + " plus a foreign team's image");
        DESCRIPTIONS.put(APP_PENDING, "demo, with the main app pending");
        DESCRIPTIONS.put(SHUTDOWN_IGNORED, "demo, shutdown completes but the droplet stays active");
        DESCRIPTIONS.put(SNAPSHOT_ERRORED, "demo, snapshot actions end errored");
        DESCRIPTIONS.put(LISTING_LAG, "demo, new snapshots reach the listings after a lag");
        DESCRIPTIONS.put(RATE_LIMITED, "demo, 20 requests per hour per token");
        DESCRIPTIONS.put(BURST_429, "demo, the first two API requests get a burst 429");
        DESCRIPTIONS.put(FLAKY_503, "demo, the first two GET requests get a 503");
        DESCRIPTIONS.put(HTML_504, "demo, the first snapshot POST gets an HTML 504 and is not applied");
        DESCRIPTIONS.put(DROP_BEFORE_SNAPSHOT, "demo, the first snapshot POST is dropped before it is applied");
        DESCRIPTIONS.put(DROP_AFTER_SNAPSHOT, "demo, the first snapshot POST is applied and then dropped");
        DESCRIPTIONS.put(TRUNCATED_ACTION, "demo, the first action GET has a truncated body");
        DESCRIPTIONS.put(MANY_SNAPSHOTS, "demo, the droplet has 450 snapshots");
        DESCRIPTIONS.put(VENDOR_HTML_ERRORS, "demo, Vendor API errors are HTML pages");
        DESCRIPTIONS.put(GPU_DROPLET, "demo, the build droplet is a GPU droplet (listed only with type=gpus)");
        DESCRIPTIONS.put(
                SNAPSHOT_SERIES,
                "demo, with snapshots acme-lemp-1.8.0, 1.9.0 and 2.0.0; the listing serves" + " 2.0.0");
    }

    private Scenarios() {}

    public static List<String> names() {
        return List.copyOf(DESCRIPTIONS.keySet());
    }

    public static Map<String, String> descriptions() {
        return Map.copyOf(DESCRIPTIONS);
    }

    /** Fails naming the known scenarios when {@code name} is not one. */
    public static void requireKnown(String name) {
        if (name == null || !DESCRIPTIONS.containsKey(name)) {
            throw new IllegalArgumentException(
                    "Unknown scenario '" + name + "'; choose one of " + String.join(", ", DESCRIPTIONS.keySet()));
        }
    }

    static String tokenOf(String name) {
        return TOKEN;
    }

    /** Seeds {@code state} and {@code faults} for the scenario and returns its options. */
    static Options apply(String name, SandboxState state, Faults faults, Options base) {
        requireKnown(name);
        Catalogue.seed(state);
        if (EMPTY.equals(name)) {
            state.addTeam(TEAM, TOKEN);
            return base;
        }
        demo(state);
        String snapshotPost = "/v2/droplets/*/actions";
        return switch (name) {
            case APP_PENDING -> {
                state.setAppStatus(APP_ID, "pending", "Update submitted");
                yield base;
            }
            case SHUTDOWN_IGNORED -> base.withShutdownIgnored(true);
            case SNAPSHOT_ERRORED -> base.withSnapshotErrored(true);
            case LISTING_LAG ->
                base.withListingLag(base.listingLag().isZero() ? Duration.ofSeconds(10) : base.listingLag());
            case RATE_LIMITED -> base.withRateLimit(20, 0);
            case BURST_429 -> {
                faults.add(Fault.on("*", "/v2/**").tooManyRequests(1).times(2));
                yield base;
            }
            case FLAKY_503 -> {
                faults.add(Fault.on("GET", "/v2/**").status(503).times(2));
                yield base;
            }
            case HTML_504 -> {
                faults.add(Fault.on("POST", snapshotPost)
                        .bodyContains("\"snapshot\"")
                        .html(504));
                yield base;
            }
            case DROP_BEFORE_SNAPSHOT -> {
                faults.add(Fault.on("POST", snapshotPost)
                        .bodyContains("\"snapshot\"")
                        .dropBefore());
                yield base;
            }
            case DROP_AFTER_SNAPSHOT -> {
                faults.add(Fault.on("POST", snapshotPost)
                        .bodyContains("\"snapshot\"")
                        .dropAfter());
                yield base;
            }
            case TRUNCATED_ACTION -> {
                faults.add(Fault.on("GET", "/v2/actions/*").truncate());
                yield base;
            }
            case MANY_SNAPSHOTS -> {
                Instant start = state.now().minus(400, ChronoUnit.DAYS);
                for (int i = OLD_SNAPSHOT_IDS.size(); i < 450; i++) {
                    state.addSnapshot(DROPLET_ID, "acme-app-nightly-" + (i + 1), start.plus(i, ChronoUnit.HOURS));
                }
                yield base;
            }
            case VENDOR_HTML_ERRORS -> base.withVendorErrorsHtml(true);
            case GPU_DROPLET -> {
                state.setGpu(DROPLET_ID, true);
                yield base;
            }
            case SNAPSHOT_SERIES -> {
                Instant now = state.now();
                state.addSnapshot(DROPLET_ID, "acme-lemp-1.8.0", now.minus(9, ChronoUnit.DAYS));
                state.addSnapshot(DROPLET_ID, "acme-lemp-1.9.0", now.minus(6, ChronoUnit.DAYS));
                state.setAppImage(
                        APP_ID, state.addSnapshot(DROPLET_ID, "acme-lemp-2.0.0", now.minus(3, ChronoUnit.DAYS)));
                yield base;
            }
            default -> base;
        };
    }

    private static void demo(SandboxState state) {
        Instant now = state.now();
        state.addTeam(TEAM, TOKEN);
        state.addTeam(FOREIGN_TEAM, FOREIGN_TOKEN);

        long droplet = state.addDroplet(TEAM, DROPLET_NAME, "active", "nyc3", 25, List.of(DROPLET_TAG));
        long other = state.addDroplet(TEAM, "acme-web-01", "active", "ams3", 50, List.of("web"));
        long foreign = state.addDroplet(FOREIGN_TEAM, "globex-build", "active", "fra1", 25, List.of(DROPLET_TAG));
        check(droplet == DROPLET_ID && other == OTHER_DROPLET_ID && foreign == FOREIGN_DROPLET_ID, "droplet ids");

        long s1 = state.addSnapshot(DROPLET_ID, "acme-app-1.0.0", now.minus(30, ChronoUnit.DAYS));
        long s2 = state.addSnapshot(DROPLET_ID, "acme-app-1.1.0", now.minus(20, ChronoUnit.DAYS));
        long s3 = state.addSnapshot(DROPLET_ID, "acme-app-1.2.0", now.minus(10, ChronoUnit.DAYS));
        long f = state.addImage(FOREIGN_TEAM, "globex-app-2.0", "fra1", now.minus(5, ChronoUnit.DAYS));
        check(List.of(s1, s2, s3).equals(OLD_SNAPSHOT_IDS) && f == FOREIGN_IMAGE_ID, "image ids");

        state.addApp(APP_ID, TEAM, "Acme App", "droplet", "approved", customData("1.2.0", s3, "acme-app-1.2.0"));
        state.addApp(
                PENDING_APP_ID, TEAM, "Acme Tools", "droplet", "pending", customData("0.9.0", s2, "acme-app-1.1.0"));
        state.addApp(
                IN_REVIEW_APP_ID, TEAM, "Acme Docs", "droplet", "in review", customData("0.1.0", s1, "acme-app-1.0.0"));
        state.addApp(KUBERNETES_APP_ID, TEAM, "Acme Operator", "kubernetes", "approved", Json.object());
        state.addApp(
                FOREIGN_APP_ID,
                FOREIGN_TEAM,
                "Globex App",
                "droplet",
                "approved",
                customData("2.0", FOREIGN_IMAGE_ID, "globex-app-2.0"));
    }

    private static ObjectNode customData(String version, long imageId, String imageName) {
        ObjectNode c = Json.object();
        c.put("version", version);
        c.put("osVersion", "Ubuntu 22.04");
        c.put("description", "An example application, ready to run.");
        c.put("summary", "Example application");
        c.put("imageLabel", "acme-22-04");
        c.put("imageId", imageId);
        c.put("imageName", imageName);
        c.put("imageDescription", "Acme App on Ubuntu 22.04");
        c.put("reasonForUpdate", "Initial release");
        ArrayNode software = c.putArray("softwareIncluded");
        software.addObject()
                .put("name", "Acme App")
                .put("version", version)
                .put("releaseNotes", "https://example.com/acme/releases")
                .put("website", "https://example.com/acme")
                .put("licenseType", "Apache-2.0")
                .put("licenseLink", "https://www.apache.org/licenses/LICENSE-2.0");
        software.addObject()
                .put("name", "Nginx")
                .put("version", "1.24.0")
                .put("releaseNotes", "")
                .put("website", "https://nginx.org")
                .put("licenseType", "BSD-2-Clause")
                .put("licenseLink", "https://nginx.org/LICENSE");
        return c;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("The demo scenario no longer matches its published " + what);
        }
    }
}
