package io.github.oneclick.marketplace.testing;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The combined output of a build or boot script, followed on a thread of its own: every line goes to a log file in
 * the slot's directory and to a listener, the last lines stay in memory for error messages, and a test can wait for
 * a line (sshd's "Server listening on") without sleeping.
 */
final class ConsoleLog {
    private static final int TAIL_LINES = 60;

    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Predicate<String> awaited;
    private final CompletableFuture<String> seen = new CompletableFuture<>();

    private ConsoleLog(Predicate<String> awaited) {
        this.awaited = awaited;
    }

    /** Follows the process's standard output (with standard error merged) until it ends. */
    static ConsoleLog follow(Process process, Path file, Consumer<String> listener, Predicate<String> awaited) {
        ConsoleLog log = new ConsoleLog(awaited);
        Thread reader = new Thread(() -> log.read(process, file, listener), "debian-system-console");
        reader.setDaemon(true);
        reader.start();
        return log;
    }

    private void read(Process process, Path file, Consumer<String> listener) {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter out = Files.newBufferedWriter(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                listener.accept(line);
                if (!seen.isDone() && awaited.test(line)) {
                    seen.complete(line);
                }
            }
        } catch (IOException e) {
            // the process and its pipe are gone
        } finally {
            seen.completeExceptionally(new IOException("the output ended before the awaited line"));
            ended.complete(null);
        }
    }

    /** Waits for the awaited line; false when the output ended first or the time ran out. */
    boolean awaitLine(long timeoutSeconds) throws InterruptedException {
        try {
            seen.get(timeoutSeconds, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Waits until the output has been read to its end (after the process exited). */
    void awaitEnd(long timeoutSeconds) throws InterruptedException {
        try {
            ended.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the tail read so far is what there is
        }
    }

    /** The last lines, oldest first. */
    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /** The last lines as one indented block for messages. */
    String tailText() {
        return "    " + String.join("\n    ", tail());
    }
}
