package io.github.oneclick.marketplace.machine;

import java.util.Objects;

/**
 * The outcome of one script run on a {@link Machine}.
 *
 * @param exitCode the exit status of the script ({@code -1} when the target did not report one)
 * @param stdout the complete standard output
 * @param stderr the complete standard error
 */
public record ExecResult(int exitCode, String stdout, String stderr) {
    public ExecResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    @Override
    public String toString() {
        return "ExecResult[exitCode=" + exitCode + ", stdout=" + stdout.length() + " chars, stderr=" + stderr.length()
                + " chars]";
    }
}
