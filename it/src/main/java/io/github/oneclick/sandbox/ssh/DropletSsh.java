package io.github.oneclick.sandbox.ssh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oneclick.marketplace.testing.PreparedMachine;
import io.github.oneclick.sandbox.SandboxState.DropletCreation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

/**
 * One droplet created through the sandbox's API, as SSH sees it: a root directory seeded like a fresh image (or copied
 * from the snapshot it was created from), its first boot, and an SSH server on the droplet's own loopback address
 * while it runs. {@link DropletHosts} makes and drives these; tests read them.
 *
 * <p>Strict like a droplet: only {@code root} logs in, only with a key listed in the root's {@code
 * /root/.ssh/authorized_keys} at that moment; the host key is the one the user data's cloud-config gives ({@code
 * ssh_keys}, {@code ed25519_private}/{@code ed25519_public}) or one generated at the first boot that no client knows.
 * SFTP sees the droplet's root as {@code /} and refuses any path with {@code ..}. Exec commands are simulated (see
 * {@link DropletShell#run}); nothing a client sends runs on this machine, except the plugin's own probe and cleanup,
 * against the droplet's root.
 */
public final class DropletSsh {
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long dropletId;
    private final Path directory;
    private final KeyPair hostKey;
    private final List<String> firstBootScripts;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private SshServer server;
    private String address;
    private Instant bootedAt;

    private DropletSsh(long dropletId, Path directory, KeyPair hostKey, List<String> firstBootScripts) {
        this.dropletId = dropletId;
        this.directory = directory;
        this.hostKey = hostKey;
        this.firstBootScripts = List.copyOf(firstBootScripts);
    }

    /**
     * Prepares a droplet's files as its first boot leaves them: the image (a copy of {@code imageCopy}, or a fresh
     * base image when it is {@code null}), the host keys (from the user data, else new ones), root's {@code
     * authorized_keys} with the keys it was created with, cloud-init's instance ({@code /var/lib/cloud/instance} a
     * link to {@code instances/<id>}, the id in {@code /var/lib/cloud/data/instance-id}), its per-instance scripts run
     * and its result in {@code /var/lib/cloud/data/result.json}.
     *
     * @param directory where the droplet's {@code root} and stub {@code bin} go (emptied first)
     * @param imageCopy a directory with the {@code root} and {@code bin} of a snapshot, or {@code null}
     */
    static DropletSsh firstBoot(Path directory, Path imageCopy, DropletCreation creation, Instant now)
            throws IOException {
        deleteTree(directory);
        if (imageCopy != null) {
            copyTree(imageCopy, directory);
        } else {
            PreparedMachine.create(directory);
        }
        Path root = directory.resolve("root");
        Path tmp = root.resolve("tmp");
        Files.createDirectories(tmp);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        CloudConfig config = CloudConfig.parse(creation.userData());
        KeyPair hostKey = writeHostKeys(root, config, creation.dropletId());
        Set<String> keys = new LinkedHashSet<>(creation.authorizedKeys());
        keys.addAll(config.authorizedKeys());
        authorize(root, keys);
        linkInstance(root, creation.dropletId());
        List<String> scripts = runPerInstanceScripts(root, creation.dropletId(), now);
        return new DropletSsh(creation.dropletId(), directory, hostKey, scripts);
    }

    private static KeyPair writeHostKeys(Path root, CloudConfig config, long dropletId) throws IOException {
        Path ssh = root.resolve("etc/ssh");
        Files.createDirectories(ssh);
        try (Stream<Path> old = Files.list(ssh)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("ssh_host_"))
                    .toList()) {
                Files.delete(p); // cloud-init's ssh_deletekeys: a new instance never keeps the image's host keys
            }
        }
        KeyPair pair;
        String privateText;
        String publicText;
        try {
            if (config.hasHostKey()) {
                privateText = config.ed25519Private();
                publicText = config.ed25519Public().strip() + "\n";
                Iterator<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(
                                null,
                                NamedResource.ofName("droplet " + dropletId + " user data"),
                                new ByteArrayInputStream(privateText.getBytes(StandardCharsets.US_ASCII)),
                                null)
                        .iterator();
                if (!loaded.hasNext()) {
                    throw new IOException("The user data's ssh_keys.ed25519_private of droplet " + dropletId
                            + " holds no key; cloud-init would fail to set up SSH");
                }
                pair = loaded.next();
            } else {
                pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "root@droplet-" + dropletId, null, out);
                privateText = out.toString(StandardCharsets.US_ASCII);
                publicText = PublicKeyEntry.toString(pair.getPublic()) + " root@droplet-" + dropletId + "\n";
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot make the host key of droplet " + dropletId + ": " + e.getMessage(), e);
        }
        write(ssh.resolve("ssh_host_ed25519_key"), privateText, "rw-------");
        write(ssh.resolve("ssh_host_ed25519_key.pub"), publicText, "rw-r--r--");
        return pair;
    }

    private static void authorize(Path root, Set<String> keys) throws IOException {
        Path file = root.resolve("root/.ssh/authorized_keys");
        Files.createDirectories(file.getParent());
        Set<String> lines = new LinkedHashSet<>();
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .forEach(lines::add);
        }
        keys.forEach(k -> lines.add(k.strip()));
        write(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", "rw-------");
    }

    /**
     * Points {@code /var/lib/cloud/instance} at this droplet's {@code instances/<id>} (a relative link, so that it
     * resolves inside the root), replacing the one a snapshot may carry, and writes {@code data/instance-id}, as
     * cloud-init's init stage does.
     */
    private static void linkInstance(Path root, long dropletId) throws IOException {
        Files.createDirectories(inside(root, "/var/lib/cloud/instances").resolve(Long.toString(dropletId)));
        Path link = inside(root, "/var/lib/cloud").resolve("instance");
        if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(link);
        } else {
            Files.deleteIfExists(link);
        }
        Files.createSymbolicLink(link, Path.of("instances", Long.toString(dropletId)));
        write(inside(root, "/var/lib/cloud/data").resolve("instance-id"), dropletId + "\n", "rw-r--r--");
    }

    /** A path of the droplet under its root; an {@link IOException} when it leads out of the root through a link. */
    private static Path inside(Path root, String path) throws IOException {
        Path p = DropletShell.inRoot(root, path);
        if (p == null) {
            throw new IOException(path + " leads out of the droplet's root " + root + " through a link");
        }
        return p;
    }

    /**
     * Runs (interprets) the per-instance scripts as a first boot does, into {@code /var/log/cloud-init-output.log}; a
     * script that exits non-zero is an error of {@code scripts_per_instance} in {@code
     * /var/lib/cloud/data/result.json}, worded as cloud-init words it, a script that is not executable is skipped.
     */
    private static List<String> runPerInstanceScripts(Path root, long dropletId, Instant now) throws IOException {
        Path dir = root.resolve("var/lib/cloud/scripts/per-instance");
        List<Path> scripts = new ArrayList<>();
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .sorted()
                        .forEach(scripts::add);
            }
        }
        String version = DropletShell.CLOUD_INIT_VERSION;
        StringBuilder log = new StringBuilder();
        log.append("Cloud-init v. ")
                .append(version)
                .append(" running 'init' at ")
                .append(LOG_TIME.format(now));
        log.append(". Up 4.20 seconds.\n");
        log.append("Cloud-init v. ").append(version).append(" running 'modules:final' at ");
        log.append(LOG_TIME.format(now)).append(". Up 9.00 seconds.\n");
        List<String> ran = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Path script : scripts) {
            String name = script.getFileName().toString();
            if (!Files.isExecutable(script)) {
                log.append("WARNING: skipping ").append(name).append(": not executable\n");
                continue;
            }
            DropletShell.Result result = DropletShell.interpret(Files.readString(script, StandardCharsets.UTF_8), root);
            log.append(result.stdout());
            if (result.exitCode() != 0) {
                log.append("Failed to run module scripts_per_instance: ")
                        .append(name)
                        .append(" exited ")
                        .append(result.exitCode())
                        .append('\n');
                failed.add(name);
            }
            ran.add(name);
        }
        log.append("Cloud-init v. ").append(version).append(" finished at ").append(LOG_TIME.format(now));
        log.append(". Datasource DataSourceDigitalOcean.  Up 10.00 seconds\n");
        Path output = root.resolve("var/log/cloud-init-output.log");
        Files.createDirectories(output.getParent());
        String before = Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)
                ? Files.readString(output, StandardCharsets.UTF_8)
                : "";
        write(output, before + log, "rw-r-----");
        Path sem = root.resolve("var/lib/cloud/instances/" + dropletId + "/sem/config_scripts_per_instance");
        Files.createDirectories(sem.getParent());
        Files.writeString(sem, String.join("\n", ran) + "\n", StandardCharsets.UTF_8);
        ObjectNode result = JSON.createObjectNode();
        ObjectNode v1 = result.putObject("v1");
        v1.put("datasource", "DataSourceDigitalOcean");
        if (failed.isEmpty()) {
            v1.putArray("errors");
        } else {
            v1.putArray("errors")
                    .add("('scripts_per_instance', RuntimeError('Runparts: " + failed.size() + " failures ("
                            + String.join(",", failed) + ") in " + ran.size() + " attempted commands'))");
        }
        write(
                inside(root, "/var/lib/cloud/data").resolve("result.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n",
                "rw-r--r--");
        return ran;
    }

    /** Starts sshd on the droplet's address, as its boot ends. */
    synchronized void listen(String address, int port, Instant bootedAt) throws IOException {
        stop();
        Path root = root();
        DropletShell shell = new DropletShell(root, directory.resolve("bin"), LOG_TIME.format(bootedAt));
        SshServer s = SshServer.setUpDefaultServer();
        s.setHost(address);
        s.setPort(port);
        s.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        Path authorizedKeys = root.resolve("root/.ssh/authorized_keys");
        s.setPublickeyAuthenticator((user, key, session) -> "root".equals(user) && listed(authorizedKeys, key));
        s.setPasswordAuthenticator(null);
        s.setKeyboardInteractiveAuthenticator(null);
        s.setCommandFactory((channel, command) -> {
            commands.add(command);
            return new ShellCommand(shell, command);
        });
        RootedSftp sftp = new RootedSftp();
        sftp.setFileSystemAccessor(new NoEscapingLinks());
        s.setSubsystemFactories(List.of(sftp));
        s.setFileSystemFactory(new VirtualFileSystemFactory(root));
        s.start();
        this.server = s;
        this.address = address;
        this.bootedAt = bootedAt;
    }

    /** Stops sshd (the droplet was powered off, is rebooting or was deleted); open sessions end. */
    synchronized void stop() {
        SshServer s = server;
        server = null;
        if (s != null) {
            try {
                s.stop(true);
            } catch (IOException e) {
                // stopping anyway
            }
        }
    }

    public long dropletId() {
        return dropletId;
    }

    /** The droplet's directory: {@code root} (its files, {@code /} over SFTP) and {@code bin} (the probe's stubs). */
    public Path directory() {
        return directory;
    }

    /** The droplet's files: SFTP's {@code /}. */
    public Path root() {
        return directory.resolve("root");
    }

    /** Whether sshd accepts connections now. */
    public synchronized boolean listening() {
        return server != null && server.isStarted();
    }

    /** The address sshd listens on, or last listened on; {@code null} before the first boot ended. */
    public synchronized String address() {
        return address;
    }

    /** When sshd last started: the end of the droplet's last boot; {@code null} before. */
    public synchronized Instant bootedAt() {
        return bootedAt;
    }

    /** The host key sshd serves. */
    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** The host key's fingerprint as {@code ssh-keygen -l} prints it ({@code SHA256:...}). */
    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey.getPublic());
    }

    /** The host key as a {@code known_hosts} line for {@code [address]:port}. */
    public String knownHostsLine(String host, int port) {
        return (port == 22 ? host : "[" + host + "]:" + port) + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** The names of the per-instance scripts its first boot ran, in order. */
    public List<String> firstBootScripts() {
        return firstBootScripts;
    }

    /** Every exec command received, in order. */
    public List<String> commands() {
        return Collections.unmodifiableList(commands);
    }

    /** Whether the key is in root's authorized_keys; like sshd, a line it cannot read is skipped. */
    private static boolean listed(Path authorizedKeys, PublicKey key) {
        List<String> lines;
        try {
            lines = Files.isRegularFile(authorizedKeys, LinkOption.NOFOLLOW_LINKS)
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

    static void write(Path file, String content, String mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    /** Deletes a tree without following links (a link is removed, never what it points at). */
    static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Copies a tree with its modes, links as links. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(p));
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    /** SFTP whose every path with a {@code ..} segment is refused (the file system is rooted at the droplet's root). */
    private static final class RootedSftp extends SftpSubsystemFactory {
        @Override
        public Command createSubsystem(ChannelSession channel) throws IOException {
            return new SftpSubsystem(channel, this) {
                @Override
                protected Path resolveFile(String remotePath) throws IOException {
                    return super.resolveFile(refuseDotDot(remotePath));
                }

                @Override
                protected Path resolveNormalizedLocation(String remotePath) throws IOException {
                    return super.resolveNormalizedLocation(refuseDotDot(remotePath));
                }
            };
        }
    }

    private static String refuseDotDot(String path) throws AccessDeniedException {
        if (path != null) {
            for (String segment : path.split("/")) {
                if (segment.equals("..")) {
                    throw new AccessDeniedException(
                            path, null, "paths with '..' are refused on the sandbox's droplets");
                }
            }
        }
        return path;
    }

    /** Refuses links whose target names a {@code ..}: nothing an upload makes may lead out of the root. */
    private static final class NoEscapingLinks implements SftpFileSystemAccessor {
        @Override
        public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink)
                throws IOException {
            refuseDotDot(existing.toString());
            SftpFileSystemAccessor.super.createLink(subsystem, link, existing, symLink);
        }
    }

    /** One exec command, answered by the droplet's {@link DropletShell} on a thread of its own. */
    private static final class ShellCommand implements Command {
        private final DropletShell shell;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback callback;

        ShellCommand(DropletShell shell, String command) {
            this.shell = shell;
            this.command = command;
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
        public void start(ChannelSession channel, Environment env) {
            Thread t = new Thread(this::run, "droplet-ssh-exec");
            t.setDaemon(true);
            t.start();
        }

        private void run() {
            try {
                DropletShell.Result result = shell.run(command, in);
                out.write(result.stdout().getBytes(StandardCharsets.UTF_8));
                out.flush();
                err.write(result.stderr().getBytes(StandardCharsets.UTF_8));
                err.flush();
                callback.onExit(result.exitCode());
            } catch (IOException | RuntimeException e) {
                callback.onExit(255, String.valueOf(e.getMessage()));
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            // the command ends by itself
        }
    }
}
