package io.github.oneclick.marketplace.machine;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/** Client key files for SSH tests, generated per test (never checked in). */
final class TestKeys {
    final Path privateKey;
    final PublicKey publicKey;

    private TestKeys(Path privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** An RSA key in PEM format, encrypted when a passphrase is given. */
    static TestKeys rsa(Path file, String passphrase) throws Exception {
        return generate(file, KeyPair.RSA, 2048, passphrase);
    }

    /** An ECDSA P-256 key in PEM format. */
    static TestKeys ecdsa(Path file) throws Exception {
        return generate(file, KeyPair.ECDSA, 256, null);
    }

    private static TestKeys generate(Path file, int type, int size, String passphrase) throws Exception {
        KeyPair pair = KeyPair.genKeyPair(new JSch(), type, size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (passphrase == null) {
            pair.writePrivateKey(out);
        } else {
            pair.writePrivateKey(out, passphrase.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(file, out.toByteArray());
        PublicKey publicKey = new ByteArrayBuffer(pair.getPublicKeyBlob()).getRawPublicKey();
        pair.dispose();
        return new TestKeys(file, publicKey);
    }
}
