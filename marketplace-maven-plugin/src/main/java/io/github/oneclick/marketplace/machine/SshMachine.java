package io.github.oneclick.marketplace.machine;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import io.github.oneclick.vendor.Durations;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs the validation script on a droplet over SSH with the maintained JSch ({@code com.github.mwiede:jsch}).
 *
 * <p>Public-key authentication only (OpenSSH and PEM key files, ed25519, ECDSA and RSA with rsa-sha2). The host key
 * is verified by default, against known_hosts or a pinned {@code SHA256:} fingerprint. One session and one exec
 * channel per {@link #run} call; {@link #connect()} opens one {@link SshSession} for several commands and SFTP
 * transfers (the build connects once). Immutable; the passphrase never appears in {@link #toString()} or any message.
 */
public final class SshMachine implements Machine {
    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");

    private final String host;
    private final int port;
    private final String user;
    private final Path privateKey;
    private final String passphrase;
    private final Path knownHosts;
    private final String hostKeyFingerprint;
    private final StrictHostKeyChecking strictHostKeyChecking;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final boolean sudo;
    private final Consumer<String> log;

    private SshMachine(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.user = b.user;
        this.privateKey = b.privateKey;
        this.passphrase = b.passphrase;
        this.knownHosts = b.knownHosts;
        this.hostKeyFingerprint = b.hostKeyFingerprint;
        this.strictHostKeyChecking = b.strictHostKeyChecking;
        this.connectTimeout = b.connectTimeout;
        this.commandTimeout = b.commandTimeout;
        this.sudo = b.sudo == null ? !"root".equals(b.user) : b.sudo;
        this.log = b.log;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public Path privateKey() {
        return privateKey;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    public StrictHostKeyChecking strictHostKeyChecking() {
        return strictHostKeyChecking;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public boolean sudo() {
        return sudo;
    }

    @Override
    public String describe() {
        return "ssh " + user + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return "SshMachine[" + user + "@" + host + ":" + port + ", privateKey=" + privateKey + ", passphrase="
                + (passphrase == null ? "none" : "***") + ", knownHosts=" + knownHosts + ", hostKeyFingerprint="
                + hostKeyFingerprint + ", strictHostKeyChecking=" + strictHostKeyChecking.value() + ", sudo=" + sudo
                + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout + "]";
    }

    /** The remote command that reads the script from standard input. */
    String remoteCommand() {
        return SshSession.shellCommand(sudo);
    }

    /**
     * Loads and, when encrypted, decrypts the private key into a fresh JSch instance, so key problems surface before
     * any network traffic.
     */
    JSch loadIdentity() throws MachineException {
        if (!Files.isRegularFile(privateKey) || !Files.isReadable(privateKey)) {
            throw new MachineException(
                    MachineException.Kind.KEY_UNREADABLE,
                    "The SSH private key file " + privateKey
                            + " does not exist or cannot be read. Set marketplace.privateKey to a readable private key file"
                            + " (OpenSSH or PEM format).");
        }
        byte[] keyBytes;
        try {
            keyBytes = Files.readAllBytes(privateKey);
        } catch (IOException e) {
            throw new MachineException(
                    MachineException.Kind.KEY_UNREADABLE,
                    "The SSH private key file " + privateKey
                            + " cannot be read (" + e.getClass().getSimpleName()
                            + "). Check marketplace.privateKey and the"
                            + " file's permissions.",
                    e);
        }
        JSch jsch = new JSch();
        byte[] secret = passphrase == null ? null : passphrase.getBytes(StandardCharsets.UTF_8);
        try {
            KeyPair keyPair;
            try {
                keyPair = KeyPair.load(jsch, keyBytes.clone(), null);
            } catch (JSchException e) {
                throw new MachineException(
                        MachineException.Kind.KEY_UNREADABLE,
                        "The file " + privateKey
                                + " is not a private key JSch can read. Set marketplace.privateKey to an OpenSSH or PEM"
                                + " private key file (its first line starts with -----BEGIN), not a .pub file.");
            }
            try {
                if (keyPair.isEncrypted()) {
                    if (secret == null) {
                        throw new MachineException(
                                MachineException.Kind.WRONG_PASSPHRASE,
                                "The SSH private key "
                                        + privateKey + " is encrypted and no passphrase was given. Put it in the"
                                        + " <passphrase> of the settings.xml server named by marketplace.sshServerId, or in"
                                        + " the passphrase environment variable.");
                    }
                    if (!keyPair.decrypt(secret.clone())) {
                        throw new MachineException(
                                MachineException.Kind.WRONG_PASSPHRASE,
                                "The passphrase for the"
                                        + " SSH private key " + privateKey + " is wrong. Fix the <passphrase> of the"
                                        + " settings.xml server named by marketplace.sshServerId (or the passphrase"
                                        + " environment variable).");
                    }
                }
            } finally {
                keyPair.dispose();
            }
            try {
                jsch.addIdentity(privateKey.toString(), keyBytes, null, secret);
            } catch (JSchException e) {
                throw new MachineException(
                        MachineException.Kind.KEY_UNREADABLE,
                        "The SSH private key " + privateKey + " could not be used (" + safeMessage(e)
                                + "). Check marketplace.privateKey.");
            }
            return jsch;
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }

    @Override
    public ExecResult run(String script, Consumer<String> stdoutLines) throws MachineException {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(stdoutLines, "stdoutLines");
        try (SshSession session = connect()) {
            return session.run(script, stdoutLines);
        }
    }

    /**
     * Opens one verified session: the key is loaded (and decrypted) first, the host key is checked as configured,
     * public-key authentication only. The session serves several commands and SFTP transfers until closed; every
     * failure to get there is a {@link MachineException} of the kind that says why.
     */
    public SshSession connect() throws MachineException {
        JSch jsch = loadIdentity();
        com.jcraft.jsch.HostKeyRepository known = null;
        if (strictHostKeyChecking != StrictHostKeyChecking.NO
                && hostKeyFingerprint == null
                && knownHosts != null
                && Files.isRegularFile(knownHosts)) {
            try {
                jsch.setKnownHosts(knownHosts.toString());
                known = jsch.getHostKeyRepository();
            } catch (JSchException e) {
                throw new MachineException(
                        MachineException.Kind.CONFIGURATION,
                        "The known_hosts file " + knownHosts + " cannot be read (" + safeMessage(e)
                                + "). Fix marketplace.knownHosts.");
            }
        }
        HostKeyVerifier verifier =
                new HostKeyVerifier(known, knownHosts, hostKeyFingerprint, strictHostKeyChecking, log);
        jsch.setHostKeyRepository(verifier);
        Session session = null;
        try {
            session = jsch.getSession(user, host, port);
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setConfig("HashKnownHosts", "no");
            session.setServerAliveInterval(15_000);
            session.setServerAliveCountMax(4);
            session.connect(timeoutMillis(connectTimeout));
            return new SshSession(session, describe(), sudo, connectTimeout, commandTimeout);
        } catch (JSchException e) {
            if (session != null) {
                session.disconnect();
            }
            throw connectFailure(e, verifier);
        }
    }

    private MachineException connectFailure(JSchException e, HostKeyVerifier verifier) {
        switch (verifier.outcome()) {
            case UNKNOWN:
                return new MachineException(
                        MachineException.Kind.HOST_KEY_UNKNOWN,
                        "The host key of " + describe()
                                + " (" + verifier.seenFingerprint() + ") is not known"
                                + (knownHosts == null ? "" : " in " + knownHosts)
                                + ". Verify it out of band (for example"
                                + " in the droplet console: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then set"
                                + " marketplace.hostKeyFingerprint=" + verifier.seenFingerprint()
                                + ", or add the host to"
                                + " marketplace.knownHosts, or set marketplace.strictHostKeyChecking=accept-new.",
                        e);
            case CHANGED:
                return new MachineException(
                        MachineException.Kind.HOST_KEY_CHANGED,
                        "The host key of " + describe()
                                + " changed: the server presented " + verifier.seenFingerprint()
                                + ", which does not match "
                                + (hostKeyFingerprint != null
                                        ? "marketplace.hostKeyFingerprint=" + hostKeyFingerprint
                                        : "the entry in " + knownHosts)
                                + ". This may be an attack or a rebuilt droplet that reused the address. If the droplet was"
                                + " rebuilt, remove the old entry (ssh-keygen -R '" + verifier.seenHost() + "' -f "
                                + knownHosts + ") or update marketplace.hostKeyFingerprint.",
                        e);
            default:
                break;
        }
        Throwable cause = e.getCause();
        String text = String.valueOf(e.getMessage());
        if (cause instanceof UnknownHostException) {
            return new MachineException(
                    MachineException.Kind.UNREACHABLE,
                    "The host name '" + host
                            + "' cannot be resolved. Fix marketplace.host (or give marketplace.dropletId to look up the"
                            + " droplet's public IPv4).",
                    e);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return new MachineException(
                    MachineException.Kind.UNREACHABLE,
                    "Cannot connect to " + host + ":" + port
                            + " (" + safeMessage(cause)
                            + "). Check marketplace.host and marketplace.port, that the droplet"
                            + " is running and that its firewall allows SSH from this machine.",
                    e);
        }
        if (cause instanceof SocketTimeoutException || text.contains("timeout")) {
            return new MachineException(
                    MachineException.Kind.UNREACHABLE,
                    "No SSH answer from " + host + ":" + port
                            + " within " + connectTimeout.toSeconds()
                            + " s. Check marketplace.host and marketplace.port,"
                            + " that the droplet is up and that SSH is allowed; raise the connect timeout for slow links.",
                    e);
        }
        if (text.startsWith("Auth fail") || text.startsWith("Auth cancel") || text.contains("USERAUTH fail")) {
            return new MachineException(
                    MachineException.Kind.AUTH_FAILED,
                    "The server " + host + ":" + port
                            + " refused public-key authentication for user '" + user + "' with " + privateKey
                            + ". Check marketplace.user and marketplace.privateKey, and that the matching public key is in"
                            + " the user's ~/.ssh/authorized_keys on the droplet (or was added when it was created).",
                    e);
        }
        return new MachineException(
                MachineException.Kind.UNREACHABLE,
                "SSH connection to " + describe()
                        + " failed: " + safeMessage(e) + ". Check marketplace.host and marketplace.port and that an SSH"
                        + " server listens there.",
                e);
    }

    /** Exception text without anything that could be key material (JSch messages never carry secrets). */
    private static String safeMessage(Throwable t) {
        return SshSession.safeMessage(t);
    }

    private static int timeoutMillis(Duration d) {
        return SshSession.timeoutMillis(d);
    }

    /** Builds an {@link SshMachine}; {@link #build()} checks every value and says which parameter is wrong. */
    public static final class Builder {
        private String host;
        private int port = 22;
        private String user = "root";
        private Path privateKey;
        private String passphrase;
        private Path knownHosts;
        private String hostKeyFingerprint;
        private StrictHostKeyChecking strictHostKeyChecking = StrictHostKeyChecking.YES;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration commandTimeout = Duration.ofMinutes(30);
        private Boolean sudo;
        private Consumer<String> log = System.err::println;

        private Builder() {}

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder privateKey(Path privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        /** The key passphrase, or null for an unencrypted key. Never printed. */
        public Builder passphrase(String passphrase) {
            this.passphrase = passphrase == null || passphrase.isEmpty() ? null : passphrase;
            return this;
        }

        /** The known_hosts file; default {@code ~/.ssh/known_hosts} unless a fingerprint is pinned. */
        public Builder knownHosts(Path knownHosts) {
            this.knownHosts = knownHosts;
            return this;
        }

        /** Pins the host key: {@code SHA256:} and 43 base64 characters, as printed by {@code ssh-keygen -l}. */
        public Builder hostKeyFingerprint(String hostKeyFingerprint) {
            this.hostKeyFingerprint =
                    hostKeyFingerprint == null || hostKeyFingerprint.isBlank() ? null : hostKeyFingerprint.trim();
            return this;
        }

        public Builder strictHostKeyChecking(StrictHostKeyChecking strictHostKeyChecking) {
            this.strictHostKeyChecking = strictHostKeyChecking;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        /** Run the script through {@code sudo -n}; default: true when the user is not root. */
        public Builder sudo(boolean sudo) {
            this.sudo = sudo;
            return this;
        }

        /** Where warnings go (the mojo passes its log); default standard error. */
        public Builder log(Consumer<String> log) {
            this.log = log;
            return this;
        }

        public SshMachine build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("marketplace.host is not set; give the droplet's address (or"
                        + " marketplace.dropletId to look it up)");
            }
            host = host.trim();
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("marketplace.port=" + port + " is not a TCP port (1-65535)");
            }
            if (user == null || user.isBlank() || user.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(
                        "marketplace.user='" + user + "' is not a user name; default is" + " root");
            }
            if (privateKey == null) {
                throw new IllegalArgumentException("marketplace.privateKey is not set; give the path of the private"
                        + " key whose public key is authorized on the droplet");
            }
            if (hostKeyFingerprint != null
                    && !FINGERPRINT.matcher(hostKeyFingerprint).matches()) {
                throw new IllegalArgumentException("marketplace.hostKeyFingerprint='" + hostKeyFingerprint
                        + "' is not a SHA256 fingerprint; use the form printed by ssh-keygen -lf"
                        + " /etc/ssh/ssh_host_ed25519_key.pub, e.g. SHA256:" + "A".repeat(43));
            }
            Objects.requireNonNull(strictHostKeyChecking, "strictHostKeyChecking");
            if (hostKeyFingerprint != null && strictHostKeyChecking == StrictHostKeyChecking.NO) {
                throw new IllegalArgumentException("marketplace.hostKeyFingerprint is set but"
                        + " marketplace.strictHostKeyChecking=no disables checking; remove one of them");
            }
            if (knownHosts == null && hostKeyFingerprint == null) {
                knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
            }
            Durations.requirePositive(connectTimeout, "connectTimeout");
            Durations.requirePositive(commandTimeout, "commandTimeout");
            Objects.requireNonNull(log, "log");
            return new SshMachine(this);
        }
    }
}
