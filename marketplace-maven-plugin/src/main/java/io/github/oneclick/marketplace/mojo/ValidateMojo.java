package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.marketplace.machine.LocalMachine;
import io.github.oneclick.marketplace.machine.Machine;
import io.github.oneclick.marketplace.machine.MachineException;
import io.github.oneclick.marketplace.machine.RootDirMachine;
import io.github.oneclick.marketplace.machine.SshMachine;
import io.github.oneclick.marketplace.machine.StrictHostKeyChecking;
import io.github.oneclick.marketplace.output.BuildOutput;
import io.github.oneclick.marketplace.output.GoalOutputs;
import io.github.oneclick.marketplace.validation.ReportWriter;
import io.github.oneclick.marketplace.validation.ValidationOptions;
import io.github.oneclick.marketplace.validation.ValidationReport;
import io.github.oneclick.marketplace.validation.Validator;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.workflow.DropletSelection;
import io.github.oneclick.vendor.workflow.DropletSelectionException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;

/**
 * Checks the build droplet the way DigitalOcean's {@code 99-img-check.sh} v1.8.1 does, and stricter, in one SSH
 * round trip: an optional cleanup (the steps of {@code 90-cleanup.sh}, only with {@code cleanup=true}) followed by
 * a read-only probe. Every check upstream fails, this goal fails too; where it is stricter, the report says so.
 *
 * <p>The console shows the upstream-style report. {@code validation.json}, JUnit XML (one testcase per check) and
 * {@code validation.md} go to {@code reportDirectory}; the Markdown is appended to {@code $GITHUB_STEP_SUMMARY}
 * when set. Any FAIL fails the goal with one line per failure; WARN does too with {@code failOnWarning}.
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class ValidateMojo extends AbstractDropletMojo {

    /**
     * Where the checks run: {@code ssh} (the build droplet), {@code local} (this machine, for a Packer shell
     * provisioner) or {@code dir:PATH} (a mounted image or chroot directory; file checks only).
     */
    @Parameter(property = "marketplace.target", defaultValue = "ssh")
    String target;

    /**
     * The build droplet's address, such as {@code -Dmarketplace.host=203.0.113.10}. When unset, the public IPv4 of the
     * droplet that dropletId, dropletName or dropletTag selects is looked up through the API.
     */
    @Parameter(property = "marketplace.host")
    String host;

    /** The SSH port. */
    @Parameter(property = "marketplace.port", defaultValue = "22")
    int port;

    /**
     * The SSH user, such as {@code <user>ubuntu</user>}; a user other than root runs the checks through
     * {@code sudo -n}, which must not ask for a password.
     */
    @Parameter(property = "marketplace.user", defaultValue = "root")
    String user;

    /**
     * The private key file (OpenSSH or PEM; ed25519, ECDSA or RSA), such as
     * {@code <privateKey>${user.home}/.ssh/build_ed25519</privateKey>}. Defaults to the {@code <privateKey>} of the
     * sshServerId server. A passphrase comes from that server or from passphraseEnvironmentVariable.
     */
    @Parameter(property = "marketplace.privateKey")
    File privateKey;

    /**
     * A settings.xml {@code <server>} holding the SSH key: its {@code <privateKey>} path and {@code <passphrase>}
     * (may be encrypted).
     */
    @Parameter(property = "marketplace.sshServerId")
    String sshServerId;

    /** The environment variable holding the key's passphrase, when no sshServerId gives one. */
    @Parameter(property = "marketplace.passphraseEnvironmentVariable", defaultValue = "MARKETPLACE_SSH_PASSPHRASE")
    String passphraseEnvironmentVariable;

    /**
     * The known_hosts file to verify the host key against, such as
     * {@code <knownHosts>${project.basedir}/known_hosts</knownHosts>}; {@code ~/.ssh/known_hosts} by default.
     */
    @Parameter(property = "marketplace.knownHosts")
    File knownHosts;

    /**
     * A pinned host key fingerprint, as {@code ssh-keygen -lf} prints it, such as
     * {@code -Dmarketplace.hostKeyFingerprint=SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8}. Takes the place of
     * known_hosts.
     */
    @Parameter(property = "marketplace.hostKeyFingerprint")
    String hostKeyFingerprint;

    /**
     * {@code yes} (verify against known_hosts or the pinned fingerprint), {@code accept-new} (trust and record an
     * unknown host, refuse a changed one) or {@code no} (verify nothing: a loud warning). With {@code accept-new} and
     * no knownHosts, the key is recorded in {@code target/marketplace/known_hosts} of this build, never in the
     * user's: DigitalOcean reuses addresses. Its risk: whoever answers at the address first is trusted; use it only
     * for a droplet created in the same build, and pin hostKeyFingerprint otherwise.
     */
    @Parameter(property = "marketplace.strictHostKeyChecking", defaultValue = "yes")
    String strictHostKeyChecking;

    /** How long connecting may take, such as 30s. */
    @Parameter(property = "marketplace.connectTimeout", defaultValue = "30s")
    String connectTimeout;

    /** How long cleanup and checks may take together, such as 30m. */
    @Parameter(property = "marketplace.commandTimeout", defaultValue = "30m")
    String commandTimeout;

    /**
     * Runs the cleanup steps of {@code 90-cleanup.sh} in the same session, just before the checks, such as
     * {@code <cleanup>true</cleanup>}: package upgrades, emptied temporary files, logs and histories, root's
     * {@code authorized_keys} and the SSH host keys removed, free space zeroed. A real build droplet needs it: the
     * key it was created with is in root's {@code authorized_keys}, which the checks fail. Destructive: afterwards
     * the droplet takes no new SSH login with that key, so snapshot it next. Never in a dry run.
     */
    @Parameter(property = "marketplace.cleanup", defaultValue = "false")
    boolean cleanup;

    /**
     * Refreshes the package index before counting pending security updates, as upstream does, but only the indexes of
     * the security suites (such as bookworm-security or noble-security), which is all the count reads; the whole
     * index when no source is a security suite.
     */
    @Parameter(property = "marketplace.refreshPackageIndex", defaultValue = "true")
    boolean refreshPackageIndex;

    /** Fails the goal on warnings too. */
    @Parameter(property = "marketplace.failOnWarning", defaultValue = "false")
    boolean failOnWarning;

    /**
     * Rule ids to skip, such as {@code -Dmarketplace.skipChecks=MP-MOTD,MP-ARCH}; each skip is reported. The ids are
     * listed on the Validation rules page; an unknown id fails the goal.
     */
    @Parameter(property = "marketplace.skipChecks")
    List<String> skipChecks;

    /**
     * More supported releases, as {@code OS name:release}, such as
     * {@code <additionalReleases><release>Ubuntu:26.04</release></additionalReleases>}, for a release DigitalOcean
     * supports before this plugin's table does.
     */
    @Parameter(property = "marketplace.additionalReleases")
    List<String> additionalReleases;

    /**
     * Where {@code validation.json}, {@code TEST-marketplace-validation.xml} (JUnit XML, for CI test reports) and
     * {@code validation.md} are written.
     */
    @Parameter(property = "marketplace.reportDirectory", defaultValue = "${project.build.directory}/marketplace")
    File reportDirectory;

    @Override
    protected String goal() {
        return "validate";
    }

    @Override
    protected void doExecute() throws MojoExecutionException, MojoFailureException {
        ValidationOptions options;
        try {
            options = ValidationOptions.builder()
                    .cleanup(cleanup)
                    .refreshPackageIndex(refreshPackageIndex)
                    .dryRun(dryRun)
                    .skipChecks(skipChecks == null ? List.of() : skipChecks)
                    .additionalReleases(additionalReleases == null ? List.of() : additionalReleases)
                    .failOnWarning(failOnWarning)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("Invalid validation configuration: " + e.getMessage(), e);
        }
        if (dryRun && cleanup) {
            getLog().info("Dry run: the cleanup steps are not run; only the read-only checks are.");
        }
        Optional<String> plannedBuild =
                usesTheBuild() ? GoalOutputs.plannedBuild(getPluginContext()) : Optional.empty();
        if (dryRun && plannedBuild.isPresent()) {
            getLog().info("Dry run: would validate the build droplet " + plannedBuild.get() + " of this run"
                    + (cleanup ? " after the cleanup" : "") + ", over SSH with the run's key and pinned host key.");
            return;
        }
        ValidationReport report;
        try (Machine where = createMachine()) {
            if (options.runsCleanup()) {
                getLog().info("Cleaning up " + where.describe() + " first (marketplace.cleanup).");
            }
            report = new Validator().validate(where, options, getLog()::info);
        } catch (MachineException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        report.consoleLines().forEach(getLog()::info);
        report.diskUsedKb().ifPresent(kb -> {
            double gigabytes = kb / (1024.0 * 1024.0);
            GoalOutputs.handOverDiskUsed(getPluginContext(), gigabytes);
            getLog().info(String.format(
                    Locale.ROOT, "Disk in use: %.1f GB (a snapshot of this build waits according to it).", gigabytes));
        });
        Path directory = reportDirectory.toPath();
        try {
            ReportWriter writer = new ReportWriter();
            List<Path> written = new ArrayList<>(writer.write(report, directory));
            written.addAll(ci().summary(writer.markdown(report)));
            getLog().info("Validation reports: "
                    + written.stream()
                            .map(Path::toString)
                            .reduce((a, b) -> a + ", " + b)
                            .orElse(directory.toString()));
        } catch (IOException e) {
            throw new MojoExecutionException(
                    "Cannot write the validation reports to " + directory + " (change"
                            + " marketplace.reportDirectory): " + e.getMessage(),
                    e);
        }
        if (report.failed() && dryRun && cleanup) {
            // The checks saw the droplet before the cleanup a real run does first; what they found may be exactly
            // what the cleanup removes (root's authorized_keys, host keys, logs, history), so it is reported only.
            getLog().warn("Dry run: the droplet does not pass validation as it is now (" + report.failures()
                    + " failed, " + report.warnings() + " warnings); a real run first runs the cleanup, which removes"
                    + " root's authorized_keys, the host keys, logs and history, then validates again and stops on what"
                    + " is left:\n" + String.join("\n", report.failureSummary()));
            return;
        }
        if (report.failed()) {
            throw new MojoFailureException("The image did not pass validation (" + report.failures() + " failed, "
                    + report.warnings() + " warnings" + (failOnWarning ? ", failOnWarning is on" : "") + "):\n"
                    + String.join("\n", report.failureSummary()));
        }
    }

    private Machine createMachine() throws MojoFailureException {
        Duration commandLimit = Durations.parse(commandTimeout, "marketplace.commandTimeout");
        String kind = target == null ? "ssh" : target.strip();
        if (kind.equals("local")) {
            return new LocalMachine(commandLimit);
        }
        if (kind.startsWith("dir:")) {
            String path = kind.substring(4).strip();
            if (path.isEmpty()) {
                throw new MojoFailureException("marketplace.target=dir: needs a directory, such as dir:/mnt/image.");
            }
            return new RootDirMachine(baseDirectory().resolve(path), commandLimit);
        }
        if (!kind.equals("ssh")) {
            throw new MojoFailureException(
                    "marketplace.target '" + target + "' is not one of ssh, local or" + " dir:PATH.");
        }
        Optional<BuildOutput> built =
                usesTheBuild() ? GoalOutputs.handedOverBuild(getPluginContext()) : Optional.empty();
        if (built.isPresent()) {
            BuildOutput b = built.get();
            getLog().info("Validating the build droplet " + b.dropletId() + " (" + b.dropletName() + ") of run "
                    + b.runId() + " at " + b.address() + ".");
            return SshMachine.builder()
                    .host(b.address())
                    .port(b.port())
                    .user(b.user())
                    .privateKey(Path.of(b.privateKey()))
                    .knownHosts(Path.of(b.knownHosts()))
                    .strictHostKeyChecking(StrictHostKeyChecking.YES)
                    .connectTimeout(Durations.parse(connectTimeout, "marketplace.connectTimeout"))
                    .commandTimeout(commandLimit)
                    .log(getLog()::warn)
                    .build();
        }
        String address = host == null || host.isBlank() ? hostOfDroplet() : host.strip();
        Server server = sshServer();
        Path key = privateKey != null
                ? privateKey.toPath()
                : server != null && server.getPrivateKey() != null ? Path.of(server.getPrivateKey()) : null;
        if (key == null) {
            throw new MojoFailureException("No SSH key: set marketplace.privateKey to the key file of the build"
                    + " droplet, or marketplace.sshServerId to a settings.xml server with a <privateKey>.");
        }
        String passphrase = server != null
                        && server.getPassphrase() != null
                        && !server.getPassphrase().isBlank()
                ? server.getPassphrase()
                : environment(passphraseEnvironmentVariable);
        try {
            StrictHostKeyChecking checking = StrictHostKeyChecking.parse(strictHostKeyChecking);
            SshMachine.Builder builder = SshMachine.builder()
                    .host(address)
                    .port(port)
                    .user(user)
                    .privateKey(key)
                    .strictHostKeyChecking(checking)
                    .connectTimeout(Durations.parse(connectTimeout, "marketplace.connectTimeout"))
                    .commandTimeout(commandLimit)
                    .log(getLog()::warn);
            if (passphrase != null && !passphrase.isEmpty()) {
                builder.passphrase(passphrase);
            }
            if (knownHosts != null) {
                builder.knownHosts(knownHosts.toPath());
            } else if (checking == StrictHostKeyChecking.ACCEPT_NEW) {
                builder.knownHosts(outputDirectory().resolve("known_hosts"));
            }
            if (hostKeyFingerprint != null && !hostKeyFingerprint.isBlank()) {
                builder.hostKeyFingerprint(hostKeyFingerprint.strip());
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("Invalid SSH configuration: " + e.getMessage(), e);
        }
    }

    /** Whether this goal checks the droplet {@code marketplace:build} made: nothing else says where to connect. */
    private boolean usesTheBuild() {
        return (target == null || target.strip().equals("ssh"))
                && (host == null || host.isBlank())
                && !dropletSelected()
                && privateKey == null
                && (sshServerId == null || sshServerId.isBlank());
    }

    /** The public IPv4 of the selected droplet, through the API. */
    private String hostOfDroplet() throws MojoFailureException {
        if (!dropletSelected()) {
            throw new MojoFailureException("No host to validate: set marketplace.host, or select the build droplet"
                    + " with marketplace.dropletId, marketplace.dropletName or marketplace.dropletTag to look up its"
                    + " public IPv4.");
        }
        DropletSelection selection = selection();
        try (DigitalOceanClient client = createClient()) {
            Droplet droplet = selection.resolve(client);
            String address = droplet.publicIpv4()
                    .orElseThrow(() -> new MojoFailureException("Droplet " + droplet.id() + " (" + droplet.name()
                            + ") has no public IPv4 address. Set marketplace.host."));
            getLog().info("Droplet " + droplet.id() + " (" + droplet.name() + ") is at " + address + ".");
            return address;
        } catch (DropletSelectionException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (DigitalOceanException e) {
            throw failure(e);
        }
    }

    /** The decrypted settings server holding the SSH key, if one is configured. */
    private Server sshServer() throws MojoFailureException {
        if (sshServerId == null || sshServerId.isBlank()) {
            return null;
        }
        Server server = SettingsServers.decrypted(
                session == null ? null : session.getSettings(),
                settingsDecrypter(),
                sshServerId,
                "marketplace.sshServerId");
        if (server == null) {
            throw new MojoFailureException(
                    "No <server> with id '" + sshServerId + "' in settings.xml" + " (marketplace.sshServerId).");
        }
        return server;
    }
}
