package io.github.oneclick.marketplace.build;

import io.github.oneclick.marketplace.machine.MachineException;
import io.github.oneclick.marketplace.machine.SshMachine;
import io.github.oneclick.marketplace.machine.SshSession;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.Durations;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.DropletCreateRequest;
import io.github.oneclick.vendor.workflow.ActionWaiter;
import io.github.oneclick.vendor.workflow.ProgressListener;
import io.github.oneclick.vendor.workflow.RunResources;
import io.github.oneclick.vendor.workflow.WaitPhase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one way a run creates a droplet and logs in to it, for the build droplet and for the droplet that tests the new
 * image alike: the droplet is created with the run's account key and the user data that hands it a fresh host key,
 * recorded in the run's {@link RunResources} at once (so the run deletes it, whatever happens next), waited for until
 * active with a public address, pinned in a known_hosts of its own, and then waited for until ready
 * ({@link Readiness}: the port, a verified handshake, the first boot).
 */
public final class DropletLauncher {
    private final DigitalOceanClient client;
    private final RunResources resources;
    private final BuildKeys keys;
    private final int port;
    private final Duration readyTimeout;
    private final Duration commandTimeout;
    private final String firstBootCommand;
    private final Consumer<String> progress;
    private final ProgressListener listener;
    private final Consumer<String> warnings;

    private DropletLauncher(Builder b) {
        this.client = b.client;
        this.resources = b.resources;
        this.keys = Objects.requireNonNull(b.keys, "keys");
        this.port = b.port;
        this.readyTimeout = b.readyTimeout;
        this.commandTimeout = b.commandTimeout;
        this.firstBootCommand = b.firstBootCommand;
        this.progress = b.progress;
        this.listener = b.listener;
        this.warnings = b.warnings;
    }

    /**
     * @param client the client that creates, reads and (through the resources) deletes the droplet
     * @param resources the run's ledger; the droplet is recorded there as soon as it exists
     */
    public static Builder builder(DigitalOceanClient client, RunResources resources) {
        return new Builder(client, resources);
    }

    /** A droplet that is up, and the verified session to it; closing it closes the session only. */
    public record Launched(Droplet droplet, String address, Path knownHosts, SshSession session)
            implements AutoCloseable {
        public Launched {
            Objects.requireNonNull(droplet, "droplet");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(knownHosts, "knownHosts");
            Objects.requireNonNull(session, "session");
        }

        @Override
        public void close() {
            session.close();
        }
    }

    /**
     * Creates the droplet and waits until it is ready.
     *
     * @param request the droplet's name, region, size, image and tags; the account key and the user data are added
     * @param accountKey the fingerprint (or id) of the account key the droplet gets, the run's
     * @param priceHourly the size's hourly price, for the run's cost summary
     * @throws MachineException when SSH never became ready, or the host key did not match
     * @throws io.github.oneclick.vendor.workflow.SnapshotException when the droplet did not become active in time
     * @throws io.github.oneclick.vendor.DigitalOceanException when an API call failed
     */
    public Launched launch(DropletCreateRequest.Builder request, String accountKey, double priceHourly)
            throws MachineException, IOException, InterruptedException {
        Droplet droplet = client.createDroplet(
                request.sshKey(accountKey).userData(keys.cloudConfig()).build());
        resources.trackDroplet(droplet, priceHourly);
        long id = droplet.id();
        progress.accept("Created droplet " + id + " (" + droplet.name() + "); waiting until it is active.");
        Droplet active = new ActionWaiter(client)
                .awaitCondition(
                        new WaitPhase("droplet active", readyTimeout, "readyTimeout"),
                        "droplet " + id,
                        () -> client.getDroplet(id),
                        Droplet::status,
                        d -> d.isActive() && d.publicIpv4().isPresent(),
                        listener);
        String address = active.publicIpv4().orElseThrow();
        Path knownHosts = keys.writeKnownHosts(address, port);
        SshMachine machine = SshMachine.builder()
                .host(address)
                .port(port)
                .user("root")
                .privateKey(keys.privateKey())
                .knownHosts(knownHosts)
                .connectTimeout(Duration.ofSeconds(30))
                .commandTimeout(commandTimeout)
                .log(warnings)
                .build();
        SshSession session = Readiness.builder(machine)
                .timeout(readyTimeout)
                .firstBootCommand(firstBootCommand)
                .progress(progress)
                .build()
                .await();
        return new Launched(active, address, knownHosts, session);
    }

    public static final class Builder {
        private final DigitalOceanClient client;
        private final RunResources resources;
        private BuildKeys keys;
        private int port = 22;
        private Duration readyTimeout = Duration.ofMinutes(10);
        private Duration commandTimeout = Duration.ofMinutes(30);
        private String firstBootCommand = Readiness.CLOUD_INIT_WAIT;
        private Consumer<String> progress = line -> {};
        private ProgressListener listener = ProgressListener.NONE;
        private Consumer<String> warnings = line -> {};

        private Builder(DigitalOceanClient client, RunResources resources) {
            this.client = Objects.requireNonNull(client, "client");
            this.resources = Objects.requireNonNull(resources, "resources");
        }

        /** The run's client key and the droplet's host key. */
        public Builder keys(BuildKeys keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** The droplet's SSH port. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not a TCP port (1-65535)");
            }
            this.port = port;
            return this;
        }

        /** How long the droplet may take to be active and then ready. */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = Durations.requirePositive(timeout, "readyTimeout");
            return this;
        }

        /** How long one command of the session may run by default. */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = Durations.requirePositive(timeout, "commandTimeout");
            return this;
        }

        /** The command that waits for the first boot ({@link Readiness#CLOUD_INIT_WAIT}); empty to wait for none. */
        public Builder firstBootCommand(String command) {
            this.firstBootCommand = Objects.requireNonNull(command, "command");
            return this;
        }

        /** Progress lines: created, active, port, handshake, first boot. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** The wait for {@code active}, as the client's workflows report waits. */
        public Builder listener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** SSH warnings. */
        public Builder warnings(Consumer<String> warnings) {
            this.warnings = Objects.requireNonNull(warnings, "warnings");
            return this;
        }

        public DropletLauncher build() {
            return new DropletLauncher(this);
        }
    }
}
