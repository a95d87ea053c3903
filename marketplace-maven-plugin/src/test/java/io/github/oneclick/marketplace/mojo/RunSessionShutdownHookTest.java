package io.github.oneclick.marketplace.mojo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The run's shutdown hook in a real JVM that is killed: a child JVM ({@link RunSessionHookMain}) holds a run with a
 * droplet and an SSH key, as a build does while it waits on its droplet, and this test kills it the way Ctrl-C or a CI
 * runner's cancel does (SIGTERM), against a fake API that records every request.
 *
 * <p>On Windows a process cannot be asked to end: {@code destroy()} terminates it at once, as
 * {@code destroyForcibly()} does, so no hook can run there.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "destroy() is forcible on Windows: no shutdown hook runs")
class RunSessionShutdownHookTest {
    /** Bounds every wait on the child: generous, for a loaded CI machine; none is a sleep. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    private static final String DROPLET = "/v2/droplets/" + RunSessionHookMain.DROPLET_ID;
    private static final String KEY = "/v2/account/keys/" + RunSessionHookMain.KEY_FINGERPRINT;

    private final FakeApi api = new FakeApi();
    private MockWebServer server;
    private Child child;

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(api);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (child != null) {
            child.process.destroyForcibly();
        }
        server.shutdown();
    }

    @Test
    void aKilledBuildDeletesWhatItCreatedOnTheWayOut() throws Exception {
        child = Child.start(server.url("/").toString());
        child.awaitLine(RunSessionHookMain.READY);
        assertThat(api.deletes()).as("nothing is deleted while the build runs").isEmpty();

        child.terminate();
        int exit = child.awaitExit();

        assertThat(exit).as("a JVM ended by SIGTERM exits with 128 + 15").isEqualTo(143);
        assertThat(api.deletes())
                .as("requests: %s%noutput:%n%s", api.requests, child.output())
                .containsExactlyInAnyOrder("DELETE " + DROPLET, "DELETE " + KEY);
        assertThat(api.unexpected).isEmpty();
        assertThat(child.output())
                .contains("The build ended before run ")
                .contains("deleted what it created; deleting it now.")
                .contains("droplet " + RunSessionHookMain.DROPLET_ID + " (" + RunSessionHookMain.DROPLET_NAME
                        + ") deleted after")
                .contains("SSH key " + RunSessionHookMain.KEY_NAME + " (" + RunSessionHookMain.KEY_FINGERPRINT
                        + ") deleted after")
                .doesNotContain("NOT deleted")
                .doesNotContain("Could not delete");
    }

    @Test
    void aFinishedBuildKilledLaterDeletesNothingMore() throws Exception {
        child = Child.start(server.url("/").toString(), RunSessionHookMain.FINISH);
        child.awaitLine(RunSessionHookMain.FINISHED);
        List<String> byFinish = api.deletes();
        assertThat(byFinish)
                .as("finish deletes each resource once; output:%n%s", child.output())
                .containsExactlyInAnyOrder("DELETE " + DROPLET, "DELETE " + KEY);

        child.terminate();
        int exit = child.awaitExit();

        assertThat(exit).isEqualTo(143);
        assertThat(api.deletes())
                .as("the hook was removed: no DELETE after the kill")
                .isEqualTo(byFinish);
        assertThat(api.unexpected).isEmpty();
        assertThat(child.output()).doesNotContain("The build ended before run");
    }

    /**
     * The limit of a shutdown hook: SIGKILL ({@code kill -9}, an OOM killer, a CI runner that gives up waiting) ends the
     * JVM without running any hook, so the droplet and the key stay on the account. That is what
     * {@code mvn marketplace:leftovers} is for: it finds them by the run's tag and name.
     */
    @Test
    void aBuildKilledOutrightDeletesNothingWhichIsWhatTheLeftoversGoalIsFor() throws Exception {
        child = Child.start(server.url("/").toString());
        child.awaitLine(RunSessionHookMain.READY);

        child.kill();
        int exit = child.awaitExit();

        assertThat(exit).as("a JVM ended by SIGKILL exits with 128 + 9").isEqualTo(137);
        assertThat(api.requests).as("output:%n%s", child.output()).isEmpty();
        assertThat(child.output()).doesNotContain("The build ended before run");
    }

    /**
     * DigitalOcean for one droplet and one key: each is found until it is deleted, then reads answer 404, as the
     * removal's confirming read expects. Records every request as {@code METHOD /path}.
     */
    private static final class FakeApi extends Dispatcher {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        private final Set<String> deleted = ConcurrentHashMap.newKeySet();
        private final Map<String, String> bodies = Map.of(
                DROPLET,
                "{\"droplet\":{\"id\":" + RunSessionHookMain.DROPLET_ID + ",\"name\":\""
                        + RunSessionHookMain.DROPLET_NAME + "\",\"status\":\"active\",\"locked\":false}}",
                KEY,
                "{\"ssh_key\":{\"id\":7,\"fingerprint\":\"" + RunSessionHookMain.KEY_FINGERPRINT + "\",\"name\":\""
                        + RunSessionHookMain.KEY_NAME + "\",\"public_key\":\"ssh-ed25519 AAAA build@ci\"}}");

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = "/" + String.join("/", request.getRequestUrl().pathSegments());
            String method = request.getMethod();
            requests.add(method + " " + path);
            if (!bodies.containsKey(path) || !("GET".equals(method) || "DELETE".equals(method))) {
                unexpected.add(method + " " + path);
                return json(400, "{\"id\":\"bad_request\",\"message\":\"not expected by this test\"}");
            }
            if (deleted.contains(path)) {
                return json(404, "{\"id\":\"not_found\",\"message\":\"The resource could not be found.\"}");
            }
            if ("DELETE".equals(method)) {
                deleted.add(path);
                return new MockResponse().setResponseCode(204);
            }
            return json(200, bodies.get(path));
        }

        List<String> deletes() {
            return requests.stream().filter(r -> r.startsWith("DELETE ")).toList();
        }

        private static MockResponse json(int code, String body) {
            return new MockResponse()
                    .setResponseCode(code)
                    .setHeader("Content-Type", "application/json")
                    .setBody(body);
        }
    }

    /** The child JVM, with its stdout and stderr read line by line as they come. */
    private static final class Child {
        final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Map<String, CompletableFuture<Void>> awaited = new ConcurrentHashMap<>();
        private final CompletableFuture<Void> eof = new CompletableFuture<>();

        private Child(Process process) {
            this.process = process;
            Thread reader = new Thread(this::read, "run-session-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String... args) throws IOException {
            String java = ProcessHandle.current()
                    .info()
                    .command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString());
            List<String> command = new ArrayList<>(List.of(
                    java,
                    "-Xshare:auto",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    RunSessionHookMain.class.getName()));
            command.addAll(List.of(args));
            return new Child(
                    new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        private void read() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                    CompletableFuture<Void> waiter = awaited.get(line.strip());
                    if (waiter != null) {
                        waiter.complete(null);
                    }
                }
                eof.complete(null);
            } catch (IOException | RuntimeException e) {
                eof.completeExceptionally(e);
            }
        }

        /** Waits, bounded, until the child prints this line. */
        void awaitLine(String line) throws InterruptedException {
            CompletableFuture<Void> waiter = awaited.computeIfAbsent(line, l -> new CompletableFuture<>());
            if (lines.stream().anyMatch(l -> l.strip().equals(line))) {
                waiter.complete(null);
            }
            try {
                waiter.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new AssertionError(
                        "the child did not print '" + line + "' within " + BOUND + "; alive: " + process.isAlive()
                                + ", output:\n" + output(),
                        e);
            }
        }

        /** Waits, bounded, until the child has exited and all its output is read; returns its exit code. */
        int awaitExit() throws InterruptedException {
            if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the child did not exit within " + BOUND + "; output:\n" + output());
            }
            try {
                eof.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new AssertionError("the child's output did not end; output:\n" + output(), e);
            }
            return process.exitValue();
        }

        /**
         * SIGTERM, as Ctrl-C's SIGINT or a CI runner's cancel: the JVM runs its shutdown hooks. Sent through the
         * process handle, because {@link Process#destroy()} sends the same signal but also closes this end of the
         * child's output pipe, which would lose what the hook logs.
         */
        void terminate() {
            assertThat(process.toHandle().destroy()).as("SIGTERM sent").isTrue();
        }

        /** SIGKILL ({@code kill -9}): the JVM ends at once, no hook runs. */
        void kill() {
            assertThat(process.toHandle().destroyForcibly()).as("SIGKILL sent").isTrue();
        }

        String output() {
            return String.join("\n", lines);
        }
    }
}
