package io.github.oneclick.vendor.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.github.oneclick.vendor.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * An SSH public key of the team's account ({@code GET /v2/account/keys/{id or fingerprint}}), which droplets can be
 * created with.
 *
 * @param id the key id
 * @param fingerprint the MD5 fingerprint DigitalOcean shows, such as {@code 3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa}
 * @param name the key's name in the account
 * @param publicKey the public key in OpenSSH format, such as {@code ssh-ed25519 AAAA... comment}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SshKey(long id, String fingerprint, String name, String publicKey) {

    /**
     * The fingerprint DigitalOcean gives an OpenSSH public key: the MD5 digest of the base64-decoded key blob (the
     * second field of {@code ssh-ed25519 AAAA... comment}) in colon-separated lower-case hex, as
     * {@code ssh-keygen -l -E md5} prints it. Computed locally, so that a key can be looked up without listing the
     * account's keys.
     *
     * @throws InvalidSettingException naming {@code publicKey} when it is not an OpenSSH public key line
     */
    public static String fingerprintOf(String publicKey) {
        byte[] blob = blob(publicKey);
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("MD5").digest(blob);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
        StringBuilder text = new StringBuilder(digest.length * 3);
        for (byte b : digest) {
            if (text.length() > 0) {
                text.append(':');
            }
            text.append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return text.toString();
    }

    /** The decoded key blob, after checking that the line is {@code <type> <base64 blob> [comment]}. */
    private static byte[] blob(String publicKey) {
        if (publicKey == null || publicKey.isBlank()) {
            throw new InvalidSettingException("publicKey must not be blank", "publicKey");
        }
        String[] fields = publicKey.strip().split("\\s+");
        String hint = "; give the one line of the .pub file, such as 'ssh-ed25519 AAAAC3Nza... build@ci'"
                + " (never the private key)";
        if (fields.length < 2) {
            throw new InvalidSettingException(
                    "publicKey is not an OpenSSH public key: it needs a key type and a base64 key" + hint, "publicKey");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(fields[1]);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(
                    "publicKey is not an OpenSSH public key: its second field is not base64" + hint, e, "publicKey");
        }
        if (blob.length < 4) {
            throw new InvalidSettingException(
                    "publicKey is not an OpenSSH public key: its key is empty" + hint, "publicKey");
        }
        int length = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        String type =
                length > 0 && length <= blob.length - 4 ? new String(blob, 4, length, StandardCharsets.US_ASCII) : null;
        if (!fields[0].equals(type)) {
            throw new InvalidSettingException(
                    "publicKey is not an OpenSSH public key: its type '" + fields[0]
                            + "' does not match the key it holds" + hint,
                    "publicKey");
        }
        return blob;
    }
}
