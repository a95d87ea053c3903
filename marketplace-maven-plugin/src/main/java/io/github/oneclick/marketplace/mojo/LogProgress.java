package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.vendor.workflow.ProgressListener;
import java.util.Objects;
import org.apache.maven.plugin.logging.Log;

/**
 * The goals' one way of showing a workflow's progress: phases, state changes and long waits at INFO, each poll at
 * DEBUG, warnings at WARN, dry-run steps as "Dry run step: ...".
 */
class LogProgress implements ProgressListener {
    private final Log log;

    LogProgress(Log log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void phase(String message) {
        log.info(message);
    }

    @Override
    public void stateChanged(StateChange change) {
        log.info(change.message());
    }

    @Override
    public void waiting(WaitProgress progress) {
        log.info(progress.message());
    }

    @Override
    public void poll(PollEvent poll) {
        if (log.isDebugEnabled()) {
            log.debug(poll.message());
        }
    }

    @Override
    public void warning(String message) {
        log.warn(message);
    }

    @Override
    public void planned(String message) {
        log.info("Dry run step: " + message);
    }
}
