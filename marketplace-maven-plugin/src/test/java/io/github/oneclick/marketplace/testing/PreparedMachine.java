package io.github.oneclick.marketplace.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A prepared validation machine on disk: an Ubuntu 24.04-like root tree plus stub commands, which the probe reads
 * when {@code PROBE_ROOT} points at {@link #root()} and {@link #bin()} is first on {@code PATH}. The clean tree
 * validates with no FAIL and no WARN; each {@link Defect} seeds one finding. Depends on the JDK only.
 */
public final class PreparedMachine {

    /** Seeded defects, each producing the finding named in its comment. */
    public enum Defect {
        /** MP-ROOT-SSH FAIL: /root/.ssh/authorized_keys holds a key. */
        ROOT_AUTHORIZED_KEYS,
        /** MP-USER-SSH FAIL: /home/app/.ssh/authorized_keys holds a key. */
        USER_AUTHORIZED_KEYS,
        /** MP-USER-SSH FAIL: /home/app/.ssh/id_ed25519 (OpenSSH private key header). */
        USER_ID_ED25519,
        /** MP-ROOT-PASSWORD FAIL: root has a sha512crypt hash. */
        ROOT_PASSWORD_HASH,
        /** MP-USER-PASSWORD FAIL: app has an empty password field. */
        USER_EMPTY_PASSWORD,
        /** MP-ROOT-HISTORY FAIL: /root/.bash_history of 400 bytes. */
        LONG_ROOT_HISTORY,
        /** MP-LOGS-UNCLEARED WARN: /var/log/auth.log of 200 bytes. */
        POPULATED_LOG,
        /** MP-LOGS-ROTATED WARN: /var/log/syslog.1. */
        ROTATED_LOG,
        /** MP-DO-AGENT FAIL: /opt/digitalocean exists. */
        DO_AGENT_DIR,
        /** MP-FIREWALL WARN: ufw reports inactive. */
        INACTIVE_FIREWALL,
        /** MP-FIRSTBOOT-EXEC FAIL: per-instance/001_onboot is mode 644. */
        FIRSTBOOT_NOT_EXECUTABLE,
        /** MP-CLOUDINIT-VERSION FAIL: cloud-init --version says 0.7.5. */
        OLD_CLOUD_INIT
    }

    /** A fake public key line (not a usable key), long enough to count as populated. */
    public static final String FAKE_AUTHORIZED_KEY =
            "ssh-ed25519 " + "AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFakeFake vendor@build\n";

    private final Path directory;
    private final Set<Defect> defects;

    private PreparedMachine(Path directory, Set<Defect> defects) {
        this.directory = directory;
        this.defects = defects;
    }

    /** Creates the tree and stubs in {@code directory} (which may exist), with the given defects. */
    public static PreparedMachine create(Path directory, Defect... defects) throws IOException {
        Set<Defect> set = defects.length == 0 ? EnumSet.noneOf(Defect.class) : EnumSet.of(defects[0], defects);
        PreparedMachine target = new PreparedMachine(directory.toAbsolutePath(), set);
        target.writeTree();
        target.writeStubs();
        return target;
    }

    /**
     * Adds a public key to root's {@code authorized_keys}, as DigitalOcean does with the key a droplet is created
     * with: the validation fails on it until the cleanup removes it.
     *
     * @param publicKeyLine an OpenSSH public key line, such as {@code ssh-rsa AAAA... comment}
     */
    public PreparedMachine authorize(String publicKeyLine) throws IOException {
        Path file = root().resolve("root/.ssh/authorized_keys");
        Files.createDirectories(file.getParent());
        String existing = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        file(relativeToRoot(file), existing + publicKeyLine.strip() + "\n", "rw-------");
        return this;
    }

    /**
     * Installs an SSH host key pair as {@code /etc/ssh/ssh_host_ecdsa_key} and its {@code .pub}, as every droplet has
     * the keys its sshd serves: MP-HOSTKEYS warns about them until the cleanup removes them.
     *
     * @param privateKeyFile the private key; its public half is read from the file of the same name plus {@code .pub}
     */
    public PreparedMachine installHostKey(Path privateKeyFile) throws IOException {
        file("etc/ssh/ssh_host_ecdsa_key", Files.readString(privateKeyFile, StandardCharsets.US_ASCII), "rw-------");
        file(
                "etc/ssh/ssh_host_ecdsa_key.pub",
                Files.readString(Path.of(privateKeyFile + ".pub"), StandardCharsets.US_ASCII),
                "rw-r--r--");
        return this;
    }

    private String relativeToRoot(Path file) {
        return root().relativize(file).toString();
    }

    /** The root tree ({@code PROBE_ROOT}). */
    public Path root() {
        return directory.resolve("root");
    }

    /** The stub commands directory (first on {@code PATH}). */
    public Path bin() {
        return directory.resolve("bin");
    }

    public Set<Defect> defects() {
        return Set.copyOf(defects);
    }

    /** The environment a command must run with to validate this target: {@code PROBE_ROOT} and {@code PATH}. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PROBE_ROOT", root().toString());
        env.put("PATH", bin() + ":/usr/bin:/bin:/usr/sbin:/sbin");
        return env;
    }

    private void writeTree() throws IOException {
        file(
                "etc/os-release",
                "PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\n"
                        + "VERSION=\"24.04.1 LTS (Noble Numbat)\"\nID=ubuntu\nID_LIKE=debian\n",
                "rw-r--r--");
        file(
                "etc/passwd",
                "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                        + "sshd:x:110:65534::/run/sshd:/usr/sbin/nologin\napp:x:1000:1000:App:/home/app:/bin/bash\n"
                        + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
                "rw-r--r--");
        String rootPassword = defects.contains(Defect.ROOT_PASSWORD_HASH) ? "$6$saltsalt$" + "x".repeat(86) : "*";
        String appPassword = defects.contains(Defect.USER_EMPTY_PASSWORD) ? "" : "!";
        file(
                "etc/shadow",
                "root:" + rootPassword + ":19800:0:99999:7:::\ndaemon:*:19800:0:99999:7:::\n"
                        + "sshd:!:19800::::::\napp:" + appPassword
                        + ":19800:0:99999:7:::\nnobody:*:19800:0:99999:7:::\n",
                "rw-------");
        Files.createDirectories(root().resolve("root"));
        Files.createDirectories(root().resolve("home/app"));
        Files.createDirectories(root().resolve("etc/ssh"));
        file("usr/sbin/sshd", "", "rwxr-xr-x");
        file("usr/bin/cloud-init", "", "rwxr-xr-x");
        file(
                "etc/ufw/ufw.conf",
                "ENABLED=" + (defects.contains(Defect.INACTIVE_FIREWALL) ? "no" : "yes") + "\n",
                "rw-r--r--");
        file("var/log/syslog", "", "rw-r-----");
        file("var/log/cloud-init.log", "short\n", "rw-r-----");
        file("etc/update-motd.d/99-one-click", "#!/bin/sh\necho 'Welcome to the app.'\n", "rwxr-xr-x");
        file(
                "var/lib/cloud/scripts/per-instance/001_onboot",
                "#!/bin/sh\necho first boot\n",
                defects.contains(Defect.FIRSTBOOT_NOT_EXECUTABLE) ? "rw-r--r--" : "rwxr-xr-x");
        Files.createDirectories(root().resolve("var/lib/cloud/instances"));
        Files.createDirectories(root().resolve("opt"));
        if (defects.contains(Defect.ROOT_AUTHORIZED_KEYS)) {
            file("root/.ssh/authorized_keys", FAKE_AUTHORIZED_KEY, "rw-------");
        }
        if (defects.contains(Defect.USER_AUTHORIZED_KEYS)) {
            file("home/app/.ssh/authorized_keys", FAKE_AUTHORIZED_KEY, "rw-------");
        }
        if (defects.contains(Defect.USER_ID_ED25519)) {
            String armour = "OPENSSH PRIVATE " + "KEY-----";
            file(
                    "home/app/.ssh/id_ed25519",
                    "-----BEGIN " + armour + "\nnot-a-real-key\n-----END " + armour + "\n",
                    "rw-------");
        }
        if (defects.contains(Defect.LONG_ROOT_HISTORY)) {
            file("root/.bash_history", "echo history line\n".repeat(25), "rw-------");
        }
        if (defects.contains(Defect.POPULATED_LOG)) {
            file("var/log/auth.log", "Accepted publickey for root from 203.0.113.9\n".repeat(5), "rw-r-----");
        }
        if (defects.contains(Defect.ROTATED_LOG)) {
            file("var/log/syslog.1", "old\n", "rw-r-----");
        }
        if (defects.contains(Defect.DO_AGENT_DIR)) {
            Files.createDirectories(root().resolve("opt/digitalocean/bin"));
        }
    }

    private void writeStubs() throws IOException {
        Files.createDirectories(bin());
        stub("id", "case \"$1\" in -u) echo 0 ;; *) echo 'uid=0(root) gid=0(root) groups=0(root)' ;; esac");
        stub("uname", "case \"$1\" in -m) echo x86_64 ;; -r) echo 6.8.0-45-generic ;; *) echo Linux ;; esac");
        stub(
                "cloud-init",
                "case \"$1\" in --version) echo '/usr/bin/cloud-init "
                        + (defects.contains(Defect.OLD_CLOUD_INIT) ? "0.7.5" : "24.1.3-0ubuntu3.3")
                        + "' ;; esac; exit 0");
        stub("ufw", "echo 'Status: " + (defects.contains(Defect.INACTIVE_FIREWALL) ? "inactive" : "active") + "'");
        stub("apt-get", "exit 0");
        stub("dpkg-query", "printf 'install ok installed'");
        stub("systemctl", "echo inactive; exit 3");
        stub("lsmod", "echo 'Module Size Used by'");
    }

    private void stub(String name, String body) throws IOException {
        Path p = bin().resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void file(String relative, String content, String mode) throws IOException {
        Path p = root().resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }
}
