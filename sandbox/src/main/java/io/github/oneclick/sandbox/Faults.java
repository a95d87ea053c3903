package io.github.oneclick.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The faults waiting for requests, in the order they were added; the first match wins. */
public final class Faults {

    private static final class Armed {
        final Fault fault;
        int skipped;
        int hits;

        Armed(Fault fault) {
            this.fault = fault;
        }

        boolean exhausted() {
            return fault.times() >= 0 && hits >= fault.times();
        }
    }

    private final Object lock;
    private final List<Armed> armed = new ArrayList<>();

    Faults(Object lock) {
        this.lock = lock;
    }

    public Faults add(Fault fault) {
        synchronized (lock) {
            armed.add(new Armed(fault));
        }
        return this;
    }

    public void clear() {
        synchronized (lock) {
            armed.clear();
        }
    }

    /** Faults that can still hit, in order. */
    public List<Fault> pending() {
        synchronized (lock) {
            return armed.stream().filter(a -> !a.exhausted()).map(a -> a.fault).toList();
        }
    }

    /** Finds the fault for this request and counts it as used; {@code null} when none applies. */
    Fault take(String method, String path, String body) {
        synchronized (lock) {
            for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
                Armed a = it.next();
                if (a.exhausted()) {
                    it.remove();
                    continue;
                }
                if (!a.fault.matches(method, path, body)) {
                    continue;
                }
                if (a.skipped < a.fault.skip()) {
                    a.skipped++;
                    continue;
                }
                a.hits++;
                if (a.exhausted()) {
                    it.remove();
                }
                return a.fault;
            }
            return null;
        }
    }
}
