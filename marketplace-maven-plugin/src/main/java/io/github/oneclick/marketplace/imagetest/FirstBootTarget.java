package io.github.oneclick.marketplace.imagetest;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import io.github.oneclick.marketplace.machine.ExecResult;
import io.github.oneclick.marketplace.machine.MachineException;
import io.github.oneclick.marketplace.machine.SshSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What an image test needs of the droplet it checks: run a command, list a directory. */
public interface FirstBootTarget {

    /** One entry of a directory. */
    record Entry(String name, boolean regularFile, boolean executable) {}

    /** Runs one command line as root; its standard output and error, and its exit status. */
    ExecResult exec(String command, Duration timeout) throws MachineException;

    /** The entries of a directory, without {@code .} and {@code ..}; empty when it does not exist. */
    Optional<List<Entry>> list(String directory) throws MachineException;

    /** Describes the target for the report, such as {@code root@203.0.113.7:22}. */
    String describe();

    /** A verified SSH session to the droplet: commands on exec channels, listings over SFTP. */
    static FirstBootTarget of(SshSession session) {
        return new FirstBootTarget() {
            @Override
            public ExecResult exec(String command, Duration timeout) throws MachineException {
                return session.exec(command, null, line -> {}, timeout);
            }

            @Override
            public Optional<List<Entry>> list(String directory) throws MachineException {
                ChannelSftp sftp = session.openSftp();
                try {
                    List<Entry> entries = new ArrayList<>();
                    for (Object each : sftp.ls(directory)) {
                        ChannelSftp.LsEntry entry = (ChannelSftp.LsEntry) each;
                        String name = entry.getFilename();
                        if (name.equals(".") || name.equals("..")) {
                            continue;
                        }
                        entries.add(new Entry(
                                name,
                                entry.getAttrs().isReg(),
                                (entry.getAttrs().getPermissions() & 0111) != 0));
                    }
                    entries.sort(java.util.Comparator.comparing(Entry::name));
                    return Optional.of(entries);
                } catch (SftpException e) {
                    if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                        return Optional.empty();
                    }
                    throw new MachineException(
                            MachineException.Kind.CONNECTION_LOST,
                            "Could not list " + directory + " on " + session.describe() + " over SFTP: "
                                    + e.getMessage(),
                            e);
                } finally {
                    sftp.disconnect();
                }
            }

            @Override
            public String describe() {
                return session.describe();
            }
        };
    }
}
