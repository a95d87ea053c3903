package io.github.oneclick.marketplace.imagetest;

import io.github.oneclick.marketplace.machine.ExecResult;
import io.github.oneclick.marketplace.machine.MachineException;
import io.github.oneclick.marketplace.validation.Status;
import io.github.oneclick.vendor.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Checks the first boot of a droplet made from a new image, as a user's droplet will boot: cloud-init finished
 * without errors ({@code cloud-init status --wait --long}); each script of {@code /var/lib/cloud/scripts/per-instance}
 * was executable and ran (cloud-init's semaphore, and no error naming it); the message of the day shows (each
 * {@code /etc/update-motd.d/99-*} runs and prints something, or {@code /etc/motd} has text); each listed service is
 * active; each test command exits 0. Every check runs, whatever the others found, and each is one line of the report.
 * Nothing here changes the droplet beyond what the vendor's test commands do.
 */
public final class ImageTester {
    /** The command that waits for the first boot and reports its errors. */
    public static final String CLOUD_INIT_STATUS = "cloud-init status --wait --long";

    static final String PER_INSTANCE_DIRECTORY = "/var/lib/cloud/scripts/per-instance";
    static final String PER_INSTANCE_SEMAPHORE = "/var/lib/cloud/instance/sem/config_scripts_per_instance";
    static final String MOTD_DIRECTORY = "/etc/update-motd.d";
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._:-]{0,255}");
    private static final int OUTPUT_LINES = 10;

    private final List<String> services;
    private final List<String> commands;
    private final Duration firstBootTimeout;
    private final Duration commandTimeout;
    private final Consumer<String> progress;
    private final Clock clock;

    private ImageTester(Builder b) {
        this.services = List.copyOf(b.services);
        this.commands = List.copyOf(b.commands);
        this.firstBootTimeout = b.firstBootTimeout;
        this.commandTimeout = b.commandTimeout;
        this.progress = b.progress;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The services checked, in order. */
    public List<String> services() {
        return services;
    }

    /** The test commands run, in order. */
    public List<String> commands() {
        return commands;
    }

    /**
     * Runs every check on the droplet.
     *
     * @param target the droplet, reached as root
     * @param subject what is tested, for the report: the image, the droplet, its size
     * @throws MachineException when the droplet cannot be reached any more; a check that fails is a line of the report
     */
    public ImageTestReport test(FirstBootTarget target, ImageTestReport.Subject subject) throws MachineException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(subject, "subject");
        List<ImageCheck> checks = new ArrayList<>();
        progress.accept("Checking the first boot of " + target.describe() + " (" + CLOUD_INIT_STATUS + ")...");
        FirstBoot boot = firstBoot(target, checks);
        perInstanceScripts(target, boot, checks);
        motd(target, checks);
        for (String service : services) {
            checks.add(service(target, service));
        }
        for (int i = 0; i < commands.size(); i++) {
            progress.accept("Test command " + (i + 1) + "/" + commands.size() + ": " + commands.get(i));
            checks.add(command(target, commands.get(i)));
        }
        return new ImageTestReport(subject, target.describe(), clock.instant(), checks);
    }

    /** What cloud-init said about the first boot: its errors, one per line. */
    private record FirstBoot(List<String> errors) {}

    private FirstBoot firstBoot(FirstBootTarget target, List<ImageCheck> checks) throws MachineException {
        ExecResult result = target.exec(CLOUD_INIT_STATUS, firstBootTimeout);
        String output = result.stdout() + result.stderr();
        String status = field(output, "status").orElse("");
        List<String> errors = errors(output);
        String fix = "Boot a droplet from the image and read /var/log/cloud-init.log and"
                + " /var/log/cloud-init-output.log: a first-boot script or the user data failed.";
        if (result.exitCode() == 127) {
            checks.add(ImageCheck.fail(
                    ImageCheck.FIRST_BOOT,
                    null,
                    "cloud-init is not installed: DigitalOcean configures droplets through it.",
                    List.of(),
                    "Keep cloud-init in the image (apt-get install cloud-init)."));
        } else if (result.exitCode() == 0 && status.equals("done") && errors.isEmpty()) {
            checks.add(ImageCheck.pass(
                    ImageCheck.FIRST_BOOT, null, "cloud-init finished the first boot without errors.", List.of()));
        } else if (result.exitCode() == 2 && errors.isEmpty()) {
            checks.add(new ImageCheck(
                    ImageCheck.FIRST_BOOT,
                    null,
                    Status.WARN,
                    "cloud-init finished the first boot with recoverable errors (exit 2).",
                    tail(output),
                    fix));
        } else {
            checks.add(ImageCheck.fail(
                    ImageCheck.FIRST_BOOT,
                    null,
                    "cloud-init did not finish the first boot cleanly: status "
                            + (status.isEmpty() ? "unknown" : status)
                            + ", exit " + result.exitCode()
                            + (errors.isEmpty()
                                    ? "."
                                    : ", " + errors.size() + (errors.size() == 1 ? " error." : " errors.")),
                    errors.isEmpty() ? tail(output) : errors,
                    fix));
        }
        return new FirstBoot(errors);
    }

    private void perInstanceScripts(FirstBootTarget target, FirstBoot boot, List<ImageCheck> checks)
            throws MachineException {
        List<FirstBootTarget.Entry> scripts = target.list(PER_INSTANCE_DIRECTORY).orElse(List.of()).stream()
                .filter(FirstBootTarget.Entry::regularFile)
                .toList();
        if (scripts.isEmpty()) {
            checks.add(new ImageCheck(
                    ImageCheck.PER_INSTANCE,
                    null,
                    Status.OK,
                    "No first-boot scripts in " + PER_INSTANCE_DIRECTORY + ".",
                    List.of(),
                    null));
            return;
        }
        boolean ran =
                target.exec("test -f " + PER_INSTANCE_SEMAPHORE, commandTimeout).exitCode() == 0;
        for (FirstBootTarget.Entry script : scripts) {
            String path = PER_INSTANCE_DIRECTORY + "/" + script.name();
            List<String> failures = boot.errors().stream()
                    .filter(e -> e.contains(script.name()))
                    .toList();
            if (!script.executable()) {
                checks.add(ImageCheck.fail(
                        ImageCheck.PER_INSTANCE,
                        script.name(),
                        path + " is not executable: cloud-init skipped it, so it never ran.",
                        List.of(),
                        "Make it executable in the build (chmod 755 " + path + ", or mode 0755 in"
                                + " src/marketplace/files)."));
            } else if (!failures.isEmpty()) {
                checks.add(ImageCheck.fail(
                        ImageCheck.PER_INSTANCE,
                        script.name(),
                        path + " failed at the first boot.",
                        failures,
                        "Run it on a droplet from the image and read /var/log/cloud-init-output.log for its output."));
            } else if (!ran) {
                checks.add(ImageCheck.fail(
                        ImageCheck.PER_INSTANCE,
                        script.name(),
                        path + " did not run: cloud-init left no " + PER_INSTANCE_SEMAPHORE + ".",
                        List.of(),
                        "Check that the cleanup removed /var/lib/cloud/instances/* before the snapshot, and that"
                                + " cloud-init's scripts_per_instance module is enabled."));
            } else {
                checks.add(ImageCheck.pass(
                        ImageCheck.PER_INSTANCE, script.name(), path + " ran at the first boot.", List.of()));
            }
        }
    }

    private void motd(FirstBootTarget target, List<ImageCheck> checks) throws MachineException {
        Optional<List<FirstBootTarget.Entry>> directory = target.list(MOTD_DIRECTORY);
        if (directory.isEmpty()) {
            ExecResult motd = target.exec("cat /etc/motd", commandTimeout);
            if (motd.exitCode() == 0 && !motd.stdout().isBlank()) {
                checks.add(ImageCheck.pass(ImageCheck.MOTD, "/etc/motd", "/etc/motd shows.", head(motd.stdout())));
            } else {
                checks.add(ImageCheck.fail(
                        ImageCheck.MOTD,
                        null,
                        "No message of the day: no " + MOTD_DIRECTORY + " and no text in /etc/motd.",
                        List.of(),
                        "Tell users how to start: add " + MOTD_DIRECTORY + "/99-one-click (executable) or /etc/motd."));
            }
            return;
        }
        List<FirstBootTarget.Entry> files = directory.get().stream()
                .filter(e -> e.regularFile() && e.name().startsWith("99-"))
                .toList();
        if (files.isEmpty()) {
            checks.add(ImageCheck.fail(
                    ImageCheck.MOTD,
                    null,
                    "No 99- file in " + MOTD_DIRECTORY + ": the login shows no message of the image.",
                    List.of(),
                    "Add " + MOTD_DIRECTORY + "/99-one-click (executable), which prints how to start."));
            return;
        }
        for (FirstBootTarget.Entry file : files) {
            String path = MOTD_DIRECTORY + "/" + file.name();
            if (!file.executable()) {
                checks.add(ImageCheck.fail(
                        ImageCheck.MOTD,
                        file.name(),
                        path + " is not executable: the login never shows it.",
                        List.of(),
                        "Make it executable (chmod 755 " + path + ")."));
                continue;
            }
            ExecResult shown = target.exec(path, commandTimeout);
            if (shown.exitCode() == 0 && !shown.stdout().isBlank()) {
                checks.add(ImageCheck.pass(ImageCheck.MOTD, file.name(), path + " shows.", head(shown.stdout())));
            } else {
                checks.add(ImageCheck.fail(
                        ImageCheck.MOTD,
                        file.name(),
                        path + (shown.exitCode() == 0 ? " prints nothing." : " exits " + shown.exitCode() + "."),
                        tail(shown.stdout() + shown.stderr()),
                        "Run " + path + " on a droplet from the image: it should print the message and exit 0."));
            }
        }
    }

    private ImageCheck service(FirstBootTarget target, String unit) throws MachineException {
        ExecResult result = target.exec("systemctl is-active " + unit, commandTimeout);
        String state = result.stdout().strip();
        if (result.exitCode() == 0 && state.equals("active")) {
            return ImageCheck.pass(ImageCheck.SERVICE, unit, unit + " is active.", List.of());
        }
        return ImageCheck.fail(
                ImageCheck.SERVICE,
                unit,
                unit + " is " + (state.isEmpty() ? "not active (exit " + result.exitCode() + ")" : state) + ".",
                tail(result.stderr()),
                "Enable it in the build (systemctl enable " + unit + "), and read systemctl status " + unit
                        + " and journalctl -u " + unit + " on a droplet from the image.");
    }

    private ImageCheck command(FirstBootTarget target, String command) throws MachineException {
        ExecResult result;
        try {
            result = target.exec(command, commandTimeout);
        } catch (MachineException e) {
            if (e.kind() != MachineException.Kind.TIMEOUT) {
                throw e;
            }
            return ImageCheck.fail(
                    ImageCheck.COMMAND,
                    command,
                    "Did not end within " + commandTimeout.toSeconds() + " s.",
                    List.of(),
                    "Make the command end, or raise the test command timeout.");
        }
        List<String> output = tail(result.stdout() + result.stderr());
        if (result.exitCode() == 0) {
            return ImageCheck.pass(ImageCheck.COMMAND, command, "Passed (exit 0).", output);
        }
        return ImageCheck.fail(
                ImageCheck.COMMAND,
                command,
                "Failed: exit " + result.exitCode() + ".",
                output,
                "Run it on a droplet from the image to see why.");
    }

    /** The value of a {@code name: value} line of cloud-init's long status. */
    private static Optional<String> field(String output, String name) {
        return output.lines()
                .filter(l -> l.startsWith(name + ":"))
                .map(l -> l.substring(name.length() + 1).strip())
                .findFirst();
    }

    /** The items of the {@code errors:} list of cloud-init's long status ({@code errors: []} has none). */
    static List<String> errors(String output) {
        List<String> errors = new ArrayList<>();
        boolean inList = false;
        for (String line : output.lines().toList()) {
            if (line.startsWith("errors:")) {
                String rest = line.substring("errors:".length()).strip();
                inList = rest.isEmpty();
                if (!rest.isEmpty() && !rest.equals("[]")) {
                    errors.add(rest);
                }
            } else if (inList && line.strip().startsWith("- ")) {
                errors.add(line.strip().substring(2).strip());
            } else if (inList && !line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                inList = false;
            }
        }
        return errors;
    }

    private static List<String> head(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.subList(0, Math.min(lines.size(), OUTPUT_LINES));
    }

    private static List<String> tail(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size());
    }

    public static final class Builder {
        private final List<String> services = new ArrayList<>();
        private final List<String> commands = new ArrayList<>();
        private Duration firstBootTimeout = Duration.ofMinutes(10);
        private Duration commandTimeout = Duration.ofMinutes(5);
        private Consumer<String> progress = line -> {};
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * The services that must be active, such as {@code nginx} or {@code mysql.service}.
         *
         * @throws IllegalArgumentException naming the first that is no systemd unit name
         */
        public Builder services(List<String> units) {
            services.clear();
            for (String unit : Objects.requireNonNull(units, "services")) {
                String name = unit == null ? "" : unit.strip();
                if (!UNIT.matcher(name).matches()) {
                    throw new IllegalArgumentException("'" + unit + "' is not a systemd unit name, such as nginx or"
                            + " mysql.service (letters, digits and @._:- only)");
                }
                services.add(name);
            }
            return this;
        }

        /**
         * Command lines that must exit 0 on the droplet, run as root in order, such as {@code curl -fsS
         * http://localhost/}.
         *
         * @throws IllegalArgumentException when one is blank
         */
        public Builder commands(List<String> lines) {
            commands.clear();
            for (String line : Objects.requireNonNull(lines, "commands")) {
                if (line == null || line.isBlank()) {
                    throw new IllegalArgumentException("a test command is blank: give a command line such as curl -fsS"
                            + " http://localhost/, or remove the empty entry");
                }
                commands.add(line.strip());
            }
            return this;
        }

        /** How long the first boot may still take when the checks start. */
        public Builder firstBootTimeout(Duration timeout) {
            this.firstBootTimeout = Durations.requirePositive(timeout, "firstBootTimeout");
            return this;
        }

        /** How long each test command may run. */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = Durations.requirePositive(timeout, "commandTimeout");
            return this;
        }

        /** Progress lines, for long waits. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** The report's time. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ImageTester build() {
            return new ImageTester(this);
        }
    }
}
