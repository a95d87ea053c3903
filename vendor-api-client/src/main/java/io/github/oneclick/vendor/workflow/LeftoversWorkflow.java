package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.Durations;
import io.github.oneclick.vendor.InvalidSettingException;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.SshKey;
import io.github.oneclick.vendor.workflow.RunResources.Fate;
import io.github.oneclick.vendor.workflow.RunResources.Kind;
import io.github.oneclick.vendor.workflow.RunResources.Removal;
import io.github.oneclick.vendor.workflow.RunResources.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds and deletes what earlier runs left behind (a killed build cannot clean up after itself): droplets tagged
 * {@value RunId#MARKER_TAG} with a run tag, and account SSH keys named after a run ({@link RunId}). Only what is older
 * than {@link LeftoversRequest#minAge()} is touched, so a build running at the same time in another job keeps its
 * droplet; droplets of this team without the tags, and keys with other names, are never touched.
 *
 * <p>Two reads find everything: one listing of the tagged droplets and one of the account's keys (DigitalOcean allows
 * only 10 key listings a minute). Each delete is sent at most once and confirmed by a read.
 */
public final class LeftoversWorkflow {
    /** The default minimum age: longer than any build this project runs. */
    public static final Duration DEFAULT_MIN_AGE = Duration.ofHours(3);

    private final DigitalOceanClient client;
    private final Clock clock;

    public LeftoversWorkflow(DigitalOceanClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = client.clock();
    }

    /**
     * What to clean up.
     *
     * @param minAge only runs that started at least this long ago; zero for all
     * @param onlyRun only this run's resources, when given (its age still applies)
     * @param dryRun list, delete nothing
     */
    public record LeftoversRequest(Duration minAge, Optional<RunId> onlyRun, boolean dryRun) {
        public LeftoversRequest {
            Objects.requireNonNull(minAge, "minAge");
            if (minAge.isNegative()) {
                throw new InvalidSettingException(
                        "leftoversMinAge must not be negative, was " + Durations.describe(minAge)
                                + "; use 0 to include runs that started just now",
                        "leftoversMinAge");
            }
            onlyRun = onlyRun == null ? Optional.empty() : onlyRun;
        }

        /** Everything older than the default age. */
        public static LeftoversRequest of(boolean dryRun) {
            return new LeftoversRequest(DEFAULT_MIN_AGE, Optional.empty(), dryRun);
        }
    }

    /**
     * What was found.
     *
     * @param removals each leftover old enough, with its fate ({@link Fate#WOULD_DELETE} in a dry run)
     * @param tooRecent leftovers of runs younger than the minimum age, left alone
     */
    public record LeftoversResult(List<Removal> removals, List<Resource> tooRecent) {
        public LeftoversResult {
            removals = List.copyOf(removals);
            tooRecent = List.copyOf(tooRecent);
        }

        /** Whether some leftover could not be deleted. */
        public boolean incomplete() {
            return removals.stream().anyMatch(r -> r.fate() == Fate.NOT_DELETED);
        }
    }

    public LeftoversResult run(LeftoversRequest request, ProgressListener listener) {
        Objects.requireNonNull(request, "request");
        ProgressListener out = listener == null ? ProgressListener.NONE : listener;
        Instant now = clock.instant();
        out.phase("Looking for droplets tagged " + RunId.MARKER_TAG + " and SSH keys named " + RunId.KEY_NAME_PREFIX
                + "<run id>" + (request.onlyRun().map(r -> " of run " + r).orElse("")));
        List<Resource> found = new ArrayList<>();
        for (Droplet d : client.listDropletsByTag(RunId.MARKER_TAG).toList()) {
            RunId.fromTags(d.tags())
                    .filter(run -> matches(request, run))
                    .ifPresent(run -> found.add(new Resource(
                            Kind.DROPLET,
                            Long.toString(d.id()),
                            d.name(),
                            d.createdAt() == null ? run.startedAt() : d.createdAt(),
                            0)));
        }
        for (SshKey k : client.listSshKeys().toList()) {
            RunId.fromKeyName(k.name())
                    .filter(run -> matches(request, run))
                    .ifPresent(run ->
                            found.add(new Resource(Kind.SSH_KEY, k.fingerprint(), k.name(), run.startedAt(), 0)));
        }
        found.sort(Comparator.comparing(Resource::createdAt));
        List<Removal> removals = new ArrayList<>();
        List<Resource> tooRecent = new ArrayList<>();
        Removals deleter = new Removals(client, clock);
        for (Resource r : found) {
            if (Duration.between(r.createdAt(), now).compareTo(request.minAge()) < 0) {
                tooRecent.add(r);
                out.phase("Leaving " + r.describe() + ": created "
                        + Durations.describe(
                                Duration.between(r.createdAt(), now).withNanos(0)) + " ago, younger than "
                        + Durations.describe(request.minAge()) + " (a build may still be using it)");
                continue;
            }
            Removal removal = request.dryRun() ? new Removal(r, Fate.WOULD_DELETE, now, "") : deleter.delete(r, out);
            removals.add(removal);
            Removals.report(removal, out);
        }
        if (found.isEmpty()) {
            out.phase("No leftovers found.");
        }
        return new LeftoversResult(removals, tooRecent);
    }

    private static boolean matches(LeftoversRequest request, RunId run) {
        return request.onlyRun().map(run::equals).orElse(true);
    }
}
