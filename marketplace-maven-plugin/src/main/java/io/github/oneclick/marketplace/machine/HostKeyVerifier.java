package io.github.oneclick.marketplace.machine;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * Host key decisions for one connection: a pinned {@code SHA256:} fingerprint, known_hosts (with
 * {@code accept-new}), or none. Remembers what it saw so the caller can explain a refused connection.
 */
final class HostKeyVerifier implements HostKeyRepository {

    enum Outcome {
        NOT_CHECKED,
        ACCEPTED,
        ADDED,
        UNKNOWN,
        CHANGED
    }

    private final HostKeyRepository knownHosts;
    private final Path knownHostsFile;
    private final String pinnedFingerprint;
    private final StrictHostKeyChecking mode;
    private final Consumer<String> warnings;
    private Outcome outcome = Outcome.NOT_CHECKED;
    private String seenFingerprint;
    private String seenHost;

    HostKeyVerifier(
            HostKeyRepository knownHosts,
            Path knownHostsFile,
            String pinnedFingerprint,
            StrictHostKeyChecking mode,
            Consumer<String> warnings) {
        this.knownHosts = knownHosts;
        this.knownHostsFile = knownHostsFile;
        this.pinnedFingerprint = pinnedFingerprint;
        this.mode = mode;
        this.warnings = warnings;
    }

    static String fingerprint(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    static String normalizeFingerprint(String fingerprint) {
        String value = fingerprint.trim();
        while (value.endsWith("=")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    @Override
    public int check(String host, byte[] key) {
        seenHost = host;
        seenFingerprint = fingerprint(key);
        if (mode == StrictHostKeyChecking.NO) {
            warnings.accept("WARNING: host key checking is OFF (marketplace.strictHostKeyChecking=no): accepting "
                    + host + " with key " + seenFingerprint + " unverified. Anyone on the network path could"
                    + " impersonate the droplet. Use yes with known_hosts or marketplace.hostKeyFingerprint.");
            outcome = Outcome.ACCEPTED;
            return OK;
        }
        if (pinnedFingerprint != null) {
            boolean same = normalizeFingerprint(pinnedFingerprint).equals(seenFingerprint);
            outcome = same ? Outcome.ACCEPTED : Outcome.CHANGED;
            return same ? OK : CHANGED;
        }
        int result = knownHosts == null ? NOT_INCLUDED : knownHosts.check(host, key);
        if (result == OK) {
            outcome = Outcome.ACCEPTED;
            return OK;
        }
        if (result == CHANGED) {
            outcome = Outcome.CHANGED;
            return CHANGED;
        }
        if (mode == StrictHostKeyChecking.ACCEPT_NEW && knownHostsFile != null) {
            try {
                HostKey hostKey = new HostKey(host, key);
                appendKnownHost(hostKey);
                outcome = Outcome.ADDED;
                warnings.accept("Trusted the unknown host key " + seenFingerprint + " of " + host
                        + " on first use and added it to " + knownHostsFile
                        + " (marketplace.strictHostKeyChecking=accept-new). Safe only for a droplet this build created:"
                        + " anyone on the network path could have answered. Otherwise pin"
                        + " marketplace.hostKeyFingerprint.");
                return OK;
            } catch (JSchException | IOException e) {
                warnings.accept(
                        "Could not add the host key of " + host + " to " + knownHostsFile + ": " + e.getMessage());
            }
        }
        outcome = Outcome.UNKNOWN;
        return NOT_INCLUDED;
    }

    private void appendKnownHost(HostKey hostKey) throws IOException {
        Path parent = knownHostsFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String line = hostKey.getHost() + " " + hostKey.getType() + " " + hostKey.getKey() + "\n";
        Files.writeString(
                knownHostsFile, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    Outcome outcome() {
        return outcome;
    }

    String seenFingerprint() {
        return seenFingerprint;
    }

    String seenHost() {
        return seenHost;
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Keys are only added by check() in accept-new mode.
    }

    @Override
    public void remove(String host, String type) {
        // never removes
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        // never removes
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return knownHostsFile == null ? "pinned" : knownHostsFile.toString();
    }

    @Override
    public HostKey[] getHostKey() {
        return knownHosts == null ? new HostKey[0] : knownHosts.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return knownHosts == null ? new HostKey[0] : knownHosts.getHostKey(host, type);
    }
}
