package io.github.oneclick.marketplace.build;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import io.github.oneclick.marketplace.machine.ExecResult;
import io.github.oneclick.marketplace.machine.MachineException;
import io.github.oneclick.marketplace.machine.SshSession;
import io.github.oneclick.vendor.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Provisions a build droplet over one {@link SshSession}, like Packer's file and shell provisioners: uploads a
 * {@link FileTree} to the droplet's root and runs the vendor's {@link Scripts} in order as root.
 *
 * <p><b>Upload.</b> Over SFTP. Missing directories are created with the local directory's mode; directories that
 * exist on the droplet keep theirs (a checkout's {@code etc/} must not change {@code /etc}). Files are written (replaced
 * when present) and get the local file's mode. When the user is not root, the tree goes to a private staging directory
 * first and {@code sudo -n install} puts each entry in place, owned by root.
 *
 * <p><b>Scripts.</b> Each is uploaded into a fresh private directory under {@link Builder#remoteTemp(String)}, made
 * executable and run as root ({@code sudo -n} when the user is not root) from {@code /} with
 * {@code DEBIAN_FRONTEND=noninteractive} and no standard input; its output (standard error merged) goes line by line
 * to the output consumer as it arrives. The first non-zero exit stops the run ({@link
 * MachineException.Kind#SCRIPT_FAILED}, naming the script, its exit code and its last lines). While they run, an apt
 * drop-in ({@value #APT_DROP_IN}) makes apt and dpkg wait for the dpkg lock (Ubuntu's first-boot unattended upgrades
 * hold it for minutes) instead of failing; it is removed afterwards, with the directory.
 */
public final class Provisioner {
    /** The apt configuration file written while the scripts run (apt 1.9.11+ reads {@code DPkg::Lock::Timeout}). */
    public static final String APT_DROP_IN = "/etc/apt/apt.conf.d/00oneclick-marketplace-lock-timeout";

    private static final int TAIL_LINES = 20;

    private final SshSession session;
    private final Consumer<String> progress;
    private final Consumer<String> output;
    private final Duration scriptTimeout;
    private final Duration aptLockTimeout;
    private final String remoteTemp;

    private Provisioner(Builder b) {
        this.session = b.session;
        this.progress = b.progress;
        this.output = b.output;
        this.scriptTimeout = b.scriptTimeout;
        this.aptLockTimeout = b.aptLockTimeout;
        this.remoteTemp = b.remoteTemp;
    }

    public static Builder builder(SshSession session) {
        return new Builder(session);
    }

    /**
     * Uploads the tree to the droplet's root.
     *
     * @throws MachineException {@link MachineException.Kind#TRANSFER_FAILED} naming the path that failed
     */
    public void upload(FileTree tree) throws MachineException {
        Objects.requireNonNull(tree, "tree");
        progress.accept("Uploading " + tree.files().size() + " files (" + tree.totalBytes() + " bytes) from "
                + tree.root() + " to " + session.describe() + "...");
        if (!session.sudo()) {
            ChannelSftp sftp = session.openSftp();
            try {
                put(sftp, tree, "");
            } finally {
                sftp.disconnect();
            }
        } else {
            String staging = makeTempDirectory();
            try {
                ChannelSftp sftp = session.openSftp();
                try {
                    put(sftp, tree, staging);
                } finally {
                    sftp.disconnect();
                }
                StringBuilder script = new StringBuilder("set -e\n");
                for (FileTree.Entry entry : tree.entries()) {
                    String target = quote(entry.remotePath());
                    String mode = String.format("%04o", entry.mode());
                    if (entry.kind() == FileTree.Kind.DIRECTORY) {
                        script.append("[ -d ")
                                .append(target)
                                .append(" ] || install -d -m ")
                                .append(mode)
                                .append(' ')
                                .append(target)
                                .append('\n');
                    } else {
                        script.append("install -m ")
                                .append(mode)
                                .append(' ')
                                .append(quote(staging + entry.remotePath()))
                                .append(' ')
                                .append(target)
                                .append('\n');
                    }
                }
                ExecResult result = asRoot(script.toString(), line -> {});
                if (result.exitCode() != 0) {
                    throw new MachineException(
                            MachineException.Kind.TRANSFER_FAILED,
                            "Putting the uploaded files in place on " + session.describe() + " with sudo failed (exit "
                                    + result.exitCode() + "): " + tail(result.stdout() + result.stderr())
                                    + ". The user needs passwordless sudo, or connect as root.");
                }
            } finally {
                removeQuietly(staging);
            }
        }
        progress.accept("Uploaded " + tree.files().size() + " files.");
    }

    private void put(ChannelSftp sftp, FileTree tree, String prefix) throws MachineException {
        for (FileTree.Entry entry : tree.entries()) {
            String remote = prefix + entry.remotePath();
            try {
                if (entry.kind() == FileTree.Kind.DIRECTORY) {
                    SftpATTRS existing = statOrNull(sftp, remote);
                    if (existing == null) {
                        sftp.mkdir(remote);
                        // staged directories stay private and writable; install gives the final modes
                        sftp.chmod(prefix.isEmpty() ? entry.mode() : 0700, remote);
                    } else if (!existing.isDir()) {
                        throw new MachineException(
                                MachineException.Kind.TRANSFER_FAILED,
                                entry.remotePath() + " exists on " + session.describe()
                                        + " and is not a directory, but " + entry.source()
                                        + " is one. Rename the local directory or remove the file in a script.");
                    }
                } else {
                    try (InputStream in = Files.newInputStream(entry.source())) {
                        sftp.put(in, remote, ChannelSftp.OVERWRITE);
                    }
                    sftp.chmod(entry.mode(), remote);
                }
            } catch (SftpException e) {
                throw new MachineException(
                        MachineException.Kind.TRANSFER_FAILED,
                        "Uploading " + entry.source() + " to " + entry.remotePath() + " on " + session.describe()
                                + " failed: " + e.getMessage() + " (SFTP status " + e.id + ")"
                                + ". Check the droplet's disk space and that the path can be written.",
                        e);
            } catch (IOException e) {
                throw new MachineException(
                        MachineException.Kind.TRANSFER_FAILED,
                        "Cannot read " + entry.source() + " to upload it: " + e.getMessage(),
                        e);
            }
        }
    }

    private static SftpATTRS statOrNull(ChannelSftp sftp, String path) throws SftpException {
        try {
            return sftp.stat(path);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Runs the scripts in order, stopping at the first that fails.
     *
     * @throws MachineException {@link MachineException.Kind#SCRIPT_FAILED} naming the script, its exit code and last
     *     output lines; {@link MachineException.Kind#TIMEOUT} when one runs longer than the script timeout
     */
    public void runScripts(Scripts scripts) throws MachineException {
        Objects.requireNonNull(scripts, "scripts");
        if (scripts.isEmpty()) {
            return;
        }
        String directory = makeTempDirectory();
        boolean dropIn = false;
        try {
            if (!aptLockTimeout.isZero()) {
                dropIn = writeAptDropIn();
            }
            ChannelSftp sftp = session.openSftp();
            try {
                for (Path script : scripts.files()) {
                    String remote = directory + "/" + Scripts.name(script);
                    try (InputStream in = Files.newInputStream(script)) {
                        sftp.put(in, remote, ChannelSftp.OVERWRITE);
                        sftp.chmod(0700, remote);
                    } catch (SftpException | IOException e) {
                        throw new MachineException(
                                MachineException.Kind.TRANSFER_FAILED,
                                "Uploading the script " + script + " to " + session.describe() + " failed: "
                                        + e.getMessage(),
                                e);
                    }
                }
            } finally {
                sftp.disconnect();
            }
            int index = 0;
            for (Path script : scripts.files()) {
                index++;
                run(
                        script,
                        directory + "/" + Scripts.name(script),
                        index,
                        scripts.files().size());
            }
        } finally {
            if (dropIn) {
                removeAptDropIn();
            }
            removeQuietly(directory);
        }
    }

    private void run(Path script, String remote, int index, int count) throws MachineException {
        String name = Scripts.name(script);
        progress.accept("Running script " + index + "/" + count + ": " + name + "...");
        Deque<String> last = new ArrayDeque<>();
        String command = "cd / && " + (session.sudo() ? "sudo -n " : "") + "env DEBIAN_FRONTEND=noninteractive "
                + quote(remote) + " 2>&1";
        ExecResult result = session.exec(
                command,
                null,
                line -> {
                    if (last.size() == TAIL_LINES) {
                        last.removeFirst();
                    }
                    last.addLast(line);
                    output.accept(line);
                },
                scriptTimeout);
        if (result.exitCode() != 0) {
            String lines = String.join("\n  ", last);
            throw new MachineException(
                    MachineException.Kind.SCRIPT_FAILED,
                    "The provisioning script " + name + " (" + script + ") failed on " + session.describe()
                            + " with exit code " + result.exitCode()
                            + (result.exitCode() == -1 ? " (none reported)" : "")
                            + ". " + (lines.isEmpty() ? "It printed nothing." : "Its last lines:\n  " + lines)
                            + (result.stderr().isBlank() ? "" : "\n  " + tail(result.stderr()))
                            + "\nFix the script; the scripts after it did not run.");
        }
        progress.accept("Script " + name + " finished.");
    }

    private boolean writeAptDropIn() throws MachineException {
        String script = "if [ -d /etc/apt/apt.conf.d ]; then printf 'DPkg::Lock::Timeout \"%d\";\\n' "
                + aptLockTimeout.toSeconds() + " > " + APT_DROP_IN + " && echo written; fi\n";
        ExecResult result = asRoot(script, line -> {});
        if (result.exitCode() != 0) {
            throw new MachineException(
                    MachineException.Kind.SCRIPT_FAILED,
                    "Could not write " + APT_DROP_IN + " on " + session.describe() + " (exit " + result.exitCode()
                            + "): " + tail(result.stdout() + result.stderr())
                            + ". The user needs passwordless sudo, or connect as root.");
        }
        boolean written = result.stdout().contains("written");
        if (written) {
            progress.accept("apt waits up to " + aptLockTimeout.toSeconds() + " s for the dpkg lock while the"
                    + " scripts run.");
        }
        return written;
    }

    private void removeAptDropIn() {
        try {
            ExecResult result = asRoot("rm -f " + APT_DROP_IN + "\n", line -> {});
            if (result.exitCode() != 0) {
                progress.accept("WARNING: could not remove " + APT_DROP_IN + " (exit " + result.exitCode()
                        + "); the validation's cleanup does not remove it either.");
            }
        } catch (MachineException e) {
            progress.accept("WARNING: could not remove " + APT_DROP_IN + ": " + e.getMessage());
        }
    }

    /** A fresh directory only the SSH user can read, under the remote temp directory. */
    private String makeTempDirectory() throws MachineException {
        ExecResult result = session.exec(
                "mktemp -d " + quote(remoteTemp + "/oneclick-marketplace.XXXXXXXX"),
                null,
                line -> {},
                Duration.ofMinutes(1));
        String directory = result.stdout().strip();
        if (result.exitCode() != 0 || !directory.startsWith("/") || directory.contains("\n")) {
            throw new MachineException(
                    MachineException.Kind.TRANSFER_FAILED,
                    "Could not create a temporary directory under " + remoteTemp + " on " + session.describe()
                            + " (exit " + result.exitCode() + "): " + tail(result.stderr()));
        }
        return directory;
    }

    private void removeQuietly(String directory) {
        try {
            session.exec("rm -rf " + quote(directory), null, line -> {}, Duration.ofMinutes(1));
        } catch (MachineException e) {
            progress.accept(
                    "WARNING: could not remove " + directory + " on " + session.describe() + ": " + e.getMessage());
        }
    }

    private ExecResult asRoot(String script, Consumer<String> lines) throws MachineException {
        return session.exec(
                SshSession.shellCommand(session.sudo()),
                script.getBytes(StandardCharsets.UTF_8),
                lines,
                Duration.ofMinutes(5));
    }

    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() > 500 ? "..." + t.substring(t.length() - 500) : t;
    }

    @Override
    public String toString() {
        return "Provisioner[" + session.describe() + ", scriptTimeout=" + scriptTimeout + ", aptLockTimeout="
                + aptLockTimeout + "]";
    }

    /** Settings of a provisioning; all optional. */
    public static final class Builder {
        private final SshSession session;
        private Consumer<String> progress = line -> {};
        private Consumer<String> output = line -> {};
        private Duration scriptTimeout = Duration.ofMinutes(60);
        private Duration aptLockTimeout = Duration.ofMinutes(10);
        private String remoteTemp = "/tmp";

        private Builder(SshSession session) {
            this.session = Objects.requireNonNull(session, "session");
        }

        /** Receives what the provisioning does (phases, files, scripts); never secrets. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** Receives each output line of the scripts as it arrives. */
        public Builder output(Consumer<String> output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /** How long one script may run; default 60 minutes. */
        public Builder scriptTimeout(Duration scriptTimeout) {
            this.scriptTimeout = Objects.requireNonNull(scriptTimeout, "scriptTimeout");
            return this;
        }

        /**
         * How long apt and dpkg wait for the dpkg lock while the scripts run; default 10 minutes; zero writes no
         * apt configuration.
         */
        public Builder aptLockTimeout(Duration aptLockTimeout) {
            this.aptLockTimeout = Objects.requireNonNull(aptLockTimeout, "aptLockTimeout");
            return this;
        }

        /** The droplet directory the temporary directories go under; default {@code /tmp}. */
        public Builder remoteTemp(String remoteTemp) {
            this.remoteTemp = Objects.requireNonNull(remoteTemp, "remoteTemp");
            return this;
        }

        public Provisioner build() {
            Durations.requirePositive(scriptTimeout, "scriptTimeout");
            if (aptLockTimeout.isNegative()) {
                throw new IllegalArgumentException("The apt lock timeout must not be negative, was " + aptLockTimeout);
            }
            if (!remoteTemp.startsWith("/") || remoteTemp.chars().anyMatch(c -> c < 0x20)) {
                throw new IllegalArgumentException(
                        "The remote temp directory must be an absolute path, was '" + remoteTemp + "'");
            }
            return new Provisioner(this);
        }
    }
}
