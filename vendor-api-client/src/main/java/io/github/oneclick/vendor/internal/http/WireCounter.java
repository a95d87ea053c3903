package io.github.oneclick.vendor.internal.http;

import java.io.IOException;
import java.time.Clock;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Counts the requests that reach the wire, and notes the status of the last answer. OkHttp calls network
 * interceptors once per request it writes to an open connection, so the count tells a request that never left this
 * machine (the connection failed: safe to send again) from one that may have reached DigitalOcean, and the status
 * tells an answer whose body was then cut short from no answer at all. Calls run synchronously on the caller's
 * thread, so both are kept per thread; the count only ever grows, and {@link CallExecutor} compares it before and
 * after each try. Every send is also recorded in the token's {@link RateBudget}.
 */
public final class WireCounter implements Interceptor {
    private static final ThreadLocal<long[]> STATE = ThreadLocal.withInitial(() -> new long[2]);

    private final RateBudget budget;
    private final Clock clock;

    public WireCounter(RateBudget budget, Clock clock) {
        this.budget = budget;
        this.clock = clock;
    }

    /** Requests this thread has put on the wire so far. */
    public static long sentByThisThread() {
        return STATE.get()[0];
    }

    /** Forgets the last status, before a try. */
    public static void beginTry() {
        STATE.get()[1] = 0;
    }

    /** The status of the answer to this thread's last request since {@link #beginTry()}, or 0 when none came. */
    public static int lastStatus() {
        return (int) STATE.get()[1];
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        long[] state = STATE.get();
        state[0]++;
        budget.sent(clock.instant());
        Response response = chain.proceed(chain.request());
        state[1] = response.code();
        return response;
    }
}
