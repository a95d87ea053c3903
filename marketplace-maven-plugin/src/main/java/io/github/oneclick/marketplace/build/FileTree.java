package io.github.oneclick.marketplace.build;

import io.github.oneclick.vendor.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A local directory laid out like the droplet's root, as Packer's file provisioner is used for Marketplace images:
 * {@code src/marketplace/files/etc/nginx/sites-available/x} goes to {@code /etc/nginx/sites-available/x}. Scanned
 * before anything remote, so bad input fails before a droplet exists: the directory must exist, and it may hold only
 * directories and regular files (a symbolic link counts as the file it points to, and must point to a regular file
 * inside the tree). Each entry keeps its permission bits.
 *
 * @param root the scanned directory
 * @param entries directories before their contents, in name order
 */
public record FileTree(Path root, List<Entry> entries) {
    /** The setting this input comes from, in the library's terms. */
    public static final String SETTING = "files";

    public FileTree {
        Objects.requireNonNull(root, "root");
        entries = List.copyOf(entries);
    }

    /** What an entry is. */
    public enum Kind {
        DIRECTORY,
        FILE
    }

    /**
     * One directory or file.
     *
     * @param remotePath the absolute path on the droplet ({@code /etc/motd})
     * @param source the local file to read (a link's target)
     * @param kind directory or file
     * @param mode the permission bits ({@code 0755}), without the file type
     * @param size bytes (0 for a directory)
     */
    public record Entry(String remotePath, Path source, Kind kind, int mode, long size) {
        @Override
        public String toString() {
            return String.format("%s %04o %d %s", kind == Kind.DIRECTORY ? "d" : "-", mode, size, remotePath);
        }
    }

    /**
     * Scans the directory.
     *
     * @throws InvalidSettingException when it is missing or not a directory, or holds a link that leaves the tree, a
     *     link to a directory, a broken link, a special file (device, pipe, socket) or a name with control characters
     */
    public static FileTree scan(Path root) {
        Objects.requireNonNull(root, "root");
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidSettingException(
                    SETTING + ": the directory " + root + " does not exist (or is not a directory). Create it with the"
                            + " files laid out as on the droplet (e.g. " + root.resolve("etc/motd")
                            + "), or point the setting at the right directory.",
                    SETTING);
        }
        Path realRoot;
        List<Path> paths;
        try {
            realRoot = root.toRealPath();
            try (Stream<Path> walk = Files.walk(root)) {
                paths = walk.filter(p -> !p.equals(root)).sorted().toList();
            }
        } catch (IOException e) {
            throw new InvalidSettingException(
                    SETTING + ": cannot read " + root + " (" + e.getMessage() + "). Check its permissions.",
                    e,
                    SETTING);
        }
        List<Entry> entries = new ArrayList<>();
        for (Path path : paths) {
            entries.add(entry(root, realRoot, path));
        }
        return new FileTree(root, entries);
    }

    private static Entry entry(Path root, Path realRoot, Path path) {
        String relative = root.relativize(path).toString().replace('\\', '/');
        if (relative.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw refuse(path, "has a control character in its name");
        }
        String remote = "/" + relative;
        try {
            BasicFileAttributes own = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (own.isDirectory()) {
                return new Entry(remote, path, Kind.DIRECTORY, mode(path), 0);
            }
            if (own.isRegularFile()) {
                return new Entry(remote, path, Kind.FILE, mode(path), own.size());
            }
            if (own.isSymbolicLink()) {
                Path target;
                try {
                    target = path.toRealPath();
                } catch (IOException e) {
                    throw refuse(path, "is a broken symbolic link (to " + Files.readSymbolicLink(path) + ")");
                }
                if (!target.startsWith(realRoot)) {
                    throw refuse(
                            path,
                            "is a symbolic link to " + target + ", outside " + root
                                    + "; copy the file into the tree instead");
                }
                if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw refuse(path, "is a symbolic link to " + target + ", which is not a regular file");
                }
                return new Entry(remote, target, Kind.FILE, mode(target), Files.size(target));
            }
            throw refuse(path, "is a special file (device, pipe or socket); only directories and regular files go up");
        } catch (IOException e) {
            throw new InvalidSettingException(
                    SETTING + ": cannot read " + path + " (" + e.getMessage() + ")", e, SETTING);
        }
    }

    private static InvalidSettingException refuse(Path path, String why) {
        return new InvalidSettingException(SETTING + ": " + path + " " + why + ".", SETTING);
    }

    /** The permission bits, with set-uid, set-gid and sticky where the file system tells them. */
    static int mode(Path path) throws IOException {
        try {
            Object unix = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (unix instanceof Integer value) {
                return value & 07777;
            }
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // not a Unix file system: the POSIX view, or defaults
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            int mode = 0;
            for (PosixFilePermission p : permissions) {
                mode |= 1 << (8 - p.ordinal());
            }
            return mode;
        } catch (UnsupportedOperationException e) {
            return Files.isDirectory(path) ? 0755 : (Files.isExecutable(path) ? 0755 : 0644);
        }
    }

    /** The files (not directories). */
    public List<Entry> files() {
        return entries.stream().filter(e -> e.kind() == Kind.FILE).toList();
    }

    /** The bytes of all files. */
    public long totalBytes() {
        return entries.stream().mapToLong(Entry::size).sum();
    }

    @Override
    public String toString() {
        return "FileTree[" + root + ", " + files().size() + " files, " + totalBytes() + " bytes]";
    }
}
