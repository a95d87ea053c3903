package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Plain OkHttp against a sandbox, for tests that look at the raw answers: without retries, redirects or OkHttp's
 * re-send of a 503 with {@code Retry-After: 0} (the 503's {@code Retry-After} is kept under {@link #STASHED}), so every
 * fault is seen as it is.
 */
public final class Http {
    /** The header a 503's {@code Retry-After} is kept under, out of OkHttp's sight. */
    public static final String STASHED = "X-Sandbox-Retry-After";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final MediaType JSON = MediaType.get("application/json");

    /**
     * An answer.
     *
     * @param status the HTTP status
     * @param headers the headers
     * @param body the body as text
     */
    public record Result(int status, Headers headers, String body) {
        /** The body as JSON. */
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.get(name);
        }
    }

    private final Sandbox sandbox;
    private final OkHttpClient client;
    private String token;

    public Http(Sandbox sandbox) {
        this(sandbox, Duration.ofSeconds(10));
    }

    public Http(Sandbox sandbox, Duration readTimeout) {
        this.sandbox = sandbox;
        this.token = sandbox.token();
        this.client = new OkHttpClient.Builder()
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .addNetworkInterceptor(Http::hideRetryAfterOf503)
                .readTimeout(readTimeout)
                .build();
    }

    public Http token(String token) {
        this.token = token;
        return this;
    }

    public Result get(String path) throws IOException {
        return call("GET", path, null);
    }

    public Result post(String path, String json) throws IOException {
        return call("POST", path, json);
    }

    public Result patch(String path, String json) throws IOException {
        return call("PATCH", path, json);
    }

    public Result delete(String path) throws IOException {
        return call("DELETE", path, null);
    }

    public Result call(String method, String path, String json) throws IOException {
        String url = path.startsWith("http") ? path : sandbox.url(path);
        Request.Builder b = new Request.Builder()
                .url(url)
                .method(
                        method,
                        json == null
                                ? (method.equals("POST") ? RequestBody.create("", JSON) : null)
                                : RequestBody.create(json, JSON));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (Response response = client.newCall(b.build()).execute()) {
            ResponseBody body = response.body();
            return new Result(response.code(), response.headers(), body == null ? "" : body.string());
        }
    }

    private static Response hideRetryAfterOf503(okhttp3.Interceptor.Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String retryAfter = response.header("Retry-After");
        return response.code() != 503 || retryAfter == null
                ? response
                : response.newBuilder()
                        .removeHeader("Retry-After")
                        .header(STASHED, retryAfter)
                        .build();
    }

    /** Single quotes to double quotes, so JSON in tests stays readable. */
    public static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
