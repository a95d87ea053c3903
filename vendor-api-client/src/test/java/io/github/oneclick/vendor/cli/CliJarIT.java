package io.github.oneclick.vendor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.sandbox.Sandbox;
import io.github.oneclick.sandbox.Scenarios;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command line, {@code vendor-api-client-<version>-cli.jar}, run as CI runs it: {@code java -jar} in a
 * process of its own, with the token in the environment, against the sandbox.
 */
class CliJarIT {
    private static final long NEW_IMAGE = Scenarios.OLD_SNAPSHOT_IDS.get(1);
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    /** What a finished run printed. */
    private record Run(int code, String out, String err) {}

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.builder().scenario(Scenarios.DEMO).start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.reset(Scenarios.DEMO);
    }

    private Run run(String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("cli.jar", "target/vendor-api-client-cli.jar"));
        assertThat(jar).as("the cli jar built by the package phase").isRegularFile();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        Cli.TOKEN_VARIABLES.forEach(env::remove);
        List.of("GITHUB_REF_TYPE", "GITHUB_REF_NAME", "CI_COMMIT_TAG", "TAG_NAME", "CI_TAG")
                .forEach(env::remove);
        env.put("DIGITALOCEAN_API_TOKEN", sandbox.token());
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES))
                .as("the command line ended")
                .isTrue();
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theJarReleasesAnImageWithOnePatchAndPrintsTheListingStatus() throws Exception {
        Run run = run(
                "release",
                "--app",
                Scenarios.APP_ID,
                "--image",
                String.valueOf(NEW_IMAGE),
                "--version",
                "1.3.0",
                "--api-url",
                sandbox.url());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .isEqualTo("Released image " + NEW_IMAGE + " (acme-app-1.1.0) to app '" + Scenarios.APP_ID
                        + "' as version 1.3.0: listing status pending.\n");
        assertThat(sandbox.requests().mutating())
                .singleElement()
                .satisfies(call -> assertThat(call.method()).isEqualTo("PATCH"));
        assertThat(sandbox.state().app(Scenarios.APP_ID).toString()).contains("\"imageId\":" + NEW_IMAGE);
        assertThat(run.out() + run.err()).doesNotContain(sandbox.token());
    }

    @Test
    void theJarExitsWith1WhenTheAppIsPendingAndWith2OnBadUsage() throws Exception {
        Run pending = run(
                "release",
                "--app",
                Scenarios.PENDING_APP_ID,
                "--image",
                String.valueOf(Scenarios.OLD_SNAPSHOT_IDS.get(0)),
                "--version",
                "1.3.0",
                "--api-url",
                sandbox.url());
        Run usage = run("release", "--app", Scenarios.APP_ID, "--image", "latest", "--api-url", sandbox.url());

        assertThat(pending.code()).as(pending.err()).isEqualTo(1);
        assertThat(pending.err()).contains("is pending");
        assertThat(usage.code()).as(usage.err()).isEqualTo(2);
        assertThat(usage.err()).contains("from --image is not a number");
        assertThat(sandbox.requests().mutating()).isEmpty();
    }
}
