package io.github.oneclick.marketplace.build;

import io.github.oneclick.marketplace.machine.ExecResult;
import io.github.oneclick.marketplace.machine.MachineException;
import io.github.oneclick.marketplace.machine.SshMachine;
import io.github.oneclick.marketplace.machine.SshSession;
import io.github.oneclick.marketplace.machine.StrictHostKeyChecking;
import io.github.oneclick.vendor.Durations;
import io.github.oneclick.vendor.Sleeper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Waits until a new droplet is ready for provisioning, because "active" is not ready: first its SSH port accepts TCP,
 * then an SSH handshake succeeds with the host key checked strictly against the run's known_hosts (retried: sshd may
 * listen before cloud-init installed the keys), then {@code cloud-init status --wait} says the first boot is done.
 * Polls with a backoff from {@value #FIRST_POLL_MILLIS} ms to {@value #MAX_POLL_MILLIS} ms, so the first command
 * follows a ready sshd within about two seconds. A host key that does not match fails at once, never retried.
 *
 * <p>Time and sleeping come from the injected {@link Clock} and {@link Sleeper}; nothing here sleeps otherwise.
 */
public final class Readiness {
    static final long FIRST_POLL_MILLIS = 200;
    static final long MAX_POLL_MILLIS = 1500;
    /** The default first-boot wait: blocks until cloud-init has finished all its stages. */
    public static final String CLOUD_INIT_WAIT = "cloud-init status --wait --long";

    private final SshMachine machine;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration timeout;
    private final String firstBootCommand;
    private final Consumer<String> progress;

    private Readiness(Builder b) {
        this.machine = b.machine;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.timeout = b.timeout;
        this.firstBootCommand = b.firstBootCommand;
        this.progress = b.progress;
    }

    public static Builder builder(SshMachine machine) {
        return new Builder(machine);
    }

    /**
     * Waits until the droplet is ready and returns the verified session, on which the provisioning continues; the
     * caller closes it.
     *
     * @throws MachineException {@link MachineException.Kind#HOST_KEY_CHANGED} or {@code HOST_KEY_UNKNOWN} at once
     *     when the server's host key is not the pinned one; {@link MachineException.Kind#NOT_READY} when the time ran
     *     out or cloud-init failed; the key kinds when the client key cannot be used
     * @throws InterruptedException when the wait was interrupted
     */
    public SshSession await() throws MachineException, InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        String where = machine.host() + ":" + machine.port();
        progress.accept("Waiting for SSH on " + where + " (up to " + timeout.toSeconds() + " s)...");
        awaitPort(deadline, where);
        SshSession session = awaitHandshake(deadline, where);
        try {
            awaitFirstBoot(session, deadline);
            return session;
        } catch (MachineException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private void awaitPort(Instant deadline, String where) throws MachineException, InterruptedException {
        long pause = FIRST_POLL_MILLIS;
        int attempts = 0;
        String last = null;
        while (true) {
            attempts++;
            try (Socket socket = new Socket()) {
                long left = Duration.between(clock.instant(), deadline).toMillis();
                socket.connect(new InetSocketAddress(machine.host(), machine.port()), (int) Math.max(
                        1, Math.min(left, Math.min(machine.connectTimeout().toMillis(), 5_000))));
                progress.accept(
                        where + " accepts TCP connections" + (attempts > 1 ? " (attempt " + attempts + ")" : "") + ".");
                return;
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            pause = pause(deadline, pause, "SSH port " + where + " never accepted a connection (last: " + last + ")");
        }
    }

    private SshSession awaitHandshake(Instant deadline, String where) throws MachineException, InterruptedException {
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            try {
                SshSession session = machine.connect();
                progress.accept("SSH to " + where + " is up; host key verified"
                        + (machine.knownHosts() == null ? "" : " against " + machine.knownHosts()) + ".");
                return session;
            } catch (MachineException e) {
                switch (e.kind()) {
                    case HOST_KEY_CHANGED:
                    case HOST_KEY_UNKNOWN:
                        throw new MachineException(
                                e.kind(),
                                "The droplet at " + where + " did not present the host key this build handed to it"
                                        + " in its user data: " + e.getMessage()
                                        + " Not retried: the address may belong to another machine, or the image's"
                                        + " cloud-init does not install ssh_keys from user data.",
                                e);
                    case UNREACHABLE:
                    case CONNECTION_LOST:
                    case AUTH_FAILED:
                        // sshd is starting, or cloud-init has not written the host key or authorized_keys yet
                        pause = pause(deadline, pause, "No SSH session with " + where + ": " + e.getMessage());
                        break;
                    default:
                        throw e;
                }
            }
        }
    }

    private void awaitFirstBoot(SshSession session, Instant deadline) throws MachineException {
        if (firstBootCommand.isEmpty()) {
            return;
        }
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            left = Duration.ofSeconds(1);
        }
        progress.accept("Waiting for the first boot to finish (" + firstBootCommand + ")...");
        ExecResult result;
        try {
            result = session.exec(
                    firstBootCommand,
                    null,
                    line -> {
                        if (!line.isBlank() && !line.chars().allMatch(c -> c == '.')) {
                            progress.accept("  " + line.strip());
                        }
                    },
                    left);
        } catch (MachineException e) {
            if (e.kind() == MachineException.Kind.TIMEOUT) {
                throw new MachineException(
                        MachineException.Kind.NOT_READY,
                        "The first boot of " + session.describe() + " did not finish within " + timeout.toSeconds()
                                + " s (" + firstBootCommand + "). Raise the readiness timeout, or look at"
                                + " /var/log/cloud-init-output.log on the droplet.",
                        e);
            }
            throw e;
        }
        String output = tail(result.stdout() + result.stderr());
        switch (result.exitCode()) {
            case 0:
                progress.accept("First boot finished.");
                return;
            case 2:
                progress.accept("WARNING: cloud-init finished the first boot with recoverable errors (exit 2): "
                        + output + ". Provisioning continues; see /var/log/cloud-init.log on the droplet.");
                return;
            case 127:
                throw new MachineException(
                        MachineException.Kind.NOT_READY,
                        "cloud-init is not installed on " + session.describe() + " (" + firstBootCommand
                                + ": exit 127). Build from a DigitalOcean image: they all run cloud-init.");
            default:
                throw new MachineException(
                        MachineException.Kind.NOT_READY,
                        "The first boot of " + session.describe() + " failed: '" + firstBootCommand + "' exited with "
                                + result.exitCode() + (output.isEmpty() ? "" : ": " + output)
                                + ". See /var/log/cloud-init-output.log and /var/log/cloud-init.log on the droplet.");
        }
    }

    /** Sleeps the current pause (never past the deadline) and returns the next one; fails once the time is up. */
    private long pause(Instant deadline, long pause, String failure) throws MachineException, InterruptedException {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new MachineException(
                    MachineException.Kind.NOT_READY,
                    failure + ". Gave up after " + timeout.toSeconds() + " s. Check that the droplet booted (its"
                            + " console in the DigitalOcean control panel) and that no firewall blocks SSH from this"
                            + " machine; raise the readiness timeout for slow images.");
        }
        sleeper.sleep(Duration.ofMillis(Math.min(pause, left.toMillis())));
        return Math.min(pause * 2, MAX_POLL_MILLIS);
    }

    private static String tail(String text) {
        List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - 10), lines.size());
        return String.join(" | ", last);
    }

    @Override
    public String toString() {
        return "Readiness[" + machine.describe() + ", timeout=" + timeout + ", firstBoot=" + firstBootCommand + "]";
    }

    /** Settings of one wait; {@link #build()} checks them. */
    public static final class Builder {
        private final SshMachine machine;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private Duration timeout = Duration.ofMinutes(10);
        private String firstBootCommand = CLOUD_INIT_WAIT;
        private Consumer<String> progress = line -> {};

        private Builder(SshMachine machine) {
            this.machine = Objects.requireNonNull(machine, "machine");
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The whole wait, TCP to the end of the first boot; default 10 minutes. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The command that waits for the first boot; default {@value #CLOUD_INIT_WAIT}. Exit 0 is done, 2 done with
         * recoverable errors (a warning), others fail. Empty skips the wait.
         */
        public Builder firstBootCommand(String command) {
            this.firstBootCommand = Objects.requireNonNull(command, "command").strip();
            return this;
        }

        /** Receives progress lines; never secrets. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public Readiness build() {
            Durations.requirePositive(timeout, "readyTimeout");
            if (machine.strictHostKeyChecking() != StrictHostKeyChecking.YES
                    || (machine.knownHosts() == null && machine.hostKeyFingerprint() == null)) {
                throw new IllegalArgumentException("A new droplet is reached with strict host key checking against the"
                        + " run's known_hosts (BuildKeys.writeKnownHosts); " + machine.describe() + " uses "
                        + machine.strictHostKeyChecking().value());
            }
            return new Readiness(this);
        }
    }
}
