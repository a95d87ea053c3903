package io.github.oneclick.vendor.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * A network interceptor that notes, per calling thread, that a request got as far as a connection and so may have
 * reached the server. Calls are executed synchronously, so the flag belongs to the call the thread is making.
 * This is how the client tells "connection refused" (safe to re-send a POST) from "sent, then cut" (not safe).
 */
public final class SendTracker implements Interceptor {
    private static final ThreadLocal<Boolean> SENT = ThreadLocal.withInitial(() -> Boolean.FALSE);

    public static void reset() {
        SENT.set(Boolean.FALSE);
    }

    public static boolean mayHaveBeenSent() {
        return SENT.get();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        SENT.set(Boolean.TRUE);
        return chain.proceed(chain.request());
    }
}
