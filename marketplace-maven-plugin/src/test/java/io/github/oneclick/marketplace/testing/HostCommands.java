package io.github.oneclick.marketplace.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the host's tools for the fixture (as root); every failure carries the command and its output. */
final class HostCommands {
    private static final List<String> SEARCH_PATH =
            List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private HostCommands() {}

    /** Runs a command to completion within the timeout. */
    static CommandResult run(List<String> command, String stdin, long timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            return new CommandResult(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Runs a command that must succeed and returns its standard output. */
    static String check(String... command) throws IOException {
        CommandResult result = run(List.of(command), null, 300);
        if (!result.succeeded()) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + result.exitCode() + ": "
                    + (result.stderr() + result.stdout()).strip());
        }
        return result.stdout();
    }

    /** Runs a command whose failure is acceptable (clean-up of what may already be gone). */
    static CommandResult quietly(String... command) {
        try {
            return run(List.of(command), null, 60);
        } catch (IOException e) {
            return new CommandResult(-1, "", String.valueOf(e.getMessage()));
        }
    }

    /** Whether an executable of that name is on the usual root search path. */
    static boolean installed(String tool) {
        return SEARCH_PATH.stream().map(dir -> Path.of(dir, tool)).anyMatch(Files::isExecutable);
    }

    /** Reads a stream to its end on a thread of its own (blocking reads stay out of shared pools). */
    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (in) {
                        text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        text.completeExceptionally(new UncheckedIOException(e));
                    }
                },
                "host-command-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
