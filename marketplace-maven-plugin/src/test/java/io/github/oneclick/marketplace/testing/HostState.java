package io.github.oneclick.marketplace.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A snapshot of what the validation cleanup (and anything else run inside a {@link DebianSystem}) would change if it
 * reached this machine: the SSH host keys and root's {@code authorized_keys} and shell history (hashes), the
 * {@code /etc/ssh}, {@code /var/log} and cloud-init instance listings, given marker files, the firewall ruleset
 * ({@code nft list ruleset} and the legacy iptables tables), the network links, addresses and routes, the host name
 * and IP forwarding. The systems' own links ({@code ocmp...}) are left out, so a snapshot taken while another system
 * runs compares equal. Equal snapshots before and after prove the host untouched.
 *
 * @param entries what was seen, by name
 */
public record HostState(SortedMap<String, String> entries) {

    public HostState {
        entries = new TreeMap<>(entries);
    }

    /** Takes a snapshot, including the content hash (or absence) of each marker file. */
    public static HostState capture(Collection<Path> markers) throws IOException {
        SortedMap<String, String> entries = new TreeMap<>();
        try (DirectoryStream<Path> keys = Files.newDirectoryStream(Path.of("/etc/ssh"), "*key*")) {
            for (Path key : keys) {
                entries.put("file " + key, hash(key));
            }
        } catch (IOException e) {
            entries.put("listing /etc/ssh/*key*", "unreadable: " + e.getMessage());
        }
        for (Path file : List.of(Path.of("/root/.ssh/authorized_keys"), Path.of("/root/.bash_history"))) {
            entries.put("file " + file, hash(file));
        }
        for (Path marker : markers) {
            entries.put("marker " + marker, hash(marker));
        }
        for (Path dir : List.of(Path.of("/etc/ssh"), Path.of("/var/log"), Path.of("/var/lib/cloud/instances"))) {
            entries.put("listing " + dir, listing(dir));
        }
        entries.put(
                "firewall nft list ruleset",
                HostCommands.installed("nft")
                        ? HostCommands.quietly("nft", "list", "ruleset").stdout()
                        : "nft is not installed");
        for (String table : List.of("ip_tables_names", "ip6_tables_names", "arp_tables_names")) {
            Path names = Path.of("/proc/net", table);
            entries.put("firewall " + names, Files.isReadable(names) ? Files.readString(names) : "absent");
        }
        entries.put(
                "network links",
                withoutSystems(HostCommands.quietly("ip", "-o", "link", "show").stdout()));
        entries.put(
                "network addresses",
                withoutSystems(HostCommands.quietly("ip", "-o", "address", "show")
                        .stdout()
                        .replaceAll("\\s+(valid_lft|preferred_lft) \\S+", "")));
        entries.put(
                "network routes",
                withoutSystems(HostCommands.quietly("ip", "route", "show", "table", "all")
                        .stdout()));
        entries.put(
                "hostname",
                Files.readString(Path.of("/proc/sys/kernel/hostname")).trim());
        entries.put(
                "sysctl net.ipv4.ip_forward",
                Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).trim());
        return new HostState(entries);
    }

    /** The entries that differ from {@code later}, one line each. */
    public List<String> differences(HostState later) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(entries.keySet());
        names.addAll(later.entries.keySet());
        for (String name : names) {
            String before = entries.get(name);
            String after = later.entries.get(name);
            if (before == null || !before.equals(after)) {
                differences.add(name + ": " + before + " -> " + after);
            }
        }
        return differences;
    }

    private static String hash(Path file) {
        if (!Files.exists(file)) {
            return "absent";
        }
        try {
            return "sha256 "
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))) + ", "
                    + Files.size(file) + " bytes";
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static String listing(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "absent";
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.joining(" "));
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** The lines of an {@code ip} listing that do not concern a system's link. */
    private static String withoutSystems(String listing) {
        return listing.lines()
                .filter(line -> !line.contains(Slot.PREFIX))
                .sorted()
                .collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return entries.entrySet().stream().map(Map.Entry::toString).collect(Collectors.joining("\n"));
    }
}
