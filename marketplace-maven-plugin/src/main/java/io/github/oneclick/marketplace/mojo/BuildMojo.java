package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.marketplace.build.BuildKeys;
import io.github.oneclick.marketplace.build.DropletLauncher;
import io.github.oneclick.marketplace.build.FileTree;
import io.github.oneclick.marketplace.build.Provisioner;
import io.github.oneclick.marketplace.build.Scripts;
import io.github.oneclick.marketplace.machine.MachineException;
import io.github.oneclick.marketplace.output.BuildOutput;
import io.github.oneclick.marketplace.output.GoalOutputs;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.NotFoundException;
import io.github.oneclick.vendor.model.Droplet;
import io.github.oneclick.vendor.model.DropletCreateRequest;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.model.SshKey;
import io.github.oneclick.vendor.workflow.BuildPlan;
import io.github.oneclick.vendor.workflow.RunId;
import io.github.oneclick.vendor.workflow.RunResources;
import io.github.oneclick.vendor.workflow.SnapshotException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates the build droplet and provisions it, the first step of DigitalOcean's process, in place of Packer: a droplet
 * of {@code size} from {@code baseImage} in {@code region} (no monitoring, IPv6 or backups unless asked), with an SSH
 * key made for this run and a host key the plugin generates and hands to cloud-init, so the first connection is
 * verified with no trust on first use. It waits until the droplet is ready (active, SSH answering, cloud-init done),
 * uploads {@code src/marketplace/files} to the droplet's root with each file's mode, and runs the {@code *.sh} of
 * {@code src/marketplace/scripts} in name order as root, their output streamed; a script that fails stops the build,
 * naming it and its exit code.
 *
 * <p>The droplet is handed to {@code validate}, {@code snapshot} and {@code test-image} of the same build. Everything
 * the run creates carries its run id and is deleted when the run ends, on failure too (unless keepDroplet), and by a
 * shutdown hook when Maven stops early; {@code marketplace:leftovers} finds what a killed build left.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class BuildMojo extends AbstractMarketplaceMojo {

    /** The region of the build droplet, such as {@code <region>nyc3</region>}; the image is created there. */
    @Parameter(property = "marketplace.region")
    String region;

    /**
     * The build droplet's size. DigitalOcean advises the smallest disk that fits: the image's min_disk_size becomes
     * this size's disk, and every droplet made from the image needs at least that.
     */
    @Parameter(property = "marketplace.size", defaultValue = "s-1vcpu-1gb")
    String size;

    /** The distribution image to start from, such as {@code <baseImage>ubuntu-24-04-x64</baseImage>}. */
    @Parameter(property = "marketplace.baseImage")
    String baseImage;

    /** The build droplet's name; by default {@code <artifactId>-build-<run id>}. */
    @Parameter(property = "marketplace.buildDropletName")
    String buildDropletName;

    /** More tags for the droplet, beside {@code oneclick-marketplace} and the run's tag. */
    @Parameter(property = "marketplace.buildTags")
    List<String> buildTags;

    /** DigitalOcean's monitoring agent on the build droplet (and so in the image); off as DigitalOcean advises. */
    @Parameter(property = "marketplace.monitoring", defaultValue = "false")
    boolean monitoring;

    /** IPv6 on the build droplet; off as DigitalOcean advises. */
    @Parameter(property = "marketplace.ipv6", defaultValue = "false")
    boolean ipv6;

    /**
     * The files to copy onto the droplet, laid out from its root: {@code files/etc/nginx/x.conf} becomes
     * {@code /etc/nginx/x.conf}, with its mode. Regular files and directories only; a link pointing outside is
     * refused. Nothing is copied when the default directory does not exist.
     */
    @Parameter(property = "marketplace.files", defaultValue = "${project.basedir}/src/marketplace/files")
    File files;

    /**
     * The provisioning scripts: every {@code *.sh} of this directory, run as root in name order. None run when the
     * default directory does not exist.
     */
    @Parameter(property = "marketplace.scripts", defaultValue = "${project.basedir}/src/marketplace/scripts")
    File scripts;

    /** The SSH port of the droplet. */
    @Parameter(property = "marketplace.port", defaultValue = "22")
    int port;

    /** How long the droplet may take to be ready: active, SSH answering, cloud-init done. */
    @Parameter(property = "marketplace.readyTimeout", defaultValue = "10m")
    String readyTimeout;

    /** How long one provisioning script may run. */
    @Parameter(property = "marketplace.scriptTimeout", defaultValue = "30m")
    String scriptTimeout;

    /**
     * Keeps the build droplet at the end, on failure too, to debug it: the goal prints how to log in. The droplet
     * then costs money until you destroy it (or run {@code marketplace:leftovers}).
     */
    @Parameter(property = "marketplace.keepDroplet", defaultValue = "false")
    boolean keepDroplet;

    @Override
    protected String goal() {
        return "build";
    }

    @Override
    protected void doExecute() throws MojoExecutionException, MojoFailureException {
        Optional<FileTree> tree = build(
                () -> inputDirectory(files, "src/marketplace/files", "files").map(FileTree::scan));
        Scripts toRun = build(() -> inputDirectory(scripts, "src/marketplace/scripts", "scripts")
                .map(Scripts::inDirectory)
                .orElse(Scripts.of(List.of())));
        String regionSlug = required(region, "region", "nyc3");
        String imageSlug = required(baseImage, "baseImage", "ubuntu-24-04-x64");
        Duration ready = Durations.parse(readyTimeout, "marketplace.readyTimeout");
        Duration perScript = Durations.parse(scriptTimeout, "marketplace.scriptTimeout");
        RunSession run = RunSession.of(getPluginContext(), Clock.systemUTC());
        RunId runId = run.runId();
        String name = buildDropletName != null && !buildDropletName.isBlank()
                ? buildDropletName.strip()
                : dropletName(project == null ? "marketplace" : project.getArtifactId(), runId);
        DropletCreateRequest.Builder request = DropletCreateRequest.builder()
                .name(name)
                .region(regionSlug)
                .size(size)
                .image(imageSlug)
                .tags(tags())
                .runTag(runId.dropletTag())
                .monitoring(monitoring)
                .ipv6(ipv6);
        build(request::build);
        getLog().info("Run " + runId + ": building droplet " + name + " (" + size + ", " + imageSlug + ", " + regionSlug
                + ").");
        try (DigitalOceanClient client = createClient()) {
            BuildPlan plan = checkCatalogue(client, regionSlug, imageSlug);
            if (dryRun) {
                plan(plan, name, tree, toRun);
                return;
            }
            build(client, run, plan, request, tree, toRun, ready, perScript);
        } catch (DigitalOceanException e) {
            throw failure(e);
        }
    }

    private void build(
            DigitalOceanClient client,
            RunSession run,
            BuildPlan plan,
            DropletCreateRequest.Builder request,
            Optional<FileTree> tree,
            Scripts toRun,
            Duration ready,
            Duration perScript)
            throws MojoExecutionException, MojoFailureException {
        RunId runId = run.runId();
        LogProgress progress = new LogProgress(getLog());
        BuildKeys keys;
        try {
            keys = BuildKeys.generate(outputDirectory().resolve("run-" + runId), runId.keyName());
        } catch (IOException e) {
            throw new MojoExecutionException(
                    "Cannot write the run's SSH key to " + outputDirectory() + ": " + e.getMessage(), e);
        }
        run.deleteOnExit(this::clientForCleanup, getLog());
        try {
            SshKey key = client.createSshKey(runId.keyName(), keys.clientPublicKey());
            run.resources().trackSshKey(key);
            DropletLauncher launcher = DropletLauncher.builder(client, run.resources())
                    .keys(keys)
                    .port(port)
                    .readyTimeout(ready)
                    .commandTimeout(perScript)
                    .progress(getLog()::info)
                    .listener(progress)
                    .warnings(getLog()::warn)
                    .build();
            Path knownHosts;
            Droplet active;
            String address;
            try (DropletLauncher.Launched launched =
                    launcher.launch(request, key.fingerprint(), plan.size().priceHourly())) {
                active = launched.droplet();
                address = launched.address();
                knownHosts = launched.knownHosts();
                Provisioner provisioner = Provisioner.builder(launched.session())
                        .progress(getLog()::info)
                        .output(line -> getLog().info("  | " + line))
                        .scriptTimeout(perScript)
                        .build();
                if (tree.isPresent()) {
                    provisioner.upload(tree.get());
                }
                if (!toRun.isEmpty()) {
                    provisioner.runScripts(toRun);
                }
            }
            long id = active.id();
            if (keepDroplet) {
                run.resources().keep(id);
            }
            BuildOutput output = new BuildOutput(
                    runId.value(),
                    id,
                    active.name(),
                    address,
                    port,
                    "root",
                    keys.privateKey().toString(),
                    knownHosts.toString(),
                    key.fingerprint(),
                    plan.region().slug(),
                    plan.size().slug(),
                    keepDroplet);
            GoalOutputs.handOver(getPluginContext(), output);
            Path file = GoalOutputs.write(outputDirectory(), GoalOutputs.BUILD_FILE, output);
            Map<String, String> values = new LinkedHashMap<>();
            values.put("run_id", runId.value());
            values.put("build_droplet_id", Long.toString(id));
            values.put("build_droplet_ip", address);
            publish(values, null);
            getLog().info("Droplet " + id + " (" + active.name() + ") at " + address + " is provisioned; " + file
                    + " records it.");
        } catch (MachineException e) {
            throw stop(
                    client,
                    run,
                    keys,
                    new MojoFailureException(
                            "The build droplet of run " + runId + " could not be provisioned: " + e.getMessage()
                                    + timeoutParameter(e),
                            e));
        } catch (IOException e) {
            throw stop(client, run, keys, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stop(client, run, keys, e);
        } catch (DigitalOceanException e) {
            MojoFailureException failure = failure(e);
            throw stop(client, run, keys, failure);
        } catch (SnapshotException e) {
            // a wait that timed out (readyTimeout) or an action that errored
            throw stop(client, run, keys, new MojoFailureException(e.getMessage() + hintFor(e), e));
        } catch (RuntimeException e) {
            stop(client, run, keys, e);
            throw e;
        }
    }

    /**
     * Ends a failed build: the droplet kept when asked (with how to log in), everything else deleted now, and the
     * failure to throw.
     */
    private MojoFailureException stop(DigitalOceanClient client, RunSession run, BuildKeys keys, Exception cause) {
        if (keepDroplet) {
            run.resources().outstanding().stream()
                    .filter(r -> r.kind() == RunResources.Kind.DROPLET)
                    .forEach(r -> {
                        run.resources().keep(Long.parseLong(r.id()));
                        getLog().warn("Keeping droplet " + r.id() + " (marketplace.keepDroplet) to debug: ssh -i "
                                + keys.privateKey() + " -o UserKnownHostsFile="
                                + keys.runDirectory().resolve(BuildKeys.KNOWN_HOSTS_FILE) + " -p " + port
                                + " root@<its address>. Destroy it when done,"
                                + " or run mvn marketplace:leftovers -Dmarketplace.runId=" + run.runId() + ".");
                    });
        }
        RunSession.summary(run.finish(client, new LogProgress(getLog()))).forEach(getLog()::info);
        String message = cause instanceof MojoFailureException m
                ? m.getMessage()
                : "The build droplet of run " + run.runId() + " could not be provisioned: " + cause.getMessage();
        return new MojoFailureException(message, cause);
    }

    /** The parameter that bounds the wait a timeout ended: readiness or one script. */
    static String timeoutParameter(MachineException e) {
        return switch (e.kind()) {
            case NOT_READY ->
                e.getMessage().contains("readiness timeout")
                        ? " Parameter: <readyTimeout> (-Dmarketplace.readyTimeout)."
                        : "";
            case TIMEOUT -> " Parameter: <scriptTimeout> (-Dmarketplace.scriptTimeout).";
            default -> "";
        };
    }

    private void plan(BuildPlan plan, String name, Optional<FileTree> tree, Scripts toRun) {
        getLog().info(String.format(
                Locale.ROOT,
                "Dry run: would create droplet %s in %s, size %s ($%.5f/h, %d GB disk), from %s (min disk %s GB),"
                        + " with an SSH key and a host key made for this run.",
                name,
                plan.region().slug(),
                plan.size().slug(),
                plan.size().priceHourly(),
                plan.size().disk(),
                baseImage.strip(),
                plan.image().minDiskSize() == null ? "?" : plan.image().minDiskSize()));
        tree.ifPresentOrElse(
                t -> t.files()
                        .forEach(f -> getLog().info(String.format(
                                Locale.ROOT, "Dry run: would upload %s (mode %04o)", f.remotePath(), f.mode()))),
                () -> getLog().info("Dry run: no files to upload."));
        toRun.files().forEach(s -> getLog().info("Dry run: would run " + s.getFileName()));
        getLog().info("Dry run: the droplet and the key would be deleted when the run ends.");
        GoalOutputs.planBuild(getPluginContext(), name);
    }

    private BuildPlan checkCatalogue(DigitalOceanClient client, String regionSlug, String imageSlug)
            throws MojoFailureException {
        Optional<Image> image;
        try {
            image = Optional.of(client.getImage(imageSlug));
        } catch (NotFoundException e) {
            image = Optional.empty();
        }
        Optional<Image> found = image;
        return build(() -> BuildPlan.check(
                regionSlug,
                size,
                imageSlug,
                client.listRegions().toList(),
                client.listSizes().toList(),
                found));
    }

    private List<String> tags() {
        List<String> all = new ArrayList<>();
        all.add(RunId.MARKER_TAG);
        if (buildTags != null) {
            buildTags.stream()
                    .filter(t -> t != null && !t.isBlank())
                    .map(String::strip)
                    .forEach(all::add);
        }
        return all;
    }

    /** {@code <artifactId>-build-<run id>}, in the characters DigitalOcean allows in a name. */
    static String dropletName(String artifactId, RunId runId) {
        return slug(artifactId) + "-build-" + runId.value();
    }

    /** An artifact id in the characters DigitalOcean allows in a droplet name. */
    static String slug(String artifactId) {
        return artifactId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-");
    }

    /** The directory, if it exists; the default may be absent (nothing to do), a directory set by hand may not. */
    private Optional<Path> inputDirectory(File directory, String defaultPath, String setting) {
        if (directory == null) {
            return Optional.empty();
        }
        Path path = directory.toPath();
        boolean isDefault = path.equals(baseDirectory().resolve(defaultPath));
        if (isDefault && !Files.exists(path)) {
            getLog().info("No " + defaultPath + " in this project: nothing to "
                    + ("files".equals(setting) ? "upload." : "run."));
            return Optional.empty();
        }
        return Optional.of(path);
    }

    private String required(String value, String parameter, String example) throws MojoFailureException {
        if (value == null || value.isBlank()) {
            throw new MojoFailureException("marketplace:build needs <" + parameter + ">, such as <" + parameter + ">"
                    + example + "</" + parameter + "> (-Dmarketplace." + parameter + "=" + example + ").");
        }
        return value.strip();
    }
}
