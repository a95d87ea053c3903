package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A stateful fake of the DigitalOcean endpoints the client uses, listening on a local port.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.builder().scenario("demo").start()) {
 *   client = DigitalOceanClient.builder().baseUrl(sandbox.url()).token(sandbox.token())...;
 *   sandbox.advance(Duration.ofMinutes(2));          // actions progress on the manual clock
 *   assertThat(sandbox.requests().countMutating()).isEqualTo(2);
 * }
 * }</pre>
 *
 * <p>Everything it serves is also controllable over HTTP under {@code /_sandbox/} (see {@link
 * SandboxMain}).
 */
public final class Sandbox implements AutoCloseable {

    private final Object lock = new Object();
    private final MockWebServer server = new MockWebServer();
    private final Clock clock;
    private final Options baseOptions;
    private volatile Options options;
    private volatile String scenario;
    private volatile String token;
    private final SandboxState state;
    private final Faults faults = new Faults(lock);
    private final RequestLog requests = new RequestLog(lock);
    private final RateLimiter rateLimiter = new RateLimiter();
    /** DigitalOcean's special limit on {@code GET /v2/account/keys}, on top of the usual windows. */
    private final RateLimiter accountKeysLimiter = new RateLimiter();

    private final Api api;
    private final Admin admin;
    private final List<Runnable> resetHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Runnable> closeHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private HttpUrl baseUrl;

    private Sandbox(Builder b) {
        this.clock = b.clock;
        this.baseOptions = b.options;
        this.options = b.options;
        this.state = new SandboxState(lock, clock, () -> options);
        this.api = new Api(state, () -> baseUrl, () -> options);
        this.admin = new Admin(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A sandbox on a free port with the {@code demo} scenario and a {@link ManualClock}. */
    public static Sandbox start() {
        return builder().start();
    }

    /** Builds and starts a sandbox. */
    public static final class Builder {
        private int port;
        private Clock clock;
        private Options options = Options.defaults();
        private String scenario = Scenarios.DEMO;

        private Builder() {}

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The clock that drives actions, listing lag and rate limits; a new {@link ManualClock} by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The options every scenario starts from. */
        public Builder options(Options options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        public Builder options(UnaryOperator<Options> change) {
            this.options = Objects.requireNonNull(change.apply(options), "options");
            return this;
        }

        /** The scenario loaded at start; see {@link Scenarios#names()}. */
        public Builder scenario(String name) {
            Scenarios.requireKnown(name);
            this.scenario = name;
            return this;
        }

        public Sandbox start() {
            if (clock == null) {
                clock = new ManualClock();
            }
            Sandbox sandbox = new Sandbox(this);
            sandbox.reset(scenario);
            try {
                sandbox.server.setDispatcher(sandbox.new SandboxDispatcher());
                sandbox.server.setServerSocketFactory(new NoDelayServerSockets());
                sandbox.server.start(port);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the sandbox on port " + port, e);
            }
            sandbox.baseUrl = sandbox.server.url("/");
            return sandbox;
        }
    }

    // ---------------------------------------------------------------- access

    /** The base URL with a trailing slash, e.g. {@code http://localhost:41234/}. */
    public String url() {
        return baseUrl.toString();
    }

    /** The full URL of a path on the sandbox, e.g. {@code url("/v2/droplets")}. */
    public String url(String path) {
        HttpUrl resolved = baseUrl.resolve(path.startsWith("/") ? path : "/" + path);
        if (resolved == null) {
            throw new IllegalArgumentException("not a path on the sandbox: " + path);
        }
        return resolved.toString();
    }

    public HttpUrl httpUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getPort();
    }

    /** The token of the current scenario's main team. */
    public String token() {
        return token;
    }

    public String scenario() {
        return scenario;
    }

    public Clock clock() {
        return clock;
    }

    /** The manual clock, for tests; fails when the sandbox runs on another clock. */
    public ManualClock manualClock() {
        if (clock instanceof ManualClock manual) {
            return manual;
        }
        throw new IllegalStateException("This sandbox runs on " + clock + ", not on a ManualClock");
    }

    /** Moves the manual clock forward; actions whose time has come complete. */
    public Sandbox advance(Duration duration) {
        manualClock().advance(duration);
        synchronized (lock) {
            state.tick();
        }
        return this;
    }

    public SandboxState state() {
        return state;
    }

    public Faults faults() {
        return faults;
    }

    public RequestLog requests() {
        return requests;
    }

    public Options options() {
        return options;
    }

    /** Changes the options until the next reset. */
    public Sandbox options(UnaryOperator<Options> change) {
        synchronized (lock) {
            options = Objects.requireNonNull(change.apply(options), "options");
        }
        return this;
    }

    /** Approves an app, as DigitalOcean's review does. */
    public Sandbox approveApp(String appId) {
        state.approveApp(appId);
        return this;
    }

    /** Reloads the current scenario. */
    public Sandbox reset() {
        return reset(scenario);
    }

    /**
     * Forgets all state, faults, recorded requests and rate-limit counts and loads a named scenario;
     * the options go back to those the sandbox was built with, changed by the scenario. The clock is
     * left alone.
     */
    public Sandbox reset(String scenarioName) {
        Scenarios.requireKnown(scenarioName);
        synchronized (lock) {
            state.clear();
            faults.clear();
            requests.clear();
            rateLimiter.clear();
            accountKeysLimiter.clear();
            options = baseOptions;
            options = Scenarios.apply(scenarioName, state, faults, baseOptions);
            scenario = scenarioName;
            token = Scenarios.tokenOf(scenarioName);
        }
        resetHooks.forEach(Runnable::run);
        return this;
    }

    /**
     * Runs {@code hook} after every reset, such as restoring the droplets a sandbox process serves over SSH to their
     * prepared state.
     */
    public Sandbox onReset(Runnable hook) {
        resetHooks.add(java.util.Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /** What {@code GET /_sandbox/info} returns. */
    public ObjectNode info() {
        ObjectNode n = Json.object();
        n.put("url", baseUrl == null ? null : url());
        n.put("token", token);
        n.put("scenario", scenario);
        n.put("now", Json.time(clock.instant()));
        n.put("manualClock", clock instanceof ManualClock);
        n.set("options", options.toJson());
        ArrayNode names = n.putArray("scenarios");
        Scenarios.names().forEach(names::add);
        return n;
    }

    Object lock() {
        return lock;
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the sandbox", e);
        } finally {
            closeHooks.forEach(Runnable::run);
        }
    }

    /** Runs {@code hook} when the sandbox closes, such as stopping an SSH server started beside it. */
    public Sandbox onClose(Runnable hook) {
        closeHooks.add(java.util.Objects.requireNonNull(hook, "hook"));
        return this;
    }

    @Override
    public String toString() {
        return "Sandbox[" + (baseUrl == null ? "not started" : baseUrl) + ", scenario " + scenario + "]";
    }

    // ---------------------------------------------------------------- dispatching

    private final class SandboxDispatcher extends Dispatcher {

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            HttpUrl url = request.getRequestUrl();
            String requestMethod = request.getMethod();
            String method = requestMethod == null ? "" : requestMethod.toUpperCase(Locale.ROOT);
            String body = request.getBody().readUtf8();
            if (url == null) {
                return toMock(Reply.error(400, "bad_request", "malformed request", null), null);
            }
            if (url.encodedPath().startsWith(Admin.PREFIX)) {
                return toMock(admin.handle(method, url, body), null);
            }
            synchronized (lock) {
                try {
                    return serve(request, method, url, body);
                } catch (RuntimeException e) {
                    // A defect of the sandbox itself: answer loudly rather than drop the connection.
                    return toMock(Reply.error(500, "sandbox_defect", e.toString(), null), null);
                }
            }
        }
    }

    private MockResponse serve(RecordedRequest request, String method, HttpUrl url, String body) {
        long sequence = requests.nextSequence();
        String requestId = String.format(Locale.ROOT, "5a4d1c00-0000-4000-8000-%012d", sequence);
        Instant now = clock.instant();
        String path = url.encodedPath();
        String bearer = bearer(request.getHeader("Authorization"));
        String team = state.teamOf(bearer);
        String limitKey = bearer == null ? "anonymous" : "token:" + bearer;
        Options o = options;
        Fault fault = faults.take(method, path, body);
        Fault.Kind kind = fault == null ? null : fault.kind();

        Reply reply;
        boolean applied = false;
        RateLimiter.Decision limit;
        RateLimiter.Decision keysLimit;
        if (kind == Fault.Kind.STATUS
                || kind == Fault.Kind.HTML
                || kind == Fault.Kind.DROP_BEFORE
                || kind == Fault.Kind.REDIRECT) {
            limit = rateLimiter.peek(limitKey, now, o.rateLimitPerHour());
            reply = kind == Fault.Kind.DROP_BEFORE ? null : faultReply(fault, requestId);
        } else {
            limit = rateLimiter.take(limitKey, now, o.rateLimitPerHour(), o.burstLimitPerMinute());
            if (limit.refused()) {
                reply = Reply.error(429, "too_many_requests", "API rate limit exceeded.", requestId);
                if (limit.retryAfterSeconds() != null) {
                    reply.header("retry-after", limit.retryAfterSeconds());
                }
            } else if (team == null && !Api.isVendor(path)) {
                reply = Reply.error(401, "unauthorized", "Unable to authenticate you.", requestId);
            } else if ((keysLimit = accountKeysLimit(method, path, limitKey, now)) != null && keysLimit.refused()) {
                reply = Reply.error(429, "too_many_requests", "API rate limit exceeded.", requestId);
                reply.header("retry-after", keysLimit.retryAfterSeconds());
            } else {
                List<String> segments = url.pathSegments();
                if (kind == Fault.Kind.RACE) {
                    state.race(segments);
                }
                Api.Req req = new Api.Req(method, url, segments, body, requestId, team);
                reply = kind == Fault.Kind.STALE_LISTING ? state.staleListing(() -> api.handle(req)) : api.handle(req);
                applied = true;
                if (kind == Fault.Kind.AFTER_APPLYING) {
                    reply = faultReply(fault, requestId);
                }
            }
        }
        if (reply != null) {
            reply.header("ratelimit-limit", limit.limit());
            if (!reply.headers.containsKey("ratelimit-remaining")) {
                reply.header("ratelimit-remaining", limit.remaining());
            }
            reply.header("ratelimit-reset", limit.resetEpochSeconds());
        }

        requests.add(new RecordedCall(
                sequence,
                now,
                method,
                path,
                url.encodedQuery(),
                body,
                headersOf(request.getHeaders()),
                team != null,
                team,
                reply == null || kind == Fault.Kind.DROP_AFTER ? 0 : reply.status,
                kind == null ? null : kind.wireName(),
                applied));

        MockResponse response = reply == null ? new MockResponse() : toMock(reply, requestId);
        if (kind != null) {
            switch (kind) {
                case DELAY -> response.setHeadersDelay(fault.delay().toMillis(), TimeUnit.MILLISECONDS);
                case DROP_BEFORE, DROP_AFTER -> response.setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
                case TRUNCATE -> response.setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
                default -> {}
            }
        }
        return response;
    }

    /**
     * Reads of the account's SSH keys: DigitalOcean allows only {@value #ACCOUNT_KEYS_GETS_PER_MINUTE} GET requests per
     * 60 s to {@code /v2/account/keys}; the sandbox counts reads of single keys with them.
     */
    static final int ACCOUNT_KEYS_GETS_PER_MINUTE = 10;

    /** Counts a read of the account keys under their special limit; {@code null} for any other request. */
    private RateLimiter.Decision accountKeysLimit(String method, String path, String limitKey, Instant now) {
        boolean keysRead =
                "GET".equals(method) && (path.equals("/v2/account/keys") || path.startsWith("/v2/account/keys/"));
        return keysRead
                ? accountKeysLimiter.take(limitKey, now, Integer.MAX_VALUE, ACCOUNT_KEYS_GETS_PER_MINUTE)
                : null;
    }

    private static Reply faultReply(Fault fault, String requestId) {
        Reply reply;
        if (fault.kind() == Fault.Kind.REDIRECT) {
            reply = new Reply(fault.status(), "", null);
            reply.header("Location", fault.location());
        } else if (fault.kind() == Fault.Kind.AFTER_APPLYING && fault.status() < 400) {
            reply = new Reply(
                    fault.status(), fault.body() == null ? "" : fault.body(), "application/json; charset=utf-8");
        } else if (fault.kind() == Fault.Kind.HTML) {
            reply = Reply.html(
                    fault.status(), fault.body() != null ? fault.body() : Reply.cloudflarePage(fault.status()));
        } else if (fault.body() != null) {
            reply = new Reply(
                    fault.status(),
                    fault.body(),
                    Json.parseOrNull(fault.body()) != null
                            ? "application/json; charset=utf-8"
                            : "text/plain; charset=utf-8");
        } else {
            reply = switch (fault.status()) {
                case 400 -> Reply.error(400, "bad_request", "The request could not be understood.", requestId);
                case 401 -> Reply.error(401, "unauthorized", "Unable to authenticate you.", requestId);
                case 403 ->
                    Reply.error(403, "forbidden", "You do not have access for the attempted action.", requestId);
                case 404 ->
                    Reply.error(404, "not_found", "The resource you were accessing could not be found.", requestId);
                case 409 ->
                    Reply.error(409, "conflict", "The request conflicts with the resource's current state.", requestId);
                case 422 -> Reply.error(422, "unprocessable_entity", "Droplet already has a pending event.", requestId);
                case 429 -> Reply.error(429, "too_many_requests", "API rate limit exceeded.", requestId);
                default ->
                    Reply.error(
                            fault.status(),
                            fault.status() >= 500 ? "server_error" : "error",
                            "Server was unable to give you a response.",
                            requestId);
            };
        }
        if (fault.retryAfterSeconds() != null) {
            reply.header("retry-after", fault.retryAfterSeconds());
        }
        if (fault.status() == 429 && fault.retryAfterSeconds() == null) {
            reply.header("ratelimit-remaining", 0);
        }
        return reply;
    }

    private static MockResponse toMock(Reply reply, String requestId) {
        MockResponse response = new MockResponse().setStatus("HTTP/1.1 " + reply.status + " " + reason(reply.status));
        if (reply.contentType != null) {
            response.setHeader("Content-Type", reply.contentType);
        }
        if (requestId != null) {
            response.setHeader("x-request-id", requestId);
        }
        reply.headers.forEach(response::setHeader);
        if (reply.body != null) {
            response.setBody(reply.body);
        }
        return response;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 409 -> "Conflict";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        return parts.length == 2 && "bearer".equalsIgnoreCase(parts[0]) ? parts[1] : null;
    }

    private static Map<String, List<String>> headersOf(Headers headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String name : headers.names()) {
            String key = name.toLowerCase(Locale.ROOT);
            List<String> values = new ArrayList<>(headers.values(name));
            if ("authorization".equals(key)) {
                values.replaceAll(v -> v.contains(" ") ? v.substring(0, v.indexOf(' ')) + " ***" : "***");
            }
            map.put(key, List.copyOf(values));
        }
        return Map.copyOf(map);
    }
}
