package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.vendor.internal.http.FollowUpGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Plain OkHttp against a sandbox, without retries, redirects or OkHttp's re-send of a 503 with {@code Retry-After: 0}
 * (its {@code Retry-After} is kept under {@link FollowUpGuard#STASHED}), so every fault is seen as it is.
 */
final class Http {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final MediaType JSON = MediaType.get("application/json");

    record Result(int status, Headers headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    private final Sandbox sandbox;
    private final OkHttpClient client;
    private String token;

    Http(Sandbox sandbox) {
        this(sandbox, Duration.ofSeconds(10));
    }

    Http(Sandbox sandbox, Duration readTimeout) {
        this.sandbox = sandbox;
        this.token = sandbox.token();
        this.client = new OkHttpClient.Builder()
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .addNetworkInterceptor(new FollowUpGuard())
                .readTimeout(readTimeout)
                .build();
    }

    Http token(String token) {
        this.token = token;
        return this;
    }

    Result get(String path) throws IOException {
        return call("GET", path, null);
    }

    Result post(String path, String json) throws IOException {
        return call("POST", path, json);
    }

    Result patch(String path, String json) throws IOException {
        return call("PATCH", path, json);
    }

    Result delete(String path) throws IOException {
        return call("DELETE", path, null);
    }

    Result call(String method, String path, String json) throws IOException {
        String url = path.startsWith("http") ? path : sandbox.url(path);
        Request.Builder b = new Request.Builder().url(url)
                .method(method, json == null ? (method.equals("POST") ? RequestBody.create("", JSON) : null)
                        : RequestBody.create(json, JSON));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (Response response = client.newCall(b.build()).execute()) {
            return new Result(response.code(), response.headers(), response.body().string());
        }
    }

    /** Single quotes to double quotes, so JSON in tests stays readable. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
