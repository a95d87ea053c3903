package io.github.oneclick.vendor.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Adds the bearer token, the user agent and {@code Accept: application/json} to every request. */
public final class HeadersInterceptor implements Interceptor {
    private final String authorization;
    private final String userAgent;

    public HeadersInterceptor(String token, String userAgent) {
        this.authorization = "Bearer " + token;
        this.userAgent = userAgent;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(chain.request()
                .newBuilder()
                .header("Authorization", authorization)
                .header("User-Agent", userAgent)
                .header("Accept", "application/json")
                .build());
    }

    @Override
    public String toString() {
        return "HeadersInterceptor[userAgent=" + userAgent + "]";
    }
}
