package io.github.oneclick.marketplace.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What the real-Linux tests need from the machine, and what is missing: root, the host tools (with the Debian
 * package that has each), the kernel's loop devices and namespaces, and, while the image is not cached yet, the
 * Debian mirror.
 *
 * @param missing each missing item in words, empty when everything is there
 * @param packages the Debian packages that provide the missing tools
 */
record Prerequisites(List<String> missing, Set<String> packages) {
    /** Each host tool the fixture runs, and its Debian package. */
    static final Map<String, String> TOOLS = tools();

    Prerequisites {
        missing = List.copyOf(missing);
        packages = Set.copyOf(packages);
    }

    private static Map<String, String> tools() {
        Map<String, String> tools = new LinkedHashMap<>();
        tools.put("debootstrap", "debootstrap");
        tools.put("mkfs.ext4", "e2fsprogs");
        tools.put("losetup", "mount");
        tools.put("mount", "mount");
        tools.put("umount", "mount");
        tools.put("unshare", "util-linux");
        tools.put("nsenter", "util-linux");
        tools.put("pivot_root", "util-linux");
        tools.put("ip", "iproute2");
        tools.put("ssh-keygen", "openssh-client");
        tools.put("cp", "coreutils");
        tools.put("truncate", "coreutils");
        tools.put("bash", "bash");
        return Map.copyOf(tools);
    }

    /** Checks this machine for {@code image}. */
    static Prerequisites check(DebianImage image) {
        return check(
                rootUser(),
                HostCommands::installed,
                Files::exists,
                image.cached()
                        || reachable(image.mirror()
                                .resolve(image.mirror().getPath() + "/dists/" + image.suite() + "/InRelease")),
                image.mirror().toString());
    }

    static Prerequisites check(
            boolean root, Predicate<String> installed, Predicate<Path> exists, boolean mirrorReachable, String mirror) {
        List<String> missing = new ArrayList<>();
        Set<String> packages = new LinkedHashSet<>();
        if (!root) {
            missing.add("root (they create loop devices, namespaces and network links)");
        }
        List<String> tools = new ArrayList<>();
        new TreeMap<>(TOOLS).forEach((tool, pkg) -> {
            if (!installed.test(tool)) {
                tools.add(tool);
                packages.add(pkg);
            }
        });
        if (!tools.isEmpty()) {
            missing.add("the tools " + String.join(", ", tools));
        }
        for (String path : List.of(
                "/dev/loop-control",
                "/proc/self/ns/net",
                "/proc/self/ns/pid",
                "/proc/self/ns/mnt",
                "/proc/self/ns/uts",
                "/proc/self/ns/ipc")) {
            if (!exists.test(Path.of(path))) {
                missing.add("kernel support for " + path);
            }
        }
        if (!mirrorReachable) {
            missing.add("access to the Debian mirror " + mirror + " (needed once, to build the cached image)");
        }
        return new Prerequisites(missing, packages);
    }

    boolean met() {
        return missing.isEmpty();
    }

    /** What is missing and what to install, in one sentence. */
    String reason() {
        return "The real-Linux tests need " + String.join("; ", missing)
                + (packages.isEmpty()
                        ? ""
                        : ". Install them with: apt-get install -y " + String.join(" ", new TreeSet<>(packages)))
                + ".";
    }

    private static boolean rootUser() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .findFirst()
                    .map(line -> line.split("\\s+")[2].equals("0"))
                    .orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean reachable(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setRequestMethod("HEAD");
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(10_000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }
}
