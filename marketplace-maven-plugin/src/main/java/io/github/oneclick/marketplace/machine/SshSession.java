package io.github.oneclick.marketplace.machine;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One open, verified SSH session, made by {@link SshMachine#connect()}: it runs commands (each on its own exec
 * channel) and opens SFTP channels until it is closed, so a build connects once for its uploads, scripts and
 * validation. As a {@link Machine} it runs the validation script like {@link SshMachine} does, on this session.
 * Not thread-safe: one operation at a time.
 */
public final class SshSession implements Machine {
    private final Session session;
    private final String description;
    private final boolean sudo;
    private final Duration connectTimeout;
    private final Duration commandTimeout;

    SshSession(Session session, String description, boolean sudo, Duration connectTimeout, Duration commandTimeout) {
        this.session = session;
        this.description = description;
        this.sudo = sudo;
        this.connectTimeout = connectTimeout;
        this.commandTimeout = commandTimeout;
    }

    /** Whether commands that need root go through {@code sudo -n} (the user is not root). */
    public boolean sudo() {
        return sudo;
    }

    /** The configured timeout of one command. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** Whether the connection is still up. */
    public boolean isConnected() {
        return session.isConnected();
    }

    @Override
    public String describe() {
        return description;
    }

    /** Runs the validation script with {@code /bin/sh -s} (through {@code sudo -n} when the user is not root). */
    @Override
    public ExecResult run(String script, Consumer<String> stdoutLines) throws MachineException {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(stdoutLines, "stdoutLines");
        return exec(
                shellCommand(sudo),
                script.getBytes(StandardCharsets.UTF_8),
                stdoutLines,
                commandTimeout,
                "The validation script",
                " Raise the command timeout, or run without marketplace.cleanup (the package upgrade is the slow"
                        + " part).");
    }

    /** The remote command that runs a script from standard input as root ({@code sudo -n} for other users). */
    public static String shellCommand(boolean sudo) {
        return sudo ? "sudo -n /bin/sh -s" : "/bin/sh -s";
    }

    /**
     * Runs one command line on an exec channel of this session and waits for it.
     *
     * @param command the remote command line, as the login shell receives it
     * @param stdin what the command reads on standard input, or null for nothing
     * @param stdoutLines receives each standard output line as it arrives
     * @param timeout how long the command may run; then it is stopped ({@link MachineException.Kind#TIMEOUT})
     * @return the exit code ({@code -1} when the server reported none) and the complete output
     */
    public ExecResult exec(String command, byte[] stdin, Consumer<String> stdoutLines, Duration timeout)
            throws MachineException {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(stdoutLines, "stdoutLines");
        Objects.requireNonNull(timeout, "timeout");
        return exec(command, stdin, stdoutLines, timeout, "The command", "");
    }

    private ExecResult exec(
            String command,
            byte[] stdin,
            Consumer<String> stdoutLines,
            Duration timeout,
            String what,
            String timeoutHint)
            throws MachineException {
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ssh-exec-reader");
            t.setDaemon(true);
            return t;
        });
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command);
            channel.setInputStream(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin), false);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setErrStream(err, true);
            InputStream out;
            try {
                out = channel.getInputStream();
            } catch (IOException e) {
                throw new MachineException(
                        MachineException.Kind.CONNECTION_LOST,
                        "Could not open the SSH exec channel on " + description + ": " + safeMessage(e),
                        e);
            }
            channel.connect(timeoutMillis(connectTimeout));
            Future<String> stdout = reader.submit(() -> readLines(out, stdoutLines));
            String output;
            try {
                output = stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new MachineException(
                        MachineException.Kind.TIMEOUT,
                        what + " on " + description + " did not finish within " + timeout.toSeconds()
                                + " s and was stopped; its output is not judged." + timeoutHint);
            } catch (ExecutionException e) {
                throw new MachineException(
                        MachineException.Kind.CONNECTION_LOST,
                        "The SSH connection to " + description + " broke while "
                                + what.toLowerCase(java.util.Locale.ROOT)
                                + " ran (" + safeMessage(e.getCause())
                                + "). Re-run the build; check the droplet is not rebooting or shutting down.",
                        e.getCause());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!channel.isClosed() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            int exit = channel.isClosed() ? channel.getExitStatus() : -1;
            return new ExecResult(exit, output, err.toString(StandardCharsets.UTF_8));
        } catch (JSchException e) {
            throw new MachineException(
                    MachineException.Kind.CONNECTION_LOST,
                    "SSH to " + description + " failed: " + safeMessage(e)
                            + ". Check marketplace.host and marketplace.port, and that sshd allows exec channels.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MachineException(MachineException.Kind.TIMEOUT, "Interrupted while running on " + description, e);
        } finally {
            if (channel != null) {
                channel.disconnect();
            }
            reader.shutdownNow();
        }
    }

    /**
     * Opens an SFTP channel on this session; the caller disconnects it.
     *
     * @throws MachineException ({@link MachineException.Kind#CONNECTION_LOST}) when the server offers no SFTP
     */
    public ChannelSftp openSftp() throws MachineException {
        ChannelSftp sftp = null;
        try {
            sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(timeoutMillis(connectTimeout));
            return sftp;
        } catch (JSchException e) {
            if (sftp != null) {
                sftp.disconnect();
            }
            throw new MachineException(
                    MachineException.Kind.CONNECTION_LOST,
                    "Could not open SFTP on " + description + " (" + safeMessage(e)
                            + "). The droplet's sshd must offer the sftp subsystem (OpenSSH's default).",
                    e);
        }
    }

    private static String readLines(InputStream in, Consumer<String> lines) throws IOException {
        StringBuilder all = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                all.append(line).append('\n');
                lines.accept(line);
            }
        }
        return all.toString();
    }

    static String safeMessage(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    static int timeoutMillis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    /** Disconnects the session. */
    @Override
    public void close() {
        session.disconnect();
    }

    @Override
    public String toString() {
        return "SshSession[" + description + ", sudo=" + sudo + ", connected=" + session.isConnected() + "]";
    }
}
