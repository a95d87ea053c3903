package io.github.oneclick.vendor.workflow;

import java.util.List;

/**
 * What a snapshot run does (or, in a dry run, would do) to the resolved droplet. {@link #steps()} lists it as
 * readable lines.
 *
 * @param dropletId the droplet
 * @param dropletName its name
 * @param dropletStatus its status when the plan was made: {@code active}, {@code off}...
 * @param region its region slug, or {@code null} if the API gave none
 * @param busyActionId an action in progress on the droplet that must finish first, or {@code null}
 * @param shutdownNeeded whether the droplet must be shut down first
 * @param snapshotName the new snapshot's name
 * @param transferRegions regions the image will be copied to (the droplet's own region left out)
 * @param powerOnAfter whether the droplet is powered back on at the end
 * @param destroyDroplet whether the droplet is destroyed at the end
 * @param steps the plan as log lines
 */
public record SnapshotPlan(
        long dropletId,
        String dropletName,
        String dropletStatus,
        String region,
        Long busyActionId,
        boolean shutdownNeeded,
        String snapshotName,
        List<String> transferRegions,
        boolean powerOnAfter,
        boolean destroyDroplet,
        List<String> steps) {

    public SnapshotPlan {
        transferRegions = List.copyOf(transferRegions);
        steps = List.copyOf(steps);
    }
}
