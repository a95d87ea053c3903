package io.github.oneclick.marketplace.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.marketplace.machine.ExecResult;
import io.github.oneclick.marketplace.machine.SshMachine;
import io.github.oneclick.marketplace.machine.SshSession;
import io.github.oneclick.marketplace.testing.DebianSystem;
import io.github.oneclick.marketplace.testing.RealDebian;
import io.github.oneclick.marketplace.validation.Status;
import io.github.oneclick.marketplace.validation.ValidationOptions;
import io.github.oneclick.marketplace.validation.ValidationReport;
import io.github.oneclick.marketplace.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioning of a build against a real Debian 12 system over real OpenSSH ({@link RealDebian}), as the build
 * goal runs it: the run's generated client key, one session for readiness, the upload, two scripts (one installs a
 * package from the mirror while the apt lock drop-in is in place) and the validation with its cleanup, whose rules
 * see what the upload made true. The system has no init, so cloud-init never ran there: the first-boot wait is
 * replaced by a command that only checks cloud-init is installed.
 */
class RealDebianProvisioningTest {
    @RegisterExtension
    static final RealDebian DEBIAN = RealDebian.bookworm();

    @TempDir
    Path dir;

    private void write(String relative, String content, String mode) throws Exception {
        Path file = dir.resolve("files").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    @Test
    void uploadScriptsThenValidate_onOneSession(DebianSystem system) throws Exception {
        long started = System.nanoTime();
        BuildKeys keys = BuildKeys.generate(dir.resolve("run"), "oneclick-marketplace-test");
        assertThat(system.exec("echo '" + keys.clientPublicKey() + "' >> /root/.ssh/authorized_keys")
                        .exitCode())
                .isZero();
        write("etc/motd", "Welcome to Acme 1-Click.\n", "rw-r--r--");
        write("etc/update-motd.d/99-one-click", "#!/bin/sh\necho 'Acme: see /opt/acme'\n", "rwxr-xr-x");
        write("var/lib/cloud/scripts/per-instance/001_onboot", "#!/bin/sh\necho first boot\n", "rwxr-xr-x");
        write("opt/acme/app.conf", "listen=8080\n", "rw-r-----");
        Files.setPosixFilePermissions(dir.resolve("files/opt/acme"), PosixFilePermissions.fromString("rwxr-x---"));
        FileTree tree = FileTree.scan(dir.resolve("files"));
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(
                scripts.resolve("10-configure.sh"),
                "#!/bin/sh\nset -e\necho \"user=$(id -u) frontend=$DEBIAN_FRONTEND\"\n"
                        + "apt-config dump | grep -i 'DPkg::Lock::Timeout'\n"
                        + "printf 'configured\\n' > /opt/acme/configured\n");
        Files.writeString(
                scripts.resolve("20-install.sh"),
                "#!/bin/sh\nset -e\napt-get update -qq\napt-get install -y -qq --no-install-recommends tree\n"
                        + "tree --version\n");
        SshMachine machine = system.sshMachine().privateKey(keys.privateKey()).build();
        List<String> progress = new ArrayList<>();
        List<String> output = new ArrayList<>();

        try (SshSession session = Readiness.builder(machine)
                .firstBootCommand("cloud-init --version")
                .timeout(Duration.ofMinutes(2))
                .progress(progress::add)
                .build()
                .await()) {
            Provisioner provisioner = Provisioner.builder(session)
                    .progress(progress::add)
                    .output(output::add)
                    .scriptTimeout(Duration.ofMinutes(10))
                    .build();
            provisioner.upload(tree);
            provisioner.runScripts(Scripts.inDirectory(scripts));

            ExecResult modes = session.exec(
                    "stat -c '%a %U:%G %n' /etc/motd /etc/update-motd.d/99-one-click"
                            + " /var/lib/cloud/scripts/per-instance/001_onboot /opt/acme /opt/acme/app.conf"
                            + "; cat /opt/acme/configured; test -e " + Provisioner.APT_DROP_IN + " || echo drop-in gone"
                            + "; command -v tree; ls /tmp | grep -c oneclick-marketplace || true",
                    null,
                    line -> {},
                    Duration.ofMinutes(1));
            assertThat(modes.stdout().lines())
                    .containsExactly(
                            "644 root:root /etc/motd",
                            "755 root:root /etc/update-motd.d/99-one-click",
                            "755 root:root /var/lib/cloud/scripts/per-instance/001_onboot",
                            "750 root:root /opt/acme",
                            "640 root:root /opt/acme/app.conf",
                            "configured",
                            "drop-in gone",
                            "/usr/bin/tree",
                            "0");
            assertThat(output).contains("user=0 frontend=noninteractive", "DPkg::Lock::Timeout \"600\";");
            assertThat(output).anyMatch(line -> line.startsWith("tree v"));

            ValidationReport report = new Validator()
                    .validate(session, ValidationOptions.builder().cleanup(true).build(), progress::add);

            assertThat(report.resultsFor("MP-FIRSTBOOT-EXEC"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(Status.PASS));
            assertThat(report.resultsFor("MP-MOTD"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(Status.PASS));
            assertThat(report.failures())
                    .as(String.join("\n", report.consoleLines()))
                    .isZero();
        }
        assertThat(system.exec("test -e /root/.ssh/authorized_keys").exitCode())
                .as("the cleanup removed the build key")
                .isEqualTo(1);
        System.out.printf(
                "Real Debian provisioning (readiness, upload, 2 scripts, cleanup and validation): %.1f s%n",
                (System.nanoTime() - started) / 1e9);
    }

    @Test
    void asAUserWithSudo_filesAreRootsAndScriptsRunAsRoot(DebianSystem system) throws Exception {
        BuildKeys keys = BuildKeys.generate(dir.resolve("run"), "oneclick-marketplace-test");
        assertThat(system.exec("useradd -m -s /bin/sh builder && mkdir -p /home/builder/.ssh"
                                + " && echo '" + keys.clientPublicKey() + "' > /home/builder/.ssh/authorized_keys"
                                + " && chown -R builder: /home/builder/.ssh"
                                + " && echo 'builder ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/builder"
                                + " && chmod 0440 /etc/sudoers.d/builder")
                        .exitCode())
                .isZero();
        write("etc/acme/acme.conf", "mode=sudo\n", "rw-r-----");
        Files.setPosixFilePermissions(dir.resolve("files/etc/acme"), PosixFilePermissions.fromString("rwxr-x---"));
        write("usr/local/bin/acme-check", "#!/bin/sh\necho ok\n", "rwxr-xr-x");
        Path script = Files.writeString(dir.resolve("10-whoami.sh"), "#!/bin/sh\necho \"uid=$(id -u)\"\n");
        SshMachine machine = SshMachine.builder()
                .host(system.host())
                .port(system.port())
                .user("builder")
                .privateKey(keys.privateKey())
                .knownHosts(system.knownHosts())
                .build();
        List<String> output = new ArrayList<>();

        try (SshSession session = machine.connect()) {
            assertThat(session.sudo()).isTrue();
            Provisioner provisioner =
                    Provisioner.builder(session).output(output::add).build();
            provisioner.upload(FileTree.scan(dir.resolve("files")));
            provisioner.runScripts(Scripts.of(List.of(script)));
        }

        assertThat(output).containsExactly("uid=0");
        assertThat(system.exec("stat -c '%a %U:%G %n' /etc /etc/acme /etc/acme/acme.conf /usr/local/bin/acme-check"
                                + "; ls -A /tmp | grep -c oneclick-marketplace || true")
                        .stdout()
                        .lines())
                .containsExactly(
                        "755 root:root /etc",
                        "750 root:root /etc/acme",
                        "640 root:root /etc/acme/acme.conf",
                        "755 root:root /usr/local/bin/acme-check",
                        "0");
    }
}
