package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.marketplace.build.BuildKeys;
import io.github.oneclick.marketplace.build.DropletLauncher;
import io.github.oneclick.marketplace.imagetest.FirstBootTarget;
import io.github.oneclick.marketplace.imagetest.ImageTestReport;
import io.github.oneclick.marketplace.imagetest.ImageTestReportWriter;
import io.github.oneclick.marketplace.imagetest.ImageTester;
import io.github.oneclick.marketplace.machine.MachineException;
import io.github.oneclick.marketplace.output.BuildOutput;
import io.github.oneclick.marketplace.output.GoalOutputs;
import io.github.oneclick.marketplace.output.PlannedSnapshot;
import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.NotFoundException;
import io.github.oneclick.vendor.model.DropletCreateRequest;
import io.github.oneclick.vendor.model.Image;
import io.github.oneclick.vendor.model.SshKey;
import io.github.oneclick.vendor.workflow.BuildPlan;
import io.github.oneclick.vendor.workflow.RunId;
import io.github.oneclick.vendor.workflow.RunResources;
import io.github.oneclick.vendor.workflow.SnapshotException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
 * Tests the new image as a user will meet it, the test step of DigitalOcean's process: a droplet from the image on the
 * smallest size its {@code min_disk_size} fits, reached over SSH with a host key handed to it and pinned, then its
 * first boot checked: cloud-init finished without errors, the per-instance scripts ran, the message of the day shows,
 * the listed {@code services} are active and the {@code testCommands} exit 0. The report goes to the console,
 * {@code image-test.json}, JUnit XML and {@code image-test.md} (and the CI's step summary). The droplet is destroyed
 * at the end, always; a failed test fails the goal, so {@code marketplace:release} does not run.
 *
 * <p>The image is the snapshot {@code marketplace:snapshot} took in this build, else {@code imageId}, else the one
 * {@code target/marketplace/snapshot.json} records.
 */
@Mojo(name = "test-image", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class TestImageMojo extends AbstractMarketplaceMojo {

    /**
     * The image to test, such as {@code -Dmarketplace.imageId=171234567}; by default the snapshot of this build, or
     * the one {@code target/marketplace/snapshot.json} records.
     */
    @Parameter(property = "marketplace.imageId")
    String imageId;

    /** The test droplet's region; by default the build droplet's, else the image's first region. */
    @Parameter(property = "marketplace.testRegion")
    String testRegion;

    /**
     * The test droplet's size; by default the cheapest in the region whose disk holds the image's min_disk_size, the
     * smallest droplet a user can make from it.
     */
    @Parameter(property = "marketplace.testSize")
    String testSize;

    /**
     * Services that must be active after the first boot, such as
     * {@code <services><service>nginx</service></services>}.
     */
    @Parameter(property = "marketplace.services")
    List<String> services;

    /**
     * Commands that must exit 0 on the droplet, run as root in order after the first boot, such as
     * {@code <testCommands><testCommand>curl -fsS http://localhost/</testCommand></testCommands>}.
     */
    @Parameter
    List<String> testCommands;

    /** How long one test command may run. */
    @Parameter(property = "marketplace.testCommandTimeout", defaultValue = "5m")
    String testCommandTimeout;

    /** The SSH port of the droplet. */
    @Parameter(property = "marketplace.port", defaultValue = "22")
    int port;

    /** How long the droplet may take to be ready: active, SSH answering, cloud-init done. */
    @Parameter(property = "marketplace.readyTimeout", defaultValue = "10m")
    String readyTimeout;

    /**
     * Where {@code image-test.json}, {@code TEST-marketplace-image-test.xml} (JUnit XML) and {@code image-test.md}
     * are written.
     */
    @Parameter(property = "marketplace.reportDirectory", defaultValue = "${project.build.directory}/marketplace")
    File reportDirectory;

    @Override
    protected String goal() {
        return "test-image";
    }

    @Override
    protected String parameterFor(String setting) {
        return switch (setting) {
            case "region" -> "testRegion";
            case "size" -> "testSize";
            case "image" -> "imageId";
            default -> super.parameterFor(setting);
        };
    }

    @Override
    protected void doExecute() throws MojoExecutionException, MojoFailureException {
        Duration ready = Durations.parse(readyTimeout, "marketplace.readyTimeout");
        Duration perCommand = Durations.parse(testCommandTimeout, "marketplace.testCommandTimeout");
        ImageTester tester = tester(ready, perCommand);
        Optional<BuildOutput> built = GoalOutputs.handedOverBuild(getPluginContext());
        Optional<PlannedSnapshot> planned = GoalOutputs.planned(getPluginContext());
        if (dryRun && blank(imageId) && planned.isPresent()) {
            getLog().info("Dry run: would create a droplet from the image '"
                    + planned.get().name() + "' of this run on the smallest size it"
                    + " fits, check its first boot" + describe(tester) + ", and destroy it.");
            return;
        }
        ImageIdResolver.Resolved resolved = ImageIdResolver.resolve(
                imageId, GoalOutputs.handedOver(getPluginContext()), outputDirectory(), null, baseDirectory(), "test");
        try (DigitalOceanClient client = createClient()) {
            Image image;
            try {
                image = client.getImage(resolved.imageId());
            } catch (NotFoundException e) {
                throw new MojoFailureException("Image " + resolved.imageId() + " (from " + resolved.source()
                        + ") does not exist, or this token cannot see it. Parameter: <imageId>"
                        + " (-Dmarketplace.imageId).");
            }
            String region = !blank(testRegion)
                    ? testRegion.strip()
                    : built.map(BuildOutput::region)
                            .filter(r ->
                                    image.regions().isEmpty() || image.regions().contains(r))
                            .orElse(
                                    image.regions().isEmpty()
                                            ? null
                                            : image.regions().get(0));
            if (region == null) {
                throw new MojoFailureException("Image " + image.id() + " is in no region yet. Set <testRegion>"
                        + " (-Dmarketplace.testRegion).");
            }
            BuildPlan plan = build(() -> BuildPlan.forImage(
                    region,
                    blank(testSize) ? null : testSize.strip(),
                    image,
                    client.listRegions().toList(),
                    client.listSizes().toList()));
            getLog().info(String.format(
                    Locale.ROOT,
                    "Image %d (%s) from %s: testing it on a %s droplet in %s ($%.5f/h, %d GB disk; the image needs %s"
                            + " GB).",
                    image.id(),
                    image.name(),
                    resolved.source(),
                    plan.size().slug(),
                    plan.region().slug(),
                    plan.size().priceHourly(),
                    plan.size().disk(),
                    image.minDiskSize() == null ? "?" : image.minDiskSize()));
            if (dryRun) {
                getLog().info("Dry run: would create that droplet, check its first boot" + describe(tester)
                        + ", and destroy it. Nothing was created.");
                return;
            }
            test(client, image, plan, built, tester, ready);
        } catch (DigitalOceanException e) {
            throw failure(e);
        }
    }

    private void test(
            DigitalOceanClient client,
            Image image,
            BuildPlan plan,
            Optional<BuildOutput> built,
            ImageTester tester,
            Duration ready)
            throws MojoExecutionException, MojoFailureException {
        RunSession run = RunSession.of(getPluginContext(), Clock.systemUTC());
        RunId runId = run.runId();
        LogProgress progress = new LogProgress(getLog());
        run.deleteOnExit(this::clientForCleanup, getLog());
        Optional<BuildOutput> withKey = built.filter(b -> hasOutstandingKey(run, b.sshKeyFingerprint()));
        boolean ownKey = withKey.isEmpty();
        String name = (project == null ? "marketplace" : BuildMojo.slug(project.getArtifactId())) + "-test-" + runId;
        ImageTestReport report = null;
        Exception problem = null;
        try {
            BuildKeys keys;
            String accountKey;
            Path directory = outputDirectory().resolve("run-" + runId);
            if (withKey.isPresent()) {
                keys = BuildKeys.withClientKey(
                        directory.resolve("test-image"), Path.of(withKey.get().privateKey()), runId.keyName());
                accountKey = withKey.get().sshKeyFingerprint();
            } else {
                keys = BuildKeys.generate(directory, runId.keyName());
                SshKey key = client.createSshKey(runId.keyName(), keys.clientPublicKey());
                run.resources().trackSshKey(key);
                accountKey = key.fingerprint();
            }
            DropletCreateRequest.Builder request = DropletCreateRequest.builder()
                    .name(name)
                    .region(plan.region().slug())
                    .size(plan.size().slug())
                    .image(image.id())
                    .tags(List.of(RunId.MARKER_TAG))
                    .runTag(runId.dropletTag());
            DropletLauncher launcher = DropletLauncher.builder(client, run.resources())
                    .keys(keys)
                    .port(port)
                    .readyTimeout(ready)
                    .firstBootCommand("")
                    .progress(getLog()::info)
                    .listener(progress)
                    .warnings(getLog()::warn)
                    .build();
            try (DropletLauncher.Launched launched =
                    launcher.launch(request, accountKey, plan.size().priceHourly())) {
                report = tester.test(
                        FirstBootTarget.of(launched.session()),
                        new ImageTestReport.Subject(
                                image.id(),
                                image.name(),
                                launched.droplet().id(),
                                plan.region().slug(),
                                plan.size().slug()));
            }
        } catch (MachineException
                | IOException
                | DigitalOceanException
                | SnapshotException
                | IllegalArgumentException e) {
            problem = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = e;
        } finally {
            destroyTestDroplets(client, run, name, progress);
        }
        try {
            if (report != null) {
                report.consoleLines().forEach(getLog()::info);
                writeReports(report);
            }
        } finally {
            // the run ends here when it goes no further (a failure) or when this goal made its own key
            if (problem != null || report.failed() || ownKey) {
                RunSession.summary(run.finish(client, progress)).forEach(getLog()::info);
            }
        }
        if (problem != null) {
            throw new MojoFailureException(
                    "The image " + image.id() + " could not be tested: " + problem.getMessage()
                            + (problem instanceof MachineException m
                                            && (m.kind() == MachineException.Kind.NOT_READY
                                                    || m.kind() == MachineException.Kind.TIMEOUT)
                                    ? " Parameter: <readyTimeout> (-Dmarketplace.readyTimeout)."
                                    : "")
                            + (problem instanceof SnapshotException s ? hintFor(s) : "")
                            + " The test droplet is deleted; the image was not released.",
                    problem);
        }
        if (report.failed()) {
            throw new MojoFailureException("The image " + image.id() + " (" + image.name() + ") failed its test ("
                    + report.failures() + " failed); it was not released, and the test droplet is deleted:\n"
                    + String.join("\n", report.failureSummary()));
        }
        getLog().info("Image " + image.id() + " passed its test on droplet "
                + report.subject().dropletId() + ", now deleted.");
    }

    /** Deletes the test droplet, whatever happened: it is the only droplet of this name the run created. */
    private void destroyTestDroplets(DigitalOceanClient client, RunSession run, String name, LogProgress progress) {
        List<RunResources.Resource> droplets = new ArrayList<>();
        run.resources().outstanding().stream()
                .filter(r -> r.kind() == RunResources.Kind.DROPLET && r.name().equals(name))
                .forEach(droplets::add);
        for (RunResources.Resource droplet : droplets) {
            run.resources().removeDroplet(client, Long.parseLong(droplet.id()), progress);
        }
    }

    private static boolean hasOutstandingKey(RunSession run, String fingerprint) {
        return fingerprint != null
                && run.resources().outstanding().stream()
                        .anyMatch(r -> r.kind() == RunResources.Kind.SSH_KEY && r.id().equals(fingerprint));
    }

    private void writeReports(ImageTestReport report) throws MojoExecutionException {
        Path directory = reportDirectory.toPath();
        try {
            ImageTestReportWriter writer = new ImageTestReportWriter();
            List<Path> written = new ArrayList<>(writer.write(report, directory));
            written.addAll(ci().summary(writer.markdown(report)));
            ci().outputs(Map.of("image_test", report.failed() ? "failed" : "passed"));
            getLog().info("Image test reports: "
                    + String.join(", ", written.stream().map(Path::toString).toList()));
        } catch (IOException e) {
            throw new MojoExecutionException(
                    "Cannot write the image test reports to " + directory + " (change marketplace.reportDirectory): "
                            + e.getMessage(),
                    e);
        }
    }

    private ImageTester tester(Duration ready, Duration perCommand) throws MojoFailureException {
        ImageTester.Builder builder = ImageTester.builder()
                .firstBootTimeout(ready)
                .commandTimeout(perCommand)
                .progress(getLog()::info);
        try {
            builder.services(services == null ? List.of() : services);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("Invalid <services> of marketplace:test-image: " + e.getMessage()
                    + ". Parameter: <services> (-Dmarketplace.services).");
        }
        try {
            builder.commands(testCommands == null ? List.of() : testCommands);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("Invalid <testCommands> of marketplace:test-image: " + e.getMessage() + ".");
        }
        return builder.build();
    }

    private static String describe(ImageTester tester) {
        String what = " (cloud-init, per-instance scripts, MOTD";
        if (!tester.services().isEmpty()) {
            what += ", services " + String.join(", ", tester.services());
        }
        if (!tester.commands().isEmpty()) {
            what += ", " + tester.commands().size() + " test command"
                    + (tester.commands().size() == 1 ? "" : "s");
        }
        return what + ")";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
