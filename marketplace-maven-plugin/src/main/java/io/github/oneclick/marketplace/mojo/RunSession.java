package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.workflow.ProgressListener;
import io.github.oneclick.vendor.workflow.RunId;
import io.github.oneclick.vendor.workflow.RunResources;
import io.github.oneclick.vendor.workflow.RunResources.Removal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.maven.plugin.logging.Log;

/**
 * One run of the pipeline within a build: its id and what it created, shared by the goals through Maven's plugin
 * context. The first goal that creates something installs a JVM shutdown hook that deletes whatever is still
 * outstanding when Maven exits, after a failed goal too (Maven runs no later goal then); the last goal of the pipeline
 * deletes the rest itself and removes the hook.
 */
final class RunSession {
    private static final String KEY = RunSession.class.getName();

    private final RunResources resources;
    private Thread hook;

    private RunSession(RunResources resources) {
        this.resources = resources;
    }

    /** The run of this build, started now if no goal started one. */
    static synchronized RunSession of(Map<Object, Object> pluginContext, Clock clock) {
        Objects.requireNonNull(pluginContext, "pluginContext");
        Object existing = pluginContext.get(KEY);
        if (existing instanceof RunSession session) {
            return session;
        }
        RunSession session = new RunSession(new RunResources(RunId.generate(clock), clock));
        pluginContext.put(KEY, session);
        return session;
    }

    /** The run of this build, if a goal started one. */
    static synchronized java.util.Optional<RunSession> existing(Map<Object, Object> pluginContext) {
        Object value = pluginContext == null ? null : pluginContext.get(KEY);
        return value instanceof RunSession session ? java.util.Optional.of(session) : java.util.Optional.empty();
    }

    RunId runId() {
        return resources.runId();
    }

    RunResources resources() {
        return resources;
    }

    /**
     * Deletes what is outstanding when the JVM exits, with a client from {@code clients} (the goal's client is closed
     * by then). Installed once per run.
     */
    synchronized void deleteOnExit(Supplier<DigitalOceanClient> clients, Log log) {
        if (hook != null) {
            return;
        }
        hook = new Thread(
                () -> {
                    if (resources.outstanding().isEmpty()) {
                        return;
                    }
                    log.warn("The build ended before run " + runId() + " deleted what it created; deleting it now.");
                    try (DigitalOceanClient client = clients.get()) {
                        summary(resources.removeAll(client, new LogProgress(log)))
                                .forEach(log::warn);
                    } catch (RuntimeException e) {
                        log.error("Could not delete what run " + runId() + " created (" + e.getMessage()
                                + "): run mvn marketplace:leftovers -Dmarketplace.runId=" + runId());
                    }
                },
                "marketplace-run-" + runId());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Deletes everything outstanding now, removes the hook, and returns every removal of the run. */
    synchronized List<Removal> finish(DigitalOceanClient client, ProgressListener listener) {
        List<Removal> removals = resources.removeAll(client, listener);
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it finds nothing outstanding
            }
            hook = null;
        }
        return removals;
    }

    /** The run's summary: one line per droplet and key with its lifetime and estimated cost. */
    static List<String> summary(List<Removal> removals) {
        double total = removals.stream().mapToDouble(Removal::estimatedCost).sum();
        List<String> lines = new java.util.ArrayList<>();
        lines.add("What this run created:");
        removals.forEach(r -> lines.add("  " + r.message()));
        lines.add(String.format(java.util.Locale.ROOT, "  Estimated cost of its droplets: about $%.4f", total));
        return lines;
    }
}
