package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.NotFoundException;
import io.github.oneclick.vendor.Outcome;
import io.github.oneclick.vendor.workflow.RunResources.Fate;
import io.github.oneclick.vendor.workflow.RunResources.Kind;
import io.github.oneclick.vendor.workflow.RunResources.Removal;
import io.github.oneclick.vendor.workflow.RunResources.Resource;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The one way a run's droplet or key is deleted: the {@code DELETE} is sent at most once, unless a read proves it did
 * not take effect; then reads wait until the resource is gone, bounded by {@link #CONFIRM_TIMEOUT}.
 */
final class Removals {
    /** How long reads may take to stop finding a deleted droplet before it counts as not deleted. */
    static final Duration CONFIRM_TIMEOUT = Duration.ofMinutes(2);

    private final DigitalOceanClient client;
    private final Clock clock;

    Removals(DigitalOceanClient client, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Removal delete(Resource r, ProgressListener listener) {
        try {
            if (!exists(r)) {
                return new Removal(r, Fate.ALREADY_GONE, clock.instant(), "");
            }
            try {
                send(r);
            } catch (NotFoundException e) {
                return new Removal(r, Fate.ALREADY_GONE, clock.instant(), "");
            } catch (DigitalOceanException e) {
                if (e.outcome() == Outcome.NOT_APPLIED) {
                    return notDeleted(r, "DigitalOcean refused the delete (" + e.getMessage() + ")");
                }
                // unclear: a read decides whether the delete took effect; for a droplet, only a read that still
                // finds it allows one more delete (the client settles a key's delete itself)
                if (r.kind() == Kind.SSH_KEY) {
                    return exists(r)
                            ? notDeleted(r, e.getMessage())
                            : new Removal(r, Fate.DELETED, clock.instant(), "");
                }
                if (exists(r)) {
                    listener.warning("The delete of " + r.describe() + " had an unclear outcome and a read still"
                            + " finds it; deleting it again, once.");
                    send(r);
                }
            }
            if (r.kind() == Kind.DROPLET) {
                new ActionWaiter(client)
                        .awaitCondition(
                                new WaitPhase("deletion", CONFIRM_TIMEOUT, "deleteTimeout"),
                                r.describe(),
                                () -> exists(r),
                                present -> present ? "present" : "gone",
                                present -> !present,
                                listener);
            } else if (exists(r)) {
                return notDeleted(r, "a read still finds it after the delete");
            }
            return new Removal(r, Fate.DELETED, clock.instant(), "");
        } catch (WaitTimeoutException e) {
            return notDeleted(r, "reads still find it " + CONFIRM_TIMEOUT.toMinutes() + " min after the delete");
        } catch (DigitalOceanException e) {
            return notDeleted(r, e.getMessage());
        }
    }

    /** Tells the listener: a resource left behind is a warning, anything else a phase. */
    static void report(Removal removal, ProgressListener listener) {
        if (removal.fate() == Fate.NOT_DELETED) {
            listener.warning(removal.message());
        } else {
            listener.phase(removal.message());
        }
    }

    private Removal notDeleted(Resource r, String why) {
        String fix = r.kind() == Kind.DROPLET
                ? "destroy droplet " + r.id() + " in the control panel, or run the leftovers goal"
                : "remove the key " + r.name() + " under Settings > Security, or run the leftovers goal";
        return new Removal(r, Fate.NOT_DELETED, clock.instant(), why + "; " + fix);
    }

    private void send(Resource r) {
        if (r.kind() == Kind.DROPLET) {
            client.deleteDroplet(Long.parseLong(r.id()));
        } else {
            client.deleteSshKey(r.id());
        }
    }

    private boolean exists(Resource r) {
        if (r.kind() == Kind.SSH_KEY) {
            return client.findSshKey(r.id()).isPresent();
        }
        try {
            client.getDroplet(Long.parseLong(r.id()));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
