package io.github.oneclick.vendor.workflow;

import java.util.ArrayList;
import java.util.List;

/** Keeps every event as a log line, prefixed with its kind. */
final class RecordingListener implements ProgressListener {
    final List<String> lines = new ArrayList<>();

    @Override
    public void phase(String message) {
        lines.add("PHASE " + message);
    }

    @Override
    public void stateChanged(StateChange change) {
        lines.add("STATE " + change.message());
    }

    @Override
    public void waiting(WaitProgress progress) {
        lines.add("WAIT " + progress.message());
    }

    @Override
    public void poll(PollEvent poll) {
        lines.add("POLL " + poll.message());
    }

    @Override
    public void warning(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public void imageFound(long dropletId, long actionId, io.github.oneclick.vendor.model.Image image) {
        lines.add("IMAGE " + image.id() + " of droplet " + dropletId + " by action " + actionId);
    }

    @Override
    public void planned(String message) {
        lines.add("PLAN " + message);
    }

    List<String> of(String kind) {
        return lines.stream()
                .filter(l -> l.startsWith(kind + " "))
                .map(l -> l.substring(kind.length() + 1))
                .toList();
    }
}
