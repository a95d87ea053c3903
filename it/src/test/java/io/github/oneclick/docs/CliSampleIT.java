package io.github.oneclick.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oneclick.sandbox.it.SandboxAdmin;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line sample of the Java client page ({@code samples/cli-release.sh}) runs as printed in a CI shell
 * step: the built {@code -cli.jar} under the name the sample gives it, the token in the environment, and {@code java}
 * pointed at the sandbox by the one thing a rehearsal adds, {@code --api-url}. Run by failsafe once the sandbox is up.
 */
class CliSampleIT {
    private static final Pattern JAR = Pattern.compile("vendor-api-client-\\S+-cli\\.jar");
    private static final String APP_ID = "60089fc6d333037bffa70d9b";

    @TempDir
    Path step;

    @Test
    void theShellStepReleasesTheImageOnceAndPrintsOneLine() throws Exception {
        String infoFile = CiProject.require("sandbox.infoFile");
        String url = CiProject.require("sandbox.url");
        SandboxAdmin sandbox = SandboxAdmin.connect(url, infoFile).reset("demo");
        Properties info = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(infoFile))) {
            info.load(reader);
        }
        String sample = Docs.read(Docs.samplesDir().resolve("cli-release.sh"));
        Matcher jar = JAR.matcher(sample);
        assertThat(jar.find()).isTrue();
        Files.copy(Path.of(CiProject.require("cli.jar")), step.resolve(jar.group()));
        Path script = Files.writeString(
                step.resolve("step.sh"), "java() { command java \"$@\" --api-url=" + url + "; }\n" + sample);

        ProcessBuilder builder = new ProcessBuilder("bash", "-eo", "pipefail", script.toString())
                .directory(step.toFile())
                .redirectError(step.resolve("stderr").toFile())
                .redirectOutput(step.resolve("stdout").toFile());
        builder.environment().put("DIGITALOCEAN_API_TOKEN", info.getProperty("token"));
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String out = Files.readString(step.resolve("stdout"), StandardCharsets.UTF_8);
        String err = Files.readString(step.resolve("stderr"), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(err).isZero();
        assertThat(out)
                .isEqualTo("Released image 140000002 (acme-app-1.1.0) to app '" + APP_ID
                        + "' as version 2.0.1: listing status pending.\n");
        assertThat(sandbox.requests("PATCH", "/api/v1/vendor-portal/apps/*")).hasSize(1);
        assertThat(sandbox.app(APP_ID).at("/customData/version").asText()).isEqualTo("2.0.1");
        assertThat(out + err).doesNotContain(info.getProperty("token"));
    }
}
