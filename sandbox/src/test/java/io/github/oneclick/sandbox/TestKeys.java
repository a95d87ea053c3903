package io.github.oneclick.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/** OpenSSH public keys for tests: well-formed, different for every seed. */
final class TestKeys {

    /** A key made by {@code ssh-keygen -t ed25519}; {@code ssh-keygen -l -E md5} shows {@link #FINGERPRINT}. */
    static final String KNOWN =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKS21pUjPlnqm99T9tK4LgbGUJ6vrqUyh6lDJmv5jSjY" + " build@example";

    static final String FINGERPRINT = "2e:ba:73:5c:99:a1:74:ba:f6:7e:eb:23:a6:e7:71:5f";

    private TestKeys() {}

    static String ed25519(long seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob("ssh-ed25519", key)) + " key-" + seed;
    }

    static byte[] blob(String type, byte[] key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(t.length).array());
        out.writeBytes(t);
        out.writeBytes(ByteBuffer.allocate(4).putInt(key.length).array());
        out.writeBytes(key);
        return out.toByteArray();
    }
}
