package io.github.oneclick.marketplace.testing;

import io.github.oneclick.marketplace.machine.SshMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One disposable Debian system, booted by {@link RealDebian}: a fresh copy of the cached {@link DebianImage} with
 * real OpenSSH {@code sshd} as PID 1 of its own mount, PID, UTS, IPC and network namespaces, reachable at
 * {@link #host()}:{@link #port()} as {@link #user()} with {@link #privateKey()}, whose public key is root's
 * {@code authorized_keys} there (as on a droplet created with that key). The host keys are generated at boot;
 * {@link #knownHosts()} and {@link #hostKeyFingerprint()} pin them.
 *
 * <p>{@link #exec(String)} runs a command inside as root without SSH (for a test's set-up and assertions, also
 * after a cleanup removed the keys). {@link #close()} ends every process, the namespaces, the network link and the
 * image copy. A test closes it (or takes it as a parameter and {@link RealDebian} closes it); a class's tests can
 * share one system taken as a parameter of a {@code @BeforeAll} method.
 */
public final class DebianSystem implements AutoCloseable {
    /**
     * Capabilities no process of a system has (setpriv's {@code --bounding-set} form): those whose effects reach
     * past its namespaces (mounting, device nodes, kernel modules, raw I/O, the clock, reboot, the kernel log, BPF,
     * file handles that leave a root directory).
     */
    static final String DROPPED_CAPABILITIES = "-sys_admin,-sys_module,-sys_rawio,-sys_boot,-sys_time,-mknod,"
            + "-dac_read_search,-syslog,-mac_admin,-mac_override,-wake_alarm,-block_suspend,-bpf,-perfmon,"
            + "-checkpoint_restore,-sys_pacct,-sys_tty_config";

    private static final long BOOT_TIMEOUT_SECONDS = 120;
    private static final long EXEC_TIMEOUT_SECONDS = 600;

    private final Slot slot;
    private final ProcessHandle init;
    private final ConsoleLog console;
    private final Path privateKey;
    private final Path knownHosts;
    private final String hostKeyFingerprint;

    private DebianSystem(
            Slot slot,
            ProcessHandle init,
            ConsoleLog console,
            Path privateKey,
            Path knownHosts,
            String hostKeyFingerprint) {
        this.slot = slot;
        this.init = init;
        this.console = console;
        this.privateKey = privateKey;
        this.knownHosts = knownHosts;
        this.hostKeyFingerprint = hostKeyFingerprint;
    }

    /** Copies the cached image, sets up the namespaces and waits until sshd listens. */
    static DebianSystem boot(DebianImage image, Consumer<String> progress) throws IOException {
        Path cached = image.ensureBuilt(progress);
        Slot slot = Slot.allocate(image.mirrorHosts(), progress);
        Process process = null;
        try {
            HostCommands.check(
                    "cp",
                    "--sparse=always",
                    "--reflink=auto",
                    cached.toString(),
                    slot.image().toString());
            Path key = slot.dir().resolve("id_ed25519");
            HostCommands.check(
                    "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "real-linux-test", "-f", key.toString());
            process = slot.launch(
                    "debian-boot.sh",
                    List.of(
                            slot.image().toString(),
                            slot.root().toString(),
                            slot.proxy().url(),
                            slot.dir().resolve("id_ed25519.pub").toString()));
            ConsoleLog console = ConsoleLog.follow(
                    process,
                    slot.dir().resolve("console.log"),
                    line -> {},
                    line -> line.startsWith("Server listening on"));
            if (!console.awaitLine(BOOT_TIMEOUT_SECONDS)) {
                throw new IOException("sshd of " + slot.name() + " did not start within " + BOOT_TIMEOUT_SECONDS
                        + " s; output:\n" + console.tailText());
            }
            ProcessHandle init = process.toHandle()
                    .children()
                    .findFirst()
                    .orElseThrow(() -> new IOException("the namespaces of " + slot.name() + " have no PID 1"));
            Path knownHosts = slot.dir().resolve("known_hosts");
            String fingerprint = writeKnownHosts(slot, init, knownHosts);
            return new DebianSystem(slot, init, console, key, knownHosts, fingerprint);
        } catch (IOException | RuntimeException e) {
            slot.close();
            throw e;
        } catch (InterruptedException e) {
            slot.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while booting " + slot.name(), e);
        }
    }

    /** Writes the host keys sshd serves to known_hosts; returns the ed25519 key's fingerprint. */
    private static String writeKnownHosts(Slot slot, ProcessHandle init, Path knownHosts) throws IOException {
        CommandResult keys = execIn(
                init,
                "cat /etc/ssh/ssh_host_ed25519_key.pub /etc/ssh/ssh_host_ecdsa_key.pub"
                        + " /etc/ssh/ssh_host_rsa_key.pub");
        if (!keys.succeeded()) {
            throw new IOException("cannot read the host keys of " + slot.name() + ": " + keys.stderr());
        }
        List<String> entries = new ArrayList<>();
        String fingerprint = null;
        for (String line : keys.stdout().lines().toList()) {
            String[] fields = line.trim().split(" ");
            entries.add(slot.guestAddress().getHostAddress() + " " + fields[0] + " " + fields[1]);
            if (fingerprint == null) {
                fingerprint = fingerprint(fields[1]);
            }
        }
        Files.writeString(knownHosts, String.join("\n", entries) + "\n");
        return fingerprint;
    }

    /** OpenSSH's SHA256 fingerprint of a base64 public key blob. */
    static String fingerprint(String base64Blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Base64.getDecoder().decode(base64Blob));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The system's address on its veth pair (private, reachable from this host only). */
    /**
     * An SSH machine for this system as root with its key and known_hosts (30 s to connect, 10 min per command); the
     * caller may change any setting before {@code build()}.
     */
    public SshMachine.Builder sshMachine() {
        return SshMachine.builder()
                .host(host())
                .port(port())
                .user(user())
                .privateKey(privateKey())
                .knownHosts(knownHosts())
                .connectTimeout(Duration.ofSeconds(30))
                .commandTimeout(Duration.ofMinutes(10));
    }

    public String host() {
        return slot.guestAddress().getHostAddress();
    }

    public int port() {
        return 22;
    }

    public String user() {
        return "root";
    }

    /** The client key (ed25519, no passphrase) authorized for root. */
    public Path privateKey() {
        return privateKey;
    }

    /** A known_hosts file with the system's ed25519, ECDSA and RSA host keys. */
    public Path knownHosts() {
        return knownHosts;
    }

    /** The SHA256 fingerprint of the ed25519 host key, as {@code ssh-keygen -l} prints it. */
    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    /** The system's name ({@code ocmp-<n>}: its network namespace and run directory). */
    public String name() {
        return slot.name();
    }

    /** Request lines the mirror proxy served for this system. */
    public List<String> mirrorRequests() {
        return slot.proxy().served();
    }

    /** Request lines the mirror proxy refused for this system. */
    public List<String> refusedRequests() {
        return slot.proxy().refused();
    }

    /** sshd's output so far (its last lines). */
    public List<String> sshdLog() {
        return console.tail();
    }

    /**
     * Runs a shell script inside the system as root, in its namespaces and root directory and without the dropped
     * capabilities, like a command over SSH but without needing the keys.
     */
    public CommandResult exec(String script) throws IOException {
        if (!init.isAlive()) {
            throw new IOException(slot.name() + " is not running; sshd's last output:\n" + console.tailText());
        }
        return execIn(init, script);
    }

    private static CommandResult execIn(ProcessHandle init, String script) throws IOException {
        return HostCommands.run(
                List.of(
                        "nsenter",
                        "--target",
                        Long.toString(init.pid()),
                        "--mount",
                        "--uts",
                        "--ipc",
                        "--net",
                        "--pid",
                        "--root",
                        "--wd",
                        "--",
                        "/usr/bin/env",
                        "-i",
                        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                        "LANG=C.UTF-8",
                        "HOME=/root",
                        "/usr/bin/setpriv",
                        "--bounding-set",
                        DROPPED_CAPABILITIES,
                        "--",
                        "/bin/sh",
                        "-c",
                        script),
                null,
                EXEC_TIMEOUT_SECONDS);
    }

    /**
     * Ends the system: its processes, namespaces, network link and loop device are gone when this returns; the image
     * copy is deleted right after, on a thread of its own ({@link #copyDeleted()}).
     */
    @Override
    public void close() {
        slot.close();
    }

    /** Completes once {@link #close()} has deleted the system's directory and image copy. */
    public CompletableFuture<Void> copyDeleted() {
        return slot.deleted();
    }

    @Override
    public String toString() {
        return "DebianSystem[" + name() + ", " + user() + "@" + host() + ":" + port() + "]";
    }
}
