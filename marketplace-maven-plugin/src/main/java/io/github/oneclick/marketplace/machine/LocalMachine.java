package io.github.oneclick.marketplace.machine;

import io.github.oneclick.vendor.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Validates the machine the build runs on (for example inside a Packer shell-local or on the droplet itself). */
public final class LocalMachine implements Machine {
    private final Duration commandTimeout;

    public LocalMachine() {
        this(Duration.ofMinutes(30));
    }

    public LocalMachine(Duration commandTimeout) {
        this.commandTimeout = Durations.requirePositive(commandTimeout, "commandTimeout");
    }

    @Override
    public ExecResult run(String script, Consumer<String> stdoutLines) throws MachineException {
        return ProcessRunner.run(List.of("/bin/sh", "-s"), Map.of(), script, commandTimeout, stdoutLines, describe());
    }

    @Override
    public String describe() {
        return "local machine";
    }

    @Override
    public String toString() {
        return "LocalMachine[commandTimeout=" + commandTimeout + "]";
    }
}
