package io.github.oneclick.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A vendor project checked out on a CI runner: the site's pipeline POM as its {@code pom.xml}, and a {@code mvnw}
 * that runs the Maven of this build against the sandbox. That wrapper is the only thing that differs from a real
 * runner, as a runner's Maven reaches Maven Central and DigitalOcean: it points Maven at the integration tests'
 * local repository (where the plugin under test is installed) and settings, the API at the sandbox, and SSH at the
 * sandbox droplet's port. Everything a CI sample prints runs as printed, in {@code bash}, in this directory.
 */
final class CiProject {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final Path directory;
    private final StringBuilder output = new StringBuilder();

    private CiProject(Path directory) {
        this.directory = directory;
    }

    /** A fresh project in {@code directory} with the site's pipeline POM. */
    static CiProject checkout(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.copy(Docs.samplesDir().resolve("pom-pipeline.xml"), directory.resolve("pom.xml"));
        Path localRepo = Path.of(require("it.localRepo"));
        Path settings = Files.writeString(
                directory.resolveSibling(directory.getFileName() + "-settings.xml"),
                Files.readString(Path.of(require("it.settings")), StandardCharsets.UTF_8)
                        .replace("@localRepositoryUrl@", localRepo.toUri().toString()),
                StandardCharsets.UTF_8);
        Path mvnw = directory.resolve("mvnw");
        String maven = Path.of(require("maven.home"), "bin", "mvn").toString();
        Files.writeString(
                mvnw,
                "#!/bin/sh\n"
                        + "# The Maven of the build under test, with the integration tests' repository and settings, against"
                        + " the sandbox.\n"
                        + "exec " + quote(maven) + " -s " + quote(settings.toString())
                        + " -Dmaven.repo.local=" + quote(localRepo.toString())
                        + " -Dmarketplace.apiUrl=" + quote(require("sandbox.url"))
                        + " -Dmarketplace.port=" + quote(require("sandbox.sshPort")) + " \"$@\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new CiProject(directory.toAbsolutePath());
    }

    Path directory() {
        return directory;
    }

    /** Everything the steps printed so far, for assertions (and for the failure message). */
    String output() {
        return output.toString();
    }

    /**
     * Runs a script as a CI runner's shell step does: {@code bash -eo pipefail} in the project directory, with only
     * the given environment (plus PATH, HOME and JAVA_HOME) so that nothing of this machine's leaks in.
     *
     * @return the exit status
     */
    int bash(String name, String script, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
                .directory(directory.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", System.getProperty("user.home"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("LANG", "C.UTF-8");
        env.putAll(environment);
        Process process = builder.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Step '" + name + "' did not end within " + TIMEOUT);
        }
        output.append("--- step: ")
                .append(name)
                .append(" (exit ")
                .append(process.exitValue())
                .append(")\n")
                .append(printed);
        return process.exitValue();
    }

    /** Reads {@code KEY=value} lines (a dotenv file, or GitHub's step output file). */
    static Map<String, String> keyValues(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    static String require(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run this test through"
                    + " the it module's failsafe execution, after the sandbox has started");
        }
        return value;
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
