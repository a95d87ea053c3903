package io.github.oneclick.sandbox.ssh;

import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.sandbox.SandboxState;
import io.github.oneclick.sandbox.SandboxState.DropletCreation;
import io.github.oneclick.sandbox.SandboxState.DropletView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Serves every droplet created through the sandbox's API over SSH, as DigitalOcean's droplets are reached: on the
 * droplet's own public IPv4 (a loopback address, {@link io.github.oneclick.sandbox.Options#dropletAddressesFrom()}) and
 * one port for all, while the droplet is {@code active} and its boot ({@link Builder#bootDelay}, on the sandbox's
 * clock) has ended; before that the port refuses connections. Powering a droplet off or deleting it stops its sshd; a
 * reboot stops it for another boot. See {@link DropletSsh} for what a droplet lets a client do.
 *
 * <p>Files live under {@code <workDir>/droplets/<id>} (a droplet's {@code root} and stub {@code bin}) and {@code
 * <workDir>/images/<id>} (the copy a snapshot of such a droplet keeps, from which droplets created from that image
 * start). A reset of the sandbox forgets them all.
 */
public final class DropletHosts implements AutoCloseable, SandboxState.DropletListener {
    private final Sandbox sandbox;
    private final Path workDir;
    private final int port;
    private final Duration bootDelay;
    private final Map<Long, DropletSsh> droplets = new LinkedHashMap<>();
    private final Map<Long, Instant> servedBoot = new HashMap<>();
    private final ScheduledExecutorService refresher;
    private boolean closed;

    private DropletHosts(Builder b, int port) {
        this.sandbox = b.sandbox;
        this.workDir = b.workDir.toAbsolutePath();
        this.port = port;
        this.bootDelay = b.bootDelay;
        this.refresher = b.refreshEvery == null
                ? null
                : Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "droplet-hosts-refresh");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Starts serving the droplets of {@code sandbox}; see {@link Builder}. */
    public static Builder builder(Sandbox sandbox) {
        return new Builder(sandbox);
    }

    /** Options: the work directory, the port, the boot time, and how often to look at a sandbox on a real clock. */
    public static final class Builder {
        private final Sandbox sandbox;
        private Path workDir = Path.of("target", "sandbox");
        private int port;
        private Duration bootDelay = Duration.ofSeconds(3);
        private Duration refreshEvery;

        private Builder(Sandbox sandbox) {
            this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        }

        /** Where {@code droplets/} and {@code images/} go; {@code target/sandbox} by default. */
        public Builder workDir(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
            return this;
        }

        /** The port every droplet's sshd listens on; 0 (the default) picks one free port once, for all. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** How long after a droplet turned {@code active} its sshd starts (3 s by default), on the sandbox's clock. */
        public Builder bootDelay(Duration bootDelay) {
            if (bootDelay == null || bootDelay.isNegative()) {
                throw new IllegalArgumentException("bootDelay must be a non-negative duration, got " + bootDelay);
            }
            this.bootDelay = bootDelay;
            return this;
        }

        /**
         * For a sandbox on the system clock: look at it this often, so that boots end without a request to move it
         * on. Off by default; tests on a manual clock move it with {@link Sandbox#advance}.
         */
        public Builder refreshEvery(Duration interval) {
            if (interval != null && (interval.isZero() || interval.isNegative())) {
                throw new IllegalArgumentException("refreshEvery must be positive, got " + interval);
            }
            this.refreshEvery = interval;
            return this;
        }

        /**
         * Starts: from now on every droplet the sandbox creates through its API is served. The sandbox's options must
         * give droplets addresses of their own ({@code dropletAddressesFrom}).
         */
        public DropletHosts start() {
            if (sandbox.options().dropletAddressesFrom() == null) {
                throw new IllegalStateException("The sandbox gives droplets no addresses of their own: build it with"
                        + " options(o -> o.withDropletAddressesFrom(\"127.0.1.1\"))");
            }
            DropletHosts hosts = new DropletHosts(this, port == 0 ? freePort() : port);
            sandbox.onReset(hosts::forgetImages);
            sandbox.onClose(hosts::close);
            sandbox.state().addDropletListener(hosts);
            if (hosts.refresher != null) {
                long every = refreshEvery.toMillis();
                hosts.refresher.scheduleWithFixedDelay(
                        () -> sandbox.state().refresh(), every, every, TimeUnit.MILLISECONDS);
            }
            return hosts;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the droplets' sshd", e);
        }
    }

    /** The port every droplet's sshd listens on. */
    public int port() {
        return port;
    }

    public Duration bootDelay() {
        return bootDelay;
    }

    /** A droplet created through the API and not deleted, or {@code null}. */
    public synchronized DropletSsh droplet(long dropletId) {
        return droplets.get(dropletId);
    }

    /** The exec commands a droplet received, in order; empty for an unknown droplet. */
    public synchronized List<String> commands(long dropletId) {
        DropletSsh d = droplets.get(dropletId);
        return d == null ? List.of() : d.commands();
    }

    /** The copy of a droplet's files a snapshot keeps ({@code root} and {@code bin} under it), or {@code null}. */
    public Path image(long imageId) {
        Path p = workDir.resolve("images").resolve(Long.toString(imageId));
        return Files.isDirectory(p) ? p : null;
    }

    // ---------------------------------------------------------------- what the sandbox tells

    @Override
    public synchronized void dropletsChanged(Instant now, List<DropletView> views) {
        if (closed) {
            return;
        }
        Set<Long> present = views.stream().map(DropletView::dropletId).collect(Collectors.toSet());
        for (Long gone : List.copyOf(droplets.keySet())) {
            if (!present.contains(gone)) {
                forget(gone);
            }
        }
        for (DropletView view : views) {
            try {
                update(now, view);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not serve droplet " + view.dropletId() + " over SSH", e);
            }
        }
    }

    private void update(Instant now, DropletView view) throws IOException {
        DropletSsh d = droplets.get(view.dropletId());
        if (d == null) {
            DropletCreation creation = sandbox.state().creation(view.dropletId());
            if (creation == null) {
                return;
            }
            Path image = creation.fromSnapshot() ? image(creation.imageId()) : null;
            d = DropletSsh.firstBoot(dropletDirectory(view.dropletId()), image, creation, now);
            droplets.put(view.dropletId(), d);
        }
        Instant since = view.activeSince();
        boolean up = "active".equals(view.status()) && since != null && !now.isBefore(since.plus(bootDelay));
        Instant served = servedBoot.get(view.dropletId());
        if (up && !since.equals(served)) {
            d.listen(view.publicIpv4(), port, since.plus(bootDelay));
            servedBoot.put(view.dropletId(), since);
        } else if (!up && served != null) {
            d.stop();
            servedBoot.remove(view.dropletId());
        }
    }

    private void forget(long dropletId) {
        DropletSsh d = droplets.remove(dropletId);
        servedBoot.remove(dropletId);
        if (d != null) {
            d.stop();
            try {
                DropletSsh.deleteTree(d.directory());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not remove the files of deleted droplet " + dropletId, e);
            }
        }
    }

    @Override
    public synchronized void snapshotTaken(long dropletId, long imageId) {
        DropletSsh d = droplets.get(dropletId);
        if (d == null || closed) {
            return;
        }
        Path copy = workDir.resolve("images").resolve(Long.toString(imageId));
        try {
            DropletSsh.deleteTree(copy);
            Files.createDirectories(copy);
            DropletSsh.copyTree(d.directory(), copy);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not keep the files of droplet " + dropletId + " for image " + imageId, e);
        }
    }

    @Override
    public synchronized void imageDeleted(long imageId) {
        try {
            DropletSsh.deleteTree(workDir.resolve("images").resolve(Long.toString(imageId)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove the files of image " + imageId, e);
        }
    }

    private synchronized void forgetImages() {
        try {
            DropletSsh.deleteTree(workDir.resolve("images"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove the snapshots' files in " + workDir, e);
        }
    }

    private Path dropletDirectory(long dropletId) {
        return workDir.resolve("droplets").resolve(Long.toString(dropletId));
    }

    /** Stops every droplet's sshd; their files stay. */
    @Override
    public synchronized void close() {
        closed = true;
        if (refresher != null) {
            refresher.shutdownNow();
        }
        droplets.values().forEach(DropletSsh::stop);
        servedBoot.clear();
    }
}
