package io.github.oneclick.marketplace.machine;

import java.util.function.Consumer;

/**
 * The machine the checks run on: a droplet over SSH, this machine, or a mounted image directory.
 *
 * <p>A machine runs exactly one POSIX {@code sh} script per call, feeding the script on standard input, and
 * returns its output. Implementations never log or report the script's secrets (there are none in the probe)
 * nor their own credentials.
 */
public interface Machine extends AutoCloseable {

    /**
     * Runs one script with {@code /bin/sh} and waits for it.
     *
     * @param script the complete script text, fed on standard input
     * @param stdoutLines receives each standard output line as it arrives (for progress); may ignore them
     * @return the exit code and the complete output
     * @throws MachineException when the machine cannot be reached, refuses us, or the script times out
     */
    ExecResult run(String script, Consumer<String> stdoutLines) throws MachineException;

    /** A short human description for messages, e.g. {@code ssh root@203.0.113.7:22}. Never contains secrets. */
    String describe();

    /** Whether the cleanup steps can run on this machine (false for a mounted image directory). */
    default boolean supportsCleanup() {
        return true;
    }

    @Override
    default void close() {}
}
