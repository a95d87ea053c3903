package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the sandbox knows: teams and their tokens, Vendor Portal apps, images, droplets and actions.
 * Seed it from tests; read it back as the same JSON the API returns. All methods are safe to call
 * while the sandbox serves requests.
 */
public final class SandboxState {

    /** Vendor Portal app statuses that refuse a PATCH. */
    static final Set<String> LOCKED_APP_STATUSES = Set.of("pending", "in review", "in-review");

    static final class App {
        String appId;
        String team;
        String name;
        String type;
        int version;
        String status;
        long lastUpdated;
        String modifiedBy;
        String reason;
        ObjectNode customData;
        /**
         * The image users get from the listing: the one {@code customData} named when the last review ended. An
         * accepted update names the new image at once, but users keep getting this one until the review approves it.
         */
        long servedImageId;
    }

    static final class Image {
        long id;
        String team; // null for public images
        String name;
        String type;
        String distribution;
        String slug;
        boolean isPublic;
        List<String> regions = new ArrayList<>();
        Instant createdAt;
        Integer minDiskSize;
        Double sizeGigabytes;
        String status;
        String description = "";
        Long dropletId;
        Instant listedFrom; // hidden from snapshot listings before this instant
        Long actionId; // the snapshot action that made it; null for seeded images
    }

    static final class Droplet {
        long id;
        String team;
        String name;
        String status;
        String region;
        int disk;
        String sizeSlug;
        List<String> tags = new ArrayList<>();
        List<Long> snapshotIds = new ArrayList<>();
        Instant createdAt;
        String publicIpv4;
        long baseImageId;
        boolean gpu;
        Catalogue.Size size; // null for seeded droplets, whose memory and vcpus follow from the disk
        boolean createdThroughApi;
        String userData;
        List<String> authorizedKeys = new ArrayList<>();
        boolean ipv6;
        boolean monitoring;
        boolean backups;
        boolean withDropletAgent;
        String vpcUuid;
        String oldStatus; // what the API still shows until oldStatusUntil (Options.statusLag)
        Instant oldStatusUntil;
        String loopbackAddress; // its own public IPv4 under Options.dropletAddressesFrom, else null
        Instant activeSince; // when it last became active (booted); null while it is not active
    }

    static final class Action {
        long id;
        String team;
        String status;
        String type;
        Instant startedAt;
        Instant startedExactly; // startedAt before its truncation to seconds
        Instant completedAt;
        Instant dueAt; // when it completes (completedAt before its truncation to seconds)
        long resourceId;
        String resourceType;
        String region;
        String snapshotName;
        boolean willError;
    }

    static final class SshKey {
        long id;
        String team;
        String name;
        String publicKey;
        String fingerprint;
    }

    /**
     * What a droplet was created with, for the SSH side of the sandbox: the host key that cloud-init gets in user data,
     * the keys root's {@code authorized_keys} starts with, and whether the first boot is that of a snapshot's copy.
     *
     * @param dropletId the droplet
     * @param imageId the image it was created from (for a seeded droplet, its base image)
     * @param fromSnapshot whether that image is a snapshot (a private image of the team) rather than a distribution
     * @param userData the {@code user_data} sent, or {@code null}
     * @param authorizedKeys the public keys of the account keys {@code ssh_keys} named, as they were then, in order
     * @param createdThroughApi {@code false} for droplets seeded by tests or the admin endpoints
     */
    public record DropletCreation(
            long dropletId,
            long imageId,
            boolean fromSnapshot,
            String userData,
            List<String> authorizedKeys,
            boolean createdThroughApi) {
        public DropletCreation {
            authorizedKeys = List.copyOf(authorizedKeys);
        }
    }

    /**
     * A droplet created through the API as its SSH side sees it.
     *
     * @param dropletId the droplet
     * @param status {@code new}, {@code active}, {@code off}, ... (the state itself, not what a status lag still shows)
     * @param publicIpv4 its public address as the API reports it once it is no longer {@code new}
     * @param activeSince when it last became {@code active} (its last boot), or {@code null} while it is not active
     */
    public record DropletView(long dropletId, String status, String publicIpv4, Instant activeSince) {}

    /**
     * Learns what happens to the droplets created through the API, so that a process can serve them over SSH. The
     * sandbox calls it on the thread that changed the state, with the sandbox's lock held: a listener must be quick,
     * must not wait for other threads that use the sandbox, and must not read the state through methods that move
     * actions on ({@link #droplet}, {@link #toJson}); {@link #creation} is fine.
     */
    public interface DropletListener {
        /**
         * After every change and every tick of the clock (each request, each {@link Sandbox#advance}, each {@link
         * #refresh}): the droplets created through the API as they are now, and the time.
         */
        void dropletsChanged(Instant now, List<DropletView> droplets);

        /** A snapshot action of a droplet created through the API completed and made this image. */
        default void snapshotTaken(long dropletId, long imageId) {}

        /** An image was deleted. */
        default void imageDeleted(long imageId) {}
    }

    private final List<DropletListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean notifying;
    private final Object lock;
    private final Clock clock;
    private final Supplier<Options> options;

    private final Map<String, String> teamByToken = new LinkedHashMap<>();
    private final Map<String, List<String>> tokensByTeam = new LinkedHashMap<>();
    private final Map<String, App> apps = new LinkedHashMap<>();
    private final Map<Long, Image> images = new LinkedHashMap<>();
    private final Map<Long, Droplet> droplets = new LinkedHashMap<>();
    private final Map<Long, Action> actions = new LinkedHashMap<>();
    private final Map<Long, SshKey> sshKeys = new LinkedHashMap<>();
    private final List<String> incidents = new ArrayList<>();
    private long nextImageId;
    private long nextDropletId;
    private long nextActionId;
    private long nextKeyId;
    private volatile boolean staleListing;

    SandboxState(Object lock, Clock clock, Supplier<Options> options) {
        this.lock = lock;
        this.clock = clock;
        this.options = options;
        clear();
    }

    void clear() {
        synchronized (lock) {
            teamByToken.clear();
            tokensByTeam.clear();
            apps.clear();
            images.clear();
            droplets.clear();
            actions.clear();
            sshKeys.clear();
            incidents.clear();
            nextImageId = 140_000_001L;
            nextDropletId = 3_164_444L;
            nextActionId = 1_500_000_001L;
            nextKeyId = 41_000_001L;
            notifyListeners();
        }
    }

    /** Adds a listener for the droplets created through the API; it learns their current state at once. */
    public void addDropletListener(DropletListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            listeners.add(listener);
            notifyListeners();
        }
    }

    /**
     * Completes the actions whose time has come and tells the droplet listeners the time: for a sandbox on the system
     * clock, where otherwise only requests move it on.
     */
    public void refresh() {
        synchronized (lock) {
            tick();
        }
    }

    private void notifyListeners() {
        if (listeners.isEmpty() || notifying) {
            return;
        }
        notifying = true;
        try {
            List<DropletView> views = droplets.values().stream()
                    .filter(d -> d.createdThroughApi)
                    .map(d -> new DropletView(d.id, d.status, publicAddressOf(d), d.activeSince))
                    .toList();
            Instant now = now();
            listeners.forEach(l -> l.dropletsChanged(now, views));
        } finally {
            notifying = false;
        }
    }

    Instant now() {
        return clock.instant();
    }

    // ---------------------------------------------------------------- seeding

    /** Adds a team (if new) and tokens that act for it. */
    public void addTeam(String team, String... tokens) {
        Objects.requireNonNull(team, "team");
        synchronized (lock) {
            tokensByTeam.computeIfAbsent(team, t -> new ArrayList<>());
            for (String token : tokens) {
                String previous = teamByToken.putIfAbsent(token, team);
                if (previous != null && !previous.equals(team)) {
                    throw new IllegalArgumentException("That token already belongs to team " + previous);
                }
                tokensByTeam.get(team).add(token);
            }
        }
    }

    /** The team of a token, or {@code null} when the token is unknown. */
    public String teamOf(String token) {
        synchronized (lock) {
            return token == null ? null : teamByToken.get(token);
        }
    }

    /**
     * Adds a Vendor Portal app. {@code type} is {@code droplet} for droplet 1-Clicks; {@code status} is
     * {@code approved}, {@code pending} or {@code in review}; {@code customData} may be null.
     */
    public void addApp(String appId, String team, String name, String type, String status, ObjectNode customData) {
        synchronized (lock) {
            requireTeam(team);
            App app = new App();
            app.appId = appId;
            app.team = team;
            app.name = name;
            app.type = type;
            app.version = 1;
            app.status = status;
            app.lastUpdated = now().minus(7, ChronoUnit.DAYS).toEpochMilli();
            app.modifiedBy = "administrator";
            app.reason = "";
            app.customData = customData == null ? Json.object() : customData.deepCopy();
            app.servedImageId = app.customData.path("imageId").asLong();
            apps.put(appId, app);
        }
    }

    /** Sets an app's status as the Marketplace review would ({@code approved}, {@code pending}, ...). */
    public void setAppStatus(String appId, String status, String reason) {
        synchronized (lock) {
            App app = requireApp(appId);
            app.status = status;
            if (status.equals("approved")) {
                app.servedImageId = app.customData.path("imageId").asLong();
            }
            app.reason = reason == null ? "" : reason;
            app.modifiedBy = "administrator";
            app.lastUpdated = now().toEpochMilli();
        }
    }

    /** Points an app's listing at an image, as an approved update would. */
    public void setAppImage(String appId, long imageId) {
        synchronized (lock) {
            App app = requireApp(appId);
            Image image = images.get(imageId);
            app.customData.put("imageId", imageId);
            app.servedImageId = imageId;
            if (image != null) {
                app.customData.put("imageName", image.name);
            }
        }
    }

    /** Approves an app, as DigitalOcean's review does after an accepted update. */
    public void approveApp(String appId) {
        setAppStatus(appId, "approved", "Approved");
    }

    /** Adds an active droplet in {@code region} with a {@code disk} GB disk; returns its id. */
    public long addDroplet(String team, String name, String status, String region, int disk, List<String> tags) {
        synchronized (lock) {
            requireTeam(team);
            Droplet d = new Droplet();
            d.id = nextDropletId++;
            d.team = team;
            d.name = name;
            d.status = status;
            d.region = region;
            d.disk = disk;
            d.sizeSlug = disk <= 25 ? "s-1vcpu-1gb" : "s-2vcpu-4gb";
            d.tags.addAll(tags == null ? List.of() : tags);
            d.createdAt = now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            d.publicIpv4 = "203.0.113." + (10 + (d.id % 200));
            d.baseImageId = 129_211_873L;
            droplets.put(d.id, d);
            return d.id;
        }
    }

    /** Sets a droplet's status ({@code active}, {@code off}, ...), as the control panel or another client would. */
    public void setDropletStatus(long dropletId, String status) {
        Objects.requireNonNull(status, "status");
        synchronized (lock) {
            Droplet d = requireDroplet(dropletId);
            setStatus(d, status, now());
            d.oldStatusUntil = null;
            notifyListeners();
        }
    }

    /**
     * Starts an action on a droplet as another client would: any type ({@code reboot}, {@code enable_backups}, ...),
     * {@code in-progress} for {@code takes}, then completed with the effect its type has (a {@code snapshot} fails
     * when {@link Options#snapshotErrored()}). Until then the droplet refuses new actions with 422 "pending event".
     * Returns the action's id.
     */
    public long addRunningAction(long dropletId, String type, Duration takes) {
        Objects.requireNonNull(type, "type");
        if (takes == null || takes.isNegative()) {
            throw new IllegalArgumentException("takes must be a non-negative duration, got " + takes);
        }
        synchronized (lock) {
            Droplet d = requireDroplet(dropletId);
            return startAction(d.team, type, "droplet", d.id, d.region, null, takes).id;
        }
    }

    /** Adds an existing snapshot of a droplet (owned by the droplet's team, already listed). */
    public long addSnapshot(long dropletId, String name, Instant createdAt) {
        synchronized (lock) {
            Droplet d = requireDroplet(dropletId);
            Image image = newSnapshotImage(d.team, name, createdAt, d);
            image.listedFrom = createdAt;
            d.snapshotIds.add(image.id);
            return image.id;
        }
    }

    /** Adds a private snapshot image of a team that no droplet of the sandbox made; returns its id. */
    public long addImage(String team, String name, String region, Instant createdAt) {
        synchronized (lock) {
            requireTeam(team);
            Image image = new Image();
            image.id = nextImageId++;
            image.team = team;
            image.name = name;
            image.type = "snapshot";
            image.distribution = "Ubuntu";
            image.regions.add(region);
            image.createdAt = createdAt.truncatedTo(ChronoUnit.SECONDS);
            image.minDiskSize = 25;
            image.sizeGigabytes = 2.36;
            image.status = "available";
            image.listedFrom = createdAt;
            images.put(image.id, image);
            return image.id;
        }
    }

    /** Adds a public distribution image (type {@code base}) with a fixed id. */
    public void addPublicImage(long id, String slug, String name, String distribution) {
        addDistributionImage(
                id,
                slug,
                name,
                distribution,
                7,
                2.43,
                List.of("ams3", "fra1", "lon1", "nyc1", "nyc3", "sfo3", "sgp1"),
                Instant.parse("2024-04-25T08:34:27Z"));
    }

    /** Adds a distribution image of DigitalOcean's catalogue (type {@code base}, public). */
    void addDistributionImage(
            long id,
            String slug,
            String name,
            String distribution,
            int minDiskSize,
            double sizeGigabytes,
            List<String> regions,
            Instant createdAt) {
        synchronized (lock) {
            Image image = new Image();
            image.id = id;
            image.name = name;
            image.type = "base";
            image.distribution = distribution;
            image.slug = slug;
            image.isPublic = true;
            image.regions.addAll(regions);
            image.createdAt = createdAt;
            image.minDiskSize = minDiskSize;
            image.sizeGigabytes = sizeGigabytes;
            image.status = "available";
            images.put(id, image);
        }
    }

    /**
     * Adds an SSH public key ({@code type base64 [comment]}) to a team's account, as the control panel would; returns
     * its id. Refuses a malformed key and one whose fingerprint the team has already, as DigitalOcean does.
     */
    public long addSshKey(String team, String name, String publicKey) {
        synchronized (lock) {
            requireTeam(team);
            String fingerprint = SshKeys.fingerprint(publicKey);
            if (fingerprint == null) {
                throw new IllegalArgumentException(
                        "Not an SSH public key of the form 'type key [comment]': " + publicKey);
            }
            if (findKey(team, fingerprint) != null) {
                throw new IllegalArgumentException("SSH Key is already in use on your account: " + fingerprint);
            }
            return newKey(team, name, publicKey.trim(), fingerprint).id;
        }
    }

    SshKey newKey(String team, String name, String publicKey, String fingerprint) {
        SshKey k = new SshKey();
        k.id = nextKeyId++;
        k.team = team;
        k.name = name;
        k.publicKey = publicKey;
        k.fingerprint = fingerprint;
        sshKeys.put(k.id, k);
        return k;
    }

    private Image newSnapshotImage(String team, String name, Instant createdAt, Droplet d) {
        Image image = new Image();
        image.id = nextImageId++;
        image.team = team;
        image.name = name;
        image.type = "snapshot";
        Image base = images.get(d.baseImageId);
        image.distribution = base == null || base.distribution == null ? "Ubuntu" : base.distribution;
        image.regions.add(d.region);
        image.createdAt = createdAt.truncatedTo(ChronoUnit.SECONDS);
        image.minDiskSize = d.disk;
        image.sizeGigabytes = Math.round(d.disk * 0.0944 * 100) / 100.0;
        image.status = "available";
        image.dropletId = d.id;
        images.put(image.id, image);
        return image;
    }

    private void requireTeam(String team) {
        if (!tokensByTeam.containsKey(team)) {
            throw new IllegalArgumentException("Unknown team " + team + "; add it first with addTeam");
        }
    }

    private App requireApp(String appId) {
        App app = apps.get(appId);
        if (app == null) {
            throw new IllegalArgumentException("Unknown app " + appId);
        }
        return app;
    }

    private Droplet requireDroplet(long id) {
        Droplet d = droplets.get(id);
        if (d == null) {
            throw new IllegalArgumentException("Unknown droplet " + id);
        }
        return d;
    }

    // ---------------------------------------------------------------- reading

    /** The app as the Vendor API returns it, or {@code null}. */
    public ObjectNode app(String appId) {
        synchronized (lock) {
            App app = apps.get(appId);
            return app == null ? null : appJson(app);
        }
    }

    /** The droplet as {@code GET /v2/droplets/{id}} returns it (under {@code droplet}), or {@code null}. */
    public ObjectNode droplet(long id) {
        synchronized (lock) {
            tick();
            Droplet d = droplets.get(id);
            return d == null ? null : dropletJson(d);
        }
    }

    /** What the droplet was created with, or {@code null} when there is no such droplet. */
    public DropletCreation creation(long dropletId) {
        synchronized (lock) {
            Droplet d = droplets.get(dropletId);
            return d == null ? null : creationOf(d);
        }
    }

    private DropletCreation creationOf(Droplet d) {
        Image base = images.get(d.baseImageId);
        boolean fromSnapshot = base != null && !base.isPublic;
        return new DropletCreation(
                d.id, d.baseImageId, fromSnapshot, d.userData, d.authorizedKeys, d.createdThroughApi);
    }

    /** The account SSH key as {@code GET /v2/account/keys/{id}} returns it, or {@code null}. */
    public ObjectNode sshKey(long id) {
        synchronized (lock) {
            SshKey k = sshKeys.get(id);
            return k == null ? null : sshKeyJson(k);
        }
    }

    /** The image as {@code GET /v2/images/{id}} returns it, or {@code null}. */
    public ObjectNode image(long id) {
        synchronized (lock) {
            tick();
            Image i = images.get(id);
            return i == null ? null : imageJson(i);
        }
    }

    /** The action as {@code GET /v2/actions/{id}} returns it, or {@code null}. */
    public ObjectNode action(long id) {
        synchronized (lock) {
            tick();
            Action a = actions.get(id);
            return a == null ? null : actionJson(a);
        }
    }

    /** What went wrong for users that DigitalOcean would not refuse, such as deleting a listing's live image. */
    public List<String> incidents() {
        synchronized (lock) {
            return List.copyOf(incidents);
        }
    }

    /** Marks a droplet as a GPU droplet: listed only with {@code type=gpus}. */
    public void setGpu(long dropletId, boolean gpu) {
        synchronized (lock) {
            requireDroplet(dropletId).gpu = gpu;
        }
    }

    /**
     * Everything, as JSON: teams (without tokens), apps, droplets, images and actions. Beyond the API's fields, which
     * have second precision, each action has {@code startedAtExact} and {@code completedAtExact} ({@code null} while
     * in progress) and each image {@code listedFrom} (when it joined the snapshot listings; {@code null} for
     * distribution images), to the millisecond of the sandbox's clock, and {@code actionId}, the snapshot action that
     * made it ({@code null} for seeded images): what the pipeline benchmark counts as the remote side's own time.
     */
    public ObjectNode toJson() {
        synchronized (lock) {
            tick();
            ObjectNode n = Json.object();
            n.put("now", Json.time(now()));
            ArrayNode teams = n.putArray("teams");
            tokensByTeam.keySet().forEach(teams::add);
            ArrayNode a = n.putArray("apps");
            apps.values()
                    .forEach(app -> a.add(appJson(app).put("team", app.team).put("servedImageId", app.servedImageId)));
            ArrayNode d = n.putArray("droplets");
            droplets.values().forEach(x -> {
                ObjectNode droplet = dropletJson(x).put("team", x.team);
                DropletCreation c = creationOf(x);
                ObjectNode created = droplet.putObject("createdWith");
                created.put("imageId", c.imageId());
                created.put("fromSnapshot", c.fromSnapshot());
                created.put("userData", c.userData());
                ArrayNode keys = created.putArray("authorizedKeys");
                c.authorizedKeys().forEach(keys::add);
                created.put("createdThroughApi", c.createdThroughApi());
                d.add(droplet);
            });
            ArrayNode k = n.putArray("sshKeys");
            sshKeys.values().forEach(x -> k.add(sshKeyJson(x).put("team", x.team)));
            ArrayNode i = n.putArray("images");
            images.values()
                    .forEach(x -> i.add(imageJson(x)
                            .put("team", x.team)
                            .put("listed", isListed(x))
                            .put("listedFrom", exact(x.listedFrom))
                            .put("actionId", x.actionId)));
            ArrayNode ac = n.putArray("actions");
            actions.values()
                    .forEach(x -> ac.add(actionJson(x)
                            .put("startedAtExact", exact(x.startedExactly))
                            .put("completedAtExact", "in-progress".equals(x.status) ? null : exact(x.dueAt))));
            ArrayNode inc = n.putArray("incidents");
            incidents.forEach(inc::add);
            return n;
        }
    }

    /** An instant to the millisecond, or {@code null}. */
    private static String exact(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    // ---------------------------------------------------------------- model for the API

    App findApp(String appId) {
        return apps.get(appId);
    }

    Image findImage(long id) {
        return images.get(id);
    }

    /** A public image by slug ({@code debian-12-x64}), or {@code null}. */
    Image findPublicImage(String slug) {
        return images.values().stream()
                .filter(i -> i.isPublic && slug.equals(i.slug))
                .findFirst()
                .orElse(null);
    }

    Droplet findDroplet(long id) {
        return droplets.get(id);
    }

    Action findAction(long id) {
        return actions.get(id);
    }

    List<Image> toImages() {
        return List.copyOf(images.values());
    }

    SshKey findKey(String team, String idOrFingerprint) {
        Long id = Api.parseId(idOrFingerprint);
        return sshKeys.values().stream()
                .filter(k -> k.team.equals(team))
                .filter(k -> id != null ? k.id == id : k.fingerprint.equals(idOrFingerprint))
                .findFirst()
                .orElse(null);
    }

    List<SshKey> keysOf(String team) {
        return sshKeys.values().stream().filter(k -> k.team.equals(team)).toList();
    }

    void deleteKey(long id) {
        sshKeys.remove(id);
    }

    /** A new droplet, {@code new} until its {@code create} action completes; returns that action. */
    Action createDroplet(Droplet d) {
        d.id = nextDropletId++;
        d.status = "new";
        d.createdAt = now().truncatedTo(ChronoUnit.SECONDS);
        d.publicIpv4 = "203.0.113." + (10 + (d.id % 200));
        d.disk = d.size.disk();
        d.sizeSlug = d.size.slug();
        d.gpu = d.size.gpu();
        d.createdThroughApi = true;
        String first = options.get().dropletAddressesFrom();
        if (first != null) {
            d.loopbackAddress = LoopbackAddresses.lowestFree(
                    first,
                    droplets.values().stream()
                            .map(x -> x.loopbackAddress)
                            .filter(Objects::nonNull)
                            .toList());
        }
        droplets.put(d.id, d);
        return startAction(
                d.team, "create", "droplet", d.id, d.region, null, options.get().createDuration());
    }

    List<Droplet> dropletsOf(String team) {
        return droplets.values().stream().filter(d -> d.team.equals(team)).toList();
    }

    List<Action> actionsOf(String resourceType, long resourceId) {
        return actions.values().stream()
                .filter(a -> a.resourceType.equals(resourceType) && a.resourceId == resourceId)
                .sorted(Comparator.comparingLong((Action a) -> a.id).reversed())
                .toList();
    }

    /** Snapshots of a team visible in listings now, oldest first. */
    List<Image> listedSnapshots(String team) {
        return images.values().stream()
                .filter(i -> team.equals(i.team) && "snapshot".equals(i.type) && isListed(i))
                .sorted(Comparator.comparing((Image i) -> i.createdAt).thenComparingLong(i -> i.id))
                .toList();
    }

    boolean isListed(Image i) {
        return (i.listedFrom == null || !now().isBefore(i.listedFrom)) && !(staleListing && i.actionId != null);
    }

    /** Runs a request whose listings lag behind the snapshot actions: the {@code stale_listing} fault. */
    <T> T staleListing(Supplier<T> request) {
        staleListing = true;
        try {
            return request.get();
        } finally {
            staleListing = false;
        }
    }

    void deleteDroplet(long id) {
        droplets.remove(id);
        notifyListeners();
    }

    /**
     * Deletes an image. Deleting the image a listing serves, or the one an update in review names, is allowed, as on
     * DigitalOcean, but recorded as an incident: every user of the 1-Click would lose it, now or once the review
     * ends.
     */
    void deleteImage(long id, String request) {
        apps.values().stream()
                .filter(app -> app.servedImageId == id)
                .forEach(app -> incidents.add("Deleted image " + id + ", which app " + app.appId + " (" + app.name
                        + ") serves, by " + request));
        apps.values().stream()
                .filter(app -> app.servedImageId != id
                        && app.customData.path("imageId").asLong() == id)
                .forEach(app -> incidents.add("Deleted image " + id + ", which app " + app.appId + " (" + app.name
                        + ") names in the update under review, by " + request));
        Image image = images.remove(id);
        if (image != null) {
            listeners.forEach(l -> l.imageDeleted(id));
        }
        if (image != null && image.dropletId != null) {
            Droplet d = droplets.get(image.dropletId);
            if (d != null) {
                d.snapshotIds.remove(Long.valueOf(id));
            }
        }
    }

    Action startAction(
            String team, String type, String resourceType, long resourceId, String region, String snapshotName) {
        Options o = options.get();
        return startAction(
                team,
                type,
                resourceType,
                resourceId,
                region,
                snapshotName,
                "snapshot".equals(type) ? o.snapshotDuration() : o.actionDuration());
    }

    private Action startAction(
            String team,
            String type,
            String resourceType,
            long resourceId,
            String region,
            String snapshotName,
            Duration takes) {
        Options o = options.get();
        Action a = new Action();
        a.id = nextActionId++;
        a.team = team;
        a.type = type;
        a.status = "in-progress";
        a.resourceType = resourceType;
        a.resourceId = resourceId;
        a.region = region;
        a.snapshotName = snapshotName;
        a.startedExactly = now();
        a.startedAt = a.startedExactly.truncatedTo(ChronoUnit.SECONDS);
        a.dueAt = a.startedExactly.plus(takes);
        a.willError = "snapshot".equals(type) && o.snapshotErrored();
        actions.put(a.id, a);
        tick();
        return a;
    }

    /**
     * Starts another client's {@code enable_backups} action on the droplet of an API path ({@code v2, droplets, {id},
     * ...}), if there is such a droplet: the {@code race} fault.
     */
    void race(List<String> segments) {
        Long id = segments.size() >= 3 && "v2".equals(segments.get(0)) && "droplets".equals(segments.get(1))
                ? Api.parseId(segments.get(2))
                : null;
        Droplet d = id == null ? null : droplets.get(id);
        if (d != null) {
            startAction(
                    d.team,
                    "enable_backups",
                    "droplet",
                    d.id,
                    d.region,
                    null,
                    options.get().actionDuration());
        }
    }

    /** Completes every action whose time has come, in the order they were due. */
    void tick() {
        Instant now = now();
        List<Action> due = actions.values().stream()
                .filter(a -> "in-progress".equals(a.status) && !a.dueAt.isAfter(now))
                .sorted(Comparator.comparing((Action a) -> a.dueAt).thenComparingLong(a -> a.id))
                .toList();
        for (Action a : due) {
            complete(a);
        }
        notifyListeners();
    }

    private void complete(Action a) {
        a.completedAt = a.dueAt.truncatedTo(ChronoUnit.SECONDS);
        a.status = a.willError ? "errored" : "completed";
        if (a.willError) {
            return;
        }
        if ("droplet".equals(a.resourceType)) {
            Droplet d = droplets.get(a.resourceId);
            if (d == null) {
                return;
            }
            switch (a.type) {
                case "shutdown" -> {
                    if (!options.get().shutdownIgnored()) {
                        turnOff(d, a.dueAt);
                    }
                }
                case "power_off" -> turnOff(d, a.dueAt);
                case "power_on" -> setStatus(d, "active", a.dueAt);
                case "reboot", "power_cycle" -> {
                    d.status = "active";
                    d.activeSince = a.dueAt; // it booted again
                }
                case "create" -> {
                    if ("new".equals(d.status)) {
                        setStatus(d, "active", a.dueAt);
                    }
                }
                case "snapshot" -> {
                    String name = a.snapshotName != null ? a.snapshotName : d.name + "-" + a.startedAt.getEpochSecond();
                    Image image = newSnapshotImage(d.team, name, a.startedAt, d);
                    image.listedFrom = a.dueAt.plus(options.get().listingLag());
                    image.actionId = a.id;
                    d.snapshotIds.add(image.id);
                    if (d.createdThroughApi) {
                        listeners.forEach(l -> l.snapshotTaken(d.id, image.id));
                    }
                }
                default -> {}
            }
        } else if ("image".equals(a.resourceType) && "transfer".equals(a.type)) {
            Image image = images.get(a.resourceId);
            if (image != null && !image.regions.contains(a.region)) {
                image.regions.add(a.region);
            }
        }
    }

    /** A {@code shutdown}'s or {@code power_off}'s effect; the API shows it once {@link Options#statusLag()} passed. */
    private void turnOff(Droplet d, Instant at) {
        Duration lag = options.get().statusLag();
        if (!lag.isZero() && !"off".equals(d.status)) {
            d.oldStatus = d.status;
            d.oldStatusUntil = at.plus(lag);
        }
        setStatus(d, "off", at);
    }

    /** Sets a droplet's status; one that becomes {@code active} has booted at {@code at}. */
    private static void setStatus(Droplet d, String status, Instant at) {
        if ("active".equals(status) && !"active".equals(d.status)) {
            d.activeSince = at;
        } else if (!"active".equals(status)) {
            d.activeSince = null;
        }
        d.status = status;
    }

    /** The public IPv4 the API reports for a droplet that is no longer {@code new}. */
    private String publicAddressOf(Droplet d) {
        if (d.loopbackAddress != null) {
            return d.loopbackAddress;
        }
        return options.get().publicIpv4() == null ? d.publicIpv4 : options.get().publicIpv4();
    }

    // ---------------------------------------------------------------- JSON shapes

    static ObjectNode regionJson(String slug) {
        return Catalogue.regionJson(slug);
    }

    ObjectNode appJson(App app) {
        ObjectNode n = Json.object();
        n.put("appId", app.appId);
        n.put("name", app.name);
        n.put("version", app.version);
        n.put("type", app.type);
        ObjectNode status = n.putObject("status");
        status.put("value", app.status);
        status.put("lastUpdated", app.lastUpdated);
        status.put("modifiedBy", app.modifiedBy);
        status.put("reason", app.reason);
        n.putArray("emergencyContacts");
        n.set("customData", app.customData.deepCopy());
        return n;
    }

    ObjectNode dropletJson(Droplet d) {
        ObjectNode n = Json.object();
        n.put("id", d.id);
        n.put("name", d.name);
        n.put("memory", d.size != null ? d.size.memory() : d.disk <= 25 ? 1024 : 4096);
        n.put("vcpus", d.size != null ? d.size.vcpus() : d.disk <= 25 ? 1 : 2);
        n.put("disk", d.disk);
        n.put("locked", false);
        n.put("status", d.oldStatusUntil != null && now().isBefore(d.oldStatusUntil) ? d.oldStatus : d.status);
        n.putNull("kernel");
        n.put("created_at", Json.time(d.createdAt));
        ArrayNode features = n.putArray("features");
        if (!d.createdThroughApi || d.monitoring) {
            features.add("monitoring");
        }
        if (d.backups) {
            features.add("backups");
        }
        if (d.ipv6) {
            features.add("ipv6");
        }
        if (d.withDropletAgent) {
            features.add("droplet_agent");
        }
        n.putArray("backup_ids");
        n.putNull("next_backup_window");
        ArrayNode snaps = n.putArray("snapshot_ids");
        d.snapshotIds.forEach(snaps::add);
        Image base = images.get(d.baseImageId);
        n.set("image", base == null ? Json.object() : imageJson(base));
        n.putArray("volume_ids");
        if (d.size != null) {
            n.set("size", Catalogue.sizeJson(d.size));
        } else {
            ObjectNode size = n.putObject("size");
            size.put("slug", d.sizeSlug);
            size.put("disk", d.disk);
        }
        n.put("size_slug", d.sizeSlug);
        ObjectNode networks = n.putObject("networks");
        ArrayNode v4 = networks.putArray("v4");
        ArrayNode v6 = networks.putArray("v6");
        n.set("region", regionJson(d.region));
        ArrayNode tags = n.putArray("tags");
        d.tags.forEach(tags::add);
        n.put("vpc_uuid", d.vpcUuid != null ? d.vpcUuid : "5a4981aa-9653-4bd1-bef5-d6bff52042e4");
        if ("new".equals(d.status)) {
            return n; // like DigitalOcean: no addresses until the create action completed
        }
        v4.addObject()
                .put("ip_address", "10.110.0." + (2 + d.id % 200))
                .put("netmask", "255.255.240.0")
                .put("gateway", "10.110.0.1")
                .put("type", "private");
        String publicAddress = publicAddressOf(d);
        v4.addObject()
                .put("ip_address", publicAddress)
                .put("netmask", "255.255.255.0")
                .put("gateway", "203.0.113.1")
                .put("type", "public");
        if (d.ipv6) {
            v6.addObject()
                    .put("ip_address", "2001:db8:0:1::" + Long.toHexString(d.id))
                    .put("netmask", 64)
                    .put("gateway", "2001:db8:0:1::1")
                    .put("type", "public");
        }
        return n;
    }

    ObjectNode imageJson(Image i) {
        ObjectNode n = Json.object();
        n.put("id", i.id);
        n.put("name", i.name);
        n.put("distribution", i.distribution);
        n.put("slug", i.slug);
        n.put("public", i.isPublic);
        ArrayNode regions = n.putArray("regions");
        i.regions.forEach(regions::add);
        n.put("created_at", Json.time(i.createdAt));
        n.put("type", i.type);
        n.put("min_disk_size", i.minDiskSize);
        n.put("size_gigabytes", i.sizeGigabytes);
        n.put("description", i.description);
        n.putArray("tags");
        n.put("status", i.status);
        n.put("error_message", "");
        return n;
    }

    /** An item of {@code GET /v2/droplets/{id}/snapshots}: numeric id. */
    ObjectNode dropletSnapshotJson(Image i) {
        ObjectNode n = Json.object();
        n.put("id", i.id);
        n.put("name", i.name);
        n.put("created_at", Json.time(i.createdAt));
        ArrayNode regions = n.putArray("regions");
        i.regions.forEach(regions::add);
        n.put("min_disk_size", i.minDiskSize);
        n.put("size_gigabytes", i.sizeGigabytes);
        n.put("type", i.type);
        return n;
    }

    /** An item of {@code GET /v2/snapshots}: string id and string resource id. */
    ObjectNode snapshotJson(Image i) {
        ObjectNode n = Json.object();
        n.put("id", Long.toString(i.id));
        n.put("name", i.name);
        n.put("created_at", Json.time(i.createdAt));
        ArrayNode regions = n.putArray("regions");
        i.regions.forEach(regions::add);
        n.put("resource_id", i.dropletId == null ? null : Long.toString(i.dropletId));
        n.put("resource_type", "droplet");
        n.put("min_disk_size", i.minDiskSize);
        n.put("size_gigabytes", i.sizeGigabytes);
        n.putArray("tags");
        return n;
    }

    ObjectNode sshKeyJson(SshKey k) {
        ObjectNode n = Json.object();
        n.put("id", k.id);
        n.put("fingerprint", k.fingerprint);
        n.put("public_key", k.publicKey);
        n.put("name", k.name);
        return n;
    }

    ObjectNode actionJson(Action a) {
        ObjectNode n = Json.object();
        n.put("id", a.id);
        n.put("status", a.status);
        n.put("type", a.type);
        n.put("started_at", Json.time(a.startedAt));
        n.put("completed_at", Json.time(a.completedAt));
        n.put("resource_id", a.resourceId);
        n.put("resource_type", a.resourceType);
        n.set("region", regionJson(a.region));
        n.put("region_slug", a.region);
        return n;
    }
}
