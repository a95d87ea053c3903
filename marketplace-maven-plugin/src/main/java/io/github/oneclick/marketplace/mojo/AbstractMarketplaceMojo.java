package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.HttpLogLevel;
import io.github.oneclick.vendor.TransportException;
import io.github.oneclick.vendor.UnauthorizedException;
import java.io.File;
import java.nio.file.Path;
import java.util.Properties;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * What every goal shares: {@code marketplace.skip}, {@code marketplace.dryRun}, the API URL, the token, the
 * client, the output directory, and the translation of client errors into Maven failures that name what to fix.
 */
public abstract class AbstractMarketplaceMojo extends AbstractMojo {

    /**
     * Skips the goal, such as {@code -Dmarketplace.skip=true}. Every goal of this plugin honours it and says so at
     * INFO.
     */
    @Parameter(property = "marketplace.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * Runs every local check and every read-only call, then reports what would be done instead of doing it: no
     * action is posted, the listing is not updated, no cleanup runs on the droplet.
     */
    @Parameter(property = "marketplace.dryRun", defaultValue = "false")
    protected boolean dryRun;

    /**
     * The DigitalOcean API base URL. Change it only to rehearse against a sandbox, such as
     * {@code -Dmarketplace.apiUrl=http://127.0.0.1:8080/}; the log then warns that it is not DigitalOcean's.
     */
    @Parameter(property = "marketplace.apiUrl", defaultValue = DigitalOceanClient.DEFAULT_API_URL)
    protected String apiUrl;

    /**
     * The id of the settings.xml {@code <server>} whose {@code <password>} holds the API token (it may be
     * encrypted). Without such a server the token comes from the environment variables
     * {@code DIGITALOCEAN_API_TOKEN}, {@code DIGITALOCEAN_TOKEN} or {@code DIGITALOCEAN_ACCESS_TOKEN}.
     */
    @Parameter(property = "marketplace.serverId", defaultValue = "digitalocean")
    protected String serverId;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${project}", readonly = true)
    protected MavenProject project;

    @Inject
    private SettingsDecrypter settingsDecrypter;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping marketplace:" + goal() + " because marketplace.skip is true.");
            return;
        }
        doExecute();
    }

    /** The goal name, for messages. */
    protected abstract String goal();

    /** The goal's work, after the skip check. */
    protected abstract void doExecute() throws MojoExecutionException, MojoFailureException;

    /** Decrypts settings.xml secrets. */
    protected SettingsDecrypter settingsDecrypter() {
        return settingsDecrypter;
    }

    /** Resolves the token, logs where it came from (never its value), and builds the client. */
    protected DigitalOceanClient createClient() throws MojoFailureException {
        if (session != null && session.isOffline() && !isLoopback(apiUrl)) {
            throw new MojoFailureException("Maven is offline (-o) but marketplace:" + goal() + " needs the"
                    + " DigitalOcean API at " + apiUrl + ". Run without -o.");
        }
        TokenResolver.Token token = TokenResolver.resolve(session == null ? null : session.getSettings(),
                settingsDecrypter, serverId, this::environment);
        getLog().info("Using the DigitalOcean API token from " + token.source() + ".");
        DigitalOceanClient.Builder builder = DigitalOceanClient.builder();
        try {
            builder.apiUrl(apiUrl);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("Invalid marketplace.apiUrl: " + e.getMessage() + ".", e);
        }
        try {
            builder.token(token.value());
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("The API token from " + token.source() + " is not usable: "
                    + e.getMessage() + ".", e);
        }
        if (!DigitalOceanClient.DEFAULT_API_URL.equals(apiUrl.strip())) {
            getLog().warn("Using the API at " + apiUrl.strip() + " (marketplace.apiUrl) instead of DigitalOcean's.");
        }
        return builder
                .userAgent("marketplace-maven-plugin/" + DigitalOceanClient.version() + " vendor-api-client/"
                        + DigitalOceanClient.version())
                .log(getLog()::debug, getLog().isDebugEnabled() ? HttpLogLevel.BODY : HttpLogLevel.NONE)
                .build();
    }

    /** An environment variable, read through the session so tests and embedders can set it. */
    protected String environment(String name) {
        if (session != null) {
            Properties system = session.getSystemProperties();
            if (system != null && system.getProperty("env." + name) != null) {
                return system.getProperty("env." + name);
            }
        }
        return null;
    }

    /**
     * {@code target/marketplace} of the project, or of the working directory when there is no POM: Maven resolves a
     * project's build directory to an absolute path, but leaves the stand-in project of a goal run without a POM
     * with the unresolved {@code ${project.basedir}/target}.
     */
    protected Path outputDirectory() {
        String directory = project == null || project.getBuild() == null ? null : project.getBuild().getDirectory();
        if (directory != null && Path.of(directory).isAbsolute()) {
            return Path.of(directory, "marketplace");
        }
        return baseDirectory().resolve("target").resolve("marketplace");
    }

    protected Path baseDirectory() {
        if (project != null && project.getBasedir() != null) {
            return project.getBasedir().toPath();
        }
        return new File("").getAbsoluteFile().toPath();
    }

    /**
     * Turns a client error into a failure. The client's message already says what failed, whether it took effect and
     * what to do; this adds where the plugin's settings come in: the token's source, the API URL.
     */
    protected MojoFailureException failure(DigitalOceanException e) {
        String hint = "";
        if (e instanceof UnauthorizedException) {
            hint = " The token came from settings.xml server '" + serverId + "' (marketplace.serverId) or the"
                    + " environment variables " + String.join(", ", TokenResolver.ENVIRONMENT_VARIABLES) + ".";
        } else if (e instanceof TransportException && e.details().attempts() == 0) {
            hint = " Check marketplace.apiUrl (" + apiUrl + ") and the network or proxy.";
        }
        return new MojoFailureException(e.getMessage() + hint, e);
    }

    private static boolean isLoopback(String url) {
        return url != null && (url.contains("://127.0.0.1") || url.contains("://localhost") || url.contains("://[::1]"));
    }
}
