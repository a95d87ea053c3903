package io.github.oneclick.marketplace.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The keys of one build run, all fresh: an ed25519 client key pair, whose private half is written in OpenSSH format
 * with mode 0600 into the run directory ({@code id_ed25519}, {@code id_ed25519.pub}) and whose public half goes to
 * DigitalOcean as the droplet's SSH key; and an ed25519 host key pair, handed to the droplet's cloud-init in the user
 * data ({@link #cloudConfig()}) so that the droplet's sshd serves exactly that key, and pinned in a per-run
 * {@code known_hosts} ({@link #writeKnownHosts(String, int)}). DigitalOcean reuses addresses and has no API for host
 * keys: this is how the first connection is verified. The user's {@code ~/.ssh/known_hosts} is never written.
 *
 * <p>The host private key is a secret: it appears only in {@link #cloudConfig()}, never in {@link #toString()}, logs
 * or messages. The client private key is only in its file.
 */
public final class BuildKeys {
    /** The client private key's file name in the run directory; the public key adds {@code .pub}. */
    public static final String CLIENT_KEY_FILE = "id_ed25519";
    /** The per-run known_hosts file name in the run directory. */
    public static final String KNOWN_HOSTS_FILE = "known_hosts";
    /** The OpenSSH private key armour, spelt in two parts so that no source file holds a key header. */
    static final String ARMOUR_BEGIN = "-----BEGIN OPENSSH PRIVATE K" + "EY-----";

    static final String ARMOUR_END = "-----END OPENSSH PRIVATE K" + "EY-----";

    private static final String KEY_TYPE = "ssh-ed25519";
    private static final Pattern COMMENT = Pattern.compile("[\\x21-\\x7e]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:_-]{1,253}");

    private final Path runDirectory;
    private final Path privateKey;
    private final String clientPublicKey;
    private final String hostPublicKey;
    private final String hostPrivateKey;

    private BuildKeys(
            Path runDirectory, Path privateKey, String clientPublicKey, String hostPublicKey, String hostPrivateKey) {
        this.runDirectory = runDirectory;
        this.privateKey = privateKey;
        this.clientPublicKey = clientPublicKey;
        this.hostPublicKey = hostPublicKey;
        this.hostPrivateKey = hostPrivateKey;
    }

    /**
     * Generates both key pairs and writes the client key files into the run directory (created with mode 0700 when
     * missing, e.g. {@code target/marketplace/run-<runId>}).
     *
     * @param runDirectory the directory of this run; must not already hold a client key
     * @param comment the keys' comment, e.g. the run's key name {@code oneclick-marketplace-<runId>} (printable
     *     ASCII, no spaces)
     * @throws IOException when the directory or the files cannot be written, or a key file already exists there
     */
    public static BuildKeys generate(Path runDirectory, String comment) throws IOException {
        Objects.requireNonNull(runDirectory, "runDirectory");
        requireComment(comment);
        KeyPair client = newKeyPair();
        byte[] clientPrivate = openSshPrivateKey(client, comment);
        try {
            createPrivateDirectory(runDirectory);
            Path privateKey = runDirectory.resolve(CLIENT_KEY_FILE);
            String clientPublic = publicKeyLine(client) + " " + comment;
            writePrivate(privateKey, clientPrivate);
            Files.writeString(
                    runDirectory.resolve(CLIENT_KEY_FILE + ".pub"),
                    clientPublic + "\n",
                    StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            return withHostKey(runDirectory, privateKey, clientPublic, comment);
        } finally {
            Arrays.fill(clientPrivate, (byte) 0);
        }
    }

    /**
     * A fresh host key for another droplet of the same run, with the run's existing client key: for a droplet made from
     * the run's image, which takes the account key the run registered. Only the host key is new; nothing is written
     * but the directory.
     *
     * @param directory where this droplet's {@code known_hosts} goes (created with mode 0700 when missing), e.g.
     *     {@code target/marketplace/run-<runId>/test-image}; not the directory of the client key, whose known_hosts
     *     pins another droplet
     * @param privateKey the run's client private key file; its public key is read from {@code <privateKey>.pub}
     * @param comment the host key's comment (printable ASCII, no spaces)
     * @throws IOException when the public key file cannot be read or the directory cannot be made
     */
    public static BuildKeys withClientKey(Path directory, Path privateKey, String comment) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(privateKey, "privateKey");
        requireComment(comment);
        Path publicFile = privateKey.resolveSibling(privateKey.getFileName() + ".pub");
        String clientPublic =
                Files.readString(publicFile, StandardCharsets.US_ASCII).strip();
        if (!clientPublic.startsWith("ssh-") && !clientPublic.startsWith("ecdsa-")) {
            throw new IOException(publicFile + " holds no OpenSSH public key line");
        }
        createPrivateDirectory(directory);
        return withHostKey(directory, privateKey, clientPublic, comment);
    }

    private static void requireComment(String comment) {
        Objects.requireNonNull(comment, "comment");
        if (!COMMENT.matcher(comment).matches()) {
            throw new IllegalArgumentException(
                    "The key comment '" + comment + "' must be 1-100 printable ASCII characters without spaces");
        }
    }

    /** The keys with a fresh host key pair; its private key is held only as the user data's text. */
    private static BuildKeys withHostKey(Path directory, Path privateKey, String clientPublic, String comment) {
        KeyPair host = newKeyPair();
        byte[] hostPrivate = openSshPrivateKey(host, comment);
        try {
            return new BuildKeys(
                    directory,
                    privateKey,
                    clientPublic,
                    publicKeyLine(host) + " " + comment,
                    new String(hostPrivate, StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(hostPrivate, (byte) 0);
        }
    }

    /** The run directory the key files are in. */
    public Path runDirectory() {
        return runDirectory;
    }

    /** The client private key file (OpenSSH format, no passphrase, mode 0600). */
    public Path privateKey() {
        return privateKey;
    }

    /** The client public key file ({@code id_ed25519.pub}). */
    public Path publicKeyFile() {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }

    /** The client public key as one authorized_keys line ({@code ssh-ed25519 AAAA... comment}): the droplet's key. */
    public String clientPublicKey() {
        return clientPublicKey;
    }

    /** The host public key ({@code ssh-ed25519 AAAA... comment}) the droplet's sshd will serve. */
    public String hostPublicKey() {
        return hostPublicKey;
    }

    /** The host key's fingerprint as {@code ssh-keygen -l} prints it ({@code SHA256:...}). */
    public String hostKeyFingerprint() {
        byte[] blob = Base64.getDecoder().decode(hostPublicKey.split(" ")[1]);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * The droplet's user data: a {@code #cloud-config} that deletes any host keys the image carries
     * ({@code ssh_deletekeys: true}), generates none ({@code ssh_genkeytypes: []}) and installs this run's ed25519
     * host key ({@code ssh_keys}). It contains the host private key: pass it to the droplet create call only, never
     * print it.
     */
    public String cloudConfig() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("#cloud-config\n");
        yaml.append("ssh_deletekeys: true\n");
        yaml.append("ssh_genkeytypes: []\n");
        yaml.append("ssh_keys:\n");
        yaml.append("  ed25519_private: |\n");
        hostPrivateKey.lines().forEach(line -> yaml.append("    ").append(line).append('\n'));
        yaml.append("  ed25519_public: ").append(hostPublicKey).append('\n');
        return yaml.toString();
    }

    /**
     * Writes (replacing) the run's {@code known_hosts}, pinning exactly this run's host key for the droplet's address.
     *
     * @param host the droplet's address (IPv4, IPv6 or name)
     * @param port the SSH port (22 writes the bare address, others {@code [host]:port} as OpenSSH does)
     * @return the file, {@code <runDirectory>/known_hosts}
     */
    public Path writeKnownHosts(String host, int port) throws IOException {
        Path file = runDirectory.resolve(KNOWN_HOSTS_FILE);
        String keyPart = hostPublicKey.substring(0, hostPublicKey.lastIndexOf(' '));
        Files.writeString(file, knownHostsLine(host, port, keyPart) + "\n", StandardCharsets.US_ASCII);
        return file;
    }

    /** One known_hosts line: {@code host type base64} for port 22, {@code [host]:port type base64} otherwise. */
    static String knownHostsLine(String host, int port, String publicKey) {
        Objects.requireNonNull(host, "host");
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + host + "' is not a host address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port (1-65535)");
        }
        return (port == 22 ? host : "[" + host + "]:" + port) + " " + publicKey;
    }

    private static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java runtime cannot generate Ed25519 keys (Java 15+ can)", e);
        }
    }

    /** The raw 32-byte public key: the last 32 bytes of its X.509 encoding. */
    private static byte[] rawPublic(KeyPair pair) {
        byte[] x509 = pair.getPublic().getEncoded();
        return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    private static byte[] publicBlob(byte[] rawPublic) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        writeString(blob, KEY_TYPE.getBytes(StandardCharsets.US_ASCII));
        writeString(blob, rawPublic);
        return blob.toByteArray();
    }

    private static String publicKeyLine(KeyPair pair) {
        return KEY_TYPE + " " + Base64.getEncoder().encodeToString(publicBlob(rawPublic(pair)));
    }

    /** The private key in OpenSSH's {@code openssh-key-v1} format, unencrypted, PEM-armoured. */
    static byte[] openSshPrivateKey(KeyPair pair, String comment) {
        byte[] seed = ((EdECPrivateKey) pair.getPrivate())
                .getBytes()
                .orElseThrow(() -> new IllegalStateException("the Ed25519 private key has no seed"));
        byte[] rawPublic = rawPublic(pair);
        byte[] secret = new byte[64];
        System.arraycopy(seed, 0, secret, 0, 32);
        System.arraycopy(rawPublic, 0, secret, 32, 32);
        ByteArrayOutputStream priv = new ByteArrayOutputStream();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        byte[] body = null;
        try {
            int check = RANDOM.nextInt();
            writeInt(priv, check);
            writeInt(priv, check);
            writeString(priv, KEY_TYPE.getBytes(StandardCharsets.US_ASCII));
            writeString(priv, rawPublic);
            writeString(priv, secret);
            writeString(priv, comment.getBytes(StandardCharsets.US_ASCII));
            for (int pad = 1; priv.size() % 8 != 0; pad++) {
                priv.write(pad);
            }
            file.writeBytes("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
            writeString(file, "none".getBytes(StandardCharsets.US_ASCII));
            writeString(file, "none".getBytes(StandardCharsets.US_ASCII));
            writeString(file, new byte[0]);
            writeInt(file, 1);
            writeString(file, publicBlob(rawPublic));
            byte[] privateSection = priv.toByteArray();
            writeString(file, privateSection);
            Arrays.fill(privateSection, (byte) 0);
            body = file.toByteArray();
            String base64 = Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(body);
            return (ARMOUR_BEGIN + "\n" + base64 + "\n" + ARMOUR_END + "\n").getBytes(StandardCharsets.US_ASCII);
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(secret, (byte) 0);
            if (body != null) {
                Arrays.fill(body, (byte) 0);
            }
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
    }

    private static void writeString(ByteArrayOutputStream out, byte[] value) {
        writeInt(out, value.length);
        out.writeBytes(value);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix()) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Creates the file with mode 0600 from the start (no window in which others could read it). */
    private static void writePrivate(Path file, byte[] content) throws IOException {
        FileAttribute<?>[] attributes = posix()
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
        try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(
                file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes))) {
            out.write(content);
        }
    }

    /** Says where the files are and which host key is pinned; never key material. */
    @Override
    public String toString() {
        return "BuildKeys[runDirectory=" + runDirectory + ", clientKey=" + privateKey() + ", hostKey="
                + hostKeyFingerprint() + "]";
    }
}
