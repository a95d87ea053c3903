package io.github.oneclick.vendor.internal.http;

import io.github.oneclick.vendor.HttpLogLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * Logs the HTTP exchange as it goes over the wire: request and response lines at {@link HttpLogLevel#BASIC}, headers
 * at {@link HttpLogLevel#HEADERS}, bodies at {@link HttpLogLevel#BODY}. Every body is cut at {@link #BODY_LIMIT}
 * bytes, so a debug log never carries megabytes; the {@code Authorization} header is never shown, and the sink
 * removes secrets from every line.
 */
public final class HttpLog implements Interceptor {
    /** The most of one body a log line shows. */
    public static final int BODY_LIMIT = 4 * 1024;

    private static final Set<String> HIDDEN = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

    private final Consumer<String> sink;
    private final HttpLogLevel level;

    public HttpLog(Consumer<String> sink, HttpLogLevel level) {
        this.sink = sink;
        this.level = level;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (level == HttpLogLevel.NONE) {
            return chain.proceed(request);
        }
        sink.accept("--> " + request.method() + " " + request.url());
        if (level.compareTo(HttpLogLevel.HEADERS) >= 0) {
            headers(request.headers());
        }
        RequestBody body = request.body();
        if (level == HttpLogLevel.BODY && body != null) {
            sink.accept(requestBody(body));
        }
        long start = System.nanoTime();
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException e) {
            sink.accept("<-- failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            throw e;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        sink.accept("<-- " + response.code() + " " + request.method() + " " + request.url() + " (" + millis + " ms)");
        if (level.compareTo(HttpLogLevel.HEADERS) >= 0) {
            headers(response.headers());
        }
        if (level == HttpLogLevel.BODY && response.body() != null) {
            sink.accept(responseBody(response));
        }
        return response;
    }

    private void headers(Headers headers) {
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            boolean hidden = HIDDEN.contains(name.toLowerCase(Locale.ROOT));
            sink.accept(name + ": " + (hidden ? Redactor.MASK : headers.value(i)));
        }
    }

    private static String requestBody(RequestBody body) throws IOException {
        Buffer buffer = new Buffer();
        body.writeTo(buffer);
        return bounded(buffer, buffer.size());
    }

    private static String responseBody(Response response) throws IOException {
        byte[] peeked = response.peekBody(BODY_LIMIT).bytes();
        ResponseBody body = response.body();
        long total = body == null ? peeked.length : body.contentLength();
        if (total < 0 && peeked.length < BODY_LIMIT) {
            total = peeked.length; // a chunked body shorter than the limit: all of it was read
        }
        return bounded(new Buffer().write(peeked), total);
    }

    /** The body as text, cut at {@link #BODY_LIMIT} with a note of what was left out. */
    private static String bounded(Buffer buffer, long total) throws IOException {
        long shown = Math.min(buffer.size(), BODY_LIMIT);
        String text = new String(buffer.readByteArray(shown), StandardCharsets.UTF_8);
        if (total >= 0 && total <= shown) {
            return text;
        }
        return text + "... (body cut at " + BODY_LIMIT + " bytes" + (total > 0 ? " of " + total : "") + ")";
    }
}
