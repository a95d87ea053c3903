package io.github.oneclick.marketplace.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An in-process Apache MINA SSH server on a loopback port (a free one unless set) with a generated host key. It accepts one public key
 * and runs each exec command with this machine's {@code /bin/sh -c}, with the given environment (typically a
 * {@link PreparedMachine}'s {@code PROBE_ROOT} and {@code PATH}), and, when asked, SFTP below a chosen directory.
 * Depends on the JDK, sshd-core, sshd-sftp and slf4j only.
 */
public final class TestSshServer implements AutoCloseable {
    private final SshServer server;
    private final PublicKey hostKey;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    private TestSshServer(Builder b) throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(b.port);
        KeyPairProvider keys;
        if (b.hostKeyFile != null) {
            keys = new FileKeyPairProvider(b.hostKeyFile);
        } else {
            SimpleGeneratorHostKeyProvider generated = new SimpleGeneratorHostKeyProvider();
            generated.setAlgorithm(KeyUtils.EC_ALGORITHM);
            generated.setKeySize(256);
            keys = generated;
        }
        server.setKeyPairProvider(keys);
        PublicKey authorized = b.authorizedKey;
        Path authorizedKeys = b.authorizedKeysFile;
        server.setPublickeyAuthenticator((user, key, session) ->
                KeyUtils.compareKeys(authorized, key) && (authorizedKeys == null || listed(authorizedKeys, key)));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        Map<String, String> env = Map.copyOf(b.environment);
        int lineLimit = b.outputLineLimit;
        boolean hang = b.hangAfterOutput;
        // The commands run on this machine: only with PROBE_ROOT pointing at a prepared tree, so that the probe
        // reads and the cleanup cleans that tree. Without it the script is never started.
        String root = env.get("PROBE_ROOT");
        boolean prepared =
                root != null && !root.isBlank() && !Path.of(root).normalize().equals(Path.of("/"));
        server.setCommandFactory((channel, command) -> {
            commands.add(command);
            return prepared
                    ? new ShellCommand(command, env, lineLimit, hang)
                    : new ShellCommand(
                            "echo 'This test SSH server runs commands only against a prepared root"
                                    + " (PROBE_ROOT is not set)' >&2; exit 126",
                            Map.of(),
                            lineLimit,
                            false);
        });
        if (b.sftpRoot != null) {
            // SFTP paths are resolved under this directory: "/etc/motd" is <sftpRoot>/etc/motd.
            // In a class of its own, so that users without sshd-sftp (the it module) never load it.
            Sftp.serve(server, b.sftpRoot);
        }
        server.start();
        try {
            KeyPair pair = keys.loadKeys(null).iterator().next();
            hostKey = pair.getPublic();
        } catch (Exception e) {
            server.stop(true);
            throw new IOException("cannot read the generated host key", e);
        }
    }

    public static Builder builder(PublicKey authorizedKey) {
        return new Builder(authorizedKey);
    }

    /** A server that runs commands with the prepared target's environment. */
    public static TestSshServer start(PublicKey authorizedKey, PreparedMachine target) throws IOException {
        return builder(authorizedKey).environment(target.environment()).start();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** Whether the key is in the authorized_keys file; like sshd, a line it cannot read is skipped. */
    private static boolean listed(Path authorizedKeys, PublicKey key) {
        List<String> lines;
        try {
            lines = Files.isRegularFile(authorizedKeys)
                    ? Files.readAllLines(authorizedKeys, StandardCharsets.UTF_8)
                    : List.of();
        } catch (IOException e) {
            return false;
        }
        for (String line : lines) {
            try {
                AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
                if (entry != null
                        && KeyUtils.compareKeys(entry.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING), key)) {
                    return true;
                }
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                // not a key sshd would accept either
            }
        }
        return false;
    }

    public int port() {
        return server.getPort();
    }

    public PublicKey hostKey() {
        return hostKey;
    }

    /** The host key fingerprint as {@code ssh-keygen -l} prints it ({@code SHA256:...}). */
    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey);
    }

    /** The known_hosts line for this server ({@code [127.0.0.1]:port type base64}). */
    public String knownHostsLine() {
        return "[" + host() + "]:" + port() + " " + PublicKeyEntry.toString(hostKey);
    }

    /** Writes a known_hosts file that trusts this server. */
    public Path writeKnownHosts(Path file) throws IOException {
        return Files.writeString(file, knownHostsLine() + "\n", StandardCharsets.UTF_8);
    }

    /** The exec commands received so far. */
    public List<String> commands() {
        return Collections.unmodifiableList(commands);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** Options for unusual servers (cut-short or hanging output). */
    public static final class Builder {
        private final PublicKey authorizedKey;
        private Map<String, String> environment = Map.of();
        private int outputLineLimit = Integer.MAX_VALUE;
        private boolean hangAfterOutput;
        private int port;
        private Path hostKeyFile;
        private Path authorizedKeysFile;
        private Path sftpRoot;

        private Builder(PublicKey authorizedKey) {
            this.authorizedKey = Objects.requireNonNull(authorizedKey, "authorizedKey");
        }

        public Builder environment(Map<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** Listen on this loopback port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The host key, read from this OpenSSH or PEM private key file, instead of one generated per server: a known,
         * stable fingerprint.
         */
        public Builder hostKey(Path file) {
            this.hostKeyFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Accepts a key only while it is in this {@code authorized_keys} file, read at every login, as OpenSSH does
         * with root's: once a cleanup removed the file, the key no longer logs in.
         */
        public Builder authorizedKeysFile(Path file) {
            this.authorizedKeysFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Serves SFTP with this directory as its root: a client's {@code /etc/motd} is {@code <root>/etc/motd} here.
         * Without it the server has no SFTP subsystem.
         */
        public Builder sftpRoot(Path root) {
            this.sftpRoot = Objects.requireNonNull(root, "root").toAbsolutePath();
            return this;
        }

        /** Forward only this many output lines, then end the command with exit status 0 (a cut-short output). */
        public Builder outputLineLimit(int lines) {
            this.outputLineLimit = lines;
            return this;
        }

        /** After the forwarded output, keep the channel open without ending (a hanging command). */
        public Builder hangAfterOutput(boolean hang) {
            this.hangAfterOutput = hang;
            return this;
        }

        public TestSshServer start() throws IOException {
            return new TestSshServer(this);
        }
    }

    /** The SFTP subsystem (sshd-sftp). */
    private static final class Sftp {
        static void serve(SshServer server, Path root) {
            server.setFileSystemFactory(new VirtualFileSystemFactory(root));
            server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        }
    }

    /** Runs one command with /bin/sh -c, pumping the channel streams. */
    private static final class ShellCommand implements Command {
        private final String command;
        private final Map<String, String> environment;
        private final int lineLimit;
        private final boolean hang;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback callback;
        private volatile Process process;

        ShellCommand(String command, Map<String, String> environment, int lineLimit, boolean hang) {
            this.command = command;
            this.environment = environment;
            this.lineLimit = lineLimit;
            this.hang = hang;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.callback = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
            builder.environment().putAll(environment);
            process = builder.start();
            Thread stdin = new Thread(
                    () -> {
                        try (OutputStream p = process.getOutputStream()) {
                            in.transferTo(p);
                        } catch (IOException ignored) {
                            // the command ended first
                        }
                    },
                    "test-sshd-stdin");
            Thread stderr = new Thread(() -> pump(process.getErrorStream(), err), "test-sshd-stderr");
            Thread main = new Thread(this::run, "test-sshd-stdout");
            for (Thread t : new Thread[] {stdin, stderr, main}) {
                t.setDaemon(true);
                t.start();
            }
        }

        private void run() {
            int lines = 0;
            boolean cut = false;
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (lines >= lineLimit) {
                        cut = true;
                        break;
                    }
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lines++;
                }
                if (hang) {
                    return; // never calls the exit callback: the client must time out
                }
                int code = cut ? 0 : process.waitFor();
                if (cut) {
                    process.destroyForcibly();
                }
                callback.onExit(code);
            } catch (IOException e) {
                callback.onExit(255, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                callback.onExit(255, "interrupted");
            }
        }

        private static void pump(InputStream from, OutputStream to) {
            try (from) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException ignored) {
                // the channel closed
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }
}
