package io.github.oneclick.marketplace.machine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Validates a mounted image or chroot directory. File facts are read under the directory (the probe's
 * {@code PROBE_ROOT}); command facts (ufw, cloud-init version, pending updates, architecture) are reported as not
 * collected, because running the host's commands would describe the host, not the image.
 */
public final class RootDirMachine implements Machine {
    private final Path root;
    private final Duration commandTimeout;

    public RootDirMachine(Path root) {
        this(root, Duration.ofMinutes(5));
    }

    public RootDirMachine(Path root, Duration commandTimeout) {
        Objects.requireNonNull(root, "root");
        this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("marketplace.target=dir:" + root
                    + " is not a directory; mount the image (or extract the root file system) and give its path");
        }
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public ExecResult run(String script, Consumer<String> stdoutLines) throws MachineException {
        return ProcessRunner.run(
                List.of("/bin/sh", "-s"),
                Map.of("PROBE_ROOT", root.toString(), "PROBE_COMMANDS", "0"),
                script,
                commandTimeout,
                stdoutLines,
                describe());
    }

    @Override
    public String describe() {
        return "directory " + root;
    }

    @Override
    public boolean supportsCleanup() {
        return false;
    }

    @Override
    public String toString() {
        return "RootDirMachine[" + root + "]";
    }
}
