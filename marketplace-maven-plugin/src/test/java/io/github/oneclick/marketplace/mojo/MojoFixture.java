package io.github.oneclick.marketplace.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getVariableValueFromObject;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/**
 * Prepares any goal of this plugin, as the harness injected it ({@code @MojoTest}, {@code @InjectMojo}), the way Maven
 * would run it in a test's world: its project's build directory (and so {@code target/marketplace}), the API URL, the
 * environment variables the session shows (such as the token), a settings decrypter whose master password is a test
 * resource, an empty plugin context (the goals hand over through it) and a {@link CapturingLog}, at debug level or not.
 *
 * <pre>{@code
 * MojoFixture fixture = MojoFixture.in(target).apiUrl(sandbox.url()).token(sandbox.token());
 * CapturingLog log = fixture.prepare(mojo);
 * }</pre>
 *
 * @param buildDirectory the project's build directory; {@code marketplace/} in it gets the goals' outputs
 * @param apiUrl the API URL, or {@code null} to keep the goal's default
 * @param environment environment variables as the goal reads them
 * @param settingsSecurity the {@code settings-security.xml} under the test resources' {@code settings/}
 * @param debug whether the log is at debug level ({@code -X})
 */
record MojoFixture(
        Path buildDirectory, String apiUrl, Map<String, String> environment, String settingsSecurity, boolean debug) {

    /** The environment variable that carries the API token in these tests. */
    static final String TOKEN_VARIABLE = "DIGITALOCEAN_TOKEN";

    MojoFixture {
        Objects.requireNonNull(buildDirectory, "buildDirectory");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(settingsSecurity, "settingsSecurity");
    }

    /** A fixture that builds into {@code buildDirectory}, with no API URL, no environment and no debug log. */
    static MojoFixture in(Path buildDirectory) {
        return new MojoFixture(buildDirectory, null, Map.of(), "settings-security.xml", false);
    }

    MojoFixture apiUrl(String url) {
        return new MojoFixture(buildDirectory, url, environment, settingsSecurity, debug);
    }

    /** The API token, from {@value #TOKEN_VARIABLE}. */
    MojoFixture token(String token) {
        return environment(TOKEN_VARIABLE, token);
    }

    MojoFixture environment(String name, String value) {
        Map<String, String> variables = new HashMap<>(environment);
        variables.put(name, value);
        return new MojoFixture(buildDirectory, apiUrl, variables, settingsSecurity, debug);
    }

    /** Decrypts settings.xml passwords with the master password of this {@code settings/} test resource. */
    MojoFixture settingsSecurity(String resource) {
        return new MojoFixture(buildDirectory, apiUrl, environment, resource, debug);
    }

    /** The log at debug level, as with {@code -X}. */
    MojoFixture debugLog() {
        return new MojoFixture(buildDirectory, apiUrl, environment, settingsSecurity, true);
    }

    /** Prepares the goal and returns the log it writes to. */
    CapturingLog prepare(AbstractMarketplaceMojo mojo) throws Exception {
        MavenProject project = (MavenProject) getVariableValueFromObject(mojo, "project");
        project.getBuild().setDirectory(buildDirectory.toString());
        if (mojo instanceof ValidateMojo || mojo instanceof TestImageMojo) {
            // The default of reportDirectory, ${project.build.directory}/marketplace, was evaluated at injection.
            setVariableValueToObject(
                    mojo,
                    "reportDirectory",
                    buildDirectory.resolve("marketplace").toFile());
        }
        if (apiUrl != null) {
            setVariableValueToObject(mojo, "apiUrl", apiUrl);
        }
        MavenSession session = (MavenSession) getVariableValueFromObject(mojo, "session");
        environment.forEach((name, value) -> session.getSystemProperties().setProperty("env." + name, value));
        setVariableValueToObject(mojo, "settingsDecrypter", decrypter(settingsSecurity));
        mojo.setPluginContext(new HashMap<>());
        CapturingLog log = new CapturingLog(debug);
        mojo.setLog(log);
        return log;
    }

    /** Names the environment variables, never their values: they hold tokens. */
    @Override
    public String toString() {
        return "MojoFixture[" + buildDirectory + ", apiUrl " + apiUrl + ", environment " + environment.keySet()
                + ", settings/" + settingsSecurity + (debug ? ", debug log" : "") + "]";
    }

    private static DefaultSettingsDecrypter decrypter(String resource) throws URISyntaxException {
        URL file = MojoFixture.class.getResource("/settings/" + resource);
        if (file == null) {
            throw new IllegalArgumentException("No test resource settings/" + resource);
        }
        String path = new File(file.toURI()).getPath();
        return new DefaultSettingsDecrypter(new DefaultSecDispatcher(new DefaultPlexusCipher(), Map.of(), path));
    }
}
