package io.github.oneclick.vendor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.oneclick.vendor.internal.http.CallExecutor;
import io.github.oneclick.vendor.internal.http.DigitalOceanApi;
import io.github.oneclick.vendor.internal.http.Envelopes.ActionEnvelope;
import io.github.oneclick.vendor.internal.http.Envelopes.DropletActionRequest;
import io.github.oneclick.vendor.internal.http.Envelopes.DropletCreateBody;
import io.github.oneclick.vendor.internal.http.Envelopes.DropletEnvelope;
import io.github.oneclick.vendor.internal.http.Envelopes.ImageActionRequest;
import io.github.oneclick.vendor.internal.http.Envelopes.ImageEnvelope;
import io.github.oneclick.vendor.internal.http.Envelopes.SshKeyCreateBody;
import io.github.oneclick.vendor.internal.http.Envelopes.SshKeyEnvelope;
import io.github.oneclick.vendor.internal.http.Failures;
import io.github.oneclick.vendor.internal.http.FollowUpGuard;
import io.github.oneclick.vendor.internal.http.HeadersInterceptor;
import io.github.oneclick.vendor.internal.http.HttpLog;
import io.github.oneclick.vendor.internal.http.InstantModule;
import io.github.oneclick.vendor.internal.http.Paginator;
import io.github.oneclick.vendor.internal.http.ProxyRouting;
import io.github.oneclick.vendor.internal.http.RateBudget;
import io.github.oneclick.vendor.internal.http.Reconciler;
import io.github.oneclick.vendor.internal.http.Redactor;
import io.github.oneclick.vendor.internal.http.SendingPolicy;
import io.github.oneclick.vendor.internal.http.VendorPortalApi;
import io.github.oneclick.vendor.internal.http.WireCounter;
import io.github.oneclick.vendor.model.Action;
import io.github.oneclick.vendor.model.AppDetails;
import io.github.oneclick.vendor.model.AppUpdate;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.DropletCreateRequest;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.model.RateLimit;
import io.github.oneclick.vendor.model.Region;
import io.github.oneclick.vendor.model.Size;
import io.github.oneclick.vendor.model.Snapshot;
import io.github.oneclick.vendor.model.SshKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * A client for the DigitalOcean Vendor Portal app update and the API v2 calls a Marketplace vendor needs: droplets
 * (created, snapshotted, destroyed), their actions, snapshots and images, the account's SSH keys, and the catalogue of
 * regions, sizes and images.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} and reuse it. Every call either returns the
 * parsed result or throws a {@link DigitalOceanException} subclass that says what failed, whether it took effect
 * ({@link DigitalOceanException#outcome()}) and how to fix it. Reads are retried on transient failures; actions,
 * deletions and the app update reach DigitalOcean at most once: they are sent again only when they provably did not
 * reach it or were refused with 429 (see {@link RetryPolicy}); a create whose outcome is unclear is settled by reading
 * (see {@link #createDroplet} and {@link #createSshKey}). OkHttp never re-sends on its own: redirects are not
 * followed. Every call has a deadline, its retries and waits included. Clients of the same token in one JVM share
 * its rate-limit budget and back off together. Collections are lazy streams that page through the API 200 at a
 * time.
 *
 * <pre>{@code
 * DigitalOceanClient client = DigitalOceanClient.builder()
 *         .token(System.getenv("DIGITALOCEAN_TOKEN"))
 *         .build();
 * Image image = client.getImage(171234567L);
 * }</pre>
 */
public final class DigitalOceanClient implements AutoCloseable {
    /** The public API. */
    public static final String DEFAULT_API_URL = "https://api.digitalocean.com/";
    /** The droplet list's {@code type} for GPU droplets. */
    private static final String GPUS = "gpus";
    /** An SSH key's id or its MD5 fingerprint. */
    private static final Pattern SSH_KEY = Pattern.compile("[1-9][0-9]*|[0-9a-f]{2}(:[0-9a-f]{2}){15}");
    /** An image's slug or id. */
    private static final Pattern IMAGE_SLUG = Pattern.compile("[a-z0-9][a-z0-9.-]*");

    private final HttpUrl apiUrl;
    private final String userAgent;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RateBudget budget;
    private final CallExecutor executor;
    private final Reconciler reconciler;
    /** The wait log: where the reconciler says what its reads found. */
    private final Consumer<String> waits;

    private final DigitalOceanApi api;
    private final VendorPortalApi vendor;
    private final OkHttpClient okHttp;

    private DigitalOceanClient(Builder builder) {
        this.apiUrl = builder.apiUrl;
        this.userAgent = builder.userAgent;
        this.retryPolicy = builder.retryPolicy;
        this.clock = builder.clock;
        this.sleeper = builder.sleeper;
        this.budget =
                builder.isolatedBudget ? RateBudget.isolated() : RateBudget.shared(apiUrl.toString(), builder.token);
        ObjectMapper mapper = objectMapper();
        Redactor redactor = new Redactor(
                builder.httpProxy == null || builder.httpProxy.password() == null
                        ? List.of(builder.token)
                        : List.of(builder.token, builder.httpProxy.password()));
        Consumer<String> sink = builder.logSink;
        Consumer<String> log = message -> sink.accept(redactor.redact(message));
        Consumer<String> waitSink = builder.waitSink == null ? sink : builder.waitSink;
        Consumer<String> waits = message -> waitSink.accept(redactor.redact(message));

        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(builder.connectTimeout)
                .readTimeout(builder.readTimeout)
                .writeTimeout(builder.readTimeout)
                // Re-sending is SendingPolicy's decision alone: OkHttp follows no redirect, re-sends nothing after a
                // connection failure, and FollowUpGuard hides a 503's Retry-After from its follow-up logic.
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .addInterceptor(new HeadersInterceptor(builder.token, builder.userAgent))
                .addNetworkInterceptor(new FollowUpGuard())
                .addNetworkInterceptor(new WireCounter(budget, clock));
        if (builder.httpProxy != null) {
            // Before the log, so that the log shows the Proxy-Authorization header (redacted) that goes out.
            ProxyRouting.apply(builder.httpProxy, http);
        }
        if (builder.httpLogLevel != HttpLogLevel.NONE) {
            http.addNetworkInterceptor(new HttpLog(log, builder.httpLogLevel));
        }
        if (!apiUrl.isHttps()) {
            // A plain-http API (a sandbox) never needs TLS: skip setting it up, which costs more than the call.
            http.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        if (builder.proxy != null) {
            http.proxy(builder.proxy);
        }
        if (builder.okHttpCustomizer != null) {
            builder.okHttpCustomizer.accept(http);
        }
        this.okHttp = http.build();
        Retrofit retrofit = new Retrofit.Builder()
                .baseUrl(apiUrl)
                .client(okHttp)
                .addConverterFactory(JacksonConverterFactory.create(mapper))
                .build();
        this.api = retrofit.create(DigitalOceanApi.class);
        this.vendor = retrofit.create(VendorPortalApi.class);
        this.executor = new CallExecutor(
                new SendingPolicy(retryPolicy, builder.random, clock),
                clock,
                sleeper,
                budget,
                new Failures(mapper, redactor),
                waits,
                builder.callTimeout);
        this.waits = waits;
        this.reconciler = new Reconciler(sleeper, waits);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The JSON mapping the client uses: unknown fields ignored, nulls left out, ISO-8601 instants. */
    public static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .addModule(new InstantModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    // ---------------------------------------------------------------- Vendor Portal

    /**
     * Updates a droplet 1-Click listing ({@code PATCH /api/v1/vendor-portal/apps/{appId}}). After it the app is
     * {@code pending} review, and a second update is refused with {@link AppPendingReviewException} until the review
     * ends. Sent at most once: never again after it may have reached DigitalOcean.
     *
     * @param appId the app id, 24 hexadecimal characters (see {@link AppIds})
     */
    public AppDetails updateApp(String appId, AppUpdate update) {
        String id = AppIds.check(appId, "appId");
        Objects.requireNonNull(update, "update");
        return executor.execute(vendor.updateApp(id, update), DigitalOceanClient::appData, "the app's data");
    }

    /**
     * The deprecated form of {@link #updateApp} with the version in the path
     * ({@code PATCH /api/v1/vendor-portal/apps/{appId}/versions/{version}}). DigitalOcean asks vendors not to use it.
     */
    @Deprecated
    public AppDetails updateAppVersion(String appId, String version, AppUpdate update) {
        String id = AppIds.check(appId, "appId");
        requireNonBlank(version, "version");
        Objects.requireNonNull(update, "update");
        return executor.execute(
                vendor.updateAppVersion(id, version.trim(), update), DigitalOceanClient::appData, "the app's data");
    }

    /**
     * Reads a listing ({@code GET /api/v1/vendor-portal/apps/{appId}}): its status and the image it serves. The
     * endpoint is used by DigitalOcean's own scripts but not documented: callers treat a failure as "cannot tell",
     * never as an answer.
     */
    public AppDetails getApp(String appId) {
        String id = AppIds.check(appId, "appId");
        return executor.execute(vendor.getApp(id), DigitalOceanClient::appData, "the app's data");
    }

    private static AppDetails appData(AppDetails app) {
        return app.appId() == null && app.status() == null && app.customData().isEmpty() ? null : app;
    }

    // ---------------------------------------------------------------- Droplets

    public Droplet getDroplet(long dropletId) {
        return executor.execute(
                api.getDroplet(requirePositive(dropletId, "dropletId")), DropletEnvelope::droplet, "a droplet");
    }

    /**
     * Droplets with exactly this name (the API matches case-insensitively), GPU droplets included: the API lists them
     * only when asked with {@code type=gpus}, so they are asked for after the others.
     */
    public Stream<Droplet> listDropletsByName(String name) {
        requireNonBlank(name, "name");
        return Stream.of(null, GPUS)
                .flatMap(type -> new Paginator<Droplet>(
                                executor,
                                apiUrl,
                                "droplets",
                                () -> api.listDropletsByName(name, type, Paginator.PER_PAGE),
                                api::nextDroplets)
                        .stream());
    }

    /** Droplets carrying this tag, GPU droplets included (asked for after the others). */
    public Stream<Droplet> listDropletsByTag(String tag) {
        requireNonBlank(tag, "tag");
        return Stream.of(null, GPUS)
                .flatMap(type -> new Paginator<Droplet>(
                                executor,
                                apiUrl,
                                "droplets",
                                () -> api.listDropletsByTag(tag, type, Paginator.PER_PAGE),
                                api::nextDroplets)
                        .stream());
    }

    /**
     * Creates a droplet ({@code POST /v2/droplets}) and returns it as DigitalOcean answered: status {@code new}, and
     * usually no address yet; read it with {@link #getDroplet} until it is {@code active}.
     *
     * <p>A droplet costs money, so the create is never sent twice blindly. When its outcome is unclear (a timeout
     * after sending, a cut connection, a 5xx, or an accepted create whose answer cannot be used), the client reads the
     * droplets that carry the request's {@linkplain DropletCreateRequest#runTag() run tag} and its name, for about 15
     * s: if one shows, it is returned (the create took effect); only if none shows, and DigitalOcean did not say it
     * accepted the create, is it sent again, once. Otherwise the call fails with {@link Outcome#UNKNOWN} (or
     * {@link Outcome#APPLIED}) and says what to check. This is why the run tag must be unique to this create.
     *
     * @throws DigitalOceanException when DigitalOcean refuses the create (such as a 422 for a size not available in
     *     the region), or when reads cannot settle an unclear outcome
     */
    public Droplet createDroplet(DropletCreateRequest request) {
        Objects.requireNonNull(request, "request");
        DropletCreateBody body = DropletCreateBody.of(request);
        return reconciler.create(
                "POST /v2/droplets (droplet '" + request.name() + "', tag " + request.runTag() + ")",
                () -> executor.execute(api.createDroplet(body), DropletEnvelope::droplet, "a droplet"),
                () -> created(request));
    }

    /** The droplet the request created, if a read shows it: the newest one with its run tag and name. */
    private Optional<Droplet> created(DropletCreateRequest request) {
        List<Droplet> found = listDropletsByTag(request.runTag())
                .filter(d -> request.name().equalsIgnoreCase(d.name()))
                .sorted(Comparator.comparingLong(Droplet::id).reversed())
                .toList();
        if (found.size() > 1) {
            waits.accept("Droplets "
                    + found.stream().map(d -> Long.toString(d.id())).toList() + " all carry tag "
                    + request.runTag() + " and name '" + request.name() + "': the run tag is not unique to one"
                    + " create. Continuing with the newest, " + found.get(0).id() + "; destroy the others.");
        }
        return found.stream().findFirst();
    }

    /**
     * Destroys every droplet carrying the tag ({@code DELETE /v2/droplets?tag_name=}), such as the run tag of a
     * pipeline's droplets when it ends. Sent at most once; after an unclear outcome, {@link #listDropletsByTag} tells
     * what is left. DigitalOcean does not document whether GPU droplets are included: check with the listing.
     */
    public void deleteDropletsByTag(String tag) {
        requireNonBlank(tag, "tag");
        executor.execute(api.deleteDropletsByTag(tag.strip()));
    }

    /** Destroys a droplet ({@code DELETE /v2/droplets/{id}}). Sent at most once. */
    public void deleteDroplet(long dropletId) {
        executor.execute(api.deleteDroplet(requirePositive(dropletId, "dropletId")));
    }

    // ---------------------------------------------------------------- SSH keys

    /**
     * Adds an SSH public key to the account ({@code POST /v2/account/keys}), for droplets to be created with. Sent at
     * most once: when the outcome is unclear, the key is read by its fingerprint, computed locally
     * ({@link SshKey#fingerprintOf}); if it shows, it is returned, and only if the reads prove it absent is the create
     * sent again, once. A key the account already has is refused (422): look for it first with
     * {@link #findSshKey}.
     *
     * @param name the key's name in the account
     * @param publicKey the one line of the {@code .pub} file, such as {@code ssh-ed25519 AAAA... build@ci}
     */
    public SshKey createSshKey(String name, String publicKey) {
        requireNonBlank(name, "name");
        String fingerprint = SshKey.fingerprintOf(publicKey);
        SshKeyCreateBody body = new SshKeyCreateBody(name.strip(), publicKey.strip());
        return reconciler.create(
                "POST /v2/account/keys (key '" + body.name() + "', " + fingerprint + ")",
                () -> executor.execute(api.createSshKey(body), SshKeyEnvelope::sshKey, "an SSH key"),
                () -> findSshKey(fingerprint));
    }

    /**
     * An SSH key of the account by id or MD5 fingerprint ({@code GET /v2/account/keys/{id or fingerprint}}), empty
     * when the account has no such key. Prefer it to {@link #listSshKeys()}, which DigitalOcean limits to 10 calls a
     * minute.
     */
    public Optional<SshKey> findSshKey(String idOrFingerprint) {
        String key = requireSshKey(idOrFingerprint);
        try {
            return Optional.of(executor.execute(api.getSshKey(key), SshKeyEnvelope::sshKey, "an SSH key"));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Removes an SSH key from the account by id or MD5 fingerprint ({@code DELETE /v2/account/keys/{key}}). Sent at
     * most once; when the outcome is unclear the key is read: gone means done; still there after the reads means the
     * delete did not take effect, and it is sent again, once (a 404 then means the first one took effect after all).
     *
     * @throws NotFoundException when the account has no such key, as for every delete of the client
     */
    public void deleteSshKey(String idOrFingerprint) {
        String key = requireSshKey(idOrFingerprint);
        reconciler.delete(
                "DELETE /v2/account/keys/" + key,
                () -> executor.execute(api.deleteSshKey(key)),
                () -> findSshKey(key).isPresent());
    }

    /**
     * The account's SSH keys ({@code GET /v2/account/keys}). DigitalOcean allows only 10 of these calls per 60
     * seconds for a token: look a key up with {@link #findSshKey} by its fingerprint instead of listing.
     */
    public Stream<SshKey> listSshKeys() {
        return new Paginator<SshKey>(
                        executor, apiUrl, "SSH keys", () -> api.listSshKeys(Paginator.PER_PAGE), api::nextSshKeys)
                .stream();
    }

    private static String requireSshKey(String idOrFingerprint) {
        requireNonBlank(idOrFingerprint, "idOrFingerprint");
        String key = idOrFingerprint.strip().toLowerCase(Locale.ROOT);
        if (!SSH_KEY.matcher(key).matches()) {
            throw new InvalidSettingException(
                    "idOrFingerprint '" + key + "' is neither an SSH key id nor an MD5 fingerprint: use the key's id"
                            + " or its fingerprint, such as 3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"
                            + " (SshKey.fingerprintOf computes it from the public key)",
                    "idOrFingerprint");
        }
        return key;
    }

    // ---------------------------------------------------------------- The catalogue

    /** The droplet sizes ({@code GET /v2/sizes}), with their disks, prices and regions. */
    public Stream<Size> listSizes() {
        return new Paginator<Size>(executor, apiUrl, "sizes", () -> api.listSizes(Paginator.PER_PAGE), api::nextSizes)
                .stream();
    }

    /** The regions ({@code GET /v2/regions}), with whether they take new droplets and the sizes they offer. */
    public Stream<Region> listRegions() {
        return new Paginator<Region>(
                        executor, apiUrl, "regions", () -> api.listRegions(Paginator.PER_PAGE), api::nextRegions)
                .stream();
    }

    // ---------------------------------------------------------------- Droplet actions

    /** Asks the droplet's OS to shut down. Best effort: the action may complete while the droplet stays on. */
    public Action shutdown(long dropletId) {
        return dropletAction(dropletId, new DropletActionRequest("shutdown", null));
    }

    /** Cuts the droplet's power. */
    public Action powerOff(long dropletId) {
        return dropletAction(dropletId, new DropletActionRequest("power_off", null));
    }

    public Action powerOn(long dropletId) {
        return dropletAction(dropletId, new DropletActionRequest("power_on", null));
    }

    /**
     * Starts a snapshot of the droplet. The returned action's id is not the image id: find the image in
     * {@link #listDropletSnapshots(long)} once the action completes.
     */
    public Action snapshot(long dropletId, String name) {
        requireNonBlank(name, "name");
        return dropletAction(dropletId, new DropletActionRequest("snapshot", name));
    }

    /** Posts a droplet action; sent at most once. */
    private Action dropletAction(long dropletId, DropletActionRequest request) {
        return executor.execute(
                api.postDropletAction(requirePositive(dropletId, "dropletId"), request),
                ActionEnvelope::action,
                "an action");
    }

    /** The droplet's actions, newest first as the API lists them. */
    public Stream<Action> listDropletActions(long dropletId) {
        requirePositive(dropletId, "dropletId");
        return new Paginator<Action>(
                        executor,
                        apiUrl,
                        "actions",
                        () -> api.listDropletActions(dropletId, Paginator.PER_PAGE),
                        api::nextActions)
                .stream();
    }

    public Action getAction(long actionId) {
        return executor.execute(
                api.getAction(requirePositive(actionId, "actionId")), ActionEnvelope::action, "an action");
    }

    // ---------------------------------------------------------------- Snapshots and images

    /** The droplet's snapshots ({@code GET /v2/droplets/{id}/snapshots}); ids are numeric image ids. */
    public Stream<Snapshot> listDropletSnapshots(long dropletId) {
        requirePositive(dropletId, "dropletId");
        return new Paginator<Snapshot>(
                        executor,
                        apiUrl,
                        "snapshots",
                        () -> api.listDropletSnapshots(dropletId, Paginator.PER_PAGE),
                        api::nextSnapshots)
                .stream();
    }

    /** All droplet snapshots of the team ({@code GET /v2/snapshots?resource_type=droplet}). */
    public Stream<Snapshot> listSnapshots() {
        return new Paginator<Snapshot>(
                        executor,
                        apiUrl,
                        "snapshots",
                        () -> api.listSnapshots("droplet", Paginator.PER_PAGE),
                        api::nextSnapshots)
                .stream();
    }

    /** Deletes a snapshot by the id {@code /v2/snapshots} gives it. Sent at most once. */
    public void deleteSnapshot(String snapshotId) {
        requireNonBlank(snapshotId, "snapshotId");
        executor.execute(api.deleteSnapshot(snapshotId.trim()));
    }

    public Image getImage(long imageId) {
        return executor.execute(api.getImage(requirePositive(imageId, "imageId")), ImageEnvelope::image, "an image");
    }

    /**
     * A public image by its slug, such as {@code ubuntu-24-04-x64} ({@code GET /v2/images/{slug}}), with its
     * {@code min_disk_size}, regions and distribution. Private images (snapshots) are read by id with
     * {@link #getImage(long)}; a numeric text is read as an id.
     *
     * @throws NotFoundException when there is no such image
     */
    public Image getImage(String slug) {
        requireNonBlank(slug, "slug");
        String text = slug.strip();
        if (!IMAGE_SLUG.matcher(text).matches()) {
            throw new InvalidSettingException(
                    "slug '" + text + "' is not an image slug: use lower-case letters, digits, '.' and '-', such as"
                            + " 'ubuntu-24-04-x64'",
                    "slug");
        }
        return executor.execute(api.getImageBySlug(text), ImageEnvelope::image, "an image");
    }

    /** Deletes a snapshot or custom image. Sent at most once. */
    public void deleteImage(long imageId) {
        executor.execute(api.deleteImage(requirePositive(imageId, "imageId")));
    }

    /** Copies an image to another region. Sent at most once. */
    public Action transferImage(long imageId, String region) {
        requireNonBlank(region, "region");
        return executor.execute(
                api.postImageAction(
                        requirePositive(imageId, "imageId"), new ImageActionRequest("transfer", region.trim())),
                ActionEnvelope::action,
                "an action");
    }

    public Action getImageAction(long imageId, long actionId) {
        return executor.execute(
                api.getImageAction(requirePositive(imageId, "imageId"), requirePositive(actionId, "actionId")),
                ActionEnvelope::action,
                "an action");
    }

    /** The image's actions, such as its transfers, newest first ({@code GET /v2/images/{id}/actions}). */
    public Stream<Action> listImageActions(long imageId) {
        requirePositive(imageId, "imageId");
        return new Paginator<Action>(
                        executor,
                        apiUrl,
                        "actions",
                        () -> api.listImageActions(imageId, Paginator.PER_PAGE),
                        api::nextActions)
                .stream();
    }

    // ---------------------------------------------------------------- State and configuration

    /** The rate limit reported by the last response of this client's token, if any response carried one. */
    public Optional<RateLimit> rateLimit() {
        return budget.last().map(last -> new RateLimit(last.limit(), last.remaining(), last.reset()));
    }

    public HttpUrl apiUrl() {
        return apiUrl;
    }

    public String userAgent() {
        return userAgent;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The clock this client was built with; workflows use it too. */
    public Clock clock() {
        return clock;
    }

    /** The sleeper this client was built with; workflows use it too. */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** Releases the connection pool and threads. The client must not be used afterwards. */
    @Override
    public void close() {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "DigitalOceanClient[apiUrl=" + apiUrl + ", userAgent=" + userAgent + ", retryPolicy=" + retryPolicy
                + ", token=" + Redactor.MASK + "]";
    }

    private static long requirePositive(long value, String field) {
        if (value <= 0) {
            throw new InvalidSettingException(field + " must be a positive number, was " + value, field);
        }
        return value;
    }

    private static String requireNonBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(field + " must not be blank", field);
        }
        return value;
    }

    /** The client's version, from its jar. */
    public static String version() {
        try (InputStream in = DigitalOceanClient.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds a {@link DigitalOceanClient}; every setter checks its input at once. */
    public static final class Builder {
        private String token;
        private HttpUrl apiUrl = HttpUrl.get(DEFAULT_API_URL);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ofSeconds(120);
        private boolean isolatedBudget;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private String userAgent = "vendor-api-client/" + version();
        private Proxy proxy;
        private HttpProxy httpProxy;
        private Consumer<OkHttpClient.Builder> okHttpCustomizer;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Consumer<String> logSink = message -> {};
        private Consumer<String> waitSink;
        private HttpLogLevel httpLogLevel = HttpLogLevel.NONE;

        private Builder() {}

        /** The API token (required). It is sent only as a bearer token and never appears in logs or messages. */
        public Builder token(String token) {
            if (token == null || token.isBlank()) {
                throw new InvalidSettingException("token must not be blank", "token");
            }
            if (token.strip().chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new InvalidSettingException("token must be printable ASCII without spaces", "token");
            }
            this.token = token.strip();
            return this;
        }

        /** The API base URL, {@value DigitalOceanClient#DEFAULT_API_URL} by default; a sandbox URL for tests. */
        public Builder apiUrl(String url) {
            if (url == null || url.isBlank()) {
                throw new InvalidSettingException("apiUrl must not be blank", "apiUrl");
            }
            HttpUrl parsed = HttpUrl.parse(url.trim());
            if (parsed == null) {
                throw new InvalidSettingException("apiUrl must be an http or https URL, was '" + url + "'", "apiUrl");
            }
            if (parsed.query() != null || parsed.fragment() != null) {
                throw new InvalidSettingException(
                        "apiUrl must not have a query or fragment, was '" + url + "'", "apiUrl");
            }
            String text = parsed.toString();
            this.apiUrl = HttpUrl.get(text.endsWith("/") ? text : text + "/");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Durations.requirePositive(timeout, "connectTimeout");
            return this;
        }

        /** Read and write timeout of one attempt. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Durations.requirePositive(timeout, "readTimeout");
            return this;
        }

        /**
         * Overall timeout of one try, from connect to the last byte. The whole call, its retries and waits included,
         * is bounded by {@link RetryPolicy#deadline()}.
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = Durations.requirePositive(timeout, "callTimeout");
            return this;
        }

        /**
         * Gives this client a rate-limit budget of its own. By default every client of the same token and API URL in
         * this JVM shares one, so that parallel executions hold off together after a 429.
         */
        public Builder isolatedRateBudget() {
            this.isolatedBudget = true;
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /** Replaces the {@code User-Agent}, {@code vendor-api-client/<version>} by default. */
        public Builder userAgent(String userAgent) {
            if (userAgent == null || userAgent.isBlank()) {
                throw new InvalidSettingException("userAgent must not be blank", "userAgent");
            }
            this.userAgent = userAgent.strip();
            return this;
        }

        /** A proxy without credentials; replaces a {@link #proxy(HttpProxy)} given before. */
        public Builder proxy(Proxy proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            this.httpProxy = null;
            return this;
        }

        /**
         * An HTTP proxy with optional Basic credentials and the hosts reached without it, as settings.xml describes
         * one; replaces a {@link #proxy(Proxy)} given before. Without either the JVM's proxy settings apply. The
         * proxy password is redacted from the log like the token.
         */
        public Builder proxy(HttpProxy proxy) {
            this.httpProxy = Objects.requireNonNull(proxy, "proxy");
            this.proxy = null;
            return this;
        }

        /**
         * Last say over the OkHttp configuration (TLS, proxy authentication, event listeners...). Keep
         * {@code retryOnConnectionFailure(false)}: re-sending is this client's decision.
         */
        public Builder customizeOkHttp(Consumer<OkHttpClient.Builder> customizer) {
            this.okHttpCustomizer = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The source of jitter, values in [0, 1). */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Where diagnostic lines go: retries, rate-limit waits (unless {@link #waits} sends them elsewhere) and, at the
         * given level, the HTTP exchange. Secrets are removed before a line reaches the sink.
         */
        public Builder log(Consumer<String> sink, HttpLogLevel level) {
            this.logSink = Objects.requireNonNull(sink, "sink");
            this.httpLogLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * Where the lines about waits go, such as {@code Rate limit: holding GET /v2/images/1 back for 41.0 s (the
         * per-minute window)} and {@code Retrying ...}: a user watching a long wait wants them where progress shows,
         * while the HTTP exchange stays in the diagnostic {@link #log}. Secrets are removed first.
         */
        public Builder waits(Consumer<String> sink) {
            this.waitSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        public DigitalOceanClient build() {
            if (token == null) {
                throw new InvalidSettingException("token is required", "token");
            }
            return new DigitalOceanClient(this);
        }

        @Override
        public String toString() {
            return "DigitalOceanClient.Builder[apiUrl=" + apiUrl + ", token="
                    + (token == null ? "unset" : Redactor.MASK) + "]";
        }
    }
}
