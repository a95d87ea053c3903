package io.github.oneclick.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/** OpenSSH public keys as DigitalOcean's account keys take them. */
final class SshKeys {

    static final Set<String> TYPES =
            Set.of("ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");

    private SshKeys() {}

    /**
     * The MD5 fingerprint of a public key's blob in colon hex, as DigitalOcean shows it ({@code ssh-keygen -l -E md5}
     * without its {@code MD5:} prefix); {@code null} when the text is not {@code type base64 [comment]} with a blob
     * that starts with the same type.
     */
    static String fingerprint(String publicKey) {
        if (publicKey == null) {
            return null;
        }
        String[] parts = publicKey.trim().split("\\s+");
        if (parts.length < 2 || !TYPES.contains(parts[0])) {
            return null;
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        byte[] type = parts[0].getBytes(StandardCharsets.US_ASCII);
        if (blob.length < 4 + type.length + 4 || ByteBuffer.wrap(blob, 0, 4).getInt() != type.length) {
            return null;
        }
        for (int i = 0; i < type.length; i++) {
            if (blob[4 + i] != type[i]) {
                return null;
            }
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("MD5").digest(blob);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : digest) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return sb.toString();
    }
}
