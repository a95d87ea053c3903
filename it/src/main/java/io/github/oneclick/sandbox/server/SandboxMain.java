package io.github.oneclick.sandbox.server;

import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.sandbox.Scenarios;
import io.github.oneclick.sandbox.ssh.DropletHosts;
import io.github.oneclick.sandbox.ssh.SandboxSsh;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox as a process until it is killed (SIGTERM stops it cleanly).
 *
 * <pre>
 * java -cp ... io.github.oneclick.sandbox.server.SandboxMain [--port N] [--scenario NAME]
 *     [--snapshot-seconds S] [--action-seconds S] [--listing-lag-seconds S] [--info-file PATH]
 *     [--ssh-port N --host-key FILE [--work-dir DIR]] [--proxy-port N --proxy-credentials USER:PASSWORD]
 *     [--droplet-ssh-port N]
 * </pre>
 *
 * <p>With {@code --droplet-ssh-port} every droplet created through {@code POST /v2/droplets} gets a loopback address
 * of its own (from {@code 127.0.1.1}) as its public IPv4 and is served over SSH there on that port once it booted
 * (see {@link DropletHosts}).
 *
 * <p>With {@code --ssh-port} it also serves the build droplet over SSH on loopback (see {@link SandboxSsh}), with the
 * host key read from {@code --host-key}, and every droplet reports {@code 127.0.0.1} as its public IPv4 so that a
 * droplet selected by name or tag is reached there. A reset through the admin API restores the SSH side too.
 *
 * <p>It runs on the system clock. It prints {@code Sandbox listening on <url>} and {@code Token:
 * <token>}, and with {@code --info-file} writes {@code url=} and {@code token=} properties once it
 * listens, so a script can wait for that file.
 */
public final class SandboxMain {

    /** The parsed command line. */
    record Settings(
            int port,
            String scenario,
            Duration snapshot,
            Duration action,
            Duration listingLag,
            Path infoFile,
            Integer sshPort,
            Path hostKey,
            Path workDir,
            Integer proxyPort,
            String proxyCredentials,
            Integer dropletSshPort) {}

    private SandboxMain() {}

    public static void main(String[] args) throws InterruptedException {
        Sandbox sandbox;
        try {
            sandbox = start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            sandbox.close();
                            stopped.countDown();
                        },
                        "sandbox-shutdown"));
        stopped.await();
    }

    /** Starts a sandbox as {@link #main} does and returns it, without waiting; the caller closes it. */
    public static Sandbox start(String[] args, PrintStream out) {
        Settings settings = parse(args);
        Sandbox sandbox = Sandbox.builder()
                .port(settings.port())
                .clock(Clock.systemUTC())
                .options(o -> o.withSnapshotDuration(settings.snapshot())
                        .withActionDuration(settings.action())
                        .withListingLag(settings.listingLag())
                        .withPublicIpv4(settings.sshPort() == null ? null : "127.0.0.1")
                        .withDropletAddressesFrom(settings.dropletSshPort() == null ? null : FIRST_DROPLET_ADDRESS))
                .scenario(settings.scenario())
                .start();
        String sshInfo = "";
        if (settings.sshPort() != null) {
            sshInfo = startSsh(settings, sandbox, out);
        }
        if (settings.proxyPort() != null) {
            sshInfo += startProxy(settings, sandbox, out);
        }
        if (settings.dropletSshPort() != null) {
            sshInfo += startDropletSsh(settings, sandbox, out);
        }
        if (settings.infoFile() != null) {
            writeInfo(settings.infoFile(), sandbox, sshInfo);
        }
        out.println("Sandbox listening on " + sandbox.url());
        out.println("Token: " + sandbox.token());
        out.println("Scenario: " + sandbox.scenario() + " (admin: " + sandbox.url("/_sandbox/info") + ")");
        out.flush();
        return sandbox;
    }

    /** Starts the SSH side (a prepared build droplet) for the sandbox's lifetime; returns its info-file lines. */
    private static String startSsh(Settings settings, Sandbox sandbox, PrintStream out) {
        try {
            SandboxSsh ssh = SandboxSsh.start(settings.workDir(), settings.sshPort(), settings.hostKey());
            sandbox.onReset(() -> {
                try {
                    ssh.reset();
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not restore the SSH droplet's targets", e);
                }
            });
            sandbox.onClose(() -> {
                try {
                    ssh.close();
                } catch (IOException e) {
                    // stopping anyway
                }
            });
            out.println("SSH target listening on 127.0.0.1:" + ssh.port() + " (key " + ssh.privateKey() + ", host key "
                    + ssh.hostKeyFingerprint() + ")");
            return "ssh.port=" + ssh.port() + "\nssh.privateKey=" + ssh.privateKey() + "\nssh.hostKeyFingerprint="
                    + ssh.hostKeyFingerprint() + "\n";
        } catch (IOException e) {
            sandbox.close();
            throw new UncheckedIOException("Could not start the SSH target in " + settings.workDir(), e);
        }
    }

    /** The first of the loopback addresses that droplets created through the API get. */
    static final String FIRST_DROPLET_ADDRESS = "127.0.1.1";

    /**
     * Serves the droplets created through the API over SSH for the sandbox's lifetime; returns its info-file lines: the
     * port, and how long after a droplet turned {@code active} its sshd starts (its boot, in seconds).
     */
    private static String startDropletSsh(Settings settings, Sandbox sandbox, PrintStream out) {
        DropletHosts hosts = DropletHosts.builder(sandbox)
                .workDir(settings.workDir())
                .port(settings.dropletSshPort())
                .refreshEvery(Duration.ofMillis(250))
                .start();
        out.println("Droplet SSH listening on port " + hosts.port() + " of each created droplet's address (from "
                + FIRST_DROPLET_ADDRESS + ", " + hosts.bootDelay().toSeconds() + " s after it is active)");
        return "dropletSsh.port=" + hosts.port() + "\ndropletSsh.bootSeconds="
                + hosts.bootDelay().toMillis() / 1000.0 + "\n";
    }

    /** Starts the forwarding proxy for the sandbox's lifetime; returns its info-file line. */
    private static String startProxy(Settings settings, Sandbox sandbox, PrintStream out) {
        String credentials = settings.proxyCredentials();
        int colon = credentials.indexOf(':');
        try {
            LoopbackProxy proxy = LoopbackProxy.start(
                    settings.proxyPort(), credentials.substring(0, colon), credentials.substring(colon + 1));
            sandbox.onClose(() -> {
                try {
                    proxy.close();
                } catch (IOException e) {
                    // stopping anyway
                }
            });
            out.println("HTTP proxy listening on 127.0.0.1:" + proxy.port() + " (Basic credentials required)");
            return "proxy.port=" + proxy.port() + "\n";
        } catch (IOException e) {
            sandbox.close();
            throw new UncheckedIOException("Could not start the proxy on port " + settings.proxyPort(), e);
        }
    }

    static Settings parse(String[] args) {
        int port = 0;
        String scenario = Scenarios.DEMO;
        Duration snapshot = Duration.ofSeconds(5);
        Duration action = Duration.ofSeconds(2);
        Duration lag = Duration.ofSeconds(1);
        Path info = null;
        Integer sshPort = null;
        Path hostKey = null;
        Path workDir = Path.of("target", "sandbox");
        Integer proxyPort = null;
        String proxyCredentials = null;
        Integer dropletSshPort = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--port" -> port = Integer.parseInt(require(arg, value));
                case "--scenario" -> scenario = require(arg, value);
                case "--snapshot-seconds" -> snapshot = seconds(arg, require(arg, value));
                case "--action-seconds" -> action = seconds(arg, require(arg, value));
                case "--listing-lag-seconds" -> lag = seconds(arg, require(arg, value));
                case "--info-file" -> info = Path.of(require(arg, value));
                case "--ssh-port" -> sshPort = Integer.parseInt(require(arg, value));
                case "--work-dir" -> workDir = Path.of(require(arg, value));
                case "--host-key" -> hostKey = Path.of(require(arg, value));
                case "--proxy-port" -> proxyPort = Integer.parseInt(require(arg, value));
                case "--proxy-credentials" -> proxyCredentials = require(arg, value);
                case "--droplet-ssh-port" -> dropletSshPort = Integer.parseInt(require(arg, value));
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
            i++;
        }
        Scenarios.requireKnown(scenario);
        if (sshPort != null && hostKey == null) {
            throw new IllegalArgumentException("--ssh-port needs --host-key FILE: the SSH host key the droplet serves");
        }
        if (proxyPort != null && (proxyCredentials == null || proxyCredentials.indexOf(':') < 1)) {
            throw new IllegalArgumentException(
                    "--proxy-port needs --proxy-credentials USER:PASSWORD: the proxy" + " requires Basic credentials");
        }
        return new Settings(
                port,
                scenario,
                snapshot,
                action,
                lag,
                info,
                sshPort,
                hostKey,
                workDir,
                proxyPort,
                proxyCredentials,
                dropletSshPort);
    }

    static String usage() {
        return "Usage: SandboxMain [--port N (0 = free)] [--scenario NAME] [--snapshot-seconds S]"
                + " [--action-seconds S] [--listing-lag-seconds S] [--info-file PATH] [--ssh-port N --host-key FILE --work-dir DIR]"
                + " [--proxy-port N --proxy-credentials USER:PASSWORD] [--droplet-ssh-port N]"
                + "\nScenarios: "
                + String.join(", ", Scenarios.names());
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static Duration seconds(String option, String value) {
        try {
            double s = Double.parseDouble(value);
            if (s < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number of seconds >= 0, got " + value);
        }
    }

    private static void writeInfo(Path file, Sandbox sandbox, String sshInfo) {
        String text = "url=" + sandbox.url() + "\ntoken=" + sandbox.token() + "\nscenario=" + sandbox.scenario() + "\n"
                + sshInfo;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = Files.createTempFile(parent, "sandbox", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the info file " + file, e);
        }
    }
}
