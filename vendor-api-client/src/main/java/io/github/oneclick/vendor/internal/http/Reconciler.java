package io.github.oneclick.vendor.internal.http;

import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.NotFoundException;
import io.github.oneclick.vendor.Outcome;
import io.github.oneclick.vendor.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one place where the client settles, by reading, a create or a delete whose outcome is not known: one that was
 * sent and got no usable answer (a cut connection, a timeout, a 5xx), or that DigitalOcean accepted with an answer
 * that cannot be used. {@link SendingPolicy} has already decided that such a request is not sent again blindly; here
 * reads decide what happened:
 *
 * <ul>
 *   <li>the reads find what the request was to create (or find the deleted resource gone): it took effect, and the
 *       call returns what the reads found;
 *   <li>every read within {@link #READ_PAUSES} shows that it did not take effect: the request is sent again, once,
 *       if {@link SendingPolicy#mayResendAfterReads} allows it (never after DigitalOcean said it accepted it, never a
 *       third time);
 *   <li>otherwise, or when the reads fail, the call fails with {@link Outcome#UNKNOWN} (or {@link Outcome#APPLIED})
 *       and says what to check.
 * </ul>
 *
 * A refusal ({@link Outcome#NOT_APPLIED}) is never reconciled: it is thrown as it is. A 404 to a delete sent again
 * means the first one took effect after all.
 */
public final class Reconciler {
    /**
     * The pauses before each read after an unclear send: the first read at once, the last about 15 s later (as the
     * snapshot workflow's reconcile window), because a request answered with a 5xx or cut off may still be carried
     * out a moment later.
     */
    public static final List<Duration> READ_PAUSES = List.of(
            Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5));

    private final Sleeper sleeper;
    private final Consumer<String> log;

    /**
     * @param log where the lines that say what the reads found go (the client's wait log)
     */
    public Reconciler(Sleeper sleeper, Consumer<String> log) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Creates something at most once, unless reads prove the earlier create did not take effect.
     *
     * @param what what is created, for messages: {@code "POST /v2/droplets (droplet 'app-build', tag run:42)"}
     * @param send sends the create through the {@link CallExecutor}
     * @param find reads whether the create took effect; empty when what it creates does not exist
     * @return the created resource, from the answer or from the reads
     */
    public <T> T create(String what, Supplier<T> send, Supplier<Optional<T>> find) {
        for (int sends = 1; ; sends++) {
            DigitalOceanException unclear;
            try {
                return send.get();
            } catch (DigitalOceanException e) {
                if (e.outcome() == Outcome.NOT_APPLIED) {
                    throw e;
                }
                unclear = e;
            }
            log.accept(what + " got no usable answer; reading to learn whether it took effect, instead of sending"
                    + " it again");
            Optional<T> found = Optional.empty();
            for (Duration pause : READ_PAUSES) {
                pause(pause, what, unclear);
                found = read(find, what, unclear);
                if (found.isPresent()) {
                    break;
                }
            }
            if (found.isPresent()) {
                log.accept(what + " took effect: found by reading");
                return found.get();
            }
            if (!SendingPolicy.mayResendAfterReads(unclear.outcome(), sends)) {
                throw Failures.unsettled(unclear, noTrace(what, unclear, sends));
            }
            log.accept("Reads within " + window() + " prove " + what + " did not take effect; sending it again, once");
        }
    }

    /**
     * Deletes something at most once, unless reads prove the earlier delete did not take effect. A 404 to the first
     * delete is thrown ({@link NotFoundException}), as for every delete of the client; a 404 to a delete sent again
     * means the first one took effect.
     *
     * @param what what is deleted, for messages: {@code "DELETE /v2/account/keys/512190"}
     * @param send sends the delete through the {@link CallExecutor}
     * @param exists reads whether the resource still exists
     */
    public void delete(String what, Runnable send, BooleanSupplier exists) {
        for (int sends = 1; ; sends++) {
            DigitalOceanException unclear;
            try {
                send.run();
                return;
            } catch (NotFoundException e) {
                if (sends == 1) {
                    throw e;
                }
                log.accept(what + " answered 404 when sent again: the first one took effect");
                return;
            } catch (DigitalOceanException e) {
                if (e.outcome() == Outcome.NOT_APPLIED) {
                    throw e;
                }
                unclear = e;
            }
            log.accept(what + " got no usable answer; reading to learn whether it took effect, instead of sending"
                    + " it again");
            boolean gone = false;
            for (Duration pause : READ_PAUSES) {
                pause(pause, what, unclear);
                gone = !read(() -> Optional.of(exists.getAsBoolean()), what, unclear)
                        .orElse(Boolean.TRUE);
                if (gone) {
                    break;
                }
            }
            if (gone) {
                log.accept(what + " took effect: the resource is gone (confirmed by reading it)");
                return;
            }
            if (!SendingPolicy.mayResendAfterReads(unclear.outcome(), sends)) {
                throw Failures.unsettled(
                        unclear,
                        "The resource still exists after reads within " + window() + "; " + what
                                + (sends > 1 ? " was sent twice and is not sent a third time." : " is not sent again.")
                                + " Check it before running again.");
            }
            log.accept("Reads within " + window() + " prove " + what + " did not take effect; sending it again, once");
        }
    }

    private <T> Optional<T> read(Supplier<Optional<T>> find, String what, DigitalOceanException unclear) {
        try {
            return find.get();
        } catch (DigitalOceanException e) {
            throw Failures.unsettled(
                    unclear,
                    "Reading whether " + what + " took effect failed too (" + e.getMessage()
                            + "); it is not sent again. Check before running again.");
        }
    }

    private void pause(Duration pause, String what, DigitalOceanException unclear) {
        if (pause.isZero()) {
            return;
        }
        try {
            sleeper.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.unsettled(
                    unclear, "Interrupted while reading whether " + what + " took effect; check before running again.");
        }
    }

    private static String noTrace(String what, DigitalOceanException unclear, int sends) {
        String found = "Reads within " + window() + " found no trace of it";
        if (unclear.outcome() == Outcome.APPLIED) {
            return found + ", although DigitalOcean accepted it; it is not sent again. Check before running again.";
        }
        return found + "; " + what + " was sent " + sends + " times and is not sent again. Check before running again.";
    }

    private static String window() {
        return READ_PAUSES.stream().map(Duration::toSeconds).reduce(0L, Long::sum) + " s";
    }
}
