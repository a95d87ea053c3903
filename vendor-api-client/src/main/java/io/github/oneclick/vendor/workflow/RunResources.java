package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.Durations;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.SshKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one run created on DigitalOcean (droplets and account SSH keys), so that the run deletes every one of them,
 * on failure too, and says what each cost: a pipeline calls {@link #removeAll} in a {@code finally} block and from a
 * JVM shutdown hook. Thread-safe; each resource is removed at most once, however often {@code removeAll} is called.
 *
 * <p>A droplet the user asked to keep (to debug a failed build) is reported as {@link Fate#KEPT} and left running.
 * Each deletion is checked by reading: a resource counts as deleted only once a read no longer finds it.
 */
public final class RunResources {
    /** What kind of resource. */
    public enum Kind {
        DROPLET,
        SSH_KEY
    }

    /**
     * One resource a run created.
     *
     * @param kind droplet or key
     * @param id the droplet id, or the key's fingerprint
     * @param name its name
     * @param createdAt when it was created (DigitalOcean's time for droplets, the run's clock for keys)
     * @param priceHourly what it costs an hour in US dollars, 0 for keys
     */
    public record Resource(Kind kind, String id, String name, Instant createdAt, double priceHourly) {
        public Resource {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(createdAt, "createdAt");
        }

        /** {@code droplet 123 (name)} or {@code SSH key name (fingerprint)}. */
        public String describe() {
            return kind == Kind.DROPLET ? "droplet " + id + " (" + name + ")" : "SSH key " + name + " (" + id + ")";
        }
    }

    /** What became of a resource. */
    public enum Fate {
        /** Deleted, and a read confirmed it is gone. */
        DELETED,
        /** Already gone when the run came to delete it. */
        ALREADY_GONE,
        /** Left in place because the user asked to keep it. */
        KEPT,
        /** Not deleted: the delete failed or a read still finds it. The detail says what to do. */
        NOT_DELETED,
        /** A dry run: it would be deleted. */
        WOULD_DELETE
    }

    /**
     * The end of one resource.
     *
     * @param resource what
     * @param fate what became of it
     * @param at when that was settled
     * @param detail why, for {@link Fate#NOT_DELETED}; empty otherwise
     */
    public record Removal(Resource resource, Fate fate, Instant at, String detail) {
        public Removal {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(fate, "fate");
            Objects.requireNonNull(at, "at");
            detail = detail == null ? "" : detail;
        }

        /** From creation to removal (or to now, for a kept one). */
        public Duration lifetime() {
            Duration d = Duration.between(resource.createdAt(), at);
            return d.isNegative() ? Duration.ZERO : d;
        }

        /** The lifetime at the hourly price, in US dollars: an estimate, DigitalOcean's invoice decides. */
        public double estimatedCost() {
            return resource.priceHourly() * lifetime().toMillis() / 3_600_000.0;
        }

        /** One line for a summary, such as {@code droplet 123 (acme-build) deleted after 12m 03s (about $0.0018 at $0.00893/h)}. */
        public String message() {
            String life = describe(lifetime());
            String what = resource.describe() + " "
                    + switch (fate) {
                        case DELETED -> "deleted after " + life;
                        case ALREADY_GONE -> "was already gone";
                        case KEPT -> "kept, still running after " + life;
                        case NOT_DELETED -> "NOT deleted after " + life;
                        case WOULD_DELETE -> "would be deleted (dry run), created " + life + " ago";
                    };
            String cost = resource.priceHourly() > 0 && fate != Fate.ALREADY_GONE
                    ? String.format(Locale.ROOT, " (about $%.4f at $%.5f/h)", estimatedCost(), resource.priceHourly())
                    : "";
            return what + cost + (detail.isEmpty() ? "" : ": " + detail);
        }

        private static String describe(Duration d) {
            return d.compareTo(Duration.ofDays(2)) >= 0 ? d.toDays() + " days" : Durations.describe(d.withNanos(0));
        }
    }

    private final RunId runId;
    private final Clock clock;
    private final Map<String, Resource> tracked = new LinkedHashMap<>();
    private final Map<String, Removal> removed = new LinkedHashMap<>();
    private final Set<String> kept = new LinkedHashSet<>();

    /**
     * An empty ledger. It holds no client: a pipeline's goals each have their own, and a shutdown hook makes a new one,
     * so every removal is given the client to use.
     */
    public RunResources(RunId runId, Clock clock) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The run these resources belong to. */
    public RunId runId() {
        return runId;
    }

    /** Records a droplet the run created, with its size's hourly price. */
    public synchronized Resource trackDroplet(Droplet droplet, double priceHourly) {
        Objects.requireNonNull(droplet, "droplet");
        Resource r = new Resource(
                Kind.DROPLET,
                Long.toString(droplet.id()),
                droplet.name(),
                droplet.createdAt() == null ? clock.instant() : droplet.createdAt(),
                priceHourly);
        tracked.put(key(r), r);
        return r;
    }

    /** Records an account SSH key the run created. */
    public synchronized Resource trackSshKey(SshKey sshKey) {
        Objects.requireNonNull(sshKey, "sshKey");
        Resource r = new Resource(Kind.SSH_KEY, sshKey.fingerprint(), sshKey.name(), clock.instant(), 0);
        tracked.put(key(r), r);
        return r;
    }

    /** Leaves this droplet running at the end of the run (the user keeps it to debug). */
    public synchronized void keep(long dropletId) {
        kept.add(Kind.DROPLET + ":" + dropletId);
    }

    /** What the run created and has not yet removed, oldest first. */
    public synchronized List<Resource> outstanding() {
        return tracked.values().stream()
                .filter(r -> !removed.containsKey(key(r)))
                .toList();
    }

    /** Removes one droplet now (such as the test droplet when its checks end), recording its removal. */
    public synchronized Optional<Removal> removeDroplet(
            DigitalOceanClient client, long dropletId, ProgressListener listener) {
        Resource r = tracked.get(Kind.DROPLET + ":" + dropletId);
        if (r == null) {
            return Optional.empty();
        }
        Removal done = removed.get(key(r));
        return Optional.of(done != null ? done : remove(client, r, listener));
    }

    /**
     * Removes everything not yet removed: droplets first, then keys; kept droplets are reported, not deleted. A
     * failure to delete one resource does not stop the others.
     *
     * @return every removal of the run so far, in creation order
     */
    public synchronized List<Removal> removeAll(DigitalOceanClient client, ProgressListener listener) {
        List<Resource> order = new ArrayList<>();
        tracked.values().stream().filter(r -> r.kind() == Kind.DROPLET).forEach(order::add);
        tracked.values().stream().filter(r -> r.kind() == Kind.SSH_KEY).forEach(order::add);
        for (Resource r : order) {
            if (!removed.containsKey(key(r))) {
                remove(client, r, listener);
            }
        }
        return removals();
    }

    /** Every removal so far, in creation order. */
    public synchronized List<Removal> removals() {
        return tracked.values().stream()
                .map(r -> removed.get(key(r)))
                .filter(Objects::nonNull)
                .toList();
    }

    private Removal remove(DigitalOceanClient client, Resource r, ProgressListener listener) {
        ProgressListener out = listener == null ? ProgressListener.NONE : listener;
        Removal removal;
        if (kept.contains(key(r))) {
            removal = new Removal(r, Fate.KEPT, clock.instant(), "");
        } else {
            out.phase("Deleting " + r.describe());
            removal = new Removals(Objects.requireNonNull(client, "client"), clock).delete(r, out);
        }
        removed.put(key(r), removal);
        Removals.report(removal, out);
        return removal;
    }

    private static String key(Resource r) {
        return r.kind() + ":" + r.id();
    }
}
