package io.github.oneclick.sandbox.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import io.github.oneclick.marketplace.testing.PreparedMachine;
import io.github.oneclick.marketplace.testing.PreparedMachine.Defect;
import io.github.oneclick.marketplace.testing.TestSshServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The sandbox's build droplet as seen over SSH: an in-process SSH server whose commands examine a prepared target
 * instead of this machine. Everything lives in {@code <workDir>/ssh}: the client key {@code id_rsa}, a
 * {@code known_hosts} that trusts the server, the targets under {@code targets/} ({@code clean} passes validation,
 * {@code failing} carries seeded defects) and the {@code current} link that selects the one being examined.
 */
public final class SandboxSsh implements AutoCloseable {
    /** The variant that validates with no FAIL and no WARN. */
    public static final String CLEAN = "clean";
    /** A variant with a populated root authorized_keys, the DigitalOcean agent directory and no firewall. */
    public static final String FAILING = "failing";

    private final Path directory;
    private final TestSshServer server;

    private SandboxSsh(Path directory, TestSshServer server) {
        this.directory = directory;
        this.server = server;
    }

    /** Prepares the targets and the key, and starts the server on the given loopback port (0 for a free one). */
    public static SandboxSsh start(Path workDir, int port) throws IOException {
        Path directory = workDir.toAbsolutePath().resolve("ssh");
        Files.createDirectories(directory);
        PreparedMachine.create(directory.resolve("targets").resolve(CLEAN));
        PreparedMachine.create(directory.resolve("targets").resolve(FAILING), Defect.ROOT_AUTHORIZED_KEYS,
                Defect.DO_AGENT_DIR, Defect.INACTIVE_FIREWALL);
        select(directory, CLEAN);
        PublicKey clientKey = writeClientKey(directory.resolve("id_rsa"));
        Path current = directory.resolve("current");
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PROBE_ROOT", current.resolve("root").toString());
        environment.put("PATH", current.resolve("bin") + ":/usr/bin:/bin:/usr/sbin:/sbin");
        TestSshServer server = TestSshServer.builder(clientKey).environment(environment).port(port).start();
        server.writeKnownHosts(directory.resolve("known_hosts"));
        return new SandboxSsh(directory, server);
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
        Files.move(next, link, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static PublicKey writeClientKey(Path file) throws IOException {
        try {
            KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 3072);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pair.writePrivateKey(out);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, out.toByteArray());
            PublicKey key = new ByteArrayBuffer(pair.getPublicKeyBlob()).getRawPublicKey();
            pair.dispose();
            return key;
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

    public Path knownHosts() {
        return directory.resolve("known_hosts");
    }

    public String hostKeyFingerprint() {
        return server.hostKeyFingerprint();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
