package io.github.oneclick.vendor.internal.http;

import io.github.oneclick.vendor.ErrorDetails;
import io.github.oneclick.vendor.UnexpectedResponseException;
import io.github.oneclick.vendor.internal.http.Envelopes.Page;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.HttpUrl;
import retrofit2.Call;

/**
 * Walks a collection page by page, lazily: the first page is fetched when the first element is asked for, and
 * {@code links.pages.next} is followed only when the current page is used up. A {@code next} link that leaves the
 * API's scheme, host and port is refused, so the token is never sent elsewhere.
 *
 * @param <T> the element type
 */
public final class Paginator<T> implements Iterator<T> {
    /** The largest page the API serves. */
    public static final int PER_PAGE = 200;

    private final CallExecutor executor;
    private final Supplier<Call<? extends Page<T>>> first;
    private final Function<String, Call<? extends Page<T>>> next;
    private final HttpUrl base;
    private final Set<String> visited = new HashSet<>();

    private Iterator<T> current;
    private String nextUrl;
    private boolean started;

    public Paginator(CallExecutor executor, HttpUrl base, Supplier<Call<? extends Page<T>>> first,
            Function<String, Call<? extends Page<T>>> next) {
        this.executor = executor;
        this.base = base;
        this.first = first;
        this.next = next;
    }

    /** A lazy stream over every element of every page. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        while (current == null || !current.hasNext()) {
            if (started && nextUrl == null) {
                return false;
            }
            Call<? extends Page<T>> call = started ? next.apply(nextUrl) : first.get();
            started = true;
            visited.add(call.request().url().toString());
            Page<T> page = executor.execute(call);
            List<T> items = page == null ? List.of() : page.items();
            current = items.iterator();
            nextUrl = followable(call, page == null || page.links() == null ? null : page.links().next());
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    private String followable(Call<?> call, String link) {
        if (link == null || link.isBlank()) {
            return null;
        }
        HttpUrl url = HttpUrl.parse(link);
        if (url == null) {
            url = call.request().url().resolve(link);
        }
        String path = call.request().url().encodedPath();
        if (url == null || !url.scheme().equals(base.scheme()) || !url.host().equalsIgnoreCase(base.host())
                || url.port() != base.port()) {
            String method = call.request().method();
            throw new UnexpectedResponseException(method + " " + path + " returned a next-page link outside the API ("
                    + (url == null ? "unparseable" : url.scheme() + "://" + url.host() + ":" + url.port())
                    + "); refusing to follow it", new ErrorDetails(200, null, "next link outside the API", null, method,
                    path, "", 1), false, null);
        }
        // Loop guard: a server that links back to a page already read ends the walk.
        return visited.add(url.toString()) ? url.toString() : null;
    }
}
