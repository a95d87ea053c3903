package io.github.oneclick.marketplace.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fixture itself: what a system is, that nothing run inside reaches this machine, and that nothing of a system
 * stays after it, even when the JVM that started it was killed.
 */
class DebianSystemTest {
    @RegisterExtension
    static final RealDebian DEBIAN = RealDebian.bookworm();

    /** Shared by the tests that only look (closed after the class); the others boot their own. */
    private static DebianSystem shared;

    @BeforeAll
    static void bootShared(DebianSystem system) {
        shared = system;
    }

    @Test
    void freshSystem_isDebian12WithTheTestsKeyForRootAndHostKeysOfItsOwn() throws Exception {
        DebianSystem system = shared;
        CommandResult osRelease = system.exec("cat /etc/os-release");
        CommandResult authorized = system.exec("cat /root/.ssh/authorized_keys");
        CommandResult hostKey = system.exec("cat /etc/ssh/ssh_host_ed25519_key.pub");

        assertThat(osRelease.stdout()).contains("ID=debian", "VERSION_ID=\"12\"");
        assertThat(authorized.stdout()).isEqualTo(Files.readString(Path.of(system.privateKey() + ".pub")));
        assertThat(DebianSystem.fingerprint(hostKey.stdout().split(" ")[1])).isEqualTo(system.hostKeyFingerprint());
        assertThat(Files.readAllLines(system.knownHosts()))
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith(system.host() + " "));
    }

    @Test
    void twoSystems_haveTheirOwnAddressesHostKeysAndFiles() throws Exception {
        DebianSystem first = shared;
        try (DebianSystem second = DEBIAN.start()) {
            first.exec("echo first > /root/only-in-first");

            assertThat(second.host()).isNotEqualTo(first.host());
            assertThat(second.hostKeyFingerprint()).isNotEqualTo(first.hostKeyFingerprint());
            assertThat(second.exec("test -e /root/only-in-first").exitCode()).isEqualTo(1);
        }
    }

    @Test
    void commandsInside_seeOnlyTheSystemsProcessesLinksAndFiles() throws Exception {
        DebianSystem system = shared;
        CommandResult processes = system.exec("ps -e -o pid=,comm=");
        CommandResult links = system.exec("ls /sys/class/net");
        CommandResult root = system.exec("cat /proc/self/mountinfo");
        CommandResult hostPaths = system.exec("ls -d /work /var/cache/oneclick-marketplace");

        assertThat(processes.stdout().lines().map(String::trim))
                .contains("1 sshd")
                .allSatisfy(line -> assertThat(line).matches("\\d+ (sshd|sh|ps)"));
        assertThat(links.stdout().lines()).containsExactlyInAnyOrder("eth0", "lo");
        assertThat(root.stdout().lines().findFirst())
                .hasValueSatisfying(line -> assertThat(line).contains(" / / ").contains(" ext4 /dev/loop"));
        assertThat(hostPaths.exitCode()).isNotZero();
        assertThat(hostPaths.stdout()).isEmpty();
    }

    @Test
    void privilegedCommandsInside_failOrChangeOnlyTheSystem(DebianSystem system) throws Exception {
        HostState before = HostState.capture(List.of());

        CommandResult mount = system.exec("mount -t tmpfs inside /mnt");
        CommandResult deviceNode = system.exec("mknod /root/disk b 7 0");
        CommandResult kernelSetting = system.exec("cat /proc/sys/vm/swappiness > /proc/sys/vm/swappiness");
        CommandResult firewall = system.exec("ufw --force enable >/dev/null && ufw status");
        CommandResult forwarding = system.exec("sysctl -w net.ipv4.ip_forward=1");
        CommandResult hostname = system.exec("hostname inside-only");
        system.close();
        HostState after = HostState.capture(List.of());

        assertThat(mount.exitCode()).as("mount: %s", mount.stderr()).isNotZero();
        assertThat(deviceNode.exitCode()).as("mknod: %s", deviceNode.stderr()).isNotZero();
        assertThat(kernelSetting.stderr()).contains("Read-only file system");
        assertThat(firewall.stdout()).as(firewall.stderr()).startsWith("Status: active");
        assertThat(forwarding.exitCode()).as(forwarding.stderr()).isZero();
        assertThat(hostname.exitCode()).as("hostname: %s", hostname.stderr()).isNotZero();
        assertThat(before.differences(after)).isEmpty();
    }

    @Test
    void theOnlyWayOut_isTheProxyToTheDebianMirror() throws Exception {
        DebianSystem system = shared;
        CommandResult direct = system.exec("timeout 20 bash -c 'exec 3<>/dev/tcp/151.101.2.132/80'");
        CommandResult otherSite = system.exec(throughTheProxy("http://example.com/"));
        CommandResult mirror = system.exec(throughTheProxy("http://deb.debian.org/debian/dists/bookworm/InRelease"));

        assertThat(direct.exitCode()).isNotZero();
        assertThat(direct.stderr()).contains("Network is unreachable");
        assertThat(otherSite.stdout()).startsWith("HTTP/1.1 403");
        assertThat(system.refusedRequests()).containsExactly("GET http://example.com/ HTTP/1.1");
        assertThat(mirror.stdout()).startsWith("HTTP/1.1 200");
        assertThat(system.mirrorRequests())
                .containsExactly("GET http://deb.debian.org/debian/dists/bookworm/InRelease HTTP/1.1");
    }

    /** A script that asks apt's proxy for a URL with bash's /dev/tcp and prints the status line. */
    private static String throughTheProxy(String url) {
        String host = url.replaceFirst("http://([^/]*)/.*", "$1");
        return String.join(
                "\n",
                "bash <<'SCRIPT'",
                "proxy=$(sed -n 's|.*\"http://\\([^/]*\\)/\".*|\\1|p' /etc/apt/apt.conf.d/00proxy)",
                "exec 3<>/dev/tcp/${proxy%:*}/${proxy#*:}",
                "printf 'GET " + url + " HTTP/1.1\\r\\nHost: " + host + "\\r\\n\\r\\n' >&3",
                "head -n 1 <&3",
                "SCRIPT");
    }

    @Test
    void close_endsTheProcessesAndRemovesTheNamespaceLinkLoopDeviceAndCopy() throws Exception {
        DebianSystem system = DEBIAN.start();
        Path dir = Slot.RUNS.resolve(system.name());
        String link = system.name().replace("-", "") + "h";
        List<String> loopsBefore = loopDevicesUnder(dir);

        system.close();

        assertThat(loopsBefore).hasSize(1);
        assertThat(system.copyDeleted()).succeedsWithin(Duration.ofSeconds(60));
        try (Stream<Path> runs = Files.list(Slot.RUNS)) {
            assertThat(runs.map(run -> run.getFileName().toString()))
                    .noneMatch(run -> run.startsWith(system.name() + "."));
        }
        assertThat(Path.of("/run/netns", system.name())).doesNotExist();
        assertThat(Path.of("/sys/class/net", link)).doesNotExist();
        assertThat(dir).doesNotExist();
        assertThat(loopDevicesUnder(dir)).isEmpty();
        assertThatThrownBy(() -> system.exec("true"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not running");
    }

    @Test
    void whatAKilledRunLeftBehind_isRemovedBeforeTheNextSlotIsAllocated() throws Exception {
        String name = Slot.PREFIX + "-16383";
        Path dir = Slot.RUNS.resolve(name);
        Path image = dir.resolve("image.img");
        Process leftover = null;
        try {
            Files.createDirectories(dir.resolve("root"));
            Files.writeString(dir.resolve("owner"), "999999999 1\n");
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(1 << 20);
            }
            HostCommands.check("losetup", "--find", image.toString());
            HostCommands.check("ip", "netns", "add", name);
            HostCommands.check("ip", "link", "add", "ocmp16383h", "type", "veth", "peer", "name", "ocmp16383g");
            leftover = new ProcessBuilder(
                            "nsenter", "--net=/run/netns/" + name, "sh", "-c", "echo inside; exec sleep infinity")
                    .start();
            assertThat(new BufferedReader(new InputStreamReader(leftover.getInputStream(), StandardCharsets.UTF_8))
                            .readLine())
                    .as("the leftover process runs in the namespace")
                    .isEqualTo("inside");
            List<String> progress = new ArrayList<>();

            Slot.allocate(Set.of("deb.debian.org"), progress::add).close();

            assertThat(leftover.waitFor(30, TimeUnit.SECONDS))
                    .as("the leftover process ended")
                    .isTrue();
            assertThat(Path.of("/run/netns", name)).doesNotExist();
            assertThat(Path.of("/sys/class/net/ocmp16383h")).doesNotExist();
            assertThat(loopDevicesUnder(dir)).isEmpty();
            assertThat(dir).doesNotExist();
            assertThat(progress)
                    .contains("Removing " + name + ", left behind by process 999999999, which has" + " ended");
        } finally {
            if (leftover != null) {
                leftover.destroyForcibly();
            }
            HostCommands.quietly("ip", "netns", "delete", name);
            HostCommands.quietly("ip", "link", "delete", "ocmp16383h");
            for (String device : loopDevicesUnder(dir)) {
                HostCommands.quietly("losetup", "--detach", device);
            }
            Files.deleteIfExists(image);
            Files.deleteIfExists(dir.resolve("owner"));
            Files.deleteIfExists(dir.resolve("root"));
            Files.deleteIfExists(dir);
        }
    }

    private static List<String> loopDevicesUnder(Path dir) throws IOException {
        return HostCommands.check("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE")
                .lines()
                .map(String::trim)
                .filter(line -> line.contains(" " + dir + "/"))
                .map(line -> line.split(" ")[0])
                .toList();
    }
}
