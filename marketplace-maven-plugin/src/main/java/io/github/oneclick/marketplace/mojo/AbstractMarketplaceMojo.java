package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.marketplace.output.CiOutputs;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.HttpLogLevel;
import io.github.oneclick.vendor.InvalidSettingException;
import io.github.oneclick.vendor.TransportException;
import io.github.oneclick.vendor.UnauthorizedException;
import io.github.oneclick.vendor.workflow.RunVersion;
import io.github.oneclick.vendor.workflow.WaitTimeoutException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
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
    /** The client's settings whose parameter has another name. */
    private static final Map<String, String> PARAMETER_OF_SETTING = Map.of("softwareIncluded", "software");
    /** Parameters that only the POM sets: they have no user property. */
    private static final Set<String> POM_ONLY = Set.of("software");

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

    /**
     * The version of this run, such as {@code -Dmarketplace.version=2.0.1}: it names the snapshot and the listing's
     * version alike. When unset, the tag CI runs for gives it ({@code v2.0.2} gives 2.0.2, from
     * {@code GITHUB_REF_NAME} on a tag push, {@code CI_COMMIT_TAG}, {@code TAG_NAME} or {@code CI_TAG}), else the
     * project's version.
     */
    @Parameter(property = "marketplace.version")
    protected String version;

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
        TokenResolver.Token token = TokenResolver.resolve(
                session == null ? null : session.getSettings(), settingsDecrypter, serverId, this::environment);
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
            throw new MojoFailureException(
                    "The API token from " + token.source() + " is not usable: " + e.getMessage() + ".", e);
        }
        if (!DigitalOceanClient.DEFAULT_API_URL.equals(apiUrl.strip())) {
            getLog().warn("Using the API at " + apiUrl.strip() + " (marketplace.apiUrl) instead of DigitalOcean's.");
        }
        SettingsProxies.Chosen proxy =
                SettingsProxies.forUrl(session == null ? null : session.getSettings(), settingsDecrypter, apiUrl);
        if (proxy != null) {
            builder.proxy(proxy.proxy());
            getLog().info(
                            SettingsProxies.bypasses(proxy, apiUrl)
                                    ? "Reaching the API directly: its host is a non-proxy host of the "
                                            + proxy.describe() + "."
                                    : "Reaching the API through the " + proxy.describe() + ".");
        }
        return builder.userAgent("marketplace-maven-plugin/" + DigitalOceanClient.version() + " vendor-api-client/"
                        + DigitalOceanClient.version())
                .log(getLog()::debug, getLog().isDebugEnabled() ? HttpLogLevel.BODY : HttpLogLevel.NONE)
                .waits(getLog()::info)
                .build();
    }

    /** A client for the JVM shutdown hook of a run, which outlives the goal's own client. */
    protected DigitalOceanClient clientForCleanup() {
        try {
            return createClient();
        } catch (MojoFailureException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** An environment variable, read through the session so tests and embedders can set it. */
    protected String environment(String name) {
        return environment().get(name);
    }

    /** The environment as Maven saw it. */
    protected Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        Properties system = session == null ? null : session.getSystemProperties();
        if (system != null) {
            for (String name : system.stringPropertyNames()) {
                if (name.startsWith("env.")) {
                    env.put(name.substring(4), system.getProperty(name));
                }
            }
        }
        return env;
    }

    /**
     * The run's one version, which names the snapshot and the release alike: {@code marketplace.version}, else the
     * tag CI runs for ({@code v2.0.2} gives 2.0.2), else the project's version; {@code null} without any.
     */
    protected String runVersion() {
        Optional<RunVersion.Chosen> chosen = RunVersion.choose(
                version, this::environment, project == null || project.getFile() == null ? null : project.getVersion());
        chosen.filter(c -> !"given".equals(c.source()))
                .ifPresent(c -> getLog().info("Version " + c.version() + " from " + c.source() + "."));
        return chosen.map(RunVersion.Chosen::version).orElse(null);
    }

    /** Where the goals tell CI what they did: the step summary, step outputs and the dotenv file. */
    protected CiOutputs ci() {
        return new CiOutputs(environment(), outputDirectory());
    }

    /** Publishes values to CI; a failure to write them is a warning, never a failed goal. */
    protected void publish(Map<String, String> values, String summary) {
        try {
            CiOutputs outputs = ci();
            outputs.outputs(values);
            if (summary != null) {
                outputs.summary(summary);
            }
        } catch (IOException e) {
            getLog().warn("Could not write the CI outputs: " + e.getMessage());
        }
    }

    /**
     * {@code target/marketplace} of the project, or of the working directory when there is no POM: Maven resolves a
     * project's build directory to an absolute path, but leaves the stand-in project of a goal run without a POM
     * with the unresolved {@code ${project.basedir}/target}.
     */
    protected Path outputDirectory() {
        String directory = project == null || project.getBuild() == null
                ? null
                : project.getBuild().getDirectory();
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

    /** A block that maps parameters onto one of the client's builders. */
    @FunctionalInterface
    protected interface Mapping<T> {
        T build() throws MojoFailureException;
    }

    /**
     * Runs a mapping of parameters onto the client's builders; a setting the client refuses fails the goal before any
     * request, with the client's message and the parameter to change.
     */
    protected <T> T build(Mapping<T> mapping) throws MojoFailureException {
        try {
            return mapping.build();
        } catch (InvalidSettingException e) {
            throw new MojoFailureException(
                    "Invalid configuration of marketplace:" + goal() + ": " + e.getMessage()
                            + (e.getMessage().endsWith(".") ? "" : ".") + parameterHint(e.settings()),
                    e);
        }
    }

    /** The parameters to change for a failure that names the client's settings, or nothing. */
    protected String hintFor(Exception e) {
        if (e instanceof WaitTimeoutException timeout) {
            return parameterHint(List.of(timeout.timeoutSetting()));
        }
        if (e instanceof InvalidSettingException invalid) {
            return parameterHint(invalid.settings());
        }
        return "";
    }

    /**
     * How to set the client's settings that are parameters of this goal: {@code <name>} in the POM or
     * {@code -Dmarketplace.name}. Settings the goal does not take are left out.
     */
    private String parameterHint(List<String> settings) {
        List<String> parameters = settings.stream()
                .map(this::parameterFor)
                .filter(this::isParameter)
                .distinct()
                .toList();
        if (parameters.isEmpty()) {
            return "";
        }
        return " " + (parameters.size() == 1 ? "Parameter: " : "Parameters: ")
                + String.join(
                        ", ",
                        parameters.stream()
                                .map(p -> "<" + p + ">" + (POM_ONLY.contains(p) ? "" : " (-Dmarketplace." + p + ")"))
                                .toList())
                + ".";
    }

    /** The parameter of this goal that sets a setting of the client's, by the setting's name. */
    protected String parameterFor(String setting) {
        return PARAMETER_OF_SETTING.getOrDefault(setting, setting);
    }

    /** Whether this goal has a parameter of this name. */
    private boolean isParameter(String name) {
        for (Class<?> type = getClass(); type != null && type != AbstractMojo.class; type = type.getSuperclass()) {
            try {
                type.getDeclaredField(name);
                return true;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        return false;
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
        return new MojoFailureException(e.getMessage() + hint + hintFor(e), e);
    }

    private static boolean isLoopback(String url) {
        return url != null
                && (url.contains("://127.0.0.1") || url.contains("://localhost") || url.contains("://[::1]"));
    }
}
