package io.github.oneclick.marketplace.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class BuildKeysTest {
    @TempDir
    Path dir;

    private BuildKeys generate() throws Exception {
        return BuildKeys.generate(dir.resolve("run-20261202t161100z-7f3a9c"), "oneclick-marketplace-test");
    }

    @Test
    void clientKey_isWrittenInOpenSshFormatWithMode0600_andJschLoadsIt() throws Exception {
        BuildKeys keys = generate();

        assertThat(Files.getPosixFilePermissions(keys.privateKey()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(keys.runDirectory()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        String pem = Files.readString(keys.privateKey());
        assertThat(pem).startsWith(BuildKeys.ARMOUR_BEGIN + "\n").endsWith(BuildKeys.ARMOUR_END + "\n");
        assertThat(Files.readString(keys.publicKeyFile())).isEqualTo(keys.clientPublicKey() + "\n");
        assertThat(keys.clientPublicKey())
                .matches("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} oneclick-marketplace-test");

        KeyPair loaded = KeyPair.load(new JSch(), keys.privateKey().toString());
        ByteArrayOutputStream pub = new ByteArrayOutputStream();
        loaded.writePublicKey(pub, "oneclick-marketplace-test");
        assertThat(pub.toString(StandardCharsets.US_ASCII).strip()).isEqualTo(keys.clientPublicKey());
        assertThat(loaded.isEncrypted()).isFalse();
    }

    @Test
    void openSshReadsBothPrivateKeys() throws Exception {
        BuildKeys keys = generate();
        if (!Files.isExecutable(Path.of("/usr/bin/ssh-keygen"))) {
            System.out.println("Skipping the ssh-keygen check: /usr/bin/ssh-keygen is not installed");
            return;
        }
        assertThat(sshKeygenPublic(keys.privateKey())).isEqualTo(keys.clientPublicKey());

        Map<String, Object> sshKeys = sshKeys(keys.cloudConfig());
        Path host = Files.writeString(dir.resolve("host_key"), (String) sshKeys.get("ed25519_private"));
        Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rw-------"));
        assertThat(sshKeygenPublic(host)).isEqualTo(keys.hostPublicKey()).isEqualTo(sshKeys.get("ed25519_public"));
    }

    private static String sshKeygenPublic(Path privateKey) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-y", "-f", privateKey.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sshKeys(String cloudConfig) {
        Map<String, Object> yaml = new Yaml().load(cloudConfig);
        return (Map<String, Object>) yaml.get("ssh_keys");
    }

    @Test
    void cloudConfig_roundTripsThroughAYamlParser() throws Exception {
        BuildKeys keys = generate();
        String userData = keys.cloudConfig();

        assertThat(userData).startsWith("#cloud-config\n");
        Map<String, Object> yaml = new Yaml().load(userData);
        assertThat(yaml).containsOnlyKeys("ssh_deletekeys", "ssh_genkeytypes", "ssh_keys");
        assertThat(yaml.get("ssh_deletekeys")).isEqualTo(true);
        assertThat(yaml.get("ssh_genkeytypes")).isEqualTo(List.of());
        Map<String, Object> sshKeys = sshKeys(userData);
        assertThat(sshKeys).containsOnlyKeys("ed25519_private", "ed25519_public");
        assertThat(sshKeys.get("ed25519_public")).isEqualTo(keys.hostPublicKey());
        String hostPrivate = (String) sshKeys.get("ed25519_private");
        assertThat(hostPrivate)
                .startsWith(BuildKeys.ARMOUR_BEGIN + "\n")
                .endsWith(BuildKeys.ARMOUR_END + "\n")
                .isNotEqualTo(Files.readString(keys.privateKey()));
        // JSch reads the host key back, and it is the pair of the public key handed over.
        KeyPair host = KeyPair.load(new JSch(), hostPrivate.getBytes(StandardCharsets.US_ASCII), null);
        ByteArrayOutputStream pub = new ByteArrayOutputStream();
        host.writePublicKey(pub, "oneclick-marketplace-test");
        assertThat(pub.toString(StandardCharsets.US_ASCII).strip()).isEqualTo(keys.hostPublicKey());
    }

    @Test
    void knownHosts_pinsExactlyTheHostKeyForTheAddress() throws Exception {
        BuildKeys keys = generate();
        String keyPart = keys.hostPublicKey().substring(0, keys.hostPublicKey().lastIndexOf(' '));

        Path file = keys.writeKnownHosts("203.0.113.7", 22);
        assertThat(file).isEqualTo(keys.runDirectory().resolve("known_hosts"));
        assertThat(Files.readAllLines(file)).containsExactly("203.0.113.7 " + keyPart);

        keys.writeKnownHosts("203.0.113.8", 2222);
        assertThat(Files.readAllLines(file)).containsExactly("[203.0.113.8]:2222 " + keyPart);

        assertThat(keys.hostKeyFingerprint()).matches("SHA256:[A-Za-z0-9+/]{43}");
        assertThatThrownBy(() -> keys.writeKnownHosts("bad host", 22)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secrets_neverInToString() throws Exception {
        BuildKeys keys = generate();
        List<String> secretLines = new ArrayList<>(sshKeys(keys.cloudConfig())
                .get("ed25519_private")
                .toString()
                .lines()
                .filter(l -> !l.startsWith("-----"))
                .toList());
        secretLines.addAll(Files.readString(keys.privateKey())
                .lines()
                .filter(l -> !l.startsWith("-----"))
                .toList());

        String text = keys.toString();
        assertThat(text).contains(keys.hostKeyFingerprint(), keys.privateKey().toString());
        for (String line : secretLines) {
            assertThat(text).doesNotContain(line);
        }
    }

    @Test
    void freshKeysEveryRun_andAnExistingKeyIsNeverOverwritten() throws Exception {
        BuildKeys first = generate();
        BuildKeys second = BuildKeys.generate(dir.resolve("other"), "c");

        assertThat(second.clientPublicKey()).isNotEqualTo(first.clientPublicKey());
        assertThat(second.hostPublicKey()).isNotEqualTo(first.hostPublicKey());
        assertThatThrownBy(this::generate).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThatThrownBy(() -> BuildKeys.generate(dir.resolve("x"), "with space"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
