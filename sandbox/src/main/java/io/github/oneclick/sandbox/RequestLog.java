package io.github.oneclick.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Every request the sandbox answered since the last reset, for assertions. */
public final class RequestLog {

    private final Object lock;
    private final List<RecordedCall> calls = new ArrayList<>();

    RequestLog(Object lock) {
        this.lock = lock;
    }

    void add(RecordedCall call) {
        synchronized (lock) {
            calls.add(call);
        }
    }

    long nextSequence() {
        synchronized (lock) {
            return calls.size() + 1L;
        }
    }

    public void clear() {
        synchronized (lock) {
            calls.clear();
        }
    }

    public List<RecordedCall> all() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    public List<RecordedCall> where(Predicate<RecordedCall> filter) {
        return all().stream().filter(filter).toList();
    }

    /** Requests with this method ({@code *} for any) whose path matches the glob. */
    public List<RecordedCall> matching(String method, String pathGlob) {
        return where(c -> c.matches(method, pathGlob));
    }

    public int count(String method, String pathGlob) {
        return matching(method, pathGlob).size();
    }

    /** POST, PUT, PATCH and DELETE requests. */
    public List<RecordedCall> mutating() {
        return where(RecordedCall::mutating);
    }

    public int countMutating() {
        return mutating().size();
    }

    public int size() {
        synchronized (lock) {
            return calls.size();
        }
    }

    public RecordedCall last() {
        synchronized (lock) {
            if (calls.isEmpty()) {
                throw new IllegalStateException("No request has been recorded since the last reset");
            }
            return calls.get(calls.size() - 1);
        }
    }

    ArrayNode toJson(List<RecordedCall> selection) {
        ArrayNode a = Json.array();
        selection.forEach(c -> a.add(c.toJson()));
        return a;
    }
}
