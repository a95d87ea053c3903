package io.github.oneclick.vendor.internal.http;

import io.github.oneclick.vendor.ErrorDetails;
import io.github.oneclick.vendor.Outcome;
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
 * API's scheme, host and port is refused, so the token is never sent elsewhere; a link back to a page already read,
 * or more than {@link #MAX_PAGES} pages, fails the walk instead of looping.
 *
 * @param <T> the element type
 */
public final class Paginator<T> implements Iterator<T> {
    /** The largest page the API serves. */
    public static final int PER_PAGE = 200;
    /** The most pages one walk reads: 20,000 elements at {@link #PER_PAGE}. */
    public static final int MAX_PAGES = 100;

    private final CallExecutor executor;
    private final Supplier<Call<? extends Page<T>>> first;
    private final Function<String, Call<? extends Page<T>>> next;
    private final HttpUrl base;
    private final String what;
    private final Set<String> visited = new HashSet<>();

    private Iterator<T> current;
    private String nextUrl;
    private boolean started;

    /**
     * @param what the collection, for messages, such as {@code "droplets"}
     */
    public Paginator(
            CallExecutor executor,
            HttpUrl base,
            String what,
            Supplier<Call<? extends Page<T>>> first,
            Function<String, Call<? extends Page<T>>> next) {
        this.executor = executor;
        this.base = base;
        this.what = what;
        this.first = first;
        this.next = next;
    }

    /** A lazy stream over every element of every page. */
    public Stream<T> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false);
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
            Page<T> page = fetch(call);
            List<T> items = page.items();
            current = items.iterator();
            nextUrl =
                    followable(call, page.links() == null ? null : page.links().next());
        }
        return true;
    }

    private <P extends Page<T>> Page<T> fetch(Call<P> call) {
        return executor.execute(call, page -> page.items() == null ? null : page, "a list of " + what);
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
        String method = call.request().method();
        String path = call.request().url().encodedPath();
        if (url == null
                || !url.scheme().equals(base.scheme())
                || !url.host().equalsIgnoreCase(base.host())
                || url.port() != base.port()) {
            throw refused(
                    method,
                    path,
                    "returned a next-page link outside the API ("
                            + (url == null ? "unparseable" : url.scheme() + "://" + url.host() + ":" + url.port())
                            + "); refusing to follow it");
        }
        if (!visited.add(url.toString())) {
            throw refused(
                    method,
                    path,
                    "links back to a page already read (" + url.encodedPath() + "?" + url.encodedQuery()
                            + "); the listing of " + what + " loops");
        }
        if (visited.size() > MAX_PAGES) {
            throw refused(
                    method,
                    path,
                    "has more than " + MAX_PAGES + " pages of " + PER_PAGE + " " + what + "; the client stops there");
        }
        return url.toString();
    }

    private static UnexpectedResponseException refused(String method, String path, String problem) {
        return new UnexpectedResponseException(
                method + " " + path + " " + problem,
                new ErrorDetails(200, null, problem, null, method, path, "", 1),
                Outcome.NOT_APPLIED,
                false,
                null);
    }
}
