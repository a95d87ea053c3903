package io.github.oneclick.marketplace.testing;

/**
 * What a command printed and how it ended.
 *
 * @param exitCode the exit status
 * @param stdout standard output
 * @param stderr standard error
 */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
