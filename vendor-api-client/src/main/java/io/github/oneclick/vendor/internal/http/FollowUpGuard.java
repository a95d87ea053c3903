package io.github.oneclick.vendor.internal.http;

import java.io.IOException;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps OkHttp from re-sending a request on its own. Redirects are off in the client's OkHttp configuration, and so
 * are re-sends after connection failures; what is left is OkHttp's follow-up of a {@code 503} carrying
 * {@code Retry-After: 0}, which it re-sends at once, POSTs included. This network interceptor moves that header of a
 * 503 to {@link #STASHED}, where OkHttp does not look, so every re-send is {@link SendingPolicy}'s decision.
 */
public final class FollowUpGuard implements Interceptor {
    /** The header a 503's {@code Retry-After} is kept under. */
    public static final String STASHED = "X-Vendor-Client-Retry-After";

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String retryAfter = response.header("Retry-After");
        if (response.code() != 503 || retryAfter == null) {
            return response;
        }
        return response.newBuilder()
                .removeHeader("Retry-After")
                .header(STASHED, retryAfter)
                .build();
    }

    /** The {@code Retry-After} of a response, wherever this guard left it; {@code null} when there is none. */
    public static String retryAfter(Headers headers) {
        String value = headers.get("Retry-After");
        return value != null ? value : headers.get(STASHED);
    }
}
