package io.github.oneclick.sandbox.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import io.github.oneclick.marketplace.testing.PreparedMachine;
import io.github.oneclick.marketplace.testing.PreparedMachine.Defect;
import io.github.oneclick.marketplace.testing.TestSshServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The sandbox's build droplet as seen over SSH: an in-process SSH server whose commands examine a prepared target
 * instead of this machine, and as strict as a droplet where a login is concerned.
 *
 * <p>Like a droplet created with an SSH key, each target's root has that key in {@code /root/.ssh/authorized_keys}
 * (so the validation fails on it until the cleanup removes it) and the host key the server serves in
 * {@code /etc/ssh}; the server accepts the client key only while it is listed there. The host key comes from a file
 * (a stable fingerprint that the documentation can print) and is not written to any {@code known_hosts}: as with a new
 * droplet, the client must pin its fingerprint or accept it on first use.
 *
 * <p>Commands run with {@code PROBE_ROOT} set to the selected target's root, so the probe reads and the cleanup
 * cleans that tree, never this machine's own files. Everything lives in {@code <workDir>/ssh}: the client key
 * {@code id_rsa} (and {@code id_rsa.pub}), the targets under {@code targets/} ({@code clean} passes validation once
 * cleaned, {@code failing} carries seeded defects) and the {@code current} link that selects the one being examined.
 */
public final class SandboxSsh implements AutoCloseable {
    /** The variant that validates with no FAIL and no WARN once the cleanup has run. */
    public static final String CLEAN = "clean";
    /** A variant with a second root key, the DigitalOcean agent directory and no firewall. */
    public static final String FAILING = "failing";

    private final Path directory;
    private final Path hostKey;
    private final String clientPublicKey;
    private final TestSshServer server;

    private SandboxSsh(Path directory, Path hostKey, String clientPublicKey, TestSshServer server) {
        this.directory = directory;
        this.hostKey = hostKey;
        this.clientPublicKey = clientPublicKey;
        this.server = server;
    }

    /**
     * Generates the client key, prepares the targets and starts the server on the given loopback port.
     *
     * @param workDir where {@code ssh/} is created
     * @param port the port, 0 for a free one
     * @param hostKey the server's private host key file (OpenSSH or PEM), with its public half beside it as
     *     {@code <file>.pub}
     */
    public static SandboxSsh start(Path workDir, int port, Path hostKey) throws IOException {
        Objects.requireNonNull(hostKey, "hostKey");
        if (!Files.isRegularFile(hostKey) || !Files.isRegularFile(Path.of(hostKey + ".pub"))) {
            throw new IOException(
                    "The SSH host key " + hostKey + " and its " + hostKey.getFileName() + ".pub must both be files");
        }
        Path directory = workDir.toAbsolutePath().resolve("ssh");
        Files.createDirectories(directory);
        Files.deleteIfExists(directory.resolve("known_hosts"));
        ClientKey client = writeClientKey(directory.resolve("id_rsa"));
        Path absoluteHostKey = hostKey.toAbsolutePath();
        prepareTargets(directory, absoluteHostKey, client.line());
        Path current = directory.resolve("current");
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PROBE_ROOT", current.resolve("root").toString());
        environment.put("PATH", current.resolve("bin") + ":/usr/bin:/bin:/usr/sbin:/sbin");
        TestSshServer server = TestSshServer.builder(client.key())
                .environment(environment)
                .hostKey(absoluteHostKey)
                .authorizedKeysFile(current.resolve("root/root/.ssh/authorized_keys"))
                .port(port)
                .start();
        return new SandboxSsh(directory, absoluteHostKey, client.line(), server);
    }

    /**
     * Restores both targets to the state of a droplet just created (the login key back in place, nothing cleaned)
     * and selects {@link #CLEAN}: what a sandbox reset does to the SSH side.
     */
    public void reset() throws IOException {
        prepareTargets(directory, hostKey, clientPublicKey);
    }

    private static void prepareTargets(Path directory, Path hostKey, String clientPublicKey) throws IOException {
        Path targets = directory.resolve("targets");
        deleteTree(targets);
        PreparedMachine.create(targets.resolve(CLEAN)).installHostKey(hostKey).authorize(clientPublicKey);
        PreparedMachine.create(
                        targets.resolve(FAILING),
                        Defect.ROOT_AUTHORIZED_KEYS,
                        Defect.DO_AGENT_DIR,
                        Defect.INACTIVE_FIREWALL)
                .installHostKey(hostKey)
                .authorize(clientPublicKey);
        select(directory, CLEAN);
    }

    /** Deletes a tree without following links (a link is removed, never what it points at). */
    private static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Points the server at another prepared target ({@link #CLEAN} or {@link #FAILING}). */
    public static void select(Path sshDirectory, String variant) throws IOException {
        Path target = sshDirectory.resolve("targets").resolve(variant);
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException("No prepared target '" + variant + "' in " + sshDirectory);
        }
        Path link = sshDirectory.resolve("current");
        Path next = sshDirectory.resolve("current.next");
        Files.deleteIfExists(next);
        Files.createSymbolicLink(next, Path.of("targets", variant));
        Files.move(next, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private record ClientKey(PublicKey key, String line) {}

    private static ClientKey writeClientKey(Path file) throws IOException {
        try {
            KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 3072);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pair.writePrivateKey(out);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, out.toByteArray());
            ByteArrayOutputStream pub = new ByteArrayOutputStream();
            pair.writePublicKey(pub, "sandbox-build-key");
            String line = pub.toString(StandardCharsets.US_ASCII).strip();
            Files.writeString(Path.of(file + ".pub"), line + "\n", StandardCharsets.US_ASCII);
            PublicKey key = new ByteArrayBuffer(pair.getPublicKeyBlob()).getRawPublicKey();
            pair.dispose();
            return new ClientKey(key, line);
        } catch (JSchException e) {
            throw new IOException("cannot generate the sandbox's SSH client key", e);
        }
    }

    public int port() {
        return server.port();
    }

    public Path directory() {
        return directory;
    }

    public Path privateKey() {
        return directory.resolve("id_rsa");
    }

    public String hostKeyFingerprint() {
        return server.hostKeyFingerprint();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
