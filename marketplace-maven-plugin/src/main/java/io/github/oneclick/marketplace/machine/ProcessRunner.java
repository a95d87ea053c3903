package io.github.oneclick.marketplace.machine;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs a script with a local {@code /bin/sh}: shared by {@link LocalMachine} and {@link RootDirMachine}. */
final class ProcessRunner {
    private ProcessRunner() {}

    static ExecResult run(
            List<String> command,
            Map<String, String> environment,
            String script,
            Duration timeout,
            Consumer<String> stdoutLines,
            String description)
            throws MachineException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new MachineException(
                    MachineException.Kind.PROBE_FAILED,
                    "Could not start "
                            + String.join(" ", command) + " for " + description + ": " + e.getMessage()
                            + ". A POSIX /bin/sh is required on this machine; use marketplace.target=ssh to validate a"
                            + " droplet.",
                    e);
        }
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread writer = new Thread(
                () -> {
                    try (OutputStream stdin = process.getOutputStream()) {
                        stdin.write(script.getBytes(StandardCharsets.UTF_8));
                    } catch (IOException ignored) {
                        // the shell exited early; its exit code tells why
                    }
                },
                "probe-stdin");
        Thread errReader = new Thread(() -> copy(process.getErrorStream(), err), "probe-stderr");
        Thread outReader = new Thread(
                () -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            synchronized (out) {
                                out.append(line).append('\n');
                            }
                            stdoutLines.accept(line);
                        }
                    } catch (IOException ignored) {
                        // the process was destroyed
                    }
                },
                "probe-stdout");
        writer.setDaemon(true);
        errReader.setDaemon(true);
        outReader.setDaemon(true);
        writer.start();
        errReader.start();
        outReader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new MachineException(
                        MachineException.Kind.TIMEOUT,
                        "The validation script on " + description
                                + " did not finish within " + timeout.toSeconds()
                                + " s and was stopped. Raise the command"
                                + " timeout, or run without marketplace.cleanup (the package upgrade is the slow part).");
            }
            outReader.join(timeout.toMillis());
            errReader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new MachineException(MachineException.Kind.TIMEOUT, "Interrupted while validating " + description, e);
        }
        synchronized (out) {
            return new ExecResult(process.exitValue(), out.toString(), err.toString(StandardCharsets.UTF_8));
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream sink) {
        try (in) {
            in.transferTo(sink);
        } catch (IOException ignored) {
            // the process was destroyed
        }
    }
}
