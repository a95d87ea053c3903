package io.github.oneclick.marketplace.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a {@link DebianSystem} is made of: a Debian suite debootstrapped from a mirror (minbase), brought up to date
 * from the suite, its updates and its security archive, plus packages installed with apt, in an ext4 image of a
 * fixed size. Built once into {@link #cacheDirectory()} under a name keyed by all of that and by the build scripts
 * ({@link #cachedImage()}); each system boots a fresh sparse copy.
 *
 * @param suite the Debian suite, e.g. {@code bookworm}
 * @param mirror the Debian archive, e.g. {@code http://deb.debian.org/debian}
 * @param securityMirror the security archive, e.g. {@code http://deb.debian.org/debian-security}
 * @param packages installed on top of minbase, without recommends
 * @param sizeBytes the image size: the most any system (and the cleanup's zero-fill) can write
 * @param cacheDirectory where the built images live (outside any checkout)
 */
public record DebianImage(
        String suite, URI mirror, URI securityMirror, List<String> packages, long sizeBytes, Path cacheDirectory) {

    /**
     * What a DigitalOcean Debian build droplet has that the probe and the cleanup use: OpenSSH server, cloud-init,
     * ufw, sudo, systemd (for systemctl; it does not run as init here) and kmod (lsmod). apt and the rest of the
     * probe's and cleanup's commands are in minbase.
     */
    public static final List<String> DROPLET_PACKAGES =
            List.of("openssh-server", "cloud-init", "ufw", "sudo", "systemd", "kmod");
    /** Outside any checkout, so that every worktree and CI run on the machine shares one build. */
    public static final Path DEFAULT_CACHE = Path.of("/var/cache/oneclick-marketplace");
    /** Images not used for this long are deleted when another is built. */
    static final Duration UNUSED_IMAGE_LIFETIME = Duration.ofDays(30);

    private static final Pattern SUITE = Pattern.compile("[a-z]+");
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    private static final Pattern PER_PACKAGE =
            Pattern.compile("I: ((Retrieving|Validating) \\S+ \\S+|(Extracting|Unpacking|Configuring) \\S+\\.\\.\\.)");
    private static final long MIN_SIZE = 1L << 30;
    private static final long BUILD_TIMEOUT_MINUTES = 30;
    /** The in-JVM half of the build lock (a file lock is per process); a lock object, not state. */
    private static final ReentrantLock BUILD_LOCK = new ReentrantLock();

    public DebianImage {
        if (suite == null || !SUITE.matcher(suite).matches()) {
            throw new IllegalArgumentException("suite '" + suite + "' is not a Debian suite name such as bookworm");
        }
        requireHttp(mirror, "mirror");
        requireHttp(securityMirror, "securityMirror");
        packages = List.copyOf(packages);
        for (String p : packages) {
            if (!PACKAGE.matcher(p).matches()) {
                throw new IllegalArgumentException("'" + p + "' is not a Debian package name");
            }
        }
        if (sizeBytes < MIN_SIZE) {
            throw new IllegalArgumentException(
                    "sizeBytes " + sizeBytes + " is below 1 GiB, too small for " + "cloud-init and its Python");
        }
        if (cacheDirectory == null || !cacheDirectory.isAbsolute()) {
            throw new IllegalArgumentException("cacheDirectory must be an absolute path, was " + cacheDirectory);
        }
    }

    private static void requireHttp(URI uri, String name) {
        if (uri == null || !"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() != -1) {
            throw new IllegalArgumentException(name + " must be a plain http:// URL on port 80 (apt and debootstrap"
                    + " reach it through the mirror proxy), was " + uri);
        }
    }

    /** Debian 12 with {@link #DROPLET_PACKAGES} in a 2 GiB image, cached in {@link #DEFAULT_CACHE}. */
    public static DebianImage bookworm() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The hosts the mirror proxy serves: the mirror's and the security mirror's. */
    public Set<String> mirrorHosts() {
        return Set.copyOf(List.of(
                mirror.getHost().toLowerCase(Locale.ROOT),
                securityMirror.getHost().toLowerCase(Locale.ROOT)));
    }

    /** The cache key: a hash of everything that goes into the image, the build scripts included. */
    public String key() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<String> inputs = new ArrayList<>(List.of(
                    suite,
                    mirror.toString(),
                    securityMirror.toString(),
                    String.join(",", new TreeSet<>(packages)),
                    Long.toString(sizeBytes)));
            for (String script : List.of("debian-namespace.sh", "debian-build.sh")) {
                try (InputStream in = DebianImage.class.getResourceAsStream(script)) {
                    if (in == null) {
                        throw new IllegalStateException(script + " is missing from the test fixtures");
                    }
                    inputs.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            for (String input : inputs) {
                sha.update(input.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot compute the image key", e);
        }
    }

    /** Where the built image is (or will be). */
    public Path cachedImage() {
        return cacheDirectory.resolve("debian-" + suite + "-" + key() + ".img");
    }

    public boolean cached() {
        return Files.isRegularFile(cachedImage());
    }

    /**
     * Returns the cached image, building it first when the cache has none (minutes; progress goes to
     * {@code progress}). Concurrent JVMs wait for one build.
     */
    public Path ensureBuilt(Consumer<String> progress) throws IOException {
        Path image = cachedImage();
        if (Files.isRegularFile(image)) {
            Files.setLastModifiedTime(image, FileTime.from(Instant.now()));
            return image;
        }
        Files.createDirectories(cacheDirectory);
        boolean locked;
        try {
            locked = BUILD_LOCK.tryLock(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the image build", e);
        }
        if (!locked) {
            throw new IOException(
                    "another thread has been building " + image + " for " + BUILD_TIMEOUT_MINUTES + " minutes");
        }
        try (FileChannel channel = FileChannel.open(
                        cacheDirectory.resolve("build.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (!Files.isRegularFile(image)) {
                build(image, progress);
                deleteUnusedImages(image, progress);
            }
            return image;
        } finally {
            BUILD_LOCK.unlock();
        }
    }

    private void build(Path image, Consumer<String> progress) throws IOException {
        progress.accept("Building the Debian " + suite + " image for the real-Linux tests into " + image
                + " (only when the cache has none; a few minutes)...");
        long start = System.nanoTime();
        try (Slot slot = Slot.allocate(mirrorHosts(), progress)) {
            Process process = slot.launch(
                    "debian-build.sh",
                    List.of(
                            slot.image().toString(),
                            slot.root().toString(),
                            slot.proxy().url(),
                            Long.toString(sizeBytes),
                            suite,
                            mirror.toString(),
                            securityMirror.toString(),
                            String.join(",", packages)));
            ConsoleLog console = ConsoleLog.follow(
                    process,
                    slot.dir().resolve("console.log"),
                    line -> {
                        if (isProgress(line)) {
                            progress.accept(String.format(Locale.ROOT, "  [%3d s] %s", elapsedSeconds(start), line));
                        }
                    },
                    line -> false);
            try {
                if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    throw new IOException("Building " + image + " took more than " + BUILD_TIMEOUT_MINUTES
                            + " minutes; last output:\n" + console.tailText());
                }
                console.awaitEnd(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while building " + image, e);
            }
            if (process.exitValue() != 0) {
                throw new IOException("Building " + image + " failed (exit code " + process.exitValue() + "); the"
                        + " mirror " + mirror + " must be reachable. Last output:\n" + console.tailText());
            }
            Path partial = cacheDirectory.resolve(image.getFileName() + ".partial");
            Files.move(slot.image(), partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, image, StandardCopyOption.ATOMIC_MOVE);
        }
        progress.accept("Built " + image + " in " + elapsedSeconds(start) + " s.");
    }

    /** The build's phases: its own lines and debootstrap's, without one line per package. */
    private static boolean isProgress(String line) {
        return line.startsWith("debian-system: ")
                || (line.startsWith("I: ") && !PER_PACKAGE.matcher(line).matches());
    }

    private static long elapsedSeconds(long start) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    }

    /** Deletes other images of this cache that no run used for {@link #UNUSED_IMAGE_LIFETIME}. */
    private void deleteUnusedImages(Path keep, Consumer<String> progress) throws IOException {
        Instant cutoff = Instant.now().minus(UNUSED_IMAGE_LIFETIME);
        try (Stream<Path> files = Files.list(cacheDirectory)) {
            for (Path file : files.filter(f ->
                            f.getFileName().toString().matches("debian-[a-z]+-[0-9a-f]{16}\\.img" + "(\\.partial)?"))
                    .toList()) {
                if (!file.equals(keep)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    progress.accept("Deleting " + file + ", unused since " + Files.getLastModifiedTime(file));
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Builds a {@link DebianImage}; {@link #build()} checks every value. */
    public static final class Builder {
        private String suite = "bookworm";
        private URI mirror = URI.create("http://deb.debian.org/debian");
        private URI securityMirror = URI.create("http://deb.debian.org/debian-security");
        private final Set<String> packages = new LinkedHashSet<>(DROPLET_PACKAGES);
        private long sizeBytes = 2L << 30;
        private Path cacheDirectory = DEFAULT_CACHE;

        private Builder() {}

        public Builder suite(String suite) {
            this.suite = suite;
            return this;
        }

        public Builder mirror(URI mirror) {
            this.mirror = mirror;
            return this;
        }

        public Builder securityMirror(URI securityMirror) {
            this.securityMirror = securityMirror;
            return this;
        }

        /** Adds packages to {@link #DROPLET_PACKAGES}. */
        public Builder addPackages(String... names) {
            packages.addAll(List.of(names));
            return this;
        }

        public Builder sizeBytes(long sizeBytes) {
            this.sizeBytes = sizeBytes;
            return this;
        }

        public Builder cacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = cacheDirectory;
            return this;
        }

        public DebianImage build() {
            return new DebianImage(suite, mirror, securityMirror, List.copyOf(packages), sizeBytes, cacheDirectory);
        }
    }
}
