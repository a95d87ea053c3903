package io.github.oneclick.marketplace.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One system's share of the host, found again by name after a crash: a run directory {@code ocmp-<n>} in
 * {@link #RUNS} (the image copy, keys, scripts, console log and an owner record), a network namespace
 * {@code ocmp-<n>}, a veth pair {@code ocmp<n>h} (host) / {@code eth0} (system) with the addresses
 * {@code 10.213.x.y/30}, and the {@link MirrorProxy} on the host's address.
 *
 * <p>Slots are allocated and released under a lock file, so concurrent JVMs (other builds on the same machine) never
 * share one. Every allocation first removes the slots whose owning JVM is gone (killed before its shutdown hook ran):
 * their processes, namespace, link, loop devices and directory. A JVM shutdown hook releases a slot that a test did
 * not close.
 */
final class Slot implements AutoCloseable {
    static final String PREFIX = "ocmp";
    /** Where every JVM on the machine keeps its slots, whatever image cache it uses. */
    static final Path RUNS = DebianImage.DEFAULT_CACHE.resolve("run");

    private static final int SLOTS = 16_384;
    private static final int SUBNET = (10 << 24) | (213 << 16);
    /** Infix of a closed slot's directory while it is being deleted. */
    private static final String REMOVING = ".removing-";

    private static final String[] SCRIPTS = {"debian-namespace.sh", "debian-build.sh", "debian-boot.sh"};
    /** The in-JVM half of the lock (a file lock is per process); a lock object, not state. */
    private static final ReentrantLock JVM_LOCK = new ReentrantLock();

    private final String name;
    private final Path dir;
    private final Inet4Address hostAddress;
    private final Inet4Address guestAddress;
    private final Path lockFile;
    private final Consumer<String> progress;
    private final Thread shutdownHook;
    private final CompletableFuture<Void> deleted = new CompletableFuture<>();
    private MirrorProxy proxy;
    private boolean closed;

    private Slot(int index, Path runs, Path lockFile, Consumer<String> progress) {
        this.name = PREFIX + "-" + index;
        this.dir = runs.resolve(name);
        this.hostAddress = address(SUBNET + 4 * index + 1);
        this.guestAddress = address(SUBNET + 4 * index + 2);
        this.lockFile = lockFile;
        this.progress = progress;
        this.shutdownHook = new Thread(this::onShutdown, name + "-shutdown");
    }

    /** Allocates a free slot, after removing stale ones, and starts its mirror proxy for {@code mirrorHosts}. */
    static Slot allocate(Set<String> mirrorHosts, Consumer<String> progress) throws IOException {
        Path runs = Files.createDirectories(RUNS);
        Path lockFile = RUNS.getParent().resolve("run.lock");
        Slot slot = locked(lockFile, () -> {
            sweep(runs, progress);
            requireSubnetUnused();
            for (int index = 0; index < SLOTS; index++) {
                Slot candidate = new Slot(index, runs, lockFile, progress);
                if (!Files.exists(candidate.dir)
                        && !Files.exists(Path.of("/run/netns", candidate.name))
                        && !Files.exists(Path.of("/sys/class/net", candidate.hostLink()))) {
                    candidate.create();
                    return candidate;
                }
            }
            throw new IOException("all " + SLOTS + " slots under " + runs + " are in use");
        });
        try {
            slot.proxy = MirrorProxy.start(slot.hostAddress, mirrorHosts);
            return slot;
        } catch (IOException | RuntimeException e) {
            slot.close();
            throw e;
        }
    }

    private void create() throws IOException {
        Files.createDirectories(dir.resolve("root"));
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(
                dir.resolve("owner"),
                self.pid() + " "
                        + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "\n");
        try {
            HostCommands.check("ip", "netns", "add", name);
            HostCommands.check("ip", "link", "add", hostLink(), "type", "veth", "peer", "name", guestLink());
            HostCommands.check("ip", "link", "set", guestLink(), "netns", name);
            HostCommands.check("ip", "addr", "add", hostAddress.getHostAddress() + "/30", "dev", hostLink());
            HostCommands.check("ip", "link", "set", hostLink(), "up");
            HostCommands.check("ip", "-n", name, "link", "set", guestLink(), "name", "eth0");
            HostCommands.check("ip", "-n", name, "addr", "add", guestAddress.getHostAddress() + "/30", "dev", "eth0");
            HostCommands.check("ip", "-n", name, "link", "set", "eth0", "up");
            HostCommands.check("ip", "-n", name, "link", "set", "lo", "up");
            for (String script : SCRIPTS) {
                try (InputStream in = Slot.class.getResourceAsStream(script)) {
                    if (in == null) {
                        throw new IOException(script + " is missing from the test fixtures");
                    }
                    Files.write(dir.resolve(script), in.readAllBytes());
                }
            }
        } catch (IOException | RuntimeException e) {
            remove(name, dir, progress);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    /** The system's own root mount point (empty on the host: the image is mounted only inside the namespace). */
    Path root() {
        return dir.resolve("root");
    }

    Path image() {
        return dir.resolve("image.img");
    }

    Inet4Address guestAddress() {
        return guestAddress;
    }

    MirrorProxy proxy() {
        return proxy;
    }

    /**
     * Starts one of the scripts as root in the slot's network namespace and in fresh mount, PID, UTS and IPC
     * namespaces; its standard error is merged into its standard output.
     */
    Process launch(String script, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "nsenter",
                "--net=/run/netns/" + name,
                "--",
                "unshare",
                "--mount",
                "--pid",
                "--uts",
                "--ipc",
                "--fork",
                "--kill-child",
                "--propagation",
                "private",
                "--",
                "bash",
                dir.resolve(script).toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CAPS_DROPPED", DebianSystem.DROPPED_CAPABILITIES);
        return builder.start();
    }

    /**
     * Ends every process of the slot and removes its namespace, link and loop device at once; the directory (with
     * the image copy, whose blocks take seconds to free) is renamed out of the slot's way and deleted on a thread of
     * its own, which {@link #deleted()} follows and the shutdown hook waits for.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (proxy != null) {
            proxy.close();
        }
        Path removing;
        try {
            removing = locked(lockFile, this::release);
        } catch (IOException e) {
            progress.accept(
                    "Could not lock " + lockFile + " (" + e.getMessage() + "); removing " + name + " without it");
            removing = release();
        }
        if (removing == null) {
            deleted.complete(null);
        } else if (Thread.currentThread() == shutdownHook) {
            deleteQuietly(removing);
        } else {
            Path tree = removing;
            Thread deleter = new Thread(() -> deleteQuietly(tree), name + "-delete");
            deleter.start();
        }
    }

    /** Completes when the slot's directory is deleted after {@link #close()}. */
    CompletableFuture<Void> deleted() {
        return deleted;
    }

    /** The shutdown hook: closes the slot, or waits for the deletion that {@link #close()} started. */
    private void onShutdown() {
        close();
        try {
            deleted.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the next run removes what is left (the owner record names this JVM)
        }
    }

    /** Removes everything but the directory, which it renames; returns the new name, or null when it is gone. */
    private Path release() {
        release(name, progress);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        Path removing = RUNS.resolve(name + REMOVING + System.nanoTime());
        try {
            return Files.move(dir, removing);
        } catch (IOException e) {
            progress.accept("Could not rename " + dir + " (" + e.getMessage() + "); deleting it in place");
            return dir;
        }
    }

    private void deleteQuietly(Path tree) {
        delete(tree, progress);
        deleted.complete(null);
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook finds the slot closed and deleted
            }
        }
    }

    private String hostLink() {
        return name.replace("-", "") + "h";
    }

    private String guestLink() {
        return name.replace("-", "") + "g";
    }

    // ---------------------------------------------------------------- locking and stale slots

    private interface Locked<T> {
        T run() throws IOException;
    }

    private static <T> T locked(Path lockFile, Locked<T> action) throws IOException {
        boolean jvmLocked;
        try {
            jvmLocked = JVM_LOCK.tryLock(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + lockFile, e);
        }
        if (!jvmLocked) {
            throw new IOException("another thread holds " + lockFile + " for more than 120 s");
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            return action.run();
        } finally {
            JVM_LOCK.unlock();
        }
    }

    /** Removes the slots of JVMs that are gone, and namespaces and links of ours that have no slot directory. */
    static void sweep(Path runs, Consumer<String> progress) throws IOException {
        Set<String> live = new HashSet<>();
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX + "-"))
                    .toList()) {
                String name = dir.getFileName().toString();
                Optional<String> owner = owner(dir);
                if (owner.isEmpty()) {
                    live.add(name);
                } else {
                    progress.accept("Removing " + name + ", left behind by " + owner.get());
                    remove(name, dir, progress);
                }
            }
        }
        for (String line :
                HostCommands.quietly("ip", "netns", "list").stdout().lines().toList()) {
            String name = line.split(" ")[0];
            if (name.startsWith(PREFIX + "-") && !live.contains(name)) {
                progress.accept("Removing the network namespace " + name + ", which has no slot directory");
                remove(name, null, progress);
            }
        }
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            for (Path link : links.toList()) {
                String name = link.getFileName().toString();
                if (name.matches(PREFIX + "[0-9]+h")
                        && !live.contains(PREFIX + "-" + name.substring(PREFIX.length(), name.length() - 1))) {
                    HostCommands.quietly("ip", "link", "delete", name);
                }
            }
        }
        for (String line : HostCommands.quietly("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE")
                .stdout()
                .lines()
                .toList()) {
            String[] fields = line.trim().split("\\s+", 2);
            if (fields.length == 2
                    && fields[1].startsWith(runs + "/")
                    && live.stream().noneMatch(name -> fields[1].startsWith(runs.resolve(name) + "/"))) {
                HostCommands.quietly("losetup", "--detach", fields[0]);
            }
        }
    }

    /** Refuses to route 10.213.0.0/16 to systems when the machine already uses addresses in it. */
    private static void requireSubnetUnused() throws IOException {
        List<String> used = HostCommands.check("ip", "-o", "-4", "address", "show")
                .lines()
                .filter(line -> line.contains(" inet 10.213.") && !line.contains(PREFIX))
                .toList();
        if (!used.isEmpty()) {
            throw new IOException("The real-Linux test systems use 10.213.0.0/16, which this machine already"
                    + " uses: " + String.join("; ", used));
        }
    }

    /** Empty while the JVM that allocated the slot runs; otherwise who it was. */
    private static Optional<String> owner(Path dir) {
        try {
            String[] fields = Files.readString(dir.resolve("owner")).trim().split(" ");
            long pid = Long.parseLong(fields[0]);
            long started = Long.parseLong(fields[1]);
            boolean alive = ProcessHandle.of(pid)
                    .flatMap(p -> p.info().startInstant())
                    .map(Instant::toEpochMilli)
                    .filter(s -> s == started)
                    .isPresent();
            return alive ? Optional.empty() : Optional.of("process " + pid + ", which has ended");
        } catch (IOException | RuntimeException e) {
            return Optional.of("a process that left no owner record");
        }
    }

    /** Removes a stale slot: {@link #release(String, Consumer)}, then its directory. */
    private static void remove(String name, Path dir, Consumer<String> progress) {
        release(name, progress);
        if (dir != null) {
            delete(dir, progress);
        }
    }

    /**
     * Kills every process in the namespace (its PID 1 among them, which ends the PID namespace, the mount namespace
     * and so the loop mount), then deletes the namespace, the host's link and any loop device on the directory.
     */
    private static void release(String name, Consumer<String> progress) {
        if (Files.exists(Path.of("/run/netns", name))) {
            List<ProcessHandle> processes = HostCommands.quietly("ip", "netns", "pids", name)
                    .stdout()
                    .lines()
                    .map(String::trim)
                    .filter(s -> s.matches("[0-9]+"))
                    .map(pid -> ProcessHandle.of(Long.parseLong(pid)))
                    .flatMap(Optional::stream)
                    .toList();
            processes.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle process : processes) {
                try {
                    process.onExit().get(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    progress.accept("Process " + process.pid() + " of " + name + " did not end within 30 s");
                }
            }
            HostCommands.quietly("ip", "netns", "delete", name);
        }
        String link = name.replace("-", "") + "h";
        if (Files.exists(Path.of("/sys/class/net", link))) {
            HostCommands.quietly("ip", "link", "delete", link);
        }
        Path dir = RUNS.resolve(name);
        for (String line : HostCommands.quietly("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE")
                .stdout()
                .lines()
                .toList()) {
            String[] fields = line.trim().split("\\s+", 2);
            if (fields.length == 2 && fields[1].startsWith(dir + "/")) {
                HostCommands.quietly("losetup", "--detach", fields[0]);
            }
        }
    }

    /** Deletes a slot directory unless something is still mounted under it in the host's mount namespace. */
    private static void delete(Path dir, Consumer<String> progress) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            for (String mountPoint : mountsUnder(dir)) {
                HostCommands.quietly("umount", "--lazy", mountPoint);
            }
            if (!mountsUnder(dir).isEmpty()) {
                progress.accept("Kept " + dir + ": something is still mounted under it");
                return;
            }
            deleteTree(dir);
        } catch (IOException e) {
            progress.accept("Could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** Mount points under {@code dir} in the host's mount namespace (normally none). */
    private static List<String> mountsUnder(Path dir) throws IOException {
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && (fields[4].equals(dir.toString()) || fields[4].startsWith(dir + "/"))) {
                mounts.add(fields[4]);
            }
        }
        return mounts;
    }

    /**
     * Deletes a slot directory tree without following symbolic links, its owner record last, so that a sweep never
     * takes a directory that a live JVM is still deleting for one a crash left without an owner.
     */
    private static void deleteTree(Path dir) throws IOException {
        Path owner = dir.resolve("owner");
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.equals(owner)) {
                    Files.delete(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (d.equals(dir)) {
                    Files.deleteIfExists(owner);
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Inet4Address address(int value) {
        try {
            return (Inet4Address) InetAddress.getByAddress(
                    ByteBuffer.allocate(4).putInt(value).array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
