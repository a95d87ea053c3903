package io.github.oneclick.marketplace.imagetest;

import io.github.oneclick.marketplace.machine.ExecResult;
import io.github.oneclick.marketplace.machine.MachineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A droplet as an image test sees it, answering from a script: each command's result, each directory's entries. A
 * command it was not told about answers as a shell does for an unknown command (exit 127), so a check that runs
 * something unexpected shows up as a failure, never as a pass.
 */
final class FakeDroplet implements FirstBootTarget {
    private final Map<String, ExecResult> answers = new HashMap<>();
    private final Map<String, List<Entry>> directories = new HashMap<>();
    private final List<String> commands = new ArrayList<>();
    private final List<String> timeouts = new ArrayList<>();

    /** A droplet whose first boot went well: cloud-init done, the scripts' semaphore written, a MOTD that prints. */
    static FakeDroplet booted() {
        return new FakeDroplet()
                .answer(
                        ImageTester.CLOUD_INIT_STATUS,
                        0,
                        "status: done\nextended_status: done\nboot_status_code: enabled-by-generator\n"
                                + "detail: DataSourceDigitalOcean\nerrors: []\nrecoverable_errors: {}\n")
                .directory(ImageTester.PER_INSTANCE_DIRECTORY, new Entry("001_onboot", true, true))
                .answer("test -f " + ImageTester.PER_INSTANCE_SEMAPHORE, 0, "")
                .directory(
                        ImageTester.MOTD_DIRECTORY,
                        new Entry("00-header", true, true),
                        new Entry("99-one-click", true, true))
                .answer("/etc/update-motd.d/99-one-click", 0, "Welcome to Acme LEMP.\nWeb root: /var/www/html\n");
    }

    FakeDroplet answer(String command, int exitCode, String stdout) {
        answers.put(command, new ExecResult(exitCode, stdout, ""));
        return this;
    }

    FakeDroplet answer(String command, int exitCode, String stdout, String stderr) {
        answers.put(command, new ExecResult(exitCode, stdout, stderr));
        return this;
    }

    /** The command runs past any timeout. */
    FakeDroplet hangs(String command) {
        timeouts.add(command);
        return this;
    }

    FakeDroplet directory(String path, Entry... entries) {
        directories.put(path, List.of(entries));
        return this;
    }

    FakeDroplet noDirectory(String path) {
        directories.remove(path);
        return this;
    }

    List<String> commands() {
        return commands;
    }

    @Override
    public ExecResult exec(String command, Duration timeout) throws MachineException {
        commands.add(command);
        if (timeouts.contains(command)) {
            throw new MachineException(MachineException.Kind.TIMEOUT, command + " did not finish within " + timeout);
        }
        return answers.getOrDefault(command, new ExecResult(127, "", "sh: 1: " + command + ": not found\n"));
    }

    @Override
    public Optional<List<Entry>> list(String directory) {
        return Optional.ofNullable(directories.get(directory));
    }

    @Override
    public String describe() {
        return "root@203.0.113.7:22";
    }
}
